"""Fast paths added for speed give exactly what the general code gives.

Each test compares a shortcut with the code it stands in for, on generated and real text
(benchmarks/README.md says why each shortcut exists). No timings here.
"""
from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from auditor import lexicon as lexmod
from auditor import zh
from auditor.normalize import normalize
from auditor.pipeline import default_lexicons

ASCII_TEXT = st.text(
    alphabet=st.sampled_from(list("abcxyz019 .-_%&#+,;:!?()/'\"\r\n\tAZ’“”…é©\xa0\u2014\u2e7f")), min_size=0, max_size=60
)


def _jieba_bounds(window: str) -> frozenset:
    return zh._window_bounds(window.translate(zh._t2s_table()))


def test_dictionary_and_t2s_table_leave_ascii_alone():
    # The ASCII shortcut of zh.on_token_boundaries relies on these two facts.
    words = [line.split(" ", 1)[0] for line in zh.DICTIONARY.read_text("utf-8").splitlines() if line.strip()]
    assert words and not any(any(ord(c) < 128 for c in w) for w in words)
    assert all(k >= ord(zh._CJK_START) for k in zh._t2s_table())


@settings(max_examples=400, deadline=None)
@given(ASCII_TEXT)
def test_ascii_bounds_equal_jieba(window):
    assert zh._ascii_bounds(window) == _jieba_bounds(window)


def test_ascii_bounds_equal_jieba_on_page_text():
    samples = [
        "forward-looking statements, e.g. u.s. phase 2.5 results (50%) & more",
        "v1.2.3-beta_x 3.14% 1.5mg a--b a.b.c #tag c++ AT&T\r\n\r\r\nend",
        "about us | contact | ... ---",
        "it’s “forward-looking” — café © 2019… naïve\xa0text",
    ]
    for text in samples:
        for i in range(len(text) + 1):
            for j in range(i, min(len(text), i + 40) + 1):
                w = text[i:j]
                assert zh._ascii_bounds(w) == _jieba_bounds(w), w


def _old_find(lex, norm, start=0, end=None):
    saved = lexmod._re2_match
    lexmod._re2_match = None
    try:
        return lex.find(norm, start, end)
    finally:
        lexmod._re2_match = saved


MIXED = st.text(
    alphabet=st.sampled_from(list("about us forward-looking 将军第一唯一本文涉及尚未获批准關於前瞻性陈述 ，。：\n-")),
    min_size=0, max_size=80,
)


@settings(max_examples=200, deadline=None)
@given(MIXED, st.integers(0, 10), st.integers(0, 90))
def test_lexicon_find_equals_wrapper_search(text, start, end):
    norm = normalize(text)
    for lex in default_lexicons().values():
        assert lex.find(norm) == _old_find(lex, norm)
        assert lex.find(norm, start, end) == _old_find(lex, norm, start, end)


def test_lexicon_find_equals_wrapper_search_on_long_text():
    rng = random.Random(7)
    pieces = ["About Northwind", "关于我们", "本文涉及尚未在中国大陆获批准的产品", "forward-looking statements",
              "将军", "第一", "前瞻性陳述", "\n", "。", " ", "ＣＮ－１２３４５６", "é"]
    text = "".join(rng.choice(pieces) for _ in range(3000))
    norm = normalize(text)
    for lex in default_lexicons().values():
        assert lex.find(norm) == _old_find(lex, norm)


@pytest.mark.parametrize("word", ["ab", "x1"])
def test_ascii_word_turns_the_shortcut_off(monkeypatch, word):
    monkeypatch.setattr(zh, "_ascii_words", False)
    monkeypatch.setattr(zh, "_words", dict(zh._words))
    monkeypatch.setattr(zh, "_tokenizer", None)  # leave the process's jieba alone
    zh.add_words([word])
    assert zh._ascii_words is True


LATIN_WORDS = ("the of and will may der und nicht la de les est el los para il che het een yang dan "
               "http://example.com/a www.example.com a@b.cd 123 4.5 _ - , . ' \n it's O'Neil x").split(" ")


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(LATIN_WORDS), max_size=60).map(" ".join))
def test_language_of_ascii_text_equals_script_counts(text):
    from auditor import lang

    assert lang._by_script(text) == lang._by_script_counts(lang._sample(text))
