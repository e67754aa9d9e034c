"""JUnit XML output (``--format junit``), for CI test reports (GitLab, Jenkins, Azure ...).

One ``<testsuite>`` per page (``name`` = the page). In it, one ``<testcase>`` per rule
that ran on the page and found nothing (it passed), and one per finding
(``name`` = the rule id, ``classname`` = the page):

- a finding at or above ``--fail-on`` is a ``<failure>`` whose ``message`` is the
  finding's message and whose text gives the rule, ``path:line:col``, the evidence and
  the fix, so the test report agrees with the exit code;
- a finding below ``--fail-on`` passes, with the same text in ``<system-out>``;
- a waived finding is ``<skipped>`` with the waiver's reason;
- a page that could not be read is an ``<error>``.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import TextIO

from auditor.support.chars import escape_unsafe
from auditor.model.vocabulary import SEVERITY_RANK
from auditor.report.options import ReportOptions

# Characters XML 1.0 cannot carry (pages may contain them): replaced by U+FFFD.
_INVALID_XML = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def clean(text: str) -> str:
    return _INVALID_XML.sub("\ufffd", text or "")


def location(f, source: str) -> str:
    return f"{source}:{f.line}:{f.column}"


def detail(f, source: str) -> str:
    lines = [f"{f.severity} {f.rule} at {location(f, source)}", f.message]
    if f.evidence:
        lines.append(f"evidence: {' '.join(f.evidence.split())}")
    if f.fix:
        lines.append(f"fix: {f.fix}")
    return "\n".join(lines)


class JunitWriter:
    def __init__(self, out: TextIO, opts: ReportOptions):
        self.out, self.opts = out, opts
        self.fail_on = opts.extra.get("fail_on", "error")
        self.root = ET.Element("testsuites", name="auditor")
        self.totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}

    def document(self, doc, findings) -> None:
        source = escape_unsafe(doc.source)  # file names: no newline, ESC or BEL in the report
        suite = ET.SubElement(self.root, "testsuite", name=clean(source))
        counts = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
        level = SEVERITY_RANK[self.fail_on]
        by_rule: dict[str, list] = {}
        for f in findings:
            by_rule.setdefault(f.rule, []).append(f)
        ran = [] if doc.error else [r.id for r in (self.opts.rules or ())]
        order = ran + [rid for rid in by_rule if rid not in ran]
        for rid in order:
            fs = by_rule.get(rid)
            if not fs:
                ET.SubElement(suite, "testcase", name=rid, classname=clean(source), time="0")
                counts["tests"] += 1
                continue
            for f in fs:
                counts["tests"] += 1
                case = ET.SubElement(suite, "testcase", name=clean(f"{rid} ({f.line}:{f.column})"),
                                     classname=clean(source), file=clean(source), line=str(f.line), time="0")
                text = clean(detail(f, source))
                if f.waiver:
                    counts["skipped"] += 1
                    reason = (f.waiver or {}).get("reason", "")
                    ET.SubElement(case, "skipped", message=clean(f"waived: {reason}")).text = text
                elif f.category == "input-error" and rid == "input-error":
                    counts["errors"] += 1
                    ET.SubElement(case, "error", message=clean(f.message), type=rid).text = text
                elif SEVERITY_RANK[f.severity] >= level:
                    counts["failures"] += 1
                    ET.SubElement(case, "failure", message=clean(f.message), type=rid).text = text
                else:
                    ET.SubElement(case, "system-out").text = text
        for k, v in counts.items():
            suite.set(k, str(v))
            self.totals[k] += v
        suite.set("time", "0")

    def close(self) -> None:
        for k, v in self.totals.items():
            self.root.set(k, str(v))
        ET.indent(self.root, space="  ")
        self.out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        self.out.write(ET.tostring(self.root, encoding="unicode"))
        self.out.write("\n")
