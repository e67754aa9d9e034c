"""The effective configuration: values with their origins, and page paths against the root."""
from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from auditor.sources.patterns import PathRules, parse_patterns

from .keys import COMMAND_LINE, DEFAULT
from .overrides import Override, PathSettings


@dataclass
class Setting:
    """A setting's value and where it came from."""

    value: Any
    origin: str = DEFAULT


@dataclass
class Config:
    """The effective configuration: file values merged with flags and defaults."""

    path: Path | None  # the configuration file, if one was found (or given)
    root: Path  # its directory, else the current directory: what page globs are relative to
    settings: dict[str, Setting]
    overrides: list[Override] = field(default_factory=list)
    _exclude_rules: Any = None

    def __getitem__(self, key: str) -> Any:
        return self.settings[key].value

    def origin(self, key: str) -> str:
        return self.settings[key].origin

    # -- pages ---------------------------------------------------------------

    def relative(self, source: str) -> str | None:
        """``source`` relative to the root, ``/``-separated; None when outside it."""
        return relative_to(source, self.root)

    def excluded(self, source: str) -> bool:
        """Whether the file's ``exclude`` globs drop this page (flags: see check)."""
        if self.origin("exclude") == COMMAND_LINE or not self["exclude"]:
            return False

        if self._exclude_rules is None:
            self._exclude_rules = PathRules(parse_patterns(self["exclude"], str(self.path)))
        rel = self.relative(source)
        return rel is not None and self._exclude_rules.excluded(rel)

    def excluded_any(self) -> bool:
        """Whether the file's exclude globs are in force."""
        return bool(self["exclude"]) and self.origin("exclude") != COMMAND_LINE

    def base(self) -> PathSettings:
        return PathSettings(
            rulesets=tuple(self["ruleset"]),
            profile=self["profile"],
            select=tuple(self["select"]),
            ignore=tuple(self["ignore"]),
            fail_on=self["fail-on"],
            default_ruleset=self["default-ruleset"],
        )

    def matching_overrides(self, source: str) -> list[Override]:
        if not self.overrides:
            return []
        rel = self.relative(source)
        if rel is None:
            return []
        return [o for o in self.overrides if o.matches(rel)]

    def for_path(self, source: str) -> PathSettings:
        s = self.base()
        for o in self.matching_overrides(source):
            s = self._apply(s, o)
        return s

    def for_path_override(self, o: Override) -> PathSettings:
        """The settings of a page matched by this override alone."""
        return self._apply(self.base(), o)

    @staticmethod
    def _apply(s: PathSettings, o: Override) -> PathSettings:
        v = o.values
        return PathSettings(
            rulesets=tuple(v["ruleset"]) if "ruleset" in v else s.rulesets,
            profile=v.get("profile", s.profile),
            select=tuple(v["select"]) if "select" in v else s.select,
            ignore=s.ignore + tuple(x for x in v.get("ignore", ()) if x not in s.ignore),
            fail_on=v.get("fail-on", s.fail_on),
            default_ruleset=v.get("default-ruleset", s.default_ruleset),
        )

    # -- display -------------------------------------------------------------

    def as_dict(self) -> dict:
        out: dict = {
            "config_file": str(self.path) if self.path else None,
            "root": str(self.root),
            "settings": {k: {"value": _jsonable(s.value), "origin": s.origin} for k, s in self.settings.items()},
        }
        out["overrides"] = [
            {"paths": list(o.paths), "origin": o.origin,
             "values": {k: _jsonable(v) for k, v in o.values.items()}}
            for o in self.overrides
        ]
        return out


def _jsonable(v: Any) -> Any:
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, tuple):
        return list(v)
    return v


def relative_to(source: str, root: Path, member_sep: str = "/") -> str | None:
    """A page source (path, ``archive!/member``, URL, ``-``) relative to ``root``.

    An archive member becomes ``archive<member_sep>member`` (``/`` for glob matching)."""
    if source == "-" or "://" in source:
        return None
    outer, sep, member = source.partition("!/")
    try:
        rel = os.path.relpath(os.path.abspath(outer), root)
    except ValueError:  # another drive on Windows
        return None
    rel = rel.replace(os.sep, "/")
    if rel == ".." or rel.startswith("../"):
        return None
    return rel + (member_sep + member if sep else "")
