"""Derive the bundled rulesets, profiles, lexicons and tables once, for the package.

``setup.py`` runs :func:`build` when the package is built (``pip install .``, ``pip
install -e .``, a wheel): the results go to ``auditor/support/data/prebuilt/`` and are
shipped as package data, as the compiled message catalogs are. The first ``auditor``
run after an install then finds them there (:func:`auditor.support.cache.prebuilt`)
instead of parsing ~70 YAML files, validating them against JSON Schema and building the
character and prefix tables: what every fresh CI runner used to pay on its first page.

The entries are found by the same content digests as the per-user cache, so a checkout
whose rule files or loading code changed after the build misses them and derives (and
caches) its own; nothing stale is ever used. Run by hand after such a change, if wanted:

    python -m auditor.commands.prebuild [FOLDER]
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

from auditor.read import normalize, zh
from auditor.recognize import dates
from auditor.recognize.profile import bundled_profile_names, load_profile
from auditor.rules import messages
from auditor.rules.loader import load_ruleset
from auditor.support import cache
from auditor.support.resources import bundled_rulesets_dir

__all__ = ["build", "prefix_dict"]


def prefix_dict(lines) -> tuple[dict[str, int], int]:
    """jieba's prefix dictionary (``Tokenizer.gen_pfdict``) for dictionary ``lines``
    (bytes): every word with its frequency, every prefix of a word with 0 unless it is a
    word itself. The same as jieba 0.42 computes (tests/test_prebuilt.py compares them);
    written here so that building the package does not need jieba."""
    freq: dict[str, int] = {}
    total = 0
    for lineno, line in enumerate(lines, 1):
        text = line.strip().decode("utf-8")
        try:
            word, count = text.split(" ")[:2]
            count = int(count)
        except ValueError:
            raise ValueError(f"invalid dictionary entry at line {lineno}: {text}") from None
        freq[word] = count
        total += count
        for i in range(len(word)):
            freq.setdefault(word[: i + 1], 0)
    return freq, total


def _bundled_rulesets() -> list[Path]:
    root = bundled_rulesets_dir()
    return sorted(p for p in root.iterdir() if (p / "rules").is_dir() or (p / "lexicons").is_dir())


def build(folder: Path | None = None) -> list[Path]:
    """Derive every prebuilt entry and write them into ``folder`` (default: the
    package's own ``auditor/support/data/prebuilt``); the files written."""
    folder = Path(folder) if folder is not None else cache.PREBUILT_DIR
    cache.start_recording()
    try:
        for path in _bundled_rulesets():
            load_ruleset(path)
        for name in bundled_profile_names():
            load_profile(name)
        normalize.normalize("x\u00e9")  # the character tables (built when first needed)
        try:  # English dates and numbers: Babel is a build requirement, but build without it
            messages._english()
            dates._month_table()
        except ImportError:
            sys.stderr.write("auditor prebuild: Babel is not installed; the English date tables are not prebuilt\n")
    finally:
        entries = cache.stop_recording()
    written = cache.write_prebuilt(entries, folder)

    with open(zh.DICTIONARY, "rb") as fh:
        freq, total = prefix_dict(fh)
    target = folder / zh.PREBUILT_NAME
    if not zh._write_cache(target, zh.dictionary_stamp(zh.DICTIONARY), freq, total):
        raise OSError(f"cannot write {target}")
    os.chmod(target, 0o644)  # package data: readable by every user of an installed copy
    written.append(target)
    return written


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) > 1 or (argv and argv[0].startswith("-")):
        sys.stderr.write("usage: python -m auditor.commands.prebuild [FOLDER]\n")
        return 2
    for path in build(Path(argv[0]) if argv else None):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
