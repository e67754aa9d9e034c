"""A Chinese page's boundary checks without importing jieba (auditor.read.zh): jieba's cut
patterns and HMM step written out, and a tokenizer that becomes jieba's only when one of
jieba's methods is called. Each is compared with jieba's own."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from auditor.read import zh
from tests.conftest import ROOT

jieba = pytest.importorskip("jieba")
finalseg = zh._import_jieba().finalseg


def test_the_patterns_and_tables_are_jiebas():
    assert (zh._JIEBA_HAN_DEFAULT, zh._JIEBA_SKIP_DEFAULT) == (jieba.re_han_default.pattern,
                                                               jieba.re_skip_default.pattern)
    assert zh._FINALSEG_HAN.pattern == finalseg.re_han.pattern
    assert zh._FINALSEG_SPLIT.pattern == finalseg.re_skip.pattern
    assert (zh._MIN_FLOAT, zh._PREV_STATUS) == (finalseg.MIN_FLOAT, finalseg.PrevStatus)
    from jieba.finalseg import prob_start, prob_trans

    assert zh._START_P == prob_start.P and zh._TRANS_P == prob_trans.P


# Han characters the HMM joins and splits, characters outside its table (Traditional, rare),
# ASCII runs (with decimals and percent signs) and other characters
_ALPHABET = (list("公司将军第一期最佳领先首个治愈临床前本新闻稿包含前瞻性陈述实际结果可能存在重大差异龙湖集团赴港上市")
             + list("鑫淼犇骉羴猋麤朤陳述臨床藥獲") + list("ab1Z9.%-_") + list("，。 \t\r\n·"))
RUNS = st.text(alphabet=st.sampled_from(_ALPHABET), min_size=0, max_size=40)


@settings(max_examples=500, deadline=None)
@given(RUNS, st.booleans())
def test_the_hmm_cut_is_finalsegs(run, forced):
    # the tables written out here, with the emission table jieba holds (the rows auditor read
    # from the cache, or jieba's own: tests/test_zh_startup.py compares the two)
    tables = zh._START_P, zh._TRANS_P, finalseg.emit_P
    split = set()
    if forced:  # words jieba must split (added with frequency 0)
        split = {p for p in finalseg.cut(run) if len(p) > 1}
    saved = finalseg.Force_Split_Words
    finalseg.Force_Split_Words = split
    try:
        expected = list(finalseg.cut(run))
    finally:
        finalseg.Force_Split_Words = saved
    real = zh._finalseg_tables
    try:
        zh._finalseg_tables = lambda: tables
        assert list(zh._finalseg_cut(run, split)) == expected
    finally:
        zh._finalseg_tables = real
    assert list(zh._finalseg_cut(run, split)) == expected  # on jieba's own tables


def test_a_new_tokenizer_becomes_jiebas_when_a_method_is_called():
    tok = zh._new_tokenizer(zh._groups())
    assert type(tok) is zh._Tokenizer
    freq = tok.FREQ
    text = "本新闻稿包含前瞻性陈述，实际结果可能存在重大差异。"
    zh._fill(tok, text)
    tokens = list(tok.tokenize(text))  # jieba's method: the tokenizer is now jieba's
    assert isinstance(tok, jieba.Tokenizer) and tok.FREQ is freq and tok.initialized
    assert tok.total == zh._groups().total
    plain = jieba.Tokenizer(dictionary=str(zh.DICTIONARY))
    plain.FREQ, plain.total = jieba.Tokenizer.gen_pfdict(open(zh.DICTIONARY, "rb"))
    plain.initialized = True
    assert tokens == list(plain.tokenize(text))
    with pytest.raises(AttributeError):
        zh._new_tokenizer(zh._groups()).__deepcopy__  # (protocol probes do not make one)


PROBE = """
import contextlib, io, json, sys
from auditor.cli import main
with contextlib.redirect_stdout(io.StringIO()):
    rc = main(sys.argv[1:])
print(json.dumps({"rc": rc, "modules": sorted(sys.modules)}))
"""

CHINESE = ("<html lang='zh-CN'><body><main><h1>新闻</h1><p>2026年7月1日，本公司宣布ABC-1234为在研药物，"
           "尚未在中国大陆获批准。本新闻稿包含前瞻性陈述，实际结果可能存在重大差异。鑫淼犇骉羴猋</p></main></body></html>")


def test_a_chinese_check_imports_no_jieba(tmp_path):
    page = tmp_path / "zh.html"
    page.write_text(CHINESE, encoding="utf-8")
    env = dict(os.environ, AUDITOR_CACHE_DIR=str(tmp_path / "cache"), AUDITOR_NO_CACHE="0")
    args = ["check", str(page), "--format", "json", "--audit-date", "2026-11-21"]
    runs = []
    for _ in range(2):  # the first run fills the cache (when the prebuilt entries are stale)
        done = subprocess.run([sys.executable, "-c", PROBE, *args], cwd=ROOT, env=env, capture_output=True,
                              text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        runs.append(json.loads(done.stdout.strip().splitlines()[-1]))
    modules = runs[-1]["modules"]
    assert [m for m in modules if m == "logging" or m.split(".")[0] == "jieba"] == []
    assert "auditor.read.zh" in modules
