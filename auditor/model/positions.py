"""Positions in a page's source: offsets to 1-based line and column.

Lines end at ``\r\n``, ``\r`` or ``\n``, as the parsers count them; the Document uses the
same index to report a finding where its evidence starts.
"""
from __future__ import annotations

import bisect
import re

NEWLINE = re.compile(r"\r\n|\r|\n")
_LF = re.compile(r"\n")


class LineIndex:
    """Maps an offset in the source to a 1-based (line, column)."""

    def __init__(self, source: str) -> None:
        pattern = NEWLINE if "\r" in source else _LF  # a plain "\n" scan is 3x faster
        self.starts = [0]
        self.starts.extend([m.end() for m in pattern.finditer(source)])
        self.length = len(source)

    def line_of(self, pos: int) -> int:
        return bisect.bisect_right(self.starts, pos)

    def line_col(self, pos: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.starts, pos)
        return line, pos - self.starts[line - 1] + 1

    def line_start(self, line: int) -> int:
        """Offset where 1-based ``line`` starts (clamped)."""
        if line < 1:
            return 0
        if line > len(self.starts):
            return self.length
        return self.starts[line - 1]

    def line_end(self, line: int) -> int:
        """Offset just past the end of 1-based ``line`` (its newline included)."""
        if line < 1:
            return 0
        if line >= len(self.starts):
            return self.length
        return self.starts[line]
