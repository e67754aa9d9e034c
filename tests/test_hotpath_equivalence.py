"""Shortcuts of the per-page work after the HTML walk (language, lexicons, recognizers,
rules) give exactly what the general code gives.

Each test compares a shortcut with the code it stands in for, kept here as it was, on
generated text and, when ../shared/realpages is present, on the real pages. No timings.
"""
from __future__ import annotations

import gzip
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from auditor.read import lang

REALPAGES = Path(__file__).resolve().parents[2] / "shared" / "realpages"


def _old_latin_verdict(text: str):
    """lang._latin_verdict as it was: every text split into words."""
    if "@" in text or "://" in text or "www." in text:
        text = lang._URLS.sub(" ", text)
    words = lang._WORDS.findall(text.lower())
    if len(words) < lang.MIN_WORDS:
        return "en", ""
    en = sum(map(lang._EN_WORDS.__contains__, words))
    foreign = sum(map(lang._FOREIGN_WORDS.__contains__, words))
    if text.isascii():
        letters = diacritics = 0
    else:
        ascii_letters, rest = lang.split_ascii(text)
        letters = ascii_letters + lang._count(re.compile(lang._LATIN_NONASCII_RUNS_SRC), rest)
        diacritics = lang._count(re.compile(lang._DIACRITIC_RUNS_SRC), rest)
    looks_foreign = (foreign >= 2 and foreign >= 0.12 * len(words) and foreign > en) or (
        diacritics > 0.03 * max(letters, 1) and en < 0.1 * len(words))
    if not looks_foreign:
        return "en", ""
    return None, " ".join(words)


def _old_by_script_counts(sample: str):
    """lang._by_script_counts as it was: the letters always counted."""
    ascii_letters, rest = lang.split_ascii(sample)
    latin = ascii_letters + lang._count(re.compile(lang._LATIN_NONASCII_RUNS_SRC), rest)
    if not rest or max(rest) < "\u1100":
        han = kana = hangul = 0
    else:
        han_re, kana_re, hangul_re, _ = lang._cjk_re()
        han, kana, hangul = lang._count(han_re, rest), lang._count(kana_re, rest), lang._count(hangul_re, rest)
    letters = ascii_letters + lang._count(lang._LETTER_RUNS, rest)
    other = max(0, letters - han - latin - kana - hangul)
    if letters == 0 and han == 0:
        return "und", ""
    if kana + hangul >= max(2, 0.15 * (han + kana + hangul)):
        other += han + kana + hangul
        han = 0
    latin_w, other_w = latin / lang.LATIN_LETTERS_PER_HAN, other / lang.LATIN_LETTERS_PER_HAN
    known = han + latin_w
    if known == 0 or other_w > known:
        return "und", ""
    share = han / known
    if share >= lang.CHINESE_SHARE:
        return lang._chinese_variant(sample), ""
    if share > lang.LATIN_SHARE:
        return "mixed", ""
    return _old_latin_verdict(sample)


def _old_by_script(text: str):
    sample = lang._sample(text)
    if sample.isascii():
        data = sample.encode("ascii")
        if len(data.translate(None, lang._ASCII_LETTERS)) == len(data):
            return "und", ""
        return _old_latin_verdict(sample)
    return _old_by_script_counts(sample)


# Foreign and English function words, their neighbours in other words, digits, "_",
# apostrophes, accented letters at a word's edges, URLs, Han, kana, symbols.
WORDS = ("de la le les des du est une dans pour das und ist nicht für über über para más también "
         "être été è não são più el los del il che het een yang dan the of and we our will may "
         "dela del2 2de de_ _la l'été d'une de'x it's o’neil café naïve ärzte fürde x "
         "http://de.la/x www.la.de a@b.de 中文 前瞻性陈述 中國 あ 한 ß İ ſ K × — “ ” ’ 1 4.5 \n").split(" ")


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=40).map(" ".join))
def test_language_shortcuts_equal_the_general_code(text):
    assert lang._by_script(text) == _old_by_script(text)
    assert lang._latin_verdict(text) == _old_latin_verdict(text)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=40).map("".join))
def test_language_shortcuts_equal_the_general_code_without_spaces(text):
    assert lang._by_script(text) == _old_by_script(text)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from(list(
    "aZde la\u00e9\u00e8\u00fc\u00df\u2019'_1 \n\u4e2d\u6587\u570b\u3042\ud55c\u1100\u00d7\u2014\uff21\u3400\u02bc\u0301")),
    max_size=80))
def test_language_of_mixed_scripts_equals_the_general_code(text):
    assert lang._by_script(text) == _old_by_script(text)


def _real_texts():
    from auditor.read.pipeline import default_lexicons, load_document
    from auditor.read import segment

    pages = sorted((REALPAGES / "aeb" / "html").glob("*.html.gz"))[::6] + sorted((REALPAGES / "zh-news").glob("**/*.html"))[::3]
    captured: list[str] = []
    real = segment.langmod.detect_all
    lexicons = default_lexicons()
    try:
        segment.langmod.detect_all = lambda texts: captured.extend(texts) or real(texts)
        for p in pages:
            data = p.read_bytes()
            load_document(gzip.decompress(data) if p.suffix == ".gz" else data, str(p), lexicons=lexicons)
    finally:
        segment.langmod.detect_all = real
    return captured


@pytest.mark.skipif(not REALPAGES.is_dir(), reason="no real pages (../shared/realpages)")
def test_language_of_real_segments_equals_the_general_code():
    texts = _real_texts()
    assert len(texts) > 1000
    assert [lang._by_script(t) for t in texts] == [_old_by_script(t) for t in texts]


DATE_PIECES = ("january", "jan", "sept", "september", "may", "mar", "march", "xmar", "1mar", "_mar", "émar", "中mar",
               "19", "3", "2026", "19,", "2026年", " ", "  ", ".", ",", "st", "th", ":", "a", "s", "\n", "中文", "ma")


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(DATE_PIECES), max_size=30).map("".join))
def test_month_first_dates_sparse_pattern_equals_the_look_behind_first(text):
    from auditor.recognize import dates

    pats = dates._patterns()
    assert [m.span() + (m["mon"],) for m in pats["en_mdy_sparse"].finditer(text)] == [
        m.span() + (m["mon"],) for m in pats["en_mdy"].finditer(text)]


SENTENCE_PIECES = ("a", "A", "b c", ".", "．", "。", "！", "?", ";", "\n", " ", "  ", "\t", "中", "“", "\"", "'", "(",
                   "（", "[", "x.y", "Mr.", "1.5", "。\n", ". ", "! ", "é")


@settings(max_examples=800, deadline=None)
@given(st.lists(st.sampled_from(SENTENCE_PIECES), max_size=30).map("".join))
def test_sentence_ends_one_class_pattern_equals_the_alternation(text):
    from auditor.recognize import _common

    from auditor.support.chars import HAN_A_TO_BASIC

    old = re.compile(r"(?:[。！？；!?;\n]|[.．](?=\s+[A-Z" + HAN_A_TO_BASIC + r"“\"'(（\[])|[.．](?=\s*$))+\s*")
    assert [m.span() for m in _common._SENT_END.finditer(text)] == [m.span() for m in old.finditer(text)]


CODE_PIECES = ("azd", "a", "nwb", "-", "2207", "12", "1", "123456789", "x", "_", "/", ".", "@", "#", " ", "中",
               "ab-c123", "abcdef1234", "covid19", "h1n1", "nct01234567", "1a", "٣٤٥", "é")


@settings(max_examples=800, deadline=None)
@given(st.lists(st.sampled_from(CODE_PIECES), max_size=25).map("".join))
def test_generic_code_candidates_from_junctions_equal_the_full_scan(text):
    from auditor.recognize import products

    assert [m.span() for m in products._generic_candidates(text)] == [
        m.span() for m in products._GENERIC_CANDIDATE.finditer(text)]


COPYRIGHT_PIECES = ("©", "(c)", "(C) 2024", "(c)\n2024", "2024", "copyright", "Copy", "right", "版权所有", "all rights",
                    " reserved", "all rights reserved", "x", " ", "\n", "中")


def _plain_anchor_block(ctx):
    """matchers._anchor_block as it was: every shown block listed, every one searched for a
    copyright mark, then the footer's copyright block, the footer's first, the last copyright."""
    from auditor.rules.context import _COPYRIGHT

    doc = ctx.doc
    shown = [b for b in doc.blocks if not b.hidden and b.end > b.start and doc.segment_at(b.start) is not None]
    copyright = [b for b in shown if "copyright" in b.cues or _COPYRIGHT.search(doc.text, b.start, b.end)]
    in_footer = [b for b in shown if "footer" in b.cues]
    footer = next((b for b in copyright if "footer" in b.cues), None) or (in_footer[0] if in_footer else None)
    if footer is None and copyright:
        footer = copyright[-1]
    if footer is not None:
        return footer, "the page's footer"
    return next((b for b in doc.blocks if not b.hidden and "title" not in b.cues and b.end > b.start
                 and doc.segment_at(b.start) is not None), None), "the page's first line (the page has no footer)"


_ANCHOR_CUES = st.sampled_from((frozenset(), frozenset({"footer"}), frozenset({"copyright"}),
                                frozenset({"footer", "copyright"}), frozenset({"title"}), frozenset({"nav"})))


@settings(max_examples=800, deadline=None)
@given(st.lists(st.sampled_from(COPYRIGHT_PIECES), max_size=20).map("".join),
       st.lists(st.tuples(st.integers(0, 8), st.integers(0, 12), _ANCHOR_CUES, st.booleans()), max_size=10),
       st.lists(st.tuples(st.integers(0, 80), st.integers(0, 30)), max_size=6))
def test_page_anchor_block_equals_searching_every_shown_block(text, pieces, segment_spans):
    import datetime as dt

    from auditor.model.document import Block, Document, Segment
    from auditor.recognize.profile import load_profile
    from auditor.rules import matchers
    from auditor.rules.context import DocContext

    blocks, at = [], 0
    for gap, length, cues, hidden in pieces:  # in page order, as parsers give them
        start = min(at + gap, len(text))
        end = min(len(text), start + length)
        blocks.append(Block(start=start, end=end, line=1, column=1, cues=cues, hidden=hidden))
        at = end + 1
    segments, at = [], 0
    for i, (start, length) in enumerate(sorted(segment_spans)):
        start = max(start, at)
        segments.append(Segment(id=i, kind="content", lang="en", start=start, end=start + length, line=1, column=1))
        at = start + length
    doc = Document(source="t", format="text", encoding="utf-8", text=text, blocks=tuple(blocks),
                   segments=tuple(segments))
    ctx = DocContext(doc, load_profile(None), dt.date(2026, 6, 30), {})
    assert matchers._anchor_block(ctx) == _plain_anchor_block(ctx)


@settings(max_examples=800, deadline=None)
@given(st.lists(st.sampled_from(COPYRIGHT_PIECES + ("COPYRIGHT", "ALL RIGHTS RESERVED", "ſ", "K", "İ", "ı", "Ⓒ", "c)",
                                                    "(C)  2024", "aLL rIGHTS reſerved", "版權所有")), max_size=20).map("".join))
def test_copyright_pattern_equals_the_ignore_case_alternation(text):
    from auditor.rules.context import _COPYRIGHT

    old = re.compile(r"©|\(c\)\s*\d{4}|copyright|版权所有|版權所有|all rights reserved", re.I)
    assert [m.span() for m in _COPYRIGHT.finditer(text)] == [m.span() for m in old.finditer(text)]


def _possible_everywhere(pf, text):
    """_Prefilter._possible without its shortcut for Latin text (so English keywords are tested too)."""
    return pf._scan(text.encode("utf-8"))


def test_required_literals_are_what_every_match_contains():
    from auditor.read.lexicon import required_literals

    assert required_literals(r"\bforward-looking\s+statements(?:s|es|d|ed|ing)?\b") == {"forward-looking"}
    assert required_literals(r"(?:销量|全国|全球)第一") == {"第一"}
    assert required_literals(r"唯一[^，。]{0,14}?(?:药|药物|疗法)") == {"唯一"}
    assert required_literals(r"\b(?:one|some) of the (?:best|only)\b") in ({" of the "}, {"one", "some"}, {"best", "only"})
    assert required_literals(r"(?m:^\d{4}年\d{1,2}月$)") in ({"年"}, {"月"})
    assert required_literals(r"[[:alpha:]]+x") is None  # POSIX classes: read differently by Python
    assert required_literals(r"(?i)approved") is None
    assert required_literals(r"x(?i:abc)") == {"x"}
    assert required_literals(r"\d+") is None
    assert required_literals(r"(?:ab)?cd|ef") == {"cd", "ef"}
    assert required_literals(r"(?:ab)*") is None


LEXICON_PIECES = ("forward-looking statements", "we", "our", "about", "中国", "中國大陆", "本公司", "将", "第一",
                  "全球第一", "唯一获批", "the best treatment", "first approved", "copyright", "2026年3月", "nda", "ind",
                  "investigational", "临床试验", "您即将离开", "leaving this site", " ", "\n", "。", ",", "x", "é", "1")


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(LEXICON_PIECES), max_size=30).map("".join))
def test_lexicon_prefilter_never_skips_a_lexicon_that_matches(text):
    from auditor.read import lexicon as lexmod
    from auditor.read.normalize import normalize
    from auditor.read.pipeline import default_lexicons

    lexicons = list(default_lexicons().values())
    norm = normalize(text)
    pf = lexicons[0]._prefilter[0]
    possible = _possible_everywhere(pf, norm.text)
    for i, lex in enumerate(lexicons):
        assert lex._prefilter == (pf, i)
        if lex._find(norm, 0, None):
            assert i in possible, lex.name
    lexmod._page_hits = (None, {})
    assert [lex.find(norm) for lex in lexicons] == [lex._find(norm, 0, None) for lex in lexicons]


@pytest.mark.skipif(not REALPAGES.is_dir(), reason="no real pages (../shared/realpages)")
def test_lexicon_prefilter_on_real_pages():
    from auditor.read import lexicon as lexmod
    from auditor.read.pipeline import default_lexicons, load_document

    lexicons = list(default_lexicons().values())
    pf = lexicons[0]._prefilter[0]
    pages = sorted((REALPAGES / "aeb" / "html").glob("*.html.gz"))[::4] + sorted((REALPAGES / "zh-news").glob("**/*.html"))
    skipped = 0
    for p in pages:
        data = p.read_bytes()
        doc = load_document(gzip.decompress(data) if p.suffix == ".gz" else data, str(p), lexicons=default_lexicons())
        possible = _possible_everywhere(pf, doc.norm.text)
        for i, lex in enumerate(lexicons):
            if lex._find(doc.norm, 0, None):
                assert i in possible, (p.name, lex.name)
        skipped += len(lexicons) - len(possible)
        lexmod._page_hits = (None, {})
        assert [lex.find(doc.norm) for lex in lexicons] == [lex._find(doc.norm, 0, None) for lex in lexicons]
    assert skipped > 0


ZH_DATE_PIECES = ("二〇二六", "二零二六", "〇", "一", "二", "十", "年", "月", "日", "号", "號", "三月", "十九日", "二〇二六年三月十九日",
                  "年年", "中", " ", "2026", "○")


@settings(max_examples=800, deadline=None)
@given(st.lists(st.sampled_from(ZH_DATE_PIECES), max_size=25).map("".join))
def test_chinese_numeral_dates_from_year_marks_equal_the_full_scan(text):
    from auditor.recognize import dates

    pattern = dates._patterns()["zh_num"]
    assert [m.span() for m in dates._year_first_matches(pattern, text)] == [m.span() for m in pattern.finditer(text)]


def test_a_cached_prefilter_plan_is_the_one_worked_out(tmp_path, monkeypatch):
    """The prefilter's keywords and their lexicons read from the lexicon cache are what the
    lexicons give when worked out afresh."""
    from auditor.read import lexicon as lexmod
    from auditor.support import data
    from auditor.support.resources import bundled_rulesets_dir

    monkeypatch.setenv("AUDITOR_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("AUDITOR_PREBUILT_DIR", str(tmp_path))  # none prebuilt: derived, then cached
    monkeypatch.setattr(data, "_cache_dir", None)
    folder = bundled_rulesets_dir() / "cn-pharma" / "lexicons"
    for attempt in ("derived", "cached"):
        monkeypatch.setattr(lexmod, "_CACHE", {})
        lexicons = lexmod.load_lexicons(folder)
        pf = next(iter(lexicons.values()))._prefilter[0]
        assert pf._plan is not None
        assert pf._plan == lexmod._prefilter_plan(list(lexicons.values())), attempt
        assert list((tmp_path / "cache").glob("lexicons-*"))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(LEXICON_PIECES), max_size=30).map("".join))
def test_the_keyword_set_finds_every_keyword_the_text_contains(text):
    """The prefilter's one RE2 pass reports the lexicons of exactly the keywords that occur
    in the text (plain substring search is the reference)."""
    from auditor.read.normalize import normalize
    from auditor.read.pipeline import default_lexicons

    lexicons = list(default_lexicons().values())
    pf = lexicons[0]._prefilter[0]
    folded = normalize(text).text
    always, words, owners = pf._plan or lexmod_plan(lexicons)
    expected = set(always)
    for word, lexs in zip(words, owners):
        if word in folded:
            expected |= lexs
    got = pf._scan(folded.encode("utf-8"))
    if expected == set(always) and folded:  # no keyword: the set cannot tell, every lexicon is searched
        assert got == frozenset(range(len(lexicons)))
    else:
        assert got == expected


def lexmod_plan(lexicons):
    from auditor.read.lexicon import _prefilter_plan

    return _prefilter_plan(lexicons)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(LEXICON_PIECES + ("one", "公司", "分享到", "关于", "在研")), max_size=30).map("".join))
def test_the_first_pages_keyword_search_tells_what_the_set_tells(text):
    """A process's first page is prefiltered by substring search (no RE2 set compiled):
    the same lexicons as the set's pass."""
    from auditor.read.normalize import normalize
    from auditor.read.pipeline import default_lexicons

    pf = next(iter(default_lexicons().values()))._prefilter[0]
    folded = normalize(text).text
    assert pf._search(folded) == pf._scan(folded.encode("utf-8"))


@pytest.mark.skipif(not REALPAGES.is_dir(), reason="no real pages (../shared/realpages)")
def test_the_first_pages_keyword_search_on_real_pages():
    from auditor.read.pipeline import default_lexicons, load_document

    pf = next(iter(default_lexicons().values()))._prefilter[0]
    for p in sorted((REALPAGES / "zh-news").glob("**/*.html"))[:30] + sorted((REALPAGES / "aeb" / "html").glob("*.html.gz"))[:10]:
        data = gzip.decompress(p.read_bytes()) if p.suffix == ".gz" else p.read_bytes()
        text = load_document(data, str(p), lexicons=default_lexicons()).norm.text
        assert pf._search(text) == pf._scan(text.encode("utf-8")), p.name
