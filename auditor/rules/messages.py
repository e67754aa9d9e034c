"""Message placeholders, filled in the output locale (Babel formats dates and numbers)."""
from __future__ import annotations

import datetime as dt
import re
from typing import Any, Mapping

from auditor.support import cache

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
    loc = babel_locale(locale)
    if loc == "en":
        english = _english()
        if english["dates"]:
            return f"{english['months'][day.month - 1]} {day.day}, {day.year}"
    from babel.dates import format_date as babel_format_date  # Babel: see _english()

    return babel_format_date(day, format="long", locale=loc)


def format_number(n: int | float, locale: str) -> str:
    loc = babel_locale(locale)
    if loc == "en" and type(n) is int and _english()["integers"]:
        return f"{n:,}"
    from babel.numbers import format_decimal  # Babel: see _english()

    return format_decimal(n, locale=loc)


_english_checked: dict | None = None


def _english() -> dict:
    """Whether Babel's English long dates and integers are what plain Python writes.

    Babel (import and locale data) is a large part of a single-page check's run time, and
    most output is English. Once per Babel version, its English month names are read and
    its output compared with ``f"{month} {day}, {year}"`` and ``f"{n:,}"`` over dates
    of every month and years 1-9999 and over integers of every size and sign; the answer
    is kept in the per-user cache (auditor.support.cache). The plain formats are used only when
    Babel agreed on every sample.
    """
    global _english_checked
    if _english_checked is not None:
        return _english_checked

    key = cache.digest("babel-en", [cache.code_stamp(__file__, cache.module_file("babel"))])
    found = cache.load("babel-en", key, slot="en")
    if not (isinstance(found, dict) and {"months", "dates", "integers"} <= set(found)):
        found = _check_english()
        cache.store("babel-en", key, found, slot="en")
    _english_checked = found
    return found


def _check_english() -> dict:
    # once per Babel version (cached): Babel stays unloaded for an English check (tests/test_startup.py)
    import calendar
    from babel.dates import format_date as babel_format_date
    from babel.dates import get_month_names
    from babel.numbers import format_decimal

    names = get_month_names("wide", locale="en")
    months = [names[m] for m in range(1, 13)]
    dates = True
    for year in (1, 9, 10, 999, 1000, 1999, 2026, 9999):
        for month in range(1, 13):
            for day in (1, 2, 9, 10, 11, 28, calendar.monthrange(year, month)[1]):
                d = dt.date(year, month, day)
                if babel_format_date(d, format="long", locale="en") != f"{months[month - 1]} {day}, {year}":
                    dates = False
    samples = [0, 1, 7, 12, 99, 100, 999, 1000, 1234, 9999, 10000, 12345, 99999, 100000, 123456, 999999,
               1000000, 1234567, 10**9, 123456789012, 10**15, 2**63]
    integers = all(format_decimal(n, locale="en") == f"{n:,}" for x in samples for n in (x, -x))
    return {"months": months, "dates": dates, "integers": integers}


def short(text: str) -> str:
    one = " ".join(text.split())
    return one if len(one) <= EVIDENCE_MAX else one[: EVIDENCE_MAX - 1] + "…"


# A rule's text: literal text, {{ and }} for braces, and named placeholders {name}.
# Nothing else: no attribute or index access ({evidence.__class__}, {values[0]}), no
# conversion or format spec ({count:>99999}), no positional fields.
_TOKEN = re.compile(r"\{\{|\}\}|\{([^{}]*)\}|[{}]")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


class TemplateError(ValueError):
    """A rule text with a placeholder that is not a plain name, or a lone brace."""


def placeholders(template: str) -> list[str]:
    """The placeholder names of a rule text, in order; raises TemplateError for anything
    but ``{name}``, ``{{`` and ``}}``."""
    names = []
    for m in _TOKEN.finditer(template):
        tok = m.group(0)
        if tok in ("{{", "}}"):
            continue
        inner = m.group(1)
        if inner is None:
            raise TemplateError(f"a lone '{tok}' (write '{tok * 2}' for a brace)")
        if not _NAME.fullmatch(inner):
            raise TemplateError(f"'{tok}' is not a placeholder: only a name in braces, such as {{evidence}}, "
                                "is filled (no attribute, index, conversion or format spec)")
        names.append(inner)
    return names


def render(template: str, values: Mapping[str, Any]) -> str:
    """Fill ``{name}`` placeholders from ``values``; an unknown name stays visible as written.
    Only names are looked up, so a rule text can never reach into Python objects."""

    def fill(m: re.Match) -> str:
        tok = m.group(0)
        if tok == "{{":
            return "{"
        if tok == "}}":
            return "}"
        inner = m.group(1)
        if inner is not None and _NAME.fullmatch(inner) and inner in values:
            return str(values[inner])
        return tok

    return _TOKEN.sub(fill, template)


def fill_params(template: str, params: Mapping[str, str]) -> str:
    """Fill only the named ``params`` (at load time), keeping every other placeholder and
    every doubled brace as written for :func:`render`."""

    def fill(m: re.Match) -> str:
        inner = m.group(1)
        if inner is not None and inner in params:
            return params[inner].replace("{", "{{").replace("}", "}}")
        return m.group(0)

    return _TOKEN.sub(fill, template)
