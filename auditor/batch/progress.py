"""The scan's progress bar: pages, pages/s, findings so far, ETA when the total is known.

Shown on stderr only when stderr is a terminal and ``--quiet`` is not given; otherwise
nothing is printed (logs and CI output stay clean).
"""
from __future__ import annotations

import os
import sys


class Progress:
    def __init__(self, total: int | None = None, initial: int = 0, findings: int = 0,
                 enabled: bool | None = None, stream=None):
        self.stream = stream or sys.stderr
        if enabled is None:
            enabled = bool(getattr(self.stream, "isatty", lambda: False)())
        self.findings = findings
        self.bar = None
        if enabled:
            from tqdm import tqdm  # ~75 ms and 63 modules: only when a terminal shows the bar

            class Bar(tqdm):
                monitor_interval = 0  # no monitor thread: the scan forks replacement workers

            try:  # a terminal that reports no width (a bare pty) gets 80 columns
                sized = os.get_terminal_size(self.stream.fileno()).columns > 0
            except (OSError, ValueError, AttributeError):
                sized = False
            self.bar = Bar(total=total, initial=initial, unit=" pages", unit_scale=False, file=self.stream,
                           dynamic_ncols=sized, ncols=None if sized else 80, nrows=None if sized else 24, mininterval=0.25, smoothing=0.1,
                           desc="scan", postfix=f"findings={findings}")

    def advance(self, findings: int = 0) -> None:
        self.findings += findings
        if self.bar is not None:
            if findings:
                self.bar.set_postfix_str(f"findings={self.findings}", refresh=False)
            self.bar.update(1)

    def write(self, message: str) -> None:
        """A message that does not garble the bar."""
        if self.bar is not None:
            self.bar.write(message.rstrip("\n"), file=self.stream)
        else:
            self.stream.write(message if message.endswith("\n") else message + "\n")
            self.stream.flush()

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None
