"""The whole page pipeline: big pages, bad pages, and offsets that always lead back."""
from __future__ import annotations

import json
import subprocess
import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from auditor.read.pipeline import load_document
from tests.conftest import ROOT

BIG_PAGE_SCRIPT = r"""
import json, resource, sys, time
from auditor.read.pipeline import load_document
para = ("<p>诺风生物今日宣布，其在研药物NWB-2207的III期临床试验达到主要终点。"
        "Northwind expects to file the NDA in 2027 and will present the data at a congress.</p>\n")
nav = '<nav><ul>' + ''.join(f'<li><a href="/p{i}">栏目{i}</a></li>' for i in range(20)) + '</ul></nav>\n'
body = (nav + para * 40) * 1
html = "<!DOCTYPE html><html lang='zh-CN'><head><meta charset='utf-8'><title>t</title></head><body>"
chunks = []
size = len(html.encode())
while size < 20 * 1024 * 1024:
    chunks.append(body)
    size += len(body.encode())
data = (html + "".join(chunks) + "</body></html>").encode("utf-8")
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
t = time.perf_counter()
doc = load_document(data, "big.html")
elapsed = time.perf_counter() - t
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"bytes": len(data), "segments": len(doc.segments), "error": doc.error,
                  "seconds": elapsed, "peak_mb": peak / 1024, "language": doc.language}))
"""


def test_twenty_megabyte_page_completes_with_bounded_memory():
    proc = subprocess.run([sys.executable, "-c", BIG_PAGE_SCRIPT], capture_output=True, text=True, cwd=ROOT, timeout=600)
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    assert result["error"] is None
    assert result["bytes"] >= 20 * 1024 * 1024
    assert result["segments"] > 100
    assert result["language"] == "mixed" or result["language"].startswith("zh")
    # The page, its text, the lxml tree and the blocks: a bounded multiple of the page.
    assert result["peak_mb"] < 1500, result


def test_malformed_html_still_segments():
    html = ("<html><body><div class='nav'><ul><li><a href=/>首页<li><a href=/news>新闻</ul>"
            "</div><p>诺风生物今日宣布<b>NWB-2207<p>获得突破性治疗认定，公司将于明年提交上市申请</i></div></span>"
            "<div class='modal' style='display:none'>您正在离开诺风生物网站，即将访问第三方网站。"
            "<table><tr><td>继续<td>取消</table>").encode("utf-8")
    doc = load_document(html, "broken.html")
    assert doc.error is None
    kinds = {s.kind for s in doc.segments}
    assert "third_party_notice" in kinds and "content" in kinds


def test_bad_inputs_are_error_documents():
    assert load_document(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "logo.html").error
    assert "PDF" in load_document(b"%PDF-1.4\n\x00\x01\x02", "x.html").error
    empty = load_document(b"", "empty.html")
    assert empty.error is None and empty.segments == ()
    junk = load_document(bytes(range(256)) * 50, "junk.txt")
    assert junk.error  # NUL bytes: binary, refused with a reason


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from([
    "<p>诺风生物宣布", "ＣＮ－１２３４５６", "CN‑123456", "</p>", "<nav>", "</nav>", "<h2>关于诺风</h2>",
    "&nbsp;", "Forward-Looking Statements", " will ", "<!-- c -->", "\u00a0", "第一", "<br>", "\n",
    "<div class='modal' hidden>您正在离开</div>", "Ⅲ期", "𠀀", "é", "<script>x()</script>",
]), max_size=40))
def test_segments_and_offsets_lead_back_to_the_page(parts):
    doc = load_document("".join(parts).encode("utf-8"), "gen.html")
    assert doc.error is None
    last = 0
    for seg in doc.segments:
        assert last <= seg.start < seg.end <= len(doc.text)
        last = seg.end
    # Every normalized span maps back to original characters of the page text.
    norm = doc.norm
    for i in range(0, len(norm.text), 7):
        s, e = norm.original_span(i, min(len(norm.text), i + 5))
        assert 0 <= s <= e <= len(doc.text)


def test_reading_and_checking_a_page_leave_the_cyclic_collector_as_they_found_it():
    """load_document and Engine.check pause the collector while they work (no cycles to
    find): on again afterwards, also after an unreadable page, and off when it was off."""
    import datetime as dt
    import gc

    from auditor.audit.engines import AuditOptions, build_engine

    engine = build_engine(AuditOptions(audit_date=dt.date(2026, 6, 30)))
    page = "<html><body><h1>关于我们</h1><p>本品为处方药。Forward-looking statements.</p></body></html>".encode()
    assert gc.isenabled()
    for data, fmt in ((page, None), (b"\x00\x01\x02" * 40, None), (page, "nonsense")):
        doc = load_document(data, "page.html", fmt=fmt)
        assert gc.isenabled()
        engine.check(doc)
        assert gc.isenabled()
    gc.disable()
    try:
        engine.check(load_document(page, "page.html"))
        assert not gc.isenabled()
    finally:
        gc.enable()
