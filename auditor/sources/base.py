"""Shared types of the input side: items, limits, statistics, name helpers."""
from __future__ import annotations

import posixpath
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from auditor.support.chars import escape_unsafe

# Media types of WARC responses (and HTTP bodies) that are audited as pages.
PAGE_MEDIA_TYPES = frozenset({"text/html", "application/xhtml+xml", "text/plain"})

MiB = 1024 * 1024
GiB = 1024 * MiB

#: File name extensions of page-like files (directories and archive members).
PAGE_EXTENSIONS = frozenset({".html", ".htm", ".xhtml", ".shtml", ".md", ".markdown", ".txt"})

#: Extensions of archives and compressed files: members with these names are nested
#: archives (skipped, never expanded); files with these names in a directory are
#: opened as archives when their magic bytes agree.
ARCHIVE_SUFFIXES = (
    ".zip", ".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz", ".tbz2", ".tar.xz", ".txz",
    ".warc", ".warc.gz", ".arc", ".arc.gz", ".gz", ".bz2", ".xz", ".7z", ".rar", ".jar",
)

# Reasons counted in ScanStats.skipped (a stable vocabulary, for summaries).
NON_PAGE = "non-page"  # a file or member that is not page-like
HIDDEN = "hidden"  # a dot-file or dot-directory (.git ...), __MACOSX
EXCLUDED = "excluded"  # matched --exclude, --ignore-file or .auditorignore
NESTED_ARCHIVE = "nested-archive"  # an archive inside an archive: not expanded
NOT_REGULAR = "not-regular"  # symlink, hard link, device ... in a tree or archive
DUPLICATE_STDIN = "duplicate-stdin"  # "-" given more than once: stdin is read once
TOO_LARGE = "too-large"  # file or member over max_file_bytes / max_member_bytes
RATIO = "compression-ratio"  # member over max_ratio
MEMBER_LIMIT = "member-limit"  # members beyond max_members
TOTAL_LIMIT = "total-limit"  # archive stopped at max_total_bytes
UNSAFE_NAME = "unsafe-name"  # absolute path or ".." in a member name
ENCRYPTED = "encrypted"  # encrypted archive member
UNREADABLE = "unreadable"  # damaged, truncated or unreadable file, member or record
WARC_REQUEST = "warc-request"
WARC_METADATA = "warc-metadata"
WARC_WARCINFO = "warc-warcinfo"
WARC_REVISIT = "warc-revisit"
WARC_OTHER = "warc-other-record"  # conversion, continuation, unknown types
WARC_NON_HTML = "warc-non-html"  # response/resource whose content type is not a page
WARC_NON_2XX = "warc-non-2xx"  # response with a status outside 200-299
WARC_NO_HTTP = "warc-no-http"  # response record without HTTP headers (dns: ...)


@dataclass(frozen=True)
class SourceItem:
    """One thing to audit: the bytes of a page, or the error that prevented reading it.

    ``source`` is what reports show: a file path as given, ``archive.zip!/site/a.html``
    for an archive member, the WARC-Target-URI for a WARC record, ``-`` for stdin.
    Exactly one of ``data`` and ``error`` is set.
    """

    source: str
    data: bytes | None
    content_type: str | None = None
    meta: dict[str, Any] = field(default_factory=dict, hash=False)
    error: str | None = None


@dataclass(frozen=True)
class Limits:
    """Safety limits. A hit gives an error item naming the limit; the scan goes on."""

    max_file_bytes: int = 50 * MiB  # a page file on disk or on stdin
    max_members: int = 100_000  # members read per zip/tar archive
    max_member_bytes: int = 50 * MiB  # one archive member or WARC record payload
    max_total_bytes: int = 10 * GiB  # uncompressed bytes read per archive
    max_ratio: float = 200  # uncompressed/compressed size per member (zip bombs)
    #: below this many uncompressed bytes the ratio is not checked (tiny files of
    #: repeated characters compress far better than pages and are harmless)
    ratio_min_bytes: int = 1 * MiB

    def __post_init__(self) -> None:
        for name in ("max_file_bytes", "max_members", "max_member_bytes",
                     "max_total_bytes", "max_ratio"):
            if getattr(self, name) <= 0:
                raise ValueError(f"Limits.{name} must be positive")
        if self.ratio_min_bytes < 0:
            raise ValueError("Limits.ratio_min_bytes must not be negative")


@dataclass
class ScanStats:
    """What a scan yielded and what it skipped, and why.

    ``skipped`` counts files, members and records that gave no page, by reason (the
    constants of this module). Some of them (limits, damage) were also yielded as
    error items and are counted in ``errors`` too.
    """

    items: int = 0  # items yielded with data
    errors: int = 0  # items yielded with an error
    bytes: int = 0  # page bytes yielded
    skipped: Counter = field(default_factory=Counter)

    def skip(self, reason: str, n: int = 1) -> None:
        self.skipped[reason] += n

    @property
    def total_skipped(self) -> int:
        return sum(self.skipped.values())

    def as_dict(self) -> dict[str, Any]:
        return {
            "items": self.items,
            "errors": self.errors,
            "bytes": self.bytes,
            "skipped": dict(sorted(self.skipped.items())),
        }


def human_bytes(n: float) -> str:
    """1536 -> '1.5 KiB'; exact units print without decimals ('50 MiB')."""
    for unit, size in (("GiB", GiB), ("MiB", MiB), ("KiB", 1024)):
        if n >= size:
            value = n / size
            return f"{value:.0f} {unit}" if value == int(value) else f"{value:.1f} {unit}"
    return f"{int(n)} bytes"


def extension_of(name: str) -> str:
    """Lower-case extension of the last path component: 'a/News.HTML' -> '.html'."""
    return posixpath.splitext(name.rsplit("/", 1)[-1])[1].lower()


# A page may be stored compressed on its own (site exports keep news.html.gz).
COMPRESSED_PAGE_SUFFIXES = (".gz", ".bz2", ".xz")


def is_page_name(name: str) -> bool:
    lower = name.lower()
    for suffix in COMPRESSED_PAGE_SUFFIXES:
        if lower.endswith(suffix):
            name = name[: -len(suffix)]
            break
    return extension_of(name) in PAGE_EXTENSIONS


def is_archive_name(name: str) -> bool:
    lower = name.lower()
    return lower.endswith(ARCHIVE_SUFFIXES)


def is_hidden_component(part: str) -> bool:
    return part.startswith(".") or part == "__MACOSX"


def printable(name: str) -> str:
    """Escape control characters so names print on one line (auditor.support.chars.escape_unsafe)."""
    return escape_unsafe(name)


def check_member_name(raw: str) -> tuple[str | None, str]:
    """Normalize an archive member name.

    Returns ``(name, "")`` with ``name`` relative, ``/``-separated, without ``.``
    components; ``(None, reason)`` for an unsafe name (absolute, drive letter,
    ``..``). Backslashes count as separators (zips written on Windows).
    """
    name = raw.replace("\\", "/")
    if name.startswith("/"):
        return None, "absolute path"
    parts = [p for p in name.split("/") if p not in ("", ".")]
    if parts and len(parts[0]) == 2 and parts[0][1] == ":" and parts[0][0].isalpha():
        return None, "drive-letter path"
    if ".." in parts:
        return None, "'..' path component (path traversal)"
    if "\x00" in name:
        return None, "NUL character in name"
    return "/".join(parts), ""


def fix_name_encoding(raw: bytes, utf8_flag: bool = False) -> str:
    """Decode an archive member name whose encoding is not declared.

    Chinese tools write GBK names without the zip UTF-8 flag; try UTF-8, then
    GB18030, then the zip default CP437.
    """
    if utf8_flag:
        return raw.decode("utf-8", "replace")
    for enc in ("utf-8", "gb18030"):
        try:
            return raw.decode(enc)
        except UnicodeDecodeError:
            pass
    return raw.decode("cp437")
