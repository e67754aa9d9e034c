"""Command-line inputs -> Documents: the sources stage followed by the pipeline."""
from __future__ import annotations

import os
from typing import Iterator, Mapping, Sequence

from auditor.lexicon import Lexicon
from auditor.model import Document, Finding
from auditor.pipeline import error_document, load_document
from auditor.sources import SourceItem, iter_sources

INPUT_ERROR_FIX = (
    "Check that the input is a web page (HTML, Markdown-like or plain text) in a readable encoding; "
    "fix or remove the file, then audit it again."
)


class UsageError(Exception):
    """Bad command-line input (exit code 2)."""


def check_paths(paths: Sequence[str]) -> None:
    for p in paths:
        if p == "-" or p.startswith("@"):
            continue
        if not os.path.exists(p):
            raise UsageError(f"{p}: no such file or directory")


def document_from_item(item: SourceItem, lexicons: Mapping[str, Lexicon] | None = None) -> Document:
    if item.error or item.data is None:
        return error_document(item.source, item.error or "no data")
    return load_document(item.data, item.source, content_type=item.content_type, lexicons=lexicons, meta=item.meta)


def iter_documents(paths: Sequence[str], lexicons=None, **source_options) -> Iterator[Document]:
    check_paths(paths)
    for item in iter_sources(paths, **source_options):
        yield document_from_item(item, lexicons)


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
