"""Where a key sits in a TOML file: tomllib gives no positions, so a light line scan does."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Mapping


def _key_lines(text: str, table: str) -> dict[tuple[str, str], int]:
    """Line numbers of ``key =`` lines: {(table, key): line}; overrides as ``overrides#N``.

    A light scan (tomllib gives no positions); good enough to point people at a line.
    """
    lines: dict[tuple[str, str], int] = {}
    current = ""
    n_over = -1
    head = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(?:#.*)?$")
    keyre = re.compile(r"""^\s*("[^"]+"|'[^']+'|[A-Za-z0-9_.-]+)\s*=""")
    over_table = (table + "." if table else "") + "overrides"
    for number, line in enumerate(text.splitlines(), 1):
        m = head.match(line)
        if m:
            name = re.sub(r"\s*\.\s*", ".", m.group(2)).replace('"', "").replace("'", "")
            if m.group(1) == "[[" and name == over_table:
                n_over += 1
                current = f"overrides#{n_over}"
                lines.setdefault(("", current), number)
            else:
                current = name
            continue
        m = keyre.match(line)
        if m:
            key = m.group(1).strip("\"'")
            lines.setdefault((current, key), number)
    return lines


def _where(path: Path, lines: Mapping, table: str, key: str) -> str:
    n = lines.get((table, key))
    return f"{path}:{n}" if n else str(path)
