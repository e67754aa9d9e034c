"""`auditor segments PATH...`: show how pages split into typed, language-tagged segments.

Each page's header says which format it was read as and why (its extension, content
cues, or --input-format / the input-format key of the nearest auditor.toml or
pyproject.toml [tool.auditor])."""
from __future__ import annotations

import sys

from auditor.audit.engines import ruleset_paths
from auditor.commands.check import add_input_format_option
from auditor.gate.config import input_format, load_config
from auditor.read.lexicon import merge_lexicons
from auditor.rules.loader import RulesetError, load_rulesets
from auditor.support.errors import UsageError
from auditor.support.console import paint, use_color
from auditor.audit.inputs import iter_documents
from auditor.rules.input_error import input_error_finding
from auditor.report import ReportOptions
from auditor.report.text import safe
from auditor.report.writers import JsonWriter

KIND_COLORS = {
    "content": "bold",
    "navigation": "grey",
    "third_party_notice": "magenta",
    "archive_notice": "magenta",
    "disclaimer": "green",
    "forward_looking": "cyan",
    "boilerplate": "blue",
    "metadata": "yellow",
}
PREVIEW = 72


def add_parser(sub):
    p = sub.add_parser("segments", help="show the typed segments of pages", description=__doc__)
    p.add_argument("paths", nargs="+", metavar="PATH", help="files, directories, archives, '-' for stdin, @list")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--ruleset", action="append", default=[], metavar="DIR|NAME",
                   help="also segment with this ruleset's lexicons (repeatable; added to the bundled cn-pharma)")
    p.add_argument("--no-default-ruleset", action="store_true", help="without the bundled cn-pharma's lexicons")
    add_input_format_option(p)
    p.set_defaults(run=run)
    return p


def _preview(text: str) -> str:
    one = safe(" ".join(text.split()))
    return one if len(one) <= PREVIEW else one[: PREVIEW - 1] + "…"


def _input_format(args) -> tuple[str | None, str | None]:
    """The forced format, from the option or else the configuration file's input-format."""
    return input_format(load_config({"input-format": args.input_format}))


def run(args) -> int:
    writer = JsonWriter(sys.stdout, ReportOptions(segments=True)) if args.format == "json" else None
    errors = 0
    lexicons = None  # the bundled ruleset's
    if args.ruleset or args.no_default_ruleset:
        try:
            rulesets = load_rulesets(ruleset_paths(args.ruleset, not args.no_default_ruleset))
        except RulesetError as exc:
            raise UsageError(str(exc)) from None
        lexicons = merge_lexicons(rs.lexicons for rs in rulesets)
    fmt, origin = _input_format(args)
    for doc in iter_documents(args.paths, lexicons, input_format=fmt, format_origin=origin):
        findings = [input_error_finding(doc)] if doc.error else []
        errors += bool(findings)
        if writer:
            writer.document(doc, findings)
        else:
            _print_text(doc)
    if writer:
        writer.close()
    return 1 if errors else 0


def _print_text(doc) -> None:
    color = use_color()
    out = sys.stdout
    if doc.error:
        out.write(f"{safe(doc.source)}: {paint('input-error', 'red', color)} {safe(doc.error)}\n")
        return
    out.write(paint(safe(doc.source), "bold", color) + f"  {doc.format}  {doc.encoding}  {doc.language}  "
              f"{len(doc.segments)} segments\n")
    reason = (doc.meta or {}).get("format_reason")
    if reason:
        out.write(f"  read as {doc.format}: {safe(reason)}\n")
    for seg in doc.segments:
        kind = paint(f"{seg.kind:<18}", KIND_COLORS.get(seg.kind, ""), color)
        hidden = " hidden" if seg.hidden else ""
        out.write(f"  {seg.line:>5}:{seg.column:<4} {kind} {seg.lang:<7}{hidden} {_preview(doc.text[seg.start:seg.end])}\n")
