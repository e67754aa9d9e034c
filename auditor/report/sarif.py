"""SARIF 2.1.0 output (``--format sarif``), for GitHub code scanning and other SARIF viewers.

One run; ``tool.driver.rules`` lists every rule that ran (plus built-in rules that
reported), each with its title, description, fix (``help``) in the output locale, its
default level, category, tags and references. Each result has the rule id and index,
the level (error/warning/note), the message, a physical location (URI relative to the
current directory when the page is under it; line and column; the evidence as the
snippet), the baseline fingerprint in ``partialFingerprints`` and, for waived findings,
a ``suppressions`` entry (``inSource`` for a comment in the page, ``external`` for the
waiver file) whose justification is the waiver's reason.
"""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TextIO
from urllib.parse import quote

from auditor import __version__
from auditor.gate.baseline import FINGERPRINT_KEY, fingerprints
from auditor.gate.waivers import builtin_rules
from auditor.report.options import ReportOptions

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}


def information_uri() -> str | None:
    """The project's home page from the package metadata (Project-URL), if one is set."""
    try:
        from importlib.metadata import metadata  # ~60 ms, ~50 modules: SARIF output only

        md = metadata("auditor")
        for url in md.get_all("Project-URL") or []:
            _label, _, link = url.partition(",")
            if link.strip().startswith(("http://", "https://")):
                return link.strip()
        home = md.get("Home-page")
        if home and home.startswith(("http://", "https://")):
            return home
    except Exception:  # noqa: BLE001 - metadata is optional
        pass
    return None


def artifact_uri(source: str, cwd: str | None = None) -> str:
    """A page source as a URI reference: relative to ``cwd`` when the page is under it."""
    if source == "-":
        return "stdin"
    if "://" in source:
        return source
    outer, sep, member = source.partition("!/")
    absolute = os.path.abspath(outer)
    try:
        rel = os.path.relpath(absolute, cwd or os.getcwd())
    except ValueError:
        rel = None
    if rel is not None and rel != ".." and not rel.startswith(".." + os.sep):
        uri = quote(rel.replace(os.sep, "/"), safe="/!~-._")
    else:
        uri = Path(absolute).as_uri()
    return uri + (sep + quote(member, safe="/!~-._") if sep else "")


def _first_url(refs) -> str | None:
    for ref in refs:
        for word in str(ref).split():
            if word.startswith(("https://", "http://")):
                return word.rstrip(").,;")
    return None


class SarifWriter:
    def __init__(self, out: TextIO, opts: ReportOptions):
        self.out, self.opts = out, opts
        self.results: list[dict] = []
        self.used_rules: dict[str, object] = {}
        self.root = opts.extra.get("root")
        self.baseline = bool(opts.extra.get("baseline"))
        self.cwd = os.getcwd()

    def document(self, doc, findings) -> None:
        fps = fingerprints(doc, findings, self.root)
        uri = artifact_uri(doc.source, self.cwd)
        for f, fp in zip(findings, fps):
            region = {"startLine": max(1, f.line), "startColumn": max(1, f.column)}
            if f.evidence:
                region["snippet"] = {"text": f.evidence}
            result: dict = {
                "ruleId": f.rule,
                "ruleIndex": -1,  # filled in at close, once the rules array is known
                "level": LEVELS.get(f.severity, "warning"),
                "message": {"text": f.message or f.title or f.rule},
                "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri}, "region": region}}],
                "partialFingerprints": {FINGERPRINT_KEY: fp},
            }
            props = {"category": f.category, "severity": f.severity}
            if f.fix:
                props["fix"] = f.fix
            if f.explanation:
                props["explanation"] = f.explanation
            result["properties"] = props
            if f.waiver:
                w = f.waiver
                sup: dict = {
                    "kind": "external" if w.get("source") == "file" else "inSource",
                    "status": "accepted",
                    "justification": w.get("reason") or "",
                }
                sprops = {k: w[k] for k in ("approver", "until", "line", "file") if w.get(k) is not None}
                if sprops:
                    sup["properties"] = sprops
                result["suppressions"] = [sup]
            if self.baseline:
                result["baselineState"] = "new"
            self.results.append(result)
            self.used_rules.setdefault(f.rule, f)

    def _rules(self) -> list[dict]:
        loc = self.opts.locale
        rules = list(self.opts.rules or ())
        known = {r.id for r in rules}
        builtins = {r.id: r for r in builtin_rules()}
        descriptors = []
        for r in rules:
            descriptors.append(self._descriptor(r, loc))
        for rid, f in self.used_rules.items():
            if rid in known:
                continue
            known.add(rid)
            if rid in builtins:
                descriptors.append(self._descriptor(builtins[rid], loc))
            else:  # input-error and anything a rule object was not given for
                d = {
                    "id": rid,
                    "name": rid.rsplit("/", 1)[-1],
                    "shortDescription": {"text": f.title or rid},
                    "fullDescription": {"text": f.title or rid},
                    "defaultConfiguration": {"level": LEVELS.get(f.severity, "warning")},
                    "properties": {"category": f.category, "tags": [f.category]},
                }
                if f.fix:
                    d["help"] = {"text": f.fix}
                descriptors.append(d)
        return descriptors

    @staticmethod
    def _descriptor(r, loc: str) -> dict:
        title = r.text("title", loc) or r.id
        full = title
        if r.description and r.description.strip() != title:
            full = f"{title}. {r.description.strip()}" if loc != "en" else r.description.strip()
        d: dict = {
            "id": r.id,
            "name": r.short_id,
            "shortDescription": {"text": title},
            "fullDescription": {"text": full},
            "defaultConfiguration": {"level": LEVELS.get(r.severity, "warning")},
        }
        fix = r.text("fix", loc)
        if fix:
            d["help"] = {"text": fix}
        url = _first_url(r.references)
        if url:
            d["helpUri"] = url
        props: dict = {"category": r.category, "tags": [r.category, r.ruleset]}
        if r.references:
            props["references"] = list(r.references)
        d["properties"] = props
        return d

    def close(self) -> None:
        rules = self._rules()
        index = {d["id"]: i for i, d in enumerate(rules)}
        for res in self.results:
            res["ruleIndex"] = index[res["ruleId"]]
        run: dict = {
            "tool": {
                "driver": {
                    "name": "auditor",
                    "version": __version__,
                    "semanticVersion": __version__,
                    **({"informationUri": uri} if (uri := information_uri()) else {}),
                    "rules": rules,
                }
            },
            "invocations": [{"executionSuccessful": True}],
            "columnKind": "unicodeCodePoints",
            "results": self.results,
        }
        props = {}
        if self.opts.audit_date is not None:
            props["auditDate"] = str(self.opts.audit_date)
        props["locale"] = self.opts.locale
        run["properties"] = props
        doc = {"$schema": SARIF_SCHEMA, "version": SARIF_VERSION, "runs": [run]}
        self.out.write(json.dumps(doc, ensure_ascii=False, indent=2) + "\n")
