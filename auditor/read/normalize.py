"""A normalized view of a text, with an offset map back to the original.

Matching (lexicons, recognizers) runs on ``normalize(text).text``; evidence is
shown from the original through :meth:`Normalized.original_span`.

Folding, in this order, per character of the original:

1. Unicode NFKC (full-width forms, ligatures, compatibility characters such as
   ``Ⅲ`` -> ``III``; combining sequences compose), except that ``™`` and
   ``℠`` are kept (NFKC's ``TM`` would glue letters to the brand before it);
2. dash variants (U+2010-U+2015, U+2212, U+2E3A, U+2E3B, U+FE58, U+FE63,
   U+FF0D) -> ``-``;
3. every space separator (category Zs: NBSP, U+2007, U+202F, U+3000 ...) ->
   ``' '``; line breaks and tabs are kept;
4. invisible format characters are removed: zero-width space/joiners
   (U+200B-U+200D), U+2060-U+2064, U+FEFF, soft hyphen U+00AD, U+180E,
   direction marks and embeddings (U+200E, U+200F, U+202A-U+202E,
   U+2066-U+2069);
5. lower case, character by character (``str.lower`` of each character, so
   ``Σ`` is always ``σ`` and ``İ`` becomes two characters).

Offsets: ``index[i]`` is the offset in the original of the character that
produced normalized character ``i``.  A character that expands maps each
produced character to itself; a combining sequence that composes (``e`` +
U+0301 -> ``é``) maps to its first character.  ``index`` never decreases, and
``index[len(text)] == len(original)``.

Speed: ASCII text is lower-cased in one call with a shared identity index.
Otherwise characters are classed once per process (about 50 ms, cached in
:func:`auditor.support.data.cache_dir`): *safe* characters are unchanged apart from
lower case, *simple* ones fold to exactly one character (full-width forms,
dashes, spaces): one scan finds the kinds of them a text has, and each kind is
replaced in one ``str.replace``; only runs of *complex* characters (combining
marks, expansions, removed characters) go through per-character Python code.
"""
from __future__ import annotations

import bisect
import os
import re
import sys
import threading
import unicodedata
from array import array
from dataclasses import dataclass, field

from auditor.support import cache

__all__ = ["Normalized", "normalize", "fold_char"]

DASHES = frozenset(
    "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2e3a\u2e3b\ufe58\ufe63\uff0d"
)
# Kept as they are instead of NFKC's "TM"/"SM", which would glue letters to
# the word before them ("Tagrisso™" -> "tagrissotm" would no longer match
# "tagrisso" on word boundaries).
KEPT = frozenset("\u2122\u2120")
REMOVED = frozenset(
    "\u00ad\u180e\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
    "\u2060\u2061\u2062\u2063\u2064\u2066\u2067\u2068\u2069\ufeff"
)

_TYPECODE = "i"  # 4-byte offsets: texts up to 2**31 - 1 characters


@dataclass(frozen=True)
class Normalized:
    """Folded text plus, for each of its characters, the original offset."""

    text: str
    index: array
    # original offsets of removed characters; lets original_span drop them at
    # the end of a span (they are rare, so this stays small)
    removed: frozenset = field(default=frozenset(), repr=False, compare=False)

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The smallest original span that covers normalized ``[start, end)``."""
        n = len(self.text)
        if not 0 <= start <= end <= n:
            raise ValueError(f"span ({start}, {end}) is outside a normalized text of length {n}")
        index = self.index
        ostart = index[start]
        if start == end:
            return ostart, ostart
        last = index[end - 1]
        # the original character of the last normalized one ends where the
        # next original offset in the index begins
        oend = index[bisect.bisect_right(index, last, end, n)]
        removed = self.removed
        if removed:
            while oend - 1 > last and (oend - 1) in removed:
                oend -= 1
        return ostart, oend

    def normalized_offset(self, offset: int) -> int:
        """The first normalized position whose original offset is ``>= offset``.

        Maps an original boundary (a segment start or end) into the
        normalized text.
        """
        return bisect.bisect_left(self.index, offset, 0, len(self.text))


def normalize(text: str) -> Normalized:
    """Fold ``text`` for matching; see the module docstring."""
    n = len(text)
    if n >= 2**31 - 1:
        raise ValueError("text too long to normalize (2**31 characters or more)")
    if text.isascii():
        return Normalized(text.lower(), _shared_identity(n)[: n + 1])
    tables = _tables()
    ident = _shared_identity(n)  # sliced, never returned
    # The characters that fold at all, in one scan: a page has a few kinds of them
    # (full-width punctuation, dashes, no-break spaces) among thousands of others.
    folding = tables.folding_re.sub("", text)
    if not folding:
        return Normalized(text.lower(), ident[: n + 1])
    table = tables.table
    kinds = set(folding)
    # (a folding character is complex unless the table folds it: astral ones always are)
    complex_kinds = [ch for ch in kinds if ch > "\uffff" or ord(ch) not in table]
    simple = _fold_simple(text, kinds.difference(complex_kinds), tables)  # (the same length)
    if not complex_kinds:  # nothing changes length: offsets are the identity
        return Normalized(simple.lower(), ident[: n + 1])
    pos = 0
    parts: list[str] = []
    index = array(_TYPECODE)
    removed: list[int] = []
    for a, b in _complex_runs(text, folding, complex_kinds, tables):
        # the character before a complex run starts its combining sequence
        c0 = a - 1 if a > pos else a
        if c0 > pos:
            parts.append(simple[pos:c0])
            index.extend(ident[pos:c0])
        folded, rel, rel_removed = _fold_chunk(text[c0:b])
        parts.append(folded)
        index.extend([c0 + r for r in rel])
        if rel_removed:
            removed.extend(c0 + r for r in rel_removed)
        pos = b
    if pos < n:
        parts.append(simple[pos:])
        index.extend(ident[pos:n])
    index.append(n)
    # lower() once: every part is free of U+03A3 (folded to σ), so the
    # context-dependent final sigma rule never applies and str.lower() is
    # idempotent, which makes this equal to lowering each character
    return Normalized("".join(parts).lower(), index, frozenset(removed))


# More complex characters than this on a page are located by the character class's scan.
COMPLEX_FIND_MAX = 2048


def _complex_runs(text: str, folding: str, kinds: list[str], tables: "_Tables") -> list[list[int]]:
    """The spans of ``tables.complex_re`` in ``text`` (maximal runs of complex characters),
    found with ``str.find`` from the kinds of complex characters ``folding`` holds rather
    than by a second scan of the whole text with the character class."""
    if sum(map(folding.count, kinds)) > COMPLEX_FIND_MAX:  # (text written with combining marks)
        return [list(m.span()) for m in tables.complex_re.finditer(text)]
    found = []
    for ch in kinds:
        i = text.find(ch)
        while i != -1:
            found.append(i)
            i = text.find(ch, i + 1)
    found.sort()
    runs: list[list[int]] = []
    for i in found:
        if runs and runs[-1][1] == i:
            runs[-1][1] = i + 1
        else:
            runs.append([i, i + 1])
    return runs


def _fold_simple(text: str, kinds: set[str], tables: "_Tables") -> str:
    """``text`` with every simple character folded, as ``str.translate`` with the table
    would (at the cost of a dictionary look-up per character): one ``str.replace`` for
    each of the ``kinds`` of simple characters the text has."""
    table = tables.table
    for ch in kinds:
        to = table[ord(ch)]
        if ord(to) in table:  # (never with today's Unicode data: one replacement would feed another)
            return tables.simple_re().sub(tables.fold_run, text)
        text = text.replace(ch, to)
    return text


def fold_char(ch: str) -> str:
    """Steps 2-5 for one character (already NFKC-normalized)."""
    if ch in REMOVED:
        return ""
    if ch in DASHES:
        return "-"
    if ch != " " and unicodedata.category(ch) == "Zs":
        return " "
    return ch.lower()


# ------------------------------------------------------------ implementation

_chunk_memo: dict[str, tuple[str, tuple[int, ...], tuple[int, ...]]] = {}
_CHUNK_MEMO_MAX = 20000


def _fold_chunk(chunk: str) -> tuple[str, tuple[int, ...], tuple[int, ...]]:
    """Fold a boundary character plus a complex run (memoized).

    Returns the folded text, for each folded character its offset in
    ``chunk``, and the offsets of removed characters.
    """
    hit = _chunk_memo.get(chunk)
    if hit is not None:
        return hit
    nfkc = unicodedata.normalize
    out: list[str] = []
    idx: list[int] = []
    removed: list[int] = []
    i, b = 0, len(chunk)
    while i < b:
        # one combining sequence: a boundary character and what attaches to it
        j = i + 1
        while j < b and not _is_boundary(chunk[j]):
            j += 1
        seq = chunk[i:j]
        if j - i == 1:
            pieces = [seq if seq in KEPT else nfkc("NFKC", seq)]
            whole = pieces[0]
        else:
            pieces = [ch if ch in KEPT else nfkc("NFKC", ch) for ch in seq]
            if seq[0] in KEPT:  # a kept symbol composes with nothing
                whole = seq[0] + nfkc("NFKC", seq[1:])
            else:
                whole = nfkc("NFKC", seq)
        if "".join(pieces) == whole:
            for k, piece in enumerate(pieces):
                folded = "".join([fold_char(ch) for ch in piece])
                if not folded:
                    removed.append(i + k)
                out.append(folded)
                idx.extend([i + k] * len(folded))
        else:  # composed or reordered: the whole sequence maps to its start
            folded = "".join([fold_char(ch) for ch in whole])
            if not folded:
                removed.extend(range(i, j))
            out.append(folded)
            idx.extend([i] * len(folded))
        i = j
    result = ("".join(out), tuple(idx), tuple(removed))
    if len(chunk) <= 64:
        if len(_chunk_memo) >= _CHUNK_MEMO_MAX:
            _chunk_memo.clear()
        _chunk_memo[chunk] = result
    return result


def _starter(ch: str) -> bool:
    cp = ord(ch)
    return (
        unicodedata.combining(ch) == 0
        and unicodedata.category(ch)[0] != "M"
        and not 0x1160 <= cp <= 0x11FF  # Hangul medial vowels and finals compose backwards
    )


def _is_boundary(ch: str) -> bool:
    """Can a normalization boundary be placed before ``ch``?

    True when ``ch`` and the first character of its NFKD form are starters
    that never compose with a preceding character.
    """
    if not _starter(ch):
        return False
    d = unicodedata.normalize("NFKD", ch)
    return not d or d[0] == ch or _starter(d[0])


# identity offsets, shared: sliced (a memcpy) for each text

_ident = array(_TYPECODE)
_ident_lock = threading.Lock()


def _shared_identity(n: int) -> array:
    """The shared ``array([0, 1, 2, ...])`` with at least ``n + 1`` items.

    Callers slice it (a copy); they never hand it out or change it.
    """
    global _ident
    ident = _ident
    if len(ident) < n + 1:
        with _ident_lock:
            ident = _ident
            if len(ident) < n + 1:
                ident = _ident = _build_identity(max(n + 1, 2 * len(ident), 4096))
    return ident


def _build_identity(n: int) -> array:
    a = array(_TYPECODE)
    if a.itemsize != 4 or sys.byteorder != "little":
        a.extend(range(n))
        return a
    # Little-endian int32 built byte plane by byte plane with slice
    # assignment: ~20x faster than array(range(n)).
    buf = bytearray(4 * n)
    blocks = -(-n // 65536)
    buf[0::4] = (bytes(range(256)) * (256 * blocks))[:n]
    buf[1::4] = (b"".join(bytes([k]) * 256 for k in range(256)) * blocks)[:n]
    buf[2::4] = b"".join(bytes([k & 0xFF]) * 65536 for k in range(blocks))[:n]
    buf[3::4] = b"".join(bytes([k >> 8]) * 65536 for k in range(blocks))[:n]
    a.frombytes(bytes(buf))
    return a


# character classes, built once per process (or loaded from the cache)

_TABLES_VERSION = 2
# code points without decompositions, marks or case that need no scan
_SKIP = (
    (0x3400, 0x4DBF),  # CJK extension A
    (0x4E00, 0x9FFF),  # CJK unified ideographs
    (0xAC00, 0xD7A3),  # Hangul syllables (compose only algorithmically, handled by jamo)
    (0xD800, 0xF8FF),  # surrogates, private use
    (0x20000, 0x2F7FF),  # CJK extensions B-F
    (0x30000, 0xDFFFF),  # CJK extensions G, H; planes 4-13 are unassigned
    (0xE0200, 0x10FFFF),  # unassigned, private use planes
)


class _Tables:
    """Compiled character classes.

    Both patterns are single BMP character classes (``re`` tests those with a
    bitmap and uses them to skip ahead); every astral character counts as
    complex, which is correct for any character, only slower, and astral
    characters are rare.
    """

    __slots__ = ("table", "folding_re", "_complex", "_complex_re", "_simple", "_simple_re", "fold_run")

    def __init__(self, table: dict[int, str], complex_ranges: list, simple_ranges: list):
        self.table = table
        self._complex = _class([r for r in complex_ranges if r[1] < 0x10000])
        self._simple = _class([r for r in simple_ranges if r[1] < 0x10000])
        self._complex_re = self._simple_re = None
        # Runs of characters that are neither simple nor complex (removed to find the
        # others): the one pattern every non-ASCII text needs; the others, rarely needed,
        # are compiled on first use.
        self.folding_re = re.compile(f"[^{self._complex}{self._simple}\U00010000-\U0010ffff]+")
        translate = str.translate

        def fold_run(m: re.Match, _t: dict = table) -> str:
            return translate(m.group(), _t)

        self.fold_run = fold_run

    @property
    def complex_re(self) -> re.Pattern:
        """Runs of complex characters (a text with many of them is scanned with it)."""
        if self._complex_re is None:
            self._complex_re = re.compile(f"[{self._complex}\U00010000-\U0010ffff]+")
        return self._complex_re

    def simple_re(self) -> re.Pattern:
        """Runs of simple characters (compiled on first use: normalize needs it only when
        folding one simple character would give another)."""
        if self._simple_re is None:
            self._simple_re = re.compile(f"[{self._simple}]+" if self._simple else "(?!)")
        return self._simple_re


_tables_obj: _Tables | None = None
_tables_lock = threading.Lock()


def _tables() -> _Tables:
    global _tables_obj
    t = _tables_obj
    if t is None:
        with _tables_lock:
            t = _tables_obj
            if t is None:
                t = _tables_obj = _Tables(*_load_or_build_classes())
    return t


def _class(ranges: list) -> str:
    """The inside of a regex character class for ``ranges``."""
    return "".join(
        re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in ranges
    )


def _to_ranges(cps: list[int]) -> list[tuple[int, int]]:
    out: list[list[int]] = []
    for cp in sorted(cps):
        if out and out[-1][1] == cp - 1:
            out[-1][1] = cp
        else:
            out.append([cp, cp])
    return [(a, b) for a, b in out]


def _build_classes() -> tuple[dict[int, str], list, list]:
    """Class every non-ASCII character: safe (no entry), simple or complex."""
    nfkc = unicodedata.normalize
    category = unicodedata.category
    combining = unicodedata.combining
    table: dict[int, str] = {}
    complex_cps: list[int] = []
    start = 0x80
    spans = []
    for a, b in _SKIP:
        spans.append(range(start, a))
        start = b + 1
    spans.append(range(start, 0x110000))
    special = set(map(ord, DASHES | REMOVED))
    for span in spans:
        for cp in span:
            ch = chr(cp)
            if (
                (ch in KEPT or nfkc("NFKC", ch) == ch)
                and category(ch)[0] not in "MZ"
                and not combining(ch)
                and cp not in special
                and len(ch.lower()) == 1
                and cp != 0x03A3  # Σ: str.lower() would give ς at a word end
                and not 0x1160 <= cp <= 0x11FF
            ):
                continue  # safe: only str.lower() applies, per character
            folded = "".join(fold_char(x) for x in (ch if ch in KEPT else nfkc("NFKC", ch)))
            if len(folded) == 1 and folded.lower() == folded and _is_boundary(ch) and _is_boundary(folded):
                if folded != ch:
                    table[cp] = folded
            else:
                complex_cps.append(cp)
    return table, _to_ranges(complex_cps), _to_ranges(list(table))


def _cache_file() -> str | None:
    try:  # (not hashlib: it also loads OpenSSL's bindings, which start-up does not need)
        from _blake2 import blake2b
    except ImportError:  # pragma: no cover - other Python implementations
        from hashlib import blake2b

    if not cache.enabled():  # AUDITOR_NO_CACHE=1
        return None
    try:
        from auditor.support import data  # (only when the table cache is used)

        key = f"{unicodedata.unidata_version}-{_TABLES_VERSION}-{sys.version_info[:2]}"
        tag = blake2b(key.encode(), digest_size=8).hexdigest()
        return os.path.join(str(data.cache_dir()), f"normalize-{tag}.marshal")
    except Exception:  # pragma: no cover - no usable cache directory
        return None


def _prebuilt_key() -> str:
    """The key of the tables in the package's prebuilt entries (auditor.support.cache):
    this module's contents, the table version and the Unicode and Python versions."""
    return cache.digest("normalize", [cache.code_stamp(__file__), str(_TABLES_VERSION)])


def _load_or_build_classes() -> tuple[dict[int, str], list, list]:
    import marshal  # (only when the table cache is used)

    if cache.recording():  # auditor.support.prebuild: build them, for the package
        built = _build_classes()
        cache.record("normalize", _prebuilt_key(), built)
        return built
    shipped = cache.prebuilt("normalize", _prebuilt_key())
    if isinstance(shipped, tuple) and len(shipped) == 3:
        return shipped
    path = _cache_file()
    if path:
        try:
            with open(path, "rb") as fh:
                version, unidata, table, complex_ranges, simple_ranges = marshal.load(fh)
            if (
                version == _TABLES_VERSION
                and unidata == unicodedata.unidata_version
                and isinstance(table, dict)
                and isinstance(complex_ranges, list)
                and isinstance(simple_ranges, list)
            ):
                return table, complex_ranges, simple_ranges
        except (OSError, ValueError, EOFError, TypeError):
            pass
    table, complex_ranges, simple_ranges = _build_classes()
    if path:
        from auditor.support.cache import write_atomic  # (only when the table cache is written)

        write_atomic(path, marshal.dumps(
            (_TABLES_VERSION, unicodedata.unidata_version, table, complex_ranges, simple_ranges)))
    return table, complex_ranges, simple_ranges
