"""Plain text: paragraphs, headings, flattened tables, list lines; and sniff_format."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from auditor.read.parse import parse, sniff_format
from auditor.read.parse.text import parse_text
from tests.test_parse_html import check_invariants, texts, where

EN_RELEASE = """EXAMPLE BIO ANNOUNCES PHASE III RESULTS

HONG KONG, March 19, 2024 -- Example Bio (HKEX: 0000) today announced that
its Phase III trial of EXB-101 met its primary endpoint.

Key Highlights:
- Overall survival improved
- Safety profile consistent with earlier studies
  across all subgroups
• Filing planned in 2025

Results Summary
Endpoint\tEXB-101\tPlacebo
Median OS (months)\t18.2\t12.1
Grade 3+ AEs    21%    19%

About Example Bio

Example Bio is a biotechnology company. It is listed in Hong Kong.

Forward-Looking Statements
This release contains forward-looking statements. Actual results may differ materially
due to risks including clinical trial outcomes and regulatory decisions.

Forward-Looking Statements This release contains forward-looking statements.

Media Contact:
Jane Doe
+852 1234 5678
"""


def test_english_release_blocks():
    pg = parse(EN_RELEASE, "text")
    check_invariants(pg, EN_RELEASE)
    assert texts(pg) == [
        "EXAMPLE BIO ANNOUNCES PHASE III RESULTS",
        "HONG KONG, March 19, 2024 -- Example Bio (HKEX: 0000) today announced that "
        "its Phase III trial of EXB-101 met its primary endpoint.",
        "Key Highlights:",
        "Overall survival improved",
        "Safety profile consistent with earlier studies across all subgroups",
        "Filing planned in 2025",
        "Results Summary",
        "Endpoint | EXB-101 | Placebo",
        "Median OS (months) | 18.2 | 12.1",
        "Grade 3+ AEs | 21% | 19%",
        "About Example Bio",
        "Example Bio is a biotechnology company. It is listed in Hong Kong.",
        "Forward-Looking Statements",
        "This release contains forward-looking statements. Actual results may differ materially "
        "due to risks including clinical trial outcomes and regulatory decisions.",
        # a heading glued to its paragraph stays one line (the segmenter splits it)
        "Forward-Looking Statements This release contains forward-looking statements.",
        "Media Contact:",
        "Jane Doe",
        "+852 1234 5678",
    ]
    headings = [pg.text[b.start:b.end] for b in pg.blocks if b.heading]
    assert headings == [
        "EXAMPLE BIO ANNOUNCES PHASE III RESULTS",
        "Key Highlights:",
        "Results Summary",
        "About Example Bio",
        "Forward-Looking Statements",
        "Media Contact:",
    ]
    assert all(b.tag == "h2" and b.heading == 2 for b in pg.blocks if b.heading)
    items = [b for b in pg.blocks if b.tag == "li"]
    assert len(items) == 3
    assert (items[0].line, items[0].column) == where(EN_RELEASE, "Overall survival")
    rows = [b for b in pg.blocks if "table" in b.cues]
    assert len(rows) == 3 and all(b.tag == "td" for b in rows)
    assert (rows[1].line, rows[1].column) == where(EN_RELEASE, "Median OS")
    dateline = pg.blocks[1]
    assert dateline.heading == 0 and (dateline.line, dateline.column) == (3, 1)


ZH_RELEASE = """【新闻稿】
　　上海，2024年3月19日——某制药今天宣布，其创新药AZD0000已获得国家药品监督管理局批准，
用于治疗成人患者。
　　这是该领域的重要进展。

本文涉及尚未在中国大陆获批准的产品或适应症
某制药不推荐任何未经批准的药品使用。

前瞻性陈述
本新闻稿包含前瞻性陈述，实际结果可能因临床试验结果、监管审批等风险因素而存在重大差异。
关于某制药
某制药是一家全球性生物制药企业。

首页
关于我们
新闻中心

（一）研发进展
1、临床试验
2. 注册申请

产品名称  审批编号  有效期
AZD0000  CN-123456  2025-03-18
项目 | 内容

前瞻性陈述 本新闻稿包含前瞻性陈述。
沪ICP备12345678号-1　互联网药品信息服务资格证书编号：(沪)-非经营性-2020-0001
"""


def test_chinese_release_blocks():
    pg = parse(ZH_RELEASE, "text")
    check_invariants(pg, ZH_RELEASE)
    assert texts(pg) == [
        "【新闻稿】",
        # lines of one paragraph join without a space between CJK characters
        "上海，2024年3月19日——某制药今天宣布，其创新药AZD0000已获得国家药品监督管理局批准，用于治疗成人患者。",
        # a line ending a Chinese sentence starts a new block
        "这是该领域的重要进展。",
        "本文涉及尚未在中国大陆获批准的产品或适应症某制药不推荐任何未经批准的药品使用。",
        "前瞻性陈述",
        "本新闻稿包含前瞻性陈述，实际结果可能因临床试验结果、监管审批等风险因素而存在重大差异。",
        "关于某制药",
        "某制药是一家全球性生物制药企业。",
        "首页",
        "关于我们",
        "新闻中心",
        "研发进展",
        "临床试验",
        "注册申请",
        "产品名称 | 审批编号 | 有效期",
        "AZD0000 | CN-123456 | 2025-03-18",
        "项目 | 内容",
        "前瞻性陈述 本新闻稿包含前瞻性陈述。",
        "沪ICP备12345678号-1 | 互联网药品信息服务资格证书编号：(沪)-非经营性-2020-0001",
    ]
    assert [pg.text[b.start:b.end] for b in pg.blocks if b.heading] == ["【新闻稿】", "前瞻性陈述", "关于某制药"]
    para = pg.blocks[1]
    assert (para.line, para.column) == (2, 3)  # after the two ideographic spaces of indent
    assert [b.tag for b in pg.blocks[11:14]] == ["li", "li", "li"]
    assert (pg.blocks[11].line, pg.blocks[11].column) == where(ZH_RELEASE, "研发进展")
    assert "table" in pg.blocks[14].cues


def test_traditional_chinese_heading_and_paragraph():
    src = "前瞻性陳述\n本公告載有前瞻性陳述，實際結果可能與該等陳述存在重大差異。\n\n關於某生物\n某生物是一家生物科技公司。\n"
    pg = parse_text(src)
    check_invariants(pg, src)
    assert [(pg.text[b.start:b.end], b.heading) for b in pg.blocks] == [
        ("前瞻性陳述", 2),
        ("本公告載有前瞻性陳述，實際結果可能與該等陳述存在重大差異。", 0),
        ("關於某生物", 2),
        ("某生物是一家生物科技公司。", 0),
    ]


def test_wrapped_english_is_not_split_or_headed():
    src = (
        "This product has not been\n"
        "approved in China and Example\n"
        "Pharma does not recommend\n"
        "Unapproved Use.\n"
    )
    pg = parse_text(src)
    assert texts(pg) == [
        "This product has not been approved in China and Example Pharma does not recommend Unapproved Use."
    ]


def test_underlined_heading_and_rules():
    src = "Safety Information\n==================\nSee full prescribing information.\n\n----------\n\n|---|---|\nend\n"
    pg = parse_text(src)
    check_invariants(pg, src)
    assert [(pg.text[b.start:b.end], b.heading) for b in pg.blocks] == [
        ("Safety Information", 2),
        ("See full prescribing information.", 0),
        ("end", 0),
    ]


def test_numbers_are_not_list_markers():
    src = "1.5 million patients were treated.\n\n2024. A year of growth.\n\n-5% change\n"
    pg = parse_text(src)
    assert [b.tag for b in pg.blocks] == ["p", "p", "p"]


def test_sentence_double_space_is_not_a_table():
    src = "The trial enrolled 500 patients.  Results were positive.  Filing follows.\n"
    pg = parse_text(src)
    assert texts(pg) == ["The trial enrolled 500 patients.  Results were positive.  Filing follows."] or texts(pg) == [
        "The trial enrolled 500 patients. Results were positive. Filing follows."
    ]
    assert "table" not in pg.blocks[0].cues


def test_empty_text_and_crlf():
    assert parse_text("").blocks == ()
    assert parse_text("\n \n\t\n").blocks == ()
    pg = parse_text("\ufeffTitle Line\r\n\r\nBody text here.\r\n")
    assert texts(pg) == ["Title Line", "Body text here."]
    assert [(b.line, b.column) for b in pg.blocks] == [(1, 2), (3, 1)]


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["Title Case Line", "ALL CAPS", "前瞻性陈述", "【声明】", "。", "：", ":", "\n", "\n\n", "\t", "  ",
             "- ", "• ", "1. ", "（一）", "|", "---", "===", "text.", "中文", "\u3000", "\r\n", " "]
        ),
        max_size=40,
    ).map("".join)
)
def test_random_text_keeps_the_contract(src):
    check_invariants(parse_text(src), src)


# -- sniff_format -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name,expected",
    [
        ("page.html", "html"),
        ("PAGE.HTM", "html"),
        ("a/b/index.xhtml", "html"),
        ("news.shtml", "html"),
        ("default.asp", "html"),
        ("index.php", "html"),
        ("show.jsp", "html"),
        ("https://example.com.cn/news/show.php?id=3#top", "html"),
        ("page.html.gz", "html"),
        ("notes.md", "markdown"),
        ("notes.markdown", "markdown"),
        ("notes.txt", "text"),
    ],
)
def test_sniff_by_extension(name, expected):
    # the extension wins over the content
    assert sniff_format(name, "plain words only") == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        ("<!DOCTYPE html><html><body><p>x</p></body></html>", "html"),
        ("\ufeff  <!doctype HTML>\n<title>x</title>", "html"),
        ("<html lang='zh-CN'>中文</html>", "html"),
        ('<?xml version="1.0"?>\n<html xmlns="http://www.w3.org/1999/xhtml"><body/></html>', "html"),
        ("<div class='a'><p>one</p><p>two</p><span>three</span><a href='/'>four</a></div>", "html"),
        ("# 前瞻性陈述\n\n本新闻稿包含前瞻性陈述。\n", "markdown"),
        ("- [首页](https://example.com/)\n- [新闻](/news)\n", "markdown"),
        ("Read the *label* and the **warnings** carefully.\n", "markdown"),
        ("| a | b |\n|---|---|\n| 1 | 2 |\n", "markdown"),
        ("Forward-Looking Statements\nThis release contains statements.\n", "text"),
        ("本新闻稿包含前瞻性陈述。\n审批编号：CN-123456\n", "text"),
        ("2 * 3 = 6 and a <b> tag\n", "text"),
        ("", "text"),
    ],
)
def test_sniff_by_content(text, expected):
    assert sniff_format("-", text) == expected
    assert sniff_format("no-extension", text) == expected
