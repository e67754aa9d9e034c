"""Helpers to read the hand-written corpus and its expected results."""
from __future__ import annotations

from pathlib import Path

import yaml

from tests.conftest import CORPUS

PAGES = CORPUS / "pages"
EXPECTED = CORPUS / "expected"


def corpus_pages() -> list[Path]:
    return sorted(p for p in PAGES.iterdir() if p.is_file() and not p.name.startswith("."))


def expected(page: Path, what: str) -> dict | None:
    f = EXPECTED / f"{page.name}.{what}.yaml"
    if not f.exists():
        return None
    return yaml.safe_load(f.read_text(encoding="utf-8"))
