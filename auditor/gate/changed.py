"""``--changed-since REF``: audit only the pages changed since a git ref.

Changed means: in ``git diff --name-only REF...HEAD`` (what the branch changed since it
left REF), or changed in the work tree or the index (``git diff --name-only HEAD``), or
untracked and not ignored (``git ls-files --others --exclude-standard``). Deleted files
are left out. The set is intersected with the paths given on the command line: a file
argument is audited only if it changed, a directory argument yields only its changed
pages (with the usual directory rules: page-like names, ``.auditorignore``, ``--exclude``).
"""
from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import Iterable, Iterator

from auditor.support.errors import ChangedError


def _git(args: list[str], cwd: str) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False)
    except FileNotFoundError:
        raise ChangedError("--changed-since needs git, and git is not installed") from None


def _names(out: bytes) -> list[str]:
    return [n for n in out.decode("utf-8", "surrogateescape").split("\0") if n]


def git_root(cwd: str | None = None) -> Path:
    cwd = cwd or os.getcwd()
    p = _git(["rev-parse", "--show-toplevel"], cwd)
    if p.returncode != 0:
        raise ChangedError(f"--changed-since: {cwd} is not in a git repository")
    return Path(p.stdout.decode("utf-8", "surrogateescape").strip()).resolve()


def changed_files(ref: str, cwd: str | None = None) -> set[str]:
    """Absolute, resolved paths of existing files changed since ``ref``."""
    cwd = cwd or os.getcwd()
    root = git_root(cwd)
    if ref.startswith("-"):
        raise ChangedError(f"--changed-since: {ref!r} is not a git ref")
    p = _git(["rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}"], str(root))
    if p.returncode != 0:
        raise ChangedError(f"--changed-since: unknown git ref {ref!r} in {root}")
    names: list[str] = []
    head = _git(["rev-parse", "--verify", "--quiet", "HEAD^{commit}"], str(root)).returncode == 0
    commands = [["diff", "--name-only", "-z", "--no-renames", f"{ref}...HEAD", "--"]] if head else []
    commands += [
        ["diff", "--name-only", "-z", "--no-renames", "HEAD", "--"] if head else ["diff", "--name-only", "-z", "--cached", "--"],
        ["ls-files", "--others", "--exclude-standard", "-z"],
    ]
    for cmd in commands:
        p = _git(["-c", "core.quotepath=off", *cmd], str(root))
        if p.returncode != 0:
            msg = p.stderr.decode("utf-8", "replace").strip().splitlines()
            raise ChangedError(f"--changed-since {ref}: git {' '.join(cmd[:2])} failed: {msg[-1] if msg else p.returncode}")
        names += _names(p.stdout)
    out = set()
    for n in names:
        path = root / n
        if path.is_file():
            out.add(os.path.realpath(path))
    return out


def source_path(source: str) -> str | None:
    """The file system path behind a page source (the archive for ``a.zip!/m``)."""
    if source == "-" or "://" in source or source.startswith("@"):
        return None
    return os.path.realpath(source.partition("!/")[0])


def only_changed(items: Iterable, changed: set[str]) -> Iterator:
    """Source items whose file is in ``changed`` (stdin and URLs pass through)."""
    for item in items:
        path = source_path(item.source)
        if path is None or path in changed:
            yield item
