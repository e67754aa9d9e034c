"""Parsers: decoded text -> ``ParsedPage(text, blocks, links, comments, meta)``.

One parser per input format (``html.py`` with lxml, ``markdown.py`` for Markdown-like
scraped text, ``text.py`` for plain text); ``sniff.py`` guesses the format.

Every parser gives the same shape (docs/architecture.md, "ParsedPage"):

- ``text`` is the reading-order text: the block texts joined by ``"\\n"``;
  ``text[b.start:b.end]`` is exactly block ``b``'s text and no block is empty;
- every block carries its 1-based ``line``/``column`` in the decoded source;
- ``links`` cover their anchor text in ``text``; ``comments`` keep ``<!-- -->``
  comments (for in-page waivers) with the text offset of the next block.

This module also holds the small helpers the line-based parsers share.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Any, Iterable, Sequence

from auditor.model.document import Block, Comment, Link, filled
from auditor.model.positions import NEWLINE, LineIndex
from auditor.support.chars import WIDE_CLASS  # Han, kana, CJK punctuation, full-width forms

__all__ = ["FORMATS", "INPUT_FORMATS", "ParsedPage", "parse", "sniff_with_reason", "sniff_format", "empty_meta"]

FORMATS = ("html", "markdown", "text")
# What --input-format and the input-format configuration key accept.
INPUT_FORMATS = ("auto",) + FORMATS
_ALIASES = {"htm": "html", "xhtml": "html", "md": "markdown", "txt": "text", "plain": "text"}


@dataclass(frozen=True)
class ParsedPage:
    """What a parser returns; ``pipeline.load_document`` turns it into a Document."""

    text: str
    blocks: tuple[Block, ...] = ()
    links: tuple[Link, ...] = ()
    comments: tuple[Comment, ...] = ()
    meta: dict[str, Any] = field(default_factory=dict)


def empty_meta() -> dict[str, Any]:
    """The meta keys every parser sets (``None``/empty when the input has none)."""
    return {
        "title": None,
        "html_lang": None,
        "published_time": None,
        "canonical": None,
        "alternates": [],
        "base": None,
    }


def parse(text: str, fmt: str | None) -> ParsedPage:
    """Parse decoded ``text`` as ``fmt`` (``html``, ``markdown`` or ``text``).

    ``None`` or ``"auto"`` sniffs the format from the content. Malformed input never
    raises; an unknown format name raises ``ValueError``.
    """
    if fmt is None or fmt == "auto":
        fmt = sniff_format("-", text)
    fmt = _ALIASES.get(fmt.lower(), fmt.lower())
    if fmt == "html":
        from auditor.read.parse.html import parse_html  # a real cycle: the parsers import this package

        return parse_html(text)
    if fmt == "markdown":
        from auditor.read.parse.markdown import parse_markdown  # a real cycle (as above)

        return parse_markdown(text)
    if fmt == "text":
        from auditor.read.parse.text import parse_text  # a real cycle (as above)

        return parse_text(text)
    raise ValueError(f"unknown input format {fmt!r} (expected one of {', '.join(FORMATS)})")


def sniff_format(name: str, text: str) -> str:
    """``"html"``, ``"markdown"`` or ``"text"``: by file extension weighed against content."""
    from auditor.read.parse.sniff import sniff_format as _sniff  # only when no format is given

    return _sniff(name, text)


def sniff_with_reason(name: str, text: str) -> tuple[str, str]:
    """``(format, reason)``: the format ``sniff_format`` picks and why, in words."""
    from auditor.read.parse.sniff import sniff as _sniff  # only when no format is given

    return _sniff(name, text)


# --------------------------------------------------------------------------------------
# Shared helpers
# --------------------------------------------------------------------------------------

# WIDE_CLASS as (first, last) code points: is_wide tests a character without compiling
# the character class (a few milliseconds of start-up for every run).
_WIDE_FIRST = [ord(WIDE_CLASS[i]) for i in range(0, len(WIDE_CLASS), 3)]
_WIDE_LAST = [ord(WIDE_CLASS[i + 2]) for i in range(0, len(WIDE_CLASS), 3)]
assert all(WIDE_CLASS[i + 1] == "-" for i in range(0, len(WIDE_CLASS), 3)), "WIDE_CLASS: ranges only"


def __getattr__(name: str):
    if name == "WIDE_RE":  # the same test as a compiled pattern, built when asked for
        global WIDE_RE
        WIDE_RE = re.compile(f"[{WIDE_CLASS}]")
        return WIDE_RE
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def is_wide(ch: str) -> bool:
    """True for a CJK (Han, kana, CJK punctuation, full-width) character."""
    if not ch:
        return False
    cp = ord(ch[0])
    i = bisect.bisect_right(_WIDE_FIRST, cp) - 1
    return i >= 0 and cp <= _WIDE_LAST[i]


def joiner(left: str, right: str) -> str:
    """The separator when two lines of one paragraph join: none between CJK, else a space."""
    if left and right and is_wide(left[-1]) and is_wide(right[0]):
        return ""
    return " "


# White space and invisible characters stripped from the edges of blocks and lines:
# Python's Unicode white space plus zero-width spaces/joiners and stray BOMs.
STRIP_CHARS = (
    " \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
    "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\u200b\u200c\u200d\u2060\ufeff"
)


def split_lines(source: str) -> list[tuple[str, int]]:
    """``(line_text, start_offset)`` for every line; ``\\r\\n``, ``\\r`` and ``\\n`` end lines."""
    out: list[tuple[str, int]] = []
    pos = 0
    for m in NEWLINE.finditer(source):
        out.append((source[pos:m.start()], pos))
        pos = m.end()
    out.append((source[pos:], pos))
    return out


def new_block(start: int, end: int, line: int, column: int, tag: str, heading: int, cues: frozenset,
              link_chars: int, hidden: bool, dialog: int = 0) -> Block:
    """``Block(start, end, ...)`` (all ten fields, in order) through ``filled``, at half the
    cost (tests/test_perf_equivalence.py checks the two give the same object)."""
    return filled(Block, {"start": start, "end": end, "line": line, "column": column, "tag": tag,
                          "heading": heading, "cues": cues, "link_chars": link_chars,
                          "hidden": hidden, "dialog": dialog})


def with_cues(block: Block, cues: frozenset) -> Block:
    """``dataclasses.replace(block, cues=cues)`` at half the cost of even ``new_block``: a
    copy of the block's instance dictionary. mainbody makes one per block of every HTML
    page (tests/test_fastpath_equivalence.py checks the two give the same object)."""
    fields = block.__dict__.copy()
    fields["cues"] = cues
    return filled(Block, fields)


def new_link(href: str, start: int, end: int, hidden: bool) -> Link:
    """``Link(href, start, end, hidden)`` the way ``new_block`` makes a Block (the HTML walk
    makes one per anchor; tests/test_perf_equivalence.py checks the two give the same object)."""
    return filled(Link, {"href": href, "start": start, "end": end, "hidden": hidden})


LINK_LIST_SHARE = 0.6  # a block whose text is at least this share link text is a link list


def link_list_cue(text_len: int, link_chars: int) -> bool:
    return link_chars > 0 and link_chars >= LINK_LIST_SHARE * text_len


@dataclass
class Piece:
    """Inline-processed text of one source line (or table cell) with local link spans."""

    text: str
    line: int
    column: int
    pos: int  # source offset where the piece's content starts
    links: list[tuple[str, int, int]] = field(default_factory=list)  # (href, start, end) in text
    emph: int = 0  # non-space characters inside emphasis
    solid: int = 0  # non-space characters


class PageBuilder:
    """Collects blocks for the line-based parsers (Markdown and plain text)."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.blocks: list[Block] = []
        self.block_pos: list[int] = []  # source offset of each block
        self.links: list[Link] = []

    def add(
        self,
        pieces: Sequence[Piece],
        tag: str = "p",
        heading: int = 0,
        cues: Iterable[str] = (),
        sep: str | None = None,
    ) -> None:
        """Add one block made of ``pieces`` joined by ``sep`` (default: the CJK-aware joiner)."""
        pieces = [p for p in pieces if p.text]
        if not pieces or not any(p.text.strip(STRIP_CHARS) for p in pieces):
            return  # a block of white space only (e.g. `\u3000` in inline code) is no block
        start = self.length + (1 if self.blocks else 0)
        chunks: list[str] = []
        n = 0
        links: list[tuple[str, int, int]] = []
        emph = solid = 0
        prev = ""
        for p in pieces:
            if chunks:
                s = joiner(prev, p.text) if sep is None else sep
                chunks.append(s)
                n += len(s)
            for href, a, b in p.links:
                links.append((href, start + n + a, start + n + b))
            chunks.append(p.text)
            n += len(p.text)
            prev = p.text
            emph += p.emph
            solid += p.solid
        text = "".join(chunks)
        link_chars = 0
        for _, a, b in links:
            link_chars += b - a
        link_chars = min(link_chars, n)
        cue_set = set(cues)
        if solid and emph >= solid:
            cue_set.add("emphasis")
        if link_list_cue(n, link_chars):
            cue_set.add("link-list")
        if self.blocks:
            self.parts.append("\n")
        self.parts.append(text)
        self.length = start + n
        first = pieces[0]
        self.blocks.append(
            Block(
                start=start,
                end=start + n,
                line=first.line,
                column=first.column,
                tag=tag,
                heading=heading,
                cues=frozenset(cue_set),
                link_chars=link_chars,
            )
        )
        self.block_pos.append(first.pos)
        self.links.extend(Link(href, a, b) for href, a, b in links)

    def add_link_without_text(self, href: str) -> None:
        """A link whose text is empty (an image link): an empty span where the text is now."""
        self.links.append(Link(href, self.length, self.length))

    def build(self, comments: Sequence[tuple[str, int, int, int]] = (), meta: dict | None = None) -> ParsedPage:
        """``comments`` are ``(text, line, column, end_offset_in_source)``; each points at the
        first block that starts after it in the source."""
        text = "".join(self.parts)
        out: list[Comment] = []
        for ctext, line, col, end in comments:
            i = bisect.bisect_left(self.block_pos, end)
            offset = self.blocks[i].start if i < len(self.blocks) else len(text)
            out.append(Comment(ctext, line, col, offset))
        return ParsedPage(
            text=text,
            blocks=tuple(self.blocks),
            links=tuple(self.links),
            comments=tuple(out),
            meta=meta if meta is not None else empty_meta(),
        )
