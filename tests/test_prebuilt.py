"""The entries prebuilt with the package (auditor.commands.prebuild, auditor.support.cache):
a first run with an empty per-user cache uses them and builds nothing, gives the same output
as a run without any cache, and a changed rule file misses them (derived afresh, never stale)."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from tests.conftest import CORPUS, ROOT

ZH_PAGE = ("<html lang='zh-CN'><body><main><h1>公司新闻</h1><p>ABC-1234为在研药物，尚未在中国大陆获批准。"
           "本品是第一个最佳疗效的药物。前瞻性陈述存在风险和不确定性。</p></main></body></html>")


@pytest.fixture(scope="module")
def prebuilt(tmp_path_factory):
    folder = tmp_path_factory.mktemp("prebuilt")
    done = subprocess.run([sys.executable, "-m", "auditor.commands.prebuild", str(folder)], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return folder


def _check(page, cache, prebuilt_dir, *extra, no_cache="0"):
    # PYTHONPATH: this checkout's code, as the prebuild ran (the working folder is the page's)
    env = dict(os.environ, AUDITOR_CACHE_DIR=str(cache), AUDITOR_NO_CACHE=no_cache,
               AUDITOR_PREBUILT_DIR=str(prebuilt_dir),
               PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
    done = subprocess.run([sys.executable, "-m", "auditor", "check", str(page), "--format", "json",
                           "--audit-date", "2026-11-21", *extra], cwd=page.parent, env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode in (0, 1), done.stderr
    written = sorted(p.name for p in cache.iterdir()) if cache.exists() else []
    return done.stdout, written


def test_the_prebuild_writes_every_kind(prebuilt):
    names = sorted(p.name for p in prebuilt.iterdir())
    assert names == ["babel-en.marshal", "compiled.marshal", "hmm.marshal", "lexicons.marshal", "months.marshal",
                     "normalize.marshal", "profile.marshal", "rules.marshal", "scripts.marshal", "t2s.marshal",
                     "zh_dict.cache", "zhwords.marshal"]
    for p in prebuilt.iterdir():
        assert p.stat().st_mode & 0o044 == 0o044, f"{p.name} is not readable by all users"


@pytest.mark.parametrize("name", ["en", "zh"])
def test_a_first_run_builds_nothing_and_agrees_with_no_cache(prebuilt, tmp_path, name):
    page = tmp_path / f"{name}.html"
    if name == "en":
        page.write_bytes((CORPUS / "pages" / "au-02-arm7720-copd-no-disclaimer.html").read_bytes())
    else:
        page.write_text(ZH_PAGE, encoding="utf-8")
    out, written = _check(page, tmp_path / "cache", prebuilt)
    assert written == []
    plain, _ = _check(page, tmp_path / "nocache", prebuilt, no_cache="1")
    assert out == plain
    # and without the prebuilt entries (an empty folder), the per-user cache is built as before
    empty = tmp_path / "empty"
    empty.mkdir()
    again, written = _check(page, tmp_path / "cache2", empty)
    assert again == plain
    assert any(n.startswith("rules-") for n in written) and any(n.startswith("normalize-") for n in written)


def test_a_changed_rule_file_is_derived_afresh(prebuilt, tmp_path):
    ruleset = tmp_path / "edited"
    shutil.copytree(ROOT / "auditor" / "bundled_rulesets" / "cn-pharma", ruleset)
    rule = ruleset / "rules" / "absolute-terms.yaml"
    rule.write_text(rule.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    page = tmp_path / "en.html"
    page.write_bytes((CORPUS / "pages" / "au-02-arm7720-copd-no-disclaimer.html").read_bytes())
    _, written = _check(page, tmp_path / "cache", prebuilt, "--ruleset", str(ruleset))
    # the one edited file; its 31 unchanged neighbours and the lexicons come prebuilt
    assert [n for n in written if n.startswith(("rules-", "lexicons-", "profile-"))] == [
        n for n in written if n.startswith("rules-")] and len(written) == 1, written


def test_prefix_dictionary_is_jiebas():
    jieba = pytest.importorskip("jieba")
    from auditor.commands.prebuild import prefix_dict
    from auditor.read import zh

    with open(zh.DICTIONARY, "rb") as fh:
        ours = prefix_dict(fh)
    with open(zh.DICTIONARY, "rb") as fh:
        theirs = jieba.Tokenizer.gen_pfdict(fh)
    assert ours[1] == theirs[1]
    assert ours[0] == theirs[0]
    assert list(ours[0]) == list(theirs[0])  # the same order: the cache file keeps it


def test_damaged_prebuilt_files_are_ignored(prebuilt, tmp_path):
    """A truncated or foreign file where the prebuilt entries should be: the run builds its
    own (into the per-user cache) and its output is unchanged."""
    damaged = tmp_path / "damaged"
    damaged.mkdir()
    for p in prebuilt.iterdir():
        blob = p.read_bytes()
        (damaged / p.name).write_bytes(blob[: len(blob) // 2] if p.name.startswith("r") else b"\x00not marshal")
    page = tmp_path / "zh.html"
    page.write_text(ZH_PAGE, encoding="utf-8")
    out, written = _check(page, tmp_path / "cache", damaged)
    plain, _ = _check(page, tmp_path / "nocache", prebuilt, no_cache="1")
    assert out == plain
    assert any(n.startswith("rules-") for n in written) and any(n.startswith("zh_dict-") for n in written)
