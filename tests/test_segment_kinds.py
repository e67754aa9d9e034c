"""Segment kinds of footer lines: what is the page's metadata and what is the site's footer.

The contract reads `metadata` as release dates, datelines, source and approval-number lines
(statutory filing numbers included). A copyright line carries none of these: it is the
site's footer, so it is `boilerplate`, wherever it sits, unless the same line also names a
filing or approval number.
"""
from __future__ import annotations

import pytest

from auditor.read.pipeline import load_document

PAGE = """<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>t</title></head><body>
<nav><a href="/">{home}</a> <a href="/news/">{news}</a></nav>
<main><h1>{title}</h1><p>{date}</p><p>{body}</p><p>{body}</p></main>
<footer>{footer}</footer>
</body></html>"""

EN = dict(lang="en", home="Home", news="News", title="Northwind opens a laboratory in Suzhou",
          date="Release date: March 3, 2026",
          body="Northwind Biosciences opened its new quality control laboratory in Suzhou on Monday, "
               "bringing its testing capacity to about 4,000 batches a year.")
ZH = dict(lang="zh-CN", home="首页", news="新闻中心", title="诺风生物苏州质量检测实验室启用",
          date="发布日期：2026年3月3日",
          body="诺风生物今日宣布，其位于苏州的质量检测实验室正式启用，每年可完成约四千批次的检测工作，"
               "并新聘六十名分析和微生物检测人员。")


def _kind(doc, snippet):
    i = doc.text.find(snippet)
    assert i >= 0, snippet
    return doc.segment_at(i).kind


@pytest.mark.parametrize("page, footer, snippet, kind", [
    (EN, "<p>© 2026 Northwind Biosciences Inc. All rights reserved.</p>", "All rights reserved", "boilerplate"),
    (EN, "<p>Copyright 2026</p>", "Copyright 2026", "boilerplate"),
    (ZH, "<p>© 2026 诺风生物（中国）投资有限公司 版权所有</p>", "版权所有", "boilerplate"),
    (ZH, "<div>版權所有 © 2026 港灣醫藥有限公司</div>", "版權所有", "boilerplate"),
    # The same footer line with a filing number is metadata: the number is what rules read.
    (ZH, "<p>© 2026 诺风生物 版权所有 沪ICP备12345678号-1</p>", "沪ICP备12345678号-1", "metadata"),
    (EN, "<p>© 2026 Northwind Biosciences. Approval number: CN-180522</p>", "CN-180522", "metadata"),
])
def test_footer_lines(page, footer, snippet, kind):
    doc = load_document(PAGE.format(footer=footer, **page).encode("utf-8"), "page.html")
    assert _kind(doc, snippet) == kind
    assert _kind(doc, page["date"]) == "metadata"  # the release date stays the page's metadata


def test_a_copyright_line_under_the_article_is_not_metadata():
    """An image or text credit line inside the article ("© 2026 Reuters") is not the page's
    metadata either; the article's own paragraphs stay content."""
    html = PAGE.format(footer="", **EN).replace("</main>", "<p>© 2026 Northwind Biosciences</p></main>")
    doc = load_document(html.encode("utf-8"), "page.html")
    assert _kind(doc, "© 2026 Northwind Biosciences") == "boilerplate"
    assert _kind(doc, "quality control laboratory") == "content"


def test_a_scraped_page_ends_its_sections_at_the_copyright_line():
    text = ("Forward-Looking Statements\nThis release contains forward-looking statements about our plans. "
            "Actual results may differ materially because of risks and uncertainties.\n"
            "© 2026 Northwind Biosciences. All rights reserved.\n")
    doc = load_document(text.encode("utf-8"), "page.txt")
    assert _kind(doc, "Actual results may differ") == "forward_looking"
    assert _kind(doc, "All rights reserved") == "boilerplate"


@pytest.mark.parametrize("page, line, kind", [
    (ZH, "<p>免责声明：本文来自新闻客户端自媒体，不代表本网的观点和立场。</p>", "disclaimer"),
    (EN, "<p>Disclaimer: the views expressed in this article are the author's own.</p>", "disclaimer"),
    # The word alone, in running text, is not a label.
    (EN, "<p>Disclaimer texts on this site were reviewed by our legal team in 2026 and "
         "are now shorter.</p>", "content"),
])
def test_a_labelled_disclaimer_in_the_article(page, line, kind):
    html = PAGE.format(footer="", **page).replace("</main>", line + "</main>")
    doc = load_document(html.encode("utf-8"), "page.html")
    start = line.index(">") + 1
    assert _kind(doc, line[start:start + 12]) == kind
