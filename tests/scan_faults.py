"""Faults injected into scan workers by the tests; the shipping worker carries no test hooks.

``install`` wraps the one function every worker calls per page (bytes to Document), so a
fault happens where a real one would: inside the worker, inside its error handling. Forked
workers inherit the wrapper; a scan in a new process gets it by starting through ``run``:

    python -c "import tests.scan_faults as f; f.run(delay=0.05)" scan ...
"""
from __future__ import annotations

import os
import sys
import time

import auditor.audit.inputs as inputs


def install(*, crash: str | None = None, hang: str | None = None, raise_: str | None = None,
            delay: float | None = None, patch=None) -> None:
    """A page whose source contains ``crash`` kills its worker (as a segfault would),
    ``hang`` never finishes, ``raise_`` raises MemoryError; ``delay`` slows every page.
    ``patch`` is ``monkeypatch.setattr`` when given (undone after the test)."""
    original = inputs.document_from_item

    def faulty(item, *args, **kwargs):
        if delay:
            time.sleep(delay)
        if crash and crash in item.source:
            os._exit(70)
        if hang and hang in item.source:
            while True:
                time.sleep(3600)
        if raise_ and raise_ in item.source:
            raise MemoryError("injected by the test")
        return original(item, *args, **kwargs)

    (patch or setattr)(inputs, "document_from_item", faulty)


def run(**faults) -> None:
    """Install ``faults``, then run the command line in ``sys.argv[1:]``."""
    install(**faults)
    from auditor.cli import main

    raise SystemExit(main(sys.argv[1:]))
