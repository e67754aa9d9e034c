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

from auditor.read import segment
from auditor.read.pipeline import default_lexicons, load_document

ROOT = Path(__file__).resolve().parent.parent


def _segments_both_ways(pages, monkeypatch) -> int:
    lexicons = default_lexicons()
    docs = [(name, data, load_document(data, name, lexicons=lexicons)) for name, data in pages]
    lone_links = segment._lone_links

    def every_words_kind_first(items):
        lone_links(items)
        for b in items:
            segment._lexical_kind(b)

    with monkeypatch.context() as m:
        m.setattr(segment, "_lone_links", every_words_kind_first)
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
