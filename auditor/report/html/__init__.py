"""The self-contained HTML report (``auditor check --format html``, ``auditor report``).

See :mod:`auditor.report.html.report` for how it stays safe and fast.
"""
from auditor.report.html.report import (HtmlReport, HtmlWriter, _common_dir, asset, script_json, section_of,
                                         text_from_segments)

__all__ = ["HtmlReport", "HtmlWriter", "asset", "script_json", "section_of", "text_from_segments", "_common_dir"]
