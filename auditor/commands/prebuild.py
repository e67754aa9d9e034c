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

import marshal
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from auditor.read import lang, normalize, zh
from auditor.recognize import dates
from auditor.recognize.profile import bundled_profile_names, load_profile
from auditor.rules import messages
from auditor.rules.loader import load_ruleset
from auditor.support import cache, recache
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
        word_sets: dict[tuple, None] = {}
        for path in _bundled_rulesets():
            for lexicon in load_ruleset(path).lexicons.values():
                if lexicon.boundary_words:
                    word_sets[lexicon.boundary_words] = None
        for name in bundled_profile_names():
            load_profile(name)
        normalize.normalize("x\u00e9")  # the character tables (built when first needed)
        try:  # Simplified-only and Traditional-only characters (build requirements, as below)
            lang.script_counts("\u6f22\u5b57")
        except ImportError:
            sys.stderr.write("auditor prebuild: hanzidentifier is not installed; the script tables are not prebuilt\n")
        try:  # the bundled lexicons' words added to jieba's dictionary (a build requirement)
            for words in word_sets:
                zh._scoped_tokenizer(words)
        except ImportError:
            sys.stderr.write("auditor prebuild: jieba is not installed; the lexicons' word sets are not prebuilt\n")
        if not zh._t2s_table():  # Traditional -> Simplified for jieba's windows
            sys.stderr.write("auditor prebuild: opencc's tables were not found; the T2S table is not prebuilt\n")
        try:  # English dates and numbers: Babel is a build requirement, but build without it
            messages._english()
            dates._month_table()
        except ImportError:
            sys.stderr.write("auditor prebuild: Babel is not installed; the English date tables are not prebuilt\n")
    finally:
        entries = cache.stop_recording()
    table = compiled_table()
    if table:
        entries[recache.KIND] = {recache.stamp(): table}
    written = cache.write_prebuilt(entries, folder)

    with open(zh.DICTIONARY, "rb") as fh:
        freq, total = prefix_dict(fh)
    target = folder / zh.PREBUILT_NAME
    if not zh._write_cache(target, zh.dictionary_stamp(zh.DICTIONARY), freq, total):
        raise OSError(f"cannot write {target}")
    os.chmod(target, 0o644)  # package data: readable by every user of an installed copy
    written.append(target)
    return written


# Run in a new process, so that every pattern a check compiles is compiled (and noted)
# there, none of them earlier by this one; argv: the work folder, the output file.
_RECORD = """
import marshal, sys
from auditor.support import recache
with recache.record() as rec:
    from auditor.commands._samples import exercise
    exercise(sys.argv[1])
with open(sys.argv[2], "wb") as fh:
    fh.write(marshal.dumps(rec.table()))
"""
_WARM = "import sys\nfrom auditor.commands._samples import exercise\nexercise(sys.argv[1])\n"


def compiled_table() -> dict:
    """The regular expressions and dataclass methods a check of the sample pages
    compiles, as :mod:`auditor.support.recache` stores them; empty when they cannot be derived here
    (a build environment without the runtime dependencies, for instance: then every run
    compiles its own, as before)."""
    root = Path(__file__).resolve().parents[2]
    with tempfile.TemporaryDirectory(prefix="auditor-prebuild-") as tmp:
        tmp = Path(tmp)
        (tmp / "none").mkdir()
        env = dict(os.environ, AUDITOR_CACHE_DIR=str(tmp / "cache"), AUDITOR_PREBUILT_DIR=str(tmp / "none"),
                   AUDITOR_NO_CACHE="0", PYTHONPATH=os.pathsep.join(filter(None, [str(root), os.environ.get("PYTHONPATH")])))
        env.pop("AUDITOR_DEBUG", None)
        out = tmp / "compiled.marshal"
        # first fill a per-user cache (as a user's first run does), then note what a run
        # that finds its rulesets there compiles
        for code, args in ((_WARM, [str(tmp / "pages")]), (_RECORD, [str(tmp / "pages"), str(out)])):
            done = subprocess.run([sys.executable, "-c", code, *args], env=env, cwd=tmp, capture_output=True,
                                  text=True, timeout=600)
            if done.returncode != 0:
                sys.stderr.write("auditor prebuild: the regular expressions and dataclasses were not prebuilt: "
                                 + (done.stderr.strip().splitlines() or ["?"])[-1] + "\n")
                return {}
        with open(out, "rb") as fh:
            table = marshal.loads(fh.read())
    return table if isinstance(table, dict) else {}


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
