"""Message placeholders, filled in the output locale (Babel formats dates and numbers)."""
from __future__ import annotations

import datetime as dt
import string
from typing import Any, Mapping

LOCALES = ("en", "zh-Hans", "zh-Hant")
_BABEL = {"en": "en", "zh-Hans": "zh_Hans_CN", "zh-Hant": "zh_Hant_TW"}
EVIDENCE_MAX = 80


def babel_locale(locale: str) -> str:
    return _BABEL.get(locale, "en")


def format_date(day: dt.date | str | None, locale: str) -> str:
    if day is None:
        return ""
    if isinstance(day, str):
        try:
            day = dt.date.fromisoformat(day[:10])
        except ValueError:
            return day
    from babel.dates import format_date as babel_format_date

    return babel_format_date(day, format="long", locale=babel_locale(locale))


def format_number(n: int | float, locale: str) -> str:
    from babel.numbers import format_decimal

    return format_decimal(n, locale=babel_locale(locale))


def short(text: str) -> str:
    one = " ".join(text.split())
    return one if len(one) <= EVIDENCE_MAX else one[: EVIDENCE_MAX - 1] + "…"


class _Values(dict):
    def __missing__(self, key: str) -> str:  # an unknown placeholder stays visible, never crashes
        return "{" + key + "}"


def render(template: str, values: Mapping[str, Any]) -> str:
    try:
        return string.Formatter().vformat(template, (), _Values(values))
    except (ValueError, IndexError):  # a stray brace in a rule's text: show the text as written
        return template
