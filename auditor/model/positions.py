"""Positions in a page's source: offsets to 1-based line and column.

Lines end at ``\r\n``, ``\r`` or ``\n``, as the parsers count them; the Document uses the
same index to report a finding where its evidence starts.
"""
from __future__ import annotations

import bisect
import re

NEWLINE = re.compile(r"\r\n|\r|\n")
_LF = re.compile(r"\n")
_END = re.Match.end


class LineIndex:
    """Maps an offset in the source to a 1-based (line, column)."""

    def __init__(self, source: str) -> None:
        pattern = NEWLINE if "\r" in source else _LF  # a plain "\n" scan is 3x faster
        self.starts = [0]
        self.starts.extend(map(_END, pattern.finditer(source)))  # (no bytecode run per line)
        self.length = len(source)

    def line_of(self, pos: int) -> int:
        return bisect.bisect_right(self.starts, pos)

    def line_col(self, pos: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.starts, pos)
        return line, pos - self.starts[line - 1] + 1

    def line_start(self, line: int) -> int:
        """Offset where 1-based ``line`` starts (clamped)."""
        if line < 1:
            return 0
        if line > len(self.starts):
            return self.length
        return self.starts[line - 1]

    def line_end(self, line: int) -> int:
        """Offset just past the end of 1-based ``line`` (its newline included)."""
        if line < 1:
            return 0
        if line >= len(self.starts):
            return self.length
        return self.starts[line]



class LazyLines:
    """``line_start``/``line_col`` like LineIndex, without indexing the whole page: lines
    are counted (in C: ``str.find``, ``str.count``) from the nearest line already known.
    A finding needs a few positions near its block, and most pages have few findings.
    Pages with ``\r`` line ends are walked line by line; far jumps there build the full
    LineIndex once."""

    FAR = 2048  # lines

    def __init__(self, source: str) -> None:
        self.src = source
        self.length = len(source)
        self.cr = "\r" in source
        self.lines = [1]  # known (line, start) pairs, sorted
        self.starts = [0]
        self.full: LineIndex | None = None

    def line_start(self, line: int) -> int:
        if self.full is not None:
            return self.full.line_start(line)
        if line < 1:
            return 0
        i = bisect.bisect_right(self.lines, line) - 1
        ln, pos = self.lines[i], self.starts[i]
        if ln == line:
            return pos
        if self.cr and line - ln > self.FAR:
            self.full = LineIndex(self.src)
            return self.full.line_start(line)
        src, n = self.src, line - ln
        if self.cr:
            for _ in range(n):
                m = NEWLINE.search(src, pos)
                if m is None:
                    return self.length
                pos = m.end()
        else:
            while n:  # skip whole chunks by counting their newlines, then find the last few
                c = src.count("\n", pos, pos + 2048)
                if c < n:
                    if pos + 2048 >= self.length:
                        return self.length
                    n -= c
                    pos += 2048
                    continue
                for _ in range(n):
                    pos = src.find("\n", pos) + 1
                n = 0
        self.lines.insert(i + 1, line)
        self.starts.insert(i + 1, pos)
        return pos

    def line_col(self, pos: int) -> tuple[int, int]:
        if self.full is not None:
            return self.full.line_col(pos)
        i = bisect.bisect_right(self.starts, pos) - 1
        ln, start = self.lines[i], self.starts[i]
        src = self.src
        n = src.count("\n", start, pos)
        last = src.rfind("\n", start, pos)
        if self.cr:
            n += src.count("\r", start, pos) - src.count("\r\n", start, pos)
            last = max(last, src.rfind("\r", start, pos))
        if n == 0:
            return ln, pos - start + 1
        return ln + n, pos - last


# -- where in the source a block's text is -------------------------------------------------
#
# Parsers know where each block starts in the source; inside a block the text went through
# tag removal, entity decoding, Markdown inline markup and white-space collapsing (and CJK
# line joins). To point at an exact character, both the block's text and the source from
# the block's start are reduced to the same "key": white space and the characters used as
# inline markup are dropped, tags, comments and skipped elements removed, entities decoded.
# Each key character remembers its offset, so aligning the two keys maps a text offset to
# a source offset. This is done only for blocks that carry a finding.

# Dropped on both sides: white space (incl. zero-width) and Markdown inline markup.
_DROP = r"\s\u200b\u200c\u200d\u2060\ufeff*_~`#>|\\\[\]"
_KEY_RUN = re.compile(f"[^{_DROP}]+")
_DROP_CHAR = re.compile(f"[{_DROP}]")
_ATTRS = r"""(?:[^<>"']|"[^"<]*"|'[^'<]*')*"""
_HTML_SKIP = (
    r"(?P<skip><!--.*?(?:-->|\Z)"
    r"|<(?P<raw>script|style|noscript|template|svg|iframe)\b" + _ATTRS + r">.*?(?:</(?P=raw)\s*>|\Z)"
    r"|</?[A-Za-z][^\s/>]*" + _ATTRS + r">"
    r"|<[!?][^<>]*>)"
)
_ENTITY = r"|(?P<ent>&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});?)"
_MD_SKIP = (
    r"(?P<img>!\[[^\[\]\n]{0,1000}\]\([^()\n]{0,2000}\))"  # images are dropped from the text
    r"|(?P<dest>\]\([^()\n]{0,2000}\))"  # a link's destination is not text
    r"|<(?P<auto>(?:https?|ftp)://[^<>\s]+|mailto:[^<>\s]+)>"  # an autolink's URL is its text
)
# What a parser does not read as text (or reads differently): found with one search, the
# plain text between two of them is keyed as it stands.
_SPECIAL = {
    "html": re.compile(_HTML_SKIP + _ENTITY, re.S | re.I),
    "markdown": re.compile(_MD_SKIP + "|" + _HTML_SKIP + _ENTITY, re.S | re.I),
}


# The entities most pages use, as html.unescape reads them; any other goes to html.unescape,
# whose 2,000-entry table costs an English check's start-up ~5 ms to import.
_COMMON_ENTITIES = {
    "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&apos;": "'", "&nbsp;": "\xa0",
    "&copy;": "\xa9", "&reg;": "\xae", "&trade;": "\u2122", "&mdash;": "\u2014", "&ndash;": "\u2013",
    "&hellip;": "\u2026", "&lsquo;": "\u2018", "&rsquo;": "\u2019", "&ldquo;": "\u201c", "&rdquo;": "\u201d",
    "&middot;": "\xb7", "&bull;": "\u2022",
}


def _unescape(token: str) -> str:
    """``html.unescape(token)`` for one entity or character reference (tests compare them)."""
    found = _COMMON_ENTITIES.get(token)
    if found is not None:
        return found
    if token[1:2] == "#" and token[-1] == ";":  # a plain character (no replacement table applies)
        try:
            num = int(token[3:-1], 16) if token[2:3] in "xX" else int(token[2:-1])
        except ValueError:
            num = -1
        if 0x20 <= num <= 0x7E or 0xA0 <= num <= 0xD7FF:
            return chr(num)
    import html  # (any other entity)

    return html.unescape(token)


class KeyedText:
    """``key``: the characters of a text that survive markup and white space; ``offset(i)``:
    the offset (in that text) key character ``i`` came from.

    The key is kept as pieces (a stretch of plain text, or a decoded entity), not as one
    offset per character: a finding asks for one or two offsets of a block, so they are
    counted out when asked for (in C: ``re.sub`` over a slice) rather than listed for every
    character of the block and of its source."""

    __slots__ = ("key", "_text", "_keys", "_pieces")

    def __init__(self, text: str, parts: list[str], pieces: list[tuple[int, int, int, bool]]) -> None:
        self.key = "".join(parts)
        self._text = text
        # (first key index, start, end, entity): every key character of an entity comes
        # from its start; those of a plain stretch are its characters that are not dropped
        self._pieces = pieces
        self._keys = [p[0] for p in pieces]

    @classmethod
    def of_text(cls, text: str, start: int, end: int) -> "KeyedText":
        """The key of ``text[start:end]`` (reading-order text: no tags, no entities)."""
        key = _DROP_CHAR.sub("", text[start:end])
        return cls(text, [key], [(0, start, end, False)] if key else [])

    @classmethod
    def of_source(cls, source: str, start: int, end: int, fmt: str) -> "KeyedText":
        """The key of ``source[start:end]`` as the ``fmt`` parser reads it."""
        special = _SPECIAL.get(fmt)
        if special is None:
            return cls.of_text(source, start, end)
        parts: list[str] = []
        pieces: list[tuple[int, int, int, bool]] = []
        drop = _DROP_CHAR.sub
        size = 0  # key characters so far
        pos = start
        for m in special.finditer(source, start, end):
            if m.start() > pos:
                key = drop("", source[pos:m.start()])
                if key:
                    pieces.append((size, pos, m.start(), False))
                    parts.append(key)
                    size += len(key)
            pos = m.end()
            if m.lastgroup == "ent":
                token = m.group()
                decoded = _unescape(token)
                tail = 0  # "&copy2024": a legacy entity without ";" keeps the text after it
                if token[-1] != ";":
                    while tail < len(decoded) - 1 and decoded[-1 - tail] == token[-1 - tail]:
                        tail += 1
                ch = drop("", decoded[:len(decoded) - tail])
                if ch:
                    pieces.append((size, m.start(), m.end(), True))
                    parts.append(ch)
                    size += len(ch)
                a, e = m.end() - tail, m.end()
            elif m.lastgroup == "auto":
                a, e = m.start("auto"), m.end("auto")
            else:
                continue
            key = drop("", source[a:e]) if e > a else ""
            if key:
                pieces.append((size, a, e, False))
                parts.append(key)
                size += len(key)
        if pos < end:
            key = drop("", source[pos:end])
            if key:
                pieces.append((size, pos, end, False))
                parts.append(key)
        return cls(source, parts, pieces)

    def offset(self, i: int) -> int:
        """Where key character ``i`` (``0 <= i < len(key)``) came from."""
        k, a, e, entity = self._pieces[bisect.bisect_right(self._keys, i) - 1]
        if entity:
            return a
        return _nth_kept(self._text, a, e, i - k)

    def index_at(self, pos: int) -> int:
        """The index of the first key character that comes from ``pos`` or after it
        (``len(key)`` when none does)."""
        for k, a, e, entity in self._pieces:
            if pos <= a:
                return k
            if pos < e and not entity:  # (an entity's characters all come from its start)
                return k + len(_DROP_CHAR.sub("", self._text[a:pos]))
        return len(self.key)


def _nth_kept(text: str, a: int, e: int, j: int) -> int:
    """The offset of the ``j``-th (from 0) character of ``text[a:e]`` that is not dropped.

    At least ``j`` characters lie before it; each step moves ahead by as many as are still
    missing, so the steps shrink as fast as the share of dropped characters allows."""
    drop = _DROP_CHAR.sub
    pos = a + j
    kept = len(drop("", text[a:pos]))
    while kept < j:
        step = j - kept
        kept += len(drop("", text[pos:pos + step]))
        pos += step
    return _KEY_RUN.search(text, pos, e).start()


def _common(a: str, i: int, b: str, j: int) -> int:
    """Length of the common prefix of ``a[i:]`` and ``b[j:]``."""
    n = 0
    step = 64
    while True:
        x, y = a[i + n:i + n + step], b[j + n:j + n + step]
        if x == y:
            if len(x) < step:
                return n + len(x)
            n += step
            continue
        for k, (p, q) in enumerate(zip(x, y)):
            if p != q:
                return n + k
        return n + min(len(x), len(y))


def align(src: KeyedText, txt: KeyedText, k: int, strict: bool = False, probe: int = 24) -> int | None:
    """Index in ``src.key`` of ``txt.key[k]``, or None when the two cannot be aligned.

    The text's key is found in the source's key (its first characters, since the source
    may begin with markup or an earlier block's text), then walked along; where the two
    differ (text the parser added or dropped), they are brought back in step at the
    nearest place where the next characters agree again. ``strict``: the block's first
    characters must be found as they are (the caller can still look further)."""
    s, t = src.key, txt.key
    if k >= len(t):
        return None
    i = s.find(t[:probe])
    if i == -1:
        if strict:
            return None
        i = s.find(t[:6])
        if i == -1:
            i = s.find(t[k:k + probe])  # the block's start is unreadable: find the evidence itself
            return None if i == -1 else i
    j = 0
    for _ in range(4096):  # bounded: a block that keeps falling out of step is not aligned
        n = _common(s, i, t, j)
        i += n
        j += n
        if j > k:
            return i - (j - k)
        if i >= len(s):
            return None
        # Out of step at s[i] != t[j]: the source has extra characters, the text has, or one differs.
        want = t[j:j + 12]
        extra_src = s.find(want, i + 1, i + 8000)
        got = s[i:i + 12]
        extra_txt = t.find(got, j + 1, j + 400) if len(got) >= min(12, len(t) - j) else -1
        if extra_src != -1 and (extra_txt == -1 or extra_src - i <= extra_txt - j):
            i = extra_src
        elif extra_txt != -1:
            j = extra_txt
            if j > k:  # the evidence starts in text the source does not have as such
                return i
        elif s[i + 1:i + 7] == t[j + 1:j + 7]:
            i += 1
            j += 1
        else:
            return None
    return None
