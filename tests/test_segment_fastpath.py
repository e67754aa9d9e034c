"""Shortcuts of the segmenter give what the plain code gave.

- classify works out a block's words' kind (``_lexical_kind``) only where it can count: for
  blocks without a structural kind and for a collapsed page's blocks. It used to be worked
  out for every block; the tests work it out for every block first (it is remembered per
  block, as the old code did) and compare the segments.

On the corpus (every format) and, when present, a sample of the real pages. No timings.
"""
from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from auditor.read import lang as langmod
from auditor.read import segment
from auditor.support.chars import HAN_FIRST
from auditor.read.pipeline import default_lexicons, load_document

ROOT = Path(__file__).resolve().parent.parent


def _segments_both_ways(pages, monkeypatch) -> int:
    lexicons = default_lexicons()
    docs = [(name, data, load_document(data, name, lexicons=lexicons)) for name, data in pages]
    structural_kind = segment._structural_kind

    def words_kind_first(b):  # (asked of every block the structure is asked of, before it)
        segment._lexical_kind(b)
        return structural_kind(b)

    with monkeypatch.context() as m:
        m.setattr(segment, "_structural_kind", words_kind_first)
        for name, data, doc in docs:
            assert load_document(data, name, lexicons=lexicons).segments == doc.segments, name
    return sum(len(doc.segments) for _, _, doc in docs)


def test_words_kind_on_demand_gives_the_segments_on_the_corpus(monkeypatch):
    pages = [(str(p), p.read_bytes()) for p in sorted((ROOT / "corpora" / "pages").iterdir()) if p.is_file()]
    assert len(pages) > 20
    assert _segments_both_ways(pages, monkeypatch) > 200


def test_words_kind_on_demand_gives_the_segments_on_real_pages(realpages_dir, monkeypatch):
    paths = sorted((realpages_dir / "aeb" / "html").glob("*.html.gz"))[::6]
    pages = [(str(p), gzip.decompress(p.read_bytes())) for p in paths]
    pages += [(str(p), p.read_bytes()) for p in sorted((realpages_dir / "zh-news").glob("**/*.html"))[::3]]
    if not pages:
        pytest.skip("no real pages")
    assert _segments_both_ways(pages, monkeypatch) > 100


def _listed_script(text: str) -> str:
    """segment._script as it was: Han runs listed and their lengths added."""
    if len(text) < segment.SCRIPT_MIN:
        return ""
    runs = segment._han_runs().findall
    if text.isascii():
        data = text.encode("ascii")
        han, latin = 0, len(data) - len(data.translate(None, segment._ASCII_LETTERS))
    elif len(text) < segment.SPLIT_ASCII_MIN:
        han = sum(map(len, runs(text))) if max(text) >= HAN_FIRST else 0
        latin = sum(map(len, segment._LATIN_RUNS.findall(text)))
    else:
        ascii_latin, rest = langmod.split_ascii(text)
        han = sum(map(len, runs(rest))) if rest and max(rest) >= HAN_FIRST else 0
        latin = ascii_latin + sum(map(len, segment._LATIN_NONASCII_RUNS.findall(rest)))
    if han + latin < segment.SCRIPT_MIN:
        return ""
    if han >= 2 and han * 3 >= latin:
        return "zh"
    if latin >= 3 and han == 0:
        return "en"
    return ""


SCRIPT_TEXT = st.lists(st.sampled_from(
    ["诺风生物", "中", "𠀀", "，", "。", "Lilly", "a", "é", "Ж", " ", "\n", "2026", "ﬁ", "“", "가", "カ"]),
    max_size=60).map("".join)


@settings(max_examples=500, deadline=None)
@given(SCRIPT_TEXT)
def test_script_counts_equal_the_listed_runs(text):
    assert segment._script(text) == _listed_script(text)


# -- a notice's parts looked for only on a page with a notice's words ---------------------

def _hits_of_every_lexicon(blocks, norm, lexicons):
    """segment._hits_by_block as it was: every lexicon looked for on every page."""
    import bisect

    starts = [b.start for b in blocks]
    out = [{} for _ in blocks]
    for name in segment.SEGMENT_LEXICONS:
        lex = lexicons.get(name)
        if lex is None:
            continue
        for hit in lex.find(norm):
            i = bisect.bisect_right(starts, hit.start) - 1
            if i >= 0 and hit.start < blocks[i].end:
                out[i].setdefault(name, []).append(hit)
    return out, True


def _segments_with_every_lexicon(pages) -> int:
    """Segments with and without the skip compared page by page; the number of pages
    on which a notice's parts were looked for."""
    lexicons = default_lexicons()
    looked = 0
    hits_by_block = segment._hits_by_block
    for name, data in pages:
        doc = load_document(data, name, lexicons=lexicons)
        looked += hits_by_block(doc.blocks, doc.norm, lexicons)[1]
        segment._hits_by_block = _hits_of_every_lexicon
        try:
            plain = load_document(data, name, lexicons=lexicons)
        finally:
            segment._hits_by_block = hits_by_block
        assert plain.segments == doc.segments, name
    return looked


def test_notice_parts_skipped_give_the_segments_on_the_corpus():
    pages = [(str(p), p.read_bytes()) for p in sorted((ROOT / "corpora" / "pages").iterdir()) if p.is_file()]
    looked = _segments_with_every_lexicon(pages)
    assert 5 < looked < len(pages)  # (both cases are met)


def test_notice_parts_skipped_give_the_segments_on_real_pages(realpages_dir):
    paths = sorted((realpages_dir / "aeb" / "html").glob("*.html.gz"))[::4]
    pages = [(str(p), gzip.decompress(p.read_bytes())) for p in paths]
    pages += [(str(p), p.read_bytes()) for p in sorted((realpages_dir / "zh-news").glob("**/*.html"))[::2]]
    _segments_with_every_lexicon(pages)


# Lines of a scraped page: a notice's words, its buttons and elements, headings, footers.
_NOTICE_LINES = [
    "You are now leaving our website.", "您即将离开本网站", "This page is archived.", "本页面为历史存档",
    "Continue", "Cancel", "继续", "取消", "点击“取消”返回，点击“继续”前往", "Continue | Cancel",
    "The linked site is operated by a third party.", "我们对第三方网站的内容不承担任何责任",
    "We are not responsible for the content of external sites.", "重要提示", "# Important Notice",
    "## Disclaimer", "About Helixa", "Copyright © 2026 Helixa. All rights reserved.", "March 19, 2026",
    "诺风生物今日宣布新药获批上市。", "The trial met its primary endpoint in 300 patients.", "* Home", "* News", "",
]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(_NOTICE_LINES), min_size=1, max_size=14).filter(lambda ls: "".join(ls).strip()),
       st.sampled_from(["md", "txt"]))
def test_notice_parts_skipped_give_the_segments_on_scraped_pages(lines, ext):
    data = "\n".join(lines).encode()
    _segments_with_every_lexicon([(f"page.{ext}", data)])


# -- scripts counted only when a merge asks ------------------------------------------------

def _plain_runs(items):
    """segment's merging as it was: every block's script counted first."""
    runs, scripts = [], []
    for b in items:
        script = segment._script(b.text)
        if runs:
            prev = runs[-1][-1]
            run_script = scripts[-1]
            if (prev.kind == b.kind and prev.block.hidden == b.block.hidden
                    and not (prev.dialog != b.dialog and b.kind in segment.NOTICES)
                    and not (run_script and script and run_script != script)):
                runs[-1].append(b)
                scripts[-1] = run_script or script
                continue
        runs.append([b])
        scripts.append(script)
    return runs


_RUN_TEXTS = ["诺风生物今日宣布新药获批上市，用于治疗成人患者。", "Lilly unites caring with discovery to create medicines.",
              "Home", "2026", "诺风生物 Helixa Pharmaceuticals Limited", "短", "", "Forward-Looking Statements 前瞻性陈述 is",
              "2026-03-19 12:00 +08:00 (GMT)", "Café Zürich: Gesundheit für alle Menschen"]


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["content", "third_party_notice"]), st.booleans(),
                          st.integers(0, 1), st.sampled_from(_RUN_TEXTS)), max_size=10))
@example([("content", False, 0, _RUN_TEXTS[0]), ("content", False, 0, _RUN_TEXTS[1])])  # (Chinese, then English)
@example([("content", False, 0, _RUN_TEXTS[3]), ("content", False, 0, _RUN_TEXTS[1]),
          ("content", False, 0, _RUN_TEXTS[0])])
def test_scripts_counted_on_demand_give_the_runs(specs):
    from auditor.model.document import Block

    items = []
    for kind, hidden, dialog, text in specs:
        b = segment._Block(Block(0, len(text), 1, 1, hidden=hidden), text, {}, kind)
        b.dialog = dialog
        items.append(b)
    assert [[id(b) for b in run] for run in segment._runs(items)] == [[id(b) for b in run] for run in _plain_runs(items)]


# -- the structural kind: a lone link decided where it is read, no cue set built -----------

def _plain_structural_kind(b) -> str:
    """segment._structural_kind as it was: lone links marked by a pass over every block
    first, cue sets intersected."""
    S = segment
    blk, n = b.block, len(b.text)
    cues = blk.cues
    lone_link = bool("link-list" in cues and "core" in cues and not blk.hidden and S._ADDRESS_LINE.search(b.text))
    if "title" in cues:
        return "metadata"
    hits = b.hits
    link_share = blk.link_chars / n if n else 0.0
    if (n <= 200 and S.METADATA in hits and not cues & S._MENU_CUES
            and ("footer" in cues or "copyright" in cues or link_share > 0.6 or "link-list" in cues)):
        return "metadata"
    prose = "core" in cues and (n >= S.CORE_PROSE and link_share < 0.2 or blk.heading and not blk.link_chars)
    if "link-list" in cues and lone_link and not cues & S.NAV_CUES:
        pass
    elif (cues & S.NAV_CUES and not prose) or "link-list" in cues:
        return "navigation"
    elif link_share > 0.6 and n < 300 and not lone_link:
        return "navigation"
    if S.COOKIE in hits and n < 700:
        return "navigation"
    if S.CHROME in hits and n < 300 and b.at_start(S.CHROME):
        return "navigation"
    if "footer" in cues or "copyright" in cues:
        if b.has(S.METADATA):
            return "metadata"
        if b.has(S.COPYRIGHT) and n <= 200:
            return "boilerplate"
        if b.distinct(S.DISCLAIMER) >= 2:
            return "disclaimer"
        return "navigation" if n < 80 or link_share > 0.3 else "boilerplate"
    if "header" in cues and n < 120 and not blk.heading and not (cues & S._MAIN_LABELS and S._HEAD_SENTENCE.search(b.text)):
        return "metadata" if b.has(S.METADATA) or b.has(S.DATES) else "navigation"
    if cues & S._ASIDE_CUES and link_share > 0.3:
        return "navigation"
    if ("core" not in cues and blk.heading != 1 and (
            cues & S.SIDE_CUES or "peripheral" in cues and (n < S.PERIPHERAL_LONG or link_share > 0.3))):
        lexical = S._lexical_kind(b)
        if lexical and not ("cut" in cues and lexical == "metadata" and not b.has(S.METADATA)):
            return ""
        opener = S._opener(b)
        if opener is not None and opener[0] and not (opener[0] == "boilerplate" and not b.at_start(S.ABOUT)):
            return ""
        return "navigation" if link_share > 0.3 else "boilerplate"
    return ""


_CUES = ["title", "nav", "menu", "breadcrumb", "share", "cookie", "link-list", "core", "lead", "footer", "copyright",
         "header", "aside", "sidebar", "related", "cut", "peripheral", "flat"]
_KIND_TEXTS = ["http://www.openpetition.de", "[1] press@example.com", "www.example.org/a b", "Home",
               "The trial met its primary endpoint in 300 patients, the company said today in Basel.",
               "Read more: http://x.y", "审批编号：粤药广审（文）第2026030001号", "About Helixa", "x" * 310]
_KIND_HITS = [segment.METADATA, segment.COOKIE, segment.CHROME, segment.COPYRIGHT, segment.DATES, segment.ABOUT]


@settings(max_examples=800, deadline=None)
@given(st.frozensets(st.sampled_from(_CUES), max_size=4), st.sampled_from(["", "link-list", "core", "link-list core"]),
       st.sampled_from(_KIND_TEXTS), st.floats(0, 1), st.integers(0, 2), st.booleans(),
       st.frozensets(st.sampled_from(_KIND_HITS), max_size=2))
def test_structural_kind_equals_the_plain_one(cues, main, text, share, heading, hidden, hit_names):
    from auditor.model.document import Block
    from auditor.read.lexicon import Hit

    cues |= frozenset(main.split())  # (a link line of the main text, often)
    blk = Block(0, len(text), 1, 1, heading=heading, cues=cues, link_chars=int(share * len(text)), hidden=hidden)
    hits = {name: [Hit(name, text[:4], 0, 4)] for name in hit_names}
    assert segment._structural_kind(segment._Block(blk, text, hits)) == _plain_structural_kind(
        segment._Block(blk, text, hits))


# -- orphan headings: the section after a heading added up only when it starts as furniture --

def _plain_orphan_headings(items) -> None:
    """segment._orphan_headings as it was: every section after a short content heading added up."""
    import collections

    for i, b in enumerate(items):
        level = b.block.heading
        if not level or b.kind != "content" or b.block.hidden or len(b.text) > segment.FURNITURE_LABEL_MAX or b.has(
                segment.DATES):
            continue
        kinds = collections.Counter()
        for nxt in items[i + 1:]:
            if nxt.block.heading and nxt.block.heading <= level and nxt.kind not in segment._NOT_MAIN:
                break
            if not nxt.block.hidden:
                kinds[nxt.kind] += len(nxt.text)
        if not kinds or next(iter(kinds)) not in segment._NOT_MAIN:
            continue
        side = kinds["navigation"] + kinds["boilerplate"]
        if side >= (side + sum(v for k, v in kinds.items() if k not in segment._NOT_MAIN)) * segment.ORPHAN_SIDE_SHARE:
            b.kind = "navigation" if kinds["navigation"] >= kinds["boilerplate"] else "boilerplate"


@settings(max_examples=500, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["content", "navigation", "boilerplate", "metadata"]), st.integers(0, 3),
                          st.booleans(), st.sampled_from([1, 5, 40, 90, 400])), max_size=14))
def test_orphan_headings_equal_the_plain_pass(specs):
    from auditor.model.document import Block

    def items():
        return [segment._Block(Block(0, n, 1, 1, heading=level, hidden=hidden), "x" * n, {}, kind)
                for kind, level, hidden, n in specs]

    fast, plain = items(), items()
    segment._orphan_headings(fast)
    _plain_orphan_headings(plain)
    assert [b.kind for b in fast] == [b.kind for b in plain]


# -- navigation labels: only where content follows navigation ------------------------------

def _plain_navigation_labels(items) -> None:
    """segment._navigation_labels as it was: every block looked at."""
    def label(b) -> bool:
        return (b.kind == "content" and not b.block.heading and not b.block.hidden and len(b.text) <= segment.NAV_LABEL_MAX
                and b.block.tag not in ("li", "td", "th", "dd", "dt") and not segment._SENTENCE_PUNCT.search(b.text))

    i = 1
    while i < len(items) - 1:
        if items[i - 1].kind == "navigation" and label(items[i]):
            j = i
            while j < len(items) and j - i < segment.NAV_LABEL_RUN and label(items[j]):
                j += 1
            if j < len(items) and items[j].kind == "navigation":
                for b in items[i:j]:
                    b.kind = "navigation"
            i = j
        i += 1


@settings(max_examples=800, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["content", "navigation", "boilerplate"]), st.sampled_from(["Search", "Logo",
                                                                                                      "A sentence."]),
                          st.sampled_from([0, 0, 0, 2]), st.sampled_from(["p", "li"])), max_size=14))
def test_navigation_labels_equal_the_plain_pass(specs):
    from auditor.model.document import Block

    def items():
        return [segment._Block(Block(0, len(text), 1, 1, tag=tag, heading=level), text, {}, kind)
                for kind, text, level, tag in specs]

    fast, plain = items(), items()
    segment._navigation_labels(fast)
    _plain_navigation_labels(plain)
    assert [b.kind for b in fast] == [b.kind for b in plain]
