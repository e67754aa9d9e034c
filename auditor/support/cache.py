"""Derived data kept between runs: parsed and validated rule files, profiles, lexicon patterns.

Loading a ruleset parses ~60 YAML files, validates the rules and profile against JSON
Schema and builds one pattern per lexicon: most of a single-page run's start-up. The
results of those steps are plain data (dicts, lists, strings), so they are stored with
:mod:`marshal` (which cannot run code, unlike pickle) in :func:`auditor.support.data.cache_dir`.

An entry is found by a digest of everything it derives from: the source texts themselves
(not their modification times) plus a stamp of the code that derived them (size and
modification time of those modules, the Unicode and Python versions), so editing a rule
file or the loader makes the old entry unreachable. Only data that passed validation is
stored; errors are always found by the full path. A cache is only a speed-up: any problem
reading or writing an entry means the work is done again. ``AUDITOR_NO_CACHE=1`` turns
it off, for this cache (the prebuilt entries below included) and for the other two on-disk caches (normalize's character tables,
jieba's prefix dictionary), which check :func:`enabled` and write with :func:`write_atomic`. The directory must be the user's
alone (:func:`make_private_dir`): entries decide which rules run, so a folder another user
can write to is never used.

Prebuilt entries: the bundled rulesets, profiles, lexicons and tables are derived once
more when the package is built (``setup.py`` runs :mod:`auditor.support.prebuild`) and
shipped as package data in ``auditor/support/data/prebuilt/``, one marshal file per kind,
so that the first run after an install (every fresh CI runner) does not have to build
them. They are looked up by the same digest as the per-user entries, which is why the
code stamp is made of the modules' contents, not their paths or modification times:
a checkout whose rule files or loaders changed since the build simply misses them.
"""
from __future__ import annotations

import marshal
import os
import stat
import sys
import unicodedata
from pathlib import Path
from typing import Any, Iterable

__all__ = ["digest", "load", "store", "code_stamp", "module_file", "enabled", "write_atomic", "make_private_dir",
           "prebuilt", "prebuilt_dir", "record", "recording", "PREBUILT_DIR"]

VERSION = 1
_MAGIC = "auditor-cache"
KEEP_PER_SLOT = 4  # older entries of one kind and slot are removed when a new one is written


def make_private_dir(path: Path, *, allow_link: bool = True) -> str | None:
    """Create ``path`` (mode 0700) if needed and check that it is this user's alone:
    a directory owned by the current user that no one else can write to. ``None`` when
    it is usable, else why not. A folder others can write to could hold planted entries
    that change rules or lexicons, so it is refused, never repaired.

    ``allow_link=False`` refuses a symbolic link (in a shared temporary folder anyone
    can create one first)."""
    try:
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
        st = os.lstat(path)
        if stat.S_ISLNK(st.st_mode):
            if not allow_link:
                return f"{path} is a symbolic link"
            st = os.stat(path)
    except OSError as exc:
        return f"{path}: {exc.strerror or exc}"
    if not stat.S_ISDIR(st.st_mode):
        return f"{path} is not a directory"
    if hasattr(os, "getuid"):
        if st.st_uid != os.getuid():
            return f"{path} belongs to another user (uid {st.st_uid})"
        if st.st_mode & 0o022:
            return f"{path} can be written by other users (mode {stat.S_IMODE(st.st_mode):04o})"
        if stat.S_IMODE(st.st_mode) & 0o077:
            try:  # ours and not writable by others: only keep it from being read
                os.chmod(path, 0o700)
            except OSError:
                pass
    if not os.access(path, os.W_OK | os.X_OK):
        return f"{path} is not writable"
    return None


try:  # hashlib would also load OpenSSL's bindings, which start-up does not need
    from _blake2 import blake2b as _blake2b
except ImportError:  # pragma: no cover - other Python implementations
    from hashlib import blake2b as _blake2b


def enabled() -> bool:
    return os.environ.get("AUDITOR_NO_CACHE", "") in ("", "0")


def code_stamp(*files: str | Path) -> str:
    """A digest of the contents of the modules that derive an entry (their ``__file__``).

    Contents, not paths or modification times: an installed copy of the same code (with
    new paths and times) finds the entries prebuilt when the package was built."""
    parts = [f"{VERSION} {sys.version_info[:3]} {unicodedata.unidata_version}"]
    for f in files:
        part = _file_stamps.get(f)
        if part is None:
            try:
                with open(f, "rb") as fh:
                    blob = fh.read()
                part = f"{os.path.basename(f)} {len(blob)} {_blake2b(blob, digest_size=16).hexdigest()}"
                _file_stamps[f] = part
            except (OSError, TypeError):
                part = f"{f} ?"
        parts.append(part)
    return "\n".join(parts)


# A module's stamp, once per process: several entries derive from the same module, and
# its file does not change while it runs (it has been imported).
_file_stamps: dict = {}


def module_file(name: str) -> str:
    """The file a module would be imported from (for :func:`code_stamp`), without importing it."""
    try:
        from importlib.util import find_spec  # (site loads it, python -S does not: only stamps need it)

        spec = find_spec(name)
    except (ImportError, ValueError):
        return f"<{name}?>"
    return (spec.origin if spec is not None else None) or f"<{name}?>"


def digest(kind: str, parts: Iterable[str | bytes]) -> str:
    h = _blake2b(kind.encode(), digest_size=16)
    for p in parts:
        b = p.encode("utf-8", "surrogatepass") if isinstance(p, str) else bytes(p)
        h.update(len(b).to_bytes(8, "little"))
        h.update(b)
    return h.hexdigest()


def _prefix(kind: str, slot: str) -> str:
    return f"{kind}-{_blake2b(slot.encode('utf-8', 'surrogatepass'), digest_size=4).hexdigest()}-"


def _path(kind: str, key: str, slot: str) -> Path | None:
    try:
        from auditor.support import data  # a real cycle: data imports this module

        return data.cache_dir() / f"{_prefix(kind, slot)}{key}.marshal"
    except Exception:  # pragma: no cover - no usable cache directory
        return None


def load(kind: str, key: str, slot: str = "") -> Any | None:
    """The value stored for ``key``, or None.

    ``slot`` names what the entry is for (a file path): only the newest few entries of a
    slot are kept, so editing a rule file does not pile up entries for its old versions.
    """
    if not enabled():
        return None
    if _recording is not None:  # building the prebuilt entries: derive everything afresh
        return None
    found = prebuilt(kind, key)
    if found is not None:
        return found
    path = _path(kind, key, slot)
    if path is None:
        return None
    try:
        with open(path, "rb") as fh:
            blob = fh.read()
        magic, version, stored_key, value = marshal.loads(blob)
    except (OSError, EOFError, ValueError, TypeError):
        return None
    if magic != _MAGIC or version != VERSION or stored_key != key:
        return None
    return value


def store(kind: str, key: str, value: Any, slot: str = "") -> bool:
    """Store ``value`` (marshal-able data only); False when it could not be stored."""
    if not enabled():
        return False
    if _recording is not None:
        return record(kind, key, value)
    path = _path(kind, key, slot)
    if path is None:
        return False
    try:
        blob = marshal.dumps((_MAGIC, VERSION, key, value))
    except ValueError:  # e.g. a date in the YAML: not cached, loaded the slow way each time
        return False
    if not write_atomic(path, blob):
        return False
    _prune(path.parent, _prefix(kind, slot), path.name)
    return True


def write_atomic(path: str | Path, blob: bytes | Iterable[bytes]) -> bool:
    """Write ``blob`` (bytes, or pieces of it) to ``path`` through a temporary file in the same
    folder and a rename, so that no reader, in this process or another, sees half an entry.
    False on any OSError: every cache (this one, normalize's tables, jieba's dictionary) is
    only a speed-up."""
    import tempfile  # ~18 ms, 16 modules: only when a cache entry is written

    path = Path(path)
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name.split('-')[0]}-", suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            for piece in ((blob,) if isinstance(blob, (bytes, bytearray)) else blob):
                fh.write(piece)
        os.replace(tmp, path)
        tmp = None
        return True
    except OSError:
        return False
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass


def _prune(folder: Path, prefix: str, keep: str) -> None:
    """Keep the newest KEEP_PER_SLOT entries of a slot (a rule file being edited makes many)."""
    try:
        entries = [e for e in os.scandir(folder) if e.name.startswith(prefix) and e.name.endswith(".marshal")]
        if len(entries) <= KEEP_PER_SLOT:
            return
        entries.sort(key=lambda e: e.stat().st_mtime_ns, reverse=True)
        for e in entries[KEEP_PER_SLOT:]:
            if e.name != keep:
                os.unlink(e.path)
    except OSError:
        pass


# ------------------------------------------------------------------------ prebuilt entries

PREBUILT_DIR = Path(__file__).resolve().parent / "data" / "prebuilt"


def prebuilt_dir() -> Path:
    """Where the prebuilt entries are read from: the package's own folder, or
    ``$AUDITOR_PREBUILT_DIR`` (tests and benchmarks point it at a folder of their own,
    or at an empty one to see what a run without them does)."""
    env = os.environ.get("AUDITOR_PREBUILT_DIR")
    return Path(env) if env else PREBUILT_DIR

_prebuilt: dict[Path, dict] = {}  # file -> {key: value}, each file read once per process
_recording: dict[str, dict] | None = None  # set while auditor.support.prebuild runs


def prebuilt(kind: str, key: str) -> Any | None:
    """The entry shipped with the package for ``key``, or None (not built, or other code)."""
    if not enabled():
        return None
    path = prebuilt_dir() / f"{kind}.marshal"
    table = _prebuilt.get(path)
    if table is None:
        table = {}
        try:
            with open(path, "rb") as fh:
                magic, version, stored = marshal.loads(fh.read())
            if magic == _MAGIC and version == VERSION and isinstance(stored, dict):
                table = stored
        except (OSError, EOFError, ValueError, TypeError):
            pass
        _prebuilt[path] = table
    return table.get(key)


def recording() -> bool:
    """True while the prebuilt entries are being derived (nothing is read from any cache)."""
    return _recording is not None


def record(kind: str, key: str, value: Any) -> bool:
    """Keep ``value`` for the prebuilt entries being derived; False when not recording or
    when it is not marshal-able data."""
    if _recording is None:
        return False
    try:
        marshal.dumps(value)
    except ValueError:
        return False
    _recording.setdefault(kind, {})[key] = value
    return True


def start_recording() -> None:
    global _recording
    _recording = {}
    _prebuilt.clear()


def stop_recording() -> dict[str, dict]:
    """The entries recorded since :func:`start_recording`, by kind."""
    global _recording
    out, _recording = _recording or {}, None
    return out


def write_prebuilt(entries: dict[str, dict], folder: Path = PREBUILT_DIR) -> list[Path]:
    """Write one ``<kind>.marshal`` per kind into ``folder`` (what setup.py ships)."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for kind in sorted(entries):
        path = folder / f"{kind}.marshal"
        # sorted keys: the same inputs give the same bytes
        table = {k: entries[kind][k] for k in sorted(entries[kind])}
        blob = marshal.dumps((_MAGIC, VERSION, table))
        if not (path.exists() and path.read_bytes() == blob):
            if not write_atomic(path, blob):
                raise OSError(f"cannot write {path}")
        os.chmod(path, 0o644)  # package data: readable by every user of an installed copy
        written.append(path)
    return written
