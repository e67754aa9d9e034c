"""What a class/id value says, read name by name, is what the whole-value reading gave.

``html._class_info`` used to test the whole value against one alternation of the hint
words and then tokenize every class name of a hinted value (hyphens at camel-case
boundaries, split at non-alphanumerics); it now remembers each class name's reading by
itself (``_name_info``), tests names against a trie of the minimal hint words, and
tokenizes with one findall. The old code is kept here as the reference; the cues'
iteration order is compared too (a block's cues keep the order the set was built in).
"""
from __future__ import annotations

import gzip
import re

from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from auditor.read.parse import html
from auditor.read.vocabulary import (
    ACTION_TOKENS, COMPONENT_TOKENS, CONTENT_TOKENS, HIDDEN_CLASSES, MODAL_STRONG, STATE_PREFIXES, TOKEN_CUES,
)

_OLD_SPLIT = re.compile(r"[^0-9A-Za-z]+")
_OLD_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
_OLD_HINT = re.compile(html._CLASS_HINT_WORDS)


def _old_tokens(name: str) -> list[str]:
    return [t for t in _OLD_SPLIT.split(_OLD_CAMEL.sub("-", name)) if t]


def _old_class_info(names: str) -> tuple:
    """``_class_info`` as it was, without its cache."""
    if (_OLD_HINT.search(names.lower()) if names.isascii()
            else re.search(html._CLASS_HINT_WORDS, names, re.I)) is None:
        return (frozenset(), False, False)
    cues: set[str] = set()
    hidden = modal_hides = False
    for name in names.split():
        low = name.lower()
        if low in HIDDEN_CLASSES:
            hidden = True
            continue
        if low.startswith(STATE_PREFIXES):
            continue
        tokens = [t.lower().rstrip("0123456789") for t in _old_tokens(name)]
        action = component = False
        found: set[str] = set()
        for t in tokens:
            if t in ACTION_TOKENS:
                action = True
            if t in COMPONENT_TOKENS:
                component = True
            hit = TOKEN_CUES.get(t)
            if hit:
                found.update(hit)
        if component:
            found.discard("header")
            found.discard("footer")
        if "modal" in found and not (set(tokens) & MODAL_STRONG) and set(tokens) & CONTENT_TOKENS:
            found.difference_update(("modal", "popup"))
        cues |= found
        if "modal" in found and not action:
            modal_hides = True
    return (frozenset(cues), hidden, modal_hides)


def _same(names: str, cold: bool) -> None:
    if cold:
        html._NAME_CACHE.clear()
    html._CLASS_CACHE.clear()  # (the value cache would answer before the names are read)
    new = html._class_info(names)
    old = _old_class_info(names)
    assert new == old, names
    assert list(new[0]) == list(old[0]), names  # iteration order
    assert html._CLASS_CACHE[names] == old and html._class_info(names) == old


_WORDS = sorted({*TOKEN_CUES, *HIDDEN_CLASSES, *ACTION_TOKENS, *COMPONENT_TOKENS, *CONTENT_TOKENS, *MODAL_STRONG,
                 "hid", "navbar", "col", "md", "wrap", "x"})
_FRAGMENT = st.one_of(
    st.sampled_from(_WORDS),
    st.sampled_from(_WORDS).map(str.title),
    st.sampled_from(_WORDS).map(str.upper),
    st.sampled_from([*STATE_PREFIXES, "-", "_", "--", "1", "2", "42", ":", "İ", "ſ", "\u212a", "é", "中", "\xa0"]),
)
_NAME = st.lists(_FRAGMENT, min_size=1, max_size=5).map("".join)
_VALUE = st.lists(_NAME, min_size=1, max_size=5).map(lambda ns: " ".join(ns))


@settings(max_examples=400, deadline=None)
@given(_VALUE, st.booleans())
def test_class_info_by_name_equals_the_whole_value_reading(names, cold):
    _same(names, cold)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("aZbY09-_ .:Nav\u212aİé中\t")), max_size=40))
def test_one_findall_gives_the_tokens_of_the_camel_case_split(name):
    assert html._CLASS_TOKEN.findall(name) == _old_tokens(name)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("navbrmeufotdilphcskg-_ 12HMNPK\u212aſİ")), max_size=30))
def test_the_trie_of_minimal_hint_words_finds_what_the_alternation_finds(names):
    assert (html._CLASS_HINT_LOWER.search(names.lower()) is None) == (_OLD_HINT.search(names.lower()) is None)


def test_edge_values():
    for names in ("", " ", "card-header", "modal-footer", "hero-overlay", "modal-overlay", "btn-modal-open",
                  "navBar", "NAVbar", "nav2 menu3", "is-hidden nav", "hidden", "HIDDEN", "has-nav nav",
                  "tag-pop share", "d-none", "display-none", "footer footer", "text-layer layer",
                  "popup\u3000cookie", "\u212aookie", "ſkip skip", "headerFooter cardHeader", "x" * 300 + " menu"):
        for cold in (True, False):
            _same(names, cold)


def test_class_values_of_the_real_pages(realpages_dir):
    pages = sorted((realpages_dir / "aeb" / "html").glob("*.html.gz"))[::3]
    pages += sorted((realpages_dir / "zh-news").glob("**/*.html"))[::4]
    seen = 0
    html._NAME_CACHE.clear()
    for path in pages:
        data = gzip.open(path).read() if path.suffix == ".gz" else path.read_bytes()
        root = etree.fromstring(data, etree.HTMLParser(recover=True))
        if root is None:
            continue
        for el in root.iter():
            for key in ("class", "id"):
                value = el.get(key) if type(el.tag) is str else None
                if value:
                    _same(value, False)
                    seen += 1
    assert seen > 1000
