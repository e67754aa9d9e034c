"""The build step that compiles message catalogs leaves tracked files alone when they are current."""
from __future__ import annotations

import runpy
import shutil
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parents[1]


def _compile_catalogs():
    with mock.patch("setuptools.setup"):
        return runpy.run_path(str(ROOT / "setup.py"))["compile_catalogs"]


def test_current_catalogs_are_not_rewritten(tmp_path):
    locales = tmp_path / "locales"
    shutil.copytree(ROOT / "auditor" / "locales", locales)
    before = {p: p.read_bytes() for p in locales.rglob("*.mo")}
    mtimes = {p: p.stat().st_mtime_ns for p in before}
    assert before
    _compile_catalogs()(locales)
    assert {p: p.read_bytes() for p in before} == before
    assert {p: p.stat().st_mtime_ns for p in before} == mtimes


def test_a_changed_translation_is_compiled(tmp_path):
    locales = tmp_path / "locales"
    shutil.copytree(ROOT / "auditor" / "locales", locales)
    po = locales / "zh_Hans" / "LC_MESSAGES" / "auditor.po"
    mo = po.with_suffix(".mo")
    old = mo.read_bytes()
    text = po.read_text(encoding="utf-8")
    first = text.index('msgstr "', text.index('msgid "', text.index('msgid ""') + 9))
    po.write_text(text[:first] + 'msgstr "改过的译文"' + text[text.index("\n", first):], encoding="utf-8")
    _compile_catalogs()(locales)
    assert mo.read_bytes() != old and "改过的译文".encode() in mo.read_bytes()
