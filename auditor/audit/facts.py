"""A page's cross-page facts: what the checks across pages need to know of each page.

Computed per page where the page is audited (``auditor scan``'s workers, ``auditor check
--crosspage``) from the Document and its annotations, and kept as the Document's
annotation ``crosspage_facts`` (for the engine that audited it); auditor/batch/crosspage.py
compares them across pages. Nothing here reads a rule context's private state: the
entities come from the recognizers' annotation, the disclaimer from the rule's own matcher.
"""
from __future__ import annotations

from functools import lru_cache

from auditor.model.document import Document
from auditor.recognize import approval_number, recognized_entities
from auditor.rules.context import DocContext
from auditor.rules.matchers import find


@lru_cache(maxsize=32)
def _disclaimer_rule(engine):
    """The ruleset's unapproved-product-disclaimer rule (a ``require`` rule of that
    category): its expectation is what "the page has the disclaimer" means."""
    return next((r for r in engine.all_rules if r.category == "unapproved-disclaimer-missing"
                 and r.kind == "require" and r.expect is not None), None)


FACTS = "crosspage_facts"  # the Document annotation


def page_facts(engine, doc: Document, ctx=None) -> dict:
    """The small facts cross-page checks need: identity (url, canonical, alternates),
    the valid approval numbers (first occurrence of each) and whether the page carries
    the unapproved-product disclaimer (a visible disclaimer segment, or the ruleset's
    disclaimer expectation met). Computed once per Document and engine."""
    known = doc.annotation(FACTS, engine)
    if known is not None:
        return known
    facts: dict = {}
    meta = doc.meta or {}
    for key in ("url", "canonical"):
        value = meta.get(key)
        if value:
            facts[key] = str(value)
    alternates = [[str(a.get("hreflang") or ""), str(a["href"])]
                  for a in meta.get("alternates") or () if isinstance(a, dict) and a.get("href")]
    if alternates:
        facts["alternates"] = alternates
    if ctx is None:
        ctx = DocContext(doc, engine.profile, engine.audit_date, engine.lexicons)
    # the entities the rules had recognized on the page, else only the approval-number recognizer
    entities = recognized_entities(doc, engine.profile)
    if entities is None:
        entities = approval_number.recognize(doc, ctx.norm, engine.profile)
    numbers: dict[str, list] = {}
    for ent in entities:
        if ent.type == "approval_number" and ent.label == "valid" and ent.value not in numbers:
            line, column = doc.locate(ent.start)
            numbers[ent.value] = [ent.value, line, column, ent.start, ent.end, doc.text[ent.start:ent.end]]
    if numbers:
        facts["approval_numbers"] = sorted(numbers.values(), key=lambda n: (n[3], n[0]))
    has = any(s.kind == "disclaimer" and not s.hidden for s in doc.segments)
    if not has:
        rule = _disclaimer_rule(engine)
        has = bool(rule is not None and find(rule.expect, ctx))
    facts["disclaimer"] = has
    return doc.annotate(FACTS, engine, facts)
