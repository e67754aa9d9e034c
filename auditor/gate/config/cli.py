"""The command line's side: flags from argparse, ``auditor config``'s listing, the input format."""
from __future__ import annotations

from typing import Any, Sequence

from .keys import COMMAND_LINE, DEFAULT_TEXT
from .settings import Config, _jsonable
from .load import load_config


def describe(cfg: Config, source: str | None = None) -> str:
    """``auditor config``: each effective value and where it came from."""
    import json  # (only here: a check never imports it for a text report)

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
