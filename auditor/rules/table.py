"""The rule table in Markdown (``auditor rules list --format markdown``).

Generated from the rule files, so it cannot drift from them: the table in
``rulesets/cn-pharma/README.md`` is this output between two marker comments, rewritten by
``python scripts/update_rule_table.py`` and checked by ``tests/test_rule_table.py``.
"""
from __future__ import annotations

from typing import Iterable

from auditor.rules.model import Condition, Rule

BEGIN = "<!-- rule-table:begin (generated: python scripts/update_rule_table.py) -->"
END = "<!-- rule-table:end -->"

_OPS = {"eq": "=", "ne": "≠", "in": "in", "not_in": "not in", "gte": "≥", "lte": "≤", "gt": ">", "lt": "<"}


def _value(value) -> str:
    if isinstance(value, tuple) and len(value) == 2 and value[0] == "profile":
        return f"the profile's `{value[1]}`"
    if isinstance(value, (tuple, list)):
        return ", ".join(map(str, value))
    return str(value)


def condition_text(c: Condition) -> str:
    """One ``when`` gate in words: "`market` in CN, HK, TW", "`site_page`", "not `sec_registrant`"."""
    fact = f"`{c.fact}`"
    if c.op == "eq" and c.value is True:
        return fact
    if c.op == "eq" and c.value is False:
        return f"not {fact}"
    if c.op == "exists":
        return f"{fact} known" if c.value else f"{fact} unknown"
    if c.op == "ne_fact":
        return f"{fact} ≠ `{c.value}`"
    return f"{fact} {_OPS.get(c.op, c.op)} {_value(c.value)}"


def _cell(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def markdown_table(rules: Iterable[Rule], locale: str = "en") -> str:
    """One row per rule: id, category, severity, when it applies, title, references."""
    lines = ["| id | category | severity | applies when | title | references |",
             "|---|---|---|---|---|---|"]
    for r in rules:
        severity = r.severity
        for conds, sev in r.severity_when:
            severity += f" ({sev} when {'; '.join(condition_text(c) for c in conds)})"
        when = "; ".join(condition_text(c) for c in r.when) or "—"
        lines.append("| " + " | ".join(_cell(x) for x in (
            f"`{r.short_id}`", r.category, severity, when, r.text("title", locale), "; ".join(r.references))) + " |")
    return "\n".join(lines) + "\n"


def replace_table(readme: str, table: str) -> str:
    """``readme`` with the text between the markers replaced by ``table``; ValueError without markers."""
    start, end = readme.find(BEGIN), readme.find(END)
    if start < 0 or end < start:
        raise ValueError(f"the markers {BEGIN!r} and {END!r} are missing")
    return readme[: start + len(BEGIN)] + "\n" + table + readme[end:]
