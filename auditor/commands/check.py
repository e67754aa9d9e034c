"""`auditor check PATH...`: audit pages against rulesets and report findings."""
from __future__ import annotations

import sys

from auditor.audit import AuditOptions, build_engine, parse_date
from auditor.console import use_color
from auditor.inputs import iter_documents
from auditor.model import SEVERITY_RANK
from auditor.report import ReportOptions, formats, writer_class
from auditor.rules.messages import LOCALES


def add_audit_options(p) -> None:
    """Options shared by every command that runs rules (check, scan)."""
    p.add_argument("--ruleset", action="append", default=[], metavar="DIR",
                   help="a ruleset folder (repeatable; default: the bundled cn-pharma)")
    p.add_argument("--profile", metavar="NAME|FILE", help="company profile (bundled name or YAML file; default: generic)")
    p.add_argument("--audit-date", type=parse_date, metavar="YYYY-MM-DD", help="date the audit is as of (default: today)")
    p.add_argument("--select", action="append", default=[], metavar="RULE|CATEGORY",
                   help="run only these rules or categories (repeatable, or comma-separated)")
    p.add_argument("--ignore", action="append", default=[], metavar="RULE|CATEGORY",
                   help="skip these rules or categories (repeatable, or comma-separated)")
    p.add_argument("--fail-on", choices=("error", "warning", "info"), default="error",
                   help="exit 1 when a finding at or above this severity remains (default: error)")
    p.add_argument("--locale", choices=LOCALES, default="en", help="language of messages and summary")


def add_parser(sub):
    p = sub.add_parser("check", help="audit pages and report findings", description=__doc__)
    p.add_argument("paths", nargs="+", metavar="PATH", help="files, directories, archives, '-' for stdin, @list")
    add_audit_options(p)
    p.add_argument("--format", choices=formats(), default="text")
    p.add_argument("--output", "-o", metavar="FILE", help="write the report to FILE instead of standard output")
    p.add_argument("--segments", action="store_true", help="include segments in JSON output")
    p.set_defaults(run=run)
    return p


def _split(values) -> list[str]:
    return [v.strip() for item in values for v in item.split(",") if v.strip()]


def audit_options(args) -> AuditOptions:
    return AuditOptions(
        rulesets=args.ruleset,
        profile=args.profile,
        audit_date=args.audit_date,
        locale=args.locale,
        select=_split(args.select),
        ignore=_split(args.ignore),
    )


def fails(findings, fail_on: str) -> bool:
    level = SEVERITY_RANK[fail_on]
    return any(SEVERITY_RANK[f.severity] >= level for f in findings if not f.waiver)


def run(args) -> int:
    engine = build_engine(audit_options(args))
    out = open(args.output, "w", encoding="utf-8", newline="\n") if args.output else sys.stdout
    try:
        color = use_color(out) if args.format == "text" else False
        opts = ReportOptions(locale=args.locale, color=color, segments=args.segments, rules=engine.rules,
                             audit_date=engine.audit_date)
        writer = writer_class(args.format)(out, opts)
        failed = False
        for doc in iter_documents(args.paths):
            findings = engine.check(doc)
            failed |= fails(findings, args.fail_on)
            writer.document(doc, findings)
        writer.close()
    finally:
        if out is not sys.stdout:
            out.close()
    return 1 if failed else 0
