"""Evaluate a matcher on a document: lexicon, pattern, entity, segment, fact, all/any."""
from __future__ import annotations

from auditor.rules.context import DocContext, RHit, parse_iso
from auditor.rules.model import Matcher

_ZH = ("zh-Hans", "zh-Hant")


def _lang_group(lang: str) -> str | None:
    return "zh" if lang in _ZH else "en" if lang == "en" else None


def in_scope(m: Matcher, ctx: DocContext, start: int, end: int) -> bool:
    """Is a hit at start..end inside the matcher's segment kinds, visibility and languages?"""
    seg = ctx.segment_at(start)
    if seg is None:
        return False
    if seg.kind not in m.scope or (m.visible and seg.hidden):
        return False
    if m.langs and seg.lang not in m.langs:
        return False
    if m.lang_differs_from_page:
        a, b = _lang_group(seg.lang), _lang_group(ctx.doc.language)
        if not a or not b or a == b:
            return False
    return True


def _raw_hits(m: Matcher, ctx: DocContext) -> list[RHit]:
    doc = ctx.doc
    if m.what == "lexicon":
        return [
            RHit(h.start, h.end, doc.text[h.start:h.end], f"matched '{h.term}' from the lexicon '{m.lexicon}'", term=h.term)
            for h in ctx.lexicon_hits(m.lexicon)
        ]
    if m.what == "pattern":
        norm = ctx.norm
        out = []
        for mt in m.pattern.finditer(norm.text):
            if mt.start() == mt.end():
                continue
            s, e = norm.original_span(mt.start(), mt.end())
            out.append(RHit(s, e, doc.text[s:e], f"matched the pattern /{m.pattern_src}/", term=mt.group(0)))
        return out
    if m.what == "entity":
        out = []
        for ent in ctx.entities:
            if ent.type != m.entity_type or (m.entity_labels and ent.label not in m.entity_labels):
                continue
            if m.entity_values and ent.value not in m.entity_values:
                continue
            if m.expired is not None and _is_expired(ent, ctx) != m.expired:
                continue
            why = ent.explanation or f"recognized {ent.type} {ent.value}"
            out.append(RHit(ent.start, ent.end, doc.text[ent.start:ent.end], why, entity=ent, term=ent.value))
        return out
    if m.what == "segment":
        out = []
        for s in doc.segments:
            # Point at the section's first block (its heading), not the whole section.
            first = doc.block_at(s.start)
            end = min(first.end, s.end) if first is not None else s.end
            out.append(RHit(s.start, end, doc.text[s.start:end], f"the page has a {s.kind.replace('_', ' ')} section", term=s.kind))
        return out
    raise AssertionError(m.what)


def _is_expired(ent, ctx: DocContext) -> bool:
    value = ent.attr("expiry") or (ent.value if ent.type == "date" else None)
    day = parse_iso(value) if isinstance(value, str) else None
    return day is not None and day < ctx.audit_date


def find(m: Matcher, ctx: DocContext) -> list[RHit]:
    if m.what == "fact":
        if not ctx.holds(m.condition):
            return []
        why = ctx.explain(m.condition)
        dated = ctx.page_date_entity
        if m.condition.fact in ("page_date", "page_age_months") and dated is not None and dated.end > dated.start:
            # Point the reviewer at the date the page's age was computed from.
            return [RHit(dated.start, dated.end, ctx.doc.text[dated.start:dated.end], why, entity=dated, term=dated.value)]
        return [RHit(0, 0, "", why, term=m.condition.fact)]
    if m.what in ("all", "any"):
        results = [find(c, ctx) for c in m.children]
        if m.what == "all":
            return [h for hs in results for h in hs] if all(results) else []
        return next((hs for hs in results if hs), [])
    # A zero-width entity is a page-level fact (e.g. published-time metadata): no segment.
    hits = [h for h in _raw_hits(m, ctx) if (h.entity is not None and h.start == h.end) or in_scope(m, ctx, h.start, h.end)]
    if m.except_lexicon and hits:
        allowed = [(h.start, h.end) for h in ctx.lexicon_hits(m.except_lexicon)]
        hits = [h for h in hits if not any(s < h.end and h.start < e for s, e in allowed)]
    if m.except_near is not None and hits:
        blocked = {ctx.sentence_index(h.start) for h in find(m.except_near, ctx)}
        d = m.except_sentences
        hits = [h for h in hits if not any(abs(ctx.sentence_index(h.start) - b) <= d for b in blocked)]
    if m.near is not None and hits:
        anchors = {ctx.sentence_index(h.start) for h in find(m.near, ctx)}
        d = m.near_sentences
        hits = [h for h in hits if any(abs(ctx.sentence_index(h.start) - a) <= d for a in anchors)]
    if len(hits) < m.min_count or len({h.term.lower() for h in hits}) < m.min_distinct:
        return []
    hits = _dedupe(hits)
    return hits[:1] if m.first else hits


def _dedupe(hits: list[RHit]) -> list[RHit]:
    """Drop hits contained in an earlier, longer hit (a phrase and its own sub-phrase)."""
    hits.sort(key=lambda h: (h.start, -(h.end - h.start)))
    out: list[RHit] = []
    for h in hits:
        if out and h.start >= out[-1].start and h.end <= out[-1].end and h.entity is None:
            continue
        out.append(h)
    return out
