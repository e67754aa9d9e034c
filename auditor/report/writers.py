"""The registry of output formats and the two basic writers (text and json)."""
from __future__ import annotations

from importlib import import_module
from typing import TextIO

from auditor.report.options import ReportOptions
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
    """docs/contracts.md section 3: one JSON object; documents are kept as records, not whole pages."""

    def __init__(self, out: TextIO, opts: ReportOptions):
        self.out, self.opts = out, opts
        self.records: list = []
        self.summary: list = []

    def document(self, doc, findings) -> None:
        self.records.append(jsonout.document_record(doc, findings, segments=self.opts.segments))
        self.summary.append((_Light(doc), findings))

    def close(self) -> None:
        import json  # (a text report needs none)

        obj = {"version": jsonout.VERSION, "documents": self.records, "summary": jsonout.summary(self.summary)}
        self.out.write(json.dumps(obj, ensure_ascii=False, indent=2) + "\n")


class _Light:
    """What a summary needs of a document, without holding its text."""

    __slots__ = ("source", "language")

    def __init__(self, doc):
        self.source, self.language = doc.source, doc.language


class _Writers(dict):
    """``--format`` name -> writer class. The other formats' modules (XML, the HTML report
    and its assets ...) are imported when their class is first asked for, not when
    `auditor` starts (``auditor check`` lists the format names at start-up)."""

    def __init__(self, classes: dict, lazy: dict):
        super().__init__(classes)
        self._lazy = dict(lazy)  # name -> (module, class name)
        for name in lazy:
            dict.__setitem__(self, name, None)

    def __getitem__(self, name):
        value = dict.__getitem__(self, name)
        if value is None and name in self._lazy:
            module, attr = self._lazy.pop(name)
            value = getattr(import_module(module), attr)
            dict.__setitem__(self, name, value)
        return value

    def get(self, name, default=None):
        return self[name] if name in self else default

    def values(self):
        return [self[name] for name in self]

    def items(self):
        return [(name, self[name]) for name in self]


WRITERS = _Writers(
    {"text": TextWriter, "json": JsonWriter},
    {
        # CI formats (auditor/report/sarif.py, junit.py, github.py).
        "sarif": ("auditor.report.sarif", "SarifWriter"),
        "junit": ("auditor.report.junit", "JunitWriter"),
        "github": ("auditor.report.github", "GithubWriter"),
        # Self-contained HTML report (auditor/report/html.py).
        "html": ("auditor.report.html", "HtmlWriter"),
        # Spreadsheets: one row per finding (auditor/report/csv.py).
        "csv": ("auditor.report.csv", "CsvWriter"),
    },
)
