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
        return getattr(real, attr)


@contextmanager
def defer(*names: str) -> Iterator[None]:
    """Within the block, ``import NAME`` of a module not imported yet gives a stand-in that
    imports it on first use; after the block ``sys.modules`` holds no stand-in."""
    placed = []
    for name in names:
        if name not in sys.modules:
            stand_in = Deferred(name)
            stand_in.__spec__ = None  # (the import system reads it: not a module being loaded)
            sys.modules[name] = stand_in
            placed.append((name, stand_in))
    try:
        yield
    finally:
        for name, stand_in in placed:
            if sys.modules.get(name) is stand_in:
                del sys.modules[name]
