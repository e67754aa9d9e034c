"""The HTML report (auditor/report/html.py, `auditor report`): structure, escaping,
Content-Security-Policy, i18n catalogs. Browser behaviour is in test_html_browser.py."""
from __future__ import annotations

import base64
import hashlib
import io
import json
import re
from pathlib import Path

import lxml.html
import pytest

from auditor.cli import main
from auditor.model.document import Block, Document, Finding, Segment
from auditor.report import ReportOptions
from auditor.report.html import (HtmlReport, HtmlWriter, _common_dir, asset, script_json, section_of,
                                  text_from_segments)
from tests.conftest import ROOT

HOSTILE = ROOT / "tests" / "hostile"
AUDIT_DATE = "2026-03-01"
PAYLOAD = "</script><script>window.pwned=1</script><img src=x onerror=window.pwned=1>"


# ----------------------------------------------------------------------------- helpers

def make_doc(source="site/news/a.html", text=None, kinds=None, lang="zh-Hans"):
    """A hand-made Document: one segment per line of ``text``."""
    text = text if text is not None else "首页 新闻\n本品是同类产品中疗效最佳的药物。\n审批编号：CN-12345"
    lines = text.split("\n")
    kinds = kinds or (["navigation"] + ["content"] * (len(lines) - 2) + ["metadata"] if len(lines) > 2
                      else ["content"] * len(lines))
    blocks, segs, pos = [], [], 0
    for i, (line, kind) in enumerate(zip(lines, kinds)):
        blocks.append(Block(pos, pos + len(line), i + 1, 1))
        segs.append(Segment(i, kind, lang, pos, pos + len(line), i + 1, 1))
        pos += len(line) + 1
    return Document(source=source, format="html", encoding="utf-8", text=text, source_text=text,
                    blocks=tuple(blocks), segments=tuple(segs), language=lang)


def finding(doc, needle, *, rule="cn-pharma/absolute-terms", category="absolute-claim", severity="warning",
            waiver=None, **kw):
    start = doc.text.index(needle) if needle else 0
    end = start + len(needle)
    seg = doc.segment_at(start) if needle else None
    base = dict(rule=rule, category=category, severity=severity, message=f"'{needle}' is an absolute term.",
                line=1, column=start + 1, segment=seg.id if seg else None, evidence=needle, start=start, end=end,
                fix="Remove the term.", title="Absolute or superlative claim",
                references=("《广告法》第九条", "https://www.samr.gov.cn/ad"), explanation=f"matched '{needle}'",
                source=doc.source, waiver=waiver)
    base.update(kw)
    return Finding(**base)


def render(pages, locale="en", **kw) -> str:
    """pages: [(doc, findings)] through the writer, as `auditor check --format html` does."""
    out = io.StringIO()
    w = HtmlWriter(out, ReportOptions(locale=locale, audit_date=kw.pop("audit_date", AUDIT_DATE), **kw))
    for doc, fs in pages:
        w.document(doc, fs)
    w.close()
    return out.getvalue()


def json_blocks(html: str) -> dict:
    tree = lxml.html.fromstring(html)
    return {s.get("id"): json.loads(s.text) for s in tree.iter("script") if s.get("type") == "application/json"}


def sample_pages():
    a = make_doc("site/news/a.html")
    b = make_doc("site/about/b.html", "About us\nWe are the best company.", ["navigation", "content"], "en")
    c = make_doc("site/news/c.html", "Nothing to see here.", ["content"], "en")
    fa = [finding(a, "最佳", severity="error"),
          finding(a, "CN-12345", rule="cn-pharma/approval-number-format", category="approval-number-malformed",
                  title="Approval number malformed", references=()),
          finding(a, "", rule="cn-pharma/icp", category="statutory-number-missing", severity="info",
                  title="ICP number missing"),
          finding(a, "首页", waiver={"reason": "menu text, approved", "approver": "Li Lei", "until": "2026-01-31",
                                     "source": "waivers.yaml", "line": 4})]
    fb = [finding(b, "the best")]
    return [(a, fa), (b, fb), (c, [])]


# ----------------------------------------------------------------------------- structure

def test_self_contained_with_csp_hashes():
    html = render(sample_pages())
    assert html.startswith("<!DOCTYPE html>")
    tree = lxml.html.fromstring(html)
    csp = tree.xpath('//meta[@http-equiv="Content-Security-Policy"]/@content')[0]
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";"))
    assert directives["default-src"] == "'none'" and directives["img-src"] == "data:"
    assert directives["base-uri"] == "'none'" and directives["form-action"] == "'none'"
    # exactly one executable script and one style, each pinned by its hash
    scripts = [s for s in tree.iter("script") if s.get("type") != "application/json"]
    styles = list(tree.iter("style"))
    assert len(scripts) == 1 and len(styles) == 1

    def sha(t):
        return "'sha256-" + base64.b64encode(hashlib.sha256(t.encode()).digest()).decode() + "'"

    assert directives["script-src"] == sha(asset("report.js")) and scripts[0].text == asset("report.js")
    assert directives["style-src"] == sha(asset("report.css")) and styles[0].text == asset("report.css")
    # the CSP comes before any script or style
    assert html.index("Content-Security-Policy") < html.index("<style>") < html.index("<script")
    # nothing is loaded from anywhere: no src attributes, no external stylesheets, no inline handlers/styles
    for el in tree.iter():
        if not isinstance(el.tag, str):
            continue
        assert "src" not in el.attrib, el.tag
        assert not any(a.startswith("on") for a in el.attrib), el.tag
        assert "style" not in el.attrib, el.tag
        if el.tag == "link":
            assert el.get("href") == "data:,"
    hrefs = {a.get("href") for a in tree.iter("a")}
    assert all(h.startswith("#") or h == "https://www.samr.gov.cn/ad" for h in hrefs), hrefs


def test_static_html_has_every_page_text_and_finding():
    html = render(sample_pages())
    tree = lxml.html.fromstring(html)  # libxml2 parses <noscript> as markup: what a no-JS browser shows
    views = tree.xpath('//article[@class="pageview"]')
    assert [v.get("id") for v in views] == ["p0", "p1", "p2"]
    a = views[0]
    text = a.xpath('string(.//div[@class="pagetext"])')
    assert "本品是同类产品中疗效" in text and "审批编号" in text
    # segments shaded by kind, with the legend
    assert a.xpath('.//div[contains(@class,"seg k-navigation")]') and a.xpath('.//div[contains(@class,"seg k-metadata")]')
    assert len(tree.xpath("//noscript/div[@class=\"legend\"]//li")) == 8
    # numbered evidence, linked both ways
    marks = a.xpath('.//mark')
    assert [m.text_content() for m in marks] == ["W1首页", "1最佳", "2CN-12345"]
    assert a.xpath('.//mark//a[@id="p0-m1"]/@href') == ["#p0-f1"]
    assert a.xpath('.//li[@id="p0-f1"]//a[@class="num"]/@href') == ["#p0-m1"]
    # a finding without a span has no mark and says so
    f3 = a.xpath('.//li[@id="p0-f3"]')[0]
    assert not f3.xpath('.//a[@class="num"]') and "Applies to the whole page" in f3.text_content()
    f1 = a.xpath('.//li[@id="p0-f1"]')[0].text_content()
    for part in ("Error", "Absolute or superlative claim", "'最佳' is an absolute term.", "Remove the term.",
                 "《广告法》第九条", "matched '最佳'", "cn-pharma/absolute-terms"):
        assert part.lower() in f1.lower(), part
    # waived findings apart, with reason, approver and expiry
    waived = a.xpath('.//ol[contains(@class,"waived")]/li')
    assert len(waived) == 1
    wt = waived[0].text_content()
    assert "menu text, approved" in wt and "Li Lei" in wt and "January 31, 2026 (expired)" in wt and "waivers.yaml:4" in wt
    assert not a.xpath('.//ol[contains(@class,"active")]//li[@id="p0-w1"]')
    # the static page table lists the worst page first
    rows = tree.xpath('//section[@id="pages"]//tbody/tr/th/a')
    assert [r.text_content() for r in rows] == ["site/news/a.html", "site/about/b.html", "site/news/c.html"]


def test_summary_counts_and_sections():
    html = render(sample_pages())
    tree = lxml.html.fromstring(html)
    summary = tree.get_element_by_id("summary").text_content()
    cards = [c.text_content() for c in tree.xpath('//section[@id="summary"]/div[@class="cards"]/div')]
    assert cards[:7] == ["3Pages audited", "2Pages with findings", "4Findings", "1error", "2warning", "1info",
                         "1Waived"]
    assert "Absolute claim" in summary and "absolute-claim" in summary
    sections = tree.xpath('//caption[text()="By site section"]/..//tbody/tr/th')
    assert sorted(s.text_content() for s in sections) == ["about", "news"]
    index = json_blocks(html)["auditor-index"]
    assert [p[1] for p in index["pages"]] == ["site/news/a.html", "site/about/b.html", "site/news/c.html"]
    assert [s[0] for s in index["sections"]] == ["about", "news"]


def test_page_data_is_inert_json_in_chunks():
    pages = [(make_doc(f"p/{i}.html", "最佳\nx"), []) for i in range(250)]
    html = render(pages)
    blocks = json_blocks(html)
    assert sorted(blocks) == ["auditor-chunk-0", "auditor-chunk-1", "auditor-chunk-2", "auditor-index"]
    assert [len(blocks[f"auditor-chunk-{i}"]) for i in range(3)] == [100, 100, 50]
    assert blocks["auditor-chunk-2"][49]["text"] == "最佳\nx" and blocks["auditor-chunk-2"][49]["i"] == 249
    # the no-JS version sits in one <noscript>, so with scripting on it is one text node
    assert html.count("<noscript>") == 1 and html.count("</noscript>") == 1


def test_deterministic():
    assert render(sample_pages()) == render(sample_pages())


def test_single_page_report():
    doc, fs = sample_pages()[0]
    html = render([(doc, fs)])
    assert '<body class="single">' in html
    assert 'class="static-pages"' not in html  # no page table for one page


def test_input_error_page():
    from auditor.rules.input_error import input_error_finding
    from auditor.read.pipeline import error_document

    doc = error_document("broken.bin", "binary data, not a web page")
    html = render([(doc, [input_error_finding(doc)]), (make_doc(), [])])
    tree = lxml.html.fromstring(html)
    assert "This page could not be read: binary data, not a web page" in tree.get_element_by_id("p0").text_content()
    assert "Pages that could not be read" in tree.get_element_by_id("summary").text_content()


def test_sections():
    common = _common_dir(["export/site/news/a.html", "export/site/about/b.html", "export/site/index.html"])
    assert common == ["export", "site"]
    assert section_of("export/site/news/a.html", None, common) == "news"
    assert section_of("export/site/index.html", None, common) == "/"
    assert section_of("x", "https://example.com/news/2026/a.html", []) == "/news"
    assert section_of("https://example.com/index.html", None, []) == "/"
    assert section_of("site.zip!en/news/a.html", None, ["site.zip"]) == "en"


def test_text_from_segments_keeps_offsets():
    text = "首页\n正文最佳。\n\n审批编号"
    segs = [{"start": 0, "end": 2, "text": "首页"}, {"start": 3, "end": 8, "text": "正文最佳。"},
            {"start": 10, "end": 14, "text": "审批编号"}]
    assert text_from_segments(segs) == text
    # inconsistent records do not shift the others
    bad = [{"start": 0, "end": 4, "text": "首"}, {"start": 5, "end": 7, "text": "toolong"}]
    assert text_from_segments(bad) == "首   \nto"


# ----------------------------------------------------------------------------- hostile content

def test_script_json_escapes():
    value = {"t": "</script><!--<script>&\u2028\u2029\u202e\x85", "n": [1, None]}
    s = script_json(value)
    for raw in ("<", ">", "&", "\u2028", "\u2029", "\u202e", "\x85"):
        assert raw not in s
    assert json.loads(s) == value


def hostile_records() -> list[dict]:
    """JSONL document records with a payload in every field a scan could carry."""
    text = f"{PAYLOAD}\n最佳 \u202eevil\u202c javascript:alert(1)"
    segs = [{"id": 0, "kind": "<script>", "lang": '"><svg onload=window.pwned=1>', "start": 0,
             "end": len(PAYLOAD), "line": 1, "column": 1, "text": PAYLOAD},
            {"id": 1, "kind": "content", "lang": "zh-Hans", "start": len(PAYLOAD) + 1, "end": len(text),
             "line": 2, "column": 1, "text": text[len(PAYLOAD) + 1:]}]
    f = {"rule": PAYLOAD, "category": f"cat{PAYLOAD}", "severity": f"sev{PAYLOAD}", "message": PAYLOAD,
         "line": "1<", "column": None, "segment": 1, "evidence": PAYLOAD + "\u2028", "start": len(PAYLOAD) + 1,
         "end": "oops", "fix": PAYLOAD, "title": PAYLOAD + "\u202e", "references": [
             "javascript:window.pwned=1", 'https://ok.example/x" onmouseover="window.pwned=1', PAYLOAD],
         "explanation": PAYLOAD}
    w = dict(f, start=0, end=10, waiver={"reason": PAYLOAD, "approver": PAYLOAD, "until": PAYLOAD,
                                         "source": PAYLOAD, "line": PAYLOAD})
    return [
        {"type": "document", "source": f"{PAYLOAD}.html", "format": PAYLOAD, "encoding": PAYLOAD,
         "language": PAYLOAD, "decode_errors": "x", "segments": segs, "findings": [f], "waived": [w]},
        {"type": "document", "source": "javascript:window.pwned=1", "format": "html", "encoding": "utf-8",
         "language": "en", "segments": [{"id": 0, "kind": "content", "lang": "en", "start": -5,
                                         "end": 10 ** 9, "text": "lone \ud800 surrogate"}],
         "findings": [dict(f, start=-1, end=10 ** 9)]},
        {"type": "summary", "documents": 2, "audit_date": PAYLOAD, "locale": PAYLOAD},
    ]


def assert_no_markup_from_data(html: str) -> None:
    tree = lxml.html.fromstring(html)
    allowed_tags = {"html", "head", "body", "meta", "title", "link", "style", "script", "header", "h1", "h2", "h3",
                    "p", "button", "main", "div", "section", "span", "table", "caption", "thead", "tbody", "tr",
                    "th", "td", "form", "fieldset", "legend", "label", "input", "select", "option", "nav",
                    "noscript", "article", "dl", "dt", "dd", "ol", "ul", "li", "a", "mark", "blockquote"}
    for el in tree.iter():
        if not isinstance(el.tag, str):
            continue
        assert el.tag in allowed_tags, el.tag
        for name, value in el.attrib.items():
            assert not name.startswith("on"), (el.tag, name)
            assert "pwned" not in value and "javascript" not in value.lower(), (el.tag, name, value)
        if el.tag == "script":
            assert el.get("type") == "application/json" or el.text == asset("report.js")
    # every payload character is escaped in the markup
    for raw in ("<script>window", "<img src", "<svg", "</noscript><", "\u202e", "\u2028", "\ud800"):
        assert raw not in html


def test_hostile_jsonl_fields_are_escaped(tmp_path):
    results = tmp_path / "results.jsonl"
    results.write_text("\n".join(json.dumps(r) for r in hostile_records()) + "\n", encoding="utf-8")
    out = tmp_path / "report.html"
    assert main(["report", str(results), "--output", str(out)]) == 0
    html = out.read_text(encoding="utf-8")
    assert_no_markup_from_data(html)
    tree = lxml.html.fromstring(html)
    view = tree.get_element_by_id("p0").text_content()
    assert PAYLOAD in view  # shown, as text
    assert "U+202E" in view  # the override is a visible marker
    refs = tree.xpath('(//article[@id="p0"]//ul[@class="refs"])[1]/li')
    assert [r.xpath("./a") for r in refs] == [[], [], []]  # no reference became a link
    # unknown kinds, languages and severities never become class names or lang attributes
    classes = " ".join(tree.xpath("//@class"))
    assert "script" not in classes and "svg" not in classes
    assert set(tree.xpath("//@lang")) <= {"en", "zh-Hans", "zh-Hant"}


def test_hostile_pages_through_check(tmp_path):
    out = tmp_path / "report.html"
    code = main(["check", str(HOSTILE), "--format", "html", "--output", str(out), "--audit-date", AUDIT_DATE])
    assert code in (0, 1)
    html = out.read_text(encoding="utf-8")
    assert_no_markup_from_data(html)
    tree = lxml.html.fromstring(html)
    text = " ".join(v.text_content() for v in tree.xpath('//article[@class="pageview"]'))
    assert "window.pwned=1" in text and "U+202E" in text and "U+001B" in text


def test_hostile_file_names(tmp_path):
    site = tmp_path / "site"
    (site / '"><svg onload=window.pwned=1>').mkdir(parents=True)
    (site / '"><svg onload=window.pwned=1>' / "<img src=x onerror=window.pwned=1>.html").write_text(
        "<p>最佳 \u202e</p>", encoding="utf-8")
    (site / "ok.html").write_text("<p>fine</p>", encoding="utf-8")
    out = tmp_path / "r.html"
    main(["check", str(site), "--format", "html", "--output", str(out), "--audit-date", AUDIT_DATE])
    html = out.read_text(encoding="utf-8")
    assert_no_markup_from_data(html)
    index = json_blocks(html)["auditor-index"]
    assert any("<img src=x onerror" in p[1] for p in index["pages"])


# ----------------------------------------------------------------------------- auditor report

def scan_lines(tmp_path, pages, summary=None, bad=()) -> Path:
    from auditor.report.jsonout import document_record

    lines = [json.dumps(dict(document_record(d, fs, segments=True), type="document"), ensure_ascii=False)
             for d, fs in pages]
    lines[1:1] = list(bad)
    lines.append(json.dumps(dict({"type": "summary", "documents": len(pages)}, **(summary or {}))))
    path = tmp_path / "results.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_report_command_matches_writer(tmp_path):
    results = scan_lines(tmp_path, sample_pages(), {"audit_date": AUDIT_DATE})
    out = tmp_path / "r.html"
    assert main(["report", str(results), "-o", str(out)]) == 0
    # the scan's records rebuild the same page text, segments and findings as the writer saw
    assert json_blocks(out.read_text(encoding="utf-8")) == json_blocks(render(sample_pages()))


def test_report_command_locale_and_bad_lines(tmp_path, capsys):
    results = scan_lines(tmp_path, sample_pages(), {"locale": "zh-Hant", "audit_date": AUDIT_DATE},
                         bad=["{not json", "[1, 2]"])
    out = tmp_path / "r.html"
    assert main(["report", str(results), "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert "2 line(s)" in err and "line 2" in err
    html = out.read_text(encoding="utf-8")
    assert '<html lang="zh-Hant">' in html and "審核報告" in html and "2026年3月1日" in html
    assert "結果檔案中有 2 行無法讀取" in html
    assert main(["report", str(results), "-o", str(out), "--locale", "en"]) == 0
    assert "Audit report" in out.read_text(encoding="utf-8")


def test_report_command_reads_check_json(tmp_path, capsys):
    page = tmp_path / "a.html"
    page.write_text("<main><p>本品疗效最佳。</p></main>", encoding="utf-8")
    main(["check", str(page), "--format", "json", "--segments", "--audit-date", AUDIT_DATE])
    results = tmp_path / "r.json"
    results.write_text(capsys.readouterr().out, encoding="utf-8")
    out = tmp_path / "r.html"
    assert main(["report", str(results), "-o", str(out), "--title", "Q1 <audit>"]) == 0
    html = out.read_text(encoding="utf-8")
    assert "<title>Q1 &lt;audit&gt;</title>" in html
    assert "本品疗效" in json_blocks(html)["auditor-chunk-0"][0]["text"]


def test_report_command_errors(tmp_path, capsys):
    assert main(["report", str(tmp_path / "missing.jsonl")]) == 2
    empty = tmp_path / "empty.jsonl"
    empty.write_text('{"type": "summary", "documents": 0}\n', encoding="utf-8")
    assert main(["report", str(empty)]) == 2
    assert "no document records" in capsys.readouterr().err


def test_report_without_segments(tmp_path):
    from auditor.report.jsonout import document_record

    doc, fs = sample_pages()[0]
    path = tmp_path / "r.jsonl"
    path.write_text(json.dumps(dict(document_record(doc, fs, segments=False), type="document")) + "\n", encoding="utf-8")
    out = tmp_path / "r.html"
    assert main(["report", str(path), "-o", str(out)]) == 0
    tree = lxml.html.fromstring(out.read_text(encoding="utf-8"))
    view = tree.get_element_by_id("p0")
    assert "The results do not include the text of this page." in view.text_content()
    assert len(view.xpath('.//li[contains(@class,"finding")]')) == 4  # findings still listed, evidence quoted
    assert not view.xpath(".//mark")


# ----------------------------------------------------------------------------- languages

@pytest.mark.parametrize("locale,title,label,date", [
    ("zh-Hans", "审核报告", "按类别", "2026年3月1日"),
    ("zh-Hant", "審核報告", "依類別", "2026年3月1日"),
    ("en", "Audit report", "By category", "March 1, 2026"),
])
def test_interface_languages(locale, title, label, date):
    html = render(sample_pages(), locale=locale)
    tree = lxml.html.fromstring(html)
    assert tree.get("lang") == locale
    assert tree.findtext(".//title") == title and label in html and date in html
    index = json_blocks(html)["auditor-index"]
    assert index["numLocale"] == {"en": "en", "zh-Hans": "zh-Hans-CN", "zh-Hant": "zh-Hant-TW"}[locale]
    # every interface string the script uses is translated
    if locale != "en":
        english = json_blocks(render(sample_pages()))["auditor-index"]["L"]
        same = {k for k, v in index["L"].items() if v == english[k]}
        assert not same, same


def test_numbers_formatted_by_babel():
    pages = [(make_doc(f"s/{i}.html", "x"), []) for i in range(1234)]
    html = render(pages, locale="zh-Hans")
    assert ">1,234</div>" in html  # Pages audited, grouped as CLDR says for zh


def _po(locale):
    from babel.messages.pofile import read_po

    with open(ROOT / "auditor" / "locales" / locale / "LC_MESSAGES" / "auditor.po", "rb") as f:
        return read_po(f, locale=locale)


def test_catalogs_complete_and_compiled():
    """Every string marked in the sources is in both catalogs, translated, with the same
    placeholders, and the compiled .mo files (built by setup.py's build_py) match the .po."""
    from babel.messages.extract import extract_from_dir

    from auditor.i18n import gettext_for, ngettext_for

    method_map = [("auditor/**.py", "python")]
    # (a plural entry, from ngettext, is known by its singular form)
    ids = {m[2] if isinstance(m[2], str) else m[2][0] for m in extract_from_dir(str(ROOT), method_map=method_map)}
    assert {"Audit report", "{count} finding", "in {pages} of {total} page", "error", "fix",
            "waived", "No findings in {total} page", "{count} finding waived"} <= ids
    from babel.messages.pofile import read_po

    with open(ROOT / "auditor" / "locales" / "auditor.pot", "rb") as f:
        pot = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(f) if m.id}
    for locale, lang in (("zh_Hans", "zh-Hans"), ("zh_Hant", "zh-Hant")):
        cat = _po(locale)
        _ = gettext_for(lang)
        ngettext = ngettext_for(lang)
        plural = {m.id[0]: m.id[1] for m in cat if isinstance(m.id, tuple)}
        translated = {m.id: m.string for m in cat if m.id and m.string and not m.fuzzy and isinstance(m.id, str)}
        translated.update({m.id[0]: m.string[0] for m in cat
                           if isinstance(m.id, tuple) and m.string and m.string[0] and not m.fuzzy})
        missing = ids - set(translated)
        assert not missing, f"{locale}: run pybabel extract/update and translate: {sorted(missing)}"
        for mid, text in translated.items():
            assert set(re.findall(r"\{\w+\}", mid)) == set(re.findall(r"\{\w+\}", text)), (locale, mid)
            if mid in plural:
                assert ngettext(mid, plural[mid], 2) == text, f"{locale}: the .mo is stale; run pip install -e ."
                continue
            assert _(mid) == text, f"{locale}: the .mo is stale; run pip install -e . (or pybabel compile)"
    assert not ids - pot, f"auditor.pot is stale (run pybabel extract): {sorted(ids - pot)}"


def test_text_summary_translated():
    from auditor.report.text import write_summary

    doc, fs = sample_pages()[0]
    out = io.StringIO()
    write_summary(out, [(doc, fs), (make_doc(), [])], color=False, locale="zh-Hans")
    assert out.getvalue().strip() == "共检查 2 个页面，其中 1 个页面发现问题 3 项（错误 1 项，警告 1 项，提示 1 项）；另有 1 项已豁免"
    out = io.StringIO()
    write_summary(out, [(make_doc(), [])], color=False, locale="zh-Hant")
    assert out.getvalue().strip() == "共檢查 1 個頁面，未發現問題"


# ----------------------------------------------------------------------------- the sample corpus

def test_corpus_report(tmp_path):
    out = tmp_path / "corpus.html"
    code = main(["check", str(ROOT / "corpora" / "pages"), "--format", "html", "--output", str(out),
                 "--audit-date", AUDIT_DATE])
    assert code in (0, 1)
    html = out.read_text(encoding="utf-8")
    tree = lxml.html.fromstring(html)
    pages = sorted(p for p in (ROOT / "corpora" / "pages").iterdir() if p.is_file() and not p.name.startswith("."))
    views = tree.xpath('//article[@class="pageview"]')
    assert len(views) == len(pages)
    index = json_blocks(html)["auditor-index"]
    total = sum(len(p[5]) // 4 for p in index["pages"])
    assert total > 0
    # every finding with evidence in the text has its numbered mark
    for chunk in (v for k, v in json_blocks(html).items() if k.startswith("auditor-chunk")):
        for page in chunk:
            for n, f in enumerate(page["f"], 1):
                if f["b"] > f["a"] and any(s[0] <= f["a"] < s[1] for s in page["segs"]):
                    assert tree.xpath(f'//a[@id="p{page["i"]}-m{n}"]'), (page["src"], n)


def test_report_from_a_real_scan(tmp_path, capsys):
    """`auditor scan --segments` then `auditor report`: the same counts as the scan's summary,
    cross-page findings attached to their pages."""
    results = tmp_path / "scan.jsonl"
    main(["scan", str(ROOT / "corpora" / "pages"), "--segments", "--out", str(results), "--jobs", "1", "--quiet",
          "--audit-date", AUDIT_DATE])
    capsys.readouterr()
    records = [json.loads(line) for line in results.read_text(encoding="utf-8").splitlines()]
    summary = records[-1]
    assert summary["type"] == "summary"
    out = tmp_path / "scan.html"
    assert main(["report", str(results), "-o", str(out)]) == 0
    html = out.read_text(encoding="utf-8")
    index = json_blocks(html)["auditor-index"]
    assert len(index["pages"]) == summary["documents"]
    flat = [f for p in index["pages"] for f in p[5]]
    assert len(flat) // 4 == summary["findings"]
    by_sev = {s: flat[0::4].count(i) for i, s in enumerate(("error", "warning", "info"))}
    assert {k: v for k, v in by_sev.items() if v} == summary["by_severity"]
    crosspage = [r for r in records if r["type"] == "crosspage"]
    for rec in crosspage:
        page = next(p for p in index["pages"] if p[1] == rec["source"])
        cats = {index["cats"][c][0] for c in page[5][1::4]}
        assert {f["category"] for f in rec["findings"]} <= cats
    # the page text came back from the segments
    chunk = json_blocks(html)["auditor-chunk-0"]
    assert all(p["text"] for p in chunk)
