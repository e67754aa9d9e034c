"""Segmentation accuracy on the hand-written corpus (corpora/expected/*.segments.yaml)."""
from __future__ import annotations

import pytest

from auditor.read.normalize import normalize
from auditor.read.pipeline import load_document
from tests.corpus import corpus_pages, expected

# The corpus is the yardstick. Floors are pinned per expected kind at today's figures (as
# trafilatura pins its evaluation), so a regression in one kind fails even when the
# average holds. Raise a floor when a kind improves; never lower one to let a change in.
KIND_FLOORS = {
    "content": 1.0,
    "navigation": 1.0,
    "third_party_notice": 1.0,
    "archive_notice": 1.0,
    "disclaimer": 1.0,
    "forward_looking": 1.0,
    "boilerplate": 1.0,
    "metadata": 1.0,
}
MIN_LANG_ACCURACY = 1.0


def _checks():
    out = []
    for page in corpus_pages():
        exp = expected(page, "segments")
        if exp:
            out.append((page, exp))
    return out


def _segment_for(doc, snippet):
    norm = normalize(doc.text)
    i = norm.text.find(normalize(snippet).text)
    if i < 0:
        return None
    start, _ = norm.original_span(i, i + 1)
    return doc.segment_at(start)


def test_corpus_is_large_enough():
    checks = _checks()
    assert len(checks) >= 30, "the corpus should have at least 30 pages with expected segments"


def test_segmentation_accuracy(capsys):
    kind_ok = lang_ok = total = doc_ok = 0
    per_kind: dict[str, list[int]] = {}  # expected kind -> [right, checked]
    misses = []
    checks = _checks()
    for page, exp in checks:
        doc = load_document(page.read_bytes(), str(page))
        assert doc.error is None, f"{page}: {doc.error}"
        doc_ok += doc.language == exp.get("language")
        if doc.language != exp.get("language"):
            misses.append(f"{page.name}: document language {doc.language}, expected {exp.get('language')}")
        for item in exp.get("segments", []):
            total += 1
            seg = _segment_for(doc, item["snippet"])
            assert seg is not None, f"{page.name}: snippet not found in page text: {item['snippet']!r}"
            tally = per_kind.setdefault(item["kind"], [0, 0])
            tally[1] += 1
            if seg.kind == item["kind"]:
                kind_ok += 1
                tally[0] += 1
            else:
                misses.append(f"{page.name}: {item['snippet']!r} is {seg.kind}, expected {item['kind']}")
            if seg.lang == item["lang"]:
                lang_ok += 1
            else:
                misses.append(f"{page.name}: {item['snippet']!r} lang {seg.lang}, expected {item['lang']}")
    kind_acc, lang_acc = kind_ok / total, lang_ok / total
    with capsys.disabled():
        print(f"\nsegmentation: {total} checks on {len(checks)} pages; kind accuracy {kind_acc:.1%}, "
              f"segment language accuracy {lang_acc:.1%}, document language {doc_ok}/{len(checks)}")
        for kind, (right, checked) in sorted(per_kind.items()):
            print(f"  {kind:<20} {right:>4}/{checked:<4} {right / checked:.1%} (floor {KIND_FLOORS[kind]:.1%})")
        for m in misses[:40]:
            print("  miss:", m)
    assert set(per_kind) <= set(KIND_FLOORS), "a kind without a floor"
    low = {k: f"{r}/{c}" for k, (r, c) in per_kind.items() if r / c < KIND_FLOORS[k]}
    assert not low, f"segmentation below its pinned floor: {low}"
    assert lang_acc >= MIN_LANG_ACCURACY
    assert doc_ok / len(checks) >= MIN_LANG_ACCURACY
