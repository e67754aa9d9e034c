"""Shortcuts of the recognizers and the rules compared with the plain code they stand for."""
from __future__ import annotations

import gzip

from hypothesis import given, settings
from hypothesis import strategies as st

from auditor.recognize import dates

DATE_KEYS = ("en_mdy", "en_mdy_sparse", "en_dmy", "zh", "iso")

# Pieces of dates and of what comes near them: digit runs of every length, Unicode digits
# (\d matches them), white space the patterns' \s takes (no-break, ideographic), the
# suffixes, separators and Chinese marks, letters before a month name.
DATE_PIECES = ("january", "jan", "sept", "september", "may", "mar", "march", "xmar", "1mar", "_mar", "émar",
               "中mar", "19", "3", "2026", "12345", "0", "19,", "2026年", "年", "月", "日", "号", " ", "  ", "\xa0",
               "\u3000", "\n", ".", ",", "-", "/", ":", "st", "th", "nd", "rd", "of ", "a", "s", "中文", "ma", "٢٠٢٦",
               "٣", "１")


def _scan_by_starts(text: str) -> dict[str, list[tuple]]:
    pats = dates._patterns()
    years, days, names = dates._date_starts(text, dates._month_table())
    starts = {"en_mdy": names, "en_mdy_sparse": names, "en_dmy": days, "zh": years, "iso": years}
    return {key: [m.span() + m.groups() for m in dates._matches_at(pats[key], text, starts[key])]
            for key in DATE_KEYS}


def _full_scan(text: str) -> dict[str, list[tuple]]:
    pats = dates._patterns()
    return {key: [m.span() + m.groups() for m in pats[key].finditer(text)] for key in DATE_KEYS}


_SPACE = st.sampled_from(("", " ", "  ", "   ", "\xa0", "\n", " \u3000"))
_DAY = st.sampled_from(("3", "19", "03", "123", "٣", "1９"))
_YEAR = st.sampled_from(("2026", "1999", "20266", "202", "٢٠٢٦", "2026年"))
_NAME = st.sampled_from(("mar", "march", "sept", "september", "may", "xmar", "émar", "marc", "december"))
# Whole dates and near-dates, so that every part of the patterns is met, amid the pieces.
_MONTH_FIRST = st.tuples(_NAME, st.sampled_from(("", ".")), _SPACE, _DAY, st.sampled_from(("", "st", "th", ":")),
                         _SPACE, st.sampled_from(("", ",")), _SPACE, _YEAR).map("".join)
_DAY_FIRST = st.tuples(_DAY, st.sampled_from(("", "st", "nd", "x")), _SPACE, st.sampled_from(("", "of ")), _NAME,
                       st.sampled_from(("", ".", ",", ".,")), _SPACE, _YEAR).map("".join)
_NUMERIC = st.tuples(st.sampled_from(("", "1", ".", "/", "-")), _YEAR, st.sampled_from(("-", "/", ".", "年", " 年")),
                     _DAY, st.sampled_from(("-", "/", ".", "月")), _DAY, st.sampled_from(("", "日", "-1", "0"))).map("".join)
DATE_TEXTS = st.lists(st.one_of(st.sampled_from(DATE_PIECES), _MONTH_FIRST, _DAY_FIRST, _NUMERIC), max_size=12).map("".join)


@settings(max_examples=1500, deadline=None)
@given(DATE_TEXTS)
def test_date_patterns_tried_at_digit_runs_match_as_a_full_scan(text):
    assert _scan_by_starts(text) == _full_scan(text)


def test_date_patterns_tried_at_digit_runs_on_real_pages(realpages_dir):
    from auditor.read.normalize import normalize

    pages = sorted(realpages_dir.glob("aeb/html/*.html.gz"))[::3] + sorted(realpages_dir.glob("zh-news/**/*.html"))[::3]
    found = 0
    for path in pages:
        data = path.read_bytes()
        text = normalize((gzip.decompress(data) if path.suffix == ".gz" else data).decode("utf-8", "replace")).text
        plain = _full_scan(text)
        assert _scan_by_starts(text) == plain, path.name
        found += sum(map(len, plain.values()))
    assert found > 100


CODE_PIECES = ("azd", "a", "nwb", "-", "--", "2207", "12", "1", "123456789", "x", "_", "/", ".", " ", "中", "ab-c123",
               "covid19", "h1n1", "1a", "٣٤٥", "é", "A", "Z-", "z")


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(CODE_PIECES), max_size=25).map("".join))
def test_code_junctions_from_digit_runs_equal_the_junction_pattern(text):
    import re

    from auditor.recognize import _common, products

    assert _common.digit_runs(text) == [m.span() for m in re.finditer(r"\d+", text)]
    assert products._junctions(text) == [m.start() for m in products._JUNCTION.finditer(text)]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 30), st.integers(0, 6)), max_size=10), st.integers(-2, 50))
def test_page_anchor_segment_test_equals_segment_at(spans, offset):
    from auditor.model.document import Document, Segment
    from auditor.rules import matchers

    starts = sorted({s for s, _ in spans})
    segments = tuple(Segment(id=i, kind="content", lang="en", start=s, end=s + n, line=1, column=1)
                     for i, (s, n) in enumerate(zip(starts, [n for _, n in spans])))
    doc = Document(source="t", format="text", encoding="utf-8", text="x" * 60, segments=segments)
    assert matchers._in_segment_test(doc.segments)(offset) == (doc.segment_at(offset) is not None)


def test_products_read_the_investigational_words_only_for_a_candidate():
    """products.recognize splits the page into sentences and scans its investigational words
    only when a code or name needs them; the words it then reports are the same."""
    from auditor.model.document import Document
    from auditor.read.normalize import normalize
    from auditor.recognize import products
    from auditor.recognize._common import sentences_of
    from auditor.recognize.profile import load_profile

    def recognize(text):
        doc = Document(source="t", format="text", encoding="utf-8", text=text)
        norm = normalize(text)
        found = products.recognize(doc, norm, load_profile("generic"))
        split = "starts" in vars(sentences_of(doc))
        return doc, found, split, products._context_by_sentence(doc, norm, sentences_of(doc))

    _, found, split, _ = recognize("The Phase 2 trial of our new medicine is investigational. Results came in May.")
    assert found == [] and not split  # nothing asked for the words: no split, no scan
    doc, found, split, plain = recognize("The Phase 2 trial is ongoing. AZD1234 is being evaluated in a Phase 2 trial.")
    (ent,) = found
    assert split and ent.value == "AZD1234"
    assert ent.attr("context") == tuple(plain[sentences_of(doc).index(ent.start)]) != ()
