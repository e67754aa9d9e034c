"""A lexicon's first text is searched with an alternation of only the terms that can match
in it (``Lexicon._pattern_for``, a start-up saving); every hit must be the whole
alternation's. Compared here on generated lexicons and texts, the bundled lexicons, and
the texts the bundled lexicons search on the real pages."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from auditor.read import lexicon as lexmod
from auditor.read.lexicon import Lexicon, load_lexicon_file
from auditor.read.normalize import normalize
from auditor.read.pipeline import default_lexicons


def _fresh(lex: Lexicon) -> Lexicon:
    """The lexicon as a new process reads it from the cache: nothing compiled yet."""
    out = Lexicon._from_record(lex._record())
    out.boundary_words = lex.boundary_words
    return out


def _whole(lex: Lexicon, norm, start=0, end=None):
    out = _fresh(lex)
    assert out._pattern is not None or out._source is None  # the whole alternation, compiled
    return out._find(norm, start, end)


def _first(lex: Lexicon, norm, start=0, end=None):
    return _fresh(lex)._find(norm, start, end)


PIECES = ["about us", "forward-looking", "statement", "statements", "将军", "第一", "唯一", "本文涉及",
          "尚未获批准", "關於", "前瞻性陈述", "，", "。", "\n", " ", "-", "cn-123456", "the only", "best", "x"]
TEXT = st.lists(st.sampled_from(PIECES), max_size=30).map("".join)
TERM = st.one_of(
    st.lists(st.sampled_from(PIECES[:11] + ["the only", "best", "only best"]), min_size=1, max_size=3)
    .map(" ".join).filter(str.strip),
    st.sampled_from([{"re": "本文[^。]{0,10}获批"}, {"re": "cn-\\d{6}"}, {"re": "(?:ab)*"}, {"re": "the (?:only|best)"},
                     {"re": "[将第]一"}, {"re": "state(?:ment)?s?"}, {"re": "x|将"}, {"re": "\\bbest\\b"}]),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(TERM, min_size=1, max_size=8), TEXT, st.integers(0, 20), st.integers(0, 200))
def test_first_text_hits_equal_the_whole_alternation(terms, text, start, end):
    zh_terms = [t for t in terms if not isinstance(t, str) or not t.isascii()]
    en_terms = [t for t in terms if isinstance(t, str) and t.isascii()]
    lex = load_lexicon_file("generated", {"en": en_terms, "zh-Hans": zh_terms})
    norm = normalize(text)
    assert _first(lex, norm) == _whole(lex, norm)
    assert _first(lex, norm, start, end) == _whole(lex, norm, start, end)


@settings(max_examples=150, deadline=None)
@given(TEXT, st.integers(0, 20), st.integers(0, 200))
def test_bundled_lexicons_on_their_first_text(text, start, end):
    norm = normalize(text)
    for lex in default_lexicons().values():
        assert _first(lex, norm) == _whole(lex, norm)
        assert _first(lex, norm, start, end) == _whole(lex, norm, start, end)


def test_only_the_first_text_gets_the_short_alternation():
    lex = load_lexicon_file("two", {"en": ["about us", "forward-looking statements"], "zh-Hans": ["本文涉及"]})
    first, second = normalize("About us: about us."), normalize("Forward-looking statements, about us, 本文涉及")
    fresh = _fresh(lex)
    assert fresh._terms_in(first.text) == [r"\babout\s+us(?:s|es|d|ed|ing)?\b"]
    assert fresh._find(first, 0, None) == _whole(lex, first)
    assert fresh._compiled is None  # (the short alternation only)
    assert fresh._find(first, 3, None) == _whole(lex, first, 3)  # a part of the same text: the same pattern
    assert fresh._compiled is None
    assert fresh._find(second, 0, None) == _whole(lex, second)
    assert fresh._compiled is not None  # another text: the whole alternation from then on
    assert fresh._find(first, 0, None) == _whole(lex, first)
    # a text none of whose terms can match: nothing compiled, nothing found
    none = _fresh(lex)
    assert none._find(normalize("nothing here"), 0, None) == [] and none._compiled is None


def _searched_texts(realpages_dir, every: int):
    """The normalized texts the bundled lexicons search while reading the real pages."""
    from auditor.audit.inputs import document_from_item
    from auditor.sources import iter_sources

    seen: dict[int, object] = {}
    original = Lexicon._find

    def noting(self, norm, start, end):
        seen.setdefault(id(norm.text), norm)
        return original(self, norm, start, end)

    lexicons = default_lexicons()
    Lexicon._find = noting
    try:
        for n, item in enumerate(iter_sources([str(realpages_dir)])):
            if n % every == 0:
                document_from_item(item, lexicons)
    finally:
        Lexicon._find = original
    return list(seen.values())


def test_bundled_lexicons_on_the_texts_of_real_pages(realpages_dir):
    texts = _searched_texts(realpages_dir, every=5)
    assert len(texts) > 20
    lexicons = list(default_lexicons().values())
    shortened = 0
    for norm in texts:
        for lex in lexicons:
            fresh = _fresh(lex)
            assert fresh._find(norm, 0, None) == _whole(lex, norm), (lex.name, norm.text[:80])
            shortened += fresh._compiled is None
    assert shortened > len(texts)  # (the short alternation was what was compared)


def test_the_cache_record_keeps_the_alternatives():
    for lex in default_lexicons().values():
        again = Lexicon._from_record(lex._record())
        assert again._source == lex._source
        assert again._alternatives == lex._alternatives and len(again._required) == len(again._alternatives)
    assert lexmod._literals_of("abc")("bc") and not lexmod._literals_of("abc")("cb")


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40) | TEXT)
def test_pairs_are_every_two_adjacent_characters(text):
    assert lexmod._pairs(text) == {text[i : i + 2] for i in range(len(text) - 1)}
