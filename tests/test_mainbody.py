"""Main text on real-world markup: auditor/read/parse/mainbody.py and the segmenter's use of it.

The corpus pages au-10 (WordPress-style blog, English) and pg-04 (DedeCMS news page,
GBK) check whole pages through tests/test_corpus_segments.py; these tests pin the
mechanisms one at a time on small pages shaped like the markup they come from.
"""
from __future__ import annotations

import pytest

from auditor.read.parse.html import parse_html
from auditor.read.pipeline import load_document
from tests.corpus import CORPUS

PARA = ("<p>The company opened its new quality control laboratory in Suzhou on Monday, "
        "bringing its testing capacity for tablets, capsules and granules to about 4,000 batches a year, "
        "and hired 60 analysts, chemists and microbiologists to run it.</p>")


def _label(page, snippet):
    for b in page.blocks:
        if snippet in page.text[b.start:b.end]:
            labels = b.cues & {"core", "cut", "lead", "peripheral"}
            return next(iter(labels)) if labels else None
    raise AssertionError(f"{snippet!r} not in the page text")


def _kind(doc, snippet):
    i = doc.text.find(snippet)
    assert i >= 0, snippet
    return doc.segment_at(i).kind


def _mislabelled(page, snippets, label):
    """{snippet: its block's main-text label} for the snippets not labelled ``label``."""
    found = {s: _label(page, s) for s in snippets}
    return {s: got for s, got in found.items() if got != label}


def _wrong_kinds(doc, expected):
    """{snippet: the kind of the segment holding it} for the snippets of ``expected``
    ({snippet: kind}) in a segment of another kind."""
    found = {s: _kind(doc, s) for s in expected}
    return {s: got for s, got in found.items() if got != expected[s]}


def _doc(html):
    return load_document(html.encode("utf-8"), "x.html")


def test_the_article_is_the_paragraph_dense_container():
    html = f"""<html><body>
      <div class="top"><a href="/">Home</a> <a href="/news/">News</a></div>
      <div class="col-8"><h1>New laboratory</h1>{PARA * 4}</div>
      <div class="col-4"><div class="box"><h3>Most read</h3>
        <p>A short teaser about something else entirely, with no links at all.</p></div></div>
    </body></html>"""
    page = parse_html(html)
    assert _label(page, "bringing its testing capacity") == "core"
    assert _label(page, "A short teaser about") == "peripheral"
    doc = load_document(html.encode(), "x.html")
    assert _kind(doc, "bringing its testing capacity") == "content"
    assert _kind(doc, "A short teaser about") == "boilerplate"


def test_a_page_with_little_running_text_gets_no_main_text_labels():
    html = "<html><body><div><p>Contact us: 021-5555 0000.</p><p>Opening hours 9:00-17:00.</p></div></body></html>"
    page = parse_html(html)
    assert all(not (b.cues & {"core", "cut", "lead", "peripheral"}) for b in page.blocks)


def test_comment_threads_are_cut_and_their_dates_do_not_date_the_page():
    html = f"""<html><body><div class="wrap">
      <div class="post-body">{PARA * 3}</div>
      <div id="comments"><ol class="comment-list"><li class="comment">
        <time datetime="2026-01-09T10:00:00">9 January</time>
        <p>This is the best medicine in the world and it cured me completely within a week, honestly.</p>
      </li></ol></div></div></body></html>"""
    page = parse_html(html)
    assert _label(page, "cured me completely") == "cut"
    assert page.meta["published_time"] is None
    doc = load_document(html.encode(), "x.html")
    assert _kind(doc, "cured me completely") == "boilerplate"


def test_a_wrapper_named_like_a_widget_around_the_article_is_not_cut():
    html = f"""<html><body><div class="content-area">
      <div class="elementor-widget-container">{PARA * 4}</div>
      <div class="share-buttons"><p>Share this article with your colleagues and friends today.</p></div>
    </div></body></html>"""
    page = parse_html(html)
    assert _label(page, "bringing its testing capacity") == "core"
    assert _label(page, "Share this article") == "cut"


def test_a_core_inside_article_takes_the_whole_landmark():
    html = f"""<html><body><nav><a href="/">Home</a></nav><main><article>
      <p class="standfirst">Suzhou, 2 March 2026.</p>
      <div class="text">{PARA * 4}</div>
      <p>A closing sentence outside the text container, still part of the article.</p>
    </article></main><footer><p>Copyright 2026 Example Pharma. All rights reserved.</p></footer></body></html>"""
    page = parse_html(html)
    assert _label(page, "A closing sentence") == "core"
    assert _label(page, "Copyright 2026") == "peripheral"


def test_a_hero_title_between_the_menu_and_the_article_stays_content():
    html = f"""<html><body>
      <ul class="menu"><li><a href="/">首页</a></li><li><a href="/products/">产品中心</a></li></ul>
      <div class="kv"><div class="kv-h2">秋冬护嗓季 一片清凉 润喉利咽</div></div>
      <div class="main">{PARA * 4}</div></body></html>"""
    doc = load_document(html.encode(), "x.html")
    page = parse_html(html)
    assert _label(page, "秋冬护嗓季") == "lead"
    assert _kind(doc, "秋冬护嗓季") == "content"


def test_teaser_lists_are_cut_but_paragraphs_with_links_are_not():
    items = "".join(f'<li class="teaser"><a href="/n/{i}">A related story about topic number {i}</a>'
                    f"<p>Summary {i}.</p></li>" for i in range(4))
    linked = "".join(f'<p>See the <a href="/r/{i}">full results of study {i}</a> for details.</p>' for i in range(4))
    html = f"""<html><body><div class="story">{PARA * 4}<div class="refs">{linked}</div></div>
      <div class="more"><ul class="list">{items}</ul></div></body></html>"""
    page = parse_html(html)
    assert _label(page, "A related story about topic number 2") == "cut"
    assert _label(page, "full results of study 2") == "core"


def test_notices_and_disclaimers_outside_the_article_keep_their_kind():
    page = CORPUS / "pages" / "pg-04-gbk-cms-right-column-comments.html"
    doc = load_document(page.read_bytes(), str(page))
    assert _wrong_kinds(doc, {
        "不构成任何诊断或治疗建议": "disclaimer",
        "能根治慢性咳嗽": "boilerplate",
        "120余名市民和学生走进药厂": "content",
    }) == {}


@pytest.mark.parametrize("name", ["au-10-en-blog-sidebar-comments.html", "pg-04-gbk-cms-right-column-comments.html"])
def test_comment_claims_on_corpus_pages_are_not_content(name):
    page = CORPUS / "pages" / name
    doc = load_document(page.read_bytes(), str(page))
    comments = [b for b in doc.blocks if "cut" in b.cues]
    assert comments, "the comment thread should be cut out"
    assert all(doc.segment_at(b.start).kind != "content" for b in comments)


@pytest.mark.parametrize("heading, body", [
    ("Related articles", "Our new plant in Wuxi opens its doors to visitors in May."),
    ("相关阅读", "松林制药2025年公众开放日圆满举办，130名市民走进生产基地参观。"),
    ("延伸閱讀", "松林製藥2025年公眾開放日圓滿舉辦，130名市民走進生產基地參觀。"),
])
def test_a_furniture_heading_opens_a_boilerplate_section(heading, body):
    html = f"<html><body><h1>News</h1><p>{body}</p><h2>{heading}</h2><p>{body}</p><h2>Contact</h2><p>{body}</p></body></html>"
    doc = load_document(html.encode(), "x.html")
    kinds = [s.kind for s in doc.segments]
    assert kinds == ["content", "boilerplate", "content"], kinds


def test_a_heading_that_only_starts_with_a_furniture_word_is_content():
    html = ("<html><body><h2>Comments from the investigators on the phase 3 results</h2>"
            "<p>The investigators said the trial met its primary endpoint.</p></body></html>")
    doc = load_document(html.encode(), "x.html")
    assert {s.kind for s in doc.segments} == {"content"}


def test_a_heading_over_only_links_is_navigation_in_any_language():
    links = "".join(f'<li><a href="/n/{i}">Nota número {i} sobre la economía del país</a></li>' for i in range(3))
    html = f"<html><body><h1>Economía</h1><p>{PARA}</p><h2>Notas relacionadas</h2><ul>{links}</ul></body></html>"
    doc = load_document(html.encode(), "x.html")
    assert _kind(doc, "Notas relacionadas") == "navigation"
    assert _kind(doc, "Economía") == "content"


def test_a_wrapper_named_like_a_sidebar_or_header_does_not_make_the_article_navigation():
    # A theme's "content-sidebar-wrap" or "menu-push" wrapper names the layout, not the
    # article's lines; a share bar inside the article still says what it is.
    html = f"""<html><body><div class="content-sidebar-wrap"><div class="menu-push"><article>
      <h1>New laboratory</h1>{PARA * 3}
      <ul><li>Tablets and capsules</li><li>Granules and powders</li></ul>
      <div class="share-bar"><a href="/s/wx">WeChat</a> <a href="/s/wb">Weibo</a></div>
    </article></div></div></body></html>"""
    doc = load_document(html.encode(), "x.html")
    assert _kind(doc, "Tablets and capsules") == "content"
    assert _kind(doc, "WeChat") == "navigation"


@pytest.mark.parametrize("wrapper", ["use-lightbox", "penci-enable-lightbox", "dialog-off-canvas-main-canvas"])
def test_a_layout_switch_named_like_a_pop_up_does_not_hide_the_page(wrapper):
    html = f'<html><body><div class="{wrapper}"><div class="post">{PARA * 3}</div></div></body></html>'
    doc = load_document(html.encode(), "x.html")
    seg = doc.segment_at(doc.text.find("bringing its testing capacity"))
    assert seg.kind == "content" and not seg.hidden


def test_link_heavy_parts_of_the_article_are_cut_but_cited_sentences_are_not():
    # Readability's conditional cleaning: a box of links inside the article is a widget;
    # sentences that open with words and cite a link are prose.
    links = '<p><a href="/a">Pricing</a> <a href="/b">Stockists</a> <a href="/c">Another story number 1</a> here</p>'
    cited = "".join(f'<p>See the <a href="/r/{i}">full results of study {i}</a> for details.</p>' for i in range(3))
    html = f"""<html><body><article>{PARA * 4}
      <div class="box">{links}</div><div class="refs">{cited}</div></article></body></html>"""
    page = parse_html(html)
    assert _label(page, "Another story number 1") == "cut"
    assert _label(page, "full results of study 1") == "core"


@pytest.mark.parametrize("cls", ["post-author__bio", "entry-meta", "article-byline", "image-credits"])
def test_author_boxes_meta_lines_and_credits_are_cut(cls):
    html = f"""<html><body><article>{PARA * 4}
      <div class="{cls}"><p>Jane Doe writes about manufacturing and quality for the newsroom.</p></div>
    </article></body></html>"""
    page = parse_html(html)
    assert _label(page, "Jane Doe writes") == "cut"


def test_selling_points_inside_the_article_stay_content():
    # Readability cuts tiny parts; a product page's short selling points are claims.
    points = "".join(f'<div class="sell-point"><div class="txt">{t}</div></div>'
                     for t in ("临床验证，100%有效", "7天见效", "无任何副作用"))
    html = f"<html><body><div class='main'>{PARA * 3}<div class='points'>{points}</div>{PARA}</div></body></html>"
    doc = load_document(html.encode(), "x.html")
    assert _kind(doc, "7天见效") == "content"


def test_teaser_paragraphs_that_each_open_with_a_link_are_a_teaser_list():
    teasers = "".join(f'<p><a href="/n/{i}">Related headline number {i}</a> A line of standfirst.</p>'
                      for i in range(4))
    html = f"""<html><body><article>{PARA * 4}<div class="text"><h6>More on this</h6>{teasers}</div>
      </article></body></html>"""
    page = parse_html(html)
    assert _label(page, "Related headline number 2") == "cut"
    doc = load_document(html.encode(), "x.html")
    assert _kind(doc, "More on this") in ("navigation", "boilerplate")


def test_a_heading_over_teaser_titles_is_furniture_in_any_language():
    # The teasers' own linked titles are headings of the same level: they do not close the
    # section, and what follows the heading is navigation, so the heading is furniture.
    titles = "".join(f'<h3><a href="/n/{i}">Ähnlicher Beitrag mit langem Titel Nummer {i}</a></h3>' for i in range(4))
    html = f"""<html><body><main><article>{PARA * 4}<h3>Ähnliche Beiträge</h3>{titles}</article></main>
      </body></html>"""
    doc = load_document(html.encode(), "x.html")
    assert _kind(doc, "Ähnliche Beiträge") == "navigation"
    assert _kind(doc, "bringing its testing capacity") == "content"


def test_short_lines_of_a_landmark_outside_the_voted_container_are_not_main_text():
    # The core takes the whole <main>; a short line in it outside the container the
    # paragraphs voted for is the landmark's furniture, a long one is still the article.
    html = f"""<html><body><nav><a href="/">Home</a></nav><main>
      <div class="text">{PARA * 4}</div>
      <div class="tools"><span>Follow us for more news</span></div>
      <p>A closing sentence outside the text container, still part of the article.</p>
    </main></body></html>"""
    page = parse_html(html)
    assert _label(page, "Follow us for more news") == "peripheral"
    assert _label(page, "A closing sentence") == "core"
    doc = load_document(html.encode(), "x.html")
    assert _kind(doc, "Follow us for more news") == "boilerplate"


# -- lines inside the article that are not its text (mainbody._trim) -------------------

DE_PARA = ("<p>Die Stadtwerke haben am Montag das neue Wasserwerk in Betrieb genommen, das künftig "
           "rund 40.000 Haushalte im Norden der Stadt versorgt, und dafür zwölf Millionen Euro investiert, "
           "wie der Geschäftsführer bei der Eröffnung sagte.</p>")


def test_a_picture_credit_is_not_main_text_but_a_describing_caption_is():
    html = f"""<html><body><article class="post"><h1>Neues Wasserwerk</h1>{DE_PARA * 2}
      <figure class="wp-caption"><img src="a.jpg" alt=""><figcaption class="wp-caption-text">Foto: Stadtwerke/Peter Maier</figcaption></figure>
      {DE_PARA}
      <figure><img src="b.jpg" alt=""><figcaption>Der Geschäftsführer und die Bürgermeisterin bei der Eröffnung</figcaption></figure>
      <div class="image-legend"><img src="c.jpg" alt="">dpa</div>
      {DE_PARA * 2}</article></body></html>"""
    page = parse_html(html)
    assert _label(page, "Foto: Stadtwerke") == "peripheral"
    assert _label(page, "dpa") == "peripheral"  # a bare name in a caption-named element
    assert _label(page, "bei der Eröffnung sagte") == "core"
    doc = load_document(html.encode(), "x.html")
    assert _kind(doc, "Foto: Stadtwerke") == "boilerplate"
    assert _kind(doc, "Der Geschäftsführer und die Bürgermeisterin") == "content"


def test_a_gallery_told_in_captions_keeps_them():
    slides = "".join(f"<figure><img src='{i}.jpg' alt=''><figcaption><p>Look {i} (Photo: Anna Lee): "
                     f"a red scarf, a denim jacket and white sneakers make this outfit work in autumn.</p>"
                     f"</figcaption></figure>" for i in range(6))
    html = f"<html><body><article><h1>Six autumn looks</h1>{PARA}{slides}</article></body></html>"
    page = parse_html(html)
    assert _label(page, "Look 3 (Photo: Anna Lee)") == "core"


def test_a_short_widget_line_after_the_last_paragraph_is_not_main_text():
    html = f"""<html><body><div class="entry-content">{DE_PARA * 4}
      <div class="box-17"><div>War der Artikel nützlich?</div></div>
      <div>Kommentare schreiben</div>
      <div class="col-md-6">Möchten Sie den Artikel teilen?</div>
      </div></body></html>"""
    page = parse_html(html)
    assert _mislabelled(page, ("War der Artikel nützlich?", "Kommentare schreiben", "Möchten Sie den Artikel teilen?"), "peripheral") == {}
    doc = load_document(html.encode(), "x.html")
    assert _kind(doc, "Kommentare schreiben") == "boilerplate"


def test_short_lines_between_the_paragraphs_and_closing_list_items_stay():
    # Between paragraphs a short <div> line is the article's (a product's selling points);
    # after the last paragraph, list items and table cells are still the article's.
    points = "".join(f"<div class='point'>{t}</div>" for t in ("临床验证，100%有效", "7天见效"))
    html = f"""<html><body><div class="article">{PARA * 2}{points}{PARA * 2}
      <ul><li>Tablets: 2,000 batches</li><li>Capsules: 1,500 batches</li></ul>
      <p>Thanks for reading.</p></div></body></html>"""
    page = parse_html(html)
    assert _mislabelled(page, ("7天见效", "Tablets: 2,000 batches", "Thanks for reading."), "core") == {}


def test_a_heading_over_nothing_but_a_teaser_list_is_not_main_text():
    teasers = "".join(f'<li><a href="/n/{i}">Weitere Meldung aus dem Rathaus Nummer {i}</a></li>' for i in range(4))
    html = f"""<html><body><article><h1>Neues Wasserwerk</h1>
      <h2>Was das Werk leistet</h2>{DE_PARA * 3}
      <h2>Mehr zum Thema</h2><ul class="linklist">{teasers}</ul>
      <p>Lesen Sie auch:</p><ul>{teasers}</ul>
      </article></body></html>"""
    page = parse_html(html)
    assert _label(page, "Mehr zum Thema") == "peripheral"
    assert _label(page, "Lesen Sie auch:") == "peripheral"
    assert _label(page, "Was das Werk leistet") == "core"  # it heads the article's paragraphs
    doc = load_document(html.encode(), "x.html")
    assert _kind(doc, "Mehr zum Thema") == "boilerplate"
    assert _kind(doc, "Was das Werk leistet") == "content"


def test_headings_that_are_sentences_or_stand_over_headings_stay():
    # An interview set in headings: a long heading is text, and a heading whose section is
    # only another heading of the same rank is a run of headings, not a widget's title.
    html = f"""<html><body><div class="post">
      <h2>第一部分</h2><h2>研发进展</h2>{PARA * 3}
      <h3>Die Plakataktion findet in diesem Jahr bereits zum sechsten Mal statt, und Kinder zwischen sechs und zwölf Jahren können mitmachen.</h3>
      <div class="share"><a href="/s">Teilen</a></div>
      </div></body></html>"""
    page = parse_html(html)
    assert _label(page, "第一部分") == "core"
    assert _label(page, "Die Plakataktion findet") == "core"


def test_comment_and_call_to_action_boxes_are_cut_by_their_names():
    html = f"""<html><body><div class="post-content">{DE_PARA * 4}
      <div class="cta-box"><p>Gefällt dir unser Magazin? Dann abonniere jetzt unseren Newsletter und verpasse keine Ausgabe mehr.</p></div>
      <section class="kommentare"><p>Keine Kommentare vorhanden, schreiben Sie den ersten Kommentar zu diesem Beitrag.</p></section>
      </div></body></html>"""
    page = parse_html(html)
    assert _label(page, "Gefällt dir unser Magazin?") == "cut"
    assert _label(page, "Keine Kommentare vorhanden") == "cut"


LAB_ZH = ("<p>诺风生物今日宣布，其位于苏州的新质量控制实验室正式投入使用，片剂、胶囊和颗粒剂的年检测能力"
           "提升至约四千批次，并新招聘分析、化学和微生物专业人员六十名，以满足持续增长的生产需求。</p>")
LAB_DE = ("<p>Das Unternehmen hat am Montag sein neues Labor für Qualitätskontrolle in Suzhou eröffnet, "
           "das jährlich rund 4.000 Chargen Tabletten, Kapseln und Granulate prüfen kann, "
           "und dafür 60 Analytiker, Chemiker und Mikrobiologen eingestellt.</p>")


def test_a_hidden_pop_up_is_boilerplate_unless_its_words_make_it_a_notice():
    # A newsletter box and a donation layer set as hidden dialogs inside the article are not
    # its text; the leaving-site pop-up beside them stays one notice, and a closing paragraph
    # that mentions subscribers stays content.
    html = f"""<html><body>
      <div class="nav"><a href="/">首页</a> <a href="/news/">新闻中心</a></div>
      <article class="post">
        <h1>新实验室投入使用</h1>{LAB_ZH * 4}
        <p>Subscribers to the company's quarterly report will find the laboratory's first figures there.</p>
        <div class="modal fade" id="newsletterModal" role="dialog" aria-hidden="true"><div class="modal-body">
          <p>订阅我们的新闻通讯，第一时间获取行业动态和最新资讯，每周一封，随时可以退订。</p>
          <p>Sign up for our newsletter and never miss a story again.</p>
        </div></div>
        <div class="c-flyout__body popup" style="display:none">
          <p>Jede kleine Spende hilft den Menschen in Not – unterstützen Sie unsere Arbeit!</p>
        </div>
      </article>
      <footer><p>© 2026 诺风生物</p></footer>
      <div class="modal fade" id="exitModal" tabindex="-1" role="dialog" aria-hidden="true">
        <div class="modal-dialog"><div class="modal-content"><div class="modal-body">
          <p class="exit-title">您正在离开诺风中国网站</p>
          <p>您即将访问的网站由第三方运营，诺风生物不对该网站的内容及其隐私政策负责。</p>
          <p>点击“取消”留在本网站，点击“继续”前往第三方网站。</p>
        </div><div class="modal-footer"><button data-dismiss="modal">取消</button><button>继续</button></div>
      </div></div></div>
    </body></html>"""
    page = parse_html(html)
    assert _label(page, "订阅我们的新闻通讯") == "cut"
    assert _label(page, "年检测能力") == "core"
    doc = load_document(html.encode(), "x.html")
    assert _wrong_kinds(doc, {
        "年检测能力": "content",
        "Subscribers to the company": "content",
        "订阅我们的新闻通讯": "boilerplate",
        "Sign up for our newsletter": "boilerplate",
        "Jede kleine Spende": "boilerplate",
    }) == {}
    notice = doc.segment_at(doc.text.find("您正在离开"))
    assert notice.kind == "third_party_notice"
    assert "不对该网站的内容" in doc.text[notice.start:notice.end]
    assert "前往第三方网站" in doc.text[notice.start:notice.end]


def test_a_disclaimer_in_a_hidden_pop_up_stays_a_disclaimer():
    html = f"""<html><body>
      <div class="menu"><a href="/">Home</a> <a href="/news/">News</a></div>
      <div class="article-body"><h1>New laboratory</h1>{PARA * 4}</div>
      <div class="popup" role="dialog" aria-modal="true" hidden>
        <p>Disclaimer: this information is intended for healthcare professionals only and is not medical advice.</p>
      </div>
    </body></html>"""
    page = parse_html(html)
    assert _label(page, "intended for healthcare professionals") == "cut"
    doc = load_document(html.encode(), "x.html")
    assert _kind(doc, "intended for healthcare professionals") == "disclaimer"


@pytest.mark.parametrize("kicker, title, para", [
    ("Share this story", "New laboratory opens in Suzhou", PARA),
    ("Mit Freunden teilen", "Neues Labor in Suzhou eröffnet", LAB_DE),
    ("分享到朋友圈", "新实验室投入使用", LAB_ZH),
])
def test_a_loose_short_line_before_a_headed_article_is_not_its_lead(kicker, title, para):
    html = f"""<html><body>
      <nav><a href="/">Home</a> <a href="/news/">News</a></nav>
      <div class="kicker">{kicker}</div>
      <h1>{title}</h1>
      <p class="standfirst">{para[3:-4]}</p>
      <div class="story">{para * 4}</div>
    </body></html>"""
    page = parse_html(html)
    assert _label(page, kicker) == "peripheral"
    assert _label(page, title) == "lead"
    doc = load_document(html.encode(), "x.html")
    assert _kind(doc, kicker) in ("boilerplate", "navigation")  # (not main text)
    assert _kind(doc, title) == "content"


def test_a_hero_set_in_divs_keeps_its_tagline():
    # No heading markup: the product name and its slogan are the page's title and a claim.
    html = f"""<html><body>
      <div class="nav"><a href="/">首页</a><a href="/products/">家庭常备药</a></div>
      <div class="kv"><div class="kv-txt">
        <div class="kv-h1">潮汐牌清咽润喉片</div>
        <div class="kv-h2">秋冬护嗓季 · 一片清凉 润喉利咽</div>
      </div></div>
      <div class="main">{LAB_ZH * 4}</div>
    </body></html>"""
    page = parse_html(html)
    assert _label(page, "一片清凉") == "lead"
    doc = load_document(html.encode(), "x.html")
    assert _kind(doc, "一片清凉") == "content"


@pytest.mark.parametrize("para, call, closing", [
    (PARA, '<p><strong>Never miss a story: <a href="/newsletter">sign up for our newsletter</a></strong></p>',
     "<p>Analysts who subscribe to the laboratory's quarterly bulletin will see the first results in March.</p>"),
    (LAB_DE, '<p>Folgen Sie uns auf <a href="https://x.com/labor">X</a> und <a href="/abo">abonnieren</a> Sie den Newsletter!</p>',
     "<p>Der Newsletter des Labors erscheint künftig monatlich und berichtet über die Ergebnisse.</p>"),
    (LAB_ZH, '<p><b>扫码关注我们的公众号，第一时间获取最新资讯</b></p>',
     "<p>实验室将订阅国际标准组织的最新药典更新。</p>"),
])
def test_a_call_to_action_after_the_article_is_not_its_text(para, call, closing):
    # The same words in the article's closing paragraph, with no link and no bold, stay.
    html = f"""<html><body><div class="nav"><a href="/">Home</a></div>
      <div class="entry"><h1>Lab</h1>{para * 4}{closing}{call}</div></body></html>"""
    doc = load_document(html.encode(), "x.html")
    call_text = parse_html(call).text.strip()
    closing_text = parse_html(closing).text.strip()
    assert _kind(doc, call_text[:12]) != "content"
    assert _kind(doc, closing_text[:12]) == "content"


def test_a_call_to_action_above_the_articles_last_paragraph_stays():
    html = f"""<html><body><div class="entry"><h1>Lab</h1>{PARA * 2}
      <p><strong>Patients can <a href="/register">sign up</a> for the new screening programme from May.</strong></p>
      {PARA * 2}</div></body></html>"""
    doc = load_document(html.encode(), "x.html")
    assert _kind(doc, "Patients can sign up") == "content"


def test_a_page_wrapper_named_dialog_does_not_make_hidden_article_parts_a_pop_up():
    # Drupal wraps every page in "dialog-off-canvas-main-canvas": its blocks all carry a
    # pop-up cue, but a hidden tab of the article is no pop-up and stays the article's text.
    html = f"""<html><body><div class="dialog-off-canvas-main-canvas">
      <div class="menu"><a href="/">Home</a> <a href="/news/">News</a></div>
      <article><h1>New laboratory</h1>{PARA * 4}
        <div class="tab-pane d-none"><p>Dosage: one tablet twice a day, clinically proven to work within 7 days.</p></div>
      </article>
      <div class="modal" id="signup" style="display:none"><p>Sign up for our newsletter and never miss a story.</p></div>
    </div></body></html>"""
    doc = load_document(html.encode(), "x.html")
    assert _kind(doc, "Dosage: one tablet") == "content"
    assert _kind(doc, "Sign up for our newsletter") == "boilerplate"


def test_a_pop_up_name_on_running_prose_does_not_cut_the_article():
    # A news site names its article body for a share-on-select pop-up ("BSHARE_POP"); the
    # walk reads it as hidden, but a "pop-up" of many clauses is the article itself.
    # (Visible text in three boxes makes the whole wrapper the main text, as on the real page.)
    html = f"""<html><body><div class="wrap clearfix">
      <div class="nav"><a href="/">首页</a> <a href="/tech/">科技</a></div>
      <h1>新实验室投入使用</h1>
      <div class="BSHARE_POP blkContainerSblkCon artibody">{LAB_ZH * 4}</div>
      <div class="box-a">{LAB_ZH}</div><div class="box-b">{LAB_ZH}</div><div class="box-c">{LAB_ZH}</div>
    </div></body></html>"""
    page = parse_html(html)
    assert any(b.hidden for b in page.blocks)
    doc = load_document(html.encode(), "x.html")
    assert _kind(doc, "年检测能力") == "content"
    assert all(s.kind == "content" for s in doc.segments if "年检测能力" in doc.text[s.start:s.end])


def test_a_posts_taxonomy_classes_name_its_tags_not_a_component():
    """WordPress writes a post's tags and categories into its class ("tag-pop",
    "category-newsletter"): free words chosen by the editor, not the name of a pop-up or a
    sign-up box. The article stays the page's text, in any language."""
    zh = ("<p>公司周一在苏州启用新的质量控制实验室，片剂、胶囊和颗粒剂的年检测能力提升至约四千批，"
          "并招聘了六十名分析人员、化学家和微生物学家，负责日常检验、稳定性研究和方法验证工作。</p>")
    html = f"""<html><body>
      <nav><a href="/">Home</a> <a href="/blog/">Blog</a></nav>
      <article class="post-1187 post type-post status-publish format-standard hentry
                      category-newsletter category-social tag-pop tag-modal tag-cookie">
        <h1>New laboratory</h1>{PARA * 3}{zh}
      </article>
      <div class="modal newsletter-popup" style="display:none"><p>Sign up for our newsletter and get the weekly digest.</p></div>
    </body></html>"""
    doc = load_document(html.encode(), "x.html")
    assert _kind(doc, "bringing its testing capacity") == "content"
    assert _kind(doc, "稳定性研究") == "content"
    assert _kind(doc, "Sign up for our newsletter") == "boilerplate"  # a real pop-up stays one


def _cards(items, kicker=True):
    """Teaser cards as news sites set them: a kicker, a linked title, a standfirst."""
    return "".join(f'<div class="c">{f"<p>{k}</p>" if kicker else ""}<h3><a href="/a/{i}">{t}</a></h3>'
                   f"<div>{s}</div></div>" for i, (k, t, s) in enumerate(items))


def test_a_title_over_teaser_cards_after_the_article_is_cut_with_the_cards():
    # The cards' standfirsts are sentences without links, yet they are not the article:
    # each stands under a linked title. The article's own heading and closing paragraph stay.
    cards = _cards([
        ("Israel", "Krieg im Nahen Osten",
         "Die Hamas hat mindestens 1.200 Menschen während des Überfalls auf Israel getötet, berichten die Behörden."),
        ("Deutschland", "Anzahl zugelassener Parteien",
         "Nach einer Wahl werden in den Nachrichten meist nur die Ergebnisse der großen Parteien genannt."),
        ("Podcast", "Krieg und ...",
         "... was noch dazu gehört: Religion, Sprache, Geheimdienste und die Berichterstattung darüber."),
    ])
    closing = "<p>Das Wasserwerk soll im Herbst 2025 in Betrieb gehen, teilte die Stadt am Freitag mit.</p>"
    html = f"""<html><body><main><article><h1>Neues Wasserwerk</h1>
      <h2>Was das Werk leistet</h2>{DE_PARA * 3}{closing}</article>
      <h2>Neueste Artikel</h2>{cards}
      <footer><h2>Newsletter</h2><p>Jeden Freitag in Ihrem Postfach.</p></footer></main></body></html>"""
    page = parse_html(html)
    assert _mislabelled(page, ("Neueste Artikel", "Israel", "Die Hamas hat mindestens", "Nach einer Wahl werden", "Religion, Sprache"), "peripheral") == {}
    assert _label(page, "Was das Werk leistet") == "core"
    assert _label(page, "Das Wasserwerk soll im Herbst") == "core"
    doc = load_document(html.encode(), "x.html")
    assert _kind(doc, "Die Hamas hat mindestens") != "content"
    assert _kind(doc, "Das Wasserwerk soll im Herbst") == "content"


def test_related_story_cards_in_english_are_cut_but_a_section_with_prose_stays():
    cards = _cards([
        ("", "FDA approves first generic of a blockbuster inhaler",
         "The agency said the copy works as well as the brand-name product in clinical tests."),
        ("", "Company X to build a plant in Ireland",
         "The plant will employ 300 people when it opens in two years, the company said."),
    ], kicker=False)
    html = f"""<html><body><div class="post"><h1>New laboratory in Suzhou</h1>{PARA * 3}
      <h2>What comes next</h2>{PARA.replace("opened", "plans")}
      <h2>Related stories</h2>{cards}</div></body></html>"""
    page = parse_html(html)
    assert _label(page, "Related stories") == "peripheral"
    assert _label(page, "The agency said the copy") in ("cut", "peripheral")
    assert _label(page, "What comes next") == "core"
    assert _label(page, "The company plans its new") == "core"


def test_chinese_related_reading_is_cut_and_a_chinese_subheading_is_kept():
    zh = ("<p>公司周一在苏州启用新的质量控制实验室，片剂、胶囊和颗粒剂的检测能力提升至每年约四千批，"
          "并招聘了六十名分析师、化学家和微生物学家负责运行，实验室已通过省药监局的现场检查。</p>")
    cards = _cards([
        ("", "国家药监局批准首个吸入制剂仿制药", "该仿制药在临床研究中与原研药疗效一致，将于明年上市销售，价格约为原研药的一半。"),
        ("", "某公司将在成都新建生产基地", "新基地建成后将提供三百个就业岗位，预计两年内投产，年产能达十亿片。"),
    ], kicker=False)
    links = "".join(f'<li><a href="/z/{i}">相关新闻标题第{i}条：医药行业动态</a></li>' for i in range(4))
    html = f"""<html><body><div class="article"><h1>新实验室在苏州启用</h1>{zh * 2}
      <h2>研发进展</h2>{zh}
      <h3>相关阅读</h3><ul>{links}</ul>
      <h3>推荐文章</h3>{cards}</div></body></html>"""
    page = parse_html(html)
    assert _label(page, "相关阅读") == "peripheral"
    assert _label(page, "推荐文章") == "peripheral"
    assert _label(page, "该仿制药在临床研究中") in ("cut", "peripheral")
    assert _label(page, "研发进展") == "core"
    doc = load_document(html.encode(), "x.html")
    assert _kind(doc, "研发进展") == "content"


def test_a_blog_front_page_of_linked_post_titles_keeps_its_posts():
    # Before any of the article's running text, linked titles over text are the posts
    # of a front page, and they are its main text.
    posts = "".join(f'<h2><a href="/p/{i}">Post number {i} about our laboratory</a></h2>{PARA * 2}' for i in range(3))
    html = f"""<html><body><div class="content"><h1>Our lab blog</h1>{posts}</div></body></html>"""
    page = parse_html(html)
    assert _label(page, "Our lab blog") == "core"
    assert _label(page, "bringing its testing capacity") == "core"
