"""WARC (and the older ARC) web archives, read record by record with warcio.

Only pages are yielded: ``response`` records with a 2xx status and an HTML-ish
content type, and ``resource`` records with an HTML-ish content type. Everything else
is counted in :class:`ScanStats`. The WARC stream is decompressed before warcio sees
it, so both per-record gzip (``.warc.gz``) and a whole-file gzip work, under the same
total-size and ratio limits as tar archives. HTTP chunked transfer coding is undone
with warcio's ``ChunkedDataReader``; gzip/deflate content coding is decoded here with a
bounded output, so memory stays bounded by one record.
"""
from __future__ import annotations

import email.utils
import sys
import zlib
from datetime import timezone
from typing import BinaryIO, Iterator


def _import_warcio():
    """warcio's reader, without fsspec: warcio.utils imports fsspec when it is installed (it
    is with dask) only for warcio's own command-line tools, and that import takes about
    0.2 s, while a scan's workers wait for their first page. A ``None`` in ``sys.modules``
    makes that one import fail; fsspec stays importable for everyone else afterwards."""
    if "fsspec" in sys.modules or "warcio.utils" in sys.modules:
        from warcio import archiveiterator, bufferedreaders, exceptions  # fsspec is loaded already
    else:
        sys.modules["fsspec"] = None  # type: ignore[assignment]
        try:
            from warcio import archiveiterator, bufferedreaders, exceptions  # with fsspec blocked
        finally:
            if sys.modules.get("fsspec", 0) is None:
                del sys.modules["fsspec"]
    return archiveiterator.ArchiveIterator, bufferedreaders.ChunkedDataReader, exceptions.ArchiveLoadFailed


ArchiveIterator, ChunkedDataReader, ArchiveLoadFailed = _import_warcio()

from .base import (
    PAGE_MEDIA_TYPES,
    TOO_LARGE, UNREADABLE, WARC_METADATA, WARC_NO_HTTP, WARC_NON_2XX, WARC_NON_HTML,
    WARC_OTHER, WARC_REQUEST, WARC_REVISIT, WARC_WARCINFO, Limits, ScanStats, SourceItem,
    human_bytes,
)
from .streams import CHUNK, LimitedStream, LimitHit, StreamError
from .archives import decompressing

#: Media types audited as pages.

_SKIP_REASONS = {
    "request": WARC_REQUEST,
    "metadata": WARC_METADATA,
    "warcinfo": WARC_WARCINFO,
    "revisit": WARC_REVISIT,
}


#: Header limits (warcio reads a header line until its newline, however long): one WARC
#: or HTTP header line, and one record's WARC or HTTP header block. Real headers are a
#: few kilobytes; cookies and long URLs stay far below these.
MAX_HEADER_LINE = 64 * 1024
MAX_HEADER_BLOCK = 1024 * 1024


class HeaderTooLarge(StreamError):
    """A WARC or HTTP header line or block is over its limit."""


class _BoundedLines:
    """The stream a header parser reads from, one bounded line at a time."""

    def __init__(self, stream, what: str):
        self.stream = stream
        self.what = what
        self.total = 0

    def readline(self, length: int | None = None) -> bytes:
        cap = MAX_HEADER_LINE + 1 if length is None or length < 0 else min(length, MAX_HEADER_LINE + 1)
        line = self.stream.readline(cap)
        while line and not line.endswith(b"\n") and len(line) < cap:  # warcio stops at its buffer's end
            more = self.stream.readline(cap - len(line))
            if not more:
                break
            line += more
        self.total += len(line)
        if len(line) > MAX_HEADER_LINE:
            raise HeaderTooLarge(f"{'an' if self.what[0] in 'AH' else 'a'} {self.what} header line is longer than {human_bytes(MAX_HEADER_LINE)}")
        if self.total > MAX_HEADER_BLOCK:
            raise HeaderTooLarge(f"a record's {self.what} headers are larger than {human_bytes(MAX_HEADER_BLOCK)}")
        return line

    def __getattr__(self, name):
        return getattr(self.stream, name)


def _bounded_parse(parse, what: str):
    def bounded(stream, *args, **kwargs):
        return parse(_BoundedLines(stream, what), *args, **kwargs)

    return bounded


class _QuietArchiveIterator(ArchiveIterator):
    """warcio's iterator without its warnings on stderr (they would break progress
    bars); the count is kept in ``err_count``. Header lines and blocks are bounded."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        loader = self.loader
        for name, what in (("warc_parser", "WARC"), ("arc_parser", "ARC"), ("http_parser", "HTTP"),
                           ("http_req_parser", "HTTP")):
            parser = getattr(loader, name, None)
            if parser is not None:
                parser.parse = _bounded_parse(parser.parse, what)

    def _consume_blanklines(self):
        empty_size = 0
        first_line = True
        while True:
            line = self.reader.readline(MAX_HEADER_LINE + 1)
            if len(line) > MAX_HEADER_LINE:
                raise HeaderTooLarge(f"a WARC header line is longer than {human_bytes(MAX_HEADER_LINE)}")
            if len(line) == 0:
                return None, empty_size
            stripped = line.rstrip()
            if len(stripped) == 0 or first_line:
                empty_size += len(line)
                if len(stripped) != 0:
                    self.err_count += 1
                first_line = False
                continue
            return line, empty_size


class _ContentError(Exception):
    """The record's content could not be decoded (the WARC stream itself is fine)."""


def media_type(content_type: str | None) -> str:
    return (content_type or "").split(";", 1)[0].strip().lower()


def _iso_http_date(value: str | None) -> str | None:
    if not value:
        return None
    try:
        dt = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return value.strip()
    if dt is None:
        return value.strip()
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=timezone.utc)
    return dt.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _decoder(encoding: str):
    """A zlib decompressor for an HTTP Content-Encoding, ``None`` for identity."""
    enc = encoding.strip().lower()
    if enc in ("", "identity", "none"):
        return None
    if enc in ("gzip", "x-gzip"):
        return zlib.decompressobj(16 + zlib.MAX_WBITS)
    if enc == "deflate":
        return zlib.decompressobj(32 + zlib.MAX_WBITS)  # zlib or gzip header
    raise _ContentError(f"unsupported Content-Encoding {encoding!r}")


def _read_content(record, limit: int) -> bytes | None:
    """The decoded payload, or ``None`` when it passes ``limit`` bytes."""
    http = record.http_headers
    stream = record.raw_stream
    decoder = None
    if http is not None:
        if "chunked" in (http.get_header("Transfer-Encoding") or "").lower():
            stream = ChunkedDataReader(stream)
        decoder = _decoder(http.get_header("Content-Encoding") or "")
    parts: list[bytes] = []
    size = 0
    started = False  # the decoder has accepted data
    while True:
        chunk = stream.read(CHUNK)
        if not chunk:
            break
        if decoder is None:
            pieces = [chunk]
        else:
            pieces = []
            buf = chunk
            try:
                while buf and not decoder.eof:
                    pieces.append(decoder.decompress(buf, CHUNK))
                    started = True
                    if size + sum(map(len, pieces)) > limit:
                        return None
                    buf = decoder.unconsumed_tail
            except zlib.error as exc:
                if started:
                    raise _ContentError(f"content decoding failed: {exc}") from None
                # The crawler stored the decoded body but kept the header: use it as is.
                decoder = None
                pieces = [chunk]
        for piece in pieces:
            size += len(piece)
            if size > limit:
                return None
            parts.append(piece)
    if decoder is not None and started and not decoder.eof:
        raise _ContentError("compressed content is incomplete (truncated record?)")
    return b"".join(parts)


def _classify_record(record) -> tuple[str | None, str | None]:
    """``(skip_reason, content_type)``; ``skip_reason`` is None for a page."""
    rec_type = record.rec_type
    if rec_type not in ("response", "resource"):
        return _SKIP_REASONS.get(rec_type, WARC_OTHER), None
    if rec_type == "response":
        http = record.http_headers
        if http is None:
            return WARC_NO_HTTP, None
        status = http.get_statuscode()
        if not (status and status.isdigit() and 200 <= int(status) < 300):
            return WARC_NON_2XX, None
        content_type = (http.get_header("Content-Type")
                        or record.rec_headers.get_header("WARC-Identified-Payload-Type"))
    else:
        # Crawlers keep their own logs and arguments as metadata:// resources (wget does).
        uri = record.rec_headers.get_header("WARC-Target-URI") or ""
        if uri.startswith("metadata://"):
            return WARC_METADATA, None
        content_type = record.rec_headers.get_header("Content-Type")
    if media_type(content_type) not in PAGE_MEDIA_TYPES:
        return WARC_NON_HTML, None
    return None, content_type


def _record_meta(record, label: str, arc: bool = False) -> dict:
    """``url``, ``archive``, ``record_type``, ``record_id``, ``warc_date``, ``status``,
    ``http_date``, ``last_modified`` (dates ISO 8601 UTC when parseable) and ``date``:
    when the content was captured (WARC-Date, else the HTTP Date)."""
    headers = record.rec_headers
    meta: dict = {"archive": label, "record_type": record.rec_type}
    url = headers.get_header("WARC-Target-URI")
    if url:
        meta["url"] = url
    # ARC records have no id: warcio makes up a random one, which would make output
    # differ from run to run
    for key, header in (("record_id", "WARC-Record-ID"), ("warc_date", "WARC-Date")):
        value = headers.get_header(header)
        if value and not (arc and key == "record_id"):
            meta[key] = value
    http = record.http_headers if record.rec_type == "response" else None
    if http is not None:
        meta["status"] = int(http.get_statuscode())
        for key, header in (("http_date", "Date"), ("last_modified", "Last-Modified")):
            value = _iso_http_date(http.get_header(header))
            if value:
                meta[key] = value
    date = meta.get("warc_date") or meta.get("http_date")
    if date:
        meta["date"] = date
    return meta


def _drain(record) -> int:
    """Read the rest of a record; the number of bytes its Content-Length promised but
    the file did not have."""
    while record.raw_stream.read(CHUNK):
        pass
    return getattr(record.raw_stream, "limit", 0) or 0


def iter_warc(raw: BinaryIO, comp: str | None, label: str, limits: Limits,
              stats: ScanStats, arc: bool = False) -> Iterator[SourceItem]:
    """Page records of a WARC (or, with ``arc``, ARC) stream, in file order."""
    stream, counter = decompressing(raw, comp)
    guard = LimitedStream(stream, counter, limits, label)
    number = 0

    def fail(message: str, source: str | None = None, reason: str | None = UNREADABLE,
             url: str | None = None) -> SourceItem:
        if reason:
            stats.skip(reason)
        meta = {"archive": label}
        if url:
            meta["url"] = url
        return SourceItem(source=source or label, data=None, meta=meta, error=message)

    try:
        records = iter(_QuietArchiveIterator(guard, arc2warc=True))
    except LimitHit as hit:
        yield fail(hit.message, reason=hit.reason)
        return
    except Exception as exc:  # noqa: BLE001 - warcio raises many types on bad input
        yield fail(f"{label}: not a readable WARC file: {exc}")
        return
    while True:
        try:
            record = next(records)
        except StopIteration:
            return
        except LimitHit as hit:
            yield fail(hit.message, reason=hit.reason)
            return
        except Exception as exc:  # noqa: BLE001
            detail = " ".join(str(exc).split()) or type(exc).__name__
            if not isinstance(exc, (ArchiveLoadFailed, StreamError)):
                detail = f"{type(exc).__name__}: {detail}"
            yield fail(f"{label}: WARC damaged or truncated after record {number}: "
                       f"{detail[:300]}; the rest of the file is skipped")
            return
        number += 1
        if not record.rec_type:
            yield fail(f"{label}: WARC record {number} has no WARC-Type (damaged or "
                       f"truncated header); the rest of the file is skipped")
            return
        url = record.rec_headers.get_header("WARC-Target-URI")
        source = url or f"{label}#record-{number}"
        if record.length is None:  # WARC records must declare it; ARC ones always do
            yield fail(f"{label}: WARC record {number} ({record.rec_type}) has no "
                       f"Content-Length (damaged or truncated header); the rest of the "
                       f"file is skipped", source, url=url)
            return
        skip, content_type = _classify_record(record)
        data = None
        try:
            if skip is None:
                data = _read_content(record, limits.max_member_bytes)
            missing = _drain(record)
        except LimitHit as hit:
            yield fail(hit.message, source, hit.reason, url)
            return
        except _ContentError as exc:
            yield fail(f"{label}: record {source!r}: {exc}; skipped", source, url=url)
            continue
        except Exception as exc:  # noqa: BLE001 - the WARC stream broke mid-record
            yield fail(f"{label}: WARC truncated or damaged in record {number} "
                       f"({record.rec_type} {source!r}): {exc or type(exc).__name__}; the "
                       f"rest of the file is skipped", source, url=url)
            return
        if missing:
            yield fail(f"{label}: WARC record {number} ({record.rec_type} {source!r}) is "
                       f"truncated ({missing} bytes missing); the rest of the file is "
                       f"skipped", source, url=url)
            return
        if skip is not None:
            stats.skip(skip)
            continue
        if data is None:
            yield fail(f"{label}: record {source!r} is larger than max_member_bytes="
                       f"{limits.max_member_bytes} ({human_bytes(limits.max_member_bytes)}); "
                       f"skipped", source, TOO_LARGE, url)
            continue
        yield SourceItem(source=source, data=data, content_type=content_type,
                         meta=_record_meta(record, label, arc))
