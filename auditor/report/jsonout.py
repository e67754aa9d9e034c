"""The JSON contract of docs/contracts.md section 3: one object, deterministic key order."""
from __future__ import annotations

from collections import Counter
from typing import Iterable, Sequence

from auditor.model.document import Document, Finding
from auditor.model.vocabulary import SEVERITIES

VERSION = 1


def segment_record(doc: Document, seg) -> dict:
    return {
        "id": seg.id,
        "kind": seg.kind,
        "lang": seg.lang,
        "start": seg.start,
        "end": seg.end,
        "line": seg.line,
        "column": seg.column,
        "text": doc.text[seg.start:seg.end],
    }


def finding_record(f: Finding) -> dict:
    rec = {
        "rule": f.rule,
        "category": f.category,
        "severity": f.severity,
        "message": f.message,
        "line": f.line,
        "column": f.column,
        "segment": f.segment,
        "evidence": f.evidence,
        "start": f.start,
        "end": f.end,
        "fix": f.fix,
    }
    if f.title:
        rec["title"] = f.title
    if f.references:
        rec["references"] = list(f.references)
    if f.explanation:
        rec["explanation"] = f.explanation
    if f.waiver:
        rec["waiver"] = f.waiver
    return rec


def document_record(doc: Document, findings: Sequence[Finding], *, segments: bool) -> dict:
    rec: dict = {
        "source": doc.source,
        "format": doc.format,
        "encoding": doc.encoding,
        "language": doc.language,
    }
    if doc.decode_errors:
        rec["decode_errors"] = doc.decode_errors
    if segments and (doc.meta or {}).get("format_reason"):
        rec["format_reason"] = doc.meta["format_reason"]  # why this format: extension, content cues, option
    if segments:
        rec["segments"] = [segment_record(doc, s) for s in doc.segments]
    rec["findings"] = [finding_record(f) for f in findings if not f.waiver]
    waived = [finding_record(f) for f in findings if f.waiver]
    if waived:
        rec["waived"] = waived
    return rec


def summary(results: Iterable[tuple[Document, Sequence[Finding]]]) -> dict:
    docs = 0
    by_sev: Counter = Counter()
    by_cat: Counter = Counter()
    waived = 0
    for _doc, findings in results:
        docs += 1
        for f in findings:
            if f.waiver:
                waived += 1
                continue
            by_sev[f.severity] += 1
            by_cat[f.category] += 1
    out = {
        "documents": docs,
        "findings": sum(by_sev.values()),
        "by_severity": {s: by_sev[s] for s in SEVERITIES if by_sev[s]},
    }
    if by_cat:
        out["by_category"] = dict(sorted(by_cat.items()))
    if waived:
        out["waived"] = waived
    return out


