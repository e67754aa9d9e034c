"""Markdown-like text scraped from a page -> ParsedPage.

Line based and forgiving (scraped Markdown is rarely CommonMark-clean):

- ``#``..``######`` headings (and ``===``/``---`` under a one-line paragraph);
- list items (``-``, ``*``, ``+``, ``1.``) are ``li`` blocks; an item that is mostly a
  link (``- [text](url)``) gets the ``link-list`` cue;
- ``[text](url)``, ``[text][ref]`` and ``<https://...>`` give their text and a Link
  (the URL is not in the text); images ``![alt](src)`` are dropped;
- ``*emphasis*``, ``**strong**``, ``_x_``, ``~~x~~`` and backticks are stripped (cue
  ``emphasis`` when the whole block is emphasised); inline HTML tags are dropped and
  entities decoded;
- ``| a | b |`` table rows become one ``td`` block each, cells joined by ``" | "``,
  cue ``table``; the ``|---|`` rule row is dropped, as are ``---`` rules;
- ``<!-- comments -->`` become Comments; blank lines separate paragraphs, and the
  lines of a paragraph join with a space (none between two CJK characters) when the
  text is hard-wrapped. Scraped Markdown without blank lines (one line per paragraph)
  is told apart by line-length statistics (``text.hard_wrapped``): there every line is
  a paragraph unless it plainly stops mid-sentence.

A block's line/column is where its text starts in the source (after ``#``, ``-``,
``>`` or ``|`` markers).
"""
from __future__ import annotations

import bisect
import html as htmllib
import re

from auditor.read.parse import STRIP_CHARS, PageBuilder, ParsedPage, Piece, empty_meta, split_lines
from auditor.read.parse.text import hard_wrapped, line_goes_on

__all__ = ["parse_markdown"]

_NOT_NEWLINE = re.compile(r"[^\r\n]")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+|$)")
_ATX_CLOSE = re.compile(r"[ \t]+#+[ \t]*$|^#+[ \t]*$")
_SETEXT = re.compile(r"^ {0,3}(?:={2,}|-{2,})[ \t]*$")
_HR = re.compile(r"^ {0,3}(?:(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,}|(?:=[ \t]*){3,})$")
_REFDEF = re.compile(r"^ {0,3}\[([^\]]+)\]:[ \t]*<?([^\s>]+)>?(?:[ \t]+.*)?$")
_LIST = re.compile(r"^([ \t]*)(?:[-*+\u2022]|\d{1,9}[.)])[ \t]+(?=\S)")
_QUOTE = re.compile(r"^[ \t]{0,3}(?:>[ \t]?)+")
_TABLE_RULE = re.compile(r"^[ \t]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$")
_CELL_SPLIT = re.compile(r"(?<!\\)\|")
_FRONT_KEY = re.compile(r"^([A-Za-z_][\w.-]*)[ \t]*:[ \t]*(.*)$")

_LABEL = r"(?:[^\[\]\\]|\\.|\[[^\[\]]*\])*"
_DEST = (
    r"\([ \t]*(?:<(?P<{0}1>[^<>\n]*)>|(?P<{0}2>[^()\s]*(?:\([^()\s]*\)[^()\s]*)*))"
    r"(?:[ \t]+(?:\"[^\"]*\"|'[^']*'|\([^()]*\)))?[ \t]*\)"
)
# Spans are bounded (1,000 characters) so that unclosed delimiters cannot make a long
# line quadratic.
_INLINE = re.compile(
    r"(?P<esc>\\[!-/:-@\[-`{-~])"
    r"|(?P<img>!\[" + _LABEL + r"\]" + _DEST.format("isrc") + r")"
    r"|(?P<link>\[(?P<label>" + _LABEL + r")\]" + _DEST.format("href") + r")"
    r"|(?P<ref>\[(?P<rlabel>" + _LABEL + r")\]\[(?P<rid>[^\[\]]*)\])"
    r"|(?P<auto><(?P<aurl>(?:https?|ftp)://[^<>\s]+|mailto:[^<>\s]+)>)"
    r"|(?P<code>(?P<ticks>`+)(?P<ctext>.{1,1000}?)(?P=ticks))"
    r"|(?P<tag></?[A-Za-z][A-Za-z0-9:-]*(?:\s[^<>]*)?/?>)"
    r"|(?P<ent>&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});)"
    r"|(?P<strike>~~(?=\S)(?P<stext>.{1,1000}?)(?<=\S)~~)"
    r"|(?P<emph>(?P<d>\*\*\*|\*\*|\*|___|__|_)(?=\S)(?P<etext>.{1,1000}?)(?<=\S)(?P=d))"
)
_SPACES = re.compile(r"[ \t\r\n\f]+")


class _Emit:
    """Collects inline output: text, link spans and emphasis counts."""

    def __init__(self) -> None:
        self.out: list[str] = []
        self.n = 0
        self.last = ""
        self.links: list[tuple[str, int, int]] = []
        self.emph = 0
        self.solid = 0

    def text(self, t: str, emph: bool) -> None:
        if not t:
            return
        t = _SPACES.sub(" ", t)
        if t[0] == " " and (self.n == 0 or self.last == " "):
            t = t[1:]
            if not t:
                return
        self.out.append(t)
        self.n += len(t)
        self.last = t[-1]
        solid = len(t) - t.count(" ")
        self.solid += solid
        if emph:
            self.emph += solid

    def piece(self, line: int, column: int, pos: int) -> Piece:
        text = "".join(self.out)
        stripped = text.rstrip(" ")
        n = len(stripped)
        links = []
        for href, a, b in self.links:
            a, b = min(a, n), min(b, n)
            while a < b and stripped[a] == " ":
                a += 1
            while b > a and stripped[b - 1] == " ":
                b -= 1
            links.append((href, a, b))
        return Piece(stripped, line, column, pos, links, self.emph, self.solid)


def _scan(s: str, emph: bool, refs: dict[str, str], e: _Emit) -> None:
    pos = 0
    while True:
        m = _INLINE.search(s, pos)
        if m is None:
            e.text(s[pos:], emph)
            return
        e.text(s[pos:m.start()], emph)
        pos = m.end()
        if m.group("esc") is not None:
            e.text(m.group("esc")[1], emph)
        elif m.group("img") is not None:
            pass  # images are dropped
        elif m.group("link") is not None:
            href = m.group("href1") if m.group("href1") is not None else m.group("href2")
            start = e.n
            _scan(m.group("label"), emph, refs, e)
            e.links.append((href.strip(STRIP_CHARS), start, e.n))
        elif m.group("ref") is not None:
            key = (m.group("rid") or m.group("rlabel")).strip(STRIP_CHARS).lower()
            href = refs.get(key)
            if href is None:
                e.text("[", emph)
                _scan(m.group("rlabel"), emph, refs, e)
                e.text("]", emph)
                pos = m.start("rid") - 1  # the second bracket is text too
            else:
                start = e.n
                _scan(m.group("rlabel"), emph, refs, e)
                e.links.append((href, start, e.n))
        elif m.group("auto") is not None:
            start = e.n
            e.text(m.group("aurl"), emph)
            e.links.append((m.group("aurl"), start, e.n))
        elif m.group("code") is not None:
            e.text(m.group("ctext"), emph)
        elif m.group("tag") is not None:
            if m.group("tag")[1:3].lower() == "br":
                e.text(" ", emph)
        elif m.group("ent") is not None:
            e.text(htmllib.unescape(m.group("ent")), emph)
        elif m.group("strike") is not None:
            _scan(m.group("stext"), emph, refs, e)
        else:
            d = m.group("d")
            if d[0] == "_":
                before = s[m.start() - 1] if m.start() else ""
                after = s[m.end()] if m.end() < len(s) else ""
                if before.isalnum() or after.isalnum():  # snake_case, not emphasis
                    e.text(s[m.start()], emph)
                    pos = m.start() + 1
                    continue
            _scan(m.group("etext"), True, refs, e)


def _piece(s: str, start: int, line_no: int, line_start: int, refs: dict[str, str]) -> Piece:
    """Inline-process ``s`` (a stripped slice of the source starting at offset ``start``)."""
    e = _Emit()
    _scan(s, False, refs, e)
    return e.piece(line_no, start - line_start + 1, start)


def _content(raw: str, offset: int, from_col: int = 0) -> tuple[str, int]:
    """``raw[from_col:]`` stripped, and the source offset where it starts."""
    rest = raw[from_col:]
    lead = len(rest) - len(rest.lstrip(STRIP_CHARS))
    return rest.strip(STRIP_CHARS), offset + from_col + lead


def _front_matter(lines: list[tuple[str, int]], meta: dict) -> int:
    """Read a leading ``---`` YAML-ish block into ``meta``; return the lines it used."""
    if not lines or lines[0][0].strip(STRIP_CHARS) != "---":
        return 0
    for j in range(1, min(len(lines), 80)):
        s = lines[j][0].strip(STRIP_CHARS)
        if s in ("---", "..."):
            break
        if j == 1 and not _FRONT_KEY.match(s):
            return 0
    else:
        return 0
    for raw, _ in lines[1:j]:
        m = _FRONT_KEY.match(raw.strip(STRIP_CHARS))
        if not m:
            continue
        key, value = m.group(1).lower(), m.group(2).strip(STRIP_CHARS).strip("\"'")
        if not value:
            continue
        if key == "title" and meta["title"] is None:
            meta["title"] = value
        elif key in ("date", "published", "pubdate", "publish_date", "published_time") and meta["published_time"] is None:
            meta["published_time"] = value
        elif key in ("lang", "language") and meta["html_lang"] is None:
            meta["html_lang"] = value
        elif key == "canonical" and meta["canonical"] is None:
            meta["canonical"] = value
    return j + 1


def _is_table_row(raw: str) -> bool:
    return "|" in raw and bool(raw.strip(STRIP_CHARS))


def _cells(raw: str, offset: int) -> list[tuple[str, int]]:
    """Non-empty cells of a table row as (stripped text, source offset)."""
    out = []
    bounds = [-1] + [m.start() for m in _CELL_SPLIT.finditer(raw)] + [len(raw)]
    for a, b in zip(bounds, bounds[1:]):
        cell = raw[a + 1:b]
        text = cell.strip(STRIP_CHARS)
        if text:
            out.append((text, offset + a + 1 + len(cell) - len(cell.lstrip(STRIP_CHARS))))
    return out


def _paragraph_line(raw: str) -> bool:
    """A line that would be paragraph text (not blank, a heading, a list item, a rule or a table row)."""
    return bool(raw.strip(STRIP_CHARS)) and not (
        _ATX.match(raw) or _LIST.match(raw) or _HR.match(raw) or _FENCE.match(raw) or _SETEXT.match(raw)
        or raw.lstrip(STRIP_CHARS).startswith("|"))


def _goes_on(text: str, nraw: str) -> bool:
    """In Markdown that is not hard-wrapped: does a paragraph line go on in the next line?"""
    if _SETEXT.match(nraw):
        return True  # the line is a setext heading's text
    if not _paragraph_line(nraw):
        return False
    return line_goes_on(text, nraw.strip(STRIP_CHARS))


def parse_markdown(source: str) -> ParsedPage:
    if source.startswith("\ufeff"):  # a BOM left by the decoder: a space keeps every column
        source = " " + source[1:]
    comments: list[tuple[str, int, int, int]] = []
    masked = source
    if "<!--" in source:
        starts = [off for _, off in split_lines(source)]
        chunks: list[str] = []
        pos = 0
        while True:
            a = source.find("<!--", pos)
            if a == -1:
                break
            b = source.find("-->", a + 4)
            if b == -1:  # unterminated: not a comment (and no later one can close either)
                break
            b += 3
            ln = bisect.bisect_right(starts, a)
            comments.append((source[a + 4:b - 3].strip(STRIP_CHARS), ln, a - starts[ln - 1] + 1, b))
            chunks.append(source[pos:a])
            chunks.append(_NOT_NEWLINE.sub(" ", source[a:b]))  # same length: columns stay exact
            pos = b
        if comments:
            chunks.append(source[pos:])
            masked = "".join(chunks)
    lines = split_lines(masked)
    meta = empty_meta()
    refs: dict[str, str] = {}
    for raw, _ in lines:
        if "]:" in raw:
            m = _REFDEF.match(raw)
            if m:
                refs.setdefault(m.group(1).strip(STRIP_CHARS).lower(), m.group(2))
    b = PageBuilder()
    para: list[Piece] = []

    def flush() -> None:
        if para:
            b.add(para, "p")
            para.clear()

    n = len(lines)
    i = _front_matter(lines, meta)
    wrapped = hard_wrapped([raw.strip(STRIP_CHARS) for raw, _ in lines[i:] if _paragraph_line(raw)])
    while i < n:
        raw, off = lines[i]
        line_no = i + 1
        if not raw.strip(STRIP_CHARS):
            flush()
            i += 1
            continue
        m = _FENCE.match(raw)
        if m:
            flush()
            fence = m.group(1)
            i += 1
            while i < n and not lines[i][0].lstrip(STRIP_CHARS).startswith(fence):
                text, pos = _content(*lines[i])
                if text:
                    b.add([Piece(_SPACES.sub(" ", text), i + 1, pos - lines[i][1] + 1, pos)], "p")
                i += 1
            i += 1
            continue
        m = _ATX.match(raw)
        if m:
            flush()
            level = len(m.group(1))
            rest = _ATX_CLOSE.sub("", raw[m.end():])
            text, pos = _content(rest, off + m.end())
            if text:
                b.add([_piece(text, pos, line_no, off, refs)], f"h{level}", heading=level)
            i += 1
            continue
        if len(para) == 1 and _SETEXT.match(raw):
            level = 1 if "=" in raw else 2
            b.add(para, f"h{level}", heading=level)
            para.clear()
            i += 1
            continue
        if _HR.match(raw):
            flush()
            i += 1
            continue
        if "]:" in raw and _REFDEF.match(raw):
            flush()
            i += 1
            continue
        if _is_table_row(raw) and (
            raw.lstrip(STRIP_CHARS).startswith("|") or (i + 1 < n and _TABLE_RULE.match(lines[i + 1][0]) and "|" in lines[i + 1][0])
        ):
            flush()
            while i < n and _is_table_row(lines[i][0]):
                row, roff = lines[i]
                if not _TABLE_RULE.match(row):
                    ls = lines[i][1]
                    pieces = [_piece(t, p, i + 1, ls, refs) for t, p in _cells(row, roff)]
                    b.add(pieces, "td", cues=("table",), sep=" | ")
                i += 1
            continue
        m = _LIST.match(raw)
        if m:
            flush()
            indent = len(m.group(1))
            text, pos = _content(raw, off, m.end())
            items = [_piece(text, pos, line_no, off, refs)]
            i += 1
            while i < n:
                nraw, noff = lines[i]
                if not nraw.strip(STRIP_CHARS) or _LIST.match(nraw) or _ATX.match(nraw) or _HR.match(nraw):
                    break
                if len(nraw) - len(nraw.lstrip(STRIP_CHARS)) <= indent:
                    break
                text, pos = _content(nraw, noff)
                items.append(_piece(text, pos, i + 1, noff, refs))
                i += 1
            b.add(items, "li")
            continue
        if raw.strip(STRIP_CHARS) in ("-", "*", "+"):
            flush()  # an empty list item ("- " with nothing after it)
            i += 1
            continue
        m = _QUOTE.match(raw)
        start_col = m.end() if m else 0
        text, pos = _content(raw, off, start_col)
        if text:
            para.append(_piece(text, pos, line_no, off, refs))
            if not wrapped and not _goes_on(text, lines[i + 1][0] if i + 1 < n else ""):
                flush()  # one line per paragraph: the line is the paragraph
        i += 1
    flush()
    return b.build(comments, meta)
