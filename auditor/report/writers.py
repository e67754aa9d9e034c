"""The registry of output formats and the two basic writers (text and json)."""
from __future__ import annotations

from typing import TextIO

from auditor.report import ReportOptions
from auditor.report import jsonout, text


class TextWriter:
    def __init__(self, out: TextIO, opts: ReportOptions):
        self.out, self.opts = out, opts
        self.summary: list = []

    def document(self, doc, findings) -> None:
        text.write_document(self.out, doc, findings, color=self.opts.color, locale=self.opts.locale)
        self.summary.append((_Light(doc), findings))

    def close(self) -> None:
        text.write_summary(self.out, self.summary, color=self.opts.color, locale=self.opts.locale)


class JsonWriter:
    """DESIGN.md 6.3: one JSON object; documents are kept as records, not whole pages."""

    def __init__(self, out: TextIO, opts: ReportOptions):
        self.out, self.opts = out, opts
        self.records: list = []
        self.summary: list = []

    def document(self, doc, findings) -> None:
        self.records.append(jsonout.document_record(doc, findings, segments=self.opts.segments))
        self.summary.append((_Light(doc), findings))

    def close(self) -> None:
        import json

        obj = {"version": jsonout.VERSION, "documents": self.records, "summary": jsonout.summary(self.summary)}
        self.out.write(json.dumps(obj, ensure_ascii=False, indent=2) + "\n")


class _Light:
    """What a summary needs of a document, without holding its text."""

    __slots__ = ("source", "language")

    def __init__(self, doc):
        self.source, self.language = doc.source, doc.language


WRITERS = {"text": TextWriter, "json": JsonWriter}

# CI formats (auditor/report/sarif.py, junit.py, github.py).
from auditor.report.github import GithubWriter  # noqa: E402
from auditor.report.junit import JunitWriter  # noqa: E402
from auditor.report.sarif import SarifWriter  # noqa: E402

WRITERS.update({"sarif": SarifWriter, "junit": JunitWriter, "github": GithubWriter})

# Self-contained HTML report (auditor/report/html.py).
from auditor.report.html import HtmlWriter  # noqa: E402

WRITERS["html"] = HtmlWriter

# Spreadsheets: one row per finding (auditor/report/csv.py).
from auditor.report.csv import CsvWriter  # noqa: E402

WRITERS["csv"] = CsvWriter
