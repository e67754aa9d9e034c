"""Where bundled data lives once installed (importlib.resources, not file paths)."""
from __future__ import annotations

from pathlib import Path

import auditor.bundled_rulesets as package

DEFAULT_RULESET = "cn-pharma"


def bundled_rulesets_dir() -> Path:
    # auditor/bundled_rulesets is the repository's rulesets/ folder, shipped as package data.
    # Installed as plain files (the usual case), that is the package's own folder; asking
    # importlib.resources would import it and its dependencies on every start-up.
    folder = Path(getattr(package, "__file__", None) or "").parent
    if getattr(package, "__file__", None) and folder.is_dir():
        return folder
    from importlib import resources  # ~40 ms, 26 modules (see above)

    return Path(str(resources.files("auditor.bundled_rulesets")))


def bundled_ruleset(name: str = DEFAULT_RULESET) -> Path:
    return bundled_rulesets_dir() / name
