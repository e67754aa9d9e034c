"""The two real pages the project started from (../shared/seeds/), read as a reviewer reads them.

The pages are read from the shared folder (never copied into the repository); the tests
skip when it is absent. Expectations are written from the page, not from the tool's output:
which kind each part of the page is, in order, and the findings a compliance reviewer wants.
"""
from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from auditor.cli import main
from auditor.read.pipeline import load_document

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"  # ../shared/seeds beside the checkout
AZ = SEEDS / "003_0d602b6d1b5cb6d1.txt"  # Markdown-like scrape saved as .txt
BRIEF = SEEDS / "000_73ce55b79cb129a7.txt"  # plain text, one line per paragraph and per table cell
AUDIT_DATE = "2026-04-01"

pytestmark = pytest.mark.skipif(not (AZ.is_file() and BRIEF.is_file()), reason="../shared/seeds/ is absent")


def _doc(path: Path, data: bytes | None = None, source: str | None = None):
    data = path.read_bytes() if data is None else data
    return load_document(data, source or str(path))


def _kinds_in_order(doc) -> list[str]:
    """Segment kinds with consecutive repeats collapsed (language changes aside)."""
    out: list[str] = []
    for s in doc.segments:
        if not out or out[-1] != s.kind:
            out.append(s.kind)
    return out


def _segment(doc, snippet: str):
    i = doc.text.find(snippet)
    assert i >= 0, f"{snippet!r} is not in the page text"
    return doc.segment_at(i)


def _check_json(args: list[str], capsys, stdin: str | None = None, monkeypatch=None) -> tuple[int, dict]:
    if stdin is not None:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin.encode("utf-8")), encoding="utf-8"))
    code = main(["check", *args, "--format", "json", "--audit-date", AUDIT_DATE, "--no-config"])
    return code, json.loads(capsys.readouterr().out)


# -- 003: Markdown-like scrape under a .txt name ----------------------------------------------


def test_az_page_is_read_as_markdown_because_of_its_content():
    doc = _doc(AZ)
    assert doc.format == "markdown"
    reason = doc.meta["format_reason"]
    assert "content" in reason and ".txt" in reason and "link" in reason


def test_az_page_segments_as_a_reviewer_reads_it():
    doc = _doc(AZ)
    assert doc.language == "en"
    assert _kinds_in_order(doc) == [
        "navigation",  # skip links, logo, search, the nested menu
        "content",  # headline
        "metadata",  # release date
        "content",  # italic standfirst
        "metadata",  # dateline "Shanghai, March 19, 2026 –"
        "content",  # body with quotes and the investigational product
        "disclaimer",  # the italic unapproved-product disclaimer
        "boilerplate",  # "Regarding AstraZeneca", "About AstraZeneca China"
        "metadata",  # source line with the internal approval number
        "third_party_notice",  # the leaving-site pop-up
        "archive_notice",  # the archive pop-up
    ]
    assert _segment(doc, "Skip to content").kind == "navigation"
    assert _segment(doc, "Global Leadership Team").kind == "navigation"
    assert _segment(doc, "AstraZeneca announces the establishment").kind == "content"
    assert _segment(doc, "AZD0120").kind == "content"
    assert _segment(doc, "Disclaimer: This article discusses").kind == "disclaimer"
    # the boilerplate paragraph broken across a blank line stays boilerplate
    assert _segment(doc, "in more than 125 countries").kind == "boilerplate"
    assert _segment(doc, "China is AstraZeneca's second-largest market").kind == "boilerplate"
    assert _segment(doc, "CN-180522").kind == "metadata"


def test_az_pop_ups_are_one_notice_each():
    doc = _doc(AZ)
    leaving = _segment(doc, "您正在离开阿斯利康中国页面")
    assert leaving.kind == "third_party_notice"
    # all three paragraphs, the buttons' wording included, are one notice
    for part in ("您已选择进入第三方网站", "点击“取消”返回", "点击“继续”访问第三方网站"):
        assert _segment(doc, part) is leaving
    archive = _segment(doc, "重要提示")
    assert archive.kind == "archive_notice"
    assert _segment(doc, "您正在访问阿斯利康的历史资料库文件") is archive
    assert _segment(doc, "我已阅读当前提示") is archive
    notices = [s for s in doc.segments if s.kind in ("third_party_notice", "archive_notice", "disclaimer")]
    assert len(notices) == 3  # no stray "### 重要提示" disclaimer of its own


def test_az_findings(capsys):
    code, out = _check_json([str(AZ)], capsys)
    findings = out["documents"][0]["findings"]
    rules = [f["rule"].split("/")[-1] for f in findings]
    # the on-page disclaimer covers the investigational product
    assert "unapproved-product-disclaimer" not in rules
    # one language warning per Chinese pop-up on an English page, not one per paragraph or heading
    lang = [f for f in findings if f["rule"].endswith("/notice-language")]
    assert [(f["line"], f["column"]) for f in lang] == [(67, 1), (73, 5)]
    assert code == 0  # warnings and information only


@pytest.mark.parametrize("via", ["file", "stdin"])
def test_az_without_its_disclaimer_is_an_error(via, tmp_path, capsys, monkeypatch):
    text = AZ.read_text(encoding="utf-8")
    lines = text.split("\n")
    stripped = "\n".join(ln for ln in lines if not ln.startswith("*Disclaimer:"))
    assert stripped != text
    if via == "file":
        page = tmp_path / "scrape.txt"
        page.write_text(stripped, encoding="utf-8")
        code, out = _check_json([str(page)], capsys)
    else:
        code, out = _check_json(["-"], capsys, stdin=stripped, monkeypatch=monkeypatch)
    findings = out["documents"][0]["findings"]
    missing = [f for f in findings if f["rule"].endswith("/unapproved-product-disclaimer")]
    assert code == 1 and len(missing) == 1
    assert missing[0]["evidence"] == "AZD0120"
    assert (missing[0]["line"], missing[0]["column"]) == (47, 270)


def test_az_forced_text_format_is_reported():
    doc = load_document(AZ.read_bytes(), str(AZ), fmt="text", fmt_origin="--input-format")
    assert doc.format == "text" and doc.meta["format_reason"] == "option: --input-format text"


# -- 000: one line per paragraph and per table cell, no blank lines ---------------------------


def test_brief_is_plain_text_with_one_block_per_line():
    doc = _doc(BRIEF)
    assert doc.format == "text"
    lines = BRIEF.read_text(encoding="utf-8").split("\n")
    # every line is its own block (the last one also sheds its source trailer)
    assert len(doc.blocks) == len(lines) + 1
    headings = [doc.text[b.start:b.end] for b in doc.blocks if b.heading]
    assert headings[0] == "Investment Overview"
    cells = [doc.text[b.start:b.end] for b in doc.blocks if "table" in b.cues]
    assert "Element" in cells and "Satricabtagene autoleucel" in cells and "NDA submitted" in cells


def test_brief_segments_as_a_reviewer_reads_it():
    doc = _doc(BRIEF)
    assert doc.language == "en"
    assert _kinds_in_order(doc) == ["content", "forward_looking", "metadata"]
    fls = _segment(doc, "This brief contains")
    assert fls.kind == "forward_looking" and (fls.line, fls.column) == (53, 1)
    assert doc.text[fls.start:fls.end].startswith("Forward\u2011Looking Statements")
    assert doc.text[fls.start:fls.end].endswith("China CAR-T market.")
    trailer = _segment(doc, "Fineline Info & Tech")
    assert trailer.kind == "metadata" and doc.text[trailer.start:trailer.end] == "Fineline Info & Tech"
    assert (trailer.line, trailer.column) == (53, lines_col(BRIEF, 53, "Fineline"))
    assert _segment(doc, "Jinshan District, Shanghai, China").kind == "content"


def lines_col(path: Path, line: int, needle: str) -> int:
    return path.read_text(encoding="utf-8").split("\n")[line - 1].index(needle) + 1


def test_brief_findings(capsys):
    code, out = _check_json([str(BRIEF)], capsys)
    findings = out["documents"][0]["findings"]
    by_rule = {}
    for f in findings:
        by_rule.setdefault(f["rule"].split("/")[-1], []).append(f)
    # preclinical codes without any disclaimer: one error, where the first code is
    missing = by_rule["unapproved-product-disclaimer"]
    assert [(f["evidence"], f["line"], f["column"]) for f in missing] == [("CT0596", 1, 465)]
    # the glued "Forward‑Looking Statements" paragraph is a cautionary section
    assert not [f for f in findings if f["category"] == "fls-missing"]
    assert {f["evidence"] for f in by_rule["absolute-terms"]} >= {"first approved"}
    assert code == 1
