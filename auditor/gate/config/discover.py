"""Finding the configuration file: upwards from the current directory, else from the pages."""
from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Sequence

from .keys import CONFIG_FILE, PYPROJECT


_TOOL_TABLE = re.compile(r"^\s*\[\[?\s*tool\s*\.\s*auditor\s*[\].]", re.M)


def find_config(start: str | Path | None = None) -> Path | None:
    """The nearest auditor.toml or pyproject.toml with [tool.auditor], upwards from ``start``."""
    here = Path(start or os.getcwd()).resolve()
    for d in (here, *here.parents):
        cand = d / CONFIG_FILE
        if cand.is_file():
            return cand
        cand = d / PYPROJECT
        if cand.is_file():
            try:
                text = cand.read_text(encoding="utf-8-sig")
            except (OSError, UnicodeDecodeError):
                continue
            if _TOOL_TABLE.search(text):
                return cand
    return None


def _config_for_paths(paths: Sequence[str]) -> Path | None:
    """The configuration of the folder that holds every path to audit (files, folders,
    archives; not stdin or @lists)."""
    dirs = []
    for p in paths or ():
        if p == "-" or p.startswith("@") or not os.path.exists(p):
            continue
        full = os.path.abspath(p)
        dirs.append(full if os.path.isdir(full) else os.path.dirname(full))
    if not dirs:
        return None
    try:
        common = os.path.commonpath(dirs)
    except ValueError:  # paths on different drives
        return None
    return find_config(common)
