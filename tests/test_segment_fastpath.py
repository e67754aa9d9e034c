"""Shortcuts of the segmenter give what the plain code gave.

- classify works out a block's words' kind (``_lexical_kind``) only where it can count: for
  blocks without a structural kind and for a collapsed page's blocks. It used to be worked
  out for every block; the tests work it out for every block first (it is remembered per
  block, as the old code did) and compare the segments.

On the corpus (every format) and, when present, a sample of the real pages. No timings.
"""
from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from auditor.read import lang as langmod
from auditor.read import segment
from auditor.support.chars import HAN_FIRST
from auditor.read.pipeline import default_lexicons, load_document

ROOT = Path(__file__).resolve().parent.parent


def _segments_both_ways(pages, monkeypatch) -> int:
    lexicons = default_lexicons()
    docs = [(name, data, load_document(data, name, lexicons=lexicons)) for name, data in pages]
    structural_kind = segment._structural_kind

    def words_kind_first(b):  # (asked of every block the structure is asked of, before it)
        segment._lexical_kind(b)
        return structural_kind(b)

    with monkeypatch.context() as m:
        m.setattr(segment, "_structural_kind", words_kind_first)
        for name, data, doc in docs:
            assert load_document(data, name, lexicons=lexicons).segments == doc.segments, name
    return sum(len(doc.segments) for _, _, doc in docs)


def test_words_kind_on_demand_gives_the_segments_on_the_corpus(monkeypatch):
    pages = [(str(p), p.read_bytes()) for p in sorted((ROOT / "corpora" / "pages").iterdir()) if p.is_file()]
    assert len(pages) > 20
    assert _segments_both_ways(pages, monkeypatch) > 200


def test_words_kind_on_demand_gives_the_segments_on_real_pages(realpages_dir, monkeypatch):
    paths = sorted((realpages_dir / "aeb" / "html").glob("*.html.gz"))[::6]
    pages = [(str(p), gzip.decompress(p.read_bytes())) for p in paths]
    pages += [(str(p), p.read_bytes()) for p in sorted((realpages_dir / "zh-news").glob("**/*.html"))[::3]]
    if not pages:
        pytest.skip("no real pages")
    assert _segments_both_ways(pages, monkeypatch) > 100


def _listed_script(text: str) -> str:
    """segment._script as it was: Han runs listed and their lengths added."""
    if len(text) < segment.SCRIPT_MIN:
        return ""
    runs = segment._han_runs().findall
    if text.isascii():
        data = text.encode("ascii")
        han, latin = 0, len(data) - len(data.translate(None, segment._ASCII_LETTERS))
    elif len(text) < segment.SPLIT_ASCII_MIN:
        han = sum(map(len, runs(text))) if max(text) >= HAN_FIRST else 0
        latin = sum(map(len, segment._LATIN_RUNS.findall(text)))
    else:
        ascii_latin, rest = langmod.split_ascii(text)
        han = sum(map(len, runs(rest))) if rest and max(rest) >= HAN_FIRST else 0
        latin = ascii_latin + sum(map(len, segment._LATIN_NONASCII_RUNS.findall(rest)))
    if han + latin < segment.SCRIPT_MIN:
        return ""
    if han >= 2 and han * 3 >= latin:
        return "zh"
    if latin >= 3 and han == 0:
        return "en"
    return ""


SCRIPT_TEXT = st.lists(st.sampled_from(
    ["诺风生物", "中", "𠀀", "，", "。", "Lilly", "a", "é", "Ж", " ", "\n", "2026", "ﬁ", "“", "가", "カ"]),
    max_size=60).map("".join)


@settings(max_examples=500, deadline=None)
@given(SCRIPT_TEXT)
def test_script_counts_equal_the_listed_runs(text):
    assert segment._script(text) == _listed_script(text)
