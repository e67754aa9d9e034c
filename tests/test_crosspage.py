"""Cross-page checks: duplicate approval numbers and language-version parity.

Unit tests feed facts straight to CrossPage; end-to-end tests scan and check real
English/Chinese pages that point at each other with hreflang links, or live under
/en/ and /zh/ paths.
"""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from auditor.batch.crosspage import (
    DUPLICATE, VERSION_DISCLAIMER, VERSION_NUMBER, CrossPage, parse_pair_paths, url_ident,
)
from tests.test_scan_support import AUDIT_DATE, ROOT, documents, main, read_jsonl, scan_env


def _facts(url=None, alternates=(), numbers=(), disclaimer=False, canonical=None):
    f = {"disclaimer": disclaimer}
    if url:
        f["url"] = url
    if canonical:
        f["canonical"] = canonical
    if alternates:
        f["alternates"] = [list(a) for a in alternates]
    if numbers:
        f["approval_numbers"] = [[n, 10 + i, 5, 100 + i, 109 + i, n] for i, n in enumerate(numbers)]
    return f


def _run(pages, **kw) -> dict[str, list]:
    """pages: (source, language, facts) -> {source: [(rule, message), ...]}."""
    with CrossPage(**kw) as cp:
        for i, (source, lang, facts) in enumerate(pages):
            cp.add(i, source, lang, facts)
        return {p.source: [(f.rule, f.message) for f in p.findings] for p in cp.findings()}


EN = "https://www.example-pharma.com/news/2026/a.html"
ZH = "https://www.example-pharma.com.cn/news/2026/a.html"


def test_same_number_on_unrelated_pages_is_a_duplicate_listing_the_others():
    out = _run([
        ("https://x.com/news/a.html", "en", _facts("https://x.com/news/a.html", numbers=["CN-100001"])),
        ("https://x.com/news/b.html", "en", _facts("https://x.com/news/b.html", numbers=["CN-100001", "CN-200002"])),
        ("https://x.com/news/c.html", "zh-Hans", _facts("https://x.com/news/c.html", numbers=["CN-100001"])),
        ("https://x.com/news/d.html", "en", _facts("https://x.com/news/d.html", numbers=["CN-200003"])),
    ])
    assert sorted(out) == ["https://x.com/news/a.html", "https://x.com/news/b.html", "https://x.com/news/c.html"]
    rule, message = out["https://x.com/news/a.html"][0]
    assert rule == DUPLICATE
    assert "CN-100001" in message and "2 other page(s)" in message
    assert "https://x.com/news/b.html" in message and "https://x.com/news/c.html" in message


def test_language_versions_and_recaptures_of_one_page_are_not_duplicates():
    out = _run([
        (EN, "en", _facts(EN, [("zh-CN", ZH)], ["CN-300003"], True)),
        (ZH, "zh-Hans", _facts(ZH, [("en", EN)], ["CN-300003"], True)),
        (EN, "en", _facts(EN, [("zh-CN", ZH)], ["CN-300003"], True)),  # captured again later
        ("https://www.example-pharma.com/news/2026/a.html?utm_source=x", "en",
         _facts("https://www.example-pharma.com/news/2026/a.html?utm_source=x", numbers=["CN-300003"],
                disclaimer=True, canonical=EN)),
    ])
    assert out == {}


def test_versions_paired_by_hreflang_disagree_on_the_disclaimer_and_the_number():
    out = _run([
        (EN, "en", _facts(EN, [("zh-CN", ZH), ("x-default", EN)], ["CN-400004"], disclaimer=True)),
        (ZH, "zh-Hans", _facts(ZH, [("en", EN)], ["CN-400005"], disclaimer=False)),
    ])
    assert [r for r, _m in out[EN]] == [VERSION_NUMBER]
    zh_rules = dict(out[ZH])
    assert set(zh_rules) == {VERSION_DISCLAIMER, VERSION_NUMBER}
    assert EN in zh_rules[VERSION_DISCLAIMER] and "English" in zh_rules[VERSION_DISCLAIMER]
    assert "CN-400005" in zh_rules[VERSION_NUMBER] and "CN-400004" in zh_rules[VERSION_NUMBER]


def test_one_sided_alternate_relative_href_and_http_vs_https_still_pair():
    en = "http://www.example-pharma.com/en/news/b.html"
    zh = "https://www.example-pharma.com/zh/news/b.html"
    out = _run([
        (en, "en", _facts(en, [("zh-Hans", "/zh/news/b.html")], disclaimer=True)),
        (zh, "zh-Hans", _facts(zh, disclaimer=False)),
    ])
    assert [r for r, _m in out[zh]] == [VERSION_DISCLAIMER] and en not in out


def test_pair_paths_pairs_files_without_urls_and_locale_messages():
    out = _run([
        ("site/en/news/c.html", "en", _facts(disclaimer=False)),
        ("site/zh/news/c.html", "zh-Hans", _facts(disclaimer=True)),
        ("site/zh/news/other.html", "zh-Hans", _facts(disclaimer=True)),
    ], pair_paths=parse_pair_paths(["/en/=/zh/"]), locale="zh-Hans")
    assert list(out) == ["site/en/news/c.html"]
    rule, message = out["site/en/news/c.html"][0]
    assert rule == VERSION_DISCLAIMER and "简体中文版本（site/zh/news/c.html）" in message


def test_same_language_pages_are_not_versions_and_select_ignore_apply():
    pages = [
        ("https://a.com/x.html", "en", _facts("https://a.com/x.html", [("en-GB", "https://a.com/uk/x.html")],
                                              ["CN-500001"], True)),
        ("https://a.com/uk/x.html", "en", _facts("https://a.com/uk/x.html", numbers=["CN-500001"])),
    ]
    assert set(_run(pages)) == {"https://a.com/x.html", "https://a.com/uk/x.html"}  # duplicates, not versions
    assert _run(pages, ignore=["approval-number-duplicate"]) == {}
    assert _run(pages, select=["unapproved-disclaimer-missing"]) == {}


def test_parse_pair_paths_and_url_ident():
    assert parse_pair_paths(["/en/=/zh/", "/en-us/=/zh-cn/"]) == [("/en/", "/zh/"), ("/en-us/", "/zh-cn/")]
    for bad in ("/en/", "=/zh/", "/en/=/en/"):
        with pytest.raises(ValueError):
            parse_pair_paths([bad])
    assert url_ident("HTTPS://WWW.X.com:443/a.html#top") == "//www.x.com/a.html"
    assert url_ident("../b.html", "https://x.com/news/a.html") == "//x.com/b.html"
    assert url_ident("https://x.com") == "//x.com/"


def test_many_pages_stay_on_disk_not_in_memory():
    with CrossPage() as cp:
        for i in range(5000):
            cp.add(i, f"https://x.com/p{i}.html", "en", _facts(f"https://x.com/p{i}.html", numbers=[f"CN-{i % 2500:06d}"]))
        pages = list(cp.findings())
    assert len(pages) == 5000 and all(p.findings[0].rule == DUPLICATE for p in pages)


# ------------------------------------------------------------------------------ end to end

PAGE = """<!DOCTYPE html>
<html lang="{html_lang}"><head><meta charset="utf-8"><title>{title}</title>
<link rel="canonical" href="{url}">
<link rel="alternate" hreflang="{other_lang}" href="{other_url}">
</head><body><nav class="menu"><a href="/">{home}</a></nav>
<main><article><h1>{title}</h1>
<p>{body}</p>
{disclaimer}
<p class="approval-code">{label}{number}</p>
</article></main></body></html>
"""
EN_BODY = ("SHANGHAI, March 5, 2026 — Example Pharma today announced that the Phase 3 ORBIT-2 trial of "
           "EXP-2207, an investigational antibody-drug conjugate, met its primary endpoint in small cell lung cancer.")
ZH_BODY = "（2026年3月5日，上海）示例制药今日宣布，其在研抗体偶联药物EXP-2207用于治疗小细胞肺癌的III期ORBIT-2研究达到主要终点。"
EN_DISCLAIMER = ('<p class="disclaimer"><em>EXP-2207 is investigational and has not been approved in mainland '
                 "China. Example Pharma does not recommend any unapproved use.</em></p>")


def _site(root, zh_number="CN-600001"):
    en_url = "https://www.example-pharma.com/en/news/2026/orbit-2.html"
    zh_url = "https://www.example-pharma.com/zh/news/2026/orbit-2.html"
    pages = {
        "en/news/2026/orbit-2.html": PAGE.format(html_lang="en", title="ORBIT-2 meets its primary endpoint",
                                                 url=en_url, other_lang="zh-CN", other_url=zh_url, home="Home",
                                                 body=EN_BODY, disclaimer=EN_DISCLAIMER, label="Approval number: ",
                                                 number="CN-600001"),
        "zh/news/2026/orbit-2.html": PAGE.format(html_lang="zh-CN", title="ORBIT-2研究达到主要终点",
                                                 url=zh_url, other_lang="en", other_url=en_url, home="首页",
                                                 body=ZH_BODY, disclaimer="", label="审批编号：", number=zh_number),
        "en/news/2026/other.html": PAGE.format(html_lang="en", title="Community update", url="https://www.example-pharma.com/en/news/2026/other.html",
                                               other_lang="en", other_url="https://www.example-pharma.com/en/news/2026/other.html",
                                               home="Home", body="Example Pharma supports patient groups.",
                                               disclaimer="", label="Approval number: ", number="CN-600001"),
    }
    for rel, html in pages.items():
        path = root / "site" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(html, encoding="utf-8")
    return root / "site"


def test_scan_writes_crosspage_records_before_the_summary(tmp_path):
    site = _site(tmp_path, zh_number="CN-600002")
    out = tmp_path / "r.jsonl"
    assert main(site, "--out", out) == 1
    records = read_jsonl(out)
    cross = {r["source"].split("site/", 1)[1]: r for r in records if r["type"] == "crosspage"}
    assert [r["type"] for r in records][-1] == "summary"
    zh = {f["rule"]: f for f in cross["zh/news/2026/orbit-2.html"]["findings"]}
    assert set(zh) == {VERSION_DISCLAIMER, VERSION_NUMBER}
    assert zh[VERSION_DISCLAIMER]["category"] == "unapproved-disclaimer-missing"
    assert zh[VERSION_NUMBER]["category"] == "approval-number-conflict"
    assert zh[VERSION_NUMBER]["evidence"] == "CN-600002" and zh[VERSION_NUMBER]["line"] > 1
    en = {f["rule"] for f in cross["en/news/2026/orbit-2.html"]["findings"]}
    assert en == {VERSION_NUMBER, DUPLICATE}  # CN-600001 is also on other.html
    assert {f["rule"] for f in cross["en/news/2026/other.html"]["findings"]} == {DUPLICATE}
    assert records[-1]["crosspage_findings"] == 5
    assert main(site, "--out", out, "--no-crosspage") == 1
    assert not [r for r in read_jsonl(out) if r["type"] == "crosspage"]


def test_scan_pair_paths_without_alternates(tmp_path):
    site = _site(tmp_path)
    for path in site.rglob("*.html"):  # drop the hreflang links: only the paths pair the versions
        path.write_text("\n".join(ln for ln in path.read_text(encoding="utf-8").splitlines()
                                  if "alternate" not in ln and "canonical" not in ln), encoding="utf-8")
    out = tmp_path / "r.jsonl"
    main(site, "--out", out)
    assert not any(f["rule"] == VERSION_DISCLAIMER for r in read_jsonl(out) if r["type"] == "crosspage"
                   for f in r["findings"])
    main(site, "--out", out, "--pair-paths", "/en/=/zh/")
    rules = {(r["source"].split("site/", 1)[1], f["rule"]) for r in read_jsonl(out) if r["type"] == "crosspage"
             for f in r["findings"]}
    assert ("zh/news/2026/orbit-2.html", VERSION_DISCLAIMER) in rules


def test_check_puts_crosspage_findings_on_the_documents_they_concern(tmp_path):
    from auditor.audit.engines import AuditOptions, build_engine
    from auditor.audit.inputs import iter_documents
    from auditor.report import ReportOptions
    from auditor.report.writers import JsonWriter
    from auditor.batch.crosspage import CrossPageWriter
    import io

    site = _site(tmp_path, zh_number="CN-600002")
    engine = build_engine(AuditOptions())
    buf = io.StringIO()
    writer = CrossPageWriter(JsonWriter(buf, ReportOptions()), engine)
    for doc in iter_documents([str(site)]):
        writer.document(doc, engine.check(doc))
    writer.close()
    report = json.loads(buf.getvalue())
    assert [d["source"].split("site/", 1)[1] for d in report["documents"]] == [
        "en/news/2026/orbit-2.html", "en/news/2026/other.html", "zh/news/2026/orbit-2.html"]
    zh = report["documents"][2]
    assert {VERSION_DISCLAIMER, VERSION_NUMBER} <= {f["rule"] for f in zh["findings"]}
    assert report["summary"]["by_category"]["approval-number-duplicate"] == 2


def test_check_command_reports_crosspage_findings(tmp_path):
    site = _site(tmp_path, zh_number="CN-600002")
    def check(*extra):
        p = subprocess.run([sys.executable, "-m", "auditor", "check", str(site), "--format", "json", "--no-config",
                            "--audit-date", AUDIT_DATE, *extra], capture_output=True, text=True, env=scan_env(),
                           cwd=ROOT)
        assert p.returncode == 1, p.stderr
        return {f["rule"] for d in json.loads(p.stdout)["documents"] for f in d["findings"]}

    assert {VERSION_DISCLAIMER, VERSION_NUMBER, DUPLICATE} <= check("--crosspage")
    assert not {VERSION_DISCLAIMER, VERSION_NUMBER, DUPLICATE} & check()
