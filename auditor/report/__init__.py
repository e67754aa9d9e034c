"""Output writers, one module per format.

A writer is created with the output stream and ReportOptions, receives each
document with its findings as the audit goes (so large batches stream), and is
closed at the end. ``WRITERS`` maps ``--format`` names to writer classes.
"""
from __future__ import annotations

from auditor.report.options import ReportOptions

__all__ = ["ReportOptions", "formats", "writer_class"]


def writer_class(name: str):
    # writers imports the writer modules, which import this package: imported on first use.
    from auditor.report import writers

    return writers.WRITERS[name]


def formats() -> list[str]:
    from auditor.report import writers  # a real cycle, as in writer_class

    return list(writers.WRITERS)
