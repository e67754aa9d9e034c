"""The HTML report in a real browser: Playwright driving Debian's Chromium.

Checks that the report loads without console errors or CSP violations and makes no
request, that clicking a finding scrolls its evidence into view (and back), that the
filters, sorting and pagination work, that the Chinese interfaces show Chinese, that
hostile page content never runs, that a page prints cleanly, that the report reads
with JavaScript off, and how fast a 10,000-page report opens.

Chromium: /usr/bin/chromium (`apt-get install -y chromium`) or $AUDITOR_CHROMIUM. The
tests skip, saying why, only when Chromium cannot be found or launched. Screenshots,
a PDF and the performance figures go to test-artifacts/.
"""
from __future__ import annotations

import json
import os
import shutil
import time

import pytest

from auditor.cli import main
from auditor.report.html import HtmlReport
from auditor.report.jsonout import document_record
from tests.conftest import ARTIFACTS, ROOT
from tests.test_html_report import AUDIT_DATE, HOSTILE, finding, hostile_records, make_doc, render

pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install -e '.[test]')")
from playwright.sync_api import Error as PlaywrightError  # noqa: E402
from playwright.sync_api import expect, sync_playwright  # noqa: E402

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
VIEWPORT = {"width": 1400, "height": 900}

# Records what must never happen: script errors, CSP violations, dialogs, requests, payloads.
WATCH = """
window.__violations = [];
document.addEventListener('securitypolicyviolation', function (e) {
  window.__violations.push(e.violatedDirective + ' ' + e.blockedURI);
});
"""


def chromium_path() -> str | None:
    for c in (os.environ.get("AUDITOR_CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser",
              shutil.which("chromium"), shutil.which("chromium-browser")):
        if c and os.path.exists(c):
            return c
    return None


@pytest.fixture(scope="module")
def browser():
    exe = chromium_path()
    if not exe:
        pytest.skip("Chromium not found: apt-get install -y chromium, or set AUDITOR_CHROMIUM")
    pw = sync_playwright().start()
    try:
        b = pw.chromium.launch(executable_path=exe, args=CHROMIUM_ARGS)
    except PlaywrightError as exc:
        pw.stop()
        pytest.skip(f"Chromium at {exe} cannot be launched: {str(exc).splitlines()[0]}")
    yield b
    b.close()
    pw.stop()


@pytest.fixture(scope="module")
def artifacts():
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


class Session:
    """A page on a report, with everything that went wrong recorded."""

    def __init__(self, browser, path, *, js=True, viewport=VIEWPORT):
        self.ctx = browser.new_context(java_script_enabled=js, viewport=viewport)
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.ctx.route("**/*", self._route)
        self.page = self.ctx.new_page()
        self.page.add_init_script(WATCH)
        self.page.on("console", lambda m: m.type in ("error", "warning") and self.errors.append(f"{m.type}: {m.text}"))
        self.page.on("pageerror", lambda e: self.errors.append(f"pageerror: {e}"))
        self.page.on("dialog", self._dialog)
        self.url = path.resolve().as_uri()
        self.page.goto(self.url)
        if js:
            self.page.wait_for_selector("body[data-ready]")

    def _route(self, route):
        url = route.request.url
        if url.startswith("file://") or url.startswith("data:"):
            route.continue_()
        else:
            self.requests.append(url)
            route.abort()

    def _dialog(self, dialog):
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def go(self, hash_):
        self.page.evaluate("h => { location.hash = h; }", hash_)
        self.page.wait_for_timeout(50)

    def assert_clean(self, title):
        p = self.page
        assert p.evaluate("typeof window.pwned") == "undefined"
        assert p.evaluate("typeof parent.pwned") == "undefined"
        assert p.title() == title
        assert p.evaluate("window.__violations") == []
        assert self.errors == [] and self.dialogs == [] and self.requests == []

    def close(self):
        self.ctx.close()


@pytest.fixture(scope="module")
def corpus_report(tmp_path_factory):
    out = tmp_path_factory.mktemp("corpus") / "corpus.html"
    main(["check", str(ROOT / "corpora" / "pages"), "--format", "html", "--output", str(out), "--audit-date", AUDIT_DATE])
    return out


def rows(page) -> list[list[str]]:
    return page.eval_on_selector_all("#pagetable tbody tr", "trs => trs.map(tr => [...tr.cells].map(c => c.textContent))")


# ----------------------------------------------------------------------------- loading

def test_corpus_report_loads_clean(browser, corpus_report, artifacts):
    s = Session(browser, corpus_report)
    try:
        p = s.page
        assert p.locator("#summary").is_visible() and p.locator("#pagetable").is_visible()
        n_pages = len([f for f in (ROOT / "corpora" / "pages").iterdir() if f.is_file() and not f.name.startswith(".")])
        assert len(rows(p)) == n_pages
        expect(p.locator("#status")).to_have_text(f"Showing 1–{n_pages} of {n_pages} pages")
        p.screenshot(path=str(artifacts / "html-report-summary.png"))
        # open every page view once: none may raise or violate the CSP
        for i in range(n_pages):
            s.go(f"#p{i}")
            assert p.locator(f'#view article[data-page="{i}"]').is_visible()
        s.go("#pages")
        assert p.locator("#pagetable").is_visible() and not p.locator("#view").is_visible()
        s.assert_clean("Audit report")
    finally:
        s.close()


# ----------------------------------------------------------------------------- click to scroll

def long_page_report(tmp_path):
    filler = [f"Paragraph {i}: the trial enrolled patients across several sites in China." for i in range(150)]
    doc = make_doc("site/news/long.html", "\n".join(["Home News"] + filler + ["We are the best in class.",
                                                                             "Approval number: CN-12"]), lang="en")
    fs = [finding(doc, "Paragraph 3:", severity="info", message="early"),
          finding(doc, "the best", severity="error", message="late evidence")]
    other = make_doc("site/about/x.html", "About\nfine", lang="en")
    out = tmp_path / "long.html"
    out.write_text(render([(doc, fs), (other, [])]), encoding="utf-8")
    return out


def test_click_finding_scrolls_to_evidence_and_back(browser, tmp_path, artifacts):
    s = Session(browser, long_page_report(tmp_path))
    try:
        p = s.page
        p.click("#pagetable tbody tr:first-child th a")  # worst first: the long page
        expect(p.locator('#view article[data-page="0"]')).to_be_visible()
        mark = p.locator("mark:has(#p0-m2)")
        expect(mark).not_to_be_in_viewport()
        p.click("#p0-f2 a.num")  # the finding's number links to its evidence
        expect(mark).to_be_in_viewport()
        assert "the best" in mark.text_content()
        p.screenshot(path=str(artifacts / "html-report-click-finding.png"))
        # back: the mark's number links to the finding
        p.click("#p0-f1 a.num")
        expect(p.locator("mark:has(#p0-m1)")).to_be_in_viewport()
        p.click("#p0-m2")
        expect(p.locator("#p0-f2")).to_be_in_viewport()
        # clicking the same finding again scrolls to it again
        p.click("#p0-f2 a.num")
        p.evaluate("window.scrollTo(0, 0)")
        expect(mark).not_to_be_in_viewport()
        p.click("#p0-f2 a.num")
        expect(mark).to_be_in_viewport()
        # a deep link opens the page view at the evidence
        s.go("#pages")
        s.go("#p0-m2")
        expect(mark).to_be_in_viewport()
        s.assert_clean("Audit report")
    finally:
        s.close()


# ----------------------------------------------------------------------------- filters, sorting, pages

def test_filters_and_sorting(browser, corpus_report, artifacts):
    s = Session(browser, corpus_report)
    try:
        p = s.page
        everything = rows(p)
        # default order: worst first (errors, then warnings, then info)
        counts = [tuple(int(c.replace(",", "") or 0) for c in r[3:6]) for r in everything]
        assert counts == sorted(counts, reverse=True)
        # severity: errors only
        p.uncheck('input[name="sev"][value="1"]')
        p.uncheck('input[name="sev"][value="2"]')
        errors_only = rows(p)
        assert 0 < len(errors_only) < len(everything)
        assert all(r[3] and not r[4] and not r[5] for r in errors_only)
        p.click("button.clear")
        expect(p.locator("#pagetable tbody tr")).to_have_count(len(everything))
        # category
        option = p.locator('select[name="cat"] option').nth(1)
        label = option.text_content().rsplit(" (", 1)[0]
        p.select_option('select[name="cat"]', option.get_attribute("value"))
        by_cat = rows(p)
        assert 0 < len(by_cat) < len(everything) and all(label in r[7] for r in by_cat)
        # segment kind and rule narrow further, or keep, never widen
        p.select_option('select[name="rule"]', index=1)
        assert len(rows(p)) <= len(by_cat)
        p.click("button.clear")
        p.select_option('select[name="kind"]', index=1)
        assert 0 < len(rows(p)) < len(everything)
        p.click("button.clear")
        # language
        p.select_option('select[name="lang"]', index=1)
        lang = p.locator('select[name="lang"] option').nth(1).text_content().rsplit(" (", 1)[0]
        assert all(r[2] == lang for r in rows(p))
        p.click("button.clear")
        # search
        p.fill('input[name="q"]', "nw-0")
        assert rows(p) and all("nw-0" in r[0] for r in rows(p))
        p.fill('input[name="q"]', "")
        # summary entries are filters too
        p.click('#summary .flt[data-f="cat"] >> nth=0')
        assert 0 < len(rows(p)) < len(everything)
        p.click("button.clear")
        # sorting by page name, both ways
        p.click('th[data-sort="source"] button')
        names = [r[0] for r in rows(p)]
        assert names == sorted(names)
        p.click('th[data-sort="source"] button')
        assert [r[0] for r in rows(p)] == sorted(names, reverse=True)
        assert p.get_attribute('th[data-sort="source"]', "aria-sort") == "descending"
        # the filters also apply inside a page view: errors only, the others behind "show all"
        p.click("button.clear")
        p.uncheck('input[name="sev"][value="1"]')
        p.uncheck('input[name="sev"][value="2"]')
        p.click("#pagetable tbody tr:first-child th a")
        view = p.locator("#view")
        # the view renders on the hash change, after the click returns: wait for it
        expect(view.locator("article")).to_have_count(1)
        visible = view.locator("ol.active > li.finding:visible")
        assert visible.count() > 0
        assert all("sev-error" in c for c in visible.evaluate_all("ls => ls.map(l => l.className)"))
        total = view.locator("ol.active > li.finding").count()
        if total > visible.count():
            expect(view.locator(".filtered-note")).to_be_visible()
            view.locator(".showall").click()
            expect(view.locator("ol.active > li.finding:visible")).to_have_count(total)
        p.screenshot(path=str(artifacts / "html-report-filtered.png"))
        s.assert_clean("Audit report")
    finally:
        s.close()


def test_pagination(browser, tmp_path):
    report = HtmlReport("en", audit_date=AUDIT_DATE)
    for i in range(250):
        doc = make_doc(f"site/s{i % 7}/page-{i:03d}.html", "最佳\ntext", ["content", "content"])
        report.add(document_record(doc, [finding(doc, "最佳")] if i % 2 else [], segments=True))
    out = tmp_path / "many.html"
    with out.open("w", encoding="utf-8") as f:
        report.write(f)
    s = Session(browser, out)
    try:
        p = s.page
        expect(p.locator("#status")).to_have_text("Showing 1–100 of 250 pages")
        assert p.locator("#pagetable tbody tr").count() == 100
        expect(p.locator(".pager .pos")).to_have_text("Page 1 of 3")
        expect(p.locator('.pager [data-go="-1"]')).to_be_disabled()
        p.click('.pager [data-go="1"]')
        p.click('.pager [data-go="1"]')
        expect(p.locator("#status")).to_have_text("Showing 201–250 of 250 pages")
        expect(p.locator('.pager [data-go="1"]')).to_be_disabled()
        # a page view from the last table page, then previous/next pages in table order
        p.click("#pagetable tbody tr:first-child th a")
        expect(p.locator("#view article")).to_have_count(1)
        first = p.locator("#view article").get_attribute("data-page")
        # The view re-renders on the hash change: let Playwright wait for it.
        p.click("#view .nextp")
        expect(p.locator("#view article")).not_to_have_attribute("data-page", first)
        p.click("#view .prevp")
        expect(p.locator("#view article")).to_have_attribute("data-page", first)
        # back to the table: same table page, the row highlighted
        p.click("#view a.all")
        expect(p.locator("#status")).to_have_text("Showing 201–250 of 250 pages")
        s.assert_clean("Audit report")
    finally:
        s.close()


# ----------------------------------------------------------------------------- languages

@pytest.mark.parametrize("locale,title,labels", [
    ("zh-Hans", "审核报告", ["概览", "已审核页面", "按类别", "严重程度", "清除筛选", "页面文本", "发现项", "修改建议"]),
    ("zh-Hant", "審核報告", ["概覽", "已審核頁面", "依類別", "嚴重程度", "清除篩選", "頁面文字", "發現項", "修改建議"]),
])
def test_chinese_interface(browser, tmp_path, artifacts, locale, title, labels):
    out = tmp_path / f"{locale}.html"
    main(["check", str(ROOT / "corpora" / "pages"), "--format", "html", "--locale", locale, "--output", str(out),
          "--audit-date", AUDIT_DATE])
    s = Session(browser, out)
    try:
        p = s.page
        assert p.title() == title and p.locator("h1").text_content() == title
        assert "2026年3月1日" in p.locator("header .meta").text_content()
        p.screenshot(path=str(artifacts / f"html-report-{locale}.png"))
        text = p.locator("body").inner_text()
        p.click("#pagetable tbody tr:first-child th a")
        expect(p.locator("#view article")).to_have_count(1)  # rendered on the hash change
        text += p.locator("body").inner_text()
        for label in labels:
            assert label in text, label
        assert "Findings" not in text and "Page text" not in text and "Summary" not in text
        p.screenshot(path=str(artifacts / f"html-report-{locale}-page.png"))
        s.assert_clean(title)
    finally:
        s.close()


# ----------------------------------------------------------------------------- hostile content

def hostile_reports(tmp_path):
    """The hostile pages through `check`, hostile JSONL through `report`, hostile file names."""
    a = tmp_path / "hostile-check.html"
    main(["check", str(HOSTILE), "--format", "html", "--output", str(a), "--audit-date", AUDIT_DATE])
    results = tmp_path / "hostile.jsonl"
    results.write_text("\n".join(json.dumps(r) for r in hostile_records()) + "\n", encoding="utf-8")
    b = tmp_path / "hostile-report.html"
    main(["report", str(results), "--output", str(b)])
    site = tmp_path / "site" / '"><svg onload=window.pwned=1>'
    site.mkdir(parents=True)
    (site / "<img src=x onerror=window.pwned=1>.html").write_text(
        "<p>最佳疗效 \u202eevil\u202c <b onmouseover=window.pwned=1>x</b></p>", encoding="utf-8")
    (site / "javascript:window.pwned=1.html").write_text("<p>第一</p>", encoding="utf-8")
    c = tmp_path / "hostile-names.html"
    main(["check", str(tmp_path / "site"), "--format", "html", "--output", str(c), "--audit-date", AUDIT_DATE])
    return [a, b, c]


def test_hostile_content_never_runs(browser, tmp_path, artifacts):
    for n, report in enumerate(hostile_reports(tmp_path)):
        s = Session(browser, report)
        try:
            p = s.page
            pages = p.evaluate("JSON.parse(document.getElementById('auditor-index').textContent).pages.length")
            for i in range(pages):
                s.go(f"#p{i}")
                view = p.locator("#view")
                expect(view.locator("article")).to_be_visible()
                # hover and click everything a reviewer could: marks, findings, references
                for sel in ("mark a.num", "li.finding a.num", ".refs a"):
                    for k in range(min(view.locator(sel).count(), 6)):
                        view.locator(sel).nth(k).hover()
                        view.locator(sel).nth(k).click()
                text = view.inner_text()
                assert "\u202e" not in text and "\u2066" not in text  # overrides shown as markers, never applied
                assert not view.locator("img, svg, iframe, object, embed, textarea, style, script").count()
                if n == 0 and "bidi-controls" in (view.locator("h2.src").text_content() or ""):
                    markers = view.locator(".ctl").all_text_contents()
                    assert "U+202E" in markers and "U+2066" in markers and "U+001B" in markers
                    view.screenshot(path=str(artifacts / "html-report-bidi-markers.png"))
            s.go("#pages")
            p.wait_for_timeout(100)
            s.assert_clean("Audit report")
        finally:
            s.close()


def test_hostile_content_without_javascript(browser, tmp_path):
    for report in hostile_reports(tmp_path):
        s = Session(browser, report, js=False)
        try:
            p = s.page
            assert p.locator("article.pageview").count() >= 2
            assert p.locator("article.pageview").first.is_visible()
            assert not p.locator("img, svg, iframe, object, embed, textarea").count()
            assert not p.locator("[onerror], [onload], [onclick], [onmouseover]").count()
            assert p.locator(".ctl").count() > 0
            assert s.requests == [] and s.dialogs == []
        finally:
            s.close()


# ----------------------------------------------------------------------------- print and no-JS

def test_print_one_page_view(browser, corpus_report, artifacts):
    s = Session(browser, corpus_report)
    try:
        p = s.page
        p.click('th[data-sort="e"] button')
        p.click("#pagetable tbody tr:first-child th a")
        p.emulate_media(media="print")
        for sel in ("#pagelist", "#filters", "#printbtn", "#view .viewnav", "#batch"):
            assert not p.locator(sel).is_visible(), sel
        text = p.locator("#view .textcol").bounding_box()
        finds = p.locator("#view .findcol").bounding_box()
        assert finds["y"] >= text["y"] + text["height"] - 1  # findings after the text
        bg = p.eval_on_selector("#view mark.ev", "m => getComputedStyle(m).backgroundColor")
        assert bg not in ("rgba(0, 0, 0, 0)", "transparent")  # highlighted evidence kept
        assert p.eval_on_selector("#view mark.ev", "m => getComputedStyle(m).printColorAdjust") == "exact"
        pdf = artifacts / "html-report-page.pdf"
        p.pdf(path=str(pdf), format="A4", print_background=True)
        assert pdf.stat().st_size > 10_000
        s.assert_clean("Audit report")
    finally:
        s.close()


def test_readable_without_javascript(browser, corpus_report, artifacts):
    s = Session(browser, corpus_report, js=False)
    try:
        p = s.page
        n_pages = len([f for f in (ROOT / "corpora" / "pages").iterdir() if f.is_file() and not f.name.startswith(".")])
        assert p.locator("#pages table.pt tbody tr").count() == n_pages  # the static table
        assert not p.locator("#pagelist").is_visible()  # the script's controls stay hidden
        assert p.locator("article.pageview").count() == n_pages
        assert p.locator("article.pageview mark.ev").count() > 0
        first = p.locator("#pages table.pt tbody tr th a").first
        target = first.get_attribute("href")
        first.click()
        expect(p.locator(target)).to_be_in_viewport()
        p.screenshot(path=str(artifacts / "html-report-nojs.png"))
    finally:
        s.close()


# ----------------------------------------------------------------------------- 10,000 pages

WORDS_ZH = "诺风生物今日宣布其在研药物的三期临床试验达到主要终点患者总生存期显著延长安全性与既往研究一致"
WORDS_EN = "the phase three trial met its primary endpoint and overall survival improved in patients with cancer"


def synthetic_record(i: int) -> dict:
    """A page like a real press release: nav, content, notices, boilerplate, metadata
    (about 2,000 characters), with 0-8 findings."""
    zh = i % 3 != 0
    words = WORDS_ZH if zh else WORDS_EN + " "
    parts = [("navigation", "首页 关于我们 研发管线 新闻中心 联系我们" if zh else "Home About Pipeline News Contact"),
             ("metadata", f"发布时间：2025-{i % 12 + 1:02d}-0{i % 9 + 1}" if zh else f"Released 2025-{i % 12 + 1:02d}-01")]
    for k in range(6):
        start = (i * 7 + k * 13) % len(words)
        parts.append(("content", (words[start:] + words[:start]) * (3 if zh else 2)))
    parts += [("disclaimer", "本文涉及尚未在中国大陆获批准的产品或适应症。" if zh else "Not approved in mainland China."),
              ("third_party_notice", "您正在离开本网站，即将访问第三方网站。"),
              ("boilerplate", "关于诺风生物：诺风生物是一家专注于肿瘤领域的生物制药公司。" * 2),
              ("metadata", f"审批编号：CN-{100000 + i}")]
    segs, findings, pos = [], [], 0
    for sid, (kind, text) in enumerate(parts):
        segs.append({"id": sid, "kind": kind, "lang": "zh-Hans" if zh or kind != "content" else "en",
                     "start": pos, "end": pos + len(text), "line": sid + 10, "column": 1, "text": text})
        pos += len(text) + 1
    for n in range(i % 9):
        seg = segs[2 + n % 6]
        a = seg["start"] + 5 * n
        sev = ("error", "warning", "info")[(i + n) % 3]
        cat = ("absolute-claim", "unapproved-disclaimer-missing", "statutory-number-missing", "fls-missing")[n % 4]
        findings.append({"rule": f"cn-pharma/rule-{n % 4}", "category": cat, "severity": sev,
                         "message": f"Finding {n} on page {i}: a term that needs substantiation.", "line": seg["line"],
                         "column": 6, "segment": seg["id"], "evidence": seg["text"][5 * n:5 * n + 4], "start": a,
                         "end": a + 4, "fix": "Remove the term, or replace it with a precise, sourced fact.",
                         "title": f"Rule {n % 4}", "references": ["《广告法》第九条"],
                         "explanation": f"matched a term of the lexicon in content (page {i})"})
    section = ("news", "about", "science", "products", "careers", "investors")[i % 6]
    return {"type": "document", "source": f"export/site/{section}/{i // 100:03d}/page-{i:05d}.html", "format": "html",
            "encoding": "utf-8", "language": "zh-Hans" if zh else "en", "segments": segs, "findings": findings}


def test_ten_thousand_pages_open_fast(browser, tmp_path, artifacts):
    t0 = time.perf_counter()
    report = HtmlReport("en", audit_date=AUDIT_DATE)
    for i in range(10_000):
        report.add(synthetic_record(i))
    out = tmp_path / "10000.html"
    with out.open("w", encoding="utf-8") as f:
        report.write(f)
    build_s = time.perf_counter() - t0
    size = out.stat().st_size
    s = Session(browser, out)
    try:
        p = s.page
        p.goto("about:blank")
        t1 = time.perf_counter()
        p.goto(out.resolve().as_uri(), wait_until="commit")
        p.wait_for_selector("body[data-ready]")
        interactive_s = time.perf_counter() - t1  # summary, filters and the first 100 rows usable
        p.wait_for_load_state("load")
        load_s = time.perf_counter() - t1  # the whole file parsed
        ready_ms = int(p.get_attribute("body", "data-ready"))
        nodes = p.evaluate("document.getElementsByTagName('*').length")
        assert p.locator("#pagetable tbody tr").count() == 100
        expect(p.locator("#status")).to_have_text("Showing 1–100 of 10,000 pages")
        t2 = time.perf_counter()
        s.go("#p9999")
        p.wait_for_selector('#view article[data-page="9999"]')
        open_s = time.perf_counter() - t2
        t3 = time.perf_counter()
        p.goto(out.resolve().as_uri() + "#pages")
        p.uncheck('input[name="sev"][value="2"]')
        p.select_option('select[name="cat"]', index=1)
        filter_s = time.perf_counter() - t3
        heap = p.evaluate("performance.memory ? performance.memory.usedJSHeapSize : 0")
        figures = {"pages": 10_000, "file_bytes": size, "build_seconds": round(build_s, 2),
                   "interactive_seconds": round(interactive_s, 2), "load_seconds": round(load_s, 2),
                   "script_ready_ms": ready_ms, "dom_elements": nodes,
                   "open_last_page_seconds": round(open_s, 3), "filter_seconds": round(filter_s, 3),
                   "js_heap_bytes": heap}
        (artifacts / "html-report-perf.json").write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
        print("\n10,000-page HTML report:", figures)
        assert nodes < 5_000, figures
        assert interactive_s < 3, figures  # typically well under a second
        assert load_s < 15, figures  # typically 2-4 s; generous for a loaded CI machine
        assert open_s < 2, figures
        s.assert_clean("Audit report")
    finally:
        s.close()
