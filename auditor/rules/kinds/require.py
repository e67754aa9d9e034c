"""require: when the trigger is found, the expectation must be found too.

A trigger that is a section (a leaving-site notice, a cautionary section) and an expectation
looked for only inside sections of that kind are checked section by section: each notice
must be complete on its own, and one finding names the notice that is not.
"""
from __future__ import annotations

from auditor.rules.context import DocContext
from auditor.rules.kinds import Violation
from auditor.rules.matchers import find
from auditor.rules.model import Matcher


def _leaves(m: Matcher):
    if m.what in ("all", "any"):
        for c in m.children:
            yield from _leaves(c)
    else:
        yield m


def _per_section(rule) -> bool:
    t = rule.trigger
    if t.what != "segment":
        return False
    return all(leaf.what != "fact" and set(leaf.scope) <= set(t.scope) for leaf in _leaves(rule.expect))


def _found_and_missing(m: Matcher, ctx: DocContext, within) -> tuple[list[str], list[str]]:
    """For an all/any expectation: which of its parts are there and which are not."""
    found, missing = [], []
    for c in m.children if m.what in ("all", "any") else (m,):
        hits = find(c, ctx, within=within)
        if hits:
            found.append(f"{c.describe()} ('{hits[0].text.strip()[:40]}')")
        else:
            missing.append(c.describe())
    return found, missing


def _why(rule, ctx: DocContext, trigger, within) -> str:
    found, missing = _found_and_missing(rule.expect, ctx, within)
    if rule.expect.what == "all" and found:
        return f"{trigger.why}; found {'; '.join(found)}; missing {' and '.join(missing)}"
    return f"{trigger.why}; expected {rule.expect.describe()}, found none"


def evaluate(rule, ctx: DocContext) -> list[Violation]:
    triggers = find(rule.trigger, ctx)
    if not triggers:
        return []
    if _per_section(rule):
        out = []
        for t in triggers:
            within = (t.start, t.end)
            if not find(rule.expect, ctx, within=within):
                out.append(Violation(t, _why(rule, ctx, t, within), {"count": len(triggers), "value": t.term}))
        return out
    if find(rule.expect, ctx):
        return []
    first = triggers[0]
    return [Violation(first, _why(rule, ctx, first, None), {"count": len(triggers), "value": first.term})]
