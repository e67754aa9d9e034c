"""Shortcuts of Engine.check (recognizers and rule matchers) give exactly what the plain
code gives.

- The digit runs the date and code recognizers start from are found with "\\d\\d*", which
  the regex engine scans faster than the "\\d+" it stands for.
- recognize_all walks the entities one by one to drop duplicates only when some key repeats
  (counted in one set first).
- A rule's pattern is not searched on a page that has none of the literal strings every
  match of it contains.
- A matcher tests a lexicon hit's or an entity's scope before making its hit, and checks
  its counts before its near/except filters (which only drop hits).

Each test compares the shortcut with the plain code, kept here, on generated input and,
when ../shared/realpages is present, on the real pages. No timings.
"""
from __future__ import annotations

import gzip
import re
from pathlib import Path
from types import SimpleNamespace

import pytest
import re2
from hypothesis import given, settings
from hypothesis import strategies as st

from auditor.model.document import Entity
from auditor.recognize import _common

REALPAGES = Path(__file__).resolve().parents[2] / "shared" / "realpages"

DIGIT_PIECES = ("1", "23", "2026", "a", " ", "-", ".", "中", "٣٤٥", "३", "１２", "𝟙", "\n", "x9", "0")


@settings(max_examples=800, deadline=None)
@given(st.lists(st.sampled_from(DIGIT_PIECES), max_size=30).map("".join))
def test_digit_runs_equal_the_plain_pattern(text):
    _common._runs_last = (None, [])  # (the memo of the last text)
    assert _common.digit_runs(text) == [m.span() for m in re.finditer(r"\d+", text)]


def _real_texts(limit: int = 60):
    from auditor.read.pipeline import load_document

    files = sorted((REALPAGES / "aeb" / "html").glob("*.html.gz"))[:limit]
    files += sorted((REALPAGES / "zh-news").glob("**/*.html"))[:limit]
    for path in files:
        data = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
        yield load_document(data, str(path))


@pytest.mark.skipif(not REALPAGES.is_dir(), reason="no ../shared/realpages")
def test_digit_runs_equal_the_plain_pattern_on_real_pages():
    for doc in _real_texts():
        for text in (doc.text, doc.norm.text if doc.norm is not None else doc.text):
            assert _common.digit_runs(text) == [m.span() for m in re.finditer(r"\d+", text)], doc.source


# ---------------------------------------------------------------- recognize_all


def _plain_recognize_all(found_by_module):
    """recognize_all as it was: every entity's key looked up in turn, the first kept."""
    seen, out = set(), []
    for found in found_by_module:
        for ent in found:
            key = (ent.type, ent.start, ent.end, ent.label, ent.value)
            if key in seen:
                continue
            seen.add(key)
            out.append(ent)
    out.sort(key=lambda e: (e.start, e.end, e.type, e.label, e.value))
    return out


ENTITY = st.builds(
    Entity, st.sampled_from(("link", "date")), st.integers(0, 4), st.integers(0, 4), st.sampled_from(("a", "b")),
    st.sampled_from(("internal", "external")), st.sampled_from(("why 1", "why 2")), st.sampled_from(((), (("k", 1),))))


def _recognize_all_with(found_by_module):
    import auditor.recognize as recognize

    fake = tuple(SimpleNamespace(recognize=lambda doc, norm, profile, found=found: list(found))
                 for found in found_by_module)
    real = recognize._modules
    recognize._modules = lambda: fake
    try:
        return recognize.recognize_all(None, None, None)
    finally:
        recognize._modules = real


@settings(max_examples=500, deadline=None)
@given(st.lists(st.lists(ENTITY, max_size=8), max_size=5))
def test_recognize_all_drops_the_same_duplicates(found_by_module):
    made = _recognize_all_with(found_by_module)
    expected = _plain_recognize_all(found_by_module)
    # the very objects (the first of equal ones, which differ in explanation and attrs)
    assert [id(e) for e in made] == [id(e) for e in expected]


@pytest.mark.skipif(not REALPAGES.is_dir(), reason="no ../shared/realpages")
def test_recognize_all_on_real_pages():
    from auditor.recognize import _modules, recognize_all
    from auditor.recognize.profile import load_profile

    profile = load_profile(None)
    for doc in _real_texts(30):
        found = [m.recognize(doc, doc.norm, profile) for m in _modules()]
        assert recognize_all(doc, doc.norm, profile) == _plain_recognize_all(found), doc.source


# ---------------------------------------------------------------- rule patterns

AD_PATTERN = ("(?:[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼] ?)?(?:药|械|医械|食健|特医食)广审[^\\n号。，,;；]{0,30}号?"
              "|(?:衛部|[\\x{4e00}-\\x{9fff}]{1,2}[市縣])?(?:衛)?(?:中)?藥廣字[^\\n號。，,;；]{0,16}號?")
PATTERNS = (AD_PATTERN, r"(?:foo|ba+r)\d{2}", r"x?y*", r"(?i)Ab", r"[[:alpha:]]+9", r"a{,2}b", r"\bpre(?:fix|view)s?\b")
PATTERN_PIECES = ("药", "广审", "京 ", "京", "藥廣字", "衛部", "台北市", "號", "号", "第", "(视)", "12", "foo", "bar", "baar",
                  "ab", "AB", "Ab", "a{,2}b", "aab", "b", "y", "x", "prefix", "previews", "9", " ", "\n", "é")


def _plain_hits(src: str, text: str):
    """The pattern matcher's loop without the literal test: every non-empty match."""
    return [m.span() for m in re2.compile(src).finditer(text) if m.start() != m.end()]


@settings(max_examples=800, deadline=None)
@given(st.sampled_from(PATTERNS), st.lists(st.sampled_from(PATTERN_PIECES), max_size=20).map("".join))
def test_a_pattern_is_skipped_only_where_it_cannot_match(src, text):
    from auditor.rules.matchers import _may_match

    if not _may_match(src, text):
        assert _plain_hits(src, text) == []


def test_the_ad_approval_pattern_is_skipped_on_a_page_without_its_literals():
    from auditor.rules.matchers import _LITERALS, _may_match

    assert not _may_match(AD_PATTERN, "an english page 2026 药品 广告")
    assert _LITERALS[AD_PATTERN] == frozenset({"广审", "藥廣字"})
    assert _may_match(AD_PATTERN, "京药广审(文)第250101-00001号")
    assert _may_match(r"(?i)Ab", "xyz")  # (no literal told: searched)


@pytest.mark.skipif(not REALPAGES.is_dir(), reason="no ../shared/realpages")
def test_rule_patterns_find_the_same_on_real_pages():
    from auditor.audit.engines import AuditOptions, build_engine
    from auditor.rules.matchers import _may_match

    engine = build_engine(AuditOptions())
    sources = {m.pattern_src for rule in engine.rules
               for m in (rule.match, rule.trigger, rule.expect) if m is not None and m.what == "pattern"}
    assert AD_PATTERN in sources
    for doc in _real_texts():
        text = doc.norm.text
        for src in sources:
            if not _may_match(src, text):
                assert _plain_hits(src, text) == [], (doc.source, src)


# ---------------------------------------------------------------- matcher counts first


def _plain_find(m, ctx, within=None):
    """matchers.find as it was: every filter run, the counts checked at the end."""
    from auditor.rules import matchers

    if m.what in ("fact", "all", "any"):
        return matchers.find(m, ctx, within)
    hits = [h for h in _plain_raw_hits(m, ctx)
            if ("metadata" in m.scope if h.entity is not None and h.start == h.end
                else matchers.in_scope(m, ctx, h.start, h.end, h.lang))]
    if within is not None:
        hits = [h for h in hits if within[0] <= h.start and h.end <= within[1]]
    if m.except_lexicon and hits:
        allowed = matchers._Spans((h.start, h.end) for h in ctx.lexicon_hits(m.except_lexicon))
        hits = [h for h in hits if not allowed.overlaps(h.start, h.end)]
    if m.except_near is not None and hits:
        blocked = sorted({ctx.sentence_index(h.start) for h in _plain_find(m.except_near, ctx)})
        hits = [h for h in hits if not matchers._near(blocked, ctx.sentence_index(h.start), m.except_sentences)]
    if m.near is not None and hits:
        anchors = sorted({ctx.sentence_index(h.start) for h in _plain_find(m.near, ctx)})
        hits = [h for h in hits if matchers._near(anchors, ctx.sentence_index(h.start), m.near_sentences)]
    if len(hits) < m.min_count or len({h.term.lower() for h in hits}) < m.min_distinct:
        return []
    hits = matchers._dedupe(hits)
    return hits[:1] if m.first else hits


def _plain_raw_hits(m, ctx):
    """Every hit of the matcher, its RHit made before its scope is tested (as it was)."""
    from auditor.rules import matchers
    from auditor.rules.context import RHit

    doc = ctx.doc
    if m.what == "lexicon":
        return [RHit(h.start, h.end, doc.text[h.start:h.end], f"matched '{h.term}' from the lexicon '{m.lexicon}'",
                     term=h.term) for h in ctx.lexicon_hits(m.lexicon)]
    if m.what == "entity":
        out = []
        for ent in ctx.entities_of(m.entity_type):
            if m.entity_labels and ent.label not in m.entity_labels:
                continue
            if m.entity_values and ent.value not in m.entity_values:
                continue
            if m.expired is not None and matchers._is_expired(ent, ctx) != m.expired:
                continue
            why = ent.explanation or f"recognized {ent.type} {ent.value}"
            out.append(RHit(ent.start, ent.end, doc.text[ent.start:ent.end], why, entity=ent, term=ent.value))
        return out
    return matchers._raw_hits(m, ctx)


_ENGINE: list = []


def _engine():
    if not _ENGINE:
        import datetime as dt

        from auditor.audit.engines import AuditOptions, build_engine

        _ENGINE.append(build_engine(AuditOptions(audit_date=dt.date(2026, 6, 30))))
    return _ENGINE[0]


FLS_PIECES = ("We will ", "we expect ", "The company ", "the conference will ", "anticipate ", "Our plans ", "rain ",
              "is expected ", ". ", ".\n\n", "; ", "公司将", "我们预计", "。", "\n\n", "will ", "grow ")


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(FLS_PIECES), max_size=24).map("".join),
       st.integers(0, 3), st.integers(0, 3), st.integers(0, 2), st.booleans())
def test_counts_checked_first_give_what_the_filters_give(text, min_count, min_distinct, distance, block):
    from dataclasses import replace

    from auditor.read.pipeline import load_document
    from auditor.rules.matchers import find
    from auditor.rules.model import Matcher

    engine = _engine()
    doc = load_document(text.encode("utf-8"), "page.txt", fmt="text", lexicons=engine.segment_lexicons)
    speaker = Matcher("lexicon", lexicon="cn-pharma/fls_speaker", scope=("content",))
    m = Matcher("lexicon", lexicon="cn-pharma/fls_trigger", scope=("content",), min_count=min_count,
                min_distinct=min_distinct, near=speaker, near_sentences=distance)
    if block:  # the same words keep a hit out instead
        m = replace(m, near=None, except_near=speaker, except_sentences=distance)
    made = find(m, engine.context(doc))
    expected = _plain_find(m, engine.context(doc))
    assert made == expected


@pytest.mark.skipif(not REALPAGES.is_dir(), reason="no ../shared/realpages")
def test_rule_matchers_find_the_same_on_real_pages():
    engine = _engine()

    def leaves(m):
        if m is None:
            return
        if m.what in ("all", "any"):
            for c in m.children:
                yield from leaves(c)
        else:
            yield m

    matchers_ = [m for rule in engine.rules for top in (rule.match, rule.trigger, rule.expect) for m in leaves(top)]
    for doc in _real_texts(40):
        for m in matchers_:
            made, expected = _find(m, engine.context(doc)), _plain_find(m, engine.context(doc))
            assert made == expected, (doc.source, m.describe())


def _find(m, ctx):
    from auditor.rules.matchers import find

    return find(m, ctx)
