"""Compiled regular expressions and dataclass methods shipped with the package, so that
a new process does not compile them again.

Python's ``re`` turns a pattern into a program for its matching engine (parse, then code
generation) every time a process first compiles it. A one-page ``auditor check`` compiles
about 150 patterns, many with large CJK character classes, and that was about a third of
its start-up. The programs depend only on the pattern, its flags and the Python build,
so they are derived once when the package is built (:func:`record`, run by
:mod:`auditor.commands.prebuild` on sample pages) and stored with the other prebuilt
entries (``compiled.marshal``, keyed by the Python build: another interpreter simply misses
them). :func:`install` makes ``re`` look a pattern up there before compiling it; a
pattern found there becomes exactly the object ``re.compile`` would have built (the
recorder checks that with ``==``, which compares the programs), and anything not found,
or any problem with the table, takes the ordinary way.

Only ``re``'s code-generation step is replaced (``re._compiler.compile``, which
``re.compile`` calls on a miss of its own in-process cache), so ``re``'s caching and
every pattern's behaviour stay ``re``'s own. ``_sre`` checks every program it is given,
so even a damaged table cannot make a pattern misbehave: it is refused and compiled.

Dataclasses likewise: ``@dataclass`` writes the source of ``__init__``, ``__repr__``,
``__eq__`` ... for each class and compiles it with ``exec``, about 40 classes and 10 % of
a check's start-up. The table keeps the compiled code of each such source text (a code
object, which :mod:`marshal` stores), and ``dataclasses``' ``exec`` runs it instead of
compiling the text; any other text is compiled as before.
"""
from __future__ import annotations

import marshal
import re
import sys
from array import array
from typing import Any

try:  # Python 3.11+
    from re import _compiler, _parser  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - Python 3.10
    import sre_compile as _compiler  # type: ignore[no-redef]
    import sre_parse as _parser  # type: ignore[no-redef]

import _sre

from auditor.support import cache

__all__ = ["install", "uninstall", "installed", "record", "KIND"]

KIND = "compiled"
# Patterns compiled with these flags are left alone: DEBUG prints while compiling, and
# LOCALE's meaning can depend on the process's locale.
_SKIP_FLAGS = re.DEBUG | re.LOCALE

_original = None  # re's own code generation while ours is installed
_table: dict | None = None  # (pattern, flags) -> the arguments of _sre.compile, less the pattern
_code: dict | None = None  # source text dataclasses compiles -> its code object, marshalled


def stamp() -> str:
    """What the stored programs depend on: the interpreter build and its regex engine."""
    return cache.digest(KIND, [sys.version, sys.implementation.cache_tag, str(sys.hexversion), sys.byteorder,
                               str(_sre.MAGIC), str(_sre.CODESIZE), str(array("I").itemsize)])


def _usable() -> bool:
    return _sre.CODESIZE == array("I").itemsize and callable(getattr(_compiler, "compile", None))


def _dataclasses_plain() -> bool:
    """True when ``dataclasses`` compiles its texts as a plain ``compile(text, "<string>",
    "exec")`` would: no ``from __future__`` import of its own changes how."""
    import __future__  # (tiny, and only to look)
    import dataclasses  # (the commands import it anyway)

    return not any(isinstance(v, __future__._Feature) for v in vars(dataclasses).values())


def install() -> bool:
    """Look patterns up in the prebuilt table before compiling them (once per process).
    False when there is no table for this interpreter (nothing changes then)."""
    global _original, _table
    if _original is not None:
        return True
    if not _usable():
        return False
    found = cache.prebuilt(KIND, stamp())
    if not isinstance(found, dict) or not isinstance(found.get("re"), dict):
        return False
    _table = found["re"]
    _original = _compiler.compile
    _compiler.compile = _compile
    code = found.get("dataclasses")
    if isinstance(code, dict) and code and _dataclasses_plain():
        import dataclasses  # (the commands import it anyway)

        global _code
        _code = code
        dataclasses.exec = _exec  # dataclasses calls exec by name: a module global comes first
    return True


def uninstall() -> None:
    global _original, _table, _code
    if _original is not None:
        _compiler.compile = _original
    if _code is not None:
        import dataclasses  # (imported when installed)

        if vars(dataclasses).get("exec") is _exec:
            del dataclasses.exec
    _original = _table = _code = None


def installed() -> bool:
    return _original is not None


def _compile(p: Any, flags: int = 0):
    entry = _table.get((p, flags)) if type(p) in (str, bytes) else None  # type: ignore[union-attr]
    if entry is not None:
        try:
            final_flags, code, groups, groupindex, indexgroup = entry
            return _sre.compile(p, final_flags, array("I", code).tolist(), groups, groupindex, indexgroup)
        except Exception:  # noqa: BLE001 - a damaged entry: compile the usual way
            pass
    return _original(p, flags)  # type: ignore[misc]


def _exec(source, globals=None, locals=None):  # noqa: A002 - exec's own parameter names
    if type(source) is str:
        blob = _code.get(source)  # type: ignore[union-attr]
        try:
            source = marshal.loads(blob) if blob is not None else _plain_compile(source)
        except (EOFError, ValueError, TypeError):  # a damaged entry: compile the text
            source = _plain_compile(source)
    return exec(source, globals, locals)


def _plain_compile(source: str):
    """What ``exec(source)`` compiles when called from ``dataclasses``: no future
    features (this module's own ``from __future__`` must not leak into the code)."""
    return compile(source, "<string>", "exec", dont_inherit=True)


# ------------------------------------------------------------------------ recording


def _derive(pattern: str | bytes, flags: int) -> tuple:
    """The arguments ``re`` passes to ``_sre.compile`` for ``pattern`` (its compile step,
    without the call)."""
    p = _parser.parse(pattern, flags)
    code = _compiler._code(p, flags)
    groupindex = dict(p.state.groupdict)
    indexgroup = [None] * p.state.groups
    for k, i in groupindex.items():
        indexgroup[i] = k
    return (flags | p.state.flags, array("I", code).tobytes(), p.state.groups - 1, groupindex, tuple(indexgroup))


class Recorder:
    """Notes every pattern ``re`` compiles while it is active (see :func:`record`)."""

    def __init__(self) -> None:
        self.seen: dict[tuple, None] = {}
        self.texts: dict[str, None] = {}
        self._saved = None

    def __enter__(self) -> "Recorder":
        self._saved = _compiler.compile
        saved = self._saved

        def noting(p, flags=0):
            if type(p) in (str, bytes) and not flags & _SKIP_FLAGS:
                self.seen.setdefault((p, flags), None)
            return saved(p, flags)

        def noting_exec(source, globals=None, locals=None):  # noqa: A002
            if type(source) is str:
                self.texts.setdefault(source, None)
                source = _plain_compile(source)
            return exec(source, globals, locals)

        _compiler.compile = noting
        import dataclasses  # (recording: the prebuild only)

        dataclasses.exec = noting_exec
        return self

    def __exit__(self, *exc) -> None:
        _compiler.compile = self._saved
        import dataclasses  # (imported by __enter__)

        vars(dataclasses).pop("exec", None)

    def table(self) -> dict:
        """The entries for :func:`install`: ``{"re": {(pattern, flags): program},
        "dataclasses": {text: code}}``, for every pattern noted whose program rebuilds to
        the very pattern ``re`` compiles and every text dataclasses compiled; in a stable
        order."""
        code = {}
        if _dataclasses_plain():
            for text in sorted(self.texts):
                try:
                    code[text] = marshal.dumps(_plain_compile(text))
                except (SyntaxError, ValueError):
                    continue
        return {"re": self._regexes(), "dataclasses": code}

    def _regexes(self) -> dict:
        out = {}
        compile_ = self._saved
        for pattern, flags in sorted(self.seen, key=lambda k: (isinstance(k[0], bytes), k[0], k[1])):
            try:
                args = _derive(pattern, flags)
                rebuilt = _sre.compile(pattern, args[0], array("I", args[1]).tolist(), *args[2:])
                if rebuilt != compile_(pattern, flags):
                    continue
                marshal.dumps(args)
            except Exception:  # noqa: BLE001 - not storable: it is compiled at run time
                continue
            out[(pattern, flags)] = args
        return out


def record() -> Recorder:
    """A context manager noting the patterns compiled inside it, for the prebuilt table:

        with recache.record() as rec:
            ...  # run what a command runs
        cache.record(recache.KIND, recache.stamp(), rec.table())
    """
    if not _usable():
        raise RuntimeError("this Python's regular expression engine cannot be prebuilt")
    return Recorder()
