"""auditor.support.recache: the regular expressions and dataclass methods prebuilt with the
package are the very objects Python would compile, and anything else compiles as before."""
from __future__ import annotations

import dataclasses
import marshal
import re

import pytest

from auditor.support import cache, recache

try:
    from re import _compiler
except ImportError:  # pragma: no cover - Python 3.10
    import sre_compile as _compiler


@pytest.fixture()
def table(tmp_path, monkeypatch):
    """A table recorded from a few patterns and a dataclass, installed from a prebuilt folder."""
    recache.uninstall()
    re.purge()  # re's own cache would answer without compiling
    with recache.record() as rec:
        re.compile("(?P<year>\\d{4})年(?P<month>\\d{1,2})月 recache-test", re.I)
        re.compile(b"[\\x80-\\xff]+ recache-test")
        re.compile("[\u4e00-\u9fff]+|[a-z]+ recache-test", re.M | re.S)

        @dataclasses.dataclass(frozen=True)
        class Point:
            x: int
            y: "int" = 0

    built = rec.table()
    assert len(built["re"]) >= 3 and built["dataclasses"]
    folder = tmp_path / "prebuilt"
    cache.write_prebuilt({recache.KIND: {recache.stamp(): built}}, folder)
    monkeypatch.setenv("AUDITOR_PREBUILT_DIR", str(folder))
    monkeypatch.setattr(cache, "_prebuilt", {})
    yield built
    recache.uninstall()


def test_stored_programs_are_what_re_compiles(table):
    for (pattern, flags), _ in table["re"].items():
        re.purge()
        plain = re.compile(pattern, flags)
        assert recache.install()
        re.purge()
        cached = re.compile(pattern, flags)
        recache.uninstall()
        assert cached == plain and cached.groupindex == plain.groupindex and cached.flags == plain.flags
        assert cached.pattern is pattern or cached.pattern == pattern


def test_installed_hook_is_used_and_other_patterns_compile(table, monkeypatch):
    assert recache.install() and recache.installed()
    calls = []
    original = recache._original
    monkeypatch.setattr(recache, "_original", lambda p, f=0: calls.append(p) or original(p, f))
    re.purge()
    m = re.compile("(?P<year>\\d{4})年(?P<month>\\d{1,2})月 recache-test", re.I).search("2026年7月 RECACHE-TEST")
    assert m and m.group("month") == "7" and calls == []
    re.purge()
    assert re.compile("[0-9]+ not recorded").match("12 not recorded")
    assert calls == ["[0-9]+ not recorded"]


def test_a_damaged_entry_compiles_the_usual_way(table):
    key = next(k for k in table["re"] if isinstance(k[0], str))
    damaged = dict(table["re"])
    flags, code, *rest = damaged[key]
    damaged[key] = (flags, code[:-8] + b"\xff" * 8, *rest)  # not a program _sre accepts
    recache.install()
    recache._table = damaged
    re.purge()
    pattern = re.compile(*key)
    recache.uninstall()
    re.purge()
    assert pattern == re.compile(*key)


def _point():
    @dataclasses.dataclass(frozen=True)
    class Point:
        x: int
        y: "int" = 0

    return Point


def test_dataclass_methods_come_from_the_table(table):
    for text, blob in table["dataclasses"].items():
        assert marshal.loads(blob) == compile(text, "<string>", "exec", dont_inherit=True)
    plain = _point()
    assert recache.install()
    assert dataclasses.exec is recache._exec  # type: ignore[attr-defined]
    found = []

    class Noting(dict):
        def get(self, key, default=None):
            value = super().get(key, default)
            found.append(value is not None)
            return value

    recache._code = Noting(table["dataclasses"])
    Point = _point()
    assert found and all(found)  # every method's code came from the table
    p = Point(1)
    assert (p.x, p.y, p == Point(1, 0), repr(p).endswith("Point(x=1, y=0)")) == (1, 0, True, True)
    with pytest.raises(dataclasses.FrozenInstanceError):
        p.x = 2  # type: ignore[misc]
    # the same methods as without the table (this file's `from __future__` does not leak in)
    for name in ("__init__", "__repr__", "__eq__", "__hash__", "__setattr__"):
        assert getattr(Point, name).__code__.co_code == getattr(plain, name).__code__.co_code, name
    assert Point.__init__.__annotations__ == plain.__init__.__annotations__
    recache.uninstall()
    assert "exec" not in vars(dataclasses)


def test_no_table_no_change(tmp_path, monkeypatch):
    recache.uninstall()
    monkeypatch.setenv("AUDITOR_PREBUILT_DIR", str(tmp_path))
    monkeypatch.setattr(cache, "_prebuilt", {})
    assert recache.install() is False and not recache.installed()
    assert _compiler.compile is not recache._compile


_RECORD_A_CHECK = r"""
import hashlib, re, sys
from auditor.support import recache
recache.uninstall()
with recache.record() as rec:
    from auditor.cli import main
    main(["check", sys.argv[1], "--format", "json", "--output", sys.argv[2], "--audit-date", "2026-03-01"])
import tokenize
for pattern, flags in sorted(rec.seen, key=repr):
    # (not ours: the standard tokenizer joins its string prefixes from a set, so its pattern
    # differs with the seed; a cold run meets it through jsonschema's import, via attrs)
    if isinstance(pattern, str) and tokenize.StringPrefix in pattern:
        continue
    print(hashlib.sha1(repr((pattern, flags)).encode()).hexdigest())
"""


def test_a_check_compiles_the_same_patterns_whatever_the_hash_seed(tmp_path):
    """The prebuilt table is keyed by pattern text: a pattern built from a set in hash order
    would differ from process to process and never be found (nor be deterministic)."""
    import subprocess
    import sys
    from pathlib import Path

    page = Path(__file__).resolve().parents[1] / "corpora" / "pages"  # every format and script

    def patterns(seed: str, cache: Path) -> str:
        env = {**__import__("os").environ, "PYTHONHASHSEED": seed, "AUDITOR_CACHE_DIR": str(cache)}
        out = subprocess.run([sys.executable, "-c", _RECORD_A_CHECK, str(page), str(tmp_path / "out.json")],
                             env=env, capture_output=True, text=True, check=True)
        return out.stdout

    # A run with an empty per-user cache builds (and compiles) what a run after it reads from
    # that cache, so each seed gets a cache of its own: one shared cache made the first run
    # differ from the later ones whatever the seeds.
    cold = [patterns(seed, tmp_path / f"cache{seed}") for seed in ("1", "2", "3")]
    assert cold[0] and cold[0] == cold[1] == cold[2]
    # and with a cache a run before filled, as most runs start
    warm = [patterns(seed, tmp_path / "cache1") for seed in ("1", "2", "3")]
    assert warm[0] and warm[0] == warm[1] == warm[2]
