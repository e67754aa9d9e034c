"""Chinese word segmentation: a lazy, process-wide jieba tokenizer.

jieba is imported on first use, not when this module is imported, and is
initialized from ``auditor/support/data/zh_dict.txt`` (the ~60,000 most frequent words
of jieba's dictionary plus every single character; see
``scripts/build_zh_dict.py``) instead of jieba's 349,000-word default.

Start-up cost is kept low three ways:

* jieba's ``_compat`` imports ``pkg_resources`` (0.15-0.25 s) only to open its
  own bundled files, which we never use; ``_import_jieba`` hides
  ``pkg_resources`` during that import so jieba falls back to ``open()``.
* jieba's prefix dictionary is built once (prebuilt with the package, else cached in
  :func:`auditor.support.data.cache_dir`), grouped by first character, and a tokenizer's
  ``FREQ`` holds only the groups of the characters it has met (:func:`_fill`): jieba
  looks up only substrings of the text it cuts, each in its first character's group,
  so it finds what the full dictionary holds, without the ~30 ms of building a
  77,000-entry dict in every process.
* the dictionary itself is small.

Lexicon terms stay whole through a *word set*: the short terms of one
ruleset's lexicons (:func:`word_set`), passed to :func:`on_token_boundaries`,
which then tokenizes with the dictionary plus exactly those words (one jieba
tokenizer per word set, built on first use). The lexicons of two rulesets
loaded together therefore never change each other's word boundaries.
:func:`add_words` adds words to the process-wide tokenizer used by
:func:`tokens` and by boundary checks without a word set. Matching of lexicon
terms tokenizes only a small window around a candidate match.

This module relies on jieba 0.42 internals (``Tokenizer.FREQ``, ``total``,
``initialized``, ``gen_pfdict``); pyproject pins ``jieba<0.43``.
"""
from __future__ import annotations

import marshal
import re
import sys
import threading
from array import array
from bisect import bisect_left
from collections.abc import Mapping
from functools import lru_cache
from math import log
from pathlib import Path
from typing import Any, Iterable

from auditor.support import cache as _cache
from auditor.support import data as _data
from auditor.support.chars import JIEBA_HAN_FIRST, JIEBA_HAN_LAST

__all__ = ["tokens", "add_words", "word_set", "on_token_boundaries", "is_loaded", "DICTIONARY"]

DICTIONARY: Path = _data.path("zh_dict.txt")

# jieba cuts its input into blocks of these characters (re_han_default) and
# segments each block on its own; any other character is a token by itself.
# A window that ends at such a character segments exactly like the full text.
# (jieba's pattern: [\u4E00-\u9FD5a-zA-Z0-9+#&._%\-]; tested by _is_block_char, which
# does not compile a character class of 20,000 code points at start-up)
_ASCII_BLOCK_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+#&._%-")
# How far to look for a natural block edge on each side of a span; past this
# the window is cut (the words at a cut edge may differ, 32 characters away).
WINDOW = 32

_CACHE_MAGIC = "auditor-zh-prefix-groups"
_CACHE_VERSION = 3  # 3: keys as UTF-16 bytes, arrays with their type codes

_lock = threading.RLock()
_tokenizer: Any = None
_words: dict[str, None] = {}  # insertion-ordered set of added words
# Whether a word made only of ASCII characters was added: jieba could then join ASCII
# characters into a dictionary word, and ASCII windows must go through jieba itself.
_ascii_words = False
# The dictionary's prefix table (a _PrefixGroups), and one tokenizer per word set.
_base: Any = None
_scoped: dict[tuple, Any] = {}


def is_loaded() -> bool:
    """True once jieba has been imported and the dictionary loaded by this module."""
    return _base is not None


def add_words(words: Iterable[str]) -> None:
    """Add lexicon terms to the dictionary so that each stays one token.

    May be called before or after the first tokenization; calling it again
    with the same words changes nothing.  Words are applied in the order
    first given, so results are deterministic.  Single characters and
    strings with white space are ignored (they are never one jieba token
    anyway).
    """
    global _ascii_words
    if isinstance(words, str):
        words = [words]
    with _lock:
        new = []
        for word in words:
            word = word.strip()
            if len(word) < 2 or word in _words or any(ch.isspace() for ch in word):
                continue
            _words[word] = None
            new.append(word)
            if word.isascii():
                _ascii_words = True
        if new and _tokenizer is not None:
            for word in new:
                _add_word(_tokenizer, word)
            _window_cut.cache_clear()


class WordSet(tuple):
    """A tuple of words that hashes once: it keys the boundary caches on every check,
    and a tuple of a few hundred words costs microseconds to hash each time."""

    def __hash__(self) -> int:
        h = self.__dict__.get("_hash")
        if h is None:
            h = self.__dict__["_hash"] = tuple.__hash__(self)
        return h

    def __reduce__(self):  # string hashes differ between processes: never pickle one
        return (WordSet, (tuple(self),))


def word_set(words: Iterable[str]) -> tuple[str, ...]:
    """A word set for :func:`on_token_boundaries`: the usable words (two characters or
    more, no white space) once each, in the order given (lexicon files are read in name
    order, so the set and the tokenizer built from it are the same on every run)."""
    out: dict[str, None] = {}
    for word in words:
        word = word.strip()
        if len(word) >= 2 and not any(ch.isspace() for ch in word):
            out.setdefault(word, None)
    return WordSet(out)


def tokens(text: str) -> list[tuple[str, int, int]]:
    """jieba tokens of ``text`` as ``(word, start, end)`` (HMM on)."""
    if not text:
        return []
    tok = _get_tokenizer()
    _fill(tok, text)
    return list(tok.tokenize(text))


def on_token_boundaries(text: str, start: int, end: int, words: tuple[str, ...] | None = None) -> bool:
    """True when ``text[start:end]`` starts and ends on jieba token boundaries.

    With ``words`` (a :func:`word_set`, possibly empty), the tokens are those of the
    dictionary plus exactly these words; with None, those of the process-wide tokenizer
    (:func:`add_words`).

    Only a window around the span is tokenized: it extends to the nearest
    character jieba never joins to a word (punctuation, space ...) or at most
    ``WINDOW`` characters on each side.  An empty span is never on
    boundaries.
    """
    n = len(text)
    if not (0 <= start < end <= n):
        if 0 <= start <= end <= n:
            return False
        raise ValueError(f"span ({start}, {end}) is outside a text of length {n}")
    # A span with no block character on either side is its own window, whose first and last
    # offsets are token boundaries whatever jieba does inside it (an English term between
    # spaces, the common case on English pages).
    if (start == 0 or not _is_block_char(text[start - 1])) and (end == n or not _is_block_char(text[end])):
        return True
    floor = max(0, start - WINDOW)
    ceil = min(n, end + WINDOW)
    # the runs of block characters before and after the span, within the window
    run = _block_run()
    lo = start - run(text[floor:start][::-1]).end()
    hi = run(text, end, ceil).end()
    window = text[lo:hi]
    ascii_words = _ascii_words if words is None else _has_ascii_word(words)
    if not ascii_words and (window.isascii() or max(window) < _CJK_START):
        # English words in a lexicon that also has Chinese terms: jieba's tokens of
        # text without CJK characters follow from two regular expressions (see
        # _ascii_bounds), so English pages never load jieba.
        bounds = _ascii_bounds(window)
        return (start - lo) in bounds and (end - lo) in bounds
    # jieba's dictionary is Simplified: tokenize Traditional text through a
    # one-to-one character mapping (same length, so offsets stay valid).
    cut = _window_cut(window.translate(_t2s_table()), words)
    return cut.is_boundary(start - lo) and cut.is_boundary(end - lo)


# Below this code point there are no Han characters (jieba's are U+4E00-U+9FD5) and no
# Traditional characters of the T2S table (test_perf_equivalence checks both).
_CJK_START = "\u2e80"
def _is_block_char(ch: str) -> bool:
    """Is ``ch`` one of the characters jieba segments in blocks (its ``re_han_default``)?"""
    return ch in _ASCII_BLOCK_CHARS or JIEBA_HAN_FIRST <= ch <= JIEBA_HAN_LAST


_BLOCK_RUN: Any = None


def _block_run():
    """``match`` of a run of :func:`_is_block_char` characters (compiled on first use)."""
    global _BLOCK_RUN
    if _BLOCK_RUN is None:
        _BLOCK_RUN = re.compile("[a-zA-Z0-9+#&._%\\-" + JIEBA_HAN_FIRST + "-" + JIEBA_HAN_LAST + "]*").match
    return _BLOCK_RUN


# jieba's re_han_default restricted to ASCII (a "block" that jieba segments), and the
# pattern its HMM step (finalseg) splits non-Han text with.
_ASCII_JIEBA_BLOCK = re.compile(r"[a-zA-Z0-9+#&._%\-]+")
_FINALSEG_SKIP = re.compile(r"[a-zA-Z0-9]+(?:\.\d+)?%?")


@lru_cache(maxsize=4096)
def _ascii_bounds(window: str) -> frozenset[int]:
    r"""The token boundaries jieba (HMM on) gives a ``window`` without CJK characters.

    Exact as long as no dictionary word is made of ASCII characters only (the bundled
    dictionary has Han words only; ``add_words`` notes any ASCII word): jieba's blocks
    are then ASCII, its DAG offers only single characters in a block, so the whole block goes to
    ``finalseg.cut``, which yields the ``[a-zA-Z0-9]+(?:\.\d+)?%?`` runs and the pieces
    between them. Outside blocks every character is a token, except that ``\r\n``
    is one.
    """
    n = len(window)
    found = set(range(n + 1))
    for m in _ASCII_JIEBA_BLOCK.finditer(window):
        a, b = m.span()
        keep = {a, b}
        for t in _FINALSEG_SKIP.finditer(window, a, b):
            keep.add(t.start())
            keep.add(t.end())
        found.difference_update(i for i in range(a + 1, b) if i not in keep)
    if "\r\n" in window:
        i = window.find("\r\n")
        while i != -1:
            found.discard(i + 1)
            i = window.find("\r\n", i + 1)
    return frozenset(found)


@lru_cache(maxsize=1)
def _t2s_table() -> dict[int, str]:
    """Traditional -> Simplified for single characters (OpenCC's TSCharacters, first choice).

    Kept in the cache (and prebuilt with the package), keyed by the file's contents:
    finding and reading it through importlib.resources costs ~15 ms of a Chinese page's
    start-up, and every CJK window needs the table."""
    from importlib.util import find_spec  # (site has loaded it: no start-up cost)

    spec = find_spec("opencc")  # found, not imported
    folders = list(spec.submodule_search_locations or []) if spec is not None else []
    source = Path(folders[0]) / "dictionary" / "TSCharacters.txt" if folders else None
    key = _cache.digest("t2s", [_cache.code_stamp(__file__, source or "<opencc?>")])
    found = _cache.load("t2s", key, slot="t2s")  # (the slot it is stored under)
    # kept as the two strings of characters, mapped in order: marshal reads two strings far
    # faster than a dict of 4,000 entries
    if isinstance(found, tuple) and len(found) == 2 and all(isinstance(x, str) for x in found) \
            and len(found[0]) == len(found[1]):
        return dict(zip(map(ord, found[0]), found[1]))
    table: dict[int, str] = {}
    try:
        if source is None:
            return table
        data = source.read_text("utf-8")
    except (FileNotFoundError, OSError):
        return table
    for line in data.splitlines():
        parts = line.split("\t")
        if len(parts) == 2 and len(parts[0]) == 1:
            target = parts[1].split()[0]
            if len(target) == 1:
                table[ord(parts[0])] = target
    _cache.store("t2s", key, ("".join(map(chr, table)), "".join(table.values())), slot="t2s")
    return table


@lru_cache(maxsize=64)
def _has_ascii_word(words: tuple[str, ...]) -> bool:
    return any(w.isascii() for w in words)


def _window_bounds(window: str, words: tuple[str, ...] | None = None) -> frozenset[int]:
    """The token boundaries of ``window`` (as jieba's tokenize gives them: _jieba_bounds),
    from its cached :class:`_Cut` with every HMM run resolved."""
    return _window_cut(window, words).bounds()


def _jieba_bounds(window: str, words: tuple[str, ...] | None = None) -> frozenset[int]:
    """The token boundaries of ``window`` from jieba's own ``tokenize`` (HMM on): what
    :class:`_Cut` must give (tests compare the two)."""
    found = {0, len(window)}
    tok = _get_tokenizer() if words is None else _scoped_tokenizer(words)
    _fill(tok, window)
    for _word, s, e in tok.tokenize(window):
        found.add(s)
        found.add(e)
    return frozenset(found)


# jieba's block and whitespace patterns (Tokenizer.cut's re_han_default, re_skip_default):
# compiled on first use, like _BLOCK_RUN
_CUT_RES: Any = None


@lru_cache(maxsize=4096)
def _window_cut(window: str, words: tuple[str, ...] | None = None) -> "_Cut":
    """jieba's cut of ``window`` (HMM on) up to its HMM step, for boundary checks.

    Tokenizer.cut splits the text into blocks and cuts each by the best route through its
    DAG of dictionary words; runs of single characters that make no dictionary word
    together then go to the HMM (finalseg), which can only join characters, never split
    them. Most checks are decided by the route alone (an offset off the route is no
    boundary, one outside every HMM run is), so the HMM runs only for a run that holds a
    checked offset, and its cut of a run is kept by the run's text (a page's windows
    overlap). The route is worked out as Tokenizer.get_DAG and calc do (same float
    operations in the same order, same tie-breaking), in one loop instead of jieba's
    three generators."""
    global _CUT_RES
    if _CUT_RES is None:
        jieba = _import_jieba()
        _CUT_RES = (jieba.re_han_default, jieba.re_skip_default)
    han, skip = _CUT_RES
    tok = _get_tokenizer() if words is None else _scoped_tokenizer(words)
    lookup = _lookup(tok)
    logtotal = log(tok.total)
    found = {0, len(window)}
    runs: list[tuple[int, int]] = []
    pos = 0
    for blk in han.split(window):
        if not blk:
            continue
        n = len(blk)
        if han.match(blk):
            _route_bounds(blk, pos, lookup, logtotal, found, runs)
        else:  # (cut: whitespace runs split off one by one, "\r\n" whole; any other character alone)
            at = pos
            for x in skip.split(blk):
                if skip.match(x):
                    at += len(x)
                    found.add(at)
                else:
                    for _ch in x:
                        at += 1
                        found.add(at)
        pos += n
        found.add(pos)
    return _Cut(window, frozenset(found), tuple(runs))


def _route_bounds(blk: str, pos: int, get: Any, logtotal: float, found: set, runs: list) -> None:
    """Add to ``found`` the offsets (``pos`` + offset in ``blk``) where jieba's route through
    ``blk`` (Tokenizer.__cut_DAG) starts a word, and to ``runs`` the spans of single-character
    runs it gives to the HMM. ``get``: the tokenizer's :func:`_lookup`."""
    n = len(blk)
    # route[i] = (best log probability of blk[i:], end of the word starting at i), right
    # to left, as Tokenizer.calc over Tokenizer.get_DAG
    probs = [0.0] * (n + 1)
    ends = [0] * (n + 1)
    for k in range(n - 1, -1, -1):
        best = None
        last = k
        i = k
        f = get(blk[k])
        while f is not None:  # get_DAG: every dictionary word (f > 0) starting at k
            if f:
                p = log(f) - logtotal + probs[i + 1]
                # max over (p, i) in order of i: a tie goes to the later (longer) word
                if best is None or p >= best:
                    best, last = p, i
            i += 1
            if i == n:
                break
            f = get(blk[k : i + 1])
        if best is None:  # no word: the character alone (its frequency, or 1)
            best = log(get(blk[k]) or 1) - logtotal + probs[k + 1]
        probs[k] = best
        ends[k] = last
    x = 0
    run_start = -1  # start of the current run of single characters
    while x < n:
        y = ends[x] + 1
        if y - x == 1:
            if run_start < 0:
                run_start = x
        else:
            if run_start >= 0:
                _close_run(blk, run_start, x, pos, get, found, runs)
                run_start = -1
            found.add(pos + x)
        x = y
    if run_start >= 0:
        _close_run(blk, run_start, n, pos, get, found, runs)
    found.add(pos + n)


def _close_run(blk: str, a: int, b: int, pos: int, get: Any, found: set, runs: list) -> None:
    """A run blk[a:b] of single characters on the route (__cut_DAG's ``buf``): every offset
    in it is a boundary, unless it goes to the HMM (two characters or more that are no
    dictionary word), whose cut keeps some of them only."""
    found.update(range(pos + a, pos + b + 1))
    if b - a > 1 and not get(blk[a:b]):
        runs.append((pos + a, pos + b))


class _Cut:
    """A window's route boundaries and HMM runs (see _window_cut)."""

    __slots__ = ("window", "route", "runs")

    def __init__(self, window: str, route: frozenset, runs: tuple) -> None:
        self.window, self.route, self.runs = window, route, runs

    def is_boundary(self, offset: int) -> bool:
        if offset not in self.route:
            return False  # (the HMM only joins)
        for a, b in self.runs:
            if a < offset < b:
                return (offset - a) in _hmm_bounds(self.window[a:b])
        return True

    def bounds(self) -> frozenset[int]:
        """Every boundary: the route's, less those the HMM joins."""
        out = set(self.route)
        for a, b in self.runs:
            inner = _hmm_bounds(self.window[a:b])
            out.difference_update(i for i in range(a + 1, b) if (i - a) not in inner)
        return frozenset(out)


_HMM: dict[str, frozenset] = {}
_HMM_MAX = 8192
_hmm_forced = 0  # len(finalseg.Force_Split_Words) when _HMM was filled


def _hmm_bounds(run: str) -> frozenset[int]:
    """Offsets in ``run`` where finalseg.cut (jieba's HMM step) ends a piece, kept by the
    run's text (bounded): the cut depends on the run alone, and on the words jieba must
    split, a set that only grows (jieba adds to it for a word added with frequency 0)."""
    global _hmm_forced
    finalseg = sys.modules["jieba.finalseg"]
    forced = len(finalseg.Force_Split_Words)
    if forced != _hmm_forced:
        _HMM.clear()
        _hmm_forced = forced
    found = _HMM.get(run)
    if found is None:
        if len(_HMM) >= _HMM_MAX:
            _HMM.clear()
        at = 0
        ends = {0}
        for piece in finalseg.cut(run):
            at += len(piece)
            ends.add(at)
        found = _HMM[run] = frozenset(ends)
    return found


# ---------------------------------------------------------------- loading


def _get_tokenizer() -> Any:
    tok = _tokenizer
    if tok is None:
        with _lock:
            tok = _tokenizer
            if tok is None:
                tok = _load()
    return tok


def _scoped_tokenizer(words: tuple[str, ...]) -> Any:
    """The dictionary plus ``words`` (and nothing added elsewhere), built once per word set."""
    tok = _scoped.get(words)
    if tok is None:
        with _lock:
            tok = _scoped.get(words)
            if tok is None:
                tok = _new_tokenizer(_groups())
                _add_word_set(tok, words)
                _scoped[words] = tok
    return tok


def _new_tokenizer(groups: "_PrefixGroups") -> Any:
    """A jieba tokenizer of the dictionary, its ``FREQ`` filled from ``groups`` as needed."""
    jieba = _import_jieba()
    tok = jieba.Tokenizer(dictionary=str(DICTIONARY))
    tok.FREQ, tok.total = {}, groups.total
    tok.initialized = True
    tok.auditor_groups, tok.auditor_filled = groups, set()
    tok.auditor_added = {}  # a word set's entries by first character (_add_word_set)
    tok.auditor_absent = set()  # strings _lookup found in no group
    return tok


_ABSENT_MAX = 50_000


def _lookup(tok: Any):
    """``tok.FREQ.get`` as it would answer after ``_fill`` of the looked-up string, without
    filling whole groups: the route (_route_bounds) looks up a few strings a character,
    while filling a character's group builds hundreds of entries (most of a page's first
    boundary checks went into that). A string of a character not filled yet is looked up
    in the word set's entries and the prefix groups (what _fill would put in FREQ, in the
    same order of precedence) and kept: found in FREQ, not found in ``auditor_absent``
    (bounded). A filled character's strings are FREQ's alone (add_words fills a word's
    characters before adding it, so FREQ is complete for them)."""
    freq, filled, groups, added, absent = (tok.FREQ, tok.auditor_filled, tok.auditor_groups, tok.auditor_added,
                                           tok.auditor_absent)

    def get(frag: str):
        found = freq.get(frag)
        if found is not None or frag[0] in filled or frag in absent:
            return found
        extra = added.get(frag[0])
        found = extra.get(frag) if extra else None
        if found is None:
            found = groups.lookup(frag)
        if found is None:
            if len(absent) >= _ABSENT_MAX:
                absent.clear()
            absent.add(frag)
        else:
            freq[frag] = found  # (the value _fill would give it)
        return found

    return get


def _fill(tok: Any, text: str) -> None:
    """Put into ``tok.FREQ`` the prefix-dictionary groups of the characters of ``text``
    it does not hold yet. Every key of a group starts with its character, and jieba
    looks up only substrings of the text it is given (the DAG, the route, the HMM
    buffer, the segments of a word being added), so after this it finds exactly what the
    whole dictionary holds. Called before every use; a group is never filled twice, so
    words added to a tokenizer (whose characters were filled first) stay."""
    filled = tok.auditor_filled
    if filled.issuperset(text):
        return
    with _lock:
        freq, groups, added = tok.FREQ, tok.auditor_groups, tok.auditor_added
        for ch in set(text).difference(filled):
            freq.update(groups.group(ch))
            if ch in added:
                freq.update(added[ch])
            filled.add(ch)  # after the update: another thread only trusts a full group


def _add_word(tok: Any, word: str) -> None:
    _fill(tok, word)
    tok.add_word(word)


def _add_word_set(tok: Any, words: tuple[str, ...]) -> None:
    """Add ``words`` in order, as :func:`_add_word` does one by one. What that changes
    (each word's frequency and its prefixes, and the total) is kept in the cache and
    prebuilt for the bundled rulesets' word sets: working it out cuts each of ~200 words,
    several milliseconds of a Chinese page's start-up."""
    if not words:
        return
    key = _cache.digest("zhwords", [_cache.code_stamp(__file__, _cache.module_file("jieba")),
                                    dictionary_stamp(DICTIONARY), *words])
    found = _cache.load("zhwords", key, slot="zhwords")
    if isinstance(found, tuple) and len(found) == 2 and isinstance(found[0], dict) and isinstance(found[1], int):
        # Every changed key starts with a word's first character: the changes are applied
        # with that character's group (_fill), when a text first has it.
        added: dict[str, dict[str, int]] = {}
        for key, value in found[0].items():
            added.setdefault(key[0], {})[key] = value
        with _lock:
            for ch in tok.auditor_filled.intersection(added):  # (none for a new tokenizer)
                tok.FREQ.update(added[ch])
            tok.auditor_added = added
            tok.total = found[1]
        return
    for word in words:
        _add_word(tok, word)
    changed = {word[: i + 1]: tok.FREQ[word[: i + 1]] for word in words for i in range(len(word))}
    _cache.store("zhwords", key, (changed, tok.total), slot="zhwords")


def _load() -> Any:
    """The process-wide tokenizer (built only when used: lexicons read with a ruleset
    cut with their word set's tokenizer)."""
    global _tokenizer
    tok = _new_tokenizer(_groups())
    for word in _words:
        _add_word(tok, word)
    _tokenizer = tok
    return tok


def _groups() -> "_PrefixGroups":
    """The dictionary's prefix groups, loaded once (jieba imported and quieted first)."""
    global _base
    groups = _base
    if groups is None:
        with _lock:
            if _base is None:
                jieba = _import_jieba()
                import logging  # (jieba has imported it)

                logging.getLogger("jieba").setLevel(logging.ERROR)
                _base = _prefix_groups(jieba)
            groups = _base
    return groups


def _import_jieba() -> Any:
    """Import jieba without letting it import pkg_resources (slow, deprecated)."""
    if "jieba" in sys.modules:
        return sys.modules["jieba"]
    hidden = "pkg_resources" not in sys.modules
    if hidden:
        sys.modules["pkg_resources"] = None  # type: ignore[assignment]  # import -> ImportError
    from auditor.support.deferred import defer  # (with jieba)

    emission, key = _emission_module()
    placed = emission is not None and _EMISSION not in sys.modules
    if placed:
        sys.modules[_EMISSION] = emission
    try:
        # tempfile, pickle and hashlib's md5: used by jieba's own cache and Jython model only;
        # traceback: by logging (which jieba imports) to print an error
        with defer("tempfile", "pickle", "traceback", hashlib=("md5",)):
            import jieba  # ~350 ms, 135 modules; test_startup
    finally:
        if hidden and "pkg_resources" in sys.modules and sys.modules["pkg_resources"] is None:
            del sys.modules["pkg_resources"]
        if placed and "jieba" not in sys.modules and sys.modules.get(_EMISSION) is emission:
            del sys.modules[_EMISSION]
    if emission is None and key is not None:
        _store_emission(key, jieba.finalseg.emit_P)
    return jieba


# jieba's HMM emission table (state -> character -> log probability) is a 1.3 MB module of
# dict literals, jieba.finalseg.prob_emit: importing it was ~15 ms of every Chinese
# start-up. Its rows are kept in the cache (and prebuilt) as a string of characters and an
# array of values each, and the module jieba imports holds _EmissionRow mappings of them.
_EMISSION = "jieba.finalseg.prob_emit"
_MISSING = object()


class _EmissionRow(Mapping):
    """One state's row of the emission table: ``get(ch)`` as the row's dict gives it (jieba's
    viterbi calls only that). The characters are in code point order, found by bisection;
    those asked for are remembered (a page's HMM steps ask for the same few hundred)."""

    __slots__ = ("_chars", "_values", "_seen")

    def __init__(self, chars: str, values: array) -> None:
        self._chars, self._values, self._seen = chars, values, {}

    def get(self, ch, default=None):
        found = self._seen.get(ch, _MISSING)
        if found is _MISSING:
            chars = self._chars
            i = bisect_left(chars, ch) if type(ch) is str else len(chars)
            found = self._seen[ch] = self._values[i] if i < len(chars) and chars[i] == ch else None
        return default if found is None else found

    def __getitem__(self, ch):
        found = self.get(ch)
        if found is None:
            raise KeyError(ch)
        return found

    def __iter__(self):
        return iter(self._chars)

    def __len__(self) -> int:
        return len(self._chars)


def _emission_key() -> str | None:
    """The cache key of jieba's emission table, from jieba's files (not imported): its
    package and finalseg code, and the size of the table's module (jieba is pinned to 0.42,
    whose table never changes: reading and hashing 1.3 MB would cost what is saved)."""
    init = _cache.module_file("jieba")
    if init.startswith("<"):
        return None
    folder = Path(init).parent
    try:
        size = (folder / "finalseg" / "prob_emit.py").stat().st_size
    except OSError:
        return None
    return _cache.digest("hmm", [_cache.code_stamp(__file__, init, folder / "finalseg" / "__init__.py"),
                                 str(size), sys.byteorder])


def _emission_module() -> tuple[Any, str | None]:
    """(a module standing in for jieba.finalseg.prob_emit, or None when the cache has no
    table; the table's cache key, or None when jieba's files cannot be found)."""
    key = _emission_key()
    found = _cache.load("hmm", key, slot="hmm") if key is not None else None
    if not (isinstance(found, dict) and found and all(isinstance(v, tuple) and len(v) == 2 for v in found.values())):
        return None, key
    rows = {}
    for state, (chars, raw) in found.items():
        values = array("d")
        values.frombytes(raw)
        if len(values) != len(chars):
            return None, key
        rows[state] = _EmissionRow(chars, values)
    from types import ModuleType  # (types: imported by site)

    module = ModuleType(_EMISSION, "jieba's HMM emission table, read from auditor's cache (auditor.read.zh)")
    module.P = rows
    return module, key


def _store_emission(key: str, table: Mapping) -> None:
    if isinstance(next(iter(table.values()), None), _EmissionRow):
        return  # (already ours)
    rows = {}
    for state, row in table.items():
        chars = sorted(row)
        if any(len(ch) != 1 for ch in chars):
            return  # not a table of characters: jieba's own stays in use
        rows[state] = ("".join(chars), array("d", [row[ch] for ch in chars]).tobytes())
    _cache.store("hmm", key, rows, slot="hmm")


def _cache_path(dict_path: Path) -> Path:
    import hashlib  # (OpenSSL bindings: only with jieba)

    tag = hashlib.blake2b(str(dict_path).encode("utf-8"), digest_size=8).hexdigest()
    return _data.cache_dir() / f"zh_dict-{tag}.v{_CACHE_VERSION}.cache"


class _PrefixGroups:
    """jieba's prefix dictionary (word -> frequency, a word's prefixes -> 0 unless words
    themselves) grouped by first character: ``group(ch)`` gives the entries whose key
    starts with ``ch``. Read from the cache as a few byte strings and arrays, which costs
    about a millisecond; a group becomes key/value pairs only when asked for. The keys are
    kept as UTF-16 bytes, decoded a group at a time: marshal would decode all 240,000
    characters of them (as UTF-8) in every process, a Chinese page's first few hundred
    groups only."""

    __slots__ = ("total", "_chars", "_key_starts", "_text_starts", "_keys", "_values", "_decoded")

    def __init__(self, total: int, chars: str, key_starts: array, text_starts: array, keys: bytes,
                 values: array) -> None:
        self.total = total
        self._chars, self._key_starts, self._text_starts = chars, key_starts, text_starts
        self._keys, self._values = keys, values
        self._decoded: dict[str, tuple[int, str]] = {}  # for lookup: a character's (index, "\n"-framed keys)

    @classmethod
    def of(cls, freq: dict[str, int], total: int) -> "_PrefixGroups":
        groups: dict[str, list[str]] = {}
        for key in freq:
            if key:  # (jieba never looks up an empty string)
                groups.setdefault(key[0], []).append(key)
        chars = "".join(sorted(groups))
        texts, values = [], []
        key_starts, text_starts = [0], [0]
        pos = 0
        for ch in chars:
            keys = groups[ch]
            text = "\n".join(keys).encode("utf-16-le")
            texts.append(text)
            values.extend(freq[k] for k in keys)
            pos += len(text)
            key_starts.append(len(values))
            text_starts.append(pos)
        return cls(total, chars, _ints(key_starts), _ints(text_starts), b"".join(texts), _ints(values))

    def group(self, ch: str) -> Iterable[tuple[str, int]]:
        j = self._chars.find(ch)
        if j < 0:
            return ()
        keys = self._keys[self._text_starts[j] : self._text_starts[j + 1]].decode("utf-16-le").split("\n")
        return zip(keys, self._values[self._key_starts[j] : self._key_starts[j + 1]])

    def lookup(self, key: str) -> int | None:
        """The value of one key (what ``dict(self.group(key[0])).get(key)`` gives), found in
        its group's keys as one string: no entry is built."""
        ch = key[0]
        found = self._decoded.get(ch)
        if found is None:
            j = self._chars.find(ch)
            keys = "" if j < 0 else self._keys[self._text_starts[j] : self._text_starts[j + 1]].decode("utf-16-le")
            found = self._decoded[ch] = (j, f"\n{keys}\n")
        j, keys = found
        at = keys.find(f"\n{key}\n") if j >= 0 and "\n" not in key else -1
        if at < 0:
            return None
        return self._values[self._key_starts[j] + keys.count("\n", 0, at)]

    def items(self) -> Iterable[tuple[str, int]]:
        for ch in self._chars:
            yield from self.group(ch)

    def dumps(self, stamp: str) -> bytes:
        arrays = (self._key_starts, self._text_starts, self._values)
        return marshal.dumps((_CACHE_MAGIC, _CACHE_VERSION, stamp, sys.byteorder, self.total, self._chars,
                              *((a.typecode, a.tobytes()) for a in arrays), self._keys))

    @classmethod
    def loads(cls, blob: bytes, stamp: str) -> "_PrefixGroups | None":
        magic, version, stored, order, total, chars, *arrays, keys = marshal.loads(blob)
        if (magic, version, stored, order) != (_CACHE_MAGIC, _CACHE_VERSION, stamp, sys.byteorder):
            return None
        key_starts, text_starts, values = (_frombytes(code, raw) for code, raw in arrays)
        if not (len(key_starts) == len(text_starts) == len(chars) + 1 and key_starts[-1] == len(values)
                and text_starts[-1] == len(keys) and isinstance(keys, bytes) and isinstance(total, int)):
            return None
        return cls(total, chars, key_starts, text_starts, keys, values)


def _ints(values: list[int]) -> array:
    """``values`` as an array of 4-byte integers, or of 8-byte ones when they need it."""
    try:
        return array("i", values)
    except OverflowError:
        return array("q", values)


def _frombytes(typecode: str, raw: bytes) -> array:
    out = array(typecode)
    out.frombytes(raw)
    return out


def _prefix_groups(jieba: Any) -> _PrefixGroups:
    """jieba's prefix dictionary for DICTIONARY, from the cache when fresh."""
    dict_path = DICTIONARY
    stamp = dictionary_stamp(dict_path)
    cache = None
    if _cache.enabled():  # AUDITOR_NO_CACHE=1 builds it every time
        # built with the package (auditor.commands.prebuild) for the bundled dictionary
        loaded = _read_cache(_cache.prebuilt_dir() / PREBUILT_NAME, stamp)
        if loaded is not None:
            return loaded
        try:
            cache = _cache_path(dict_path)
        except OSError:  # no private cache folder (auditor.support.data.cache_dir)
            cache = None
    loaded = _read_cache(cache, stamp) if cache is not None else None
    if loaded is not None:
        return loaded
    with open(dict_path, "rb") as fh:
        freq, total = jieba.Tokenizer.gen_pfdict(fh)
    if cache is not None and not _cache.recording():  # (the prebuild writes its own)
        _write_cache(cache, stamp, freq, total)
    return _PrefixGroups.of(freq, total)


PREBUILT_NAME = "zh_dict.cache"


def dictionary_stamp(dict_path: Path) -> str:
    """Size and a checksum of the dictionary's contents (the same for any copy of it, so
    the prefix dictionary built with the package matches an installed copy); once per
    process and file. CRC-32, not a cryptographic digest: it tells an edited dictionary
    from the one the entries were built from (the cache folder is the user's alone), in
    a tenth of the time over its 700 KB."""
    found = _stamps.get(dict_path)
    if found is None:
        import zlib  # (reading a page imports it anyway)

        blob = dict_path.read_bytes()
        found = _stamps[dict_path] = f"{len(blob)} crc32 {zlib.crc32(blob):08x}"
    return found


_stamps: dict[Path, str] = {}


def _read_cache(cache: Path, stamp: str) -> _PrefixGroups | None:
    try:
        with open(cache, "rb") as fh:
            return _PrefixGroups.loads(fh.read(), stamp)
    except (OSError, EOFError, ValueError, TypeError):
        return None


def _write_cache(cache: Path, stamp: str, freq: dict[str, int], total: int) -> bool:
    if not _cache.write_atomic(cache, _PrefixGroups.of(freq, total).dumps(stamp)):
        import logging  # ~10 ms, 10 modules: only to quiet jieba

        logging.getLogger(__name__).debug("cannot write %s", cache)  # a cache is only a speed-up
        return False
    return True
