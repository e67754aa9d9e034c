"""A self-contained HTML audit report for compliance reviewers.

One file, no network: CSS and JS are inline and pinned by a Content-Security-Policy
with their sha256 hashes. Everything a reviewer needs is in the HTML itself, so the
report reads with JavaScript off; JavaScript only adds filtering, sorting, pagination
and click-to-scroll.

How a 10,000-page report stays fast (the DOM stays small):

* the summary is static HTML (a few hundred nodes);
* the page table and each page's view are rendered by the script on demand from
  inert JSON data: one ``<script type="application/json">`` index (a row per page,
  findings as small integers for filtering) and the page views in chunks of
  ``CHUNK`` pages, parsed only when a page is opened;
* the no-JavaScript version (the full table and every page view as HTML) sits in
  one ``<noscript>`` element: with scripting on, browsers parse its contents as a
  single raw text node, so it costs no DOM.

Page text is attacker-controlled. Python escapes every string it writes
(``html.escape``), JSON in script blocks has ``<``, ``>``, ``&``, U+2028 and
U+2029 escaped, data never goes into attributes (only whitelisted class names,
languages and numeric ids do), the script builds the page views with
``textContent`` only, and invisible direction overrides and control characters
are shown as visible ``U+202E`` markers.

Both ways in build the same report: :class:`HtmlWriter` (``auditor check --format
html``) takes Documents and Findings as the audit goes; ``auditor report`` feeds the
JSONL records of a finished scan to :class:`HtmlReport` with :meth:`HtmlReport.add`.
Page data is spooled to temporary files, so memory does not grow with page text.
"""
from __future__ import annotations

import html
import tempfile
from typing import Sequence, TextIO

from auditor import __version__
from auditor.i18n import gettext_for
from auditor.report.html.escape import _Text, asset, content_security_policy, esc, plain, script_json
from auditor.report.html.format import Formatting
from auditor.report.html.labels import _BCP47, UI
from auditor.report.html.sections import _common_dir, common_prefix, section_of
from auditor.report.html.spool import Collector, _Page
from auditor.report.html.views.page import PageView
from auditor.report.html.views.pagelist import PageListView
from auditor.report.html.views.summary import SummaryView
from auditor.report.html.views.table import TableView
from auditor.report.jsonout import document_record
from auditor.report.options import ReportOptions


class HtmlReport(Collector, Formatting, PageView, SummaryView, TableView, PageListView):
    """Collects pages (as jsonout document records) and writes the report."""

    def __init__(self, locale: str = "en", *, title: str | None = None, audit_date=None,
                 rules: Sequence = (), tool_version: str | None = None, notes: Sequence[str] = ()):
        self.set_locale(locale)
        self.title = title
        self.audit_date = audit_date
        self.version = tool_version or __version__
        self.notes = list(notes)
        self.rule_texts = {r.id: r for r in rules}
        self.pages: list[_Page] = []
        self.rules: list[dict] = []  # [{"id", "title", "cat", "refs", "fix"}]
        self._rule_index: dict[str, int] = {}
        self.categories: list[str] = []
        self._cat_index: dict[str, int] = {}
        # One JSON line per page; the static HTML and the script's chunks are made from
        # it at write(), so memory does not grow with the pages' text.
        self._spool = tempfile.TemporaryFile("w+", encoding="utf-8", newline="\n")
        self._by_source: dict[tuple[str, int], int] = {}
        self._extra: dict[int, list[dict]] = {}  # findings that came after their page (cross-page checks)

    def set_locale(self, locale: str) -> None:
        """The interface language; may change until write()."""
        self.locale = locale if locale in _BCP47 else "en"
        self._ = gettext_for(self.locale)
        self.L = {k: self._(v) for k, v in UI.items()}
        self._nums: dict[int, str] = {}
        self.text = _Text(self.L["ctl"])

    def write(self, out: TextIO) -> None:
        common = _common_dir(p.url or p.source for p in self.pages)
        for p in self.pages:
            p.section = section_of(p.source, p.url, common)
        self._prefix = common_prefix([p.source for p in self.pages])
        script, style = asset("report.js"), asset("report.css")
        title = self.title or self.L["title"]
        meta = []
        if self.audit_date:
            meta.append(self.L["auditDate"].format(date=self.date(self.audit_date)))
        meta.append(self.L["generated"].format(version=self.version))
        body_cls = "single" if len(self.pages) == 1 else "batch"
        out.write(
            f'<!DOCTYPE html>\n<html lang="{esc(self.locale)}">\n<head>\n<meta charset="utf-8">\n'
            f'<meta http-equiv="Content-Security-Policy" content="{html.escape(content_security_policy(script, style), quote=False)}">\n'
            '<meta name="referrer" content="no-referrer">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f'<meta name="generator" content="auditor {esc(self.version)}">\n'
            f'<title>{esc(plain(title))}</title>\n<link rel="icon" href="data:,">\n<style>{style}</style>\n</head>\n'
            f'<body class="{body_cls}">\n<header class="top"><h1 class="d">{self.text(title)}</h1>'
            f'<p class="meta">{" · ".join(self.text(m) for m in meta)}</p>'
            + "".join(f'<p class="note">{self.text(n)}</p>' for n in self.notes)
            + f'<button type="button" id="printbtn" hidden>{esc(self.L["print"])}</button></header>\n<main>\n'
            f'<div id="batch">{self._summary_html()}\n{self._controls()}</div>\n'
            '<div id="view" hidden></div>\n')
        # The index and the script come before the bulk of the file, so the table is
        # interactive while the browser still parses the page data and the no-JS version.
        out.write(f'<script type="application/json" id="auditor-index">{script_json(self._index())}</script>\n')
        out.write(f"<script>{script}</script>\n")
        for block in self._chunks():
            out.write(block)
        out.write(f'<noscript>\n{self._legend()}\n')
        if len(self.pages) > 1:
            out.write(self._static_table())
        for page in self._spooled():
            out.write(self._page_html(page))
        out.write("</noscript>\n</main>\n</body>\n</html>\n")
        self._spool.close()


class HtmlWriter:
    """``auditor check --format html``: the writer protocol over :class:`HtmlReport`."""

    def __init__(self, out: TextIO, opts: ReportOptions):
        self.out, self.opts = out, opts
        self.report = HtmlReport(opts.locale, audit_date=opts.audit_date, rules=opts.rules,
                                 title=(opts.extra or {}).get("title"))

    def document(self, doc, findings) -> None:
        rec = document_record(doc, findings, segments=True)
        self.report.add(rec, text=doc.text, url=(doc.meta or {}).get("url"), error=doc.error)

    def close(self) -> None:
        self.report.write(self.out)
