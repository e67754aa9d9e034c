"""Findings point at the first character of their evidence in the decoded source.

The property test reads the source from each finding's reported line/column, removes
what a parser removes (tags, comments, Markdown link targets and markup characters),
decodes entities, drops white space, and checks that what is left begins with the
evidence. The unit tests pin exact positions in wrapped paragraphs, Markdown emphasis and
links, HTML inline tags and entities, CJK line joins and one-line pages, in English,
Simplified and Traditional Chinese, for the three formats.
"""
from __future__ import annotations

import datetime as dt
import html
import json
import re
import unicodedata
from pathlib import Path

import pytest

from auditor.model.positions import LineIndex
from auditor.read.pipeline import load_document
from auditor.recognize.profile import load_profile
from auditor.rules.engine import Engine
from auditor.rules.loader import load_ruleset
from auditor.support.resources import bundled_ruleset
from tests.conftest import SHARED
from tests.corpus import corpus_pages, expected

SEEDS = SHARED / "seeds"
SEED_PAGES = ("000_73ce55b79cb129a7.txt", "003_0d602b6d1b5cb6d1.txt")

_TAGS = re.compile(r"<!--.*?-->|<(script|style|noscript|template|svg|iframe)\b.*?</\1\s*>|</?[A-Za-z!?][^<>]*>", re.S | re.I)
_MD_TARGETS = re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)|\]\([^)\n]*\)")
_MARKUP = re.compile(r"[\s\u200b-\u200d\u2060\ufeff*_~`#>|\\\[\]]")


def _key(s: str) -> str:
    """The project's folding (NFKC, case) with white space and markup characters left out."""
    return _MARKUP.sub("", unicodedata.normalize("NFKC", s).casefold())


def source_begins(source: str, fmt: str, line: int, column: int, evidence: str) -> bool:
    pos = LineIndex(source).line_start(line) + column - 1
    window = source[pos:pos + 8 * len(evidence) + 2000]
    if fmt == "markdown":
        window = _MD_TARGETS.sub("", window)
    if fmt != "text":
        window = html.unescape(_TAGS.sub("", window))
    want = _key(evidence)
    return bool(want) and _key(window).startswith(want)


_ENGINES: dict = {}


def _findings(path: Path):
    exp = expected(path, "findings") or {}
    key = (exp.get("profile", "generic"), str(exp.get("audit_date", "2026-11-21")))
    if key not in _ENGINES:
        _ENGINES[key] = Engine([load_ruleset(bundled_ruleset())], load_profile(key[0]),
                               audit_date=dt.date.fromisoformat(key[1]))
    doc = load_document(path.read_bytes(), str(path))
    return doc, _ENGINES[key].check(doc)


def _check_page(path: Path) -> int:
    doc, findings = _findings(path)
    checked = 0
    for f in findings:
        if f.end <= f.start or not _key(f.evidence):
            continue  # a page-level finding (nothing to point at)
        checked += 1
        pos = LineIndex(doc.source_text).line_start(f.line) + f.column - 1
        assert source_begins(doc.source_text, doc.format, f.line, f.column, f.evidence), (
            f"{path.name}: {f.rule} at {f.line}:{f.column} does not begin {f.evidence[:40]!r}; "
            f"the source there reads {doc.source_text[pos:pos + 60]!r}")
    return checked


@pytest.mark.parametrize("page", corpus_pages(), ids=lambda p: p.name)
def test_corpus_findings_point_at_their_evidence(page):
    _check_page(page)


@pytest.mark.parametrize("name", SEED_PAGES)
def test_seed_findings_point_at_their_evidence(name):
    page = SEEDS / name
    if not page.is_file():
        pytest.skip(f"{page} is not here")
    assert _check_page(page) > 0


def test_the_checker_rejects_a_wrong_position():
    src = "<p>first line\n  the <b>best</b> cure</p>"
    assert source_begins(src, "html", 2, 10, "best cure")
    assert not source_begins(src, "html", 1, 1, "best cure")
    assert not source_begins(src, "html", 2, 11, "best cure")


# -- exact positions ----------------------------------------------------------------------


def _where(source: str, marker: str, nth: int = 0) -> tuple[int, int]:
    """1-based (line, column) of the ``nth`` occurrence of ``marker`` in ``source``."""
    pos = -1
    for _ in range(nth + 1):
        pos = source.index(marker, pos + 1)
    return LineIndex(source).line_col(pos)


def _locate(source: str, name: str, evidence: str, nth: int = 0) -> tuple[int, int]:
    doc = load_document(source.encode("utf-8"), name)
    assert doc.error is None
    off = -1
    for _ in range(nth + 1):
        off = doc.text.index(evidence, off + 1)
    return doc.locate(off)


WRAPPED_HTML = """<!doctype html>
<html lang="en"><body>
<main>
  <p class="lead">Northwind today announced results from a study that was
     run over five years in three countries, and the
     company says its <em>new</em> tablet is the
     <strong>best</strong> treatment &amp; the only cure for the disease,
     according to the <a href="/study">study
     report</a> released today.</p>
</main>
</body></html>
"""


@pytest.mark.parametrize("evidence, marker, nth", [
    ("Northwind", "Northwind", 0),
    ("run over five years", "run over", 0),
    ("new tablet", "new</em>", 0),
    ("best treatment", "best</strong>", 0),
    ("& the only cure", "&amp; the only", 0),
    ("the only cure", "the only", 0),
    ("study report", "study\n", 0),
    ("report released", "report</a>", 0),
])
def test_wrapped_html_paragraph(evidence, marker, nth):
    assert _locate(WRAPPED_HTML, "p.html", evidence) == _where(WRAPPED_HTML, marker, nth)


WRAPPED_HTML_ZH = """<html lang="zh-CN"><body>
<div class="article">
<p>本公司今日宣布，其自主研发的创新药已在国内获批上市，
该药物是同类药物中<b>最佳</b>的治疗选择，
也是&ldquo;唯一&rdquo;能够根治该疾病的药物&#xFF0C;
被誉为&#x4E2D;国&nbsp;首选疗法。</p>
</div>
</body></html>
"""


@pytest.mark.parametrize("evidence, marker", [
    ("该药物", "该药物"),
    ("最佳", "最佳"),
    ("唯一", "唯一"),
    ("\u201c唯一", "&ldquo;"),
    ("，被誉为", "&#xFF0C;"),
    ("中国", "&#x4E2D;"),
    ("首选疗法", "首选"),
])
def test_wrapped_html_paragraph_simplified_chinese_and_entities(evidence, marker):
    assert _locate(WRAPPED_HTML_ZH, "p.html", evidence) == _where(WRAPPED_HTML_ZH, marker)


WRAPPED_MD = """# Results

Northwind today announced that *its new* tablet
is the **best treatment** and the [only cure](https://example.com/best-cure "the only cure") for the
disease; see `NWB-2207` and __the study__ for details &amp; more.

- A list item that is
  wrapped and says best in class.
"""


@pytest.mark.parametrize("evidence, marker, nth", [
    ("Results", "Results", 0),
    ("its new tablet", "its new", 0),
    ("tablet is the best", "tablet\n", 0),
    ("best treatment", "best treatment", 0),
    ("only cure for the", "only cure]", 0),
    ("for the disease", "for the\n", 0),
    ("NWB-2207", "NWB-2207", 0),
    ("the study for", "the study__", 0),
    ("& more", "&amp;", 0),
    ("wrapped and says", "wrapped", 0),
    ("best in class", "best in", 0),
])
def test_wrapped_markdown_with_emphasis_links_and_code(evidence, marker, nth):
    assert _locate(WRAPPED_MD, "p.md", evidence) == _where(WRAPPED_MD, marker, nth)


WRAPPED_MD_ZH_HANT = """### 重要提示

本網站所載資訊僅供**香港**醫療專業人士參考，
產品 *KT-318* 是同類藥物中
[最佳](https://example.com.hk/)的選擇，亦是
唯一獲批的療法。
"""


@pytest.mark.parametrize("evidence, marker", [
    ("重要提示", "重要提示"),
    ("香港醫療", "香港"),
    ("KT-318", "KT-318"),
    ("中最佳", "中\n"),
    ("最佳的選擇", "最佳]"),
    ("亦是唯一", "亦是"),
    ("唯一獲批", "唯一"),
])
def test_wrapped_markdown_traditional_chinese(evidence, marker):
    assert _locate(WRAPPED_MD_ZH_HANT, "p.md", evidence) == _where(WRAPPED_MD_ZH_HANT, marker)


def test_markdown_heading_evidence_that_begins_with_its_marker():
    # text pages keep "###" in the text; the finding points at the marker, not the line start
    src = "Intro line of the page.\n\n### 重要提示\n\n本网站内容仅供参考。\n"
    doc = load_document(src.encode("utf-8"), "p.txt")
    off = doc.text.index("重要提示")
    if doc.text[off - 4:off] == "### ":
        assert doc.locate(off - 4) == _where(src, "###")
    assert doc.locate(off) == _where(src, "重要提示")


WRAPPED_TEXT = """Northwind Biotech announces results

Northwind today announced that its new tablet
is the best treatment and the only cure for
the disease, the company said on Monday.

本公司今日宣布，其自主研发的创新药
是同类药物中最佳的治疗选择，也是
唯一能够根治该疾病的药物。

本公司今日宣佈，其自主研發的創新藥
是同類藥物中最佳的治療選擇，也是
唯一能夠根治該疾病的藥物。
"""


@pytest.mark.parametrize("evidence, marker, nth", [
    ("is the best", "is the best", 0),
    ("only cure for the disease", "only cure", 0),
    ("the disease", "the disease", 0),
    ("最佳的治疗", "最佳的治疗", 0),
    ("也是唯一", "也是\n", 0),
    ("唯一能够", "唯一能够", 0),
    ("最佳的治療", "最佳的治療", 0),
    ("唯一能夠", "唯一能夠", 0),
])
def test_wrapped_plain_text_and_cjk_line_joins(evidence, marker, nth):
    assert _locate(WRAPPED_TEXT, "p.txt", evidence) == _where(WRAPPED_TEXT, marker, nth)


ONE_LINE_EN = ("Home | Products | Investors | Contact " + "Northwind today announced topline results. " * 6
               + "The tablet is the first and only prescription medicine for the disease. "
               + "Forward-Looking Statements This release contains forward-looking statements. "
               + "About Northwind Northwind is a biotech company. You are leaving northwind.com.")
ONE_LINE_ZH = ("首页 | 产品 | 投资者 | 联系我们 " + "本公司今日公布了临床试验的主要结果。" * 6
               + "该药物是同类药物中最佳的治疗选择，也是唯一获批的疗法。"
               + "前瞻性陈述 本新闻稿包含前瞻性陈述。关于本公司 本公司是一家生物技术公司。")
ONE_LINE_ZH_HANT = ("首頁 | 產品 | 投資者 | 聯絡我們 " + "本公司今日公佈了臨床試驗的主要結果。" * 6
                    + "該藥物是同類藥物中最佳的治療選擇，也是唯一獲批的療法。"
                    + "前瞻性聲明 本新聞稿包含前瞻性聲明。關於本公司 本公司是一家生物科技公司。")


@pytest.mark.parametrize("source, evidence", [
    (ONE_LINE_EN, "first and only"),
    (ONE_LINE_EN, "Forward-Looking Statements"),
    (ONE_LINE_EN, "You are leaving"),
    (ONE_LINE_ZH, "最佳"),
    (ONE_LINE_ZH, "唯一"),
    (ONE_LINE_ZH, "前瞻性陈述 本新闻稿"),
    (ONE_LINE_ZH_HANT, "最佳"),
    (ONE_LINE_ZH_HANT, "關於本公司"),
])
@pytest.mark.parametrize("name", ["page.txt", "page.md"])
def test_one_line_page(source, evidence, name):
    line, column = _locate(source, name, evidence)
    assert (line, column) == _where(source, evidence)
    assert column > 100


def test_one_line_html_page():
    src = ("<html><body><nav><a href='/'>Home</a> <a href='/p'>Products</a></nav><main><p>"
           + "Northwind today announced topline results. " * 8
           + "The tablet is the <b>first</b> and only cure &amp; more.</p><p>本品是&#x4E2D;国最佳疗法。</p>"
           + "</main></body></html>")
    assert _locate(src, "p.html", "first and only") == _where(src, "first</b>")
    assert _locate(src, "p.html", "& more") == _where(src, "&amp;")
    assert _locate(src, "p.html", "最佳") == _where(src, "最佳")
    assert _locate(src, "p.html", "本品") == _where(src, "本品")


def test_evidence_at_a_block_start_points_at_its_text_not_its_tag():
    src = "<html><body>\n  <div class='x'>\n    <p class=\"date\">发布日期：2024-03-15</p>\n  </div>\n</body></html>"
    assert _locate(src, "p.html", "发布日期") == _where(src, "发布日期")


def test_the_same_words_twice_in_a_block():
    src = "<p>the best\nday, and the\nbest <i>cure</i>, the best\nresult</p>"
    assert _locate(src, "p.html", "best", 1) == _where(src, "best", 1)
    assert _locate(src, "p.html", "best", 2) == _where(src, "best", 2)


def test_text_not_in_the_text_flow_is_found_where_the_page_wrote_it():
    src = '<html><body><p>Leave?</p>\n<form><input type="button" value="Continue to the best site"></form></body></html>'
    doc = load_document(src.encode(), "p.html")
    assert doc.locate(doc.text.index("best site")) == _where(src, "best site")


def test_findings_in_json_point_into_a_wrapped_paragraph(tmp_path, capsys):
    from auditor.cli import main

    page = tmp_path / "claims.html"
    page.write_text(
        "<html lang='zh-CN'><head><title>产品介绍</title></head><body><main>\n"
        "<h1>产品介绍</h1>\n"
        "<p>本公司的产品经过多年研发，已经在全国\n"
        "   多家医院使用，是同类药物中疗效\n"
        "   <strong>最佳</strong>的选择。</p>\n"
        "</main></body></html>\n", encoding="utf-8")
    code = main(["check", str(page), "--format", "json", "--select", "absolute-claim", "--fail-on", "warning"])
    out = json.loads(capsys.readouterr().out)
    hits = [f for f in out["documents"][0]["findings"] if f["evidence"] == "最佳"]
    assert code == 1 and hits
    assert (hits[0]["line"], hits[0]["column"]) == (5, 12)


@pytest.mark.parametrize("source, evidence, marker", [
    # an attribute with ">" in it, a link, a nested block and a comment
    ('<div class="a">Intro <a title="x > y" href="/">link</a> text<p>para one</p>tail text with '
     'best cure<!-- c --> here</div>', "best cure", "best cure"),
    ('<div>Intro<p>para one</p>tail text with best cure here</div>', "tail text", "tail text"),
    # table cells, "&" that is not an entity, &nbsp; and a legacy entity without ";"
    ('<table><tr><td>Name</td><td>最佳 value</td></tr>\n<tr><td>R&D</td><td>AT&T best&nbsp;cure '
     '&copy2024</td></tr></table>', "best", "best&nbsp;"),
    ('<table><tr><td>Name</td><td>最佳 value</td></tr>\n<tr><td>R&D</td><td>AT&T best&nbsp;cure '
     '&copy2024</td></tr></table>', "2024", "2024"),
    ('<p>Line one<br>line two best<br/>\nline three cure</p>', "line three cure", "line three"),
    ('<ul>\n<li>First item</li>\n<li>Second <span>best</span> item</li>\n</ul>', "best item", "best<"),
    # text in script and svg is not text: the evidence is after it
    ('<p>Text <script>var best = "best";</script> and the best</p>', "best", "best</p>"),
    ('<p>Text <svg><text>best</text></svg> and the best</p>', "best", "best</p>"),
])
def test_html_structures(source, evidence, marker):
    assert _locate(source, "p.html", evidence) == _where(source, marker)


@pytest.mark.parametrize("source, name, evidence, marker", [
    ("# Title\n\n| Col A | Col B |\n|---|---|\n| x | the **best** cure |\n", "p.md", "best cure", "best**"),
    ("1. First step is\n   good and best.\n", "p.md", "best", "best"),
    ("Title line\n\nName\tValue\nDrug\tthe best cure\n", "p.txt", "best cure", "best"),
])
def test_tables_and_lists(source, name, evidence, marker):
    assert _locate(source, name, evidence) == _where(source, marker)


def test_lazy_lines_agree_with_the_line_index():
    import random

    from auditor.model.positions import LazyLines

    rng = random.Random(7)
    for n in range(3000):
        alphabet = "ab\n\r中 " if n % 2 else "ab\n中 " + "x" * 60  # long lines, no \r
        src = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40 if n % 10 else 9000)))
        full, lazy = LineIndex(src), LazyLines(src)
        lines = len(full.starts)
        for _ in range(6):
            if rng.random() < 0.5:
                line = rng.randint(0, lines + 2)
                assert lazy.line_start(line) == full.line_start(line), (src, line)
            elif src:
                pos = rng.randrange(len(src))
                if src[pos] != "\n" or pos == 0 or src[pos - 1] != "\r":  # not inside a \r\n
                    assert lazy.line_col(pos) == full.line_col(pos), (src, pos)
