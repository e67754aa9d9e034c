"""Baselines: adopt auditor on an existing site and fail only on new findings.

``--write-baseline FILE`` records the run's (unwaived) findings; ``--baseline FILE``
drops the findings recorded there from the report and the exit code, and lists the
recorded findings that are gone ("fixed since the baseline").

A finding's fingerprint is the SHA-256 of: the rule id, the page path (relative to the
project root: the configuration file's folder, else the current directory, ``/``
separated), the evidence with white space collapsed, up to 16 characters of
text on each side of it within its block (white space removed, so re-wrapping does not
matter), and its index among findings that share all of these on the page. It survives lines moving and white space changing, and changes
when the evidence (or its immediate context) changes. SARIF output carries the same value
in ``partialFingerprints``.

The file is JSON, sorted and without timestamps, so it diffs well and the same findings
always give the same bytes::

    {"version": 1, "tool": "auditor",
     "findings": [{"fingerprint": "…", "source": "news/a.html", "rule": "…",
                   "category": "…", "severity": "error", "line": 40, "column": 9,
                   "evidence": "NWB-2207"}]}
"""
from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Sequence

from auditor.gate.config import relative_to
from auditor.model.document import Document, Finding
from auditor.support.errors import BaselineError

VERSION = 1
CONTEXT = 16  # characters of collapsed context each side
WINDOW = 96  # raw characters read each side before collapsing
FINGERPRINT_KEY = "auditor/v1"  # the partialFingerprints key in SARIF


def collapse(text: str) -> str:
    return " ".join(text.split())


def normalize_source(source: str, root: str | Path | None = None) -> str:
    """The page path as fingerprints and baseline files record it."""
    if source == "-" or "://" in source:
        return source
    rel = relative_to(source, Path(root or os.getcwd()).resolve(), member_sep="!/")
    if rel is not None:
        return rel
    outer, sep, member = source.partition("!/")
    return os.path.abspath(outer).replace(os.sep, "/") + (sep + member if sep else "")


def squeeze(text: str) -> str:
    return "".join(text.split())


def context(doc: Document, f: Finding) -> tuple[str, str]:
    """Up to CONTEXT characters each side of the evidence, within its block, white space removed.

    Within the block, so that a paragraph added above or below does not change it; white
    space removed, so that re-wrapping (which in HTML turns a line break between two Han
    characters into a space) does not either.
    """
    text = doc.text or ""
    if not text or f.end < f.start or f.start > len(text):
        return "", ""
    b = doc.block_at(f.start) if doc.blocks else None
    lo, hi = (b.start, b.end) if b is not None else (0, len(text))
    before = squeeze(text[max(lo, f.start - WINDOW):f.start])[-CONTEXT:]
    after = squeeze(text[f.end:min(hi, f.end + WINDOW)])[:CONTEXT]
    return before, after


def fingerprints(doc: Document, findings: Sequence[Finding], root: str | Path | None = None) -> list[str]:
    """One fingerprint per finding, in order."""
    path = normalize_source(doc.source, root)
    seen: dict[tuple, int] = {}
    out = []
    for f in findings:
        before, after = context(doc, f)
        key = (f.rule, path, collapse(f.evidence), before, after)
        index = seen.get(key, 0)
        seen[key] = index + 1
        payload = "\x1f".join((*key, str(index)))
        out.append(hashlib.sha256(payload.encode("utf-8")).hexdigest())
    return out


def entry(f: Finding, fp: str, source: str) -> dict:
    return {
        "fingerprint": fp,
        "source": source,
        "rule": f.rule,
        "category": f.category,
        "severity": f.severity,
        "line": f.line,
        "column": f.column,
        "evidence": f.evidence,
    }


def _sort_key(e: dict):
    return (e["source"], e["line"], e["column"], e["rule"], e["fingerprint"])


def dumps(entries: Sequence[dict]) -> str:
    obj = {"version": VERSION, "tool": "auditor", "findings": sorted(entries, key=_sort_key)}
    return json.dumps(obj, ensure_ascii=False, indent=2, sort_keys=False) + "\n"


def write(path: str | Path, entries: Sequence[dict]) -> None:
    """Write atomically (a temporary file renamed over the target)."""
    path = Path(path)
    tmp = path.with_name(path.name + ".tmp")
    if path.exists() and not path.is_file():  # the rename would replace a device or a folder
        raise BaselineError(f"{path}: cannot write baseline: not a regular file")
    try:
        tmp.write_text(dumps(entries), encoding="utf-8", newline="\n")
        os.replace(tmp, path)
    except OSError as exc:
        raise BaselineError(f"{path}: cannot write baseline: {exc.strerror or exc}") from None


def load(path: str | Path) -> list[dict]:
    path = Path(path)
    try:
        obj = json.loads(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        raise BaselineError(f"{path}: no such baseline file (create one with --write-baseline {path})") from None
    except OSError as exc:
        raise BaselineError(f"{path}: cannot read baseline: {exc.strerror or exc}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BaselineError(f"{path}: not a baseline file (invalid JSON: {exc})") from None
    except RecursionError:  # JSON nested thousands deep: no baseline is
        raise BaselineError(f"{path}: not a baseline file (JSON nested too deeply)") from None
    if not isinstance(obj, dict) or obj.get("version") != VERSION or not isinstance(obj.get("findings"), list):
        raise BaselineError(f"{path}: not an auditor baseline file of version {VERSION}")
    for i, e in enumerate(obj["findings"]):
        if not isinstance(e, dict) or not isinstance(e.get("fingerprint"), str) or not isinstance(e.get("source"), str):
            raise BaselineError(f"{path}: findings[{i}]: expected an object with fingerprint and source")
        e.setdefault("rule", "")
        e.setdefault("line", 0)
        e.setdefault("column", 0)
    return obj["findings"]


class Recorder:
    """Collects the entries of ``--write-baseline`` over a run."""

    def __init__(self, root: str | Path | None = None):
        self.root = root
        self.entries: list[dict] = []

    def add(self, doc: Document, findings: Sequence[Finding], fps: Sequence[str]) -> None:
        source = normalize_source(doc.source, self.root)
        self.entries.extend(entry(f, fp, source) for f, fp in zip(findings, fps) if not f.waiver)


class Baseline:
    """A loaded baseline, matched against each page's findings as the run goes."""

    def __init__(self, entries: Sequence[dict], root: str | Path | None = None, path: str = ""):
        self.path = path
        self.root = root
        self.entries = {e["fingerprint"]: e for e in entries}
        self.audited: set[str] = set()
        self.seen: set[str] = set()
        self.matched = 0
        self.new = 0

    @classmethod
    def load(cls, path: str | Path, root: str | Path | None = None) -> "Baseline":
        return cls(load(path), root, str(path))

    def filter(self, doc: Document, findings: Sequence[Finding], fps: Sequence[str]) -> list[Finding]:
        """The findings that are not in the baseline (waived findings are kept as they are)."""
        self.audited.add(normalize_source(doc.source, self.root))
        out = []
        for f, fp in zip(findings, fps):
            if not f.waiver and fp in self.entries:
                self.seen.add(fp)
                self.matched += 1
                continue
            if not f.waiver:
                self.new += 1
            out.append(f)
        return out

    def fixed(self) -> list[dict]:
        """Baseline entries of pages audited in this run that no longer occur."""
        gone = [e for fp, e in self.entries.items() if fp not in self.seen and e["source"] in self.audited]
        return sorted(gone, key=_sort_key)

    def summary(self) -> str:
        fixed = self.fixed()
        lines = [f"auditor: baseline {self.path}: {self.matched} known finding(s) not reported, "
                 f"{self.new} new, {len(fixed)} fixed since the baseline"]
        for e in fixed:
            lines.append(f"  fixed: {e['source']}:{e['line']}:{e['column']}: {e['rule']} {collapse(str(e.get('evidence', '')))[:80]}")
        return "\n".join(lines) + "\n"
