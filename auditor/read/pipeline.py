"""From a page's bytes to a segmented Document; bad input becomes an error record."""
from __future__ import annotations

from typing import Mapping

from auditor.read.decode import InputError, decode
from auditor.read.lexicon import Lexicon, load_lexicons
from auditor.model.document import Document
from auditor.read.normalize import normalize
from auditor.read.parse import FORMATS, parse, sniff_with_reason
from auditor.support import gcpause
from auditor.support.resources import bundled_ruleset
from auditor.read.segment import document_language, segment

# Pages larger than this are refused with a clear message rather than parsed.
MAX_PAGE_BYTES = 64 * 1024 * 1024


def default_lexicons() -> Mapping[str, Lexicon]:
    return load_lexicons(bundled_ruleset() / "lexicons")


def error_document(source: str, message: str, fmt: str = "unknown", encoding: str = "") -> Document:
    return Document(source=source, format=fmt, encoding=encoding, text="", error=message)


def load_document(
    data: bytes,
    source: str,
    *,
    content_type: str | None = None,
    fmt: str | None = None,
    lexicons: Mapping[str, Lexicon] | None = None,
    meta: Mapping | None = None,
    fmt_origin: str | None = None,
) -> Document:
    """Decode, parse and segment one page. Never raises for bad input.

    ``fmt`` (``html``, ``markdown``, ``text``; ``None`` or ``auto`` to sniff) forces the
    format; ``fmt_origin`` says who forced it (``--input-format``, a configuration file)
    for ``meta["format_reason"]``."""
    # Reading a page makes (next to) no reference cycles: see support.gcpause.
    with gcpause.paused():
        return _load_document(data, source, content_type, fmt, lexicons, meta, fmt_origin)


def _load_document(data: bytes, source: str, content_type: str | None, fmt: str | None,
                   lexicons: Mapping[str, Lexicon] | None, meta: Mapping | None, fmt_origin: str | None) -> Document:
    if len(data) > MAX_PAGE_BYTES:
        return error_document(source, f"page is {len(data):,} bytes, over the {MAX_PAGE_BYTES:,}-byte limit")
    try:
        decoded = decode(data, content_type)
    except InputError as exc:
        return error_document(source, str(exc))
    if fmt and fmt != "auto":
        fmt = fmt.lower()
        if fmt not in FORMATS:
            return error_document(source, f"unknown input format {fmt!r} (expected auto, {', '.join(FORMATS)})")
        reason = f"option: {fmt_origin or 'input format'} {fmt}"
    else:
        fmt, reason = sniff_with_reason(source, decoded.text)
    try:
        page = parse(decoded.text, fmt)
    except Exception as exc:  # a parser bug must not abort a batch; report it as this page's error
        return error_document(source, f"could not parse as {fmt}: {type(exc).__name__}: {exc}", fmt, decoded.encoding)
    norm = normalize(page.text)
    lexicons = default_lexicons() if lexicons is None else lexicons
    segments = segment(page.blocks, page.text, norm, lexicons)
    page_meta = dict(page.meta)
    if meta:
        page_meta.update(meta)
    page_meta["format_reason"] = reason
    return Document(
        source=source,
        format=fmt,
        encoding=decoded.encoding,
        text=page.text,
        source_text=decoded.text,
        blocks=tuple(page.blocks),
        segments=segments,
        language=document_language(segments),
        links=tuple(page.links),
        comments=tuple(page.comments),
        meta=page_meta,
        decode_errors=decoded.errors,
        norm=norm,
    )
