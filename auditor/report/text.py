"""Human-readable findings: `path:line:col: severity rule message`, the evidence marked, a summary."""
from __future__ import annotations

import re
from collections import Counter
from typing import Sequence, TextIO

from auditor.support.chars import escape_unsafe
from auditor.support.console import paint
from auditor.i18n import gettext_for, ngettext_for
from auditor.model.document import Document, Finding
from auditor.model.vocabulary import SEVERITIES
from auditor.rules.messages import format_number

SEV_COLORS = {"error": "red", "warning": "yellow", "info": "cyan"}
# Page text is attacker-controlled: never let it write terminal escape sequences or
# reorder the line with direction overrides. Such characters are shown as <U+XXXX>.
# (auditor.support.chars.escape_unsafe); file names get no exception, not even a newline.


def safe(text: str) -> str:
    return escape_unsafe(text, keep="\t\n")


def safe_name(name: str) -> str:
    return escape_unsafe(name)
CONTEXT = 36  # characters of context shown each side of the evidence


def evidence_line(doc: Document, f: Finding, color: bool) -> str:
    """The block text around the evidence, with the evidence marked."""
    if f.end <= f.start or not doc.text:
        return ""
    b = doc.block_at(f.start)
    lo = max(b.start if b else 0, f.start - CONTEXT)
    hi = min(b.end if b else len(doc.text), f.end + CONTEXT)
    before = doc.text[lo:f.start].replace("\n", " ")
    match = doc.text[f.start:f.end].replace("\n", " ")
    after = doc.text[f.end:hi].replace("\n", " ")
    if lo > (b.start if b else 0):
        before = "…" + before
    if hi < (b.end if b else len(doc.text)):
        after += "…"
    before, match, after = safe(before), safe(match), safe(after)
    marked = paint(match, "red", color) if color else f"«{match}»"
    return f"{before}{marked}{after}"


def write_document(out: TextIO, doc: Document, findings: Sequence[Finding], *, color: bool, locale: str) -> None:
    _ = gettext_for(locale)
    active = [f for f in findings if not f.waiver]
    waived = [f for f in findings if f.waiver]
    if not active and not waived:
        return
    out.write(paint(safe_name(doc.source), "bold", color) + "\n")
    for f in active:
        sev = paint(f"{_(f.severity)}", SEV_COLORS.get(f.severity, ""), color)
        out.write(f"{safe_name(doc.source)}:{f.line}:{f.column}: {sev} {paint(f.rule, 'dim', color)} {safe_name(f.message)}\n")
        ev = evidence_line(doc, f, color)
        if ev:
            out.write(f"    | {ev}\n")
        if f.fix:
            out.write(f"    {_('fix')}: {safe(f.fix)}\n")
    for f in waived:
        w = f.waiver or {}
        out.write(f"{safe_name(doc.source)}:{f.line}:{f.column}: {paint(_('waived'), 'grey', color)} {f.rule} — {safe(str(w.get('reason', '')))}\n")
    out.write("\n")


def write_summary(out: TextIO, results: Sequence[tuple[Document, Sequence[Finding]]], *, color: bool, locale: str) -> None:

    _ = gettext_for(locale)
    by_sev: Counter = Counter()
    pages_with = 0
    waived = 0
    for _doc, fs in results:
        active = [f for f in fs if not f.waiver]
        waived += len(fs) - len(active)
        pages_with += bool(active)
        by_sev.update(f.severity for f in active)
    total = sum(by_sev.values())
    n = lambda x: format_number(x, locale)  # noqa: E731
    ngettext = ngettext_for(locale)
    severity_counts = {
        "error": lambda k: ngettext("{count} error", "{count} errors", k),
        "warning": lambda k: ngettext("{count} warning", "{count} warnings", k),
        "info": lambda k: ngettext("{count} info", "{count} info", k),
    }
    sep = "，" if locale.startswith("zh") else ", "
    parts = sep.join(severity_counts[s](by_sev[s]).format(count=n(by_sev[s])) for s in SEVERITIES if by_sev[s])
    pages = len(results)
    if total:
        line = _("{findings} ({parts}) {pages}").format(
            findings=ngettext("{count} finding", "{count} findings", total).format(count=n(total)),
            parts=parts,
            pages=ngettext("in {pages} of {total} page", "in {pages} of {total} pages", pages).format(
                pages=n(pages_with), total=n(pages)))
    else:
        line = ngettext("No findings in {total} page", "No findings in {total} pages", pages).format(total=n(pages))
    if waived:
        line += ("；" if locale.startswith("zh") else "; ") + \
            ngettext("{count} finding waived", "{count} findings waived", waived).format(count=n(waived))
    out.write(paint(line, "bold", color) + "\n")
