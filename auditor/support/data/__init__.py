"""Package data (the small jieba dictionary) and the per-user cache directory.

Files here are generated; see ``scripts/build_zh_dict.py``.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent

_cache_dir: Path | None = None


def path(name: str) -> Path:
    """The path of a bundled data file."""
    return DATA_DIR / name


class NoCacheDir(OSError):
    """No directory private to the user could be found or made: caching is off."""


_refusal: str | None = None


def cache_dir() -> Path:
    """A per-user cache directory for derived data, private to the user.

    ``$AUDITOR_CACHE_DIR``, else ``$XDG_CACHE_HOME/auditor``, else
    ``~/.cache/auditor``; when that cannot be created or written, an
    ``auditor-<uid>`` directory in the system temporary directory. Each is created
    with mode 0700 and used only if it belongs to the user and no one else can write
    to it (:func:`auditor.support.cache.make_private_dir`). When none qualifies,
    :class:`NoCacheDir` is raised and a note goes to standard error once: caches are
    only speed-ups, and everything works, slower, without them.
    """
    global _cache_dir, _refusal
    if _cache_dir is not None:
        return _cache_dir
    if _refusal is not None:
        raise NoCacheDir(_refusal)
    from auditor.support.cache import make_private_dir  # a real cycle: cache imports this module

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
    problems = []
    for cand in candidates:
        shared = cand is None
        if shared:
            import tempfile  # ~18 ms, 16 modules (see above)

            cand = Path(tempfile.gettempdir()) / f"auditor-{uid}"
        problem = make_private_dir(cand, allow_link=not shared)
        if problem is None:
            _cache_dir = cand
            return cand
        problems.append(problem)
    _refusal = "; ".join(problems)
    sys.stderr.write(f"auditor: note: caching is off (slower start-up): no cache folder private to this user "
                     f"({_refusal}); set AUDITOR_CACHE_DIR to one\n")
    raise NoCacheDir(_refusal)
