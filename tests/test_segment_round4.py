"""Shortcuts of the segmenter (round 4) give what the plain code gave, on the real pages
(skipped when absent) and on the corpus:

- ``_runs``: a block whose Han (or lack of it) matches its run's script joins the run
  without its script counted;
- ``_structural_kind``: a block with no lexicon hit and none of the structural cues is
  decided by its links alone;
- ``_classify_hidden_run``: a hidden run without a notice's words numbers its dialogs
  where the hiding element changes, without grouping;
- ``LineIndex``: line starts listed without a Python loop.

No timings.
"""
from __future__ import annotations

import gzip
import re
from pathlib import Path

import pytest

from auditor.model.positions import LineIndex
from auditor.read import segment
from auditor.read.decode import decode
from auditor.read.normalize import normalize
from auditor.read.parse import parse, sniff_with_reason
from auditor.read.pipeline import default_lexicons
from tests.test_segment_fastpath import _plain_runs, _plain_structural_kind

ROOT = Path(__file__).resolve().parent.parent


def _real(realpages_dir) -> list[tuple[str, bytes]]:
    pages = [(str(p), gzip.decompress(p.read_bytes())) for p in sorted((realpages_dir / "aeb" / "html").glob("*.html.gz"))[::2]]
    pages += [(str(p), p.read_bytes()) for p in sorted((realpages_dir / "zh-news").glob("**/*.html"))[::2]]
    if not pages:
        pytest.skip("no real pages")
    return pages


def _corpus() -> list[tuple[str, bytes]]:
    return [(str(p), p.read_bytes()) for p in sorted((ROOT / "corpora" / "pages").iterdir()) if p.is_file()]


def _read(name: str, data: bytes):
    decoded = decode(data, None)
    fmt, _ = sniff_with_reason(name, decoded.text)
    page = parse(decoded.text, fmt)
    return decoded.text, page


def _classified(pages):
    lexicons = default_lexicons()
    for name, data in pages:
        _, page = _read(name, data)
        yield name, segment.classify(page.blocks, page.text, normalize(page.text), lexicons)


# -- runs ---------------------------------------------------------------------------------

def _runs_as_planned(pages) -> int:
    shortcut = 0  # blocks that joined a run with a script without their own counted
    for name, items in _classified(pages):
        fast = segment._runs(items)
        assert [[id(b) for b in run] for run in fast] == [[id(b) for b in run] for run in _plain_runs(items)], name
        shortcut += sum(len(run) - 1 for run in fast if len(run) > 1)
    return shortcut


def test_runs_equal_the_plain_ones_on_real_pages(realpages_dir):
    assert _runs_as_planned(_real(realpages_dir)) > 1000


def test_runs_equal_the_plain_ones_on_the_corpus():
    assert _runs_as_planned(_corpus()) > 20


# -- structural kind ----------------------------------------------------------------------

def _structural_as_planned(pages) -> int:
    plain_blocks = 0  # blocks the shortcut decided
    for name, items in _classified(pages):
        for b in items:
            assert segment._structural_kind(b) == _plain_structural_kind(b), (name, b.text[:60], sorted(b.block.cues))
            plain_blocks += not b.hits and b.block.cues.isdisjoint(segment._STRUCTURE_CUES)
    return plain_blocks


def test_structural_kind_equals_the_plain_one_on_real_pages(realpages_dir):
    assert _structural_as_planned(_real(realpages_dir)) > 1000


def test_structural_kind_equals_the_plain_one_on_the_corpus():
    assert _structural_as_planned(_corpus()) > 50


# -- hidden runs --------------------------------------------------------------------------

def _plain_classify_hidden_run(run) -> None:
    """segment._classify_hidden_run as it was: every hidden run grouped into dialogs."""
    S = segment
    groups, kinds = [], []
    notice = ["third_party_notice" if b.has(S.LEAVING) else "archive_notice" if b.has(S.ARCHIVE) else "" for b in run]
    root = -1
    for n, b in enumerate(run):
        k = notice[n]
        if b.block.dialog != root:
            root = b.block.dialog
            if groups:
                groups.append([b])
                kinds.append(k)
                continue
        if not k and b.block.heading and groups and kinds[-1]:
            nxt = next((x for x in notice[n + 1:] if x), "")
            if nxt and nxt != kinds[-1]:
                groups.append([b])
                kinds.append("")
                continue
        if not groups or (k and kinds[-1] and k != kinds[-1]):
            groups.append([b])
            kinds.append(k)
        else:
            groups[-1].append(b)
            kinds[-1] = kinds[-1] or k
    for g, (group, k) in enumerate(zip(groups, kinds), 1):
        for b in group:
            b.dialog = g
            b.kind = k or S._structural_kind(b) or S._lexical_kind(b) or "content"


def _hidden_as_planned(pages, monkeypatch) -> int:
    def outcome(items):
        return [(b.block, b.kind, b.dialog, b.section_heading) for b in items]

    fast = list(_classified(pages))
    with monkeypatch.context() as m:
        m.setattr(segment, "_classify_hidden_run", _plain_classify_hidden_run)
        plain = list(_classified(pages))
    hidden = 0
    for (name, a), (_, b) in zip(fast, plain):
        assert outcome(a) == outcome(b), name
        hidden += sum(1 for x in a if x.block.hidden and x.dialog > 1)
    return hidden


def test_hidden_runs_equal_the_plain_ones_on_real_pages(realpages_dir, monkeypatch):
    assert _hidden_as_planned(_real(realpages_dir), monkeypatch) > 100


def test_hidden_runs_equal_the_plain_ones_on_the_corpus(monkeypatch):
    _hidden_as_planned(_corpus(), monkeypatch)


# -- line index ---------------------------------------------------------------------------

def test_line_starts_equal_the_listed_ones_on_real_pages(realpages_dir):
    for name, data in _real(realpages_dir)[::4]:
        source, _ = _read(name, data)
        for text in (source, source.replace("\n", "\r\n"), source.replace("\n", "\r")):
            pattern = r"\r\n|\r|\n" if "\r" in text else r"\n"
            assert LineIndex(text).starts == [0] + [m.end() for m in re.finditer(pattern, text)], name
