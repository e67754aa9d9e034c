"""forbid: every match in scope is a finding."""
from __future__ import annotations

from auditor.rules.context import DocContext
from auditor.rules.kinds import Violation
from auditor.rules.matchers import find


def evaluate(rule, ctx: DocContext) -> list[Violation]:
    return [Violation(h, h.why, {"value": h.term}) for h in find(rule.match, ctx)]
