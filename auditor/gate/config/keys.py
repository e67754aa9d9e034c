"""The configuration's vocabulary: file names, keys with their types and defaults, origins."""
from __future__ import annotations

from typing import Any


CONFIG_FILE = "auditor.toml"
MAX_CONFIG_BYTES = 4 * 2**20  # a pyproject.toml is kilobytes; more is a mistake or an attack
PYPROJECT = "pyproject.toml"
SEVERITY_NAMES = ("error", "warning", "info")

DEFAULT = "default"
COMMAND_LINE = "command line"


# name -> (type, default). Types: str, strlist, paths, path, profile, choice:<a|b>, date, bool.
KEYS: dict[str, tuple[str, Any]] = {
    "ruleset": ("paths", []),
    "default-ruleset": ("bool", True),
    "profile": ("profile", None),
    "select": ("strlist", []),
    "ignore": ("strlist", []),
    "fail-on": ("severity", "error"),
    "locale": ("locale", "en"),
    "audit-date": ("date", None),
    "exclude": ("strlist", []),
    "waiver-file": ("path", None),
    "baseline": ("path", None),
    "report-unused-suppressions": ("bool", False),
    "page-timeout": ("seconds", 120.0),  # auditor.audit.limits.DEFAULT_PAGE_TIMEOUT
    "max-findings": ("count", 1000),  # auditor.audit.limits.DEFAULT_MAX_FINDINGS
    "input-format": ("input-format", "auto"),
}
ALIASES = {"rulesets": "ruleset"}
OVERRIDE_KEYS = ("paths", "ruleset", "default-ruleset", "profile", "select", "ignore", "fail-on")
DEFAULT_TEXT = {
    "ruleset": "none besides the bundled cn-pharma ruleset",
    "profile": "generic",
    "audit-date": "today",
}
