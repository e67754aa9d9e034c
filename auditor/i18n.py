"""Interface strings in English, Simplified and Traditional Chinese (gettext catalogs via Babel)."""
from __future__ import annotations

from functools import lru_cache
from typing import Callable

DOMAIN = "auditor"
_CATALOG = {"zh-Hans": "zh_Hans", "zh-Hant": "zh_Hant"}


@lru_cache(maxsize=8)
def gettext_for(locale: str) -> Callable[[str], str]:
    """``_`` for a locale; English (the message ids) when there is no catalog."""
    name = _CATALOG.get(locale)
    if not name:
        return lambda s: s
    import gettext  # (imported here: English output, the default, needs no catalog)

    return gettext.translation(DOMAIN, localedir=_localedir(), languages=[name], fallback=True).gettext


@lru_cache(maxsize=8)
def ngettext_for(locale: str) -> Callable[[str, str, int], str]:
    """``ngettext`` for a locale: the catalog's plural rule (Chinese has one form)."""
    name = _CATALOG.get(locale)
    if not name:
        return lambda singular, plural, n: singular if n == 1 else plural
    import gettext  # (imported here, as above: English needs no catalog)

    return gettext.translation(DOMAIN, localedir=_localedir(), languages=[name], fallback=True).ngettext


def _localedir() -> str:
    """The compiled catalogs: the package's own folder when installed as files (the usual
    case), else wherever importlib.resources finds them (~20 ms, 20 modules)."""
    from pathlib import Path  # (loaded by then: only a translated run gets here)

    folder = Path(__file__).resolve().parent / "locales"
    if folder.is_dir():
        return str(folder)
    from importlib import resources  # (a zipped install: see above)

    return str(resources.files("auditor").joinpath("locales"))


def count_noun(n: int, noun: str) -> str:
    """English count for lines that are English only (CI logs, scan progress): '1 page',
    '2 pages'; 'info' has no plural. Translated text uses ngettext_for instead."""
    return f"{n} {noun}" if n == 1 or noun == "info" else f"{n} {noun}s"
