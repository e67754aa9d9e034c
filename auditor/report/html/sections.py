"""Site sections of pages (first URL path segment or folder) and the folder all sources share."""
from __future__ import annotations

import os
import re
from typing import Iterable, Sequence
from urllib.parse import urlsplit

_URL_SOURCE_RE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")

def section_of(source: str, url: str | None, common: Sequence[str]) -> str:
    """The site section of a page: the first URL path segment, or the first path
    component below the folder all sources share ("/" at the top level)."""
    target = url or source
    if _URL_SOURCE_RE.match(target):
        try:
            path = urlsplit(target).path
        except ValueError:
            path = ""
        parts = [p for p in path.split("/") if p]
        return "/" + parts[0] if len(parts) > 1 or (parts and "." not in parts[0]) else "/"
    parts = _path_parts(target)[len(common):]
    return parts[0] if len(parts) > 1 else "/"


def _path_parts(source: str) -> list[str]:
    return [p for p in re.split(r"[/\\!]", source) if p and p != "."]


def _common_dir(sources: Iterable[str]) -> list[str]:
    common: list[str] | None = None
    for s in sources:
        if _URL_SOURCE_RE.match(s):
            continue
        d = _path_parts(s)[:-1]
        if common is None:
            common = d
        else:
            n = 0
            while n < min(len(common), len(d)) and common[n] == d[n]:
                n += 1
            common = common[:n]
    return common or []


def common_prefix(sources: Sequence[str]) -> str:
    """The folder part all sources share ("corpora/pages/"), shown muted in the page table."""
    if len(sources) < 2:
        return ""
    prefix = os.path.commonprefix(list(sources))
    cut = max(prefix.rfind("/"), prefix.rfind("\\"), prefix.rfind("!"))
    return prefix[:cut + 1] if cut >= 0 else ""
