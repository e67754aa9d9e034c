"""Evaluate a matcher on a document: lexicon, pattern, entity, segment, fact, all/any."""
from __future__ import annotations

from bisect import bisect_left, bisect_right

from auditor.read.lexicon import required_literals
from auditor.rules.context import _COPYRIGHT, DocContext, RHit, parse_iso
from auditor.rules.model import Matcher

_ZH = ("zh-Hans", "zh-Hant")


def _lang_group(lang: str) -> str | None:
    return "zh" if lang in _ZH else "en" if lang == "en" else None


def in_scope(m: Matcher, ctx: DocContext, start: int, end: int, lang: str = "") -> bool:
    """Is a hit at start..end inside the matcher's segment kinds, visibility and languages?

    ``lang`` overrides the segment's language for a hit that spans a whole notice.
    """
    seg = ctx.segment_at(start)
    if seg is None:
        return False
    if seg.kind not in m.scope or (m.visible and seg.hidden):
        return False
    lang = lang or seg.lang
    if m.langs and lang not in m.langs:
        return False
    if m.lang_differs_from_page:
        a, b = _lang_group(lang), _lang_group(ctx.doc.language)
        if not a or not b or a == b:
            return False
    return True


def _scoped_hits(m: Matcher, ctx: DocContext) -> list[RHit]:
    """The matcher's hits inside its scope (:func:`in_scope`). A zero-width entity is page
    metadata (published-time <meta>): it has no text on the page and counts only where the
    matcher looks at metadata. An image link without text is zero-width too: share buttons
    and social icons, which are not the article's links. A lexicon hit or an entity is
    tested before its RHit is made (most links of a page are in its menus and footer)."""
    doc = ctx.doc
    if m.what == "lexicon":
        return [
            RHit(h.start, h.end, doc.text[h.start:h.end], f"matched '{h.term}' from the lexicon '{m.lexicon}'", term=h.term)
            for h in ctx.lexicon_hits(m.lexicon) if in_scope(m, ctx, h.start, h.end)
        ]
    if m.what == "entity":
        out = []
        metadata = "metadata" in m.scope
        for ent in ctx.entities_of(m.entity_type):
            if m.entity_labels and ent.label not in m.entity_labels:
                continue
            if m.entity_values and ent.value not in m.entity_values:
                continue
            if not (metadata if ent.start == ent.end else in_scope(m, ctx, ent.start, ent.end)):
                continue
            if m.expired is not None and _is_expired(ent, ctx) != m.expired:
                continue
            why = ent.explanation or f"recognized {ent.type} {ent.value}"
            out.append(RHit(ent.start, ent.end, doc.text[ent.start:ent.end], why, entity=ent, term=ent.value))
        return out
    return [h for h in _raw_hits(m, ctx) if in_scope(m, ctx, h.start, h.end, h.lang)]


def _raw_hits(m: Matcher, ctx: DocContext) -> list[RHit]:
    """The hits of a pattern or segment matcher, wherever they are."""
    doc = ctx.doc
    if m.what == "pattern":
        norm = ctx.norm
        out = []
        if not _may_match(m.pattern_src, norm.text):
            return out
        for mt in m.pattern.finditer(norm.text):
            if mt.start() == mt.end():
                continue
            s, e = norm.original_span(mt.start(), mt.end())
            out.append(RHit(s, e, doc.text[s:e], f"matched the pattern /{m.pattern_src}/", term=mt.group(0)))
        return out
    if m.what == "segment":
        return [
            RHit(g[0].start, g[-1].end, doc.text[g[0].start:g[-1].end],
                 f"the page has a {g[0].kind.replace('_', ' ')} section" + (f" ({len(g)} parts)" if len(g) > 1 else ""),
                 term=g[0].kind, lang=_group_lang(g))
            for g in sections(ctx, m.scope)
        ]
    raise AssertionError(m.what)


# pattern source -> the literal strings one of which each of its matches contains (None: not known)
_LITERALS: dict[str, frozenset[str] | None] = {}


def _may_match(src: str, text: str) -> bool:
    """Can the pattern ``src`` match in ``text``? Not when the text has none of the
    literals every match contains (the test the lexicons' prefilter relies on): a page
    without "广审" or "藥廣字" is not scanned for Chinese ad approval numbers."""
    try:
        literals = _LITERALS[src]
    except KeyError:
        literals = _LITERALS[src] = required_literals(src)
    return literals is None or any(literal in text for literal in literals)


def sections(ctx: DocContext, kinds) -> list[list]:
    """Runs of consecutive segments of one kind and visibility: one notice or section each.

    The segmenter splits a pop-up at its heading, a language change or its buttons; a
    reviewer sees one notice, so rules report it once, with all its parts.
    """
    key = ("sections", tuple(kinds))
    found = ctx.memo.get(key)
    if found is not None:
        return found
    out: list[list] = []
    ctx.memo[key] = out  # (read, never changed, by the matchers of every rule)
    prev = None
    for s in ctx.doc.segments:
        if s.kind not in kinds:
            prev = None
            continue
        if prev is not None and prev.kind == s.kind and prev.hidden == s.hidden:
            out[-1].append(s)
        else:
            out.append([s])
        prev = s
    return out


def _group_lang(segs) -> str:
    """The language of a notice made of several segments (English + Chinese = mixed)."""
    langs = {s.lang for s in segs} - {"und"}
    if not langs:
        return "und"
    if len(langs) == 1:
        return next(iter(langs))
    groups = {_lang_group(lang) for lang in langs}
    if "mixed" in langs or ({"en", "zh"} <= groups):
        return "mixed"
    # Simplified and Traditional parts: the script of the longest part.
    return max(segs, key=lambda s: (s.lang != "und", s.end - s.start)).lang


def page_anchor(ctx: DocContext, why: str, term: str = "") -> RHit:
    """Where a finding about the whole page points: its footer, else its first line.

    A page-level finding ("no ICP number on the page") has no text of its own; the
    footer is where the missing item belongs, and the first visible line (not the
    <title>, which is not on the page) is the fallback. The explanation says which.
    """
    block, where = _anchor_block(ctx)
    note = f"{why}; this concerns the whole page, so the finding points at {where}"
    if block is None:
        return RHit(0, 0, "", note, term=term)
    return RHit(block.start, block.end, ctx.doc.text[block.start:block.end], note, term=term)


def _anchor_block(ctx: DocContext):
    """``(block or None, where)`` for :func:`page_anchor`: chosen once per page."""
    found = ctx.memo.get("page_anchor")
    if found is not None:
        return found
    doc = ctx.doc
    text = doc.text
    in_segment = _in_segment_test(doc.segments)

    def shown(b) -> bool:
        return not b.hidden and b.end > b.start and in_segment(b.start)

    def copyright(b) -> bool:
        return "copyright" in b.cues or _COPYRIGHT.search(text, b.start, b.end) is not None

    # Filing numbers sit next to the copyright line: prefer the footer's copyright block,
    # then the footer's first block; without a footer, the page's last copyright block.
    # Only the blocks these can be are looked at (most pages have a footer), each searched
    # within its own span.
    footer = first_footer = None
    for b in doc.blocks:
        if "footer" in b.cues and shown(b):
            if copyright(b):
                footer = b
                break
            if first_footer is None:
                first_footer = b
    if footer is None:
        footer = first_footer
    if footer is None:
        footer = next((b for b in reversed(doc.blocks) if shown(b) and copyright(b)), None)
    if footer is not None:
        where = "the page's footer"
        block = footer
    else:
        where = "the page's first line (the page has no footer)"
        block = next((b for b in doc.blocks if not b.hidden and "title" not in b.cues and b.end > b.start
                      and ctx.segment_at(b.start) is not None), None)
    found = ctx.memo["page_anchor"] = (block, where)
    return found


def _in_segment_test(segments):
    """``lambda offset: segment_at(offset) is not None`` (Document.segment_at's own test)
    with the segments' starts and ends read once: asked for every block of the page."""
    starts = [s.start for s in segments]
    limits = [max(s.end, s.start + 1) for s in segments]

    def in_segment(offset: int) -> bool:
        i = bisect_right(starts, offset) - 1
        return i >= 0 and offset < limits[i]

    return in_segment


def _is_expired(ent, ctx: DocContext) -> bool:
    value = ent.attr("expiry") or (ent.value if ent.type == "date" else None)
    day = parse_iso(value) if isinstance(value, str) else None
    return day is not None and day < ctx.audit_date


def find(m: Matcher, ctx: DocContext, within: tuple[int, int] | None = None) -> list[RHit]:
    """Hits of ``m``; ``within`` keeps only hits inside that span of the page (one section)."""
    if m.what == "fact":
        if not ctx.holds(m.condition):
            return []
        why = ctx.explain(m.condition)
        dated = ctx.page_date_entity
        if m.condition.fact in ("page_date", "page_age_months") and dated is not None and dated.end > dated.start:
            # Point the reviewer at the date the page's age was computed from.
            return [RHit(dated.start, dated.end, ctx.doc.text[dated.start:dated.end], why, entity=dated, term=dated.value)]
        return [page_anchor(ctx, why, m.condition.fact)]
    if m.what in ("all", "any"):
        results = [find(c, ctx, within) for c in m.children]
        if m.what == "all":
            return [h for hs in results for h in hs] if all(results) else []
        return next((hs for hs in results if hs), [])
    hits = _scoped_hits(m, ctx)
    if within is not None:
        hits = [h for h in hits if within[0] <= h.start and h.end <= within[1]]
    # The filters below only drop hits: with too few hits (or terms) already, the answer is
    # none without them, and no other lexicon is searched and no sentence split for them.
    if len(hits) < m.min_count or (m.min_distinct > 1 and len({h.term.lower() for h in hits}) < m.min_distinct):
        return []
    # The three filters below look things up by position (bisect), not by comparing every
    # hit with every other: a page of thousands of hits would otherwise take seconds.
    if m.except_lexicon and hits:
        allowed = _Spans((h.start, h.end) for h in ctx.lexicon_hits(m.except_lexicon))
        hits = [h for h in hits if not allowed.overlaps(h.start, h.end)]
    if m.except_near is not None and hits:
        blocked = sorted({ctx.sentence_index(h.start) for h in find(m.except_near, ctx)})
        d = m.except_sentences
        if blocked:  # (nothing to be near: every hit stays, the page's sentences unsplit)
            hits = [h for h in hits if not _near(blocked, ctx.sentence_index(h.start), d)]
    if m.near is not None and hits:
        anchors = sorted({ctx.sentence_index(h.start) for h in find(m.near, ctx)})
        d = m.near_sentences
        hits = [h for h in hits if _near(anchors, ctx.sentence_index(h.start), d)] if anchors else []
    if len(hits) < m.min_count or len({h.term.lower() for h in hits}) < m.min_distinct:
        return []
    hits = _dedupe(hits)
    return hits[:1] if m.first else hits


def _dedupe(hits: list[RHit]) -> list[RHit]:
    """One hit per stretch of text: of overlapping matches the longest ("best-in-class", not
    the "the best" it overlaps). Entities are kept as recognized."""
    kept: list[RHit] = []
    # The kept matches never overlap one another, so sorted by start they are sorted by end
    # too: only the last one starting before a match ends can overlap it.
    starts: list[int] = []
    ends: list[int] = []
    for h in sorted(hits, key=lambda h: (-(h.end - h.start), h.start)):
        if h.entity is None:
            k = bisect_left(starts, h.end)
            if k and ends[k - 1] > h.start:
                continue
            # (those starting before it end before it starts; the rest start after it ends)
            starts.insert(k, h.start)
            ends.insert(k, h.end)
        kept.append(h)
    kept.sort(key=lambda h: (h.start, -(h.end - h.start)))
    return kept


def _near(sorted_values: list[int], value: int, distance: int) -> bool:
    """Is some value within ``distance`` of ``value``?"""
    i = bisect_left(sorted_values, value - distance)
    return i < len(sorted_values) and sorted_values[i] <= value + distance


class _Spans:
    """Spans, asked whether any overlaps a given one."""

    def __init__(self, spans) -> None:
        spans = sorted(spans)
        self.starts = [s for s, _ in spans]
        self.reach: list[int] = []  # the furthest end among the spans up to each one
        far = -1
        for _, e in spans:
            far = max(far, e)
            self.reach.append(far)

    def overlaps(self, start: int, end: int) -> bool:
        k = bisect_left(self.starts, end)  # the spans starting before ``end``
        return k > 0 and self.reach[k - 1] > start
