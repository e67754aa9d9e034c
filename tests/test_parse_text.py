"""Plain text: paragraphs, headings, flattened tables, list lines; and sniff_format."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from auditor.read.parse import parse, sniff_format
from auditor.read.parse.text import parse_text
from tests.test_parse_html import block, check_invariants, exact, texts, where

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


# -- sniffing by content: the extension is a prior, not a verdict ---------------------------

from auditor.read.parse import sniff_with_reason  # noqa: E402

SCRAPE_AS_TXT = (
    "- [Skip to content](#)\n- [Home](https://example.com/)\n- [News](https://example.com/news)\n\n"
    "# Example Bio announces results\n\nRelease date: March 19, 2026\n\n"
    "Example Bio today announced results. See [the trial](https://clinicaltrials.gov/).\n"
)


def test_markdown_saved_as_txt_is_read_as_markdown():
    fmt, reason = sniff_with_reason("page.txt", SCRAPE_AS_TXT)
    assert fmt == "markdown"
    assert reason.startswith("content: Markdown cues:") and "extension .txt overruled" in reason
    assert "1 heading" in reason and "3 link lists" in reason


def test_html_saved_as_txt_or_md_is_read_as_html():
    page = "<!DOCTYPE html><html><body><p>x</p></body></html>"
    assert sniff_with_reason("page.txt", page)[0] == "html"
    assert sniff_with_reason("page.md", page) == ("html", "content: a document start (doctype or <html>) "
                                                          "(extension .md overruled)")


@pytest.mark.parametrize(
    "text",
    [
        "Example Bio *will* present data.\nSee [the site](https://example.com/).\n",  # two weak cues
        "# 1 priority\nPlain text after a hash.\n",
        "Use 2 * 3 and <b> tags sparingly.\n",
    ],
)
def test_a_few_cues_do_not_overrule_txt(text):
    assert sniff_with_reason("notes.txt", text) == ("text", "extension .txt")


def test_reason_names_the_extension_or_stdin():
    assert sniff_with_reason("a/page.html", "# not markdown") == ("html", "extension .html")
    assert sniff_with_reason("notes.md", "plain") == ("markdown", "extension .md")
    assert sniff_with_reason("-", "# Title\n\nText.\n") == ("markdown", "content: Markdown cues: 1 heading (standard input)")
    assert sniff_with_reason("README", "plain words\n") == ("text", "content: no HTML or Markdown cues (no extension)")


# -- hard-wrapping from line-length statistics ----------------------------------------------

from auditor.read.parse.text import hard_wrapped, sentence_spans  # noqa: E402

WRAPPED = (
    "Example Bio today announced that its Phase 3 trial of EXB-101 in adults\n"
    "with moderate asthma met its primary endpoint, reducing the annualised\n"
    "rate of exacerbations compared with placebo.\n"
    "The safety profile was consistent with earlier studies. Full results\n"
    "will be presented at a medical meeting in 2027.\n"
)
ONE_LINE_PER_PARAGRAPH = (
    "Example Bio today announced that its Phase 3 trial of EXB-101 in adults with moderate asthma met its "
    "primary endpoint, reducing the annualised rate of exacerbations compared with placebo.\n"
    "The safety profile was consistent with earlier studies, and no new safety signals were seen in any "
    "subgroup of the trial population.\n"
    "Full results will be presented at a medical meeting in 2027.\n"
    "About Example Bio\n"
    "Example Bio is a biotechnology company listed in Hong Kong.\n"
)


def test_wrap_detection_from_line_lengths():
    assert hard_wrapped([ln for ln in WRAPPED.splitlines()])
    assert not hard_wrapped([ln for ln in ONE_LINE_PER_PARAGRAPH.splitlines()])
    # wrapped at a wider width: long lines stop mid-sentence and go on in lower case
    wide = ["word " * 24 + "and", "then " * 24 + "more", "again " * 20 + "with", "the end of it."]
    assert hard_wrapped(wide)


def test_wrapped_lines_join_and_unwrapped_lines_stay_apart():
    pg = parse_text(WRAPPED)
    check_invariants(pg, WRAPPED)
    assert len(pg.blocks) == 1 and texts(pg)[0].startswith("Example Bio") and texts(pg)[0].endswith("in 2027.")
    pg = parse_text(ONE_LINE_PER_PARAGRAPH)
    check_invariants(pg, ONE_LINE_PER_PARAGRAPH)
    assert [t[:20] for t in texts(pg)] == [
        "Example Bio today an", "The safety profile w", "Full results will be", "About Example Bio", "Example Bio is a bio",
    ]
    assert exact(pg, "About Example Bio").heading == 2
    assert [(b.line, b.column) for b in pg.blocks] == [(1, 1), (2, 1), (3, 1), (4, 1), (5, 1)]


def test_unwrapped_line_that_stops_mid_sentence_joins_the_next():
    src = ONE_LINE_PER_PARAGRAPH.replace("compared with placebo.\n", "compared with placebo, and\nshowed fewer "
                                         "hospital visits.\n")
    pg = parse_text(src)
    check_invariants(pg, src)
    assert block(pg, "showed fewer hospital visits").line == 1


def test_one_cell_per_line_table_with_title():
    src = (
        "Example Bio will build a plant in Suzhou for RMB 300 million, its company statement said on Monday, "
        "adding that construction starts next year and that production begins in 2028 at the earliest.\n"
        "Investment Overview\nElement\nDetail\nCompany\nExample Bio Ltd. (HKG: 0000)\nInvestment\nRMB 300 million\n"
        "Location\nSuzhou Industrial Park\n"
        "The plant will employ about 400 people once it runs at full capacity in the early 2030s, the company said.\n"
    )
    pg = parse_text(src)
    check_invariants(pg, src)
    assert exact(pg, "Investment Overview").heading == 2
    cells = [t for t, b in zip(texts(pg), pg.blocks) if "table" in b.cues]
    assert cells == ["Element", "Detail", "Company", "Example Bio Ltd. (HKG: 0000)", "Investment", "RMB 300 million",
                     "Location", "Suzhou Industrial Park"]
    assert all(b.tag == "td" for b in pg.blocks if "table" in b.cues)
    assert (exact(pg, "Suzhou Industrial Park").line, exact(pg, "Suzhou Industrial Park").column) == (10, 1)


def test_glued_source_trailer_is_a_block_of_its_own():
    src = ONE_LINE_PER_PARAGRAPH + "Actual results may differ due to construction delays in China.-Fineline Info & Tech\n"
    pg = parse_text(src)
    check_invariants(pg, src)
    trailer = exact(pg, "Fineline Info & Tech")
    assert "source" in trailer.cues and (trailer.line, trailer.column) == where(src, "Fineline")
    assert texts(pg)[-2] == "Actual results may differ due to construction delays in China."
    # a dash inside a sentence is no trailer
    pg = parse_text(ONE_LINE_PER_PARAGRAPH + "The plant - built by Example Bio - opens in 2028.\n")
    assert not any("source" in b.cues for b in pg.blocks)


def test_sentence_spans_keep_abbreviations_and_split_chinese():
    t = "Example Bio Inc. (HKEX: 0000) met its goal. Dr. Lee said so. 该研究达到主要终点。公司将提交申请。"
    assert [t[a:b] for a, b in sentence_spans(t)] == [
        "Example Bio Inc. (HKEX: 0000) met its goal.", "Dr. Lee said so.", "该研究达到主要终点。", "公司将提交申请。",
    ]


ONE_LINE_PAGE = (
    "Home Science News Contact Example Bio Wins Approval for EXB-101 BOSTON, March 3, 2026 /PRNewswire/ -- "
    "Example Bio Inc. (NASDAQ: EXB) today announced that the FDA approved EXB-101, the first and only oral "
    "treatment for adults with chronic cough. The approval is based on two Phase 3 studies that enrolled "
    "2,044 adults. Cautionary Statement Regarding Forward-Looking Statements This press release contains "
    "forward-looking statements about the launch of EXB-101. Actual results may differ materially because of "
    "manufacturing delays and regulatory actions. About Example Bio Example Bio Inc. develops medicines for "
    "respiratory diseases. Copyright © 2026 Example Bio Inc. All rights reserved. You are leaving "
    "example.com. The website you are about to visit is operated by a third party. Continue Cancel"
)


def test_a_page_collapsed_into_one_line_is_split_at_sentence_ends():
    pg = parse_text(ONE_LINE_PAGE)
    check_invariants(pg, ONE_LINE_PAGE)
    assert len(pg.blocks) > 8 and all("flat" in b.cues for b in pg.blocks)
    for b in pg.blocks:  # every sentence keeps its exact place on the line
        assert b.line == 1 and ONE_LINE_PAGE[b.column - 1:].startswith(pg.text[b.start:b.end])
    assert any(t.startswith("BOSTON, March 3, 2026 /PRNewswire/ --") for t in texts(pg))


def test_a_page_collapsed_into_one_line_has_its_sections():
    from auditor.read.pipeline import load_document

    doc = load_document(ONE_LINE_PAGE.encode("utf-8"), "page.txt")

    def kind(snippet):
        return doc.segment_at(doc.text.index(snippet)).kind

    assert kind("the first and only oral treatment") == "content"
    assert kind("Cautionary Statement Regarding") == "forward_looking"
    assert kind("manufacturing delays and regulatory actions") == "forward_looking"
    assert kind("develops medicines for respiratory diseases") == "boilerplate"
    # A copyright line is the site's footer: boilerplate, not the page's metadata.
    assert kind("All rights reserved.") == "boilerplate"
    assert kind("You are leaving") == "third_party_notice"
    notice = doc.segment_at(doc.text.index("You are leaving"))
    assert " ".join(doc.text[notice.start:notice.end].split()).endswith("operated by a third party. Continue Cancel")
    seg = doc.segment_at(doc.text.index("Cautionary Statement Regarding"))
    assert (seg.line, seg.column) == where(ONE_LINE_PAGE, "Cautionary Statement Regarding")


def test_one_line_chinese_page_sections():
    from auditor.read.pipeline import load_document

    src = ("首页 关于我们 新闻中心 某生物公布研究结果 发布日期：2026年3月19日 （2026年3月19日，上海）某生物今日公布在研药物"
           "XYZ-101的II期研究结果，研究达到主要终点。公司计划于2027年启动III期研究。 免责声明：本文涉及尚未在中国大陆获批准的"
           "产品或适应症。某生物不推荐任何未经批准的药品或适应症的使用。 关于某生物 某生物成立于2016年，总部位于上海。 前瞻性陈述 "
           "本新闻稿包含前瞻性陈述，实际结果可能因临床试验结果、监管审批及生产等风险因素而存在重大差异。 © 2026 某生物 版权所有")
    doc = load_document(src.encode("utf-8"), "page.txt")

    def kind(snippet):
        return doc.segment_at(doc.text.index(snippet)).kind

    assert kind("发布日期") == "metadata"
    assert kind("研究达到主要终点") == "content"
    assert kind("本文涉及尚未在中国大陆获批准") == "disclaimer"
    assert kind("某生物成立于2016年") == "boilerplate"
    assert kind("监管审批及生产等风险因素") == "forward_looking"
    assert kind("版权所有") == "boilerplate"  # the cautionary section ends at the footer
    # 「关于我们」 in the menu opens no section
    assert kind("新闻中心") == "content"


def test_visible_pop_up_in_text_is_one_notice():
    from auditor.read.pipeline import load_document

    src = ("某生物今日宣布与合作伙伴签署协议，双方将在上海共同建设研发中心。\n\n重要提示\n\n"
           "您正在访问某生物的历史资料库文件，文件内的信息可能无法反映当前最新数据，请谨慎引用。\n\n我已阅读当前提示\n")
    doc = load_document(src.encode("utf-8"), "page.txt")
    notice = doc.segment_at(doc.text.index("重要提示"))
    assert notice.kind == "archive_notice"
    assert doc.segment_at(doc.text.index("我已阅读当前提示")) is notice
    assert [s.kind for s in doc.segments] == ["content", "archive_notice"]


def test_content_after_a_visible_notice_stays_content():
    from auditor.read.pipeline import load_document

    src = ("This is an archived press release. The information may not reflect current data.\n\n"
           "Example Bio Opens Shanghai Site\n\n"
           "Example Bio will continue to invest in its Shanghai research centre in 2027.\n\n"
           "The centre will employ 300 scientists and open a second laboratory next year.\n")
    doc = load_document(src.encode("utf-8"), "page.txt")
    assert doc.segment_at(doc.text.index("archived press release")).kind == "archive_notice"
    assert doc.segment_at(doc.text.index("will continue to invest")).kind == "content"
