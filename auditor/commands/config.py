"""`auditor config [PATH]`: the effective configuration and where each value came from.

Reads the nearest auditor.toml or pyproject.toml [tool.auditor] (from the current
directory upwards), applies the same flags as `auditor check`, and prints every
setting with its origin: `file:line`, `command line` or `default`. With a PATH, also
shows the settings that apply to that page after per-path overrides.
"""
from __future__ import annotations

import json
import sys

from auditor.commands.check import add_audit_options, add_gate_options
from auditor.gate.config import describe, load_for_args


def add_parser(sub):
    p = sub.add_parser("config", help="show the effective configuration and where each value came from",
                       description=__doc__)
    p.add_argument("path", nargs="?", metavar="PATH", help="also show the settings for this page (overrides applied)")
    add_audit_options(p)
    add_gate_options(p, run_options=False)
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.set_defaults(run=run)
    return p


def run(args) -> int:
    cfg = load_for_args(args)
    if args.format == "json":
        obj = cfg.as_dict()
        if args.path:
            ps = cfg.for_path(args.path)
            obj["for_path"] = {
                "path": args.path,
                "overrides": [o.index + 1 for o in cfg.matching_overrides(args.path)],
                "excluded": cfg.excluded(args.path),
                "ruleset": list(ps.rulesets), "profile": ps.profile, "select": list(ps.select),
                "ignore": list(ps.ignore), "fail-on": ps.fail_on,
            }
        sys.stdout.write(json.dumps(obj, ensure_ascii=False, indent=2) + "\n")
        return 0
    sys.stdout.write(describe(cfg, args.path))
    return 0
