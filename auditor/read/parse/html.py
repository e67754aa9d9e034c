"""HTML -> ParsedPage, with lxml (libxml2's forgiving HTML parser).

One pass over the tree with ``etree.iterwalk`` (no recursion, no per-node XPath, no
repeated string concatenation), so a 20 MB page stays linear. Text is collected per block: block-level elements and
``<br>`` start a new block, inline elements join. White space is collapsed as a
browser does (ASCII white space only; ``&nbsp;`` and U+3000 are kept inside a
block), and a line break between two CJK characters disappears.

Structural cues come from the element and its ancestors (landmark tags, ARIA roles,
class/id tokens, hidden state); a block's cues are the cues shared by all of its
text, so a block entirely inside ``<strong>`` gets ``emphasis`` and a block entirely
inside a button-styled link gets ``button``.

Source positions: libxml2 gives only ``sourceline`` (the line where a start tag
*ends*, capped at 65535), so each start tag is found in the source with a cursor
that moves forward in document order; a block's position is its element's start tag
(or the ``<br>``/last tag before a continuation), which is at or before its text.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import replace
from typing import Any

from lxml import etree

from auditor.support import gcpause
from auditor.support.lazyre import LazyRe
from auditor.model.document import Block, Comment, filled
from auditor.read.vocabulary import (
    ACTION_TOKENS,
    COMPONENT_TOKENS,
    CONTENT_TOKENS,
    HIDDEN_CLASSES,
    INLINE_TAGS,
    META_TAGS,
    MODAL_STRONG,
    PUBLISHED_PRIORITY,
    RAW_TEXT,
    ROLE_CUES,
    SKIP_TAGS,
    STATE_PREFIXES,
    TAG_CUES,
    TIME_PRIORITY,
    TOKEN_CUES,
)
from auditor.read.parse.mainbody import inside, mark_main_text
from auditor.read.decode import decoded_utf8
from auditor.read.parse.limits import blank, doctype_subset, excess_attributes
from auditor.read.parse import (
    LINK_LIST_SHARE, STRIP_CHARS, LineIndex, ParsedPage, WIDE_CLASS, empty_meta, is_wide, new_link,
)

__all__ = ["parse_html", "make_parser"]


def make_parser() -> etree.HTMLParser:
    """The libxml2 HTML parser with the project's options.

    ``etree.HTMLParser`` is ``lxml.html.HTMLParser`` without the HtmlElement class
    lookup (a third faster here; we never need HtmlElement methods). lxml's HTML
    parser has no ``resolve_entities`` option: HTML entities are always expanded and
    no DTD or network resource is ever loaded (``no_network=True``).

    It reads UTF-8 bytes, whatever a ``<meta charset>`` in them says (the page is decoded
    already): lxml hands a ``str`` to libxml2 as Latin-1, UTF-16 or UCS-4 (however Python
    stores it), which libxml2 converts to UTF-8 first; UTF-8 bytes parse faster (a tenth
    to a quarter, measured alone) into the same tree (tests/test_fastpath_equivalence.py compares the two).
    """
    return etree.HTMLParser(
        recover=True,
        no_network=True,
        remove_comments=False,
        remove_pis=True,
        huge_tree=True,
        default_doctype=False,
        encoding="utf-8",
    )


_PARSER = None


def _parser() -> etree.HTMLParser:
    global _PARSER
    if _PARSER is None:
        _PARSER = make_parser()
    return _PARSER


# A class name's tokens: runs of ASCII letters and digits, cut where a capital follows a
# small letter or a digit ("navBar2" -> "nav", "Bar2"). One findall; the same tokens as
# splitting at non-alphanumerics after a hyphen at each such capital.
_CLASS_TOKEN = re.compile(r"[A-Z]+[a-z0-9]*|[a-z0-9]+")
# Any class/id value that can give a cue or hide contains one of these (case-insensitive).
# Longest first, then alphabetical: the same pattern text in every process, so the
# build-time regex cache finds it (a set's order changes with the hash seed).
_CLASS_HINT_WORDS = "|".join(sorted({*TOKEN_CUES, *HIDDEN_CLASSES, "hid", "d-none"}, key=lambda w: (-len(w), w)))


def _trie_pattern(words: list[str]) -> str:
    """An alternation of ``words`` with common prefixes shared ("n(?:av|otice)"): ``re``
    tries a flat alternation's words one by one at every position of the text, this one
    letter or two."""
    trie: dict = {}
    for word in words:
        node = trie
        for c in word:
            node = node.setdefault(c, {})
        node[""] = {}

    def alternatives(node: dict) -> str:
        if "" in node:  # a word ends here (and none goes on: no word holds another)
            return ""
        alts = [re.escape(c) + alternatives(node[c]) for c in sorted(node)]
        return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"

    return alternatives(trie)


# For ASCII values the test runs on the lower-cased value: ten times faster than re.I
# (which finds no literal prefix to skip ahead with); identical for ASCII text. Other
# values (rare) use re.I, compiled when first needed. Only whether a word occurs is asked,
# so a word holding another ("navbar", "nav") is left out, and the rest make a trie.
_CLASS_HINT_LOWER = re.compile(_trie_pattern(sorted(
    w for w in _CLASS_HINT_WORDS.split("|") if not any(o != w and o in w for o in _CLASS_HINT_WORDS.split("|")))))
_NO_CLASS_INFO: tuple = (frozenset(), False, False)
# The attributes ctx_of reads.
_CTX_KEYS = frozenset({"class", "id", "href", "style", "role", "hidden", "aria-hidden", "aria-modal", "open",
                       "itemprop"})
_DISPLAY_NONE = re.compile(r"(?:^|[;\s])display\s*:\s*none\b|(?:^|[;\s])visibility\s*:\s*hidden\b", re.I)

_WS_ASCII = "[ \t\n\r\f]"
_WS_RUN = re.compile(_WS_ASCII + "+")
# A line break between two CJK characters (compiled on first use: only CJK text needs it).
_CJK_BREAK_SRC = f"(?<=[{WIDE_CLASS}])[ \t\r\f]*\n{_WS_ASCII}*(?=[{WIDE_CLASS}])"
_CJK_BREAK = LazyRe(_CJK_BREAK_SRC)  # (re.sub with the source looked the pattern up in re's cache every time)
_XML_DECL = re.compile(r"^(\ufeff?\s*)<\?xml[^>]*>")
# (LazyRe: compiled on first use; most pages need neither)
_BAD_CHARS = LazyRe("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
_LONE_CR = LazyRe(r"\r(?!\n)")
# libxml2 drops everything after </html>; blank the end tags (same length) so that
# trailing content stays in <body> and every offset stays put.
_END_DOC_TAGS = re.compile(r"</(?:html|body)\s*>", re.I)
# A browser running scripts reads what sits between <noscript> and the first </noscript>
# as raw text. libxml2 parses it as markup, so an unclosed <div> inside (a real page:
# `<noscript><div id="nojs"></noscript><div id="main">…`) swallows the rest of the page
# into a <noscript>, which the walk skips. Blank the inside instead (same length, line
# breaks kept), as the browser would never show it.
_NOSCRIPT = LazyRe(r"(?is)(<noscript\b[^>]*>)(.*?)(</noscript\s*>)")
_NOSCRIPT_START = LazyRe(r"(?i)<noscript\b")
_NOT_NEWLINE = LazyRe(r"[^\n]")
_LINE_CAP = 65535  # libxml2 caps sourceline here
# Start tags the walk treats apart from the rest (one dict lookup per element).
_SKIP, _BR, _INPUT, _META = range(4)
_SPECIAL_TAGS = {**{t: _META for t in META_TAGS}, **{t: _SKIP for t in SKIP_TAGS}, "br": _BR, "input": _INPUT}



def _prepare(source: str) -> str:
    """Make ``source`` safe for lxml without moving any character (same length).

    Also leaves the UTF-8 of the result for :func:`_build_tree` (:func:`_utf8`): the bytes
    the page was decoded from (or one encoding of it), patched where markup was blanked,
    instead of encoding the prepared page a second time.
    """
    global _last_utf8
    text = source
    m = _XML_DECL.match(text)
    if m:
        a, b = m.start() + len(m.group(1)), m.end()
        text = text[:a] + " " * (b - a) + text[b:]
    if text.startswith("\ufeff"):
        text = " " + text[1:]
    data = _encoded(text)
    if data is None or _bad_chars_in(text, data):
        text = _BAD_CHARS.sub(" ", text)
        data = None
    if "\r" in text:
        fixed = _LONE_CR.sub("\n", text)
        if fixed is not text:  # (sub returns the very str when it replaces nothing)
            text, data = fixed, None
    if data is None:
        data = text.encode("utf-8")
    prepared, changed = _blank_markup(text)
    _last_utf8 = (prepared, _patched_utf8(text, data, prepared, changed) if changed else data)
    return prepared


# Where the markup passes below can match, found in one pass over the page: each pass
# used to search the whole page with its own case-insensitive pattern, paying for every
# "<" again. Blanking makes spaces, never a "<", so a pass can lose a start to the passes
# before it but never gain one: each pass tries its own pattern at these starts only, in
# the old order, on the text the passes before it left, and finds what it found before.
_MARKUP_STARTS = re.compile(r"<(?:(noscript)|(!doctype)|/html|/body)", re.I)
# The noscript pass has always run only when one of these spellings occurs in the page.
_NOSCRIPT_SPELLINGS = ("noscript", "NOSCRIPT", "NoScript")


def _blank_markup(text: str) -> tuple[str, list[tuple[int, int]]]:
    """(``text`` with noscript contents, a DOCTYPE subset, attributes beyond the limit and
    the ``</html>``, ``</body>`` tags blanked; the spans that changed, sorted)."""
    noscripts, doctypes, ends = [], [], []
    for m in _MARKUP_STARTS.finditer(text):
        (noscripts if m.lastindex == 1 else doctypes if m.lastindex == 2 else ends).append(m.start())
    changed = []
    if noscripts and (any(text[s + 1:s + 9] in _NOSCRIPT_SPELLINGS for s in noscripts)
                      or any(w in text for w in _NOSCRIPT_SPELLINGS)):
        spans = []
        pos = 0
        for start in noscripts:  # the matches _NOSCRIPT.sub found: leftmost, not overlapping
            if start < pos:
                continue
            m = _NOSCRIPT.match(text, start)
            if m:
                spans.append(m.span(2))
                pos = m.end()
            elif _NOSCRIPT_START.match(text, start):
                # no ">" or no end tag after this one, so none after the later ones either
                # (trying each of them over the rest of the page was quadratic)
                break
        if spans:
            text = blank(text, spans)
            changed += spans
    if doctypes:
        subset = doctype_subset(text, doctypes)
        if subset:
            text = blank(text, [subset])
            changed.append(subset)
    spans = excess_attributes(text)
    if spans:
        text = blank(text, spans)
        changed += spans
    # (the end tags are blanked whole, line breaks too)
    spans = [m.span() for s in ends if (m := _END_DOC_TAGS.match(text, s))]
    if spans:
        parts = []
        pos = 0
        for a, b in spans:
            parts += (text[pos:a], " " * (b - a))
            pos = b
        parts.append(text[pos:])
        text = "".join(parts)
        changed += spans
    return text, sorted(changed)


def _patched_utf8(old: str, data: bytes, new: str, spans: list[tuple[int, int]]) -> bytes:
    """The UTF-8 of ``new``, made from ``data``, the UTF-8 of ``old``: the two strs differ
    only inside ``spans`` (sorted; same length), so only those are encoded and the rest is
    copied. A span's byte offset comes from encoding the stretch between it and the nearer
    offset already known (the span before, or the end of the page): the blanked markup
    sits near the top (noscript) and the bottom (``</html>``) of most pages."""
    pieces = []
    n = len(old)
    done_c = done_b = 0  # a character offset and its byte offset, at or before every span left
    for a, b in spans:
        if b <= done_c:  # (inside the span before)
            continue
        a = max(a, done_c)
        if a - done_c <= n - a:
            start = done_b + len(old[done_c:a].encode("utf-8"))
        else:
            start = len(data) - len(old[a:].encode("utf-8"))
        pieces += (data[done_b:start], new[a:b].encode("utf-8"))
        done_c, done_b = b, start + len(old[a:b].encode("utf-8"))
    pieces.append(data[done_b:])
    return b"".join(pieces)


# _BAD_CHARS below U+0080, as UTF-8 bytes (which are the code points themselves), one
# bytes object each: ``find`` looks for one with memchr.
_BAD_ASCII_BYTES = tuple(bytes([b]) for b in (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F))
# The bytes are searched this much at a time, so that the thirty searches of a stretch read
# it from the CPU cache (over a whole 20 MB page they took three times as long as one pass).
_BAD_CHUNK = 1 << 18


def _encoded(text: str) -> bytes | None:
    """The UTF-8 of ``text`` (the bytes it was decoded from, when those are known), or
    None when it has a lone surrogate."""
    data = decoded_utf8(text)
    if data is None:
        try:
            data = text.encode("utf-8")
        except UnicodeEncodeError:
            return None
    return data


def _bad_chars_in(text: str, data: bytes) -> bool:
    """``_BAD_CHARS.search(text) is not None`` for a ``text`` that encodes as ``data``: U+FFFE
    and U+FFFF by a character search of the text (a search for their three-byte UTF-8
    forms takes twenty times as long), the ASCII controls as single bytes of ``data``
    (lone surrogates cannot be there: ``text`` encoded). Thirty memchr passes over the
    bytes take about half the time of one ``bytes.translate`` that deletes them (a byte
    at a time, and a copy of the page)."""
    if "\ufffe" in text or "\uffff" in text:
        return True
    find = data.find
    for start in range(0, len(data), _BAD_CHUNK):
        end = start + _BAD_CHUNK
        for b in _BAD_ASCII_BYTES:
            if find(b, start, end) >= 0:
                return True
    return False


def _has_bad_chars(text: str) -> bool:
    """``_BAD_CHARS.search(text) is not None``, faster (a lone surrogate fails to encode)."""
    data = _encoded(text)
    return data is None or _bad_chars_in(text, data)


# (the prepared page, its UTF-8 bytes), as _prepare left them for _build_tree.
_last_utf8: tuple = ("", b"")


def _utf8(text: str) -> bytes:
    last = _last_utf8
    return last[1] if last[0] is text else text.encode("utf-8")


# Process-wide caches of what a class/id value, one class name or a style value says:
# pages of one site repeat the same values, and pages of different sites the same class
# names in other combinations; the answer depends on the value alone. Emptied when full
# (by entries, or by the characters their keys hold: utility-class values run to
# kilobytes), so memory stays flat over a long batch.
_CACHE_MAX = 50000
_CACHE_MAX_CHARS = 4_000_000
_CLASS_CACHE: dict[str, tuple[frozenset, bool, bool]] = {}
_NAME_CACHE: dict[str, tuple | None] = {}
_STYLE_CACHE: dict[str, bool] = {}
_cache_chars = {id(_CLASS_CACHE): 0, id(_NAME_CACHE): 0, id(_STYLE_CACHE): 0}
_UNSEEN = object()


def _remember(cache: dict, key: str, value: Any) -> None:
    chars = _cache_chars[id(cache)] + len(key)
    if len(cache) >= _CACHE_MAX or chars > _CACHE_MAX_CHARS:
        cache.clear()
        chars = len(key)
    _cache_chars[id(cache)] = chars
    cache[key] = value


def _class_info(names: str) -> tuple[frozenset, bool, bool]:
    """(cues, hidden-by-class, hidden-by-modal) for a class or id attribute value: what
    its class names say (:func:`_name_info`, remembered by name: on pages of different
    sites most values are new, most of their names are not)."""
    cues = None
    hidden = modal_hides = False
    for name in names.split():
        info = _NAME_CACHE.get(name, _UNSEEN)
        if info is _UNSEEN:
            info = _name_info(name)
        if info is None:
            continue
        found, h, m = info
        if h:
            hidden = True
            continue
        # (the cues are collected in one set, name by name, as ever: a frozenset's
        # iteration order depends on how it was built)
        if cues is None:
            cues = set()
        cues |= found
        if m:
            modal_hides = True
    info = _NO_CLASS_INFO if cues is None and not hidden else (frozenset(cues or ()), hidden, modal_hides)
    _remember(_CLASS_CACHE, names, info)
    return info


def _name_info(name: str) -> tuple | None:
    """(cues as a set, hides, hides as a modal) for one class name, or None when it says
    nothing; remembered. The set is shared: never changed once made."""
    low = name.lower()
    if (_CLASS_HINT_LOWER.search(low) if name.isascii() else re.search(_CLASS_HINT_WORDS, name, re.I)) is None:
        info = None  # most class names (css-1f8er69, col-md-6) say nothing
    elif low in HIDDEN_CLASSES:
        info = (None, True, False)
    elif low.startswith(STATE_PREFIXES):
        info = None
    else:
        tokens = [t.lower().rstrip("0123456789") for t in _CLASS_TOKEN.findall(name)]
        action = component = False
        found: set[str] = set()
        for t in tokens:
            if t in ACTION_TOKENS:
                action = True
            if t in COMPONENT_TOKENS:
                component = True
            hit = TOKEN_CUES.get(t)
            if hit:
                found.update(hit)
        if component:  # "card-header", "modal-footer": a part of a component, not of the page
            found.discard("header")
            found.discard("footer")
        if "modal" in found and not (set(tokens) & MODAL_STRONG) and set(tokens) & CONTENT_TOKENS:
            # "hero-overlay", "card-img-overlay", "text-layer": text laid over an image
            found.difference_update(("modal", "popup"))
        info = (found, False, "modal" in found and not action) if found else None
    _remember(_NAME_CACHE, name, info)
    return info


class _Ctx:
    """Inherited state of an element: cues, hidden, the open link.

    ``hidden`` is False, or the number of the outermost element that hid it (1, 2, ... in
    document order): blocks hidden by different elements belong to different dialogs."""

    __slots__ = ("cues", "hidden", "link")

    def __init__(self, cues: frozenset, hidden: bool, link: list | None) -> None:
        self.cues = cues
        self.hidden = hidden
        self.link = link


# Start-tag and closing-tag patterns, by tag (and closing string): shared by all pages
# (compiling them again for every page took a tenth of the walk on ordinary pages).
_PATTERNS: dict[str, re.Pattern] = {}


class _Locator:
    """Finds start tags in the source, moving forward in document order."""

    BACK_LINES = 50

    def __init__(self, source: str, index: LineIndex) -> None:
        self.src = source
        self.index = index
        self.cursor = 0
        if len(_PATTERNS) > _CACHE_MAX:
            _PATTERNS.clear()
        self.patterns = _PATTERNS
        self.failed: dict[str, tuple[int, int]] = {}
        # For a tag on a line of the index but its last (1 <= line < top), the walk looks
        # the start of locate's window up, lows[line]: the start of the line BACK_LINES up,
        # or 0 near the top (the walk's own copy of locate works it out for other lines).
        self.top = min(len(index.starts), _LINE_CAP)
        self.lows = [0] * (self.BACK_LINES + 1) + index.starts

    def _pattern(self, tag: str) -> re.Pattern:
        pat = self.patterns.get(tag)
        if pat is None:
            if tag == "!--":
                pat = re.compile(r"<!--")
            else:
                pat = re.compile("<" + re.escape(tag) + r"(?=[\s/>])", re.I)
            self.patterns[tag] = pat
        return pat

    def locate(self, tag: str, line: int | None, back: int = BACK_LINES) -> tuple[int, int, int]:
        """(line, column, offset) of the start tag; offset -1 when not found."""
        # LineIndex.line_start/line_end/line_col written out: this runs for every block element.
        index = self.index
        starts = index.starts
        nlines = len(starts)
        cursor = self.cursor
        if not line or line < 1:
            line = bisect.bisect_right(starts, cursor)
            capped = True
        else:
            capped = line >= _LINE_CAP
        if capped:
            lo, hi = cursor, index.length
        else:
            hi = index.length if line >= nlines else starts[line]  # line_end(line), line >= 1
            first = line - back
            lo = 0 if first < 1 else index.length if first > nlines else starts[first - 1]  # line_start
            if cursor > lo:
                lo = cursor
            if lo >= hi:  # the cursor ran ahead (an earlier miss): look on the line itself
                lo = index.length if line > nlines else starts[line - 1]
        fail = self.failed.get(tag)
        if fail is not None and fail[0] <= lo and hi <= fail[1]:
            m = None
        else:
            m = (self.patterns.get(tag) or self._pattern(tag)).search(self.src, lo, hi)
        if m is None:
            self.failed[tag] = (lo, hi)
            if capped:
                line = bisect.bisect_right(starts, cursor)
            return line, 1, -1
        pos = m.start()
        self.cursor = pos + 1
        ln = bisect.bisect_right(starts, pos)
        return ln, pos - starts[ln - 1] + 1, pos

    def skip_past(self, pos: int, closing: str) -> None:
        """Move the cursor past ``closing`` (e.g. ``</script``) after ``pos``."""
        if pos < 0:
            return
        if closing == "-->":
            i = self.src.find(closing, pos)
        else:
            pat = self.patterns.get(closing)
            if pat is None:
                pat = self.patterns[closing] = re.compile(re.escape(closing), re.I)
            m = pat.search(self.src, pos)
            i = m.start() if m else -1
        if i != -1:
            self.cursor = max(self.cursor, i + len(closing))


class _Walker:
    """One pass over the tree. The walk keeps its state in local variables (and in the
    cells its two helpers share): it runs for every element of every page."""

    def __init__(self, source: str) -> None:
        self.index = LineIndex(source)
        self.loc = _Locator(source, self.index)
        self.n_hidden = 0  # elements that hid their content so far (numbers each dialog)
        # output
        self.texts: list[str] = []
        self.blocks: list[Block] = []
        self.links: list[list] = []  # [href, start, end, hidden]
        self.comments: list[list] = []  # [text, line, col, offset]
        self.pending: list[list] = []  # comments after the last block, waiting for an offset
        self.meta = empty_meta()
        self.published: list[tuple[int, str, Any]] = []  # (priority, value, element) candidates
        # each block's owner and its ancestors below <body>, nearest first (for
        # mainbody.mark_main_text, which would otherwise climb the tree again for each block)
        self.chains: list[tuple] = []
        self.last_content_end = 0

    # -- element state -------------------------------------------------------------

    def ctx_of(self, el: Any, tag: str, parent: _Ctx, items: list, text: str | None = None) -> _Ctx:
        """The element's inherited state (``parent`` itself when nothing changes): what its
        tag and attributes say applied to its parent's. ``text``: ``el.text``, which the walk
        has read already.

        Read from the attributes every time: only class/id and style values are remembered
        (``_class_info``, ``_STYLE_CACHE``). A cache of whole attribute sets hashed and
        compared every value (hrefs, srcsets, data-*) on each hit, cost as much as this
        loop, and held most of a scan worker's parse caches (29 MB)."""
        if tag not in INLINE_TAGS and ":" not in tag and not text and not len(el):  # (len(el) last: a call into lxml)
            # A block element with no text and no children (<meta>, <link>, an empty
            # <div>): no text takes its state, only its microdata counts
            for k, _ in items:
                if k == "itemprop":
                    self.meta_element(el, tag)
            return parent
        # The cues are collected in a set in attribute order and frozen once: a frozenset's
        # iteration order (and so a block's repr) depends on how it was built.
        add = None
        hides = is_open = False
        href = None
        for name, val in items:
            if name == "class" or name == "id":
                if val and tag != "body" and tag != "head":
                    cues, h, modal_hides = _CLASS_CACHE.get(val) or _class_info(val)
                    if cues:
                        if add is None:
                            add = set(cues)
                        else:
                            add |= cues
                    if h or (modal_hides and tag not in INLINE_TAGS):
                        hides = True
            elif name == "href":
                if tag == "a":
                    if href is not None:  # (libxml2 keeps one attribute of a name) every href a link
                        self.links.append([href.strip(), None, None, False])
                    href = val
            elif name not in _CTX_KEYS:
                continue
            elif name == "style":
                if val:
                    h = _STYLE_CACHE.get(val)
                    if h is None:
                        h = _DISPLAY_NONE.search(val) is not None
                        _remember(_STYLE_CACHE, val, h)
                    if h:
                        hides = True
            elif name == "role":
                if tag != "body" and tag != "head":
                    for r in val.lower().split():
                        rc = ROLE_CUES.get(r)
                        if rc:
                            if add is None:
                                add = set()
                            add.update(rc)
                            if rc[0] == "dialog":
                                hides = True
            elif name == "hidden":
                hides = True
            elif name == "aria-hidden":
                if val.strip().lower() == "true":
                    hides = True
            elif name == "aria-modal":
                if val.strip().lower() == "true" and tag != "body" and tag != "head":
                    if add is None:
                        add = set()
                    add.add("dialog")
                    hides = True
            elif name == "open":
                is_open = True
            elif name == "itemprop":
                self.meta_element(el, tag)
        tag_cue = TAG_CUES.get(tag)
        if tag_cue is not None:
            if add is None:
                add = set()
            add.add(tag_cue)
            if tag == "dialog" and not is_open:
                hides = True
        if add is not None:
            add = frozenset(add)
        hidden = parent.hidden
        if hides and not hidden:
            self.n_hidden += 1
            hidden = self.n_hidden
            add = add | _HIDDEN_CUE if add is not None else _HIDDEN_CUE
        if href is not None:
            link = [href.strip(), None, None, hidden is not False]
            self.links.append(link)
        elif not add and hidden == parent.hidden:
            return parent
        else:
            link = parent.link
        return _Ctx(parent.cues | add if add else parent.cues, hidden, link)

    def meta_element(self, el: Any, tag: str) -> None:
        attrib = el.attrib
        if tag == "meta":
            key = (attrib.get("property") or attrib.get("name") or attrib.get("itemprop") or "").strip().lower()
            prio = PUBLISHED_PRIORITY.get(key)
            if prio is not None:
                value = (attrib.get("content") or attrib.get("datetime") or "").strip()
                if value:
                    self.published.append((prio, value, None))
        elif tag == "link":
            rel = (attrib.get("rel") or "").lower().split()
            href = (attrib.get("href") or "").strip()
            if not href:
                return
            if "canonical" in rel and self.meta["canonical"] is None:
                self.meta["canonical"] = href
            if "alternate" in rel and attrib.get("hreflang"):
                self.meta["alternates"].append({"hreflang": attrib.get("hreflang").strip(), "href": href})
        elif tag == "base":
            href = attrib.get("href")
            if href and self.meta["base"] is None:
                self.meta["base"] = href.strip()
        elif tag == "time" or attrib.get("itemprop", "").strip().lower() == "datepublished":
            prio = TIME_PRIORITY if tag == "time" else PUBLISHED_PRIORITY["datepublished"]
            value = (attrib.get("datetime") or attrib.get("content") or "").strip()
            if value:
                self.published.append((prio, value, el))

    # -- the walk ------------------------------------------------------------------

    def walk(self, root: Any) -> None:
        loc = self.loc
        lang = root.get("lang") or root.get("xml:lang")
        if lang and lang.strip():
            self.meta["html_lang"] = lang.strip()
        blocks = self.blocks
        texts = self.texts  # the blocks' texts, joined by "\n" in result()
        chains = self.chains
        meta = self.meta
        comments = self.comments
        starts = self.index.starts
        nlines = len(starts)
        length = self.index.length
        src = loc.src
        patterns = loc.patterns
        failed = loc.failed
        back = _Locator.BACK_LINES
        top = loc.top
        lows = loc.lows
        bisect_right = bisect.bisect_right
        ws_run_sub = _WS_RUN.sub
        ctx_of = self.ctx_of
        meta_element = self.meta_element
        class_cache = _CLASS_CACHE
        special, inline, raw_text, tag_cues = _SPECIAL_TAGS, INLINE_TAGS, RAW_TEXT, TAG_CUES
        ctx_keys = _CTX_KEYS
        strip_chars = STRIP_CHARS
        is_wide_ = _is_wide

        # The block being collected: its pieces, their length, where it starts in the
        # output, the cues shared by all its text, its characters inside links, the last
        # character added, and the white space pending between two pieces.
        cur: list[str] = []
        cur_len = 0
        cur_base = 0
        cur_cues: frozenset | None = None
        cur_link_chars = 0
        last_char = ""
        pend = ""
        pend_nl = False
        out_len = 0
        last_content_end = 0
        # Comments seen before the current block began / since it began.
        pending_before: list[list] = []
        pending_after: list[list] = []
        # The owner of the current block, (tag, ctx, its chain), and its position: (line,
        # column), or (0, offset in the source) while no block has needed it (most owners
        # never get a block: a found offset is made a line and a column only when one does).
        owner: tuple = ("body", _Ctx(_NO_CUES, False, None), ())
        o_line, o_col = 1, 1

        def flush() -> None:
            """Close the current block (callers test ``cur_len`` first)."""
            nonlocal cur_len, cur_cues, cur_link_chars, pend, pend_nl, out_len, pending_before, pending_after
            text = cur[0] if len(cur) == 1 else "".join(cur)
            cur.clear()
            tag, octx, owner_chain = owner
            line, col = o_line, o_col
            if not line:  # the owner's position is still an offset in the source
                line = bisect_right(starts, col)
                col = col - starts[line - 1] + 1
            n = cur_len
            cues = cur_cues or _NO_CUES
            link_chars = cur_link_chars
            if link_chars > n:
                link_chars = n
            dialog = octx.hidden
            if dialog:
                hidden = True
                if "hidden" not in cues:
                    cues = cues | _HIDDEN_CUE
            else:
                hidden = False
                dialog = 0
            if link_chars and link_chars >= LINK_LIST_SHARE * n:  # link_list_cue(n, link_chars)
                cues = cues | _LINK_LIST_CUE
            texts.append(text)
            start = cur_base
            out_len = end = start + n
            blocks.append(filled(Block, {"start": start, "end": end, "line": line, "column": col, "tag": tag,
                                         "heading": _heading_level(tag, 0), "cues": cues,
                                         "link_chars": link_chars, "hidden": hidden, "dialog": dialog}))
            chains.append(owner_chain)
            if tag == "title" and meta["title"] is None:
                meta["title"] = text
            if pending_before:
                for c in pending_before:
                    c[3] = start
                comments.extend(pending_before)
                pending_before.clear()
            if pending_after:
                pending_before, pending_after = pending_after, pending_before
            cur_len = 0
            cur_cues = None
            cur_link_chars = 0
            pend = ""
            pend_nl = False

        def add_text(s: str, ctx: _Ctx) -> None:
            """Add a piece of text (not white space only) to the current block."""
            nonlocal cur_len, cur_base, cur_cues, cur_link_chars, last_char, pend, pend_nl, last_content_end
            core = s.strip(strip_chars)
            if not core:  # only invisible characters
                if cur_len:
                    add_ws(s)
                return
            if cur_len and s[0] != core[0]:
                add_ws(s[: len(s) - len(s.lstrip(strip_chars))])
            if core.isascii():
                if "  " in core or "\n" in core or "\t" in core or "\r" in core or "\f" in core:
                    core = ws_run_sub(" ", core)
            else:
                if "\n" in core:
                    core = _CJK_BREAK.sub("", core)
                if "  " in core or "\n" in core or "\t" in core or "\r" in core or "\f" in core:
                    core = ws_run_sub(" ", core)
            link = ctx.link
            if cur_len == 0:
                cur_base = out_len + (1 if blocks else 0)
            else:
                p = pend
                if p:
                    if p == " " and pend_nl and is_wide_(last_char) and is_wide_(core[0]):
                        pass  # a line break between two CJK characters is no space
                    else:
                        cur.append(p)
                        cur_len += len(p)
                        if link is not None and link[1] is not None:
                            cur_link_chars += len(p)
                    pend = ""
                    pend_nl = False
            pos = cur_base + cur_len
            n = len(core)
            if link is not None:
                if link[1] is None:
                    link[1] = pos
                link[2] = pos + n
                cur_link_chars += n
            cur.append(core)
            cur_len += n
            last_char = core[-1]
            last_content_end = pos + n
            cues = ctx.cues
            if cur_cues is None:
                cur_cues = cues
            elif cur_cues is not cues:
                cur_cues = cur_cues & cues
            if s[-1] != core[-1]:
                add_ws(s[len(s.rstrip(strip_chars)):])

        def add_ws(raw: str) -> None:
            """White space between pieces of one block (callers test ``cur_len`` first)."""
            nonlocal pend, pend_nl
            if "\n" in raw:
                pend_nl = True
            if raw.isascii():
                if not pend:
                    pend = " "
                elif pend[-1] != " ":
                    pend = pend + " "
            else:
                pend = ws_run_sub(" ", pend + raw)

        for node in reversed(list(root.itersiblings(preceding=True))):  # comments before <html>
            if node.tag is etree.Comment:
                self.comment(node, pending_before)
        # One frame per open element: (the parent's ctx, the owner to restore when the
        # element is a block, else None, the parent's chain). ``chain``: the open element
        # and its ancestors below <body>, nearest first (what mainbody._Tree.chains holds).
        stack: list[tuple] = []
        push = stack.append
        pop = stack.pop
        ctx = _Ctx(_NO_CUES, False, None)
        chain: tuple = ()
        walker = etree.iterwalk(root, events=("start", "end", "comment"))
        for event, el in walker:
            if event == "start":
                tag = el.tag
                if type(tag) is not str:  # an entity reference or the like: no text
                    push((ctx, None, chain))
                    continue
                pctx = ctx
                kind = special.get(tag)
                if kind is not None:
                    if kind == _SKIP:
                        walker.skip_subtree()
                        _, _, pos = loc.locate(tag, el.sourceline)
                        loc.skip_past(pos, "</" + tag)
                        push((ctx, None, chain))
                        continue
                    if kind == _BR:
                        line, col, _ = loc.locate(tag, el.sourceline)
                        if cur_len:
                            flush()
                        o_line, o_col = line, col
                        push((ctx, None, chain))
                        continue
                    if kind == _INPUT:
                        # <input type=button|submit|reset value=...> shows its value: a button block
                        push((ctx, None, chain))
                        if (el.get("type") or "").strip().lower() not in ("button", "submit", "reset"):
                            continue
                        value = el.get("value")
                        if not value or not value.strip(strip_chars):
                            continue
                        line, col, _ = loc.locate("input", el.sourceline)
                        ictx = ctx_of(el, "input", ctx, el.items())
                        ictx = _Ctx(ictx.cues | {"button"}, ictx.hidden, ictx.link)
                        if cur_len:
                            flush()
                        saved = owner
                        owner = ("input", ictx, (el,) + chain)
                        o_line, o_col = line, col
                        add_text(value, ictx)
                        if cur_len:
                            flush()
                        owner = saved  # at the input's position (o_line, o_col)
                        continue
                    meta_element(el, tag)  # _META
                    text = el.text
                    if tag != "time" and stack and not len(el) and not text:
                        # <meta>, <link>, <base>: void, so no text takes their state; only
                        # microdata counts (read a second time, as ctx_of counts it)
                        if el.get("itemprop") is not None:
                            meta_element(el, tag)
                        items = ()
                    else:
                        items = el.items() if stack else ()
                elif stack:
                    items = el.items()
                    text = el.text
                else:
                    items = ()
                    text = el.text
                if items:  # (never at the root: its attributes give no state)
                    if len(items) == 1 and tag not in tag_cues:
                        # One attribute (the commonest case, usually a class)
                        key, val = items[0]
                        if key == "class" or key == "id":
                            if val and tag != "body" and tag != "head":
                                cues, h, modal_hides = class_cache.get(val) or _class_info(val)
                                if ctx.hidden or not (h or (modal_hides and tag not in inline)):
                                    if cues:
                                        ctx = _Ctx(ctx.cues | cues, ctx.hidden, ctx.link)
                                else:
                                    self.n_hidden += 1
                                    ctx = _Ctx(ctx.cues | cues | _HIDDEN_CUE, self.n_hidden, ctx.link)
                        elif key == "href" and tag == "a":
                            # a bare link (the commonest link): ctx_of's result, written out
                            link = [val.strip(), None, None, ctx.hidden is not False]
                            self.links.append(link)
                            ctx = _Ctx(ctx.cues, ctx.hidden, link)
                        elif key in ctx_keys:
                            ctx = ctx_of(el, tag, ctx, items, text)
                    else:
                        ctx = ctx_of(el, tag, ctx, items, text)
                elif tag in tag_cues and stack:
                    ctx = ctx_of(el, tag, ctx, items, text)
                if (tag in inline or ":" in tag) and not (ctx.hidden and not pctx.hidden):
                    # inline (MS Office tags, <o:p>, <st1:place>, too) ... unless hidden
                    # inside visible text: then it is a block of its own
                    push((pctx, None, chain))
                    chain = (el,) + chain
                else:
                    # line, col, pos = loc.locate(tag, el.sourceline), written out
                    line = el.sourceline
                    cursor = loc.cursor
                    if line and 0 < line < top:  # (nearly always)
                        hi = starts[line]
                        lo = lows[line]
                        if cursor > lo:
                            lo = cursor
                            if lo >= hi:
                                lo = starts[line - 1]
                    elif not line or line < 1 or line >= _LINE_CAP:
                        lo, hi = cursor, length
                        line = bisect_right(starts, cursor)  # (the line a miss reports)
                    else:  # on the last line or past it
                        hi = length if line >= nlines else starts[line]
                        first = line - back
                        lo = 0 if first < 1 else length if first > nlines else starts[first - 1]
                        if cursor > lo:
                            lo = cursor
                        if lo >= hi:
                            lo = length if line > nlines else starts[line - 1]
                    fail = failed.get(tag)
                    if fail is not None and fail[0] <= lo and hi <= fail[1]:
                        m = None
                    else:
                        m = (patterns.get(tag) or loc._pattern(tag)).search(src, lo, hi)
                    if m is None:
                        failed[tag] = (lo, hi)
                        col = 1
                    else:  # line 0: the column is an offset
                        col = m.start()
                        loc.cursor = col + 1
                        line = 0
                        if tag in raw_text:
                            loc.skip_past(col, "</" + tag)
                    if cur_len:
                        flush()
                    push((pctx, owner, chain))
                    chain = () if tag == "body" or tag == "html" else (el,) + chain
                    owner = (tag, ctx, chain)
                    o_line, o_col = line, col
            elif event == "end":
                pctx, saved, chain = pop()
                if saved is not None:  # a block ends: its parent owns what follows
                    if cur_len:
                        flush()
                    owner = saved
                    o_line = 0
                    o_col = loc.cursor - 1 if loc.cursor > 0 else 0
                if ctx is not pctx:
                    link = ctx.link
                    if link is not None and link is not pctx.link and link[1] is None:
                        link[1] = link[2] = last_content_end
                    ctx = pctx
                if not stack:
                    continue
                text = el.tail
            else:  # comment
                self.comment(el, pending_after if cur_len else pending_before)
                text = el.tail
            if text:
                if text.isspace():  # white space only: add_ws, written out
                    if cur_len:
                        if "\n" in text:
                            pend_nl = True
                        if text.isascii():
                            if not pend:
                                pend = " "
                            elif pend[-1] != " ":
                                pend = pend + " "
                        else:
                            pend = ws_run_sub(" ", pend + text)
                else:
                    add_text(text, ctx)
        if cur_len:
            flush()
        self.last_content_end = last_content_end
        for node in root.itersiblings():  # comments after </html>
            if node.tag is etree.Comment:
                self.comment(node, pending_before)
        self.pending = pending_before + pending_after

    def comment(self, node: Any, pending: list) -> None:
        line, col, pos = self.loc.locate("!--", node.sourceline, back=1000)
        self.loc.skip_past(pos, "-->")
        pending.append([(node.text or "").strip(), line, col, 0])

    def result(self) -> ParsedPage:
        text = "\n".join(self.texts)
        for c in self.pending:
            c[3] = len(text)
        self.comments.extend(self.pending)
        if self.published:
            self.meta["published_time"] = min(self.published, key=lambda c: c[0])[1]
        links = []
        for href, start, end, hidden in self.links:
            if start is None:
                start = end = self.last_content_end if end is None else end
            links.append(new_link(href, start, end, hidden))
        return ParsedPage(
            text=text,
            blocks=tuple(self.blocks),
            links=tuple(links),
            comments=tuple(_new_comment(c) for c in self.comments),
            meta=self.meta,
        )


def _new_comment(fields: list) -> Comment:
    """``Comment(text, line, column, offset)`` from ``[text, line, column, offset]``, at a
    third of the cost of the frozen dataclass's ``__init__`` (tests/test_fastpath_equivalence.py)."""
    text, line, column, offset = fields
    return filled(Comment, {"text": text, "line": line, "column": column, "offset": offset})


def _needs_collapse(s: str) -> bool:
    return "  " in s or "\n" in s or "\t" in s or "\r" in s or "\f" in s


def _collapse_keep(s: str) -> str:
    """Collapse ASCII white-space runs to one space, keeping other spaces (nbsp)."""
    return _WS_RUN.sub(" ", s)


_is_wide = is_wide  # [WIDE_CLASS] without compiling it

_NO_CUES: frozenset = frozenset()
_HIDDEN_CUE = frozenset({"hidden"})
_LINK_LIST_CUE = frozenset({"link-list"})
_HEADING_LEVELS = {f"h{i}": i for i in range(1, 7)}
_heading_level = _HEADING_LEVELS.get


_COMMENT_RE = LazyRe(r"<!--(.*?)(?:-->|$)", re.S)  # (for pages without a tree, and
_ANY_TAG = LazyRe(r"</?([A-Za-z][A-Za-z0-9:-]*)(?:\s[^<>]*)?/?>")  # too deeply nested ones)
# Kept when flattening: elements libxml2 closes by itself (p, li, td ...), void elements,
# links, raw-text elements and the document skeleton.
_FLAT_KEEP = frozenset(
    """a p li dt dd tr td th option br img hr input wbr area col embed param source track
    script style noscript template svg iframe title textarea xmp head body html meta link base time""".split()
)
_FLAT_KEEP_MIN = frozenset("br script style noscript template svg iframe title textarea xmp".split())


def _flatten(text: str, keep: frozenset) -> str:
    """Replace every other tag by a same-length ``<br>`` (block) or empty PI (inline)."""

    def repl(m: re.Match) -> str:
        tag = m.group(1).lower()
        if tag in keep:
            return m.group(0)
        n = len(m.group(0))
        if n >= 4 and tag not in INLINE_TAGS and ":" not in tag:
            return "<br" + " " * (n - 4) + ">"
        return "<?" + " " * (n - 3) + ">"

    return _ANY_TAG.sub(repl, text)


def _build_tree(text: str) -> tuple[Any, bool]:
    """(root or None, whether libxml2 stopped early on a resource limit)."""
    if not text or text.isspace():  # (not text.strip(): that copies the page when it ends in a line break)
        return None, False
    parser = _parser()
    try:
        # (no lone surrogates left after _prepare: the text encodes)
        root = etree.fromstring(_utf8(text), parser)
    except (etree.ParserError, etree.XMLSyntaxError):  # "Document is empty" and the like
        return None, False
    fatal = any(e.level_name == "FATAL" for e in parser.error_log)
    return root, fatal


def parse_html(source: str) -> ParsedPage:
    """Parse decoded HTML. Never raises on malformed markup."""
    prepared = _prepare(source)
    root, fatal = _build_tree(prepared)
    warning = None
    if fatal:
        # libxml2 gives up past 2048 nested elements (thousands of unclosed <div>s or
        # <font>s) and drops the rest of the page. Parse again without the nesting:
        # the text survives, some cues and hidden state may not.
        warning = "markup nested too deeply; parsed without nesting (structural cues may be missing)"
        for keep in (_FLAT_KEEP, _FLAT_KEEP_MIN):
            flat = _flatten(prepared, keep)
            root, fatal = _build_tree(flat)
            prepared = flat
            if not fatal:
                break
    walker = _Walker(prepared)
    if root is None:
        # Nothing lxml could build a tree from (empty, or only comments): keep the comments.
        page = walker.result()
        comments = []
        for m in _COMMENT_RE.finditer(prepared):
            line, col = walker.index.line_col(m.start())
            comments.append(Comment(m.group(1).strip(), line, col, 0))
        return ParsedPage(text="", comments=tuple(comments), meta=page.meta)
    # The walk makes no reference cycles, so the cyclic collector only rescans the
    # growing output again and again (a third of the time on 20 MB; a few per cent on an
    # ordinary page, where it would run a dozen times): paused during the walk.
    with gcpause.paused():
        walker.walk(root)
        page = walker.result()
        blocks, cut = mark_main_text(page.text, page.blocks, walker.chains)
        page = replace(page, blocks=tuple(blocks))
        if cut and walker.published:
            # A date inside a comment thread or a teaser dates that, not the page.
            dates = [c for c in walker.published if c[2] is None or not inside(c[2], cut)]
            page.meta["published_time"] = min(dates, key=lambda c: c[0])[1] if dates else None
    if warning:
        page.meta["parse_warning"] = warning
    return page
