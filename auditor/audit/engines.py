"""Build an engine from user options, and audit documents with it."""
from __future__ import annotations

import argparse
import datetime as dt
import os
from dataclasses import dataclass, field
from typing import Sequence

from auditor.support.errors import UsageError
from auditor.support.resources import bundled_ruleset


@dataclass
class AuditOptions:
    """What the rules are run with: rulesets, profile, audit date, locale, rule selection."""

    rulesets: Sequence[str] = ()  # folders or bundled names, added to the bundled default
    profile: str | None = None  # a bundled profile name or a YAML path
    audit_date: dt.date | None = None
    locale: str = "en"
    select: Sequence[str] = ()
    ignore: Sequence[str] = ()
    extra: dict = field(default_factory=dict)
    default_ruleset: bool = True  # False: only ``rulesets`` run


def resolve_ruleset(value: str) -> str:
    """A ruleset folder, or the name of a bundled ruleset ("cn-pharma")."""
    if os.path.isdir(value):
        return value
    if value and "/" not in value and os.sep not in value:
        bundled = bundled_ruleset(value)
        if bundled.is_dir():
            return str(bundled)
    raise UsageError(f"{value}: no such ruleset (a folder with rules/ and lexicons/, or a bundled ruleset name)")


def ruleset_paths(rulesets: Sequence[str], default: bool = True) -> list[str]:
    """The folders to load: the bundled ruleset (unless ``default`` is false), then each
    ruleset given, once each, in order."""
    out: list[str] = []
    seen: set[str] = set()
    for value in ([str(bundled_ruleset())] if default else []) + [resolve_ruleset(v) for v in rulesets]:
        key = os.path.realpath(value)
        if key not in seen:
            seen.add(key)
            out.append(value)
    if not out:
        raise UsageError("no ruleset to run: without the bundled ruleset (--no-default-ruleset, "
                         "default-ruleset = false) give at least one --ruleset")
    return out


def build_engine(opts: AuditOptions):
    """Load profile and rulesets; raises ConfigError (exit 2) on anything invalid."""
    # Imported here: the loaders and the engine cost ~180 ms and ~60 modules, and `auditor
    # rules` and `segments` import this module for ruleset_paths alone.
    from auditor.recognize.profile import ProfileError, load_profile
    from auditor.rules.engine import Engine
    from auditor.rules.loader import RulesetError, load_rulesets

    try:
        profile = load_profile(opts.profile)
    except ProfileError as exc:
        raise UsageError(str(exc)) from None
    except FileNotFoundError as exc:
        raise UsageError(f"profile not found: {exc}") from None
    paths = ruleset_paths(opts.rulesets, opts.default_ruleset)
    try:
        rulesets = load_rulesets(paths)
    except RulesetError as exc:
        raise UsageError(str(exc)) from None
    return Engine(rulesets, profile, audit_date=opts.audit_date, locale=opts.locale, select=opts.select, ignore=opts.ignore)


def parse_date(value: str) -> dt.date:
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
                locale=self.cfg["locale"], select=list(ps.select), ignore=list(ps.ignore),
                default_ruleset=getattr(ps, "default_ruleset", True)))
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
