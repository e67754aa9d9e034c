"""One page orchestrator for check and scan, and entities kept on the Document."""
from __future__ import annotations

import datetime as dt
import json

from auditor.audit.facts import page_facts
from auditor.audit.page import PageAuditor
from auditor.batch.worker import Auditor, new_spec
from auditor.gate.config import load_config
from auditor.read.pipeline import load_document
from auditor.recognize import recognized_entities
from auditor.sources import SourceItem

PAGE = ("<html lang='en'><body><nav><a href='/'>Home</a></nav><main><h1>News</h1>"
        "<p>July 1, 2026 - ABC-1234 is investigational and is the best treatment. "
        "Approval number: CN-123456</p></main><footer>&copy; 2026</footer></body></html>")


def _config():
    return load_config({"audit-date": dt.date(2026, 11, 21), "profile": "northwind"}, isolated=True)


def test_entities_are_an_annotation_of_the_document_that_page_facts_reads():
    pages = PageAuditor(_config())
    doc = load_document(PAGE.encode(), "news.html")
    engine, findings, ctx = pages.check(doc)
    assert findings
    entities = recognized_entities(doc, engine.profile)
    assert entities is not None and entities is ctx.entities  # recognized once, kept on the page
    assert any(e.type == "approval_number" for e in entities)
    assert recognized_entities(doc, object()) is None  # computed for this profile only
    facts = page_facts(engine, doc)  # no context: the annotation is read from the Document
    assert facts["approval_numbers"][0][0] == "CN-123456"
    assert facts == page_facts(engine, doc, ctx)
    assert "_scan_disclaimer_rule" not in vars(engine)  # nothing patched onto the engine


def test_check_and_the_scan_worker_give_the_same_findings():
    cfg = _config()
    doc = load_document(PAGE.encode(), "news.html")
    checked = [f.rule for f in PageAuditor(cfg).check(doc).findings]
    result = Auditor(new_spec(cfg)).audit(SourceItem(source="news.html", data=PAGE.encode(), content_type="text/html"))
    scanned = [f["rule"] for f in json.loads(result.text)["findings"]]
    assert checked == scanned and checked
