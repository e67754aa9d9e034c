"""The data model: one text per document, every span an offset into it.

Every stage of the pipeline is a plain function over these frozen dataclasses.
Offsets (``start``/``end``) are character offsets into ``Document.text``;
``line``/``column`` (1-based) lead back to the decoded source file.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Any

from auditor.model.positions import KeyedText, LazyLines, align
# The vocabularies are defined in vocabulary.py; also importable from here.
from auditor.model.vocabulary import CATEGORIES, LANGUAGES, SEGMENT_KINDS, SEVERITIES, SEVERITY_RANK  # noqa: F401


_new_object = object.__new__
_set_attribute = object.__setattr__


def filled(cls: type, fields: dict) -> Any:
    """``cls(**fields)`` for a frozen dataclass of this module given every one of its fields
    in declaration order, at a third to a half of the cost: the dataclass's ``__init__``
    sets each field through ``object.__setattr__``, this sets the instance dictionary once.
    For the records made by the thousand on the hot path (blocks, links, entities,
    segments, comments; tests/test_fastpath_equivalence.py checks they equal the
    dataclass's own)."""
    record = _new_object(cls)
    _set_attribute(record, "__dict__", fields)
    return record


@dataclass(frozen=True)
class Link:
    """An anchor found in the page: ``start``/``end`` cover its text in Document.text."""

    href: str
    start: int
    end: int
    hidden: bool = False


@dataclass(frozen=True)
class Comment:
    """A source comment (HTML ``<!-- -->``), kept for in-page waivers."""

    text: str
    line: int
    column: int
    offset: int  # Document.text offset of the next block, for "next line" waivers


@dataclass(frozen=True)
class Block:
    """One unit of reading-order text produced by a parser.

    ``cues`` are structural hints the segmenter reads: ancestor landmarks
    (``nav``, ``header``, ``footer``, ``aside``, ``main``, ``article``, ``dialog``),
    class/id tokens (``menu``, ``breadcrumb``, ``modal``, ``popup``, ``cookie``,
    ``disclaimer`` ...), ``hidden``, ``link-list``, ``emphasis``, ``table``,
    ``title``, ``button``.
    """

    start: int
    end: int
    line: int
    column: int
    tag: str = "p"
    heading: int = 0  # 1-6 for headings, 0 otherwise
    cues: frozenset[str] = frozenset()
    link_chars: int = 0  # characters of the block inside <a> (link density)
    hidden: bool = False
    # Which hiding element (a pop-up, a dialog) hid the block: 1, 2, ... in document order,
    # 0 when visible. Internal to segmentation (dialog boundaries); in no output.
    dialog: int = 0


@dataclass(frozen=True)
class Segment:
    """A run of blocks of one kind, in one language."""

    id: int
    kind: str
    lang: str
    start: int
    end: int
    line: int
    column: int
    hidden: bool = False
    heading: str | None = None  # the heading text that opened a section, if any


@dataclass(frozen=True)
class Entity:
    """Something a recognizer found, with why it matched."""

    type: str  # approval_number, product, dev_code, date, link, statutory_number ...
    start: int
    end: int
    value: str  # normalized value, e.g. "CN-123456" or "2026-03-19"
    label: str = ""  # e.g. "release_date", "expiry", "approved", "malformed"
    explanation: str = ""
    attrs: tuple[tuple[str, Any], ...] = ()

    def attr(self, name: str, default: Any = None) -> Any:
        for key, val in self.attrs:
            if key == name:
                return val
        return default


@dataclass(frozen=True)
class Finding:
    """One reported problem on a page."""

    rule: str
    category: str
    severity: str
    message: str
    line: int
    column: int
    segment: int | None
    evidence: str
    start: int
    end: int
    fix: str = ""
    title: str = ""
    references: tuple[str, ...] = ()
    explanation: str = ""
    source: str = ""
    waiver: dict | None = None  # set when an in-page or file waiver applies


@dataclass
class Document:
    """A decoded, parsed and segmented page.

    ``text`` is the page's reading-order text (blocks joined by newlines);
    ``source_text`` is the decoded source, kept so offsets map to line/column.
    """

    source: str
    format: str
    encoding: str
    text: str
    source_text: str = ""
    blocks: tuple[Block, ...] = ()
    segments: tuple[Segment, ...] = ()
    language: str = "und"
    links: tuple[Link, ...] = ()
    comments: tuple[Comment, ...] = ()
    meta: dict[str, Any] = field(default_factory=dict)
    decode_errors: int = 0
    error: str | None = None  # set for input-error documents
    norm: Any = field(default=None, repr=False, compare=False)  # normalize.Normalized of text
    _line_starts: Any = field(default=None, repr=False, compare=False)
    _seg_starts: Any = field(default=None, repr=False, compare=False)
    _keys: Any = field(default=None, repr=False, compare=False)  # block index -> aligned keys
    # What later stages compute on the page, each under its name and for the setting it
    # was computed with (the recognizers' "entities" for one profile): see annotate().
    annotations: dict[str, tuple[Any, Any]] = field(default_factory=dict, repr=False, compare=False)

    def annotate(self, name: str, owner: Any, value: Any) -> Any:
        """Keep ``value`` as the page's annotation ``name``, computed for ``owner``; returns it."""
        self.annotations[name] = (owner, value)
        return value

    def annotation(self, name: str, owner: Any, default: Any = None) -> Any:
        """The annotation ``name`` if it was computed for this very ``owner``, else ``default``."""
        stored = self.annotations.get(name)
        return stored[1] if stored is not None and stored[0] is owner else default

    def locate(self, offset: int) -> tuple[int, int]:
        """(line, column) in the decoded source of the character at text ``offset``.

        Parsers give each block's source position; from there the block's text is aligned
        with the source (tags, comments, Markdown markup and collapsed white space skipped,
        entities decoded), so a finding points at the character where its evidence starts,
        also inside wrapped paragraphs and on one-line pages. The alignment is built only
        for blocks that are asked about (most blocks never carry evidence)."""
        i = self._block_index(offset)
        if i is None:
            return (self.blocks[-1].line, self.blocks[-1].column) if self.blocks else (1, 1)
        b = self.blocks[i]
        if not self.source_text:
            return b.line, b.column
        if self._line_starts is None:
            self._line_starts = LazyLines(self.source_text)
        index = self._line_starts
        base = index.line_start(b.line) + b.column - 1
        pos = self._source_offset(i, base, offset)
        if pos is None:
            pos = self._probe(b, base, offset)
        return index.line_col(pos) if pos is not None else (b.line, b.column)

    def _source_offset(self, i: int, base: int, offset: int) -> int | None:
        """Source offset of the first character at or after text ``offset`` in block ``i``."""
        b = self.blocks[i]
        cache = self._keys
        if cache is None:
            cache = self._keys = {}
        entry = cache.get(i)
        if entry is None:
            entry = cache[i] = [KeyedText.of_text(self.text, b.start, b.end), None, base, self._window_end(i, base)]
        txt, src, end, last = entry
        k = txt.index_at(offset)
        if k >= len(txt.key):  # only white space or markup left in the block
            return None
        # Key the source only as far as this offset needs (a few times the text's length
        # covers the markup); the whole window only when that is not enough.
        want = min(last, base + 8 * (offset - b.start) + 4096)
        if src is None or end < want:
            src = entry[1] = KeyedText.of_source(self.source_text, base, want, self.format)
            end = entry[2] = want
        at = align(src, txt, k, strict=end < last)
        if end < last and (at is None or at + len(txt.key) - k > len(src.key)):  # ran out of source
            src = entry[1] = KeyedText.of_source(self.source_text, base, last, self.format)
            end = entry[2] = last
            at = align(src, txt, k)
        if at is None:
            return None
        pos = src.offset(at)
        # Evidence that begins with markup characters ("#1", "*p<0.05"): step back over them.
        lead = "".join(self.text[offset:txt.offset(k)].split())
        if lead:
            src_text, at = self.source_text, pos
            for ch in reversed(lead):
                while at > base and src_text[at - 1].isspace():
                    at -= 1
                if at <= base or src_text[at - 1] != ch:
                    return pos
                at -= 1
            pos = at
        return pos

    def _window_end(self, i: int, base: int) -> int:
        """Where block ``i``'s text ends at the latest in the source: the next block that
        starts after it (nested HTML blocks can share a start), within a bound."""
        index = self._line_starts
        b = self.blocks[i]
        limit = min(len(self.source_text), base + 32 * (b.end - b.start) + 65_536)
        for nb in self.blocks[i + 1:i + 65]:
            nbase = index.line_start(nb.line) + nb.column - 1
            if nbase > base:
                return min(nbase, limit)
        return limit

    def _probe(self, b: Block, base: int, offset: int) -> int | None:
        """The text after ``offset`` searched for verbatim in the source (text that is not
        in the source's text flow, such as a button's ``value`` attribute)."""
        probe = self.text[offset:min(b.end, offset + 24)].split("\n")[0]
        if not probe.strip():
            return None
        pos = self.source_text.find(probe, base, base + 200_000)
        return None if pos == -1 else pos

    def block_at(self, offset: int) -> Block | None:
        """The block containing ``offset`` (binary search; blocks are ordered)."""
        i = self._block_index(offset)
        return None if i is None else self.blocks[i]

    def _block_index(self, offset: int) -> int | None:
        lo, hi = 0, len(self.blocks) - 1
        while lo <= hi:
            mid = (lo + hi) // 2
            b = self.blocks[mid]
            if offset < b.start:
                hi = mid - 1
            elif offset >= b.end + 1:  # the separator after a block belongs to it
                lo = mid + 1
            else:
                return mid
        return None

    def segment_at(self, offset: int) -> Segment | None:
        """The segment containing ``offset`` (binary search; segments are ordered)."""
        starts = self._seg_starts
        if starts is None or len(starts) != len(self.segments):
            starts = self._seg_starts = [s.start for s in self.segments]
        i = bisect.bisect_right(starts, offset) - 1
        if i < 0:
            return None
        seg = self.segments[i]
        return seg if offset < max(seg.end, seg.start + 1) else None
