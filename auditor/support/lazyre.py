"""Regular expressions compiled on first use.

Compiling a pattern with a large character class (CJK ranges, for instance) takes a few
milliseconds in Python's ``re``; a module that compiles a dozen of them at import adds
that to every start-up, although a given run needs few of them (an English page never
uses the Chinese date patterns). ``LazyRe(source, flags)`` stands in for
``re.compile(source, flags)``: same methods and attributes, compiled the first time one
is used. After that the pattern's methods are plain attributes of the object, so calls
cost what calls on a compiled pattern cost.
"""
from __future__ import annotations

import re

__all__ = ["LazyRe"]

_METHODS = ("search", "match", "fullmatch", "finditer", "findall", "sub", "subn", "split")


class LazyRe:
    def __init__(self, pattern: str | bytes, flags: int = 0) -> None:
        self._source = (pattern, flags)

    def compiled(self) -> re.Pattern:
        pattern = re.compile(*self._source)
        for name in _METHODS:
            setattr(self, name, getattr(pattern, name))
        self._compiled = pattern
        return pattern

    def __getattr__(self, name: str):  # only for what is not set yet: the first use
        if name.startswith("__"):
            raise AttributeError(name)
        pattern = self.__dict__.get("_compiled") or self.compiled()
        return getattr(pattern, name)

    def __repr__(self) -> str:
        return f"LazyRe({self._source[0]!r}, {self._source[1]!r})"
