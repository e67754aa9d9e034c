"""format: every entity of a type must match a pattern (or the profile's format)."""
from __future__ import annotations

import re2

from auditor.rules.context import DocContext, RHit
from auditor.rules.kinds import Violation
from auditor.rules.matchers import in_scope
from auditor.rules.model import Matcher

_COMPILED: dict[str, object] = {}


def _pattern(src: str):
    if src not in _COMPILED:
        _COMPILED[src] = re2.compile(src)
    return _COMPILED[src]


def evaluate(rule, ctx: DocContext) -> list[Violation]:
    src = ctx.profile.approval_number.pattern if rule.pattern_src == "profile" else rule.pattern_src
    # Entity values are normalized (upper-case codes); matching ignores case like the page's readers do.
    pat = _pattern(f"(?i){src}")
    scope = Matcher("entity", scope=rule.scope, visible=rule.visible)
    out = []
    for ent in ctx.entities_of(rule.entity):
        if rule.labels and ent.label not in rule.labels:
            continue
        if not in_scope(scope, ctx, ent.start, ent.end) or pat.fullmatch(ent.value):
            continue
        hit = RHit(ent.start, ent.end, ctx.doc.text[ent.start:ent.end], ent.explanation, entity=ent, term=ent.value)
        why = f"{ent.explanation}; does not match the expected format /{src}/".lstrip("; ")
        out.append(Violation(hit, why, {"value": ent.value, "expected": src}))
    return out
