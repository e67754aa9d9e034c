"""Scan summaries: counts by category, severity, language and site section.

The site section of a page is the first segment of its URL path (``/news/2026/a.html``
-> ``news``) for web pages, the first folder of an archive member, or the first folder
below the directory that was scanned; pages at the top level are in section ``/``.
"""
from __future__ import annotations

import os
from collections import Counter
from typing import Sequence
from urllib.parse import urlsplit

from auditor.model.vocabulary import SEVERITIES
from auditor.batch.worker import Entry
from auditor.i18n import count_noun

ROOT = "/"


class Sections:
    """Source -> site section, relative to the inputs of the scan."""

    def __init__(self, inputs: Sequence[str]):
        self.roots = sorted({os.path.normpath(i) for i in inputs if i not in ("-",) and not i.startswith("@")
                             and os.path.isdir(i)}, key=len, reverse=True)

    def __call__(self, source: str) -> str:
        if "://" in source:
            try:
                path = urlsplit(source).path
            except ValueError:
                path = ""
            return _first(path)
        outer, sep, member = source.partition("!/")
        if sep:
            return _first(member)
        norm = os.path.normpath(source)
        for root in self.roots:
            if root == ".":
                return _first(norm)
            if norm.startswith(root + os.sep):
                return _first(norm[len(root) + 1:])
        return ROOT


def _first(path: str) -> str:
    parts = [p for p in path.replace("\\", "/").split("/") if p]
    return parts[0] if len(parts) > 1 else ROOT


class Summary:
    """Counts over document and cross-page records (see :meth:`add`)."""

    def __init__(self, sections: Sections):
        self.sections = sections
        self.documents = 0
        self.input_errors = 0
        self.waived = 0
        self.crosspage = 0
        self.by_severity: Counter = Counter()
        self.by_category: Counter = Counter()
        self.lang_docs: Counter = Counter()
        self.lang_findings: Counter = Counter()
        self.section_docs: Counter = Counter()
        self.section_findings: Counter = Counter()

    def add(self, entry: Entry, crosspage: bool = False) -> None:
        section = self.sections(entry.source)
        if not crosspage:
            self.documents += 1
            self.lang_docs[entry.language] += 1
            self.section_docs[section] += 1
            if any(cat == "input-error" for cat, _sev in entry.findings):
                self.input_errors += 1
        else:
            self.crosspage += len(entry.findings)
        self.waived += entry.waived
        for cat, sev in entry.findings:
            self.by_severity[sev] += 1
            self.by_category[cat] += 1
        n = len(entry.findings)
        if n:
            self.lang_findings[entry.language] += n
            self.section_findings[section] += n

    @property
    def findings(self) -> int:
        return sum(self.by_severity.values())

    def record(self, stats=None) -> dict:
        """``{"type": "summary", ...}``: the keys of the JSON summary (docs/contracts.md section 3) and more."""
        rec: dict = {
            "type": "summary",
            "documents": self.documents,
            "findings": self.findings,
            "by_severity": {s: self.by_severity[s] for s in SEVERITIES if self.by_severity[s]},
        }
        if self.by_category:
            rec["by_category"] = dict(sorted(self.by_category.items()))
        if self.waived:
            rec["waived"] = self.waived
        rec["crosspage_findings"] = self.crosspage
        rec["input_errors"] = self.input_errors
        rec["by_language"] = {k: {"documents": self.lang_docs[k], "findings": self.lang_findings[k]}
                              for k in sorted(set(self.lang_docs) | set(self.lang_findings))}
        rec["by_section"] = {k: {"documents": self.section_docs[k], "findings": self.section_findings[k]}
                             for k in sorted(set(self.section_docs) | set(self.section_findings))}
        if stats is not None:
            rec["sources"] = stats.as_dict()
        return rec

    def table(self) -> str:
        """The ``--summary`` table (plain text, aligned)."""
        lines: list[str] = []

        def block(title: str, header: Sequence[str], rows: list[Sequence]) -> None:
            if lines:
                lines.append("")
            if not rows:
                rows = [("(none)",) + ("",) * (len(header) - 1)]
            widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
            lines.append(title)
            for r in [header, *rows]:
                cells = [str(r[0]).ljust(widths[0])] + [str(c).rjust(w) for c, w in zip(r[1:], widths[1:])]
                lines.append("  " + "  ".join(cells).rstrip())

        block("By category", ("category", "findings"),
              sorted(self.by_category.items(), key=lambda kv: (-kv[1], kv[0])))
        block("By severity", ("severity", "findings"),
              [(s, self.by_severity[s]) for s in SEVERITIES if self.by_severity[s]])
        block("By language", ("language", "pages", "findings"),
              [(k, self.lang_docs[k], self.lang_findings[k])
               for k in sorted(set(self.lang_docs) | set(self.lang_findings),
                               key=lambda k: (-self.lang_docs[k], k))])
        block("By site section", ("section", "pages", "findings"),
              [(k, self.section_docs[k], self.section_findings[k])
               for k in sorted(set(self.section_docs) | set(self.section_findings),
                               key=lambda k: (-self.section_docs[k], k))])
        lines.append("")
        total = (f"{count_noun(self.documents, 'page')}, {count_noun(self.findings, 'finding')}"
                 f" ({', '.join(count_noun(self.by_severity[s], s) for s in SEVERITIES if self.by_severity[s]) or 'none'})")
        extras = []
        if self.crosspage:
            extras.append(f"{self.crosspage} cross-page")
        if self.waived:
            extras.append(f"{self.waived} waived")
        if self.input_errors:
            extras.append(f"{count_noun(self.input_errors, 'page')} not readable")
        lines.append(total + (f"; {', '.join(extras)}" if extras else ""))
        return "\n".join(lines) + "\n"
