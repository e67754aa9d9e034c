"""Per-path overrides: which pages an override matches, and what may differ per page."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from auditor.sources.patterns import PathRules, parse_patterns


@dataclass
class Override:
    """One [[overrides]] table of the configuration: settings for the pages its globs match."""

    index: int
    paths: tuple[str, ...]
    values: dict[str, Any]
    origin: str
    origins: dict[str, str] = field(default_factory=dict)
    _rules: Any = None

    def matches(self, rel: str) -> bool:
        if self._rules is None:
            self._rules = PathRules(parse_patterns(self.paths, self.origin))
        return self._rules.excluded(rel)


@dataclass(frozen=True)
class PathSettings:
    """What may differ per page: everything that picks rules and the exit code."""

    rulesets: tuple[str, ...]
    profile: str | None
    select: tuple[str, ...]
    ignore: tuple[str, ...]
    fail_on: str
    default_ruleset: bool = True  # the bundled ruleset runs too

    def engine_key(self) -> tuple:
        return (self.rulesets, self.profile, self.select, self.ignore, self.default_ruleset)
