"""The built-in ``input-error`` finding: a page that could not be read is reported, never dropped."""
from __future__ import annotations

from auditor.model.document import Document, Finding

INPUT_ERROR_FIX = (
    "Check that the input is a web page (HTML, Markdown-like or plain text) in a readable encoding; "
    "fix or remove the file, then audit it again."
)


def input_error_finding(doc: Document) -> Finding:
    return Finding(
        rule="input-error",
        category="input-error",
        severity="error",
        message=f"Could not audit this page: {doc.error}",
        line=1,
        column=1,
        segment=None,
        evidence="",
        start=0,
        end=0,
        fix=INPUT_ERROR_FIX,
        title="Input error",
        source=doc.source,
    )
