"""What every writer is created with (beside its output stream)."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Sequence


@dataclass
class ReportOptions:
    """How a report is written."""

    locale: str = "en"
    color: bool = False
    segments: bool = False
    rules: Sequence = ()  # the Rule objects that ran (for rule metadata in SARIF/HTML)
    audit_date: object = None
    extra: dict = field(default_factory=dict)
