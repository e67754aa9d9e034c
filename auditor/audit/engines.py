"""Build an engine from user options, and audit documents with it."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Sequence

from auditor.recognize.profile import ProfileError, load_profile
from auditor.rules.engine import Engine
from auditor.rules.loader import RulesetError, load_ruleset
from auditor.support.errors import UsageError
from auditor.support.resources import bundled_ruleset


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


class EngineCache:
    """One engine per distinct (rulesets, profile, select, ignore): per-path overrides."""

    def __init__(self, cfg):
        self.cfg = cfg
        self.cache: dict = {}

    def get(self, ps):
        key = ps.engine_key()
        if key not in self.cache:
            self.cache[key] = build_engine(AuditOptions(
                rulesets=list(ps.rulesets), profile=ps.profile, audit_date=self.cfg["audit-date"],
                locale=self.cfg["locale"], select=list(ps.select), ignore=list(ps.ignore)))
        return self.cache[key]

    def all_rules(self) -> list:
        seen, out = set(), []
        for e in self.cache.values():
            for r in e.all_rules:
                if r.id not in seen:
                    seen.add(r.id)
                    out.append(r)
        return out

    def ran_rules(self) -> list:
        seen, out = set(), []
        for e in self.cache.values():
            for r in e.rules:
                if r.id not in seen:
                    seen.add(r.id)
                    out.append(r)
        return out
