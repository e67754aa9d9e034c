"""The built-in ``input-error`` finding: a page that could not be read is reported, never dropped."""
from __future__ import annotations

from auditor.model.document import Document, Finding
from auditor.rules.builtin import INPUT_ERROR, INPUT_ERROR_FIX


def input_error_finding(doc: Document) -> Finding:
    return Finding(
        rule="input-error",
        category="input-error",
        severity="error",
        message=INPUT_ERROR["message"]["en"].format(error=doc.error),
        line=1,
        column=1,
        segment=None,
        evidence="",
        start=0,
        end=0,
        fix=INPUT_ERROR_FIX,
        title=INPUT_ERROR["title"]["en"],
        source=doc.source,
    )
