"""Build an engine from user options, and audit documents with it."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Sequence

from auditor.resources import bundled_ruleset


@dataclass
class AuditOptions:
    rulesets: Sequence[str] = ()  # folders; empty means the bundled default
    profile: str | None = None  # a bundled profile name or a YAML path
    audit_date: dt.date | None = None
    locale: str = "en"
    select: Sequence[str] = ()
    ignore: Sequence[str] = ()
    extra: dict = field(default_factory=dict)


def build_engine(opts: AuditOptions):
    """Load profile and rulesets; raises ConfigError (exit 2) on anything invalid."""
    from auditor.inputs import UsageError
    from auditor.profile import ProfileError, load_profile
    from auditor.rules.engine import Engine
    from auditor.rules.loader import RulesetError, load_ruleset

    try:
        profile = load_profile(opts.profile)
    except ProfileError as exc:
        raise UsageError(str(exc)) from None
    except FileNotFoundError as exc:
        raise UsageError(f"profile not found: {exc}") from None
    paths = list(opts.rulesets) or [str(bundled_ruleset())]
    try:
        rulesets = [load_ruleset(p) for p in paths]
    except RulesetError as exc:
        raise UsageError(str(exc)) from None
    return Engine(rulesets, profile, audit_date=opts.audit_date, locale=opts.locale, select=opts.select, ignore=opts.ignore)


def parse_date(value: str) -> dt.date:
    import argparse

    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date in YYYY-MM-DD form: {value!r}") from None
