"""Main text that real pages set apart from the article body: auditor/read/parse/mainbody.py
and the segmenter, on small pages shaped like the markup they come from. Each mechanism has
a case that the code before it got wrong and a case that must stay outside the main text."""
from __future__ import annotations

from tests.test_mainbody import PARA as PARA_EN, _doc, _kind, _wrong_kinds
from tests.test_mainbody_recall import PARA_DE

MENU = """<nav class="main-nav"><ul><li><a href="/">Home</a></li><li><a href="/news/">News</a></li>
  <li><a href="/about/">About us</a></li><li><a href="/contact/">Contact</a></li></ul></nav>"""


# --- the standfirst between the title and the body -----------------------------------------

def test_a_standfirst_in_the_article_header_is_main_text():
    # The theme sets title, standfirst, byline and share bar in the post's <header>; the body
    # follows. The byline and the share bar break the run from the body up to the title.
    html = f"""<html><body><header class="site-header">{MENU}</header>
      <div class="post"><header class="entry-header">
        <h1>New laboratory opens in Suzhou</h1>
        <p>Testing capacity quadruples as the plant prepares for export approval next year.</p>
        <div class="byline">By <a href="/author/jane/">Jane Doe</a></div>
        <div class="share"><a href="https://twitter.com/share">Twitter</a> <a href="https://facebook.com/share">Facebook</a></div>
      </header>
      <article class="entry-content">{PARA_EN * 3}</article></div>
      <footer class="site-footer"><a href="/privacy">Privacy</a></footer></body></html>"""
    doc = _doc(html)
    assert _wrong_kinds(doc, {
        "Testing capacity quadruples": "content",
        "bringing its testing capacity": "content",
        "Twitter": "navigation",
    }) == {}


def test_a_german_standfirst_under_a_hero_title_with_a_dateline_is_main_text():
    html = f"""<html><body><header>{MENU}</header>
      <div class="hero"><h1>Neues Labor in Suzhou eröffnet</h1>
        <div class="date"><a href="/archiv/2023/">Archiv</a> · 12.03.2023</div>
        <div class="intro"><p>Die Prüfkapazität steigt auf das Vierfache, die Zulassung für den Export
          soll im kommenden Jahr folgen</p></div>
        <div class="teasers"><h3><a href="/news/1">Zweites Werk in Hangzhou nimmt Produktion auf und stellt ein</a></h3></div>
      </div>
      <div class="article-body">{PARA_DE * 3}</div></body></html>"""
    doc = _doc(html)
    assert _kind(doc, "Die Prüfkapazität steigt") == "content"
    assert _kind(doc, "Das Unternehmen hat am Montag") == "content"


def test_a_teaser_paragraph_above_the_title_stays_outside_the_main_text():
    # Prose above the page's title (a site's promotion, an advertiser notice) is no standfirst.
    html = f"""<html><body><header class="site-header">{MENU}
      <p>Unser Magazin erscheint jeden Monat neu, jetzt im Abonnement mit zwölf Ausgaben im Jahr bestellen</p></header>
      <h1>Neues Labor in Suzhou eröffnet</h1>
      <div class="article-body">{PARA_DE * 3}</div></body></html>"""
    doc = _doc(html)
    assert _kind(doc, "Unser Magazin erscheint") != "content"


# --- a page builder that names every text block a widget -------------------------------------

def _widget(inner):
    return (f'<div class="elementor-widget-wrap"><div class="elementor-element elementor-widget '
            f'elementor-widget-text-editor"><div class="elementor-widget-container">{inner}</div></div></div>')


def test_text_blocks_each_wrapped_in_a_page_builder_widget_are_main_text():
    # Each paragraph sits in its own "elementor-widget-wrap", each less than the share of the
    # article a cut part may hold: all of them together are the article.
    body = "".join(_widget(PARA_EN + "<p>Capsules: 1,200 batches</p>") for _ in range(4))
    html = f"""<html><body><header class="site-header">{MENU}</header>
      <div id="main"><h2>New laboratory opens</h2>{body}
        <div class="related-posts"><h3>Related Posts</h3>
          <h3><a href="/a">Second plant in Hangzhou starts production</a></h3>
          <h3><a href="/b">Export approval for granules expected next year</a></h3></div>
      </div></body></html>"""
    doc = _doc(html)
    assert _wrong_kinds(doc, {
        "bringing its testing capacity": "content",
        "Capsules: 1,200 batches": "content",
        "Second plant in Hangzhou": "navigation",
    }) == {}


def test_german_widgets_are_main_text_but_a_widget_named_as_an_ad_is_cut():
    body = "".join(_widget(PARA_DE + "<p>Ohrring: Zoeca</p>") for _ in range(4))
    ad = '<div class="ad-widget"><p>Jetzt bestellen und zehn Prozent sparen auf alle Ohrringe im Shop</p></div>'
    html = f"""<html><body><header class="site-header">{MENU}</header>
      <div id="main"><h2>Neues Labor eröffnet</h2>{body}{ad}</div></body></html>"""
    doc = _doc(html)
    assert _kind(doc, "Das Unternehmen hat am Montag") == "content"
    assert _kind(doc, "Ohrring: Zoeca") == "content"
    assert _kind(doc, "Jetzt bestellen und zehn Prozent") != "content"


def test_a_comment_thread_longer_than_the_post_is_still_cut():
    # The comments hold most of the core's text, but the article does not open inside them.
    comment = ('<li class="comment"><div class="comment-body"><p class="comment-author">Comment by Mirko — 17.07.2011</p>'
               '<p>Wenn das mit den Klarnamen in den Nutzungsbedingungen steht, die ja jeder akzeptieren muss, '
               'dann ist die Frage doch, ob das überhaupt wirksam vereinbart wurde, oder nicht?</p></div></li>')
    html = f"""<html><body><header class="site-header">{MENU}</header>
      <div id="content"><h1>Pseudonyme bei Google+</h1>{PARA_DE * 2}
        <ol class="commentlist">{comment * 8}</ol></div></body></html>"""
    doc = _doc(html)
    assert _kind(doc, "Das Unternehmen hat am Montag") == "content"
    assert _kind(doc, "Comment by Mirko") != "content"


# --- a section title inside the article whose anchor is named like navigation ---------------

def test_a_section_heading_with_a_table_of_contents_anchor_is_main_text():
    # heise.de names each sub-heading's anchor for its table of contents: id="nav_...".
    html = f"""<html><body><header class="site-header">{MENU}</header>
      <article id="meldung"><div class="article-content">{PARA_DE * 2}
        <h3 class="subheading" id="nav_nur_die_folie__1">Nur die Folie bleibt zurück</h3>{PARA_DE * 2}
        <h3 id="nav_export">Export approval expected next year</h3>{PARA_EN}</div></article></body></html>"""
    doc = _doc(html)
    assert _kind(doc, "Nur die Folie bleibt zurück") == "content"
    assert _kind(doc, "Export approval expected") == "content"


def test_a_linked_heading_of_a_menu_inside_the_article_stays_navigation():
    html = f"""<html><body><header class="site-header">{MENU}</header>
      <article><div class="article-content">{PARA_EN * 3}
        <div class="menu-box"><h4><a href="/reports/">All quality reports of the year</a></h4></div>
        {PARA_EN}</div></article></body></html>"""
    doc = _doc(html)
    assert _kind(doc, "All quality reports of the year") == "navigation"


# --- a name that negates its word ------------------------------------------------------------

def test_a_section_named_non_paywall_is_not_cut_as_a_paywall():
    # badische-zeitung.de: the free part of the article sits in <section class="row non-paywall">.
    html = f"""<html><body><header class="site-header">{MENU}</header>
      <main><h1>Wohnungssuche in Freiburg</h1>
        <section class="row non-paywall"><div class="article__text">{PARA_DE}</div></section>
        <div class="article__body">{PARA_DE * 2}{PARA_EN}</div>
        <div class="paywall"><p>Jetzt weiterlesen mit dem Digital-Abo für nur einen Euro im ersten Monat</p></div>
      </main></body></html>"""
    doc = _doc(html)
    first = doc.text.find("Das Unternehmen hat am Montag")
    assert doc.segment_at(first).kind == "content"
    assert _kind(doc, "Jetzt weiterlesen mit dem Digital-Abo") != "content"


def test_a_subtitle_set_as_a_heading_under_the_title_is_the_standfirst():
    html = f"""<html><body><header class="site-header">{MENU}</header>
      <section class="article-intro"><header class="article-head">
        <h1>The Captain's Quest 2017 – contest on a floating mini ramp</h1>
        <h2>Blue Tomato presents the third edition of the event on the lake at Wakebeach this weekend</h2></header>
        <aside class="sidebar"><p><a href="/team/">by the editors</a></p><p>3rd August 2017</p></aside></section>
      <div class="article-copy">{PARA_EN * 3}</div></body></html>"""
    doc = _doc(html)
    assert _kind(doc, "Blue Tomato presents the third edition") == "content"
    assert _kind(doc, "bringing its testing capacity") == "content"


def test_a_german_widget_heading_under_the_title_is_not_a_standfirst():
    # A second heading that is short, or linked, is a section or teaser title, not a subtitle.
    html = f"""<html><body><header class="site-header">{MENU}</header>
      <div class="hero"><h1>Neues Labor in Suzhou eröffnet</h1>
        <h2><a href="/themen/">Weitere Artikel zum Thema Qualitätskontrolle und Arzneimittel</a></h2></div>
      <div class="article-body">{PARA_DE * 3}</div></body></html>"""
    doc = _doc(html)
    assert _kind(doc, "Weitere Artikel zum Thema") != "content"
