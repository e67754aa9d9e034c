"""Cyclic garbage collection paused while a command starts.

Start-up creates tens of thousands of objects that live as long as the process (modules,
classes, functions, compiled tables, the rulesets): the collector runs some 40 times over
them during a one-page ``auditor check`` and frees a few hundred objects, about 5 % of the
run. So the collector is paused from the start of :func:`auditor.cli.main` until the
command has set itself up (``check``: until its first page is audited, which loads the
lazily imported parts) and runs normally from then on, so that a long run keeps its memory
flat. Only reference cycles wait; everything else is freed as always. What exists when the
collector resumes is frozen (``gc.freeze``): cycles among it are never collected, which
costs at most what start-up and the first page left behind (a few hundred objects).

Only for a process's own command line (:func:`for_this_process`): a program or a test that
calls ``auditor.cli.main(argv)`` keeps its collector as it is.

:func:`paused` is the short pause around one piece of work that makes no reference cycles
(reading a page, checking it): the collector would only rescan its many small objects
again and again; what it would free, it frees when it next runs.
"""
from __future__ import annotations

import gc
from contextlib import contextmanager
from typing import Iterator

__all__ = ["for_this_process", "pause", "paused", "resume"]

_paused = False
_ours = False  # the process runs auditor's command line: its collector is ours to pause


def for_this_process() -> None:
    """Let :func:`pause` act: called by ``auditor.cli.main`` when it reads ``sys.argv``."""
    global _ours
    _ours = True


def pause() -> None:
    """Pause the collector, unless it is already off (the caller's choice is kept) or the
    process is not auditor's own command line."""
    global _paused
    if _ours and gc.isenabled():
        gc.disable()
        _paused = True


def resume() -> None:
    """Undo :func:`pause` (once; a no-op when nothing was paused)."""
    global _paused
    if _paused:
        _paused = False
        # What start-up made is there to stay: out of the collector's sight, or its next
        # pass would go over all of it once (as long as the passes saved).
        gc.freeze()
        gc.enable()


@contextmanager
def paused() -> Iterator[None]:
    """The collector off for the ``with`` block, then as it was (off stays off)."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
