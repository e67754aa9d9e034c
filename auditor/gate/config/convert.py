"""A file value's type checked and made usable: strings, lists, paths, dates, numbers, choices."""
from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any, Iterable

from auditor.read.parse import INPUT_FORMATS
from auditor.rules.messages import LOCALES
from auditor.support.errors import ConfigError
from auditor.support.resources import bundled_ruleset

from .keys import SEVERITY_NAMES


def _locales() -> tuple[str, ...]:
    return tuple(LOCALES)


def _err(origin: str, key: str, msg: str) -> ConfigError:
    return ConfigError(f"{origin}: {key}: {msg}")


def _convert(kind: str, key: str, value: Any, origin: str, base: Path | None) -> Any:
    """Check a file value's type and make it usable (paths resolved against ``base``)."""

    def strlist() -> list[str]:
        if isinstance(value, str):
            vals = [value]
        elif isinstance(value, list) and all(isinstance(v, str) for v in value):
            vals = list(value)
        else:
            raise _err(origin, key, f"expected a string or a list of strings, got {_tname(value)}")
        return [v.strip() for item in vals for v in item.split(",") if v.strip()] if key in ("select", "ignore") else vals

    if kind == "strlist":
        return strlist()
    if kind == "paths":
        return [resolve_path(v, base, kind="ruleset") for v in strlist()]
    if kind in ("path", "profile"):
        if not isinstance(value, str) or not value:
            raise _err(origin, key, f"expected a string, got {_tname(value)}")
        return resolve_path(value, base, kind=kind)
    if kind == "severity":
        if value not in SEVERITY_NAMES:
            raise _err(origin, key, f"expected one of {', '.join(SEVERITY_NAMES)}, got {value!r}")
        return value
    if kind == "input-format":
        if value not in INPUT_FORMATS:
            raise _err(origin, key, f"expected one of {', '.join(INPUT_FORMATS)}, got {value!r}")
        return value
    if kind == "locale":
        if value not in _locales():
            raise _err(origin, key, f"expected one of {', '.join(_locales())}, got {value!r}")
        return value
    if kind == "date":
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                pass
        raise _err(origin, key, f"expected a date (YYYY-MM-DD), got {value!r}")
    if kind in ("seconds", "count"):
        number = (int,) if kind == "count" else (int, float)
        if isinstance(value, bool) or not isinstance(value, number) or not 0 <= value <= 10**9:
            what = "a whole number" if kind == "count" else "a number of seconds"
            raise _err(origin, key, f"expected {what} from 0 (no limit) up, got {value!r}")
        return float(value) if kind == "seconds" else value
    if kind == "bool":
        if not isinstance(value, bool):
            raise _err(origin, key, f"expected true or false, got {_tname(value)}")
        return value
    raise AssertionError(kind)


def _tname(v: Any) -> str:
    return {str: "a string", int: "an integer", float: "a number", bool: "a boolean", list: "an array",
            dict: "a table"}.get(type(v), type(v).__name__)


def resolve_path(value: str, base: Path | None, kind: str = "path") -> str:
    """A file value relative to the file's directory; bundled names stay names.

    A profile without a path separator or YAML suffix is a bundled profile name; a
    ruleset that does not exist next to the file but is a bundled ruleset stays a
    bundled name (resolved to the bundled folder).
    """
    if base is None:
        return value
    value = os.path.expanduser(value)
    if kind == "profile" and not ("/" in value or "\\" in value or value.endswith((".yaml", ".yml"))):
        return value
    joined = os.path.normpath(os.path.join(base, value))
    if kind == "ruleset" and not os.path.exists(joined) and "/" not in value and "\\" not in value:
        bundled = bundled_ruleset(value)
        if bundled.is_dir():
            return str(bundled)
    return joined


def _unknown(key: str, known: Iterable[str], where: str, table: str) -> ConfigError:
    import difflib  # only when a key is unknown: not on every start-up

    near = difflib.get_close_matches(key, list(known), n=1)
    hint = f" (did you mean {near[0]!r}?)" if near else ""
    return ConfigError(f"{where}: unknown key {key!r} in {table}{hint}; known keys: {', '.join(sorted(known))}")
