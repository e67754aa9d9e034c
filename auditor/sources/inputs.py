"""Command-line inputs -> :class:`SourceItem` stream.

An input is one of:

- ``-``: stdin, read once (a page, or a zip/tar/WARC archive piped in);
- ``@list.txt``: a list file, one input per line (``#`` comments and blank lines
  ignored; relative paths are relative to the current directory, like any argument;
  ``@-`` reads the list from stdin; list files may name other list files);
- a directory: walked recursively in sorted order (code-point order of names, a
  directory's contents right after its name), keeping page-like files and archives
  (by magic bytes), skipping dot-files, dot-directories and ``__MACOSX``, honouring
  the patterns of ``.auditorignore`` in the directory, ``ignore_file`` and ``exclude``
  (in that order; the last matching pattern wins) against paths relative to it;
- a file: an archive if its magic bytes say so (zip, tar[.gz|.bz2|.xz], WARC[.gz],
  ARC), otherwise a page whatever its extension (you named it).

``exclude`` and ``ignore_file`` patterns also apply to archive members (relative to
the archive root) and to files named explicitly (to the path as given), so
``--exclude '*.md'`` drops Markdown everywhere.
"""
from __future__ import annotations

import os
import stat
import sys
from dataclasses import replace
from typing import Iterator, Sequence

from .base import (
    DUPLICATE_STDIN, EXCLUDED, HIDDEN, NON_PAGE, NOT_REGULAR, TOO_LARGE, UNREADABLE,
    Limits, ScanStats, SourceItem, human_bytes, is_archive_name, is_hidden_component,
    is_page_name,
    COMPRESSED_PAGE_SUFFIXES,
)
from .patterns import PathRules, parse_patterns
from .streams import LimitedStream, LimitHit, Reader, StreamError, sniff
from auditor.support.errors import SourceConfigError

IGNORE_FILE_NAME = ".auditorignore"


class _Ctx:
    def __init__(self, limits: Limits, stats: ScanStats, rules: PathRules, follow_links: bool = False):
        self.limits = limits
        self.stats = stats
        self.rules = rules
        self.stdin_used = False
        self.follow_links = follow_links


# Descriptors the caller already holds open (standard input, ``<(cmd)``): read as
# streams. Any other named pipe, socket or device is refused: opening a named pipe
# nobody writes to would block the audit forever.
_DESCRIPTOR_PATHS = ("/dev/stdin", "/dev/fd/", "/proc/self/fd/")


def _is_descriptor_path(path: str) -> bool:
    return path == "/dev/stdin" or path.startswith(_DESCRIPTOR_PATHS[1:])


class _NotRegular(OSError):
    pass


def _open_input(path: str, mode: str = "rb", **kw):
    """Open a file that must be a regular file (or a descriptor path): never blocks.

    The file is opened with O_NONBLOCK (opening a named pipe without a writer returns
    at once), then fstat says what it is; a pipe, socket or device raises _NotRegular."""
    if _is_descriptor_path(path):
        return open(path, mode, **kw)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    fd = os.open(path, flags)
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            kind = ("a named pipe (FIFO)" if stat.S_ISFIFO(st.st_mode) else "a socket" if stat.S_ISSOCK(st.st_mode)
                    else "a directory" if stat.S_ISDIR(st.st_mode) else "a device")
            raise _NotRegular(f"not a regular file ({kind}); only regular files are read")
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        return open(fd, mode, closefd=True, **kw)
    except BaseException:
        os.close(fd)
        raise


def _error(source: str, message: str, ctx: _Ctx, reason: str | None = UNREADABLE,
           **meta) -> SourceItem:
    if reason:
        ctx.stats.skip(reason)
    return SourceItem(source=source, data=None, meta=dict(meta), error=message)


def _os_message(exc: OSError) -> str:
    return exc.strerror or str(exc)


def _open_error(source: str, what: str, exc: OSError, ctx: _Ctx, **meta) -> SourceItem:
    if isinstance(exc, _NotRegular):
        return _error(source, f"{source}: {exc}; skipped", ctx, NOT_REGULAR, **meta)
    return _error(source, f"{source}: {what}: {_os_message(exc)}", ctx, **meta)


def load_patterns(exclude: Sequence[str] = (), ignore_file: str | None = None) -> PathRules:
    """The global rules: ``ignore_file`` then ``exclude`` (raises SourceConfigError)."""
    if isinstance(exclude, str):
        exclude = [exclude]
    patterns = []
    if ignore_file:
        try:
            with _open_input(ignore_file, "r", encoding="utf-8-sig", errors="replace") as f:
                patterns += parse_patterns(f, ignore_file)
        except OSError as exc:
            raise SourceConfigError(f"cannot read ignore file {ignore_file}: "
                                    f"{_os_message(exc)}") from None
    for pat in exclude:
        patterns += parse_patterns([pat], "--exclude")
    return PathRules(patterns)


def _dir_rules(root: str, ctx: _Ctx) -> tuple[PathRules, SourceItem | None]:
    path = os.path.join(root, IGNORE_FILE_NAME)
    if not os.path.isfile(path):
        return ctx.rules, None
    try:
        with _open_input(path, "r", encoding="utf-8-sig", errors="replace") as f:
            local = PathRules(parse_patterns(f, path))
    except OSError as exc:
        return ctx.rules, _error(path, f"{path}: cannot read ignore file: "
                                 f"{_os_message(exc)}", ctx)
    return local + ctx.rules, None


def iter_sources(
    inputs: Sequence[str],
    *,
    exclude: Sequence[str] = (),
    ignore_file: str | None = None,
    limits: Limits = Limits(),
    stats: ScanStats | None = None,
    follow_links: bool = False,
) -> Iterator[SourceItem]:
    """Items to audit from command-line inputs, streamed in a deterministic order.

    Options are checked at call time (``SourceConfigError`` for an unreadable
    ``ignore_file``); after that, bad input never raises: it becomes an item with
    ``error`` set, and the scan goes on. ``stats`` (if given) is updated as items are
    yielded. In a directory, a symlink to a file outside the directory is skipped
    unless ``follow_links``.
    """
    if isinstance(inputs, (str, bytes)):
        raise TypeError("inputs must be a sequence of paths, not a single string")
    inputs = [os.fspath(i) for i in inputs]
    rules = load_patterns(exclude, ignore_file)
    ctx = _Ctx(limits, stats if stats is not None else ScanStats(), rules, follow_links)
    return _counted(_iter_inputs(inputs, ctx, ()), ctx.stats)


def _counted(items: Iterator[SourceItem], stats: ScanStats) -> Iterator[SourceItem]:
    for item in items:
        if item.error is not None:
            stats.errors += 1
        else:
            stats.items += 1
            stats.bytes += len(item.data or b"")
        yield item


def _iter_inputs(inputs, ctx: _Ctx, lists: tuple[str, ...]) -> Iterator[SourceItem]:
    for inp in inputs:
        if inp == "-":
            yield from _iter_stdin(ctx)
        elif inp.startswith("@") and len(inp) > 1:
            yield from _iter_list_file(inp[1:], ctx, lists)
        elif os.path.isdir(inp):
            yield from _iter_dir(inp, ctx)
        elif os.path.exists(inp):
            if ctx.rules.excluded(inp):
                ctx.stats.skip(EXCLUDED)
                continue
            yield from _iter_file(inp, inp, ctx, ctx.rules, explicit=True)
        else:
            yield _error(inp, f"{inp}: no such file or directory", ctx, path=inp)


def _stdin_binary():
    stream = sys.stdin
    if stream is None:
        return None
    return getattr(stream, "buffer", None) or stream


def _iter_stdin(ctx: _Ctx) -> Iterator[SourceItem]:
    if ctx.stdin_used:
        ctx.stats.skip(DUPLICATE_STDIN)
        return
    ctx.stdin_used = True
    stream = _stdin_binary()
    if stream is None:
        yield _error("-", "-: no standard input", ctx)
        return
    try:
        probe = stream.read(0)
    except (OSError, ValueError) as exc:
        yield _error("-", f"-: cannot read standard input: {exc}", ctx)
        return
    if isinstance(probe, str):  # a text stream without .buffer
        raw_text = stream
        stream = _TextAsBytes(raw_text)
    yield from _iter_stream(Reader(stream), "-", ctx, ctx.rules, True, None)


class _TextAsBytes:
    def __init__(self, text_stream):
        self._text = text_stream
        self._pending = b""

    def read(self, n: int = -1) -> bytes:
        if n is None or n < 0:
            data = self._pending + self._text.read().encode("utf-8", "surrogateescape")
            self._pending = b""
            return data
        while len(self._pending) < n:
            piece = self._text.read(max(n, 4096))
            if not piece:
                break
            self._pending += piece.encode("utf-8", "surrogateescape")
        data, self._pending = self._pending[:n], self._pending[n:]
        return data


def _iter_list_file(path: str, ctx: _Ctx, lists: tuple[str, ...]) -> Iterator[SourceItem]:
    label = "@" + path
    if path == "-":
        if ctx.stdin_used:
            yield _error(label, "@-: standard input was already read", ctx)
            return
        ctx.stdin_used = True
        stream = _stdin_binary()
        if stream is None:
            yield _error(label, "@-: no standard input", ctx)
            return
        lines = _decode_lines(stream)
        yield from _iter_list_lines(lines, ctx, lists + ("-",))
        return
    real = os.path.realpath(path)
    if real in lists:
        yield _error(label, f"{label}: list file includes itself; skipped", ctx)
        return
    try:
        f = _open_input(path, "r", encoding="utf-8-sig", errors="surrogateescape", newline=None)
    except OSError as exc:
        yield _open_error(label, "cannot read list file", exc, ctx, path=path)
        return
    with f:
        try:
            yield from _iter_list_lines(f, ctx, lists + (real,))
        except (OSError, UnicodeError) as exc:
            yield _error(label, f"{label}: cannot read list file: {exc}", ctx, path=path)


def _decode_lines(stream):
    for line in stream:
        if isinstance(line, bytes):
            line = line.decode("utf-8", "surrogateescape")
        yield line.lstrip("\ufeff")


def _iter_list_lines(lines, ctx: _Ctx, lists: tuple[str, ...]) -> Iterator[SourceItem]:
    for line in lines:
        entry = line.strip()
        if not entry or entry.startswith("#"):
            continue
        yield from _iter_inputs([entry], ctx, lists)


# ---------------------------------------------------------------------------------
# directories


def _walk(root: str, rules: PathRules, ctx: _Ctx) -> Iterator[tuple[str, str, str] | SourceItem]:
    """``(full_path, source, name)`` of the files to consider under ``root``, sorted,
    or error items for unreadable directories."""
    plain = os.path.normpath(root) == "."
    real_root = os.path.realpath(root)

    def inside(path: str) -> bool:
        real = os.path.realpath(path)
        return real == real_root or real.startswith(real_root.rstrip(os.sep) + os.sep)

    def listing(full: str):
        with os.scandir(full) as it:
            return sorted(it, key=lambda e: e.name)

    try:
        stack = [("", iter(listing(root)))]
    except OSError as exc:
        yield _error(root, f"{root}: cannot list directory: {_os_message(exc)}", ctx)
        return
    while stack:
        rel_dir, entries = stack[-1]
        entry = next(entries, None)
        if entry is None:
            stack.pop()
            continue
        name = entry.name
        if is_hidden_component(name):
            ctx.stats.skip(HIDDEN)
            continue
        rel = f"{rel_dir}/{name}" if rel_dir else name
        try:
            is_dir = entry.is_dir(follow_symlinks=False)  # symlinked dirs are not walked
            is_file = entry.is_file()  # follows symlinks to files
        except OSError:
            is_dir, is_file = False, False
        if is_dir:
            if rules.match_one(rel, True):
                ctx.stats.skip(EXCLUDED)
                continue
            try:
                stack.append((rel, iter(listing(entry.path))))
            except OSError as exc:
                source = rel if plain else os.path.join(root, rel)
                yield _error(source, f"{source}: cannot list directory: "
                             f"{_os_message(exc)}", ctx)
            continue
        if not is_file:
            ctx.stats.skip(NOT_REGULAR)  # symlink to a directory, fifo, socket, dangling
            continue
        try:
            escapes = entry.is_symlink() and not ctx.follow_links and not inside(entry.path)
        except OSError:
            escapes = True
        if escapes:
            ctx.stats.skip(NOT_REGULAR)  # a link out of the folder (to ~/.ssh/..., /etc/...)
            continue
        if rules.match_one(rel, False):
            ctx.stats.skip(EXCLUDED)
            continue
        yield entry.path, (rel if plain else os.path.join(root, rel)), name


def _iter_dir(root: str, ctx: _Ctx) -> Iterator[SourceItem]:
    rules, problem = _dir_rules(root, ctx)
    if problem is not None:
        yield problem
    for found in _walk(root, rules, ctx):
        if isinstance(found, SourceItem):
            yield found
            continue
        path, source, name = found
        if is_page_name(name) and not name.lower().endswith(COMPRESSED_PAGE_SUFFIXES):
            yield _read_page(path, source, ctx)
        else:
            yield from _iter_file(path, source, ctx, rules, explicit=False)


# ---------------------------------------------------------------------------------
# files and streams


def _read_page(path: str, source: str, ctx: _Ctx) -> SourceItem:
    limit = ctx.limits.max_file_bytes
    try:
        with _open_input(path) as f:
            size = os.fstat(f.fileno()).st_size
            if size > limit:
                return _too_large_file(source, size, ctx)
            data = f.read(limit + 1)
    except OSError as exc:
        return _open_error(source, "cannot read", exc, ctx, path=path)
    if len(data) > limit:
        return _too_large_file(source, len(data), ctx)
    return SourceItem(source=source, data=data, meta={"path": path})


def _too_large_file(source: str, size: int, ctx: _Ctx) -> SourceItem:
    limit = ctx.limits.max_file_bytes
    return _error(source, f"{source}: file is {human_bytes(size)}, over max_file_bytes="
                  f"{limit} ({human_bytes(limit)}); skipped", ctx, TOO_LARGE)


def _iter_file(path: str, source: str, ctx: _Ctx, rules: PathRules,
               explicit: bool) -> Iterator[SourceItem]:
    """A file found in a directory (``explicit`` False: only archives are kept) or
    named by the user (a page unless its magic bytes say archive)."""
    try:
        f = _open_input(path)
    except OSError as exc:
        yield _open_error(source, "cannot read", exc, ctx, path=path)
        return
    with f:
        reader = Reader(f)  # keeps the sniffed bytes: works for pipes (/dev/stdin) too
        try:
            kind, comp = sniff(reader)
            size = os.fstat(f.fileno()).st_size
            seekable = f.seekable()
        except OSError as exc:
            yield _error(source, f"{source}: cannot read: {_os_message(exc)}", ctx, path=path)
            return
        if kind is None:
            if not explicit:
                ctx.stats.skip(NON_PAGE)
                return
            if is_archive_name(path):
                yield _error(source, f"{source}: not a zip, tar or WARC archive (unknown "
                             f"format by its first bytes); skipped", ctx, path=path)
                return
            if seekable and size > ctx.limits.max_file_bytes:
                yield _too_large_file(source, size, ctx)
                return
        zip_file = None
        if kind == "zip" and seekable:
            f.seek(0)
            zip_file = f
        yield from _iter_stream(reader, source, ctx, rules, explicit, zip_file,
                                kind=(kind, comp), meta={"path": path})


def _iter_stream(r: Reader, source: str, ctx: _Ctx, rules: PathRules, explicit: bool,
                 zip_file, kind=None, meta=None) -> Iterator[SourceItem]:
    """Dispatch an opened stream by its magic bytes; ``zip_file`` is the seekable file
    when there is one (zips are then read through their central directory)."""
    try:
        kind, comp = kind or sniff(r)
    except OSError as exc:
        yield _error(source, f"{source}: cannot read: {_os_message(exc)}", ctx)
        return
    limits, stats = ctx.limits, ctx.stats
    try:
        if kind == "zip":
            if zip_file is not None:
                yield from iter_zip_file(zip_file, source, limits, stats, rules)
            else:
                yield from iter_zip_stream(r, source, limits, stats, rules)
        elif kind == "tar":
            yield from iter_tar(r, comp, source, limits, stats, rules)
        elif kind in ("warc", "arc"):
            yield from iter_warc(r, comp, source, limits, stats, arc=kind == "arc")
        elif kind == "compressed":
            if explicit or is_page_name(source):
                yield _compressed_page(r, comp, source, ctx, meta)
            else:
                stats.skip(NON_PAGE)
        else:  # a page
            limit = limits.max_file_bytes
            data = r.read(limit + 1)
            if len(data) > limit:
                yield _too_large_file(source, len(data), ctx)
            else:
                yield SourceItem(source=source, data=data, meta=dict(meta or {}))
    except OSError as exc:
        yield _error(source, f"{source}: read error: {_os_message(exc)}", ctx)


# ---------------------------------------------------------------------------------
# progress hint


def count_hint(
    inputs: Sequence[str],
    *,
    exclude: Sequence[str] = (),
    ignore_file: str | None = None,
    limits: Limits = Limits(),
    follow_links: bool = False,
) -> int | None:
    """A cheap estimate of how many items :func:`iter_sources` will yield, for
    progress bars: files for directories, page members for zips, 1 for a file or
    stdin. ``None`` when unknown (tar or WARC inputs, stdin archives) or on any
    problem. Reads nothing but directory listings and zip central directories."""
    try:
        rules = load_patterns(exclude, ignore_file)
    except SourceConfigError:
        return None
    ctx = _Ctx(limits, ScanStats(), rules, follow_links)
    try:
        return _count([os.fspath(i) for i in inputs], ctx, ())
    except Exception:  # noqa: BLE001 - a hint must never break a run
        return None


def _count(inputs, ctx: _Ctx, lists: tuple[str, ...]) -> int | None:
    total = 0
    for inp in inputs:
        if inp == "-":
            n = 1
        elif inp.startswith("@") and len(inp) > 1:
            path = inp[1:]
            real = os.path.realpath(path)
            if path == "-" or real in lists:
                return None
            try:
                with _open_input(path, "r", encoding="utf-8-sig", errors="surrogateescape") as f:
                    entries = [ln.strip() for ln in f]
            except OSError:
                n = 1
            else:
                entries = [e for e in entries if e and not e.startswith("#")]
                n = _count(entries, ctx, lists + (real,))
        elif os.path.isdir(inp):
            rules, _ = _dir_rules(inp, ctx)
            n = 0
            for found in _walk(inp, rules, ctx):
                if isinstance(found, SourceItem):
                    n += 1
                    continue
                path, _source, name = found
                if is_page_name(name):
                    n += 1
                    continue
                sub = _count_archive(path, rules, ctx, explicit=False)
                if sub is None:
                    return None
                n += sub
        elif os.path.exists(inp):
            n = 0 if ctx.rules.excluded(inp) else _count_archive(inp, ctx.rules, ctx, True)
        else:
            n = 1
        if n is None:
            return None
        total += n
    return total


def _count_archive(path: str, rules: PathRules, ctx: _Ctx, explicit: bool) -> int | None:
    try:
        with _open_input(path) as f:
            kind, _comp = sniff(Reader(f))
            if kind is None:
                return 1 if explicit else 0
            if kind == "compressed":
                return 1 if explicit else 0
            if kind != "zip":
                return None  # tar, WARC, ARC: unknown without reading them
            f.seek(0)
            entries = zip_entry_count(f)
            if entries is None or entries > ctx.limits.max_members:
                return None
            import zipfile  # (here: a run over plain pages never opens a zip; test_startup)

            f.seek(0)
            with zipfile.ZipFile(f) as zf:
                n = 0
                for info in zf.infolist():
                    name = info.filename.replace("\\", "/")
                    if info.is_dir() or not is_page_name(name):
                        continue
                    if any(is_hidden_component(p) for p in name.split("/")):
                        continue
                    if rules and rules.excluded(name.lstrip("/")):
                        continue
                    n += 1
                return n
    except Exception:  # noqa: BLE001
        return 1


# zip and tar readers: .archives (zipfile, tarfile, lzma, bz2 ...) is imported when an
# archive is met, not at start-up (a run over plain pages never needs it).


def iter_zip_file(*args, **kwargs):
    from .archives import iter_zip_file as _iter  # when an archive is met (see above)

    return _iter(*args, **kwargs)


def iter_zip_stream(*args, **kwargs):
    from .archives import iter_zip_stream as _iter  # when an archive is met (see above)

    return _iter(*args, **kwargs)


def iter_tar(*args, **kwargs):
    from .archives import iter_tar as _iter  # when an archive is met (see above)

    return _iter(*args, **kwargs)


def zip_entry_count(*args, **kwargs):
    from .archives import zip_entry_count as _count  # when an archive is met (see above)

    return _count(*args, **kwargs)


def iter_warc(*args, **kwargs):
    """WARC reading through warcio, imported only when a WARC is met (it costs start-up time)."""
    from .warc import iter_warc as _iter_warc  # warcio: ~260 ms, ~150 modules

    return _iter_warc(*args, **kwargs)


def _compressed_page(r: Reader, comp: str, source: str, ctx: _Ctx, meta) -> SourceItem:
    """A single page stored compressed (news.html.gz), read within the page-size and ratio limits."""
    from .archives import decompressing  # when a compressed page is met (see above)

    limit = ctx.limits.max_file_bytes
    page_limits = replace(ctx.limits, max_total_bytes=limit)
    stream, counter = decompressing(r, comp)
    guard = LimitedStream(stream, counter, page_limits, source)
    chunks, total = [], 0
    try:
        while total <= limit:
            chunk = guard.read(1 << 16)
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
    except LimitHit as hit:
        return _error(source, hit.message, ctx)
    except (OSError, EOFError, ValueError, StreamError) as exc:
        return _error(source, f"{source}: a {comp}-compressed file that cannot be decompressed "
                              f"(truncated or corrupt): {exc}", ctx)
    if total > limit:
        return _too_large_file(source, total, ctx)
    return SourceItem(source=source, data=b"".join(chunks), meta=dict(meta or {}))
