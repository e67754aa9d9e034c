"""Main text precision, round 6: lines inside the article that are not its text
(auditor/read/parse/mainbody.py), each mechanism with a case it must cut and a case it
must keep, in English and German or Chinese."""
from __future__ import annotations

from auditor.read.parse.html import parse_html
from auditor.read.pipeline import load_document
from tests.test_mainbody import DE_PARA, PARA, _kind, _label


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
    for line in ("Photo: Reuters/Jane Doe", "(mlharing / iStock.com)", "Titelbild: Das neue Labor",
                 "© Example Pharma"):
        assert _label(page, line) == "peripheral", line
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
    for line in ("Nachrichtenagentur dpa", "Dr. Hendryk Bockelmann", "Humira© hilft schnell",
                 "Die Daten stammen aus der Quelle"):
        assert _label(page, line) == "core", line
    doc = load_document(html.encode(), "x.html")
    assert _kind(doc, "Dr. Hendryk Bockelmann") == "content"
