"""Project configuration: ``[tool.auditor]`` in pyproject.toml or an ``auditor.toml``.

Discovery: from the current directory upwards, the first directory that has an
``auditor.toml`` (top-level keys) or a ``pyproject.toml`` with a ``[tool.auditor]``
table wins; in one directory ``auditor.toml`` wins over ``pyproject.toml``. When there
is none, the same search runs upwards from the folder that holds every path to audit
(as black finds its project root), so ``auditor check corpora/pages`` uses
``corpora/auditor.toml``. A
``pyproject.toml`` without ``[tool.auditor]`` is passed over (it belongs to the
Python project, not to us).

Precedence: command-line flags, then the file, then the defaults; a flag replaces the
file's value (lists are not merged). Relative paths in the file (rulesets, profile
files, waiver file, baseline) are relative to the file; ``exclude`` and override
``paths`` globs are matched against page paths relative to the file's directory.

Per-path overrides (``[[tool.auditor.overrides]]`` / ``[[overrides]]``) apply in order
to pages whose path matches one of their ``paths`` globs; ``profile``, ``ruleset``,
``default-ruleset``, ``select`` and ``fail-on`` replace the value, ``ignore`` adds to it
(as Ruff's per-file ignores do).

Rulesets: ``ruleset`` lists the rulesets added to the bundled cn-pharma ruleset;
``default-ruleset = false`` (``--no-default-ruleset``) leaves the bundled one out.

Every value remembers where it came from (``file:line``, ``command line`` or
``default``) for ``auditor config``. An unknown key or a value of the wrong type is a
:class:`ConfigError` (exit 2) naming the key and the file.
"""
from __future__ import annotations

from typing import Any, Sequence

from auditor.support.errors import ConfigError

from .keys import (
    ALIASES, COMMAND_LINE, CONFIG_FILE, DEFAULT, DEFAULT_TEXT, KEYS, MAX_CONFIG_BYTES, OVERRIDE_KEYS,
    PYPROJECT, SEVERITY_NAMES,
)
from .discover import find_config
from .convert import resolve_path
from .overrides import Override, PathSettings
from .settings import Config, _jsonable, relative_to, Setting
from .load import load_config, load_file, read_file


def describe(cfg: Config, source: str | None = None) -> str:
    """``auditor config``: each effective value and where it came from."""
    import json

    lines = [f"# configuration file: {cfg.path if cfg.path else 'none found (defaults and command line only)'}"]
    lines.append(f"# page globs are relative to: {cfg.root}")
    width = max(len(k) for k in cfg.settings)
    for key, s in cfg.settings.items():
        if s.value is None or s.value == [] and key in DEFAULT_TEXT:
            shown = f"# {DEFAULT_TEXT.get(key, 'not set')}"
        else:
            shown = json.dumps(_jsonable(s.value), ensure_ascii=False)
        lines.append(f"{key:<{width}} = {shown:<40}  ({s.origin})")
    for o in cfg.overrides:
        lines.append("")
        lines.append(f"[[overrides]]  ({o.origin})")
        lines.append(f"  paths = {json.dumps(list(o.paths), ensure_ascii=False)}")
        for k, v in o.values.items():
            lines.append(f"  {k} = {json.dumps(_jsonable(v), ensure_ascii=False)}  ({o.origins.get(k, o.origin)})")
    if source is not None:
        ps = cfg.for_path(source)
        matched = cfg.matching_overrides(source)
        lines.append("")
        lines.append(f"# for {source}: " + (
            "overrides " + ", ".join(f"#{o.index + 1} ({o.origin})" for o in matched) if matched else "no override applies"))
        if cfg.excluded(source):
            lines.append("#   excluded by the file's exclude globs")
        lines.append(f"#   ruleset  = {json.dumps(list(ps.rulesets), ensure_ascii=False)}"
                     + ("" if ps.default_ruleset else "  (without the bundled ruleset)"))
        lines.append(f"#   profile  = {json.dumps(ps.profile)}")
        lines.append(f"#   select   = {json.dumps(list(ps.select), ensure_ascii=False)}")
        lines.append(f"#   ignore   = {json.dumps(list(ps.ignore), ensure_ascii=False)}")
        lines.append(f"#   fail-on  = {json.dumps(ps.fail_on)}")
    return "\n".join(lines) + "\n"


def flags_from_args(args) -> dict[str, Any]:
    """Config keys given on the command line (argparse defaults are None when not given)."""

    def split(values: Sequence[str] | None) -> list[str] | None:
        if values is None:
            return None
        return [v.strip() for item in values for v in item.split(",") if v.strip()]

    g = lambda name: getattr(args, name, None)  # noqa: E731
    flags: dict[str, Any] = {
        "ruleset": g("ruleset") or None,
        "default-ruleset": False if g("no_default_ruleset") else None,
        "profile": g("profile"),
        "select": split(g("select")),
        "ignore": split(g("ignore")),
        "fail-on": g("fail_on"),
        "locale": g("locale"),
        "audit-date": g("audit_date"),
        "exclude": g("exclude") or None,
        "waiver-file": g("waiver_file"),
        "baseline": g("baseline"),
        "report-unused-suppressions": True if g("report_unused_suppressions") else None,
        "page-timeout": g("page_timeout"),
        "max-findings": g("max_findings"),
        "input-format": g("input_format"),
    }
    return flags


def load_for_args(args) -> Config:
    return load_config(flags_from_args(args), config_file=getattr(args, "config", None),
                       isolated=getattr(args, "no_config", False),
                       paths=getattr(args, "paths", None) or [p for p in [getattr(args, "path", None)] if p])


def input_format(cfg: Config) -> tuple[str | None, str | None]:
    """``(format, origin)`` for the pipeline: ``(None, None)`` when the format is sniffed."""
    try:
        setting = cfg.settings["input-format"]
    except (AttributeError, KeyError):
        return None, None
    if setting.value in (None, "auto"):
        return None, None
    origin = "--input-format" if setting.origin == COMMAND_LINE else f"input-format in {setting.origin}"
    return setting.value, origin
