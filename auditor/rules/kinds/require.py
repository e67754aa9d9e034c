"""require: when the trigger is found, the expectation must be found too."""
from __future__ import annotations

from auditor.rules.context import DocContext
from auditor.rules.kinds import Violation
from auditor.rules.matchers import find


def evaluate(rule, ctx: DocContext) -> list[Violation]:
    triggers = find(rule.trigger, ctx)
    if not triggers or find(rule.expect, ctx):
        return []
    first = triggers[0]
    why = f"{first.why}; expected {rule.expect.describe()}, found none"
    values = {"count": len(triggers), "value": first.term}
    return [Violation(first, why, values)]
