"""CSV output (``--format csv``): one row per finding, for spreadsheets.

UTF-8 with a byte-order mark, so Excel opens Chinese text correctly; quoting by the
``csv`` module (RFC 4180, CRLF line ends). Columns: see :data:`COLUMNS`. ``language``
is the page's language, ``segment_kind`` the kind of segment the evidence is in
(empty for page-level findings), ``waived`` the waiver's reason for a waived finding.

Cells that a spreadsheet would read as a formula (text from web pages starting with
``=``, ``+``, ``-``, ``@``, a tab or a carriage return) get a leading apostrophe, so
opening the file never runs anything.
"""
from __future__ import annotations

import csv
import io
from typing import Iterable, Sequence, TextIO

from auditor.support.chars import escape_unsafe
from auditor.model.document import Document, Finding
from auditor.report.options import ReportOptions

COLUMNS = ("source", "line", "column", "severity", "rule", "category", "message", "evidence", "fix",
           "language", "segment_kind", "waived")
BOM = "\ufeff"
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _cell(value) -> str | int:
    if value is None:
        return ""
    if isinstance(value, int):
        return value
    text = escape_unsafe(str(value), keep="\t\n")
    if text.startswith(_FORMULA):
        return "'" + text
    return text


def finding_row(source: str, language: str, segment_kind: str, f: Finding) -> list:
    waived = (f.waiver or {}).get("reason") or ("waived" if f.waiver else "")
    return [_cell(v) for v in (escape_unsafe(source), f.line, f.column, f.severity, f.rule, f.category, f.message,
                               f.evidence, f.fix, language, segment_kind, waived)]


def document_rows(doc: Document, findings: Sequence[Finding]) -> list[list]:
    kinds = {s.id: s.kind for s in doc.segments}
    return [finding_row(doc.source, doc.language, kinds.get(f.segment, "") if f.segment is not None else "", f)
            for f in findings]


def format_rows(rows: Iterable[Sequence]) -> str:
    buf = io.StringIO()
    csv.writer(buf).writerows(rows)
    return buf.getvalue()


def header() -> str:
    """The byte-order mark and the header row."""
    return BOM + format_rows([COLUMNS])


class CsvWriter:
    """The ``--format csv`` writer: rows are written as each document arrives."""

    def __init__(self, out: TextIO, opts: ReportOptions):
        self.out, self.opts = out, opts
        self.out.write(header())

    def document(self, doc, findings) -> None:
        if findings:
            self.out.write(format_rows(document_rows(doc, findings)))

    def close(self) -> None:
        self.out.flush()
