"""The per-document function of a scan, and what each worker process holds.

An :class:`Auditor` is built once per process from a picklable :class:`ScanSpec`: the
engines (rulesets compiled, profile loaded; one per distinct per-path setting), the
waivers, and, after :meth:`Auditor.warm_up`, jieba's dictionary and every other lazily
loaded table. The local engine builds and warms it in the parent and forks the
workers afterwards, so they share it copy-on-write; dask workers build their own on
first use (:func:`auditor_for`).

:meth:`Auditor.audit` turns one :class:`~auditor.sources.SourceItem` into a
:class:`Result`: the output text (one JSON line, or CSV rows), a small summary entry
and the page's cross-page facts. It never raises: a page that breaks the pipeline
becomes an ``input-error`` record.
"""
from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from auditor.audit.facts import page_facts
from auditor.audit import inputs  # inputs.document_from_item, looked up per page (tests/scan_faults.py wraps it)
from auditor.audit.page import PageAuditor
from auditor.model.document import Document, Finding
from auditor.gate.config import input_format
from auditor.read import zh
from auditor.read.pipeline import error_document
from auditor.report import csv as csvout
from auditor.report import jsonout
from auditor.rules.input_error import input_error_finding
from auditor.sources import SourceItem

FORMATS = ("jsonl", "csv")


@dataclass(frozen=True)
class ScanSpec:
    """Everything that decides a document's output; plain data, so it pickles to dask."""

    config: Any = field(compare=False)  # auditor.gate.config.Config (resolved by the client)
    fmt: str = "jsonl"
    segments: bool = False
    token: str = ""  # identifies the spec for per-process caching (see new_spec)


def new_spec(config, fmt: str = "jsonl", segments: bool = False) -> ScanSpec:
    return ScanSpec(config, fmt, segments, uuid.uuid4().hex)


class Entry(NamedTuple):
    """What the summary needs of one document (see :func:`entry_from_record`)."""

    source: str
    language: str
    findings: tuple  # ((category, severity), ...) of the findings not waived
    waived: int


class Result(NamedTuple):
    text: str  # the output: a JSON line without its newline, or CSV rows
    entry: Entry
    facts: dict | None  # cross-page facts (None for input errors)
    fatal: bool = False  # the worker should be replaced (MemoryError)


def dumps(rec: dict) -> str:
    """One JSON line: compact, UTF-8 text, deterministic; U+2028/U+2029 escaped so that
    no tool splits the line."""
    line = json.dumps(rec, ensure_ascii=False, separators=(",", ":"))
    if "\u2028" in line or "\u2029" in line:
        line = line.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return line


def entry_from_record(rec: dict) -> Entry:
    """The summary entry of a document or cross-page record (also used on --resume,
    so that a resumed scan's summary counts what the first run wrote)."""
    return Entry(
        rec.get("source", ""),
        rec.get("language", "und"),
        tuple((f.get("category", ""), f.get("severity", "")) for f in rec.get("findings", ())),
        len(rec.get("waived", ())),
    )


def document_record(doc: Document, findings, *, segments: bool, record_id: str | None = None,
                    occurrence: int = 1, facts: dict | None = None) -> dict:
    """``{"type": "document", ...}``: jsonout.document_record with counts, the record's
    identity (WARC record id, occurrence of a repeated source) and its facts."""
    base = jsonout.document_record(doc, findings, segments=segments)
    rec: dict = {"type": "document", "source": base.pop("source")}
    if record_id:
        rec["record_id"] = record_id
    if occurrence > 1:
        rec["occurrence"] = occurrence
    for key in ("format", "encoding", "language", "decode_errors"):
        if key in base:
            rec[key] = base.pop(key)
    rec["segment_count"] = len(doc.segments)
    rec["finding_count"] = len(base["findings"])
    rec.update(base)
    if facts:
        rec["facts"] = facts
    return rec


# ---------------------------------------------------------------------------- auditor


_WARM_UP_PAGES = (
    ("warm-up.html", "<html lang='en'><body><nav><a href='/'>Home</a></nav><main><h1>News</h1>"
     "<p>July 1, 2026 - ABC-1234 is investigational and has not been approved in mainland China. "
     "We expect the trial to complete in 2027. Approval number: CN-123456</p>"
     "<h2>Forward-Looking Statements</h2><p>This release contains forward-looking statements.</p>"
     "</main><footer>&copy; 2026</footer></body></html>"),
    ("warm-up-zh.html", "<html lang='zh-CN'><body><main><h1>新闻</h1><p>2026年7月1日，ABC-1234为在研药物，"
     "本文涉及尚未在中国大陆获批准的产品或适应症。审批编号：CN-123456</p>"
     "<p>本公告載有前瞻性陳述，最佳療效。</p></main></body></html>"),
)

#: A French page in Windows-1252, its encoding not declared: the codecs its decoding tries
#: (GB18030 and Big5 too) and langdetect with its profiles (asked for Latin text that looks
#: foreign) would otherwise load on a scan's first such pages, in every worker (~40 ms each).
_WARM_UP_UNDECLARED = ("warm-up-fr.html", (
    "<html><body><main><p>Ce document est destiné aux professionnels de santé et ne remplace "
    "pas les conseils de votre médecin.</p></main></body></html>").encode("cp1252"))


class Auditor:
    """One per process: engines, waivers and the per-document function."""

    def __init__(self, spec: ScanSpec):
        self.spec = spec
        self.pages = PageAuditor(spec.config)
        self.engines, self.engine, self.waivers = self.pages.engines, self.pages.engine, self.pages.waivers
        self.input_format = input_format(spec.config)  # (format, origin); (None, None) sniffs

    def warm_up(self) -> None:
        """Load everything that loads lazily (jieba, language profiles, locale data,
        compiled patterns) by auditing two small pages, so that forked workers share it."""
        zh.tokens("预热")
        # twice: what is built for a second page only (the lexicon prefilter's RE2 set) too
        for _ in range(2):
            for source, html in _WARM_UP_PAGES:
                self.audit(SourceItem(source=source, data=html.encode("utf-8"), content_type="text/html"))
        self.audit(SourceItem(source=_WARM_UP_UNDECLARED[0], data=_WARM_UP_UNDECLARED[1]))

    def audit(self, item: SourceItem, occurrence: int = 1) -> Result:
        """One page -> its output; never raises."""
        try:
            # segmented with the lexicons of the rulesets that audit the page
            doc = inputs.document_from_item(item, self.pages.engine_for(item.source).segment_lexicons, *self.input_format)
            if doc.error:
                return self.error_result(item, doc.error, occurrence, doc=doc)
            engine, findings, ctx = self.pages.check(doc)
            facts = page_facts(engine, doc, ctx)
            return self._result(doc, findings, item, occurrence, facts)
        except MemoryError as exc:
            return self.error_result(item, f"out of memory while auditing the page ({exc})", occurrence,
                                     fatal=True)
        except Exception as exc:  # noqa: BLE001 - a bug on one page must not stop a batch
            detail = " ".join(str(exc).split())[:300]
            return self.error_result(item, f"internal error while auditing the page: "
                                     f"{type(exc).__name__}: {detail}", occurrence)

    def error_result(self, item: SourceItem, message: str, occurrence: int = 1, *,
                     doc: Document | None = None, fatal: bool = False) -> Result:
        """An ``input-error`` record for a page that could not be audited."""
        if doc is None:
            doc = error_document(item.source, message)
        findings = [input_error_finding(doc, self.engine.locale)]
        try:
            findings = self.waivers.apply(doc, findings)
        except Exception:  # noqa: BLE001 - an error record must always be written
            pass
        return self._result(doc, findings, item, occurrence, None, fatal)

    def _result(self, doc: Document, findings: list[Finding], item: SourceItem, occurrence: int,
                facts: dict | None, fatal: bool = False) -> Result:
        rec = document_record(doc, findings, segments=self.spec.segments,
                              record_id=(item.meta or {}).get("record_id"), occurrence=occurrence,
                              facts=facts)
        entry = entry_from_record(rec)
        if self.spec.fmt == "csv":
            text = csvout.format_rows(csvout.document_rows(doc, findings))
        else:
            text = dumps(rec)
        return Result(text, entry, facts, fatal)


# ---------------------------------------------------------------------------- per process

_AUDITORS: dict = {}


def auditor_for(spec: ScanSpec) -> Auditor:
    """This process's Auditor for ``spec``, built (and warmed up) on first use."""
    auditor = _AUDITORS.get(spec.token)
    if auditor is None:
        auditor = Auditor(spec)
        auditor.warm_up()
        _AUDITORS.clear()
        _AUDITORS[spec.token] = auditor
    return auditor


def audit_partition(spec: ScanSpec, tasks: list) -> list[Result]:
    """The dask task: ``[(item, occurrence), ...]`` -> results, in order."""
    auditor = auditor_for(spec)
    return [auditor.audit(item, occurrence) for item, occurrence in tasks]
