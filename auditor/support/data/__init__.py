"""Package data (the small jieba dictionary) and the per-user cache directory.

Files here are generated; see ``scripts/build_zh_dict.py``.
"""
from __future__ import annotations

import os
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent

_cache_dir: Path | None = None


def path(name: str) -> Path:
    """The path of a bundled data file."""
    return DATA_DIR / name


def cache_dir() -> Path:
    """A writable per-user cache directory for derived data.

    ``$AUDITOR_CACHE_DIR``, else ``$XDG_CACHE_HOME/auditor``, else
    ``~/.cache/auditor``; when that cannot be created or written, an
    ``auditor-<uid>`` directory in the system temporary directory.  Caches
    are only speed-ups: everything works, slower, without them.
    """
    global _cache_dir
    if _cache_dir is not None:
        return _cache_dir
    candidates = []
    env = os.environ.get("AUDITOR_CACHE_DIR")
    if env:
        candidates.append(Path(env))
    xdg = os.environ.get("XDG_CACHE_HOME")
    if xdg and os.path.isabs(xdg):
        candidates.append(Path(xdg) / "auditor")
    try:
        candidates.append(Path.home() / ".cache" / "auditor")
    except (RuntimeError, KeyError):  # no home directory
        pass
    uid = os.getuid() if hasattr(os, "getuid") else "user"
    candidates.append(None)  # the temporary directory: tempfile is imported only if it comes to that
    for cand in candidates:
        if cand is None:
            import tempfile

            cand = Path(tempfile.gettempdir()) / f"auditor-{uid}"
        try:
            cand.mkdir(parents=True, exist_ok=True)
        except OSError:
            continue
        if os.access(cand, os.W_OK | os.X_OK):
            _cache_dir = cand
            return cand
    import tempfile

    _cache_dir = Path(tempfile.gettempdir())
    return _cache_dir
