"""The self-contained HTML report (``auditor check --format html``, ``auditor report``).

``report.py`` puts the file together (see its docstring for how it stays safe and fast);
``spool.py`` takes the pages in, ``escape.py`` and ``format.py`` make text safe and local,
``labels.py`` holds the report's words, and ``views/`` one module per view.
"""
from auditor.report.html.escape import asset, script_json
from auditor.report.html.report import HtmlReport, HtmlWriter
from auditor.report.html.sections import _common_dir, section_of
from auditor.report.html.spool import text_from_segments

__all__ = ["HtmlReport", "HtmlWriter", "asset", "script_json", "section_of", "text_from_segments", "_common_dir"]
