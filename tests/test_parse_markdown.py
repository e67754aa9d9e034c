"""Markdown-like scraped text: headings, link lists, emphasis, tables, comments, positions."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from auditor.read.parse import parse
from auditor.read.parse.markdown import parse_markdown
from tests.test_parse_html import block, check_invariants, exact, link_text, texts, where

SCRAPED_RELEASE = """---
title: 某制药宣布AZD0000获批
date: 2024-03-19
lang: zh-CN
---
[跳转到主要内容](#main)

- [首页](https://www.example.com.cn/)
- [关于我们](https://www.example.com.cn/about)
* [新闻中心](/media "新闻")

# 某制药宣布AZD0000在中国获批上市

**2024年3月19日**

上海，2024年3月19日——某制药今天宣布，其创新药**AZD0000**已获得
国家药品监督管理局批准，用于治疗成人患者。
详情请访问[临床试验网站](https://clinicaltrials.gov/ct2/show/NCT00000000)。

![产品图片](https://www.example.com.cn/img/azd0000.png)

<!-- auditor-disable-next-line absolute-claim -->
这是该领域*首个*获批的疗法。

*本文涉及尚未在中国大陆获批准的产品或适应症，某制药不推荐任何未经批准的药品使用。*

## 关于某制药

某制药是一家以科学为导向的全球性生物制药企业。
Example Pharma is a global,
science-led biopharmaceutical company.

| 项目 | 内容 |
|---|:---:|
| 审批编号 | CN-123456 |
| 备案号 | [沪ICP备12345678号-1](https://beian.miit.gov.cn/) |

---

© 2024 某制药（中国）有限公司 | 互联网药品信息服务资格证书编号：(沪)-非经营性-2020-0001
"""


@pytest.fixture(scope="module")
def md():
    pg = parse(SCRAPED_RELEASE, "markdown")
    check_invariants(pg, SCRAPED_RELEASE)
    return pg


def test_blocks_in_reading_order(md):
    assert texts(md) == [
        "跳转到主要内容",
        "首页",
        "关于我们",
        "新闻中心",
        "某制药宣布AZD0000在中国获批上市",
        "2024年3月19日",
        "上海，2024年3月19日——某制药今天宣布，其创新药AZD0000已获得国家药品监督管理局批准，"
        "用于治疗成人患者。详情请访问临床试验网站。",
        "这是该领域首个获批的疗法。",
        "本文涉及尚未在中国大陆获批准的产品或适应症，某制药不推荐任何未经批准的药品使用。",
        "关于某制药",
        "某制药是一家以科学为导向的全球性生物制药企业。 Example Pharma is a global, "
        "science-led biopharmaceutical company.",
        "项目 | 内容",
        "审批编号 | CN-123456",
        "备案号 | 沪ICP备12345678号-1",
        "© 2024 某制药（中国）有限公司 | 互联网药品信息服务资格证书编号：(沪)-非经营性-2020-0001",
    ]


def test_front_matter_meta(md):
    assert md.meta["title"] == "某制药宣布AZD0000获批"
    assert md.meta["published_time"] == "2024-03-19"
    assert md.meta["html_lang"] == "zh-CN"


def test_headings(md):
    h1 = exact(md, "某制药宣布AZD0000在中国获批上市")
    assert (h1.tag, h1.heading) == ("h1", 1)
    assert (h1.line, h1.column) == where(SCRAPED_RELEASE, "某制药宣布AZD0000在")
    h2 = exact(md, "关于某制药")
    assert (h2.tag, h2.heading) == ("h2", 2)
    assert (h2.line, h2.column) == where(SCRAPED_RELEASE, "关于某制药\n")


def test_link_list_lines(md):
    items = [b for b in md.blocks if b.tag == "li"]
    assert [md.text[b.start:b.end] for b in items] == ["首页", "关于我们", "新闻中心"]
    assert all("link-list" in b.cues for b in items)
    assert [b.link_chars for b in items] == [2, 4, 4]
    assert (items[0].line, items[0].column) == where(SCRAPED_RELEASE, "[首页]")
    assert link_text(md, "https://www.example.com.cn/about") == "关于我们"
    assert link_text(md, "/media") == "新闻中心"
    assert "https://" not in md.text
    skip = exact(md, "跳转到主要内容")
    assert skip.tag == "p" and "link-list" in skip.cues


def test_paragraph_joining_and_inline_links(md):
    para = block(md, "上海，2024年3月19日")
    assert (para.line, para.column) == where(SCRAPED_RELEASE, "上海，")
    assert "emphasis" not in para.cues and "link-list" not in para.cues
    assert link_text(md, "https://clinicaltrials.gov/ct2/show/NCT00000000") == "临床试验网站"
    mixed = block(md, "Example Pharma is a global")
    # CJK + Latin across a line break: a space; Latin + Latin: a space
    assert "企业。 Example Pharma is a global, science-led" in md.text[mixed.start:mixed.end]


def test_emphasis_cue(md):
    assert "emphasis" in exact(md, "2024年3月19日").cues
    assert "emphasis" in block(md, "本文涉及尚未").cues
    assert "emphasis" not in block(md, "这是该领域").cues


def test_images_dropped_and_rules_dropped(md):
    assert "产品图片" not in md.text and "azd0000.png" not in md.text
    assert "---" not in md.text


def test_tables(md):
    rows = [b for b in md.blocks if "table" in b.cues]
    assert [md.text[b.start:b.end] for b in rows] == ["项目 | 内容", "审批编号 | CN-123456", "备案号 | 沪ICP备12345678号-1"]
    assert all(b.tag == "td" for b in rows)
    assert (rows[1].line, rows[1].column) == where(SCRAPED_RELEASE, "审批编号")
    assert link_text(md, "https://beian.miit.gov.cn/") == "沪ICP备12345678号-1"


def test_comment_points_at_next_block(md):
    (comment,) = md.comments
    assert comment.text == "auditor-disable-next-line absolute-claim"
    assert (comment.line, comment.column) == where(SCRAPED_RELEASE, "<!--")
    assert comment.offset == block(md, "这是该领域").start


def test_english_scraped_page():
    src = (
        "## Forward-Looking Statements ##\n"
        "This release contains forward-looking statements. Actual results may differ\n"
        "materially due to __risks__ including clinical_trial_results and `regulatory` review.\n"
        "\n"
        "Setext Title\n"
        "============\n"
        "\n"
        "Subtitle\n"
        "--------\n"
        "\n"
        "> Quoted text with a [reference link][pr] and a [missing one][nope].\n"
        "\n"
        "1. First item\n"
        "   continues here\n"
        "2) Second with <span>inline html</span> &amp; entity and ~~struck~~ text\n"
        "\n"
        "Visit <https://example.com/> or \\*not emphasis\\*.\n"
        "\n"
        "[pr]: https://example.com/pr \"Press\"\n"
    )
    pg = parse_markdown(src)
    check_invariants(pg, src)
    assert texts(pg) == [
        "Forward-Looking Statements",
        "This release contains forward-looking statements. Actual results may differ "
        "materially due to risks including clinical_trial_results and regulatory review.",
        "Setext Title",
        "Subtitle",
        "Quoted text with a reference link and a [missing one][nope].",
        "First item continues here",
        "Second with inline html & entity and struck text",
        "Visit https://example.com/ or *not emphasis*.",
    ]
    assert [b.heading for b in pg.blocks[:4]] == [2, 0, 1, 2]
    assert (pg.blocks[0].line, pg.blocks[0].column) == (1, 4)
    assert link_text(pg, "https://example.com/pr") == "reference link"
    assert link_text(pg, "https://example.com/") == "https://example.com/"
    quote = pg.blocks[4]
    assert (quote.line, quote.column) == (11, 3)
    assert [b.tag for b in pg.blocks[5:7]] == ["li", "li"]


def test_traditional_chinese_and_crlf():
    src = "# 前瞻性陳述\r\n\r\n本公告載有前瞻性陳述，\r\n實際結果可能存在重大差異。\r\n\r\n- [私隱政策](/privacy)\r\n"
    pg = parse(src, "markdown")
    assert texts(pg) == ["前瞻性陳述", "本公告載有前瞻性陳述，實際結果可能存在重大差異。", "私隱政策"]
    assert [(b.line, b.column) for b in pg.blocks] == [(1, 3), (3, 1), (6, 3)]


def test_empty_and_markup_only_inputs():
    for src in ("", "\n\n", "---\n", "![img](x.png)\n", "<!-- only -->\n"):
        pg = parse_markdown(src)
        check_invariants(pg, src)
        assert pg.blocks == ()
    assert [c.text for c in parse_markdown("<!-- only -->\n").comments] == ["only"]


def test_fenced_code_is_literal():
    src = "```\n*not emphasis* [x](y)\n```\nafter\n"
    pg = parse_markdown(src)
    assert texts(pg) == ["*not emphasis* [x](y)", "after"]


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["# ", "- ", "* ", "[", "]", "(", ")", "![", "*", "**", "_", "`", "|", "---", "\n", "\n\n",
             "中文", "text", " ", "<!--", "-->", "&amp;", "> ", "1. ", "\\", "<b>", "https://x.cn", "\u3000"]
        ),
        max_size=40,
    ).map("".join)
)
def test_random_markdown_keeps_the_contract(src):
    check_invariants(parse_markdown(src), src)


# -- Markdown without blank lines (one line per paragraph) ----------------------------------

NO_BLANK_LINES = (
    "- [Home](https://example.com/)\n"
    "- [News](https://example.com/news/)\n"
    "# Example Bio Announces Phase 3 Results for EXB-101 in Adults with Moderate to Severe Asthma\n"
    "Release date: March 19, 2026\n"
    "Example Bio today announced that its Phase 3 trial of EXB-101 met its primary endpoint, reducing the "
    "annualised rate of exacerbations by 48% compared with placebo in adults with moderate to severe asthma.\n"
    "*EXB-101 is investigational and has not been approved in mainland China. Example Bio does not recommend "
    "the use of any unapproved medicine.*\n"
    "## About Example Bio\n"
    "Example Bio is a biotechnology company headquartered in Shanghai and listed in Hong Kong since 2019.\n"
)


def test_markdown_without_blank_lines_keeps_its_paragraphs():
    pg = parse_markdown(NO_BLANK_LINES)
    check_invariants(pg, NO_BLANK_LINES)
    assert texts(pg)[3:] == [
        "Release date: March 19, 2026",
        "Example Bio today announced that its Phase 3 trial of EXB-101 met its primary endpoint, reducing the "
        "annualised rate of exacerbations by 48% compared with placebo in adults with moderate to severe asthma.",
        "EXB-101 is investigational and has not been approved in mainland China. Example Bio does not recommend "
        "the use of any unapproved medicine.",
        "About Example Bio",
        "Example Bio is a biotechnology company headquartered in Shanghai and listed in Hong Kong since 2019.",
    ]
    assert "emphasis" in block(pg, "EXB-101 is investigational").cues
    assert (block(pg, "Release date").line, block(pg, "EXB-101 is investigational").line) == (4, 6)


def test_hard_wrapped_markdown_still_joins_and_setext_headings_survive():
    src = ("Example Bio\n===========\nExample Bio today announced that its Phase 3 trial of\n"
           "EXB-101 met its primary endpoint in adults with asthma.\n")
    pg = parse_markdown(src)
    check_invariants(pg, src)
    assert texts(pg) == ["Example Bio", "Example Bio today announced that its Phase 3 trial of EXB-101 met its "
                                        "primary endpoint in adults with asthma."]
    assert pg.blocks[0].heading == 1


def test_empty_list_item_is_no_block():
    src = "- [Home](https://example.com/)\n- \n- [News](https://example.com/news/)\n"
    pg = parse_markdown(src)
    assert texts(pg) == ["Home", "News"]


def test_markdown_pop_ups_are_one_notice_each():
    from auditor.read.pipeline import load_document

    src = (
        "# 某生物宣布与合作伙伴签署协议\n\n某生物今日宣布与合作伙伴签署协议，双方将在上海共同建设研发中心。\n\n"
        "## 关于某生物\n\n某生物是一家生物制药企业。\n\n"
        "### 温馨提示\n\n您正在离开某生物网站。\n\n您即将访问的网站由第三方运营，某生物对其内容不承担任何责任。\n\n"
        "点击“取消”返回本网站，点击“继续”前往第三方网站。\n\n取消　继续\n\n"
        "### 重要提示\n\n您正在访问某生物的历史资料库文件，文件内的信息可能无法反映当前最新数据，请谨慎引用。\n\n我已阅读当前提示\n"
    )
    doc = load_document(src.encode("utf-8"), "page.md")
    leaving = doc.segment_at(doc.text.index("温馨提示"))
    assert leaving.kind == "third_party_notice"
    for part in ("您正在离开某生物网站", "由第三方运营", "点击“取消”返回本网站", "取消　继续"):
        assert doc.segment_at(doc.text.index(part)) is leaving
    archive = doc.segment_at(doc.text.index("重要提示"))
    assert archive.kind == "archive_notice" and archive is not leaving
    assert doc.segment_at(doc.text.index("我已阅读当前提示")) is archive
    assert [s.kind for s in doc.segments] == ["content", "boilerplate", "third_party_notice", "archive_notice"]


def test_visible_html_pop_ups_are_one_notice_each():
    from auditor.read.pipeline import load_document

    src = (
        "<html lang='zh-CN'><body><main><h1>某生物发布新闻</h1><p>某生物今日宣布与合作伙伴签署协议，"
        "双方将在上海共同建设研发中心，推动创新药物的研发。</p></main>"
        "<div><h3>温馨提示</h3><p>您正在离开某生物网站。</p><p>您即将访问的网站由第三方运营，某生物对其内容不承担任何责任。</p>"
        "<p>点击“取消”返回本网站，点击“继续”访问第三方网站。</p><button>取消</button><button>继续</button></div>"
        "<div><h3>重要提示</h3><p>您正在访问某生物的历史资料库文件，文件内的信息可能无法反映当前最新数据，请谨慎引用。</p>"
        "<button>我已阅读当前提示</button></div></body></html>"
    )
    doc = load_document(src.encode("utf-8"), "page.html")
    kinds = [(s.kind, doc.text[s.start:s.end].split()[0]) for s in doc.segments]
    assert kinds[-2:] == [("third_party_notice", "温馨提示"), ("archive_notice", "重要提示")]
