"""Helpers shared by the recognizers (not part of the public API)."""
from __future__ import annotations

import bisect
import re
import unicodedata
from functools import cached_property
from typing import Sequence

from auditor.read.normalize import Normalized, normalize
from auditor.support.chars import HAN_A_TO_BASIC

# Sentence ends in the ORIGINAL text: CJK and ASCII terminators, line breaks, and a full
# stop followed by white space and something that starts a sentence.
# Runs of terminators and the space after them end one sentence ("。\n" is one end, not two).
# Written as one terminator, each full stop checked by its look-aheads, then more of them:
# a pattern that starts with one character class lets the regex engine skip to those
# characters instead of trying every position (3-4x faster on a page than the alternation
# "(?:[。！？；!?;\n]|[.．](?=...)|[.．](?=\s*$))+\s*" it stands for; test_hotpath_equivalence).
_SENT_END_ONE = r"[。！？；!?;\n.．](?:(?<![.．])|(?=\s+[A-Z" + HAN_A_TO_BASIC + r"“\"'(（\[])|(?=\s*$))"
_SENT_END = re.compile(_SENT_END_ONE + "(?:" + _SENT_END_ONE + r")*\s*")
_HAS_LOWER = re.compile(r"[a-z]")
_match_end = re.Match.end


def fold(term: str) -> str:
    """A word or phrase in the folded form recognizers match against."""
    return normalize(term).text.strip()


def orig(norm: Normalized, start: int, end: int) -> tuple[int, int]:
    """Original offsets of a normalized span."""
    s, e = norm.original_span(start, end)
    return int(s), int(e)


def cased(doc_text: str, norm: Normalized, start: int, end: int) -> str:
    """``norm.text[start:end]`` with the letter case of the original page restored.

    Normalization lower-cases Latin; codes and numbers are case-sensitive (AZD1234 vs
    "azd1234"), so matches are re-cased from the page's own (NFKC-folded) characters.
    """
    seg = norm.text[start:end]
    if not _HAS_LOWER.search(seg):
        return seg
    index = norm.index
    n = len(doc_text)
    out = []
    for i in range(start, end):
        c = norm.text[i]
        if "a" <= c <= "z":
            j = index[i]
            if j < n:
                o = doc_text[j]
                if o != c:
                    f = unicodedata.normalize("NFKC", o)
                    if len(f) == 1 and f != c and f.lower() == c:
                        c = f
        out.append(c)
    return "".join(out)


# "\d+" written "\d\d*" (the same matches): a pattern that starts with a character class
# lets the regex engine skip to the digits instead of trying every position (1.5x faster).
_DIGIT_RUN = re.compile(r"\d\d*")
_runs_last: tuple = (None, [])  # (the last text, its digit runs)


def digit_runs(text: str) -> list[tuple[int, int]]:
    """``[m.span() for m in re.finditer(r"\\d+", text)]``: the runs of (any decimal) digits
    where the date and the product-code patterns can start, found once for the last text
    (the recognizers read the same page one after another)."""
    global _runs_last
    last = _runs_last
    if last[0] is not text:
        last = _runs_last = (text, [m.span() for m in _DIGIT_RUN.finditer(text)])
    return last[1]


class Sentences:
    """Sentence spans of a text (original offsets), for 'same sentence' tests."""

    def __init__(self, text: str, max_len: int = 600):
        self.text = text
        self.max_len = max_len

    @cached_property
    def starts(self) -> list[int]:
        # Split on first use: most pages never ask (no product, trial ID or "near" rule hit).
        starts = [0]
        starts.extend(map(_match_end, _SENT_END.finditer(self.text)))
        starts.append(len(self.text) + 1)
        return starts

    def index(self, pos: int) -> int:
        return bisect.bisect_right(self.starts, pos) - 1

    def span(self, pos: int) -> tuple[int, int]:
        """The sentence containing ``pos``, clipped to ``max_len`` characters either side."""
        i = self.index(pos)
        s, e = self.starts[i], min(self.starts[i + 1], len(self.text))
        return max(s, pos - self.max_len), min(e, pos + self.max_len)


def sentences_of(doc) -> Sentences:
    """The sentences of ``doc.text``, split once per document (kept as its annotation
    ``"sentences"``) for the recognizers and the rules alike."""
    found = doc.annotation("sentences", doc.text)
    if found is None:
        found = doc.annotate("sentences", doc.text, Sentences(doc.text))
    return found


class SpanSet:
    """Disjoint spans, for 'already reported here?' tests in O(log n)."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect.bisect_left(self.starts, end)  # spans starting before ``end``
        return i > 0 and self.ends[i - 1] > start

    def add(self, start: int, end: int) -> None:
        i = bisect.bisect_left(self.starts, start)
        self.starts.insert(i, start)
        self.ends.insert(i, end)


def line_span(text: str, pos: int) -> tuple[int, int]:
    s = text.rfind("\n", 0, pos) + 1
    e = text.find("\n", pos)
    return s, (len(text) if e < 0 else e)


def alternation(terms: Sequence[str]) -> str:
    """Regex alternation of already-escaped sources, longest first (the longest wins)."""
    uniq = sorted(set(terms), key=lambda t: (-len(t), t))
    return "|".join(uniq)


def re2_phrase(folded: str, plural: bool = False) -> str:
    """A folded phrase as an RE2 source: spaces and hyphens interchangeable, Latin on
    ASCII word boundaries (which also hold between a Latin letter and a Han character)."""
    parts = [re.escape(p) for p in re.split(r"[\s\-]+", folded) if p]
    body = r"[\s\-]+".join(parts)
    if re.match(r"[a-z0-9]", folded):
        body = r"\b" + body
    if re.search(r"[a-z0-9]$", folded):
        body += (r"(?:s|es)?" if plural and folded[-1].isalpha() else "") + r"\b"
    return body


def compile_re2(sources: Sequence[str]):
    """One RE2 alternation (linear time, however many phrases a profile lists)."""
    import re2  # (only when a profile has phrases)

    return re2.compile(alternation(sources)) if sources else None


class BoundedRe2:
    r"""A profile's pattern in RE2 (linear time, whatever the profile says), with the
    token boundaries the recognizers need, which RE2 has no look-around for: no code
    character before the match (checked here) and none after it (matched as one
    consumed character, then left out of the match). Same ``match``/``finditer``
    results as ``re`` with ``(?<![a-z0-9_\-])(?:src)(?![a-z0-9_]|-[a-z0-9])``, IGNORECASE.
    """

    _BEFORE = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-")

    def __init__(self, src: str) -> None:
        import re2  # (only when a profile has phrases)

        self.pattern = src
        self._rx = re2.compile(r"(?i)((?:" + src + r"))(?:\z|[^a-z0-9_\-]|-(?:\z|[^a-z0-9]))")

    def _ok_before(self, text: str, s: int) -> bool:
        return s == 0 or text[s - 1] not in self._BEFORE

    def match(self, text: str, pos: int = 0):
        if not self._ok_before(text, pos):
            return None
        m = self._rx.match(text, pos)
        return _Span(m.start(1), m.end(1)) if m else None

    def finditer(self, text: str):
        pos, n = 0, len(text)
        while pos <= n:
            m = self._rx.search(text, pos)
            if m is None:
                return
            s, e = m.start(1), m.end(1)
            if not self._ok_before(text, s):
                pos = s + 1
                continue
            yield _Span(s, e)
            pos = e if e > s else e + 1


class _Span:
    __slots__ = ("_s", "_e")

    def __init__(self, s: int, e: int) -> None:
        self._s, self._e = s, e

    def start(self) -> int:
        return self._s

    def end(self) -> int:
        return self._e


def quote_list(words: Sequence[str]) -> str:
    return ", ".join(f"'{w}'" for w in words)
