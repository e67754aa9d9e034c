"""zip and tar archives, read member by member under :class:`Limits`.

- zip files on disk are read through their central directory (``zipfile``); when it is
  missing or unreadable (a truncated download) or lists more than ``max_members``
  entries, and for zips on stdin, members are read in order from their local headers
  instead (:func:`iter_zip_stream`), so what can be read still is.
- tar, tar.gz, tar.bz2 and tar.xz are streamed (``tarfile`` ``r|`` mode) through a
  guard that enforces the total-size and compression-ratio limits, so skipping a huge
  member or a bomb never needs more than a chunk of memory.

Bad input never raises out of these generators: it becomes an error item.
"""
from __future__ import annotations

import bz2
import gzip
import lzma
import stat
import struct
import tarfile
import zipfile
import zlib
from typing import BinaryIO, Iterator

from .base import (
    ENCRYPTED, EXCLUDED, HIDDEN, NESTED_ARCHIVE, NON_PAGE, NOT_REGULAR, RATIO, TOO_LARGE,
    TOTAL_LIMIT, UNREADABLE, UNSAFE_NAME, Limits, ScanStats, SourceItem,
    check_member_name, fix_name_encoding, human_bytes, is_archive_name,
    is_hidden_component, is_page_name, printable,
)
from .patterns import PathRules
from .streams import (
    CHUNK, CountingReader, LimitedStream, LimitHit, Reader, StreamError, member_limit_hit,
    read_capped,
)

_READ_ERRORS = (
    OSError, EOFError, ValueError, zlib.error, lzma.LZMAError, struct.error,
    zipfile.BadZipFile, tarfile.TarError, NotImplementedError, RuntimeError,
    UnicodeError, IndexError, KeyError, OverflowError, StreamError,
)


def _member_source(label: str, name: str) -> str:
    return f"{label}!/{printable(name)}"


def _error(label: str, name: str | None, message: str, stats: ScanStats,
           reason: str | None = UNREADABLE) -> SourceItem:
    if reason:
        stats.skip(reason)
    source = _member_source(label, name) if name else label
    meta = {"archive": label}
    if name:
        meta["member"] = name
    return SourceItem(source=source, data=None, meta=meta, error=message)


def _classify(raw: str, is_dir: bool, rules: PathRules, stats: ScanStats):
    """``("page", name)``, ``("unsafe", why)`` or ``("skip", None)`` (counted)."""
    name, why = check_member_name(raw)
    if name is None:
        return "unsafe", why
    if is_dir or not name:
        return "skip", None
    if any(is_hidden_component(p) for p in name.split("/")):
        stats.skip(HIDDEN)
        return "skip", None
    if rules and rules.excluded(name):
        stats.skip(EXCLUDED)
        return "skip", None
    if not is_page_name(name):
        stats.skip(NESTED_ARCHIVE if is_archive_name(name) else NON_PAGE)
        return "skip", None
    return "page", name


def _unsafe_item(label: str, raw: str, why: str, stats: ScanStats) -> SourceItem:
    return _error(label, raw, f"{label}: member {printable(raw)!r} has an unsafe name "
                  f"({why}); skipped", stats, UNSAFE_NAME)


def _too_large(label: str, name: str, size: int, limits: Limits, stats: ScanStats,
               declared: bool) -> SourceItem:
    what = f"declares {human_bytes(size)}" if declared else f"is larger than {human_bytes(size)}"
    return _error(label, name, f"{label}: member {name!r} {what}, over max_member_bytes="
                  f"{limits.max_member_bytes} ({human_bytes(limits.max_member_bytes)}); "
                  f"skipped", stats, TOO_LARGE)


def _ratio_item(label: str, name: str, usize: int, csize: int, limits: Limits,
                stats: ScanStats, tail: str = "skipped") -> SourceItem:
    ratio = usize / max(csize, 1)
    return _error(label, name, f"{label}: member {name!r} compression ratio {ratio:.0f}:1 "
                  f"({human_bytes(usize)} from {human_bytes(csize)}) exceeds max_ratio="
                  f"{limits.max_ratio:g}; a decompression bomb? {tail}", stats, RATIO)


def _total_item(label: str, limits: Limits, stats: ScanStats) -> SourceItem:
    return _error(label, None, f"{label}: archive is larger than max_total_bytes="
                  f"{limits.max_total_bytes} ({human_bytes(limits.max_total_bytes)}) "
                  f"uncompressed; the rest of the archive is skipped", stats, TOTAL_LIMIT)


def _page(label: str, name: str, data: bytes) -> SourceItem:
    return SourceItem(source=_member_source(label, name), data=data,
                      meta={"archive": label, "member": name})


# ---------------------------------------------------------------------------------
# zip


def zip_entry_count(f: BinaryIO) -> int | None:
    """Entries declared by the end-of-central-directory record (None if not found)."""
    try:
        endrec = zipfile._EndRecData(f)  # type: ignore[attr-defined]
    except Exception:  # noqa: BLE001 - private helper, any failure means "unknown"
        return None
    if not endrec:
        return None
    return int(endrec[zipfile._ECD_ENTRIES_TOTAL])  # type: ignore[attr-defined]


def _zip_name(info: zipfile.ZipInfo) -> str:
    if info.flag_bits & 0x800:
        return info.filename
    try:
        raw = info.orig_filename.encode("cp437")
    except UnicodeEncodeError:
        return info.filename
    return fix_name_encoding(raw).replace("\\", "/") if not raw.isascii() else info.filename


def iter_zip_file(f: BinaryIO, label: str, limits: Limits, stats: ScanStats,
                  rules: PathRules) -> Iterator[SourceItem]:
    """Members of a zip in a seekable file, in central-directory order."""
    entries = zip_entry_count(f)
    if entries is None or entries > limits.max_members:
        f.seek(0)
        note = None
        if entries is None:
            note = (f"{label}: zip central directory not found (truncated or damaged); "
                    f"members were read from their local headers")
        yield from iter_zip_stream(f, label, limits, stats, rules, note=note)
        return
    try:
        zf = zipfile.ZipFile(f)
        infos = zf.infolist()
    except _READ_ERRORS as exc:
        f.seek(0)
        yield from iter_zip_stream(
            f, label, limits, stats, rules,
            note=f"{label}: zip central directory unreadable ({exc}); members were read "
                 f"from their local headers")
        return
    total = 0
    with zf:
        for count, info in enumerate(infos, 1):
            if count > limits.max_members:  # the EOCD count lied
                hit = member_limit_hit(label, limits)
                yield _error(label, None, hit.message, stats, hit.reason)
                return
            raw = _zip_name(info)
            verdict, value = _classify(raw, info.is_dir(), rules, stats)
            if verdict == "unsafe":
                yield _unsafe_item(label, raw, value, stats)
                continue
            if verdict != "page":
                continue
            name = value
            if stat.S_ISLNK(info.external_attr >> 16):
                stats.skip(NOT_REGULAR)
                continue
            if info.flag_bits & 0x1:
                yield _error(label, name, f"{label}: member {name!r} is encrypted; skipped",
                             stats, ENCRYPTED)
                continue
            if info.file_size > limits.max_member_bytes:
                yield _too_large(label, name, info.file_size, limits, stats, declared=True)
                continue
            if (info.file_size >= limits.ratio_min_bytes
                    and info.file_size > limits.max_ratio * max(info.compress_size, 1)):
                yield _ratio_item(label, name, info.file_size, info.compress_size, limits, stats)
                continue
            if total + info.file_size > limits.max_total_bytes:
                yield _total_item(label, limits, stats)
                return
            try:
                with zf.open(info) as member:
                    data = read_capped(member, limits.max_member_bytes)
            except _READ_ERRORS as exc:
                yield _error(label, name, f"{label}: member {name!r} cannot be read: {exc}; "
                             f"skipped", stats)
                continue
            if data is None:
                yield _too_large(label, name, limits.max_member_bytes, limits, stats,
                                 declared=False)
                continue
            total += len(data)
            yield _page(label, name, data)


_LOCAL = b"PK\x03\x04"
_ENDS = (b"PK\x01\x02", b"PK\x05\x06", b"PK\x06\x06", b"PK\x06\x07")
_DESCRIPTOR = b"PK\x07\x08"


class _Truncated(Exception):
    pass


class _Damaged(Exception):
    pass


class _RatioHit(Exception):
    def __init__(self, out: int, consumed: int):
        super().__init__("ratio")
        self.out = out
        self.consumed = consumed


def _zip64_sizes(extra: bytes, csize: int, usize: int) -> tuple[int, int, bool]:
    pos = 0
    while pos + 4 <= len(extra):
        tag, length = struct.unpack_from("<HH", extra, pos)
        body = extra[pos + 4 : pos + 4 + length]
        if tag == 0x0001:
            vals = []
            for k in range(0, len(body) - 7, 8):
                vals.append(struct.unpack_from("<Q", body, k)[0])
            it = iter(vals)
            if usize == 0xFFFFFFFF:
                usize = next(it, usize)
            if csize == 0xFFFFFFFF:
                csize = next(it, csize)
            return csize, usize, True
        pos += 4 + length
    return csize, usize, False


def _read_entry(r: Reader, method: int, csize: int | None, keep: int | None,
                limits: Limits) -> tuple[bytes | None, int, int, int]:
    """Read one member's data from local-header position.

    ``csize`` None means "unknown, find the end of the deflate stream" (data
    descriptor). Keeps up to ``keep`` bytes (``None``: keep nothing; the returned data
    is ``None`` when the member is larger). Returns ``(data, out_size, consumed, crc)``.
    """
    d = zlib.decompressobj(-zlib.MAX_WBITS) if method == 8 else None
    parts: list[bytes] = []
    out = consumed = crc = 0
    over = keep is None

    def take(piece: bytes) -> None:
        nonlocal out, crc, over
        if not piece:
            return
        out += len(piece)
        crc = zlib.crc32(piece, crc)
        if not over:
            if out > keep:  # type: ignore[operator]
                over = True
                parts.clear()
            else:
                parts.append(piece)
        if (d is not None and out >= limits.ratio_min_bytes
                and out > limits.max_ratio * max(consumed, 1)):
            raise _RatioHit(out, consumed)

    while True:
        if csize is not None:
            left = csize - consumed
            if left <= 0:
                break
            chunk = r.read(min(CHUNK, left))
        else:
            if d.eof:  # type: ignore[union-attr]
                break
            chunk = r.read(CHUNK)
        if not chunk:
            raise _Truncated()
        consumed += len(chunk)
        if d is None:
            take(chunk)
            continue
        buf = chunk
        while buf:
            try:
                piece = d.decompress(buf, CHUNK)
            except zlib.error as exc:
                raise _Damaged(str(exc)) from None
            take(piece)
            if d.eof:
                extra = d.unused_data
                if extra and csize is None:
                    r.unread(extra)
                    consumed -= len(extra)
                break
            buf = d.unconsumed_tail
        if d.eof and csize is not None:
            r.skip(csize - consumed)  # garbage after the deflate stream: ignore it
            consumed = csize
            break
    if d is not None and not d.eof:
        raise _Damaged("incomplete deflate stream")
    data = None if over else b"".join(parts)
    return data, out, consumed, crc


def iter_zip_stream(raw: BinaryIO, label: str, limits: Limits, stats: ScanStats,
                    rules: PathRules, note: str | None = None) -> Iterator[SourceItem]:
    """Members of a zip read in order from local headers (no seeking needed).

    Used for zips on stdin, truncated zips without a central directory and zips with
    more than ``max_members`` entries. ``note`` is reported as an error at the end
    unless another error already said what was wrong.

    Why not ``zipfile`` here too: ``zipfile.ZipFile`` starts from the central directory at
    the end of the file, so it needs a seekable file that is complete (stdin is neither,
    a truncated download has no directory), and it loads every directory entry before the
    first member (a zip listing millions of entries is refused by ``max_members`` before
    that). Reading local headers in order needs neither; members are inflated with
    ``zlib`` under the same size and ratio limits as tar members.
    """
    r = raw if isinstance(raw, Reader) else Reader(raw)
    head = r.read(4)
    if head not in (b"PK\x07\x08", b"PK00"):  # spanning marker of a one-part "split" zip
        r.unread(head)
    count = 0
    total = 0
    errored = False

    def fail(name: str | None, message: str, reason: str | None = UNREADABLE) -> SourceItem:
        nonlocal errored
        errored = True
        return _error(label, name, message, stats, reason)

    while True:
        offset = r.pos
        sig = r.read(4)
        if sig in _ENDS:
            break
        if len(sig) < 4:
            if not (count == 0 and not sig):
                yield fail(None, f"{label}: zip archive ends before its central directory "
                           f"after {count} members (truncated?)")
            else:
                yield fail(None, f"{label}: empty or unreadable zip archive")
            return
        if sig != _LOCAL:
            yield fail(None, f"{label}: damaged zip archive: no member header at offset "
                       f"{offset} after {count} members; the rest is skipped")
            return
        hdr = r.read(26)
        if len(hdr) < 26:
            yield fail(None, f"{label}: zip archive truncated in a member header after "
                       f"{count} members")
            return
        (_ver, flags, method, _time, _date, crc, csize, usize,
         nlen, xlen) = struct.unpack("<HHHHHIIIHH", hdr)
        raw_name = r.read(nlen)
        extra = r.read(xlen)
        if len(raw_name) < nlen or len(extra) < xlen:
            yield fail(None, f"{label}: zip archive truncated in a member header after "
                       f"{count} members")
            return
        csize, usize, zip64 = _zip64_sizes(extra, csize, usize)
        raw = fix_name_encoding(raw_name, bool(flags & 0x800))
        count += 1
        if count > limits.max_members:
            hit = member_limit_hit(label, limits)
            yield fail(None, hit.message, hit.reason)
            return
        has_dd = bool(flags & 0x8)
        verdict, value = _classify(raw, raw.endswith("/") or raw.endswith("\\"), rules, stats)
        if verdict == "unsafe":
            errored = True
            yield _unsafe_item(label, raw, value, stats)
        want = verdict == "page"
        name = value if want else raw
        if flags & 0x1:  # encrypted
            if want:
                yield fail(name, f"{label}: member {name!r} is encrypted; skipped", ENCRYPTED)
            if has_dd:
                yield fail(name, f"{label}: cannot find the end of encrypted member {name!r} "
                           f"without a central directory; the rest is skipped")
                return
            if r.skip(csize) < csize:
                yield fail(name, f"{label}: zip archive truncated in member {name!r}")
                return
            continue
        if method not in (0, 8):
            if want:
                yield fail(name, f"{label}: member {name!r} uses unsupported compression "
                           f"method {method}; skipped")
            if has_dd:
                yield fail(name, f"{label}: cannot find the end of member {name!r} without "
                           f"a central directory; the rest is skipped")
                return
            if r.skip(csize) < csize:
                yield fail(name, f"{label}: zip archive truncated in member {name!r}")
                return
            continue
        if has_dd and method == 0:
            yield fail(name, f"{label}: stored member {name!r} has no size in its header; "
                       f"cannot read on without a central directory; the rest is skipped")
            return
        if want and not has_dd:
            if usize > limits.max_member_bytes:
                yield _too_large(label, name, usize, limits, stats, declared=True)
                want = False
            elif (method == 8 and usize >= limits.ratio_min_bytes
                  and usize > limits.max_ratio * max(csize, 1)):
                yield _ratio_item(label, name, usize, csize, limits, stats)
                want = False
        if not want and not has_dd:
            if r.skip(csize) < csize:
                yield fail(name, f"{label}: zip archive truncated in member {name!r} "
                           f"after {count - 1} complete members")
                return
            continue
        start = r.pos
        try:
            data, out, consumed, got_crc = _read_entry(
                r, method, None if has_dd else csize,
                limits.max_member_bytes if want else None, limits)
        except _Truncated:
            yield fail(name, f"{label}: zip archive truncated in member {name!r} after "
                       f"{count - 1} complete members")
            return
        except _Damaged as exc:
            if has_dd:
                yield fail(name, f"{label}: member {name!r} is damaged ({exc}); cannot "
                           f"find the next member; the rest is skipped")
                return
            r.skip(csize - (r.pos - start))
            if want:
                yield fail(name, f"{label}: member {name!r} is damaged ({exc}); skipped")
            continue
        except _RatioHit as hit:
            if has_dd:
                errored = True
                yield _ratio_item(label, name, hit.out, hit.consumed, limits, stats,
                                  "the rest of the archive is skipped")
                return
            r.skip(csize - (r.pos - start))
            yield _ratio_item(label, name, hit.out, hit.consumed, limits, stats)
            continue
        total += out
        if total > limits.max_total_bytes:
            errored = True
            yield _total_item(label, limits, stats)
            return
        if has_dd:
            sig = r.read(4)
            size = 16 if zip64 else 8
            body = r.read(12 + (size - 8)) if sig == _DESCRIPTOR else sig + r.read(size)
            if len(body) < 4 + size:
                yield fail(name, f"{label}: zip archive truncated after member {name!r}")
                return
            crc = struct.unpack_from("<I", body, 0)[0]
        if not want:
            continue
        if data is None:
            yield _too_large(label, name, limits.max_member_bytes, limits, stats,
                             declared=False)
            continue
        if got_crc != crc:
            yield fail(name, f"{label}: member {name!r} is damaged (CRC mismatch); skipped")
            continue
        yield _page(label, name, data)
    if note and not errored:
        yield _error(label, None, note, stats)


# ---------------------------------------------------------------------------------
# tar


class _RecordingTarInfo(tarfile.TarInfo):
    """Remembers why ``TarFile.next()`` stopped (tarfile swallows header errors)."""

    @classmethod
    def fromtarfile(cls, tf):  # type: ignore[override]
        try:
            return super().fromtarfile(tf)
        except tarfile.HeaderError as exc:  # type: ignore[attr-defined]
            tf._auditor_end = exc
            raise


def _tar_name(name: str) -> str:
    try:
        name.encode("utf-8")
        return name
    except UnicodeEncodeError:  # undecodable bytes kept as surrogates
        return fix_name_encoding(name.encode("utf-8", "surrogateescape"))


def decompressing(raw, comp: str | None):
    """``(stream, counter)``: the decompressed view of ``raw`` and its byte counter."""
    counter = CountingReader(raw)
    if comp == "gz":
        return gzip.GzipFile(fileobj=counter, mode="rb"), counter
    if comp == "bz2":
        return bz2.BZ2File(counter, mode="rb"), counter
    if comp == "xz":
        return lzma.LZMAFile(counter, mode="rb"), counter
    return counter, None


def iter_tar(raw: BinaryIO, comp: str | None, label: str, limits: Limits,
             stats: ScanStats, rules: PathRules) -> Iterator[SourceItem]:
    """Members of a (compressed) tar stream, in archive order."""
    stream, counter = decompressing(raw, comp)
    guard = LimitedStream(stream, counter, limits, label)
    count = 0
    try:
        tf = tarfile.open(fileobj=guard, mode="r|", tarinfo=_RecordingTarInfo,
                          encoding="utf-8", errors="surrogateescape")
    except LimitHit as hit:
        yield _error(label, None, hit.message, stats, hit.reason)
        return
    except _READ_ERRORS as exc:
        yield _error(label, None, f"{label}: not a readable tar archive: {exc}", stats)
        return
    last = None  # the member being skipped when next() hits a limit
    reported: set = set()  # members that already have a record
    while True:
        tf._auditor_end = None  # type: ignore[attr-defined]
        try:
            info = tf.next()
        except LimitHit as hit:
            # A member already reported (too large, unsafe) gets no second record: the
            # limit is reported on the archive, naming the member.
            yield _error(label, None if last in reported else last,
                         hit.for_member(last) if last else hit.message, stats, hit.reason)
            return
        except _READ_ERRORS as exc:
            yield _error(label, None, f"{label}: tar archive damaged or truncated after "
                         f"{count} members: {exc or type(exc).__name__}", stats)
            return
        if info is None:
            end = getattr(tf, "_auditor_end", None)
            if end is not None and not isinstance(end, tarfile.EOFHeaderError):  # type: ignore[attr-defined]
                what = ("ends without an end-of-archive marker (truncated?)"
                        if isinstance(end, tarfile.EmptyHeaderError)  # type: ignore[attr-defined]
                        else f"has a damaged header ({end}); the rest is skipped")
                yield _error(label, None, f"{label}: tar archive {what} after {count} "
                             f"members", stats)
            return
        tf.members.clear()  # tarfile keeps every header it read; memory stays flat
        count += 1
        if count > limits.max_members:
            hit = member_limit_hit(label, limits)
            yield _error(label, None, hit.message, stats, hit.reason)
            return
        raw_name = _tar_name(info.name)
        last = check_member_name(raw_name)[0] or raw_name
        verdict, value = _classify(raw_name, info.isdir(), rules, stats)
        if verdict == "unsafe":
            reported = {last}
            yield _unsafe_item(label, raw_name, value, stats)
            continue
        if verdict != "page":
            continue
        name = value
        if not info.isreg():
            stats.skip(NOT_REGULAR)
            continue
        if info.size > limits.max_member_bytes:
            reported = {last}
            yield _too_large(label, name, info.size, limits, stats, declared=True)
            continue
        try:
            member = tf.extractfile(info)
            data = read_capped(member, limits.max_member_bytes) if member else b""
        except LimitHit as hit:
            yield _error(label, name, hit.for_member(name), stats, hit.reason)
            return
        except _READ_ERRORS as exc:
            yield _error(label, name, f"{label}: tar archive damaged or truncated in member "
                         f"{name!r}: {exc or type(exc).__name__}", stats)
            return
        if data is None:
            reported = {last}
            yield _too_large(label, name, limits.max_member_bytes, limits, stats,
                             declared=False)
            continue
        yield _page(label, name, data)
