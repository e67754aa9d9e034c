"""Terminal details: colour only on a terminal, and never with NO_COLOR set."""
from __future__ import annotations

import os
import sys

_CODES = {
    "red": "31", "green": "32", "yellow": "33", "blue": "34", "magenta": "35", "cyan": "36",
    "grey": "90", "bold": "1", "dim": "2",
}


def use_color(stream=None, force: bool | None = None) -> bool:
    if force is not None:
        return force
    if "NO_COLOR" in os.environ:
        return False
    stream = stream or sys.stdout
    return hasattr(stream, "isatty") and stream.isatty() and os.environ.get("TERM") != "dumb"


def paint(text: str, color: str, enabled: bool) -> str:
    if not enabled or color not in _CODES:
        return text
    return f"\x1b[{_CODES[color]}m{text}\x1b[0m"
