"""Blocks -> typed segments: structure first, words second.

Every block first gets a kind from its structural cues (landmarks, class names,
hidden pop-ups, link density). Bilingual lexicons from the ruleset then find the
notices, disclaimers, forward-looking-statement sections, "About ..." boilerplate
and metadata lines. A heading that opens a section (「前瞻性陈述」, "About X")
gives its kind to every block up to the next heading of the same or higher level.
Consecutive blocks of one kind, visibility and language merge into one segment.

Scraped text needs more: a sentence of a page collapsed into one line (cue ``flat``)
is split where a section heading, a notice or a footer line begins inside it, a
heading glued to its paragraph ("About Lilly Lilly unites ...") opens its section,
and such sections also close at the next opener or at the trailing footer. A pop-up
scraped into the page is one notice: its title heading, the paragraphs that carry
its elements and its buttons join it.
"""
from __future__ import annotations

import bisect
import collections
import re
from dataclasses import dataclass
from dataclasses import replace as dc_replace
from types import MappingProxyType
from typing import Mapping, Sequence

from auditor.support.chars import HAN_CLASS
from auditor.read import lang as langmod
from auditor.read.lexicon import Hit, Lexicon
from auditor.model.document import Block, Segment, filled
from auditor.read.normalize import Normalized

# Lexicon names the segmenter reads from a ruleset's lexicons/ folder.
LEAVING, ARCHIVE, DISCLAIMER = "leaving_site", "archive", "unapproved_disclaimer"
DISCLAIMER_HEADING, FLS_HEADING, FLS_CAUTION = "disclaimer_heading", "fls_heading", "fls_cautionary"
ABOUT, METADATA, DATES, COOKIE = "about_heading", "metadata", "dates", "cookie_banner"
COPYRIGHT = "copyright"  # "© 2026 … All rights reserved": the site's footer, not the page's metadata
GENERAL_DISCLAIMER, CHROME, BUTTONS = "general_disclaimer", "navigation_chrome", "notice_buttons"
FURNITURE = "furniture_heading"  # "Related articles", 「相关阅读」, "Leave a reply"
# The elements of a leaving-site notice: a paragraph carrying one of them continues the notice above.
THIRD_PARTY, NOT_RESPONSIBLE, CHOICE = "leaving_third_party", "leaving_not_responsible", "leaving_choice"
LEAVING_ELEMENTS = (THIRD_PARTY, NOT_RESPONSIBLE, CHOICE)
SEGMENT_LEXICONS = (LEAVING, ARCHIVE, DISCLAIMER, DISCLAIMER_HEADING, FLS_HEADING, FLS_CAUTION, ABOUT, METADATA, DATES,
                    COPYRIGHT, COOKIE, GENERAL_DISCLAIMER, CHROME, BUTTONS, FURNITURE) + LEAVING_ELEMENTS
# Read only next to a notice (its buttons and elements: _continues_notice), so looked for
# only on a page with a notice's own words (leaving_site, archive): elsewhere no block can
# become a notice, and the rules, which read these in notices, ask for none of them either.
NOTICE_PARTS = (BUTTONS,) + LEAVING_ELEMENTS
NOTICES = ("third_party_notice", "archive_notice")
# "Cancel | Continue" under a scraped notice: a line this short of buttons joins the notice.
BUTTON_LINE_MAX = 40
# A single unapproved-product phrase makes a disclaimer of a paragraph this short;
# a longer paragraph needs two different phrases (or a "Disclaimer:" label).
SHORT_DISCLAIMER = 160
# "About" alone may start an ordinary sentence ("About 300 patients ..."); contact labels may not.
BARE_ABOUT = frozenset({"about", "regarding", "关于", "關於"})
# A visible pop-up scraped into the page: a paragraph this short that carries a notice's
# elements (third party, not responsible, continue/cancel) or its buttons continues the notice.
NOTICE_CONTINUATION_MAX = 200
NOTICE_BUTTONS_MAX = 80  # ... and a paragraph naming a single choice ("Continue") is this short
# A label this short between two navigation blocks (a logo, "search") is navigation too.
NAV_LABEL_MAX = 30
# A heading longer than this is a title or standfirst, never the label of page furniture.
FURNITURE_LABEL_MAX = 80
# ... and its section is page furniture when navigation and boilerplate make up this share of it.
ORPHAN_SIDE_SHARE = 0.85
NAV_LABEL_RUN = 3  # ... and so are up to this many such labels in a row
# In a collapsed page ("flat" blocks), "About X" / 「关于X」 glued to its paragraph opens the
# boilerplate section when X is at most this many words (English) or characters (Chinese).
GLUED_ABOUT_WORDS = 5
GLUED_ABOUT_ZH = 16
# A contact label there ("Contacts", "Investor Relations") is one when a colon, an e-mail
# address or a telephone number follows within this many characters (else it is a menu item).
CONTACT_LABEL_REACH = 40
# A label line ("关于诺风生物", "Disclaimer") this short acts as a heading even without heading markup.
PSEUDO_HEADING_MAX = 40
# A furniture heading is the term and little else: at most this many characters more.
FURNITURE_EXTRA = 8
# A dateline that opens a paragraph is split off as metadata when this much text follows it.
DATELINE_SPLIT_MIN = 12

NAV_CUES = frozenset({"nav", "menu", "breadcrumb", "skip", "share", "cookie"})
# Cues of blocks that are not the page's main text (see _structural_kind).
SIDE_CUES = frozenset({"aside", "sidebar", "related", "cut"})
# A paragraph outside the main text this long, with few links, is still read as content
# (articles split over sibling containers; a lead paragraph above the body).
PERIPHERAL_LONG = 200
# A paragraph inside the main text this long, with few links, is never navigation.
CORE_PROSE = 120
_HAN_SRC = HAN_CLASS  # compiled on first use (not needed for ASCII)
_LATIN_RUNS = re.compile(r"[A-Za-z\u00c0-\u024f]+")
_LATIN_NONASCII_RUNS = re.compile(r"[\u00c0-\u024f]+")  # _LATIN_RUNS beyond ASCII ([A-Za-z] counted on bytes)
SCRIPT_MIN = 16  # Han and Latin letters a block needs before its script splits a segment
SPLIT_ASCII_MIN = 48  # shorter texts are counted whole (splitting costs more than it saves)
_han_runs_compiled = None


def _han_runs():
    global _han_runs_compiled
    if _han_runs_compiled is None:
        _han_runs_compiled = re.compile(_HAN_SRC + "+")
    return _han_runs_compiled
_ASCII_LETTERS = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_LEAD = re.compile(r"[\s\W_]*")  # punctuation/space a heading label may follow (【, #, *)
# A date alone on a line ("March 19, 2026", "2026-03-19") is a metadata line.
_DATE_ONLY = re.compile(
    r"^\W*(?:\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?|[A-Za-z]{3,9}\.? \d{1,2}, \d{4}|\d{1,2} [A-Za-z]{3,9} \d{4})\W*$"
)
# A section opened by a heading glued to its paragraph ranks below every real heading.
GLUED_LEVEL = 7


@dataclass(slots=True)
class _Block:
    """A block being classified: its text, lexicon hits and kind so far."""

    block: Block
    text: str
    hits: dict[str, list[Hit]]  # lexicon name -> its hits (never an empty list)
    kind: str = "content"
    section_heading: str | None = None
    lexical: str | None = None  # _lexical_kind's answer, once computed
    lead: int = -1  # where a heading label may start (after leading punctuation), once computed
    dialog: int = 0  # which dialog of its hidden run the block belongs to (see _classify_hidden_run)

    def has(self, name: str) -> bool:
        return name in self.hits

    def distinct(self, name: str) -> int:
        hits = self.hits.get(name)
        if not hits:
            return 0
        return 1 if len(hits) == 1 else len({h.term for h in hits})

    def at_start(self, name: str) -> Hit | None:
        """A hit of ``name`` at the start of the block (after leading punctuation)."""
        hits = self.hits.get(name)
        if not hits:
            return None
        lead = self.lead
        if lead < 0:
            lead = self.lead = _LEAD.match(self.text).end()
        limit = self.block.start + lead
        for h in hits:
            if h.start <= limit:
                return h
        return None


def _script(text: str) -> str:
    if len(text) < SCRIPT_MIN:
        return ""  # (Han and Latin letters are disjoint: fewer characters than that, fewer letters)
    if text.isascii():  # no Han; the Latin letters are the ASCII ones (counted on bytes)
        data = text.encode("ascii")
        han, latin = 0, len(data) - len(data.translate(None, _ASCII_LETTERS))
    else:
        # (Han counted as what removing its runs takes away: no list of the runs; a longer
        # text on its non-ASCII characters only, as the language does)
        if len(text) < SPLIT_ASCII_MIN:
            han = len(text) - len(_han_runs().sub("", text))
            latin = sum(map(len, _LATIN_RUNS.findall(text)))
        else:
            ascii_latin, rest = langmod.split_ascii(text)
            han = len(rest) - len(_han_runs().sub("", rest))
            latin = ascii_latin + sum(map(len, _LATIN_NONASCII_RUNS.findall(rest)))
    if han + latin < SCRIPT_MIN:
        return ""  # table cells and labels are too short to split a segment on
    if han >= 2 and han * 3 >= latin:
        return "zh"
    if latin >= 3 and han == 0:
        return "en"
    return ""


_NO_HITS: Mapping[str, list[Hit]] = MappingProxyType({})  # (shared by the blocks without a hit)


def _hits_by_block(blocks: Sequence[Block], norm: Normalized,
                   lexicons: Mapping[str, Lexicon]) -> tuple[list[Mapping[str, list[Hit]]], bool]:
    """Each block's lexicon hits, and whether the page has a notice's words (a block of it
    may become a notice): only then are NOTICE_PARTS looked for."""
    starts = [b.start for b in blocks]
    out: list = [_NO_HITS] * len(blocks)

    def assign(name: str) -> bool:
        lex = lexicons.get(name)
        hits = lex.find(norm) if lex is not None else ()
        for hit in hits:
            i = bisect.bisect_right(starts, hit.start) - 1
            if i >= 0 and hit.start < blocks[i].end:
                found = out[i]
                if found is _NO_HITS:
                    found = out[i] = {}
                found.setdefault(name, []).append(hit)
        return bool(hits)

    notice = False
    for name in SEGMENT_LEXICONS:
        if name not in NOTICE_PARTS and assign(name) and name in (LEAVING, ARCHIVE):
            notice = True
    if notice:
        for name in NOTICE_PARTS:
            assign(name)
    return out, notice


_MENU_CUES = frozenset({"nav", "menu", "breadcrumb"})
_LABEL_COLON = re.compile(r"[ \t\u3000]*[:：]")
_ASIDE_CUES = frozenset({"aside", "sidebar", "related"})
_MAIN_LABELS = frozenset({"core", "lead"})  # (mainbody's labels of the main text and its standfirst)
# The cues that can give a block a structural kind: with none of them and no hit, only its links can.
_STRUCTURE_CUES = NAV_CUES | SIDE_CUES | _ASIDE_CUES | _MENU_CUES | {
    "title", "link-list", "footer", "copyright", "header", "peripheral"}


def _structural_kind(b: _Block) -> str:
    blk, n = b.block, len(b.text)
    cues = blk.cues
    if "title" in cues:
        return "metadata"
    hits = b.hits
    link_share = blk.link_chars / n if n else 0.0
    if not hits and cues.isdisjoint(_STRUCTURE_CUES):  # (the article's paragraphs: only links can tell)
        return "navigation" if link_share > 0.6 and n < 300 else ""
    if (n <= 200 and METADATA in hits and cues.isdisjoint(_MENU_CUES)
            and ("footer" in cues or "copyright" in cues or link_share > 0.6 or "link-list" in cues)):
        return "metadata"  # statutory numbers in a footer are usually links, but they are metadata
    if "link-list" in cues:
        if not (cues.isdisjoint(NAV_CUES) and _lone_link(b)):
            return "navigation"
        # (else a web or e-mail address the article cites)
    elif not cues.isdisjoint(NAV_CUES) and not (
            # Running prose inside the article is not a menu, whatever a wrapper's class says
            # ("share-wrapper", "breadcrumb-layout" around a whole post); nor is a section heading
            # without links whose anchor a table of contents names (id="nav_...").
            "core" in cues and (n >= CORE_PROSE and link_share < 0.2 or blk.heading and not blk.link_chars)):
        return "navigation"
    elif link_share > 0.6 and n < 300:  # (a lone link is a link line: it took the branch above)
        return "navigation"
    if COOKIE in hits and n < 700:
        return "navigation"  # a cookie banner is page chrome, whatever its markup
    if CHROME in hits and n < 300 and b.at_start(CHROME):
        return "navigation"  # "当前位置：首页 > 新闻" without breadcrumb markup
    if "footer" in cues or "copyright" in cues:
        if b.has(METADATA):
            return "metadata"
        if b.has(COPYRIGHT) and n <= 200:
            return "boilerplate"
        if b.distinct(DISCLAIMER) >= 2:
            return "disclaimer"
        return "navigation" if n < 80 or link_share > 0.3 else "boilerplate"
    if "header" in cues and n < 120 and not blk.heading and not (
            not cues.isdisjoint(_MAIN_LABELS) and _HEAD_SENTENCE.search(b.text)):
        # (inside the main text, a sentence in the article's own <header> is its standfirst)
        return "metadata" if b.has(METADATA) or b.has(DATES) else "navigation"
    if link_share > 0.3 and not cues.isdisjoint(_ASIDE_CUES):
        return "navigation"
    if ("core" not in cues and blk.heading != 1 and (
            not cues.isdisjoint(SIDE_CUES) or "peripheral" in cues and (n < PERIPHERAL_LONG or link_share > 0.3))):
        # Outside the page's main text, or a sidebar, comment thread, teaser list:
        # boilerplate, unless its words make it a notice, disclaimer, section or metadata.
        # Inside a comment thread or teaser list only notices, disclaimers and sections
        # count: a comment's date line is not the page's metadata.
        lexical = _lexical_kind(b)
        if lexical and not ("cut" in cues and lexical == "metadata" and not b.has(METADATA)):
            return ""
        opener = _opener(b)
        if opener is not None and opener[0] and not (opener[0] == "boilerplate" and not b.at_start(ABOUT)):
            # (a furniture heading out here, "Tags", "Related Posts", is boilerplate by where it
            # sits and opens no section: one would swallow the article's text after it)
            return ""
        return "navigation" if link_share > 0.3 else "boilerplate"
    return ""


def _lexical_kind(b: _Block) -> str:
    """The kind the block's words give it ("" for none); asked by the structural pass
    and by classify, so computed once."""
    if b.lexical is None:
        b.lexical = _words_kind(b)
    return b.lexical


def _words_kind(b: _Block) -> str:
    if not b.hits:  # (most blocks: no lexicon term, so only a date line can make metadata)
        return "metadata" if _DATE_ONLY.match(b.text) else ""
    n = len(b.text)
    if b.has(LEAVING) and (n < 600 or b.distinct(LEAVING) >= 2):
        return "third_party_notice"
    if b.has(ARCHIVE) and (n < 600 or b.distinct(ARCHIVE) >= 2):
        return "archive_notice"
    if b.distinct(DISCLAIMER) >= 2 or (b.has(DISCLAIMER) and (b.at_start(DISCLAIMER_HEADING) or n <= SHORT_DISCLAIMER)):
        return "disclaimer"
    if b.has(GENERAL_DISCLAIMER) and n <= 400:
        return "disclaimer"
    label = b.at_start(DISCLAIMER_HEADING)
    if label is not None and n <= 400 and _LABEL_COLON.match(b.text, label.end - b.block.start):
        return "disclaimer"  # a labelled one: 「免责声明：本文来自…，不代表本网观点。」, "Disclaimer: ..."
    contact = b.at_start(ABOUT)
    if contact is not None and n <= 300:
        label = b.text[contact.end - b.block.start: contact.end - b.block.start + 24]
        if contact.term not in BARE_ABOUT or (":" in label or "：" in label):
            return "boilerplate"  # "Media contact: ..." or "关于奥瑞兰医药：…" on one line
    if b.distinct(FLS_CAUTION) >= 2:
        return "forward_looking"
    if b.has(METADATA) and (n <= 80 or (n <= 200 and b.at_start(METADATA))):
        return "metadata"
    if b.has(COPYRIGHT) and (n <= 80 or (n <= 200 and b.at_start(COPYRIGHT))):
        return "boilerplate"  # a copyright line with no filing or approval number in it
    if _DATE_ONLY.match(b.text) or (b.has(DATES) and n <= 40):
        return "metadata"
    return ""


def _opener(b: _Block) -> tuple[str, int] | None:
    """Does this block open a section? -> (kind, level)."""
    level = b.block.heading
    if not b.hits:  # (most blocks: no lexicon term, so no label; a heading still closes sections)
        return ("", level) if level else None
    if level:
        if b.has(FLS_HEADING):
            return "forward_looking", level
        if b.at_start(ABOUT):
            return "boilerplate", level
        if b.at_start(DISCLAIMER_HEADING):
            return "disclaimer", level
        if _furniture(b):
            return "boilerplate", level
        return "", level  # a plain heading still closes sections of its level
    # A heading glued to its paragraph: "Forward-Looking Statements This release ..."
    if b.at_start(FLS_HEADING) is not None:
        return "forward_looking", GLUED_LEVEL
    if "flat" in b.block.cues:  # a sentence of a collapsed page: "About Lilly Lilly unites ..."
        kind = _glued_label(b)
        if kind:
            return kind, GLUED_LEVEL
    # A short label line standing in for a heading in div-only markup: 「关于诺风生物」.
    if len(b.text) <= PSEUDO_HEADING_MAX and not b.text.rstrip().endswith(("。", ".", "：", ":")):
        if b.at_start(ABOUT):
            return "boilerplate", GLUED_LEVEL
        if b.at_start(DISCLAIMER_HEADING):
            return "disclaimer", GLUED_LEVEL
        if _furniture(b):
            return "boilerplate", GLUED_LEVEL
    return None


def _furniture(b: _Block) -> bool:
    """A heading of page furniture: "Related articles", 「相关阅读」, not "Comments from
    the investigators"."""
    hit = b.at_start(FURNITURE)
    return hit is not None and len(b.text.strip()) <= len(hit.term) + FURNITURE_EXTRA


_GLUED_ZH_LABEL = re.compile(r"([^\s，。：:；、（）()]{2,%d})[ \t\u3000]+(\S{2})" % GLUED_ABOUT_ZH)
_CONTACT_FOLLOWS = re.compile(r"[^\n]{0,%d}?(?:[:：]|@|\+?\d[\d ()-]{6,})" % CONTACT_LABEL_REACH)
_ABOUT_NAME_JOINERS = frozenset({"&", "of", "and", "for", "the", "de", "du"})


def _glued_about(rest: str, zh: bool) -> bool:
    """Is ``rest`` (what follows a bare "About"/"Regarding"/「关于」) a name glued to the
    paragraph that introduces it? The paragraph of an "About X" section begins with X's name
    ("About Lilly Lilly unites ...", 「关于诺风生物 诺风生物是…」); a menu item does not
    ("About Helixa Pipeline Science ...")."""
    if zh:
        m = _GLUED_ZH_LABEL.match(rest)
        return bool(m) and m.group(2) == m.group(1)[:2]
    words = rest.split(None, GLUED_ABOUT_WORDS + 2)
    if not words or not words[0][:1].isupper():
        return False
    for j in range(1, min(len(words), GLUED_ABOUT_WORDS + 1)):
        if words[j] == words[0] or words[j].rstrip("’'s") == words[0]:
            return True
        if not words[j][:1].isupper() and words[j] not in _ABOUT_NAME_JOINERS:
            return False
    return False


def _glued_label(b: _Block) -> str:
    """The section a heading glued to the start of a flat sentence opens ("About Lilly Lilly
    unites ...", "Contacts Jane Doe ...", 「关于诺风生物 诺风生物是…」), or ""."""
    for name, kind in ((ABOUT, "boilerplate"), (DISCLAIMER_HEADING, "disclaimer")):
        hit = b.at_start(name)
        if hit is None:
            continue
        if hit.term not in BARE_ABOUT:
            if name == ABOUT and not _CONTACT_FOLLOWS.match(b.text, hit.end - b.block.start):
                continue  # "Investor Relations HKEX Announcements ...": a menu item, not a contact block
            return kind  # "Media Contacts: ...", "Disclaimer", 免责声明: labels
        if _glued_about(b.text[hit.end - b.block.start:], hit.term in ("关于", "關於")):
            return kind
    return ""


# Inside a collapsed page's sentence, where a section or a notice may begin.
INLINE_OPENERS = (FLS_HEADING, ABOUT, DISCLAIMER_HEADING, LEAVING, ARCHIVE, METADATA, COPYRIGHT)


def _inline_cuts(b: _Block) -> list[int]:
    """Offsets inside a flat block where a heading, a notice or a footer line starts: a
    capitalised lexicon term ("Cautionary Statement Regarding ...", "About Lilly", "You are
    leaving", "Copyright ©") after a space, or a Chinese one after a space or a sentence end."""
    start = b.block.start
    lead = start + _LEAD.match(b.text).end()
    cuts = set()
    spans = [(h.start, h.end) for name in INLINE_OPENERS for h in b.hits.get(name, ())]
    for name in INLINE_OPENERS:
        for h in b.hits.get(name, ()):
            rel = h.start - start
            if h.start <= lead or rel >= len(b.text):
                continue
            before, first = b.text[rel - 1], b.text[rel]
            if first.isascii() and first.isalpha():
                if not first.isupper() or not before.isspace():
                    continue  # running text ("... contains forward-looking statements")
            elif not (before.isspace() or before in "。！？；"):
                continue
            if any(a < h.start < e for a, e in spans):
                continue  # "Regarding" inside "Cautionary Statement Regarding Forward-Looking Statements"
            if name == ABOUT and h.term not in BARE_ABOUT and not _CONTACT_FOLLOWS.match(b.text, h.end - start):
                continue
            if name == ABOUT and h.term in BARE_ABOUT:
                if not _glued_about(b.text[h.end - start:], h.term in ("关于", "關於")):
                    continue
            cuts.add(h.start)
    return sorted(cuts)


def _split_inline(b: _Block) -> list[_Block]:
    """A sentence of a collapsed page that holds a section heading or a notice is split there,
    so that the section opens where its heading is."""
    cuts = _inline_cuts(b)
    if not cuts:
        return [b]
    out = []
    bounds = [b.block.start] + cuts + [b.block.end]
    for a, e in zip(bounds, bounds[1:]):
        text = b.text[a - b.block.start:e - b.block.start]
        trimmed = text.rstrip()
        if not trimmed:
            continue
        e = a + len(trimmed)
        # A flat block is one source line with its text as written: columns move with the offset.
        blk = dc_replace(b.block, start=a, end=e, column=b.block.column + (a - b.block.start))
        hits = {k: [h for h in v if a <= h.start < e] for k, v in b.hits.items()}
        out.append(_Block(blk, trimmed, {k: v for k, v in hits.items() if v}))
    return out


def _split_dateline(b: _Block) -> list[_Block]:
    """「（2026年3月19日，上海）诺风生物今日宣布…」: the dateline is metadata, the rest content."""
    hit = b.at_start(METADATA)
    # Only a dateline ends in ")" or a dash; a label such as "审批编号：" stays with its value.
    if hit is None or not hit.term.rstrip().endswith((")", "-")):
        return [b]
    if b.block.end - hit.end < DATELINE_SPLIT_MIN or b.block.heading:
        return [b]
    cut = hit.end
    while cut < b.block.end and b.text[cut - b.block.start].isspace():
        cut += 1
    first = dc_replace(b.block, end=hit.end)
    second = dc_replace(b.block, start=cut)
    hits_a = {k: [h for h in v if h.start < hit.end] for k, v in b.hits.items()}
    hits_b = {k: [h for h in v if h.start >= cut] for k, v in b.hits.items()}
    return [
        _Block(first, b.text[: hit.end - b.block.start], {k: v for k, v in hits_a.items() if v}, "metadata"),
        _Block(second, b.text[cut - b.block.start:], {k: v for k, v in hits_b.items() if v}),
    ]


def _classify_hidden_run(run: list[_Block]) -> None:
    """Hidden pop-ups: a whole dialog takes the kind of the notice it carries.

    Consecutive hidden blocks are split into dialogs where the element that hid them
    changes (a newsletter modal before a leaving-site modal, two leaving-site modals) and
    where the notice type changes, so a leaving-site pop-up next to an archive pop-up stays
    two notices.
    """
    notice = [("third_party_notice" if b.has(LEAVING) else "archive_notice" if b.has(ARCHIVE) else "")
              if b.hits else "" for b in run]
    if not any(notice):  # (most runs: menus, share bars) a dialog ends only where its hiding element does
        g, root = 0, -1
        for b in run:
            if b.block.dialog != root:
                root = b.block.dialog
                g += 1
            b.dialog = g
            b.kind = _structural_kind(b) or _lexical_kind(b) or "content"
        return
    groups: list[list[_Block]] = []
    kinds: list[str] = []
    root = -1
    for n, b in enumerate(run):
        k = notice[n]
        if b.block.dialog != root:  # another hiding element: another dialog
            root = b.block.dialog
            if groups:
                groups.append([b])
                kinds.append(k)
                continue
        if not k and b.block.heading and groups and kinds[-1]:
            # A dialog's title ("重要提示") opens the next dialog when that one is another notice.
            nxt = next((x for x in notice[n + 1:] if x), "")
            if nxt and nxt != kinds[-1]:
                groups.append([b])
                kinds.append("")
                continue
        if not groups or (k and kinds[-1] and k != kinds[-1]):
            groups.append([b])
            kinds.append(k)
        else:
            groups[-1].append(b)
            kinds[-1] = kinds[-1] or k
    for g, (group, k) in enumerate(zip(groups, kinds), 1):
        for b in group:
            b.dialog = g
            if k:
                b.kind = k
            else:
                b.kind = _structural_kind(b) or _lexical_kind(b) or "content"


# A block of these kinds under these cues leaves the article: its open sections close.
_LEAVING_KINDS = frozenset({"navigation", "boilerplate", "disclaimer"})
_LEAVING_CUES = frozenset({"footer", "nav", "header"})


def classify(blocks: Sequence[Block], text: str, norm: Normalized, lexicons: Mapping[str, Lexicon]) -> list[_Block]:
    hits, notice_words = _hits_by_block(blocks, norm, lexicons)
    items = [_Block(b, text[b.start:b.end], h) for b, h in zip(blocks, hits)]
    # Only a block with hits may be split (few): from the last, so earlier indices hold.
    for k in [k for k, h in enumerate(hits) if h][::-1]:
        b = blocks[k]
        if "flat" not in b.cues and (b.hidden or METADATA not in hits[k]):
            continue
        parts = _split_inline(items[k]) if "flat" in b.cues else [items[k]]
        items[k:k + 1] = [p for part in parts
                          for p in (_split_dateline(part) if not b.hidden and part.hits.get(METADATA) else [part])]
    open_sections: list[tuple[str, int, str]] = []  # (kind, level, heading text)
    i = 0
    while i < len(items):
        b = items[i]
        if b.kind == "metadata":  # a dateline split off its paragraph
            i += 1
            continue
        if b.block.hidden:
            j = i + 1
            while j < len(items) and items[j].block.hidden:
                j += 1
            _classify_hidden_run(items[i:j])
            i = j
            continue
        cues = b.block.cues
        if "source" in cues:  # a source trailer glued to the last sentence
            b.kind = "metadata"
            i += 1
            continue
        structural = _structural_kind(b)
        if structural:  # (most blocks: no section opens, no notice continues)
            if structural in _LEAVING_KINDS and not cues.isdisjoint(_LEAVING_CUES):
                open_sections.clear()  # leaving the article closes its sections
            if "flat" in cues and (structural == "navigation" or _lexical_kind(b) == "metadata" or b.has(COPYRIGHT)):
                open_sections.clear()  # a collapsed page's trailing navigation or footer ends its sections
            b.kind = structural
            i += 1
            continue
        opener = _opener(b)
        if opener is not None:
            kind, level = opener
            while open_sections and open_sections[-1][1] >= level:
                open_sections.pop()
            if kind:
                open_sections.append((kind, level, b.text))
        # (the words' kind counts only where the structure decided nothing, or on a collapsed page)
        lexical = _lexical_kind(b)
        prev = items[i - 1] if i else None
        if prev is not None and prev.kind in NOTICES and (
                len(b.text) <= BUTTON_LINE_MAX and b.at_start(BUTTONS) or _continues_notice(prev, b, lexical)):
            b.kind = prev.kind
            i += 1
            continue
        if "flat" in cues and (lexical == "metadata" or b.has(COPYRIGHT)):
            open_sections.clear()  # a collapsed page's trailing navigation or footer ends its sections
        if lexical in ("third_party_notice", "archive_notice", "metadata"):
            b.kind = lexical
        elif lexical in ("disclaimer", "forward_looking", "boilerplate"):
            b.kind = lexical  # a disclaimer paragraph after "About X" is still a disclaimer
        elif open_sections:
            b.kind, _, b.section_heading = open_sections[-1]
        else:
            b.kind = "content"
        i += 1
    if notice_words:  # (no notice without them)
        _notice_headings(items)
    _navigation_labels(items)
    _orphan_headings(items)
    return items


def _lone_link(b: _Block) -> bool:
    """Inside the main text, a line that is (nearly) all link ("link-list") is a menu's or a
    link list's item, except when its text is an address, a web address or an e-mail address
    written out ("http://www.openpetition.de", "press@example.com"): the article cites it. (A
    linked title, "Read more: ...", is still read as a link list: its words do not tell.)"""
    blk = b.block
    return "core" in blk.cues and not blk.hidden and _ADDRESS_LINE.search(b.text) is not None


# A web or e-mail address written out, as most of a line's text (after a note's number, "[1]").
_ADDRESS_LINE = re.compile(r"^(?:\[\d{1,3}\]\s*)?\W{0,3}(?:https?://|www\.|[\w.+-]+@[\w-]+\.)\S{2,}\s*\S{0,12}$")


_NOT_MAIN = frozenset({"navigation", "boilerplate"})
# A sentence: words, then the punctuation that ends one.
_HEAD_SENTENCE = re.compile(r"\w[\w,;:'’\"“” -]{30,}[.!?。！？…]\W{0,3}$|[\u3400-\u9fff，、]{12,}[。！？]$")


def _orphan_headings(items: list[_Block]) -> None:
    """A content heading over nothing but navigation or boilerplate ("Notas relacionadas"
    over a teaser list, a widget's title) is page furniture too, in any language."""
    for i, b in enumerate(items):
        level = b.block.heading
        if not level or b.kind != "content" or b.block.hidden or len(b.text) > FURNITURE_LABEL_MAX or b.has(DATES):
            continue  # (a dated heading, "Published Nov 18, 2019", dates the page)
        kinds = collections.Counter()
        for j in range(i + 1, len(items)):
            nxt = items[j]
            # (the linked titles of a teaser list do not close the heading's section)
            if nxt.block.heading and nxt.block.heading <= level and nxt.kind not in _NOT_MAIN:
                break
            if not nxt.block.hidden:
                if not kinds and nxt.kind not in _NOT_MAIN:
                    break  # (what follows the heading first decides: the rest need not be added up)
                kinds[nxt.kind] += len(nxt.text)
        if not kinds or next(iter(kinds)) not in _NOT_MAIN:
            continue  # (what follows the heading first decides; an ad label later does not)
        side = kinds["navigation"] + kinds["boilerplate"]
        if side >= (side + sum(v for k, v in kinds.items() if k not in _NOT_MAIN)) * ORPHAN_SIDE_SHARE:
            b.kind = "navigation" if kinds["navigation"] >= kinds["boilerplate"] else "boilerplate"


def _continues_notice(prev: _Block, b: _Block, lexical: str) -> bool:
    """A scraped pop-up's later paragraphs ("点击“取消”返回…，点击“继续”…") belong to its notice."""
    if prev.kind not in NOTICES or prev.block.hidden != b.block.hidden or b.block.heading:
        return False
    if lexical and lexical not in NOTICES or len(b.text) > NOTICE_CONTINUATION_MAX:
        return False
    # "continue" and 返回 are everyday words: one alone makes a button line only when it is short;
    # "点击“取消”返回…，点击“继续”…" names several choices.
    choices = len({h.term for name in (BUTTONS, CHOICE) for h in b.hits.get(name, ())})
    if choices >= 2 or (choices and len(b.text) <= NOTICE_BUTTONS_MAX):
        return True
    if prev.kind == "third_party_notice":
        return b.has(THIRD_PARTY) or b.has(NOT_RESPONSIBLE)
    return b.has(ARCHIVE)


def _notice_headings(items: list[_Block]) -> None:
    """A heading right above a notice ("### 重要提示", "Important Notice") is the notice's title:
    the pop-up is one notice, not a disclaimer heading followed by a notice."""
    for i in range(len(items) - 1):
        b, nxt = items[i], items[i + 1]
        if nxt.kind not in NOTICES or b.kind in NOTICES or b.block.hidden != nxt.block.hidden:
            continue
        heading = b.block.heading or (len(b.text) <= PSEUDO_HEADING_MAX and b.at_start(DISCLAIMER_HEADING))
        own_section = b.at_start(ABOUT) or b.has(FLS_HEADING)  # "About X" above a notice is still About X
        if (heading and b.kind in ("content", "disclaimer", "boilerplate", "forward_looking") and not own_section
                and not b.has(DISCLAIMER) and len(b.text) <= PSEUDO_HEADING_MAX):
            b.kind = nxt.kind
            b.dialog = nxt.dialog  # (a title hidden on its own still heads the dialog below it)
            b.section_heading = None


_SENTENCE_PUNCT = re.compile(r"[.!?。！？，,；;：:]")


def _navigation_labels(items: list[_Block]) -> None:
    """A short label between two navigation blocks (a logo's text, "search") is navigation:
    a scraped site header reads "menu, logo, search, menu"."""
    def label(b: _Block) -> bool:
        return (b.kind == "content" and not b.block.heading and not b.block.hidden and len(b.text) <= NAV_LABEL_MAX
                and b.block.tag not in ("li", "td", "th", "dd", "dt") and not _SENTENCE_PUNCT.search(b.text))

    # Only where content follows navigation, found in one pass over the kinds: a run relabelled
    # below is content that no such place lies in or right after, so the kinds read are current.
    kinds = [b.kind for b in items]
    for i in [k for k in range(1, len(kinds) - 1) if kinds[k] == "content" and kinds[k - 1] == "navigation"]:
        if not label(items[i]):
            continue
        j = i
        while j < len(items) and j - i < NAV_LABEL_RUN and label(items[j]):
            j += 1
        if j < len(items) and items[j].kind == "navigation":
            for b in items[i:j]:
                b.kind = "navigation"


def _runs(items: list[_Block]) -> list[list[_Block]]:
    """Consecutive blocks of one kind and visibility (and dialog, for notices) merge, unless
    their scripts differ: a run's script is the first one decided among its blocks ("zh",
    "en"; "" undecided). A block's script is counted only when a merge asks for it: a block
    alone in its run, or the last of a run with no script so far, never needs it."""
    runs: list[list[_Block]] = []
    run: list[_Block] = []
    script = ""  # the run's script, "" while undecided
    counted = 0  # its blocks whose script is counted (all undecided while script is "")
    prev = None
    for b in items:
        if (prev is not None and prev.kind == b.kind and prev.block.hidden == b.block.hidden
                and not (b.kind in NOTICES and prev.dialog != b.dialog)):  # (two pop-ups are two notices)
            while not script and counted < len(run):
                script = _script(run[counted].text)
                counted += 1
            if not script:
                run.append(b)
                prev = b
                continue
            # Only the other script splits the run, and "zh" needs Han, "en" none: a block
            # whose Han (or lack of it) matches the run's script joins it uncounted.
            text = b.text
            has_han = not text.isascii() and _han_runs().search(text) is not None
            own = "" if has_han == (script == "zh") else _script(text)
            if not own or own == script:
                run.append(b)
                prev = b
                continue
            run = [b]  # another script: another run, its script known
            script, counted = own, 1
        else:
            run = [b]
            script, counted = "", 0
        runs.append(run)
        prev = b
    return runs


def segment(blocks: Sequence[Block], text: str, norm: Normalized, lexicons: Mapping[str, Lexicon]) -> tuple[Segment, ...]:
    runs = _runs(classify(blocks, text, norm, lexicons))
    # One language call for the whole page: langdetect runs at most once per page.
    langs = langmod.detect_all([text[run[0].block.start:run[-1].block.end] for run in runs])
    segments = []
    for sid, (run, lang) in enumerate(zip(runs, langs)):
        first, last = run[0].block, run[-1].block
        # Segment(id=sid, kind=..., heading=...): all nine fields, in order (model.filled)
        segments.append(filled(Segment, {"id": sid, "kind": run[0].kind, "lang": lang, "start": first.start,
                                         "end": last.end, "line": first.line, "column": first.column,
                                         "hidden": first.hidden, "heading": run[0].section_heading}))
    return tuple(segments)


def document_language(segments: Sequence[Segment]) -> str:
    """The language of the page's content (visible content segments, weighted by length)."""
    content = [(s.lang, s.end - s.start) for s in segments if s.kind == "content" and not s.hidden]
    if not content:
        content = [(s.lang, s.end - s.start) for s in segments if not s.hidden] or [
            (s.lang, s.end - s.start) for s in segments
        ]
    return langmod.document_language(content)
