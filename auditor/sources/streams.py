"""Small stream helpers: peek/push back, byte counting, limit guards, format sniffing."""
from __future__ import annotations

import sys
import zlib
from typing import BinaryIO

from .base import MEMBER_LIMIT, RATIO, TOTAL_LIMIT, Limits, human_bytes

CHUNK = 1 << 16


def _is_lzma_error(exc: BaseException) -> bool:
    """Is ``exc`` an ``lzma.LZMAError``? (lzma is imported by whoever opened an xz stream;
    a check of one page never does, and pays nothing for it.)"""
    lzma = sys.modules.get("lzma")
    return lzma is not None and isinstance(exc, lzma.LZMAError)


class LimitHit(Exception):
    """A limit was reached while reading an archive; ``reason`` is a ScanStats reason."""

    def __init__(self, reason: str, label: str, detail: str):
        super().__init__(f"{label}: {detail}")
        self.reason = reason
        self.label = label
        self.detail = detail  # the message without the archive name

    @property
    def message(self) -> str:
        return f"{self.label}: {self.detail}"

    def for_member(self, name: str) -> str:
        return f"{self.label}: member {name!r}: {self.detail}"


class StreamError(Exception):
    """A compressed archive stream is truncated or damaged.

    Not an ``EOFError``: warcio and tarfile take those for a clean end of input.
    """


class Reader:
    """A forward-only reader over a binary stream with ``peek`` and ``unread``.

    ``read(n)`` returns ``n`` bytes unless the stream ends first; ``pos`` counts the
    bytes consumed (pushed-back bytes are subtracted).
    """

    def __init__(self, raw: BinaryIO):
        self._raw = raw
        self._buf = b""
        self.pos = 0

    def peek(self, n: int) -> bytes:
        while len(self._buf) < n:
            chunk = self._raw.read(n - len(self._buf))
            if not chunk:
                break
            self._buf += chunk
        return self._buf[:n]

    def read(self, n: int = -1) -> bytes:
        if n is None or n < 0:
            parts = [self._buf]
            self._buf = b""
            while True:
                chunk = self._raw.read(CHUNK)
                if not chunk:
                    break
                parts.append(chunk)
            data = b"".join(parts)
            self.pos += len(data)
            return data
        parts = []
        need = n
        if self._buf:
            take = self._buf[:need]
            self._buf = self._buf[len(take):]
            parts.append(take)
            need -= len(take)
        while need > 0:
            chunk = self._raw.read(need)
            if not chunk:
                break
            parts.append(chunk)
            need -= len(chunk)
        data = b"".join(parts) if len(parts) != 1 else parts[0]
        self.pos += len(data)
        return data

    def unread(self, data: bytes) -> None:
        if data:
            self._buf = bytes(data) + self._buf
            self.pos -= len(data)

    def skip(self, n: int) -> int:
        done = 0
        while done < n:
            chunk = self.read(min(CHUNK, n - done))
            if not chunk:
                break
            done += len(chunk)
        return done

    def tell(self) -> int:
        return self.pos


class CountingReader:
    """Counts the bytes read from a raw (compressed) stream."""

    def __init__(self, raw):
        self._raw = raw
        self.count = 0

    def read(self, n: int = -1) -> bytes:
        data = self._raw.read(n)
        self.count += len(data)
        return data

    def readable(self) -> bool:
        return True

    def tell(self) -> int:
        return self.count


class LimitedStream:
    """Reads a (decompressed) archive stream, enforcing per-archive limits.

    Raises :class:`LimitHit` when more than ``max_total_bytes`` have been read, or when
    the stream's compression ratio (bytes out / compressed bytes in, measured once
    ``ratio_min_bytes`` are out) passes ``max_ratio``.
    """

    def __init__(self, inner, raw: CountingReader | None, limits: Limits, label: str):
        self._inner = inner
        # read1 returns what one decompression step gives, so the data before a
        # truncation point is delivered before the error
        self._read = getattr(inner, "read1", None) or inner.read
        self._raw = raw
        self._limits = limits
        self._label = label
        self.count = 0

    def _check(self) -> None:
        lim = self._limits
        if self.count > lim.max_total_bytes:
            raise LimitHit(
                TOTAL_LIMIT, self._label,
                f"archive is larger than max_total_bytes="
                f"{lim.max_total_bytes} ({human_bytes(lim.max_total_bytes)}) uncompressed; "
                f"the rest of the archive is skipped",
            )
        if self._raw is not None and self.count >= lim.ratio_min_bytes:
            ratio = self.count / max(self._raw.count, 1)
            if ratio > lim.max_ratio:
                raise LimitHit(
                    RATIO, self._label,
                    f"compression ratio {ratio:.0f}:1 exceeds max_ratio="
                    f"{lim.max_ratio:g} ({human_bytes(self.count)} from "
                    f"{human_bytes(self._raw.count)}; a decompression bomb?); "
                    f"the rest of the archive is skipped",
                )

    def read(self, n: int = -1) -> bytes:
        if n is None or n < 0:
            parts = []
            while True:
                chunk = self.read(CHUNK)
                if not chunk:
                    return b"".join(parts)
                parts.append(chunk)
        try:
            data = self._read(n)
        except EOFError as exc:
            raise StreamError(f"compressed data is truncated ({exc})") from None
        except Exception as exc:
            if isinstance(exc, (OSError, zlib.error)) or _is_lzma_error(exc):
                raise StreamError(f"compressed data is damaged ({exc})") from None
            raise
        self.count += len(data)
        self._check()
        return data

    def readable(self) -> bool:
        return True

    def tell(self) -> int:
        return self.count


def member_limit_hit(label: str, limits: Limits) -> LimitHit:
    return LimitHit(
        MEMBER_LIMIT, label,
        f"archive has more than max_members={limits.max_members} members; "
        f"the rest are skipped",
    )


def read_capped(stream, limit: int) -> bytes | None:
    """Read a stream to its end in chunks; ``None`` once it passes ``limit`` bytes
    (reading stops there)."""
    parts = []
    size = 0
    while True:
        chunk = stream.read(min(CHUNK, limit + 1 - size))
        if not chunk:
            return b"".join(parts)
        size += len(chunk)
        if size > limit:
            return None
        parts.append(chunk)


# ---------------------------------------------------------------------------------
# Format sniffing by magic bytes

ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08", b"PK00")


def looks_like_tar(block: bytes) -> bool:
    """A POSIX/GNU tar header (``ustar`` magic) or a v7 header with a valid checksum."""
    if len(block) >= 262 and block[257:262] == b"ustar":
        return True
    if len(block) < 512 or block[0] == 0:
        return False
    field = block[148:156].replace(b"\x00", b" ").strip()
    if not field or any(c not in b"01234567" for c in field):
        return False
    stored = int(field, 8)
    header = block[:148] + b" " * 8 + block[156:512]
    return stored == sum(header) and stored != 256


def _sniff_plain(head: bytes) -> str | None:
    if head[:4] in ZIP_MAGICS:
        return "zip"
    if head.startswith(b"WARC/"):
        return "warc"
    if head.startswith(b"filedesc://"):
        return "arc"  # the older Internet Archive format; warcio reads it too
    if looks_like_tar(head[:512]):
        return "tar"
    return None


def sniff(reader: Reader) -> tuple[str | None, str | None]:
    """``(kind, compression)`` from the first bytes, without consuming them.

    ``kind`` is ``zip``, ``tar``, ``warc``, ``arc``, ``compressed`` (a compressed stream of
    something else) or ``None``; ``compression`` is ``gz``, ``bz2``, ``xz`` or ``None``.
    """
    head = reader.peek(600)
    kind = _sniff_plain(head)
    if kind is not None:
        return kind, None
    if head[:2] == b"\x1f\x8b":
        comp = "gz"
    elif head[:3] == b"BZh" and head[4:10] == b"1AY&SY":
        comp = "bz2"
    elif head[:6] == b"\xfd7zXZ\x00":
        comp = "xz"
    else:
        return None, None
    size = 1 << 14
    out = b""
    while True:
        raw = reader.peek(size)
        try:
            if comp == "gz":
                out = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(raw, 1024)
            elif comp == "bz2":
                import bz2  # (only for a bz2 stream: a page's check does not load it)

                out = bz2.BZ2Decompressor().decompress(raw, max_length=1024)
            else:
                import lzma  # (only for an xz stream)

                out = lzma.LZMADecompressor().decompress(raw, max_length=1024)
        except (zlib.error, OSError, EOFError, ValueError):
            pass
        except Exception as exc:
            if not _is_lzma_error(exc):
                raise
        if len(out) >= 600 or len(raw) < size or size >= (1 << 20):
            break
        size *= 4
    return (_sniff_plain(out) or "compressed"), comp
