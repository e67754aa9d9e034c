"""Plain text -> ParsedPage.

- Hard-wrapped or not: line-length statistics decide (``hard_wrapped``). Hard-wrapped
  text has a ceiling: no line (or almost none) is wider than ``WRAP_MAX_WIDTH`` display
  columns, or most long lines stop mid-sentence and the next line goes on in lower case.
  Text that is not hard-wrapped has one line per paragraph, heading or table cell, and
  every line is a block of its own (a line that plainly stops mid-sentence still joins
  the next). Scrapes without a single blank line read right this way.
- A very long line (a page collapsed into one line) is split at sentence ends into
  blocks with the cue ``flat``; the segmenter finds the section headings inside them.
- A source trailer glued to the last sentence ("…market.-Fineline Info & Tech") is a
  block of its own with the cue ``source`` (the segmenter makes it metadata).
- In hard-wrapped text, blank lines separate paragraphs; the lines of a paragraph join
  with a space (none between two CJK characters). Two exceptions keep distinct
  paragraphs apart: a line ending a Chinese sentence (。！？) followed by a line starting
  with a CJK character starts a new block (Chinese text is rarely hard-wrapped, so such
  lines are paragraphs), and a group of short lines with no sentence punctuation (a
  scraped menu, a contact block) gives one block per line.
- Text that is not hard-wrapped: a run of at least ``CELL_RUN_MIN`` short lines without
  sentence ends is a table flattened one cell per line; each cell is a ``td`` block with
  the cue ``table``, and a heading-like first line is the table's title.
- Headings (level 2, tag ``h2``): a short title-case or ALL-CAPS line, or a short line
  ending with ``:``, that stands alone (a blank line after it, or a paragraph line
  that is not itself heading-like) and does not interrupt a sentence; a Chinese line
  in 【】; a short Chinese line without sentence punctuation followed by a paragraph;
  a line underlined with ``===``/``---``. A heading glued to its paragraph on one line
  ("Forward-Looking Statements This release…") is kept as one line: the segmenter
  recognises it.
- Flattened tables (tab-separated, 2+-space-separated or ``|``-separated columns)
  give one ``td`` block per row, cells joined by ``" | "``, cue ``table``.
- List lines (``-``, ``•``, ``1.``, ``1、``, ``（一）``, ``①``) give ``li`` blocks
  (marker dropped); indented lines that follow continue the item.
"""
from __future__ import annotations

import re

from auditor.support.chars import CJK_BASIC, HAN_CLASS, WIDE_FIRST
from auditor.read.parse import STRIP_CHARS, PageBuilder, ParsedPage, Piece, empty_meta, is_wide, split_lines

__all__ = ["parse_text"]

_WS = re.compile(r"[ \t\f\v]+")
_RULE = re.compile(r"^[ \t\u3000]*(?:([-=_*~#+\u2500\u2501\u2550])[ \t]*(?:\1[ \t]*){2,})$")
_LI = re.compile(
    r"^[ \t\u3000]*(?:"
    r"[-\u2013\u2014*+\u2022\u00b7\u25cf\u25cb\u25a0\u25a1\u25aa\u25e6\u25ba\u25b8\u2023\u2043][ \t\u3000]+"
    r"|[\u2022\u25cf\u25cb\u25a0\u25a1\u25aa\u25e6\u25ba\u25b8\u2023\u2043\u00b7](?=\S)"
    r"|\d{1,2}[.\uff0e](?![\d.\uff0e])[ \t\u3000]*"
    r"|\d{1,2}[)\uff09\u3001][ \t\u3000]*"
    r"|[(\uff08](?:[一二三四五六七八九十]{1,3}|\d{1,2})[)\uff09][ \t\u3000]*"
    r"|[\u2460-\u2473][ \t\u3000]*"
    r")(?=\S)"
)
_TABLE_RULE = re.compile(r"^[ \t|:=+\-]+$")  # |---|:--:| and +----+----+
_TAB_SPLIT = re.compile(r"\t+")
_SPACE_SPLIT = re.compile(r"(?<=\S)(?:[ \u3000]{2,}|\u3000)(?=\S)")
_PIPE_SPLIT = re.compile(r"\|")
_BRACKET_HEADING = re.compile(r"^(?:【[^【】]+】|〖[^〖〗]+〗|\[[^\[\]]+\])$")
_HAN = re.compile(HAN_CLASS)
_LATIN = re.compile(r"[A-Za-z]")
_ZH_SENTENCE = re.compile(r"[。！？；，、,;!?]")
_ZH_END = re.compile(r"[。！？][”」』）)\"']?$")
_EN_DATE = re.compile(
    r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2}\b"
    r"|\b\d{1,2}\s+(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+\d{4}\b"
    r"|\b\d{4}[-/.]\d{1,2}[-/.]\d{1,2}\b|\b\d{1,2}/\d{1,2}/\d{2,4}\b"
)
_ZH_DATE = re.compile(r"\d{2,4}\s*年\s*\d{1,2}\s*月|\d{4}[-/.]\d{1,2}[-/.]\d{1,2}")
_SMALL_WORDS = frozenset(
    "a an and as at but by for from in into nor of on or per the to vs via with & - –".split()
)
_SENTENCE_END = re.compile(r"[.!?。！？…][\"'”’」』）)]*$")
_CONTINUES = re.compile(r"[,，、;；\-–—(（]$")
EN_HEADING_MAX = 100
ZH_HEADING_MAX = 16
WRAP_RATIO = 0.7  # a first line this long relative to the next one is a wrapped line, not a heading
SHORT_EN = 40
SHORT_ZH = 16
# Hard-wrap detection: text wrapped by an editor or a mailer stays within this many display
# columns (a CJK character counts two); a paragraph-per-line scrape does not.
WRAP_MAX_WIDTH = 100
# ... allowing this share of wider lines (a URL, a signature) once a page has WRAP_SAMPLE lines.
WRAP_OVER_SHARE = 0.02
WRAP_SAMPLE = 20
# Wrapped at a wider width: this share of the long lines stop mid-sentence and go on in lower case.
WRAP_CONTINUE_SHARE = 0.5
WRAP_LONG_LINE = 40  # display columns from which a line counts as long for that test
# One-cell-per-line tables: at least this many short lines in a row, none ending a sentence.
CELL_RUN_MIN = 6
CELL_MAX_WIDTH = 160
# A line wider than this (display columns) is a collapsed page or section: split it at sentence
# ends. On a page of at most FLAT_FEW_LINES lines, a line wider than FLAT_SHORT_PAGE_WIDTH is.
FLAT_LINE_MIN = 1200
FLAT_FEW_LINES = 3
FLAT_SHORT_PAGE_WIDTH = 400
# A trailer this short after the last sentence ("…market.-Fineline Info & Tech") is a source line.
TRAILER_MAX = 40


_TRAILER = re.compile(
    r"(?<=[.!?。！？”\"')）])[ \t]*[-\u2010\u2011\u2013\u2014\uff0d]{1,2}[ \t]*"
    r"([A-Z" + CJK_BASIC + r"][\w&.,'’ \u00b7-]{1,%d})[ \t]*$" % TRAILER_MAX
)
# Sentence ends inside a long line: after . ! ? (and closing quotes) before a space and a capital,
# digit, quote or CJK character; after 。！？ anywhere. Abbreviations do not end sentences.
_SENT_END = re.compile(
    r"(?:(?<=[.!?])[\"'”’)\]]*[ \t]+(?=[\"'“‘(\[]?[A-Z0-9" + CJK_BASIC + r"])"
    r"|(?<=[。！？])[”」』）)]*[ \t\u3000]*(?=\S)"
    # a dateline opening the body after the headline or the release date:
    # "… （2026年11月18日，杭州）…", "… BOSTON, March 3, 2026 /PRNewswire/ -- …"
    r"|[ \t\u3000]+(?=[（(]\d{4}年\d{1,2}月\d{1,2}日[，,、 ])"
    r"|[ \t]+(?=[A-Z][A-Z .,/]{2,60}?,? (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.? \d{1,2},? \d{4}"
    r"(?: ?/[A-Za-z ]{2,30}/)? ?(?:--|[-\u2013\u2014])))"
)
_ABBREV = re.compile(
    r"(?:\b(?:Inc|Ltd|Co|Corp|Mr|Mrs|Ms|Dr|Prof|St|No|Nos|vs|etc|e\.g|i\.e|approx|Jan|Feb|Mar|Apr|Jun|Jul|Aug|"
    r"Sep|Sept|Oct|Nov|Dec|U\.S|U\.K|Fig|Ref|Vol|Ph|Jr|Sr)\.|\b[A-Z]\.)[\"'”’)\]]*[ \t]+$"
)


def display_width(t: str) -> int:
    """Columns ``t`` takes in a monospaced editor: CJK and full-width characters count two."""
    return len(t) + sum(1 for c in t if c >= WIDE_FIRST and is_wide(c))


def sentence_spans(t: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each sentence of ``t`` (spaces between sentences left out)."""
    out: list[tuple[int, int]] = []
    start = 0
    for m in _SENT_END.finditer(t):
        if m.start() <= start:
            continue
        if t[m.start() - 1] == "." and _ABBREV.search(t, max(0, m.start() - 12), m.end()):
            continue
        end = m.start()
        while end > start and t[end - 1] in " \t\u3000":
            end -= 1
        if end > start:
            out.append((start, end))
        start = m.end()
    if start < len(t) and t[start:].strip():
        out.append((start, len(t.rstrip())))
    return out


def _is_zh(t: str) -> bool:
    han = len(_HAN.findall(t))
    return han > 0 and han * 2 >= len(_LATIN.findall(t))


def _en_heading_like(t: str) -> bool:
    if len(t) > EN_HEADING_MAX or t[-1] in ".,;!":
        return False
    words = t.split()
    if len(words) > 12 or _EN_DATE.search(t) or "://" in t or "@" in t:
        return False
    if not (t[0].isalnum() or t[0] in "\"'“‘("):
        return False
    if t.endswith(":") or t.endswith("："):
        return len(words) <= 8 and ":" not in t[:-1] and "：" not in t[:-1]
    if ":" in t:
        return False
    letters = [c for c in t if c.isalpha()]
    if len(letters) < 2:
        return False
    if all(c.isupper() for c in letters if c.isupper() or c.islower()):
        return True
    significant = [w for w in words if w[0].isalpha() and w.lower() not in _SMALL_WORDS]
    return bool(significant) and all(w[0].isupper() for w in significant)


def _zh_heading_like(t: str) -> bool:
    if len(t) > ZH_HEADING_MAX:
        return False
    body = t[:-1] if t[-1] in "：:" else t
    if _ZH_SENTENCE.search(body) or "：" in body or ":" in body or _ZH_DATE.search(t):
        return False
    return True


def _heading_like(t: str) -> bool:
    return _zh_heading_like(t) if _is_zh(t) else _en_heading_like(t)


def _short(t: str) -> bool:
    return len(t) <= (SHORT_ZH if _is_zh(t) else SHORT_EN)


class _Line:
    __slots__ = ("kind", "text", "pos", "col", "indent", "cells", "marker_end")

    def __init__(self, raw: str, offset: int) -> None:
        stripped = raw.strip(STRIP_CHARS)
        self.text = stripped
        self.indent = len(raw) - len(raw.lstrip(STRIP_CHARS))
        self.pos = offset + self.indent
        self.col = self.indent + 1
        self.cells: list[tuple[str, int]] = []
        self.marker_end = 0
        if not stripped:
            self.kind = "blank"
            return
        if _RULE.match(raw) or (_TABLE_RULE.match(raw) and "---" in raw.replace(" ", "").replace("|", "")):
            self.kind = "rule"
            return
        cells = _table_cells(raw, offset)
        if cells:
            self.kind = "table"
            self.cells = cells
            return
        m = _LI.match(raw)
        if m and m.end() < len(raw.rstrip(STRIP_CHARS)):
            self.kind = "li"
            self.marker_end = m.end()
            rest = raw[m.end():]
            self.text = rest.strip(STRIP_CHARS)
            self.pos = offset + m.end() + len(rest) - len(rest.lstrip(STRIP_CHARS))
            self.col = self.pos - offset + 1
            return
        self.kind = "line"


def _split_cells(raw: str, offset: int, pattern: re.Pattern) -> list[tuple[str, int]]:
    out = []
    pos = 0
    for m in list(pattern.finditer(raw)) + [None]:
        end = m.start() if m else len(raw)
        cell = raw[pos:end]
        text = cell.strip(STRIP_CHARS)
        if text:
            out.append((_WS.sub(" ", text), offset + pos + len(cell) - len(cell.lstrip(STRIP_CHARS))))
        pos = m.end() if m else len(raw)
    return out


def _table_cells(raw: str, offset: int) -> list[tuple[str, int]]:
    """The cells of a flattened table row, or [] when the line is not one."""
    body = raw.strip(STRIP_CHARS)
    if "\t" in body:
        cells = _split_cells(raw, offset, _TAB_SPLIT)
        if len(cells) >= 2:
            return cells
    if "|" in body:
        cells = _split_cells(raw, offset, _PIPE_SPLIT)
        if len(cells) >= 2 and all(set(c) - set("-:= ") for c, _ in cells):
            return cells
        if cells and all(not (set(c) - set("-:= ")) for c, _ in cells):
            return []
    if "  " in body or "\u3000" in body:
        seps = list(_SPACE_SPLIT.finditer(raw))
        if not seps:
            return []
        for m in seps:
            if raw[m.start() - 1] in ".!?。！？:：":
                return []
        cells = _split_cells(raw, offset, _SPACE_SPLIT)
        if len(cells) >= 2 and all(len(c) <= 60 for c, _ in cells):
            return cells
    return []


def line_goes_on(t: str, nt: str) -> bool:
    """Line ``t`` plainly stops mid-sentence and ``nt`` goes on with it (no hard-wrapping needed)."""
    if _SENTENCE_END.search(t):
        return False
    return bool(_CONTINUES.search(t)) or (nt[:1].islower() and display_width(t) >= WRAP_LONG_LINE)


def _cell_like(t: str) -> bool:
    return display_width(t) <= CELL_MAX_WIDTH and not _SENTENCE_END.search(t) and not _CONTINUES.search(t)


def hard_wrapped(lines: list[str]) -> bool:
    """Whether paragraph lines were hard-wrapped, from the statistics of their lengths.

    Few lines tell little: they are taken as wrapped (lines of a paragraph join, as they
    always did). Otherwise text is wrapped when (almost) no line is wider than
    ``WRAP_MAX_WIDTH`` columns, or when most long lines stop mid-sentence and the next
    line goes on in lower case (wrapped at a wider width)."""
    widths = [display_width(t) for t in lines]
    if len(widths) < 3:
        return True
    over = sum(1 for w in widths if w > WRAP_MAX_WIDTH)
    allowed = int(WRAP_OVER_SHARE * len(widths)) if len(widths) >= WRAP_SAMPLE else 0
    if over <= allowed:
        return True
    long_pairs = cont = 0
    for t, nt, w in zip(lines, lines[1:], widths):
        if w < WRAP_LONG_LINE:
            continue
        long_pairs += 1
        if not _SENTENCE_END.search(t) and (nt[:1].islower() or _CONTINUES.search(t)):
            cont += 1
    return long_pairs > 0 and cont >= WRAP_CONTINUE_SHARE * long_pairs


def parse_text(source: str) -> ParsedPage:
    if source.startswith("\ufeff"):  # a BOM left by the decoder: a space keeps every column
        source = " " + source[1:]
    raw_lines = split_lines(source)
    lines = [_Line(raw, off) for raw, off in raw_lines]
    n = len(lines)
    # Adjacent paragraph lines (no blank line between): their widths say whether they wrap.
    wrapped = hard_wrapped([ln.text for ln in lines if ln.kind == "line"])
    few_lines = sum(1 for ln in lines if ln.kind != "blank") <= FLAT_FEW_LINES
    # Groups: runs of non-blank lines; a group of short unpunctuated lines is a list.
    group_short: dict[int, bool] = {}
    group_of = [0] * n
    g = -1
    prev_blank = True
    for i, ln in enumerate(lines):
        if ln.kind in ("blank", "rule"):
            prev_blank = True
            group_of[i] = -1
            continue
        if prev_blank:
            g += 1
            group_short[g] = True
        prev_blank = False
        group_of[i] = g
    counts: dict[int, int] = {}
    for i, ln in enumerate(lines):
        gi = group_of[i]
        if gi < 0:
            continue
        counts[gi] = counts.get(gi, 0) + 1
        t = ln.text
        nxt = lines[i + 1] if i + 1 < n else None
        if (
            ln.kind != "line"
            or not _short(t)
            or _SENTENCE_END.search(t)
            or _CONTINUES.search(t)
            or (nxt is not None and nxt.kind == "line" and group_of[i + 1] == gi and nxt.text[:1].islower())
        ):
            group_short[gi] = False
    for gi, c in counts.items():
        if c < 2:
            group_short[gi] = False

    # Text that is not hard-wrapped: a run of short lines without sentence ends is a table
    # flattened one cell per line (a brief's "Element / Detail / Company / ..." grid).
    cell = [False] * n
    if not wrapped:
        i = 0
        while i < n:
            j = i
            while j < n and lines[j].kind == "line" and _cell_like(lines[j].text):
                j += 1
            if j - i >= CELL_RUN_MIN:
                for k in range(i, j):
                    cell[k] = True
            i = max(j, i + 1)

    b = PageBuilder()
    para: list[Piece] = []
    para_tag = "p"
    li_indent = 0

    def piece(ln: _Line, line_no: int) -> Piece:
        t = _WS.sub(" ", ln.text)
        return Piece(t, line_no, ln.col, ln.pos, [], 0, len(t) - t.count(" "))

    def flush() -> None:
        nonlocal para_tag
        if para:
            b.add(para, para_tag)
            para.clear()
        para_tag = "p"

    def cell_title(i: int) -> bool:
        """The first line of a cell run may be the table's title ("Investment Overview")."""
        t = lines[i].text
        named = len(t.split()) >= 2 or (_is_zh(t) and len(t) >= 4)
        return (i == 0 or not cell[i - 1]) and named and _heading_like(t)

    def continues(i: int) -> bool:
        """In text that is not hard-wrapped: does line ``i`` plainly go on in the next line?"""
        nxt = lines[i + 1] if i + 1 < n else None
        return nxt is not None and nxt.kind == "line" and line_goes_on(lines[i].text, nxt.text)

    def emit_parts(ln: _Line, line_no: int, flat: bool) -> None:
        """One line as blocks: its sentences when it is a collapsed page (cue ``flat``), and a
        glued source trailer as a block of its own (cue ``source``)."""
        t = ln.text
        m = _TRAILER.search(t)
        body_end = m.start() if m and m.start() >= TRAILER_MAX else len(t)
        spans = sentence_spans(t[:body_end]) if flat else [(0, len(t[:body_end].rstrip()))]
        parts: list[tuple[int, int, tuple[str, ...]]] = [(a, e, ("flat",) if flat else ()) for a, e in spans]
        if body_end < len(t):
            parts.append((m.start(1), m.end(1), ("source",)))
        for a, e, cues in parts:
            chunk = _WS.sub(" ", t[a:e])
            b.add([Piece(chunk, line_no, ln.col + a, ln.pos + a, [], 0, len(chunk) - chunk.count(" "))], "p", cues=cues)

    def next_nonblank(i: int) -> int | None:
        j = i + 1
        while j < n and lines[j].kind == "blank":
            j += 1
        return j if j < n else None

    def is_heading(i: int) -> bool:
        t = lines[i].text
        if _BRACKET_HEADING.match(t):
            return True
        if para and not _SENTENCE_END.search(para[-1].text):
            return False  # the line continues a sentence
        if last_heading == i - 1:
            return False  # the line right under a heading is its text
        nxt = lines[i + 1] if i + 1 < n else None
        if _is_zh(t):
            if not _zh_heading_like(t):
                return False
            k = next_nonblank(i)
            if k is None:
                return False
            if lines[k].kind != "line":  # a label before a list or a table: "主要结果："
                return t[-1] in "：:" and lines[k].kind in ("li", "table")
            nt = lines[k].text
            if k == i + 1 and len(t) >= WRAP_RATIO * len(nt):
                return False  # as long as the next line: a wrapped paragraph
            return bool(_ZH_SENTENCE.search(nt)) or len(nt) > ZH_HEADING_MAX
        if not _en_heading_like(t):
            return False
        if nxt is None or nxt.kind == "blank" or t[-1] in ":：":
            return True
        if nxt.kind == "line":
            return not _heading_like(nxt.text)
        return nxt.kind in ("li", "table")

    last_heading = -2
    i = 0
    while i < n:
        ln = lines[i]
        line_no = i + 1
        kind = ln.kind
        if kind == "blank":
            flush()
        elif kind == "rule":
            underline = ln.text[0] in "=-" and len(para) == 1 and para_tag == "p" and para[0].line == line_no - 1
            if underline:
                b.add(para, "h2", heading=2)
                para.clear()
            flush()
        elif kind == "table":
            flush()
            pieces = [Piece(t, line_no, p - raw_lines[i][1] + 1, p, [], 0, len(t)) for t, p in ln.cells]
            b.add(pieces, "td", cues=("table",), sep=" | ")
        elif kind == "li":
            flush()
            para_tag = "li"
            li_indent = ln.indent
            para.append(piece(ln, line_no))
        else:
            if para_tag == "li":
                if ln.indent > li_indent:
                    para.append(piece(ln, line_no))
                    i += 1
                    continue
                flush()
            if cell[i] and not cell_title(i):
                flush()
                b.add([piece(ln, line_no)], "td", cues=("table",))
            elif is_heading(i) or cell[i]:
                flush()
                b.add([piece(ln, line_no)], "h2", heading=2)
                last_heading = i
            elif group_short.get(group_of[i]):
                flush()
                b.add([piece(ln, line_no)], "p")
            else:
                if para and _ZH_END.search(para[-1].text) and is_wide(ln.text[0]):
                    flush()
                width = display_width(ln.text)
                flat = width > FLAT_LINE_MIN or (few_lines and width > FLAT_SHORT_PAGE_WIDTH)
                if flat or (not wrapped and not para and not continues(i)):
                    flush()
                    emit_parts(ln, line_no, flat)
                else:
                    para.append(piece(ln, line_no))
                    if not wrapped and not continues(i):
                        flush()
        i += 1
    flush()
    return b.build((), empty_meta())
