"""One module per rule kind; each returns Violations for the engine to turn into findings."""
from __future__ import annotations

from dataclasses import dataclass, field

from auditor.rules.context import RHit


@dataclass
class Violation:
    """What a rule kind found: where, why, and the message's values."""

    hit: RHit  # where the finding points, with the page's own text as evidence
    why: str  # the recognizer's or matcher's explanation
    values: dict = field(default_factory=dict)  # message placeholders


_KINDS: dict | None = None  # kind -> its module, once imported (asked for every rule of every page)


def kind_module(kind: str):
    kinds = _KINDS
    if kinds is None:
        kinds = _kinds()
    return kinds[kind]


def _kinds() -> dict:
    global _KINDS
    # a real cycle: each kind's module imports Violation from this package
    from auditor.rules.kinds import consistent, forbid, format, require

    _KINDS = {"require": require, "forbid": forbid, "format": format, "consistent": consistent}
    return _KINDS
