"""Gitignore-like path patterns for ``--exclude``, ``.auditorignore`` and ``--ignore-file``.

Syntax (a subset of gitignore(5), enough for site exports):

- blank lines and lines starting with ``#`` are ignored (``\\#`` for a literal ``#``);
  trailing spaces are dropped unless escaped;
- ``!pattern`` re-includes what an earlier pattern excluded (the last matching pattern
  wins); as in git, nothing below an excluded directory can be re-included;
- ``pattern/`` matches directories only (and so everything below them);
- a pattern with a ``/`` at the start or in the middle is anchored to the root the paths
  are relative to; otherwise it matches a name at any depth (``*.md``, ``drafts``);
- ``*`` matches within one path component, ``?`` one character, ``[a-z]`` / ``[!a-z]``
  a class; ``**/`` at the start matches any leading directories, ``/**/`` zero or more
  directories, a trailing ``/**`` everything inside.

Paths given to :meth:`PathRules.excluded` are relative, ``/``-separated, without a
leading ``./``. Matching is case-sensitive, like git on Linux.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Sequence


@dataclass(frozen=True)
class Pattern:
    """One exclude pattern (gitignore syntax)."""

    text: str  # the pattern as written
    origin: str  # where it came from, e.g. "--exclude" or "site/.auditorignore:3"
    negate: bool
    dir_only: bool
    regex: re.Pattern[str]

    def matches(self, path: str, is_dir: bool) -> bool:
        if self.dir_only and not is_dir:
            return False
        return self.regex.match(path) is not None


def _translate_segment(seg: str) -> str:
    out: list[str] = []
    i, n = 0, len(seg)
    while i < n:
        c = seg[i]
        if c == "\\" and i + 1 < n:
            out.append(re.escape(seg[i + 1]))
            i += 2
            continue
        if c == "*":
            while i + 1 < n and seg[i + 1] == "*":  # "a**b" behaves like "a*b"
                i += 1
            out.append("[^/]*")
        elif c == "?":
            out.append("[^/]")
        elif c == "[":
            j = i + 1
            if j < n and seg[j] in "!^":
                j += 1
            if j < n and seg[j] == "]":
                j += 1
            while j < n and seg[j] != "]":
                j += 1
            if j >= n:  # no closing bracket: a literal "["
                out.append(re.escape(c))
            else:
                body = seg[i + 1 : j]
                negate = body[:1] in ("!", "^")
                if negate:
                    body = body[1:]
                body = body.replace("\\", "\\\\")
                out.append("[" + ("^/" if negate else "") + body + "]")
                i = j
        else:
            out.append(re.escape(c))
        i += 1
    return "".join(out)


def compile_pattern(line: str, origin: str = "") -> Pattern | None:
    """Compile one pattern line; ``None`` for blank lines and comments."""
    text = line.rstrip("\r\n")
    # Trailing spaces are dropped unless escaped with a backslash.
    stripped = text.rstrip(" ")
    if stripped.endswith("\\") and len(stripped) < len(text):
        stripped += " "
    text = stripped
    if not text or text.startswith("#"):
        return None
    pat = text
    negate = False
    if pat.startswith("!"):
        negate = True
        pat = pat[1:]
    elif pat.startswith("\\!") or pat.startswith("\\#"):
        pat = pat[1:]
    dir_only = pat.endswith("/")
    pat = pat.rstrip("/")
    if not pat:
        return None
    anchored = "/" in pat
    pat = pat.lstrip("/")
    while pat.startswith("./"):
        pat = pat[2:]
    if not pat:
        return None
    if not anchored:
        pat = "**/" + pat
    parts = pat.split("/")
    regex = []
    for k, part in enumerate(parts):
        last = k == len(parts) - 1
        if part == "**":
            regex.append(".*" if last else "(?:[^/]*/)*")
        else:
            regex.append(_translate_segment(part) + ("" if last else "/"))
    return Pattern(
        text=line.strip(),
        origin=origin,
        negate=negate,
        dir_only=dir_only,
        regex=re.compile("".join(regex) + r"\Z", re.DOTALL),
    )


def parse_patterns(lines: Iterable[str], origin: str = "") -> list[Pattern]:
    """Compile the lines of an ignore file (or a list of ``--exclude`` values)."""
    out = []
    for number, line in enumerate(lines, 1):
        pat = compile_pattern(line, f"{origin}:{number}" if origin else "")
        if pat is not None:
            out.append(pat)
    return out


def normalize_rel(path: str) -> str:
    """``./a\\b/`` -> ``a/b``: the form patterns are matched against."""
    path = path.replace("\\", "/")
    parts = [p for p in path.split("/") if p not in ("", ".")]
    return "/".join(parts)


class PathRules:
    """An ordered list of patterns; the last pattern that matches a path decides."""

    def __init__(self, patterns: Sequence[Pattern] = ()):
        self.patterns: tuple[Pattern, ...] = tuple(patterns)

    def __bool__(self) -> bool:
        return bool(self.patterns)

    def __add__(self, other: "PathRules") -> "PathRules":
        return PathRules(self.patterns + other.patterns)

    def _decide(self, path: str, is_dir: bool) -> bool:
        excluded = False
        for pat in self.patterns:
            if pat.negate == excluded and pat.matches(path, is_dir):
                excluded = not pat.negate
        return excluded

    def match_one(self, path: str, is_dir: bool = False) -> bool:
        """Whether the path itself is excluded, not looking at its parents
        (for walkers that already pruned excluded directories)."""
        if not self.patterns:
            return False
        return self._decide(normalize_rel(path), is_dir)

    def excluded(self, path: str, is_dir: bool = False) -> bool:
        """Whether the path, or any directory above it, is excluded."""
        if not self.patterns:
            return False
        path = normalize_rel(path)
        if not path:
            return False
        parts = path.split("/")
        for k in range(1, len(parts)):
            if self._decide("/".join(parts[:k]), True):
                return True
        return self._decide(path, is_dir)
