"""A normalized view of a text, with an offset map back to the original.

Matching (lexicons, recognizers) runs on ``normalize(text).text``; evidence is
shown from the original through :meth:`Normalized.original_span`.

Folding, in this order, per character of the original:

1. Unicode NFKC (full-width forms, ligatures, compatibility characters such as
   ``Ⅲ`` -> ``III``, ``™`` -> ``TM``; combining sequences compose);
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
:func:`auditor.data.cache_dir`): *safe* characters are unchanged apart from
lower case, *simple* ones fold to exactly one character (full-width forms,
dashes, spaces) and are handled by one ``str.translate``; only runs of
*complex* characters (combining marks, expansions, removed characters) go
through per-character Python code.
"""
from __future__ import annotations

import bisect
import hashlib
import marshal
import os
import re
import sys
import tempfile
import threading
import unicodedata
from array import array
from dataclasses import dataclass, field

__all__ = ["Normalized", "normalize", "fold_char"]

DASHES = frozenset(
    "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2e3a\u2e3b\ufe58\ufe63\uff0d"
)
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
        return Normalized(text.lower(), _identity(n))
    tables = _tables()
    complex_re = tables.complex_re
    m = complex_re.search(text)
    if m is None:
        return Normalized(_fold_simple(text, tables), _identity(n))

    ident = _identity(n)
    parts: list[str] = []
    index = array(_TYPECODE)
    removed: list[int] = []
    pos = 0
    while m is not None:
        a, b = m.span()
        # the character before a complex run starts its combining sequence
        c0 = a - 1 if a - 1 >= pos else a
        if c0 > pos:
            parts.append(_fold_simple(text[pos:c0], tables))
            index.extend(ident[pos:c0])
        _fold_complex(text, c0, b, parts, index, removed)
        pos = b
        m = complex_re.search(text, pos)
    if pos < n:
        parts.append(_fold_simple(text[pos:], tables))
        index.extend(ident[pos:n])
    index.append(n)
    return Normalized("".join(parts), index, frozenset(removed))


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


def _fold_simple(s: str, tables: "_Tables") -> str:
    """Fold a string that has only safe and simple characters (1:1)."""
    if tables.simple_re.search(s) is not None:
        s = s.translate(tables.table)
    return s.lower()


def _fold_complex(
    text: str, c0: int, b: int, parts: list[str], index: array, removed: list[int]
) -> None:
    """Fold ``text[c0:b]`` (a boundary character plus a complex run)."""
    nfkc = unicodedata.normalize
    out: list[str] = []
    idx: list[int] = []
    i = c0
    while i < b:
        # one combining sequence: a boundary character and what attaches to it
        j = i + 1
        while j < b and not _is_boundary(text[j]):
            j += 1
        seq = text[i:j]
        if j - i == 1:
            pieces = [nfkc("NFKC", seq)]
            whole = pieces[0]
        else:
            pieces = [nfkc("NFKC", ch) for ch in seq]
            whole = nfkc("NFKC", seq)
        if "".join(pieces) == whole:
            for k, piece in enumerate(pieces):
                src = i + k
                folded = "".join(fold_char(ch) for ch in piece)
                if not folded:
                    removed.append(src)
                for ch in folded:
                    out.append(ch)
                    idx.append(src)
        else:  # composed or reordered: the whole sequence maps to its start
            folded = "".join(fold_char(ch) for ch in whole)
            if not folded:
                removed.extend(range(i, j))
            for ch in folded:
                out.append(ch)
                idx.append(i)
        i = j
    parts.append("".join(out))
    index.extend(idx)


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


def _identity(n: int) -> array:
    """``array([0, 1, ..., n])``."""
    global _ident
    if len(_ident) < n + 1:
        with _ident_lock:
            if len(_ident) < n + 1:
                _ident = _build_identity(max(n + 1, 2 * len(_ident), 4096))
    return _ident[: n + 1]


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

_TABLES_VERSION = 1
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
    __slots__ = ("table", "complex_re", "simple_re")

    def __init__(self, table: dict[int, str], complex_ranges: list, simple_ranges: list):
        self.table = table
        self.complex_re = re.compile(_class_pattern(complex_ranges) + "+")
        self.simple_re = re.compile(_class_pattern(simple_ranges))


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


def _class_pattern(ranges: list) -> str:
    """A regex for one character of ``ranges``, fast on BMP text.

    ``re`` tests a BMP-only class with a bitmap; a class with astral ranges
    falls back to a linear range scan for every character, so astral ranges
    are tried only after a cheap astral check.
    """

    def cls(rs: list) -> str:
        return "".join(
            re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in rs
        )

    bmp = [r for r in ranges if r[1] < 0x10000]
    astral = [r for r in ranges if r[0] >= 0x10000]
    if not ranges:
        return "(?!)"
    if not astral:
        return f"[{cls(bmp)}]"
    if not bmp:
        return f"(?=[\U00010000-\U0010ffff])[{cls(astral)}]"
    return f"(?:[{cls(bmp)}]|(?=[\U00010000-\U0010ffff])[{cls(astral)}])"


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
                nfkc("NFKC", ch) == ch
                and category(ch)[0] not in "MZ"
                and not combining(ch)
                and cp not in special
                and len(ch.lower()) == 1
                and cp != 0x03A3  # Σ: str.lower() would give ς at a word end
                and not 0x1160 <= cp <= 0x11FF
            ):
                continue  # safe: only str.lower() applies, per character
            folded = "".join(fold_char(x) for x in nfkc("NFKC", ch))
            if len(folded) == 1 and folded.lower() == folded and _is_boundary(ch) and _is_boundary(folded):
                if folded != ch:
                    table[cp] = folded
            else:
                complex_cps.append(cp)
    return table, _to_ranges(complex_cps), _to_ranges(list(table))


def _cache_file() -> str | None:
    try:
        from auditor import data

        key = f"{unicodedata.unidata_version}-{_TABLES_VERSION}-{sys.version_info[:2]}"
        tag = hashlib.blake2b(key.encode(), digest_size=8).hexdigest()
        return os.path.join(str(data.cache_dir()), f"normalize-{tag}.marshal")
    except Exception:  # pragma: no cover - no usable cache directory
        return None


def _load_or_build_classes() -> tuple[dict[int, str], list, list]:
    path = _cache_file()
    if path:
        try:
            with open(path, "rb") as fh:
                version, unidata, table, complex_ranges, simple_ranges = marshal.load(fh)
            if version == _TABLES_VERSION and unidata == unicodedata.unidata_version:
                return table, complex_ranges, simple_ranges
        except (OSError, ValueError, EOFError, TypeError):
            pass
    table, complex_ranges, simple_ranges = _build_classes()
    if path:
        try:
            fd, tmp = tempfile.mkstemp(dir=os.path.dirname(path), prefix=".normalize-", suffix=".tmp")
            with os.fdopen(fd, "wb") as fh:
                marshal.dump(
                    (_TABLES_VERSION, unicodedata.unidata_version, table, complex_ranges, simple_ranges), fh
                )
            os.replace(tmp, path)
        except OSError:
            pass
    return table, complex_ranges, simple_ranges
