"""What makes a Chinese page start fast gives the same tokens as before: tokenizers whose
prefix dictionary is filled one first character at a time (auditor.read.zh._fill) cut
exactly as jieba with the whole dictionary does, with and without added words; the
script and Traditional->Simplified tables come from the cache unchanged."""
from __future__ import annotations

import re

import pytest

from auditor.read import lang, zh
from tests.conftest import CORPUS, REALPAGES

jieba = pytest.importorskip("jieba")

SAMPLE = ("（2026年7月1日，上海）样例制药今日宣布，其在研药物SPX-101用于治疗重度哮喘的III期临床研究达到主要终点，"
          "52周内严重急性加重的年化发生率较安慰剂降低48%。本新闻稿包含前瞻性陈述，涉及风险和不确定性。"
          "互联网药品信息服务资格证书编号：（京）-非经营性-2020-0001\r\n樣例製藥宣佈在研藥物達到主要終點 AstraZeneca 3.5% ok")


def _full_tokenizer(words=()):
    """jieba with the whole prefix dictionary built by jieba itself, plus ``words``."""
    tok = jieba.Tokenizer(dictionary=str(zh.DICTIONARY))
    with open(zh.DICTIONARY, "rb") as fh:
        tok.FREQ, tok.total = jieba.Tokenizer.gen_pfdict(fh)
    tok.initialized = True
    for w in words:
        tok.add_word(w)
    return tok


def _texts(limit=12):
    # the corpus's Simplified Chinese pages always (written here, UTF-8), the real pages when present
    texts = [SAMPLE]
    pages = sorted((CORPUS / "pages").glob("*-zh*"))
    pages += sorted((REALPAGES / "zh-news").rglob("*.html"))[:limit] if (REALPAGES / "zh-news").is_dir() else []
    for page in pages:
        raw = page.read_bytes().decode("utf-8", "replace")
        text = re.sub(r"<[^>]*>", "\n", raw)  # enough text for tokens: tags out
        texts.append(text[:20_000])
    return texts


def test_groups_hold_the_whole_prefix_dictionary():
    with open(zh.DICTIONARY, "rb") as fh:
        freq, total = jieba.Tokenizer.gen_pfdict(fh)
    groups = zh._PrefixGroups.of(freq, total)
    assert dict(groups.items()) == freq and groups.total == total
    again = zh._PrefixGroups.loads(groups.dumps("s"), "s")
    assert dict(again.items()) == freq
    assert zh._PrefixGroups.loads(groups.dumps("s"), "other stamp") is None


def test_tokens_equal_jieba_with_the_whole_dictionary():
    full = _full_tokenizer(zh._words)
    for text in _texts():
        assert zh.tokens(text) == list(full.tokenize(text))


def test_a_word_set_cuts_as_jieba_with_those_words():
    words = zh.word_set(["前瞻性陈述", "临床研究", "主要终点", "不确定性", "互联网药品信息服务资格证书", "宣佈在研",
                         "降低48", "AstraZeneca3"])
    full = _full_tokenizer(words)
    scoped = zh._scoped_tokenizer(words)
    for text in _texts(6):
        for start in range(0, len(text), 97):
            window = text[start:start + 64]
            zh._fill(scoped, window)
            assert list(scoped.tokenize(window)) == list(full.tokenize(window)), window
    assert scoped.total == full.total


def test_script_sources_equal_hanzidentifier():
    from hanzidentifier import helpers

    hans = helpers.SIMPLIFIED_CHARACTERS - helpers.TRADITIONAL_CHARACTERS
    hant = helpers.TRADITIONAL_CHARACTERS - helpers.SIMPLIFIED_CHARACTERS
    assert lang._script_sources() == (lang._runs_of(hans), lang._runs_of(hant))


def test_t2s_table_equals_opencc():
    from importlib import resources

    data = resources.files("opencc").joinpath("dictionary/TSCharacters.txt").read_text("utf-8")
    table = {}
    for line in data.splitlines():
        parts = line.split("\t")
        if len(parts) == 2 and len(parts[0]) == 1 and len(parts[1].split()[0]) == 1:
            table[ord(parts[0])] = parts[1].split()[0]
    assert zh._t2s_table() == table and len(table) > 2000


def test_a_cached_word_set_gives_the_same_tokenizer(tmp_path, monkeypatch):
    monkeypatch.setenv("AUDITOR_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("AUDITOR_PREBUILT_DIR", str(tmp_path))  # none prebuilt: derived, then cached
    monkeypatch.setattr(zh._data, "_cache_dir", None)
    words = zh.word_set(["前瞻性陈述", "临床研究", "主要终点", "宣佈在研", "降低48", "AstraZeneca3", "研究", "前瞻"])
    zh._get_tokenizer()
    replayed = zh._new_tokenizer(zh._base)
    for w in words:
        zh._add_word(replayed, w)
    derived, cached = zh._new_tokenizer(zh._base), zh._new_tokenizer(zh._base)
    zh._add_word_set(derived, words)  # works it out and stores it
    assert list((tmp_path / "cache").glob("zhwords-*"))
    zh._add_word_set(cached, words)  # from the cache
    for tok in (replayed, derived, cached):
        zh._fill(tok, SAMPLE + "".join(words))
    assert replayed.FREQ == derived.FREQ == cached.FREQ
    assert replayed.total == derived.total == cached.total
    full = _full_tokenizer(words)
    for text in _texts(4):
        for start in range(0, len(text), 89):
            window = text[start:start + 64]
            zh._fill(cached, window)
            assert list(cached.tokenize(window)) == list(full.tokenize(window)), window


def _jiebas_emission_table():
    """jieba.finalseg.prob_emit's table as jieba's own module holds it (loaded from its file
    under another name: the process's jieba may hold the rows read from the cache)."""
    import importlib.util
    from pathlib import Path

    path = Path(jieba.__file__).parent / "finalseg" / "prob_emit.py"
    spec = importlib.util.spec_from_file_location("_jieba_prob_emit_as_shipped", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.P


def test_the_emission_rows_are_jiebas_table(tmp_path, monkeypatch):
    monkeypatch.setenv("AUDITOR_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("AUDITOR_PREBUILT_DIR", str(tmp_path))  # none prebuilt: derived, then cached
    monkeypatch.setattr(zh._data, "_cache_dir", None)
    table = _jiebas_emission_table()
    key = zh._emission_key()
    assert key is not None
    assert zh._emission_module() == (None, key)  # nothing stored yet
    zh._store_emission(key, table)
    module, _ = zh._emission_module()
    assert set(module.P) == set(table) == set("BEMS")
    for state, row in table.items():
        ours = module.P[state]
        assert ours == row and len(ours) == len(row) and list(ours) == sorted(row)
        for ch, value in row.items():
            assert ours.get(ch, -1.0) == value and ours[ch] == value
            assert ours.get(ch, -1.0) == value  # (asked again: remembered)
        for absent in ("a", "\u4e00\u4e01", "", "\U0002a6d6", "\uffff"):
            if absent not in row:
                assert ours.get(absent, -3.14e100) == -3.14e100 and ours.get(absent) is None
                with pytest.raises(KeyError):
                    ours[absent]


def test_jieba_imported_by_auditor_cuts_as_plain_jieba(tmp_path):
    # a new process: jieba imported with the emission rows from the cache (stored by the
    # process before, none prebuilt), against jieba's own tokenizer with its own table
    # (imported first, plainly) on the same texts
    import json
    import os
    import subprocess
    import sys

    probe = (
        "import json, sys\nfrom auditor.read import zh\njieba = zh._import_jieba()\n"
        "import tests.test_zh_startup as t  # (imports jieba: after auditor did)\n"
        "if sys.argv[1] == 'plain': assert type(jieba.finalseg.emit_P['B']) is dict\n"
        "else: assert isinstance(jieba.finalseg.emit_P['B'], zh._EmissionRow)\n"
        "tok = t._full_tokenizer(zh.word_set(['前瞻性陈述', '临床研究']))\n"
        "print(json.dumps([list(tok.tokenize(text)) for text in t._texts(6)], ensure_ascii=False))\n"
    )
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [root, os.environ.get("PYTHONPATH")])),
               AUDITOR_CACHE_DIR=str(tmp_path / "cache"), AUDITOR_PREBUILT_DIR=str(tmp_path), AUDITOR_NO_CACHE="0")
    runs = {}
    for how, code in (("store", "from auditor.read import zh\nzh._import_jieba()\nprint('[]')"),
                      ("plain", "import jieba\n" + probe), ("rows", probe)):
        done = subprocess.run([sys.executable, "-c", code, how], capture_output=True, text=True, timeout=300,
                              env=env, cwd=root)
        assert done.returncode == 0, done.stderr
        runs[how] = json.loads(done.stdout)
    assert list((tmp_path / "cache").glob("hmm-*"))
    assert runs["plain"] == runs["rows"] and sum(map(len, runs["rows"])) > 1000


def test_the_t2s_and_script_tables_are_read_back_from_the_per_user_cache(tmp_path, monkeypatch):
    # without prebuilt entries (a changed checkout), the first run stores each table and
    # the next one reads it, under the slot it was stored under, instead of deriving it again
    monkeypatch.setenv("AUDITOR_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("AUDITOR_PREBUILT_DIR", str(tmp_path))
    monkeypatch.setattr(zh._data, "_cache_dir", None)
    derived = (zh._t2s_table.__wrapped__(), lang._script_sources())
    assert len(list((tmp_path / "cache").glob("*.marshal"))) == 2

    def refuse(*args, **kwargs):
        raise AssertionError("derived again")

    monkeypatch.setattr(zh._cache, "store", refuse)
    assert (zh._t2s_table.__wrapped__(), lang._script_sources()) == derived
