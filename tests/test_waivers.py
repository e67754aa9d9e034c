"""In-page waivers and the waiver file (auditor/gate/waivers.py), unit and end to end.

The pages are realistic Chinese press releases of an investigational product (NWB-2207):
with the unapproved-product disclaimer (clean) and without it (an error finding).
The page builder here is shared by the other CI tests.
"""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from auditor.cli import main
from auditor.model.document import CATEGORIES, Block, Comment, Document, Finding
from auditor.gate.waivers import (
    EXPIRED, INVALID, UNUSED, Invalid, Waiver, Waivers, WaiverFileError, load_waiver_file, parse_comment,
)

AUDIT_DATE = "2026-09-10"
MISSING = "unapproved-disclaimer-missing"
RULE = "cn-pharma/unapproved-product-disclaimer"

DISCLAIMER = """      <div class="disclaimer-box">
        <p><strong>免责声明：</strong>本文涉及尚未在中国大陆获批准的产品或适应症。NWB-2207为在研药物，其安全性和有效性尚未确立。诺风生物不推荐任何未经批准的药品或适应症的使用。</p>
      </div>
"""
ABSOLUTE = "      <p>诺风生物是国内最好的肿瘤创新药企业，拥有最先进的ADC技术平台。</p>\n"


def zh_release(disclaimer: bool = True, *, top: str = "", before_title: str = "", body: str = "",
               after_body: str = "") -> str:
    """A Northwind China press release about the investigational ADC NWB-2207."""
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>NWB-2207 III期BEACON-Lung 03研究数据在2026年世界肺癌大会公布 | 诺风生物中国</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
</head>
<body class="page-news">
{top}<header class="site-header" role="banner">
  <nav class="main-nav" aria-label="主导航">
    <ul>
      <li><a href="/">首页</a></li>
      <li><a href="/about/">关于我们</a></li>
      <li class="active"><a href="/news/">新闻中心</a></li>
      <li><a href="/contact/">联系我们</a></li>
    </ul>
  </nav>
</header>
<main id="main">
  <article class="news-detail">
{before_title}    <h1>NWB-2207 III期BEACON-Lung 03研究总生存期数据在2026年世界肺癌大会公布</h1>
    <p class="news-meta"><span class="date">发布日期：2026-09-08</span>&nbsp;&nbsp;<span class="source">来源：诺风生物</span></p>
    <div class="article-body">
      <p class="dateline">（2026年9月8日，上海）</p>
{body}      <p>诺风生物今日宣布，其在研抗体偶联药物（ADC）NWB-2207对比拓扑替康用于治疗铂类化疗后进展的广泛期小细胞肺癌（ES-SCLC）的III期BEACON-Lung 03研究的总生存期（OS）分析结果，于2026年世界肺癌大会（WCLC）上以口头报告形式公布。</p>
      <p>截至 2026 年 5 月 30 日的数据截止日，中位随访时间为 14.2 个月。NWB-2207组的中位总生存期为 13.6 个月，拓扑替康组为 10.1 个月（HR=0.72；95% CI：0.59–0.88）。</p>
      <p>NWB-2207组发生率≥20%的治疗相关不良事件为恶心、贫血和中性粒细胞减少。研究中观察到的安全性特征与既往I/II期研究报告的结果一致，未发现新的安全性信号。</p>
{after_body}{DISCLAIMER if disclaimer else ""}      <h2>关于诺风生物</h2>
      <p>诺风生物（Northwind Biosciences）是一家以科学为驱动的全球生物制药企业，专注于肿瘤、免疫及罕见病领域创新药物的研发与商业化。</p>
      <p class="approval-code">审批编号：CN-204518&nbsp;&nbsp;有效期至：2027-09-07</p>
    </div>
  </article>
</main>
<footer class="site-footer" role="contentinfo">
  <ul class="footer-links">
    <li><a href="/legal/privacy/">隐私政策</a></li>
    <li><a href="/legal/terms/">使用条款</a></li>
  </ul>
  <p class="copyright">© 2026 诺风生物（中国）投资有限公司 版权所有</p>
  <p class="beian"><a href="https://beian.miit.gov.cn/" target="_blank" rel="noopener">沪ICP备12345678号-1</a>&nbsp;|&nbsp;沪公网安备31010402001234号</p>
  <p class="license">互联网药品信息服务资格证书编号：(沪)-非经营性-2024-0001</p>
</footer>
</body>
</html>
"""


def run_json(capsys, *args: str) -> tuple[int, dict, str]:
    rc = main(["check", "--format", "json", "--audit-date", AUDIT_DATE, "--no-config", *args])
    cap = capsys.readouterr()
    return rc, (json.loads(cap.out) if cap.out.strip() else {}), cap.err


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def categories(doc: dict, key: str = "findings") -> list[str]:
    return [f["category"] for f in doc.get(key, [])]


# -- parsing ---------------------------------------------------------------------

KNOWN = {RULE, "unapproved-product-disclaimer", MISSING, "absolute-claim", "cn-pharma/absolute-terms", "absolute-terms"}


def c(text: str, line: int = 5, offset: int = 0) -> Comment:
    return Comment(text=text, line=line, column=3, offset=offset)


def test_parse_full_waiver():
    w = parse_comment(c('auditor-disable-next-line unapproved-disclaimer-missing, absolute-claim -- '
                        'Disclaimer is in the linked PDF (MLR ticket 4471) approver="Li Wei" until=2026-12-31'), KNOWN)
    assert isinstance(w, Waiver)
    assert w.directive == "disable-next-line"
    assert w.targets == (MISSING, "absolute-claim")
    assert w.reason == "Disclaimer is in the linked PDF (MLR ticket 4471)"
    assert w.approver == "Li Wei"
    assert w.until == dt.date(2026, 12, 31)
    assert w.record() == {"reason": w.reason, "approver": "Li Wei", "until": "2026-12-31", "source": "inline", "line": 5}


def test_parse_chinese_reason_and_unquoted_approver():
    w = parse_comment(c("auditor-disable-file cn-pharma/unapproved-product-disclaimer -- 已由医学部审核，免责声明位于附件 approver=wang.liqun"), KNOWN)
    assert isinstance(w, Waiver) and w.directive == "disable-file"
    assert w.reason == "已由医学部审核，免责声明位于附件" and w.approver == "wang.liqun" and w.until is None


@pytest.mark.parametrize("text, problem", [
    ("auditor-disable-next-line unapproved-disclaimer-missing", "no reason"),
    ("auditor-disable-next-line unapproved-disclaimer-missing --   approver=li", "no reason"),
    ("auditor-disable-next-line -- legacy page", "names no rule"),
    ("auditor-disable-next-line no-such-rule -- legacy page", "unknown rule or category no-such-rule"),
    ("auditor-disable-next-line absolute-claim -- ok until=2026-13-40", "until=2026-13-40"),
    ("auditor-disable-nextline absolute-claim -- ok", "unknown directive auditor-disable-nextline"),
])
def test_parse_invalid(text, problem):
    w = parse_comment(c(text), KNOWN)
    assert isinstance(w, Invalid)
    assert problem in w.problem


@pytest.mark.parametrize("text", ["[if lt IE 9]>\n<script src=\"/js/html5shiv.js\"></script>\n<![endif]",
                                  "auditor: reviewed by MLR", "   end .article-body  "])
def test_other_comments_are_not_waivers(text):
    assert parse_comment(c(text), KNOWN) is None


def _doc(comments, blocks) -> Document:
    text = "NWB-2207 今日公布。\n诺风生物是国内最好的企业。\n关于诺风生物"
    return Document(source="news/a.html", format="html", encoding="utf-8", text=text, blocks=blocks,
                    comments=tuple(comments))


def _finding(rule, category, start, end, line, col, severity="warning") -> Finding:
    return Finding(rule=rule, category=category, severity=severity, message="m", line=line, column=col, segment=None,
                   evidence="x", start=start, end=end, source="news/a.html")


def test_scopes_next_line_block_and_file():
    blocks = (Block(0, 15, 10, 5), Block(16, 29, 12, 5), Block(30, 36, 14, 5))
    f_first = _finding("cn-pharma/absolute-terms", "absolute-claim", 0, 8, 10, 5)
    f_second = _finding("cn-pharma/absolute-terms", "absolute-claim", 21, 23, 12, 12)
    f_page = _finding(RULE, MISSING, 0, 0, 1, 1, "error")
    comments = [
        c("auditor-disable-next-line absolute-claim -- quoted award title", line=11, offset=16),
    ]
    out = Waivers(audit_date=dt.date(2026, 9, 10), known=KNOWN).apply(_doc(comments, blocks), [f_first, f_second, f_page])
    assert [bool(f.waiver) for f in out] == [False, True, False]

    comments = [c("auditor-disable absolute-claim -- award name", line=9, offset=0),
                c("auditor-enable absolute-claim", line=11, offset=16)]
    out = Waivers(audit_date=dt.date(2026, 9, 10), known=KNOWN).apply(_doc(comments, blocks), [f_first, f_second, f_page])
    assert [bool(f.waiver) for f in out] == [True, False, False]

    comments = [c("auditor-disable-file unapproved-disclaimer-missing -- disclaimer in the PDF", line=2, offset=0)]
    out = Waivers(audit_date=dt.date(2026, 9, 10), known=KNOWN).apply(_doc(comments, blocks), [f_first, f_second, f_page])
    assert [bool(f.waiver) for f in out] == [False, False, True]


def test_unclosed_block_runs_to_the_end_and_unmatched_enable_is_invalid():
    blocks = (Block(0, 15, 10, 5), Block(16, 29, 12, 5), Block(30, 36, 14, 5))
    f_second = _finding("cn-pharma/absolute-terms", "absolute-claim", 21, 23, 12, 12)
    comments = [c("auditor-enable absolute-claim", line=3, offset=0),
                c("auditor-disable absolute-claim -- award name", line=11, offset=16)]
    out = Waivers(audit_date=dt.date(2026, 9, 10), known=KNOWN).apply(_doc(comments, blocks), [f_second])
    waived = [f for f in out if f.waiver]
    assert len(waived) == 1 and waived[0].waiver["line"] == 11
    assert [f.rule for f in out if not f.waiver] == [INVALID]


# -- end to end --------------------------------------------------------------------

def test_next_line_waiver_end_to_end(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    waiver = ('    <!-- auditor-disable-next-line unapproved-disclaimer-missing -- 免责声明见文末链接的PDF附件（MLR-2026-0918） '
              'approver="Chen Jiahe" until=2026-12-31 -->\n')
    write(tmp_path / "news/nwb-2207.html", zh_release(False, before_title=waiver))
    rc, out, _ = run_json(capsys, "news")
    assert rc == 0
    doc = out["documents"][0]
    assert MISSING not in categories(doc)
    waived = [f for f in doc["waived"] if f["category"] == MISSING]
    assert len(waived) == 1
    w = waived[0]["waiver"]
    assert w == {"reason": "免责声明见文末链接的PDF附件（MLR-2026-0918）", "approver": "Chen Jiahe", "until": "2026-12-31",
                 "source": "inline", "line": 21}
    assert waived[0]["evidence"] == "NWB-2207"  # the finding keeps its data
    assert out["summary"]["waived"] >= 1


def test_waiver_without_reason_is_reported_and_does_not_suppress(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "a.html", zh_release(False, before_title="    <!-- auditor-disable-next-line unapproved-disclaimer-missing -->\n"))
    rc, out, _ = run_json(capsys, "a.html")
    assert rc == 1
    doc = out["documents"][0]
    rules = [f["rule"] for f in doc["findings"]]
    assert INVALID in rules and RULE in rules
    inv = next(f for f in doc["findings"] if f["rule"] == INVALID)
    assert inv["severity"] == "warning" and inv["line"] == 21
    assert "no reason" in inv["message"]
    assert set(categories(doc)) <= set(CATEGORIES)  # the JSON contract's closed set
    assert "waived" not in doc


def test_expired_waiver_stops_suppressing(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "a.html", zh_release(False, before_title=(
        "    <!-- auditor-disable-next-line unapproved-disclaimer-missing -- launch embargo approver=MLR until=2026-09-01 -->\n")))
    rc, out, _ = run_json(capsys, "a.html")
    assert rc == 1
    rules = [f["rule"] for f in out["documents"][0]["findings"]]
    assert EXPIRED in rules and RULE in rules
    exp = next(f for f in out["documents"][0]["findings"] if f["rule"] == EXPIRED)
    assert "2026" in exp["message"] and exp["category"] in CATEGORIES
    # On the last valid day it still applies.
    rc, out, _ = run_json(capsys, "a.html", "--audit-date", "2026-09-01")
    assert rc == 0 and "waived" in out["documents"][0]


def test_block_and_file_waivers_end_to_end(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    block = zh_release(True, body="      <!-- auditor-disable absolute-claim -- quotes the award citation verbatim approver=MLR -->\n"
                       + ABSOLUTE + "      <!-- auditor-enable absolute-claim -->\n", after_body=ABSOLUTE)
    write(tmp_path / "block.html", block)
    filewide = zh_release(False, top="<!-- auditor-disable-file cn-pharma/unapproved-product-disclaimer -- 仅供医学会议展台使用，展台现场提供免责声明 -->\n")
    write(tmp_path / "file.html", filewide)
    rc, out, _ = run_json(capsys, "block.html", "file.html", "--fail-on", "warning")
    docs = {d["source"]: d for d in out["documents"]}
    b = docs["block.html"]
    assert categories(b, "waived") == ["absolute-claim", "absolute-claim"]  # inside the block
    assert categories(b) == ["absolute-claim", "absolute-claim"]  # the same sentence after the block
    f = docs["file.html"]
    assert MISSING in categories(f, "waived") and MISSING not in categories(f)
    assert rc == 1  # the absolute claims after the block remain at --fail-on warning


def test_report_unused_suppressions(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "clean.html", zh_release(True, before_title="    <!-- auditor-disable-next-line absolute-claim -- award name -->\n"))
    rc, out, _ = run_json(capsys, "clean.html")
    assert rc == 0 and UNUSED not in [f["rule"] for f in out["documents"][0]["findings"]]
    rc, out, _ = run_json(capsys, "clean.html", "--report-unused-suppressions")
    unused = [f for f in out["documents"][0]["findings"] if f["rule"] == UNUSED]
    assert rc == 0 and len(unused) == 1 and unused[0]["severity"] == "info" and unused[0]["line"] == 21


def test_waiver_in_markdown_page(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    md = """<!-- auditor-disable-next-line unapproved-disclaimer-missing -- 转载页面，免责声明在原文 approver=reg.affairs -->
# 诺风生物宣布NWB-2207获得突破性治疗药物认定

诺风生物今日宣布，其在研抗体偶联药物NWB-2207获国家药品监督管理局药品审评中心（CDE）纳入突破性治疗药物程序，用于治疗广泛期小细胞肺癌。

审批编号：CN-204519
"""
    write(tmp_path / "btd.md", md)
    rc, out, _ = run_json(capsys, "btd.md")
    doc = out["documents"][0]
    assert doc["format"] == "markdown"
    assert MISSING not in categories(doc)
    (waived,) = [f for f in doc["waived"] if f["category"] == MISSING]
    assert waived["line"] == 2 and waived["waiver"]["line"] == 1 and waived["waiver"]["approver"] == "reg.affairs"


# -- waiver file ---------------------------------------------------------------------

def test_waiver_file(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "site/news/2026/nwb-2207.html", zh_release(False))
    write(tmp_path / "site/news/2026/other.html", zh_release(False))
    write(tmp_path / "site/waivers.yaml", """\
# Pages exported from the CMS cannot carry comments.
- path: "news/2026/nwb-2207.html"
  rule: unapproved-disclaimer-missing
  reason: Disclaimer shown in the CMS interstitial (ticket MLR-2291)
  approver: Li Wei (Regulatory Affairs)
  until: 2027-03-31
""")
    rc, out, err = run_json(capsys, "site", "--waiver-file", "site/waivers.yaml")
    docs = {Path(d["source"]).name: d for d in out["documents"]}
    assert MISSING in categories(docs["other.html"])
    waived = docs["nwb-2207.html"]["waived"][0]
    assert waived["waiver"]["source"] == "file" and waived["waiver"]["line"] == 2
    assert waived["waiver"]["approver"] == "Li Wei (Regulatory Affairs)"
    assert waived["waiver"]["until"] == "2027-03-31"
    assert rc == 1  # other.html still fails


def test_waiver_file_expired_and_errors(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "a.html", zh_release(False))
    write(tmp_path / "w.yaml", "- path: a.html\n  rule: unapproved-disclaimer-missing\n  reason: embargo\n  until: 2026-01-31\n")
    rc, out, _ = run_json(capsys, "a.html", "--waiver-file", "w.yaml")
    rules = [f["rule"] for f in out["documents"][0]["findings"]]
    assert rc == 1 and EXPIRED in rules and RULE in rules

    write(tmp_path / "bad.yaml", "- path: a.html\n  rule: unapproved-disclaimer-missing\n")
    rc, _, err = run_json(capsys, "a.html", "--waiver-file", "bad.yaml")
    assert rc == 2 and "bad.yaml:1" in err and "reason" in err
    write(tmp_path / "bad2.yaml", "- path: a.html\n  rule: no-such-rule\n  reason: x\n")
    rc, _, err = run_json(capsys, "a.html", "--waiver-file", "bad2.yaml")
    assert rc == 2 and "no-such-rule" in err


def test_load_waiver_file_unit(tmp_path):
    p = write(tmp_path / "w.yaml", "waivers:\n  - path: [zh/**, en/**]\n    rule: [absolute-claim, fls-missing]\n"
                                   "    reason: '  legacy   archive '\n")
    (w,) = load_waiver_file(p, None)
    assert w.paths == ("zh/**", "en/**") and w.targets == ("absolute-claim", "fls-missing")
    assert w.reason == "legacy archive" and w.line == 2
    write(tmp_path / "x.yaml", "- path: a\n  rule: b\n  reason: c\n  owner: d\n")
    with pytest.raises(WaiverFileError, match="owner"):
        load_waiver_file(tmp_path / "x.yaml", None)
