"""Main text that real pages hide in the wrong places: auditor/read/parse/mainbody.py and the
segmenter, on small pages shaped like the markup they come from (the peer set of 990 real
pages measures the whole; these pin each mechanism, and what must stay navigation)."""
from __future__ import annotations

import pytest

from auditor.read.parse.html import parse_html
from tests.test_mainbody import PARA as PARA_EN, _doc, _kind, _wrong_kinds

PARA_ZH = ("<p>公司于周一在苏州启用新的质量控制实验室，片剂、胶囊和颗粒剂的年检测能力提升至约四千批，"
           "并招聘了六十名分析师、化学家和微生物学家负责日常运行，实验室同时承担稳定性研究和方法验证工作。</p>")
PARA_DE = ("<p>Das Unternehmen hat am Montag sein neues Labor für Qualitätskontrolle in Suzhou eröffnet, "
           "die Prüfkapazität für Tabletten, Kapseln und Granulate auf rund 4.000 Chargen im Jahr erhöht "
           "und dafür 60 Analytiker, Chemiker und Mikrobiologen eingestellt.</p>")


# --- page chrome that swallows the article -------------------------------------------------

def test_an_article_inside_a_header_left_open_is_main_text_and_its_menu_stays_navigation():
    # A theme that never closes <header>: the browser nests the whole page in it.
    html = f"""<html><body><header class="site-header">
      <nav class="main-nav"><ul><li><a href="/">Home</a></li><li><a href="/news/">News</a></li>
        <li><a href="/about/">About us</a></li></ul></nav>
      <article class="post"><h1>New laboratory opens</h1>{PARA_EN * 3}
        <p>Production starts in March.</p></article>
      <footer class="site-footer"><a href="/privacy">Privacy</a> <a href="/imprint">Imprint</a></footer>
    </header></body></html>"""
    doc = _doc(html)
    assert _wrong_kinds(doc, {
        "bringing its testing capacity": "content",
        "Production starts in March.": "content",
        "About us": "navigation",
        "Imprint": "navigation",
    }) == {}


def test_a_chinese_page_set_inside_one_nav_element_is_read_and_its_menu_stays_navigation():
    html = f"""<html><body><nav class="page">
      <div class="menu"><ul><li><a href="/">首页</a></li><li><a href="/news/">新闻中心</a></li>
        <li><a href="/about/">关于我们</a></li></ul></div>
      <div class="content"><h1>新实验室启用</h1>{PARA_ZH * 3}<p>生产将于三月开始。</p></div>
    </nav></body></html>"""
    doc = _doc(html)
    assert _wrong_kinds(doc, {
        "年检测能力提升至约四千批": "content",
        "生产将于三月开始。": "content",
        "新闻中心": "navigation",
    }) == {}


def test_a_product_description_inside_the_order_form_is_main_text():
    # A shop theme sets the product and its description inside the order <form>: when the
    # paragraphs vote again there, the form they chose is not cut out as a form.
    sidebar = "".join(f"<p>Geschenkidee Nummer {i}: bestickte Kissen, Decken und Handtücher für jeden Anlass.</p>"
                      for i in range(3))
    sidebar += "<ul>" + "".join(f"<li>Kissen Modell {i}</li>" for i in range(80)) + "</ul>"
    html = f"""<html><body><div class="site-content">
      <article class="product"><form class="cart" action="/cart">
        <h2>Labor-Set mit Gravur</h2><label>Anzahl:</label><input type="submit" value="In den Warenkorb">
        {PARA_DE * 3}<p>Material: Edelstahl</p>
      </form></article>
      <aside class="widget-area"><h3>Geschenkideen</h3>{sidebar}</aside>
    </div></body></html>"""
    doc = _doc(html)
    assert _kind(doc, "die Prüfkapazität für Tabletten") == "content"
    assert _kind(doc, "Material: Edelstahl") == "content"


def test_text_in_a_menu_is_still_navigation_when_the_page_has_its_own_article():
    # The second vote runs only when chrome holds nearly all the running text.
    teasers = "".join(f"<li><a href='/p/{i}'>Our quality control laboratory number {i} in Suzhou, Wuxi and Hangzhou "
                      f"runs tests for tablets, capsules and granules</a></li>" for i in range(4))
    html = f"""<html><body><header><nav class="mega-menu"><ul>{teasers}</ul></nav></header>
      <main><article><h1>New laboratory</h1>{PARA_EN * 3}</article></main></body></html>"""
    doc = _doc(html)
    assert _kind(doc, "bringing its testing capacity") == "content"
    assert _kind(doc, "laboratory number 2 in Suzhou") == "navigation"


# --- cues of the container the paragraphs chose -------------------------------------------

def test_commands_and_lists_in_a_readme_inside_a_code_viewer_are_main_text():
    # A code host wraps the README in "js-code-nav-container" inside a layout with a sidebar.
    env = "".join(f"<li><code>YAGNA_{n}</code>, the {d} for the node to use, e.g. {e}</li>"
                  for n, d, e in (("API_URL", "base address", "http://localhost:7500"),
                                  ("SUBNET", "sub network name", "devnet-beta"),
                                  ("PAYMENT_DRIVER", "payment driver name", "erc20")))
    html = f"""<html><body><main><div class="Layout Layout--sidebarPosition-end"><div class="Layout-main">
      <div id="readme" class="Box md js-code-nav-container"><article class="markdown-body entry-content">
        <h1>Python API</h1>{PARA_EN * 2}
        <h2>Installation</h2><p>You can install it through pip:</p><pre><code>pip install yapapi</code></pre>
        <h2>Environment variables</h2><p>It reads these settings from the environment:</p><ul>{env}</ul>
      </article></div></div>
      <div class="Layout-sidebar"><nav class="menu"><a class="menu-item" href="/issues">Issues 117</a>
        <a class="menu-item" href="/pulls">Pull requests 4</a></nav></div>
    </div></main></body></html>"""
    doc = _doc(html)
    assert _wrong_kinds(doc, {
        "pip install yapapi": "content",
        "YAGNA_SUBNET": "content",
        "You can install it through pip:": "content",
        "Pull requests 4": "navigation",
    }) == {}


def test_a_post_body_named_share_keeps_its_headings_but_a_share_bar_inside_it_is_navigation():
    # Chinese theme: the post's text sits in "entry share" (the theme's switch for share buttons).
    html = f"""<html><body><div class="main"><article class="post">
      <div class="entry themeform share"><div class="entry-inner">
        <h2>新的餐饮理念</h2>{PARA_ZH * 3}<h2>合作伙伴</h2>{PARA_ZH}
        <div class="share-bar"><a href="/s/wx">微信</a> <a href="/s/wb">微博</a></div>
      </div></div></article></div></body></html>"""
    doc = _doc(html)
    assert _wrong_kinds(doc, {
        "新的餐饮理念": "content",
        "合作伙伴": "content",
        "微博": "navigation",
    }) == {}


# --- web and e-mail addresses written out ------------------------------------------------------

@pytest.mark.parametrize("para, address", [
    (PARA_EN, '<p><a href="http://www.example.org/petition/online/lab">http://www.example.org/petition/online/lab</a></p>'),
    (PARA_ZH, '<p><a href="mailto:press@example.cn">press@example.cn</a></p>'),
    (PARA_DE, '<p>[1] <a href="http://www.example.de/philosophie/freie-software.html">'
              'http://www.example.de/philosophie/freie-software.html</a></p>'),
])
def test_an_address_the_article_writes_out_as_a_link_is_main_text(para, address):
    html = f"<html><body><div class='post'><h1>Titel</h1>{para * 3}{address}{para}</div></body></html>"
    doc = _doc(html)
    shown = parse_html(address).text
    assert _kind(doc, shown[-20:]) == "content"


@pytest.mark.parametrize("line", [
    '<p>Read more: <a href="/news/1">Our new plant in Wuxi starts production</a></p>',
    '<p><a href="/news/1">Our new plant in Wuxi starts production this spring</a></p>',
    '<p>延伸阅读：<a href="/news/1">无锡新工厂今年春季投产，年产能将达十亿片</a></p>',
])
def test_a_linked_title_inside_the_article_is_still_navigation(line):
    html = f"<html><body><div class='post'><h1>Title</h1>{PARA_EN * 3}{line}{PARA_EN}</div></body></html>"
    doc = _doc(html)
    text = parse_html(line).text
    assert _kind(doc, text[-12:]) == "navigation"


def test_a_list_of_web_addresses_in_a_sidebar_is_not_main_text():
    links = "".join(f'<li><a href="http://www.partner{i}.example.com/">http://www.partner{i}.example.com/</a></li>'
                    for i in range(4))
    html = f"""<html><body><div class="post">{PARA_EN * 4}</div>
      <div class="sidebar"><h3>Partners</h3><ul>{links}</ul></div></body></html>"""
    doc = _doc(html)
    assert _kind(doc, "partner2.example.com") == "navigation"


# --- a page builder's names --------------------------------------------------------------------

def _builder(widgets, extra=""):
    cells = "".join(f"""<div class="elementor-column"><div class="elementor-widget-wrap">
        <div class="elementor-element elementor-widget elementor-widget-text-editor">
        <div class="elementor-widget-container">{w}</div></div></div></div>""" for w in widgets)
    return f"""<html><body><article class="page type-page"><div class="elementor-inner">
      <div class="elementor-section-wrap"><section class="elementor-section">{cells}</section>{extra}</div>
      </div></article></body></html>"""


@pytest.mark.parametrize("para, probe", [
    (PARA_EN, "bringing its testing capacity"),
    (PARA_ZH, "年检测能力提升至约四千批"),
    (PARA_DE, "die Prüfkapazität für Tabletten"),
])
def test_every_part_of_a_page_builder_article_is_main_text(para, probe):
    # A WordPress page built with Elementor: each part of the article sits in its own
    # "elementor-widget-wrap"; the word "widget" is the builder's grammar there, not a widget.
    widgets = ["<h2>2026</h2>", para * 4, para.replace("<p>", "<p>Q3: ") + para.replace("<p>", "<p>Q4: ")]
    doc = _doc(_builder(widgets))
    for snippet in (probe, "Q3: ", "Q4: "):
        assert _kind(doc, snippet) == "content"


def test_a_comment_thread_and_a_share_widget_on_a_page_builder_page_are_still_cut():
    extra = """<div class="elementor-widget-wrap"><div id="comments" class="comments-area">
        <p>Great news, congratulations to the whole team in Suzhou, well done everyone!</p></div>
        <div class="share-buttons"><a href="/s/fb">Facebook</a> <a href="/s/x">Share on X</a></div></div>"""
    doc = _doc(_builder([PARA_EN * 4, PARA_EN.replace("<p>", "<p>Q3: ")], extra))
    assert _wrong_kinds(doc, {
        "Q3: The company": "content",
        "bringing its testing capacity": "content",
        "congratulations to the whole team": "boilerplate",
        "Share on X": "navigation",
    }) == {}


def test_a_name_that_only_shares_a_word_with_the_article_wrapper_is_still_cut():
    # "non-ad-column" around the article says nothing for the "ad-column" beside it.
    html = f"""<html><body><main><div class="flex">
      <section class="non-ad-column"><article><h1>新实验室启用</h1>{PARA_ZH * 4}</article></section>
      <section class="ad-column"><p>推广：年终大促，全场药品八折起，点击了解更多优惠活动详情。</p></section>
    </div></main></body></html>"""
    page = parse_html(html)
    labels = {page.text[b.start:b.end][:6]: b.cues & {"core", "cut", "peripheral"} for b in page.blocks}
    assert labels["推广：年终大"] == {"cut"}
    assert labels["公司于周一在"] == {"core"}


# --- a furniture heading outside the article opens no section over it ----------------------

@pytest.mark.parametrize("heading, tags, para, probe", [
    ("Tags", ("3D Printing", "Machine learning"), PARA_EN, "bringing its testing capacity"),
    ("相关阅读", ("苏州新实验室扩建工程全面启动", "无锡工厂年产能达到十亿片"), PARA_ZH, "年检测能力提升至约四千批"),
    # (a German theme that keeps the English heading, as many do)
    ("Related Posts", ("Qualitätskontrolle in Suzhou", "Neue Arzneimittel 2026"), PARA_DE,
     "die Prüfkapazität für Tabletten"),
])
def test_a_tag_box_above_the_article_does_not_make_the_article_boilerplate(heading, tags, para, probe):
    # The tag box (a cut part) sits between the title and the body: its heading is
    # boilerplate, its links navigation, and the article's paragraphs after it stay content.
    links = "".join(f'<div class="tag-item"><a href="/tag/{i}">{t}</a></div>' for i, t in enumerate(tags))
    html = f"""<html><body><article><h1>Titel</h1>
      <div class="post-tags"><p>{heading}</p>{links}</div>
      <div class="entry-content">{para * 4}</div></article></body></html>"""
    doc = _doc(html)
    assert _kind(doc, heading) == "boilerplate"
    assert _kind(doc, tags[1]) == "navigation"
    assert _kind(doc, probe) == "content"


def test_a_related_heading_inside_the_article_still_makes_its_list_boilerplate():
    links = "".join(f'<li><a href="/n/{i}">Our plant number {i} in Wuxi starts production this spring</a></li>'
                    for i in range(3))
    html = f"""<html><body><article><h1>Title</h1>{PARA_EN * 4}
      <h3>Related articles</h3><ul>{links}</ul></article></body></html>"""
    doc = _doc(html)
    assert _kind(doc, "Related articles") in ("navigation", "boilerplate")
    assert _kind(doc, "plant number 1 in Wuxi") in ("navigation", "boilerplate")
    assert _kind(doc, "bringing its testing capacity") == "content"


# --- the article's own <header> -----------------------------------------------------------

@pytest.mark.parametrize("title, standfirst, para", [
    ("New laboratory", "The plant doubles its testing capacity and hires sixty analysts.", PARA_EN),
    ("新实验室启用", "苏州新实验室今日正式启用，片剂、胶囊和颗粒剂的检测能力因此翻倍，公司同时新招聘六十名分析人员、化学家和微生物学家负责日常运行。",
     PARA_ZH),
    ("Neues Labor", "Das Werk verdoppelt seine Prüfkapazität und stellt sechzig Analytiker ein.", PARA_DE),
])
def test_the_standfirst_in_the_article_header_is_main_text_and_its_share_line_is_not(title, standfirst, para):
    html = f"""<html><body><nav><a href="/">Home</a> <a href="/news/">News</a></nav>
      <main><article><header><h1>{title}</h1><p class="teaser">{standfirst}</p>
        <div class="tools"><span>Teilen</span> <a href="/print">Drucken</a></div></header>
      <div class="body">{para * 4}</div></article></main></body></html>"""
    doc = _doc(html)
    assert _kind(doc, standfirst) == "content"
    assert _kind(doc, "Drucken") == "navigation"
