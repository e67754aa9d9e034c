"""Standard-library modules that a dependency imports for a path auditor never takes,
imported when first used instead.

jieba imports ``tempfile`` (with ``shutil`` and ``random``) and ``pickle`` only to write its
own dictionary cache and to read its model on Jython, neither of which auditor lets it do
(auditor.read.zh): some 10 ms of a Chinese page's start-up. :func:`defer` puts a stand-in
module in ``sys.modules`` while such an import runs: the importing module keeps the
stand-in, which imports the real module the first time any of its attributes is used (and
then holds the real module's attributes, so later uses cost nothing extra). Every other
importer gets the real module: the stand-in leaves ``sys.modules`` when the ``with`` block
ends.

Only plain modules are deferred, not packages. ``from NAME import f`` reads ``f`` at once, which would import the real module: for such an
import, ``defer(NAME=("f",))`` gives the stand-in an ``f`` that imports the module when
called (functions and classes called for a result only; jieba's ``from hashlib import md5``,
whose OpenSSL bindings cost ~5 ms, is used only to name its own cache file).

``importlib.util.LazyLoader`` would do the same, but in Python 3.11 the import statement
itself reads the module's ``__spec__``, which makes it load at once.
"""
from __future__ import annotations

import sys
import threading
from contextlib import contextmanager
from types import ModuleType
from typing import Iterator

__all__ = ["defer", "Deferred"]

_lock = threading.Lock()


class Deferred(ModuleType):
    """A module not imported yet: the first attribute asked for imports it."""

    def __getattr__(self, attr: str):
        # (only for attributes the stand-in does not hold: the first use)
        if attr == "__path__" and "_deferred_real" not in self.__dict__:
            # asked by every ``from NAME import ...`` to tell a package: the modules
            # deferred are plain modules (a package is never deferred)
            raise AttributeError(attr)
        return getattr(self._deferred_load(), attr)

    def _deferred_load(self) -> ModuleType:
        """The real module, imported on the first call."""
        name = self.__dict__["__name__"]
        with _lock:
            real = self.__dict__.get("_deferred_real")
            if real is None:
                if sys.modules.get(name) is self:
                    del sys.modules[name]
                import importlib  # (site has imported it)

                real = importlib.import_module(name)
                self.__dict__.update(vars(real))
                self.__dict__["_deferred_real"] = real
        return real


def _called_later(stand_in: Deferred, attr: str):
    """A callable for ``from NAME import attr``: calls the real module's ``attr``."""

    def call(*args, **kwargs):
        return getattr(stand_in._deferred_load(), attr)(*args, **kwargs)

    call.__name__ = call.__qualname__ = attr
    return call


@contextmanager
def defer(*names: str, **callables: tuple[str, ...]) -> Iterator[None]:
    """Within the block, ``import NAME`` of a module not imported yet gives a stand-in that
    imports it on first use; after the block ``sys.modules`` holds no stand-in. A keyword
    ``NAME=("f", ...)`` defers NAME too, and gives ``from NAME import f`` a function that
    imports NAME when called and calls its ``f``."""
    placed = []
    for name in (*names, *callables):
        if name not in sys.modules:
            stand_in = Deferred(name)
            stand_in.__spec__ = None  # (the import system reads it: not a module being loaded)
            for attr in callables.get(name, ()):
                setattr(stand_in, attr, _called_later(stand_in, attr))
            sys.modules[name] = stand_in
            placed.append((name, stand_in))
    try:
        yield
    finally:
        for name, stand_in in placed:
            if sys.modules.get(name) is stand_in:
                del sys.modules[name]
