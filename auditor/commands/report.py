"""`auditor report RESULTS.jsonl --output report.html`: an HTML report of a finished scan.

RESULTS is the JSON Lines output of `auditor scan` (one {"type": "document", ...} line
per page, {"type": "crosspage", ...} lines with findings across pages, and a last
{"type": "summary", ...} line) or the JSON of `auditor check --format json`. Page text appears in the report when the results carry segments.
Rule titles, messages and fixes are shown in the language the scan ran in; --locale
sets the language of the report's interface.
"""
from __future__ import annotations

import json
import sys
from typing import Iterator

from auditor.support.errors import UsageError
from auditor.rules.messages import LOCALES


def add_parser(sub):
    p = sub.add_parser("report", help="make an HTML report from scan results", description=__doc__)
    p.add_argument("results", metavar="RESULTS", help="JSONL from 'auditor scan' (or JSON from 'auditor check'); '-' for stdin")
    p.add_argument("--output", "-o", metavar="FILE", help="write the HTML report to FILE instead of standard output")
    p.add_argument("--locale", choices=LOCALES, default=None,
                   help="language of the report's interface (default: the scan's, else en)")
    p.add_argument("--title", metavar="TEXT", help="the report's title (default: 'Audit report')")
    p.set_defaults(run=run)
    return p


class Results:
    """Reads scan results: document and crosspage records, the summary, and how many
    lines were bad."""

    def __init__(self, stream):
        self.stream = stream
        self.summary: dict = {}
        self.bad_lines: list[int] = []
        self.other: int = 0  # records of other types, left out

    def documents(self) -> Iterator[dict]:
        first = ""
        lines = iter(self.stream)
        for first in lines:
            if first.strip():
                break
        head = first.lstrip("\ufeff").strip()
        if not head:
            return
        try:
            obj = json.loads(head)
        except json.JSONDecodeError:
            obj = None
        if obj is None and head.startswith("{") and not head.endswith("}"):
            # A pretty-printed JSON document (auditor check --format json).
            yield from self._whole(head + "\n" + "".join(lines))
            return
        yield from self._lines(head, 1, lines)

    def _whole(self, text: str) -> Iterator[dict]:
        try:
            obj = json.loads(text)
        except json.JSONDecodeError as exc:
            raise UsageError(f"the results are neither JSON Lines nor JSON: {exc}") from None
        if not isinstance(obj, dict) or not isinstance(obj.get("documents"), list):
            raise UsageError("the results JSON has no 'documents' list")
        if isinstance(obj.get("summary"), dict):
            self.summary = obj["summary"]
        for rec in obj["documents"]:
            if isinstance(rec, dict):
                yield rec

    def _lines(self, head: str, start: int, rest) -> Iterator[dict]:
        number = start
        line = head
        while True:
            if line.strip():
                try:
                    rec = json.loads(line)
                except json.JSONDecodeError:
                    rec = None
                if not isinstance(rec, dict):
                    self.bad_lines.append(number)
                elif rec.get("type") == "summary":
                    self.summary = rec
                elif rec.get("type", "document") in ("document", "crosspage") and "source" in rec:
                    yield rec
                elif isinstance(rec.get("documents"), list):  # a one-line check --format json
                    if isinstance(rec.get("summary"), dict):
                        self.summary = rec["summary"]
                    yield from (d for d in rec["documents"] if isinstance(d, dict))
                else:
                    self.other += 1
            try:
                line = next(rest)
            except StopIteration:
                return
            number += 1


def run(args) -> int:
    # Imported when the command runs: every command module is imported at start-up.
    from auditor.report.html import HtmlReport

    if args.results == "-":
        stream = sys.stdin
    else:
        try:
            stream = open(args.results, encoding="utf-8", errors="replace")
        except OSError as exc:
            raise UsageError(f"{args.results}: {exc.strerror or exc}") from None
    report = HtmlReport("en", title=args.title)
    try:
        results = Results(stream)
        crosspage = []
        for rec in results.documents():
            if rec.get("type") == "crosspage":
                crosspage.append(rec)  # findings across pages, for pages listed before
            else:
                report.add(rec)
        for rec in crosspage:
            if not report.add_findings(rec):
                results.other += 1
    finally:
        if stream is not sys.stdin:
            stream.close()
    if not report.pages:
        raise UsageError(f"{args.results}: no document records in the results")
    summary = results.summary
    # The summary is the last line: the scan's locale and audit date are known only now.
    locale = args.locale or (summary.get("locale") if summary.get("locale") in LOCALES else "en")
    report.set_locale(locale)
    if summary.get("audit_date"):
        report.audit_date = str(summary["audit_date"])
    if results.bad_lines:
        sys.stderr.write(f"auditor: warning: {len(results.bad_lines)} line(s) of {args.results} are not JSON "
                         f"records and were left out (first: line {results.bad_lines[0]})\n")
        report.notes.append(report.L["badLines"]
                            .format(count=report.num(len(results.bad_lines))))
    out = open(args.output, "w", encoding="utf-8", newline="\n") if args.output else sys.stdout
    try:
        report.write(out)
    finally:
        if out is not sys.stdout:
            out.close()
    return 0
