"""Output writers, one module per format.

A writer is created with the output stream and ReportOptions, receives each
document with its findings as the audit goes (so large batches stream), and is
closed at the end. ``WRITERS`` maps ``--format`` names to writer classes.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Sequence


@dataclass
class ReportOptions:
    locale: str = "en"
    color: bool = False
    segments: bool = False
    rules: Sequence = ()  # the Rule objects that ran (for rule metadata in SARIF/HTML)
    audit_date: object = None
    extra: dict = field(default_factory=dict)


def writer_class(name: str):
    from auditor.report import writers

    return writers.WRITERS[name]


def formats() -> list[str]:
    from auditor.report import writers

    return list(writers.WRITERS)
