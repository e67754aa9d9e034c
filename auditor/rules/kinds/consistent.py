"""consistent: the entities of a type must have one value on the page."""
from __future__ import annotations

from auditor.rules.context import DocContext, RHit
from auditor.rules.kinds import Violation
from auditor.rules.matchers import in_scope
from auditor.rules.model import Matcher


def evaluate(rule, ctx: DocContext) -> list[Violation]:
    scope = Matcher("entity", scope=rule.scope, visible=rule.visible)
    ents = [
        e for e in ctx.entities_of(rule.entity)
        if (not rule.labels or e.label in rule.labels)
        and (e.start == e.end or in_scope(scope, ctx, e.start, e.end))
    ]
    if not ents:
        return []
    first = ents[0]
    for ent in ents[1:]:
        if ent.value != first.value:
            where = f"'{ctx.doc.text[first.start:first.end]}'" if first.end > first.start else f"{first.label} metadata"
            why = f"{ent.explanation}; the page also has {first.value} ({where})".lstrip("; ")
            hit = RHit(ent.start, ent.end, ctx.doc.text[ent.start:ent.end], why, entity=ent, term=ent.value)
            values = {"value": ent.value, "expected": first.value, "count": len({e.value for e in ents})}
            return [Violation(hit, why, values)]
    return []
