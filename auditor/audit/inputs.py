"""Command-line inputs -> Documents: the sources stage followed by the pipeline."""
from __future__ import annotations

import os
from typing import Iterator, Mapping, Sequence

from auditor.read.lexicon import Lexicon
from auditor.model.document import Document
from auditor.read.pipeline import error_document, load_document
from auditor.sources import SourceItem, iter_sources
from auditor.support.errors import UsageError


def check_paths(paths: Sequence[str]) -> None:
    for p in paths:
        if p == "-" or p.startswith("@"):
            continue
        if not os.path.exists(p):
            raise UsageError(f"{p}: no such file or directory")


def document_from_item(item: SourceItem, lexicons: Mapping[str, Lexicon] | None = None,
                       input_format: str | None = None, format_origin: str | None = None) -> Document:
    """``input_format`` (``auto``/None sniffs) forces the parser; ``format_origin`` says who chose it."""
    if item.error or item.data is None:
        return error_document(item.source, item.error or "no data")
    return load_document(item.data, item.source, content_type=item.content_type, lexicons=lexicons, meta=item.meta,
                         fmt=input_format, fmt_origin=format_origin)


def iter_documents(paths: Sequence[str], lexicons=None, input_format: str | None = None,
                   format_origin: str | None = None, **source_options) -> Iterator[Document]:
    """Documents segmented with ``lexicons`` (a mapping, or a function of the page's source
    giving the lexicons of the rulesets that audit it; None: the bundled ruleset's)."""
    check_paths(paths)
    for item in iter_sources(paths, **source_options):
        yield document_from_item(item, lexicons(item.source) if callable(lexicons) else lexicons,
                                 input_format, format_origin)


