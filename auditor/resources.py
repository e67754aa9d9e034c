"""Where bundled data lives once installed (importlib.resources, not file paths)."""
from __future__ import annotations

from importlib import resources
from pathlib import Path

DEFAULT_RULESET = "cn-pharma"


def bundled_rulesets_dir() -> Path:
    # auditor/bundled_rulesets is the repository's rulesets/ folder, shipped as package data.
    return Path(str(resources.files("auditor.bundled_rulesets")))


def bundled_ruleset(name: str = DEFAULT_RULESET) -> Path:
    return bundled_rulesets_dir() / name
