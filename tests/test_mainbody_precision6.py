"""Main text precision, round 6: lines inside the article that are not its text
(auditor/read/parse/mainbody.py), each mechanism with a case it must cut and a case it
must keep, in English and German or Chinese."""
from __future__ import annotations

from auditor.read.parse.html import parse_html
from auditor.read.pipeline import load_document
from tests.test_mainbody import DE_PARA, PARA, _kind, _wrong_kinds, _label, _mislabelled


# -- a picture's credit set as a paragraph (mainbody._credit_line) ----------------------

def test_a_credit_set_as_a_paragraph_is_not_main_text():
    html = f"""<html><body><article class="post"><h1>New laboratory</h1>{PARA * 2}
      <p><img src="a.jpg" alt=""></p><p>Photo: Reuters/Jane Doe</p>
      {PARA}
      <p>The new tablet press line in Suzhou. (mlharing / iStock.com)</p>
      {PARA}
      <p>Titelbild: Das neue Labor in Suzhou</p>
      <p>The director at the opening ceremony | © Example Pharma</p>
      {PARA}</article></body></html>"""
    page = parse_html(html)
    assert _mislabelled(page, ("Photo: Reuters/Jane Doe", "(mlharing / iStock.com)", "Titelbild: Das neue Labor",
                 "© Example Pharma"), "peripheral") == {}
    doc = load_document(html.encode(), "x.html")
    assert _kind(doc, "Photo: Reuters/Jane Doe") == "boilerplate"


def test_sentences_naming_an_agency_or_a_source_and_short_lines_stay():
    # Not credits: a sentence that cites an agency, a signature, a product name with a
    # symbol, a Chinese source line (metadata by its words, not by where it sits).
    html = f"""<html><body><div class="article">{DE_PARA * 2}
      <p>Das berichtete die Nachrichtenagentur dpa am Montag unter Berufung auf Reuters.</p>
      <p>Dr. Hendryk Bockelmann</p>
      <p>Humira© hilft schnell</p>
      {DE_PARA}
      <p>Die Daten stammen aus der Quelle: Statistisches Bundesamt, Wiesbaden 2021, Tabelle 3, Zeile 12.</p>
      {DE_PARA}</div></body></html>"""
    page = parse_html(html)
    assert _mislabelled(page, ("Nachrichtenagentur dpa", "Dr. Hendryk Bockelmann", "Humira© hilft schnell",
                 "Die Daten stammen aus der Quelle"), "core") == {}
    doc = load_document(html.encode(), "x.html")
    assert _kind(doc, "Dr. Hendryk Bockelmann") == "content"


# -- a hidden pop-up of prose outside the main text (mainbody._hidden_popups) ------------

def test_a_hidden_layer_of_prose_outside_the_article_is_not_main_text():
    # An "about the programme" layer of running prose, hidden in a dialog after the footer
    # (Popup Maker's markup: no class word of ours names it, role="dialog" does),
    # is not the article however many clauses it has; a hidden pop-up of prose that IS the
    # article (a share-on-select name on its body) stays, see test_mainbody.
    layer = ("<p>Die Akademie bildet seit 1841 Offiziersanwärter aus, und zwar in Taktik, Führung, "
             "Geschichte, Geografie, Sport, Sprachen, Recht, Ethik, Logistik und Sanitätswesen, "
             "in Kursen von drei, sechs oder zwölf Monaten, je nach Laufbahn.</p>")
    html = f"""<html><body><div class="menu"><a href="/">Start</a> <a href="/news/">News</a></div>
      <div class="article-body"><h1>Neues Wasserwerk</h1>{DE_PARA * 4}</div>
      <footer><p>Impressum</p></footer>
      <div id="pum-289" class="pum pum-overlay pum-theme-141" role="dialog" aria-hidden="true">
        <div class="pum-container popmake"><div class="pum-content popmake-content">
        <p><strong>EINLEITUNG</strong></p>{layer * 3}
        <p>Disclaimer: this information is intended for healthcare professionals only and is not medical advice.</p>
      </div></div></div></body></html>"""
    page = parse_html(html)
    assert _label(page, "Offiziersanwärter") == "cut"
    assert _label(page, "neue Wasserwerk in Betrieb") == "core"
    doc = load_document(html.encode(), "x.html")
    assert _wrong_kinds(doc, {
        "Offiziersanwärter": "boilerplate",
        "intended for healthcare professionals": "disclaimer",
        "neue Wasserwerk in Betrieb": "content",
    }) == {}


# -- a loose paragraph beside the article named as furniture (mainbody._find_core) ------

def test_a_furniture_paragraph_beside_the_article_does_not_join_it():
    # WordPress themes set "Comments are closed." / "Bisher keine Kommentare" as a bare
    # <p class="nocomments"> beside the post, and a breadcrumb as <p class="breadcrumb">;
    # a loose paragraph there without such a name still joins the article.
    for closed in ("Comments are closed.", "Bisher keine Kommentare"):
        html = f"""<html><body><div id="content">
          <p class="breadcrumb"><a href="/">Start</a> &gt; Aktuelles</p>
          <div class="post">{DE_PARA * 4}</div>
          <p>Fortsetzung folgt in der nächsten Woche.</p>
          <p class="nocomments">{closed}</p>
          </div></body></html>"""
        page = parse_html(html)
        assert _label(page, closed) == "cut", closed
        assert _label(page, "Fortsetzung folgt") == "core"
        doc = load_document(html.encode(), "x.html")
        assert _kind(doc, closed) == "boilerplate"
        assert _kind(doc, "Fortsetzung folgt") == "content"


# -- the label of links to other pages (mainbody._trim, CORE_READ_ON_WORDS) -------------

def test_a_read_on_label_over_links_is_not_main_text():
    html = f"""<html><body><article class="post"><h1>Neues Wasserwerk</h1>{DE_PARA * 2}
      <p><strong>Schon gelesen?</strong></p>
      <p><a href="/a">Stadtwerke erhöhen die Preise für Fernwärme</a></p>
      <p><a href="/b">Neue Leitung für das Klärwerk im Süden</a></p>
      {DE_PARA}
      <p>Related Coverage</p>
      <div class="rel"><a href="/c">Factbox: Key winners of the 2020 water awards</a></div>
      {PARA}
      <p>相关阅读：</p><p><a href="/d">新实验室通过国家认证评审</a></p>
      {DE_PARA}</article></body></html>"""
    page = parse_html(html)
    assert _mislabelled(page, ("Schon gelesen?", "Related Coverage", "相关阅读"), "peripheral") == {}
    doc = load_document(html.encode(), "x.html")
    assert _kind(doc, "Schon gelesen?") == "boilerplate"


def test_a_short_line_over_a_link_without_read_on_words_stays():
    # "Das Konzeptpapier finden Sie hier:" over its link is the article's; so is a short line
    # with a read-on word that no link follows.
    html = f"""<html><body><article class="post"><h1>Neues Wasserwerk</h1>{DE_PARA * 2}
      <p>Das Konzeptpapier finden Sie hier:</p>
      <p><a href="/konzept.pdf">Konzeptpapier zur Erweiterung des Wasserwerks Nord</a></p>
      {DE_PARA}
      <p>Related adverse events were mild.</p>
      {PARA * 2}</article></body></html>"""
    page = parse_html(html)
    assert _mislabelled(page, ("Das Konzeptpapier finden Sie hier:", "Related adverse events were mild."), "core") == {}


# -- calls to action after the article (mainbody._calls_to_action) ----------------------

def test_calls_to_action_after_the_article_are_cut_past_a_caption():
    # "Get the app" and "join our channel" lines after the last paragraph are calls to action;
    # a picture's caption further down is not the article's last paragraph.
    html = f"""<html><body><article class="post"><h1>New laboratory</h1>{PARA * 3}
      <p>Subscribe now to our <a href="/e">e-edition</a> for the full story.</p>
      <p>For the latest news <a href="/apps">download the app</a> for iOS and Android.</p>
      <p><strong>¡Mira lo que tiene nuestro canal de YouTube!</strong></p>
      <p><b>关注我们的微信公众号，下载客户端，第一时间获取行业动态。</b></p>
      <form class="comment-form"><p>Leave a Comment</p></form>
      <figure><img src="r.jpg" alt="">
        <figcaption>The acting chief education officer and other officials on a tour of the new primary school building in the north of the city on Monday morning.</figcaption>
      </figure></article></body></html>"""
    page = parse_html(html)
    assert _mislabelled(page, ("Subscribe now", "download the app", "canal de YouTube", "下载客户端"), "peripheral") == {}
    doc = load_document(html.encode(), "x.html")
    assert _kind(doc, "download the app") == "boilerplate"


def test_a_closing_paragraph_that_mentions_an_app_or_support_stays():
    # No link and no bold: the article's own closing lines, which name an app or support.
    html = f"""<html><body><article class="post"><h1>Neues Wasserwerk</h1>{DE_PARA * 3}
      <p>Die Stadtwerke wollen die Familien im Norden unterstützen.</p>
      <p>Zählerstände lassen sich künftig über die App der Stadtwerke melden.</p>
      </article></body></html>"""
    page = parse_html(html)
    assert _mislabelled(page, ("Familien im Norden unterstützen", "über die App der Stadtwerke"), "core") == {}
