"""mainbody._with_label (each block's cues with its label, made once per page and pair) gives
what ``cues | {label}`` gives, on the pairs the real pages (../shared/realpages) ask for."""
from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from auditor.read.parse import mainbody
from auditor.read.pipeline import load_document

REALPAGES = Path(__file__).resolve().parents[2] / "shared" / "realpages"


def _pages(limit: int = 40) -> list[tuple[str, bytes]]:
    en = sorted((REALPAGES / "aeb" / "html").glob("*.html.gz"))[:limit]
    zh = sorted((REALPAGES / "zh-news").glob("**/*.html"))[: limit // 2]
    return [(str(p), gzip.decompress(p.read_bytes())) for p in en] + [(str(p), p.read_bytes()) for p in zh]


@pytest.mark.skipif(not REALPAGES.is_dir(), reason="no real pages")
def test_with_label_as_union_on_real_pages(monkeypatch):
    asked: list[list[tuple]] = []  # per page, the (cues, label) pairs in order
    real = mainbody._with_label

    def record(cues, label, memo):
        if not memo:
            asked.append([])
        asked[-1].append((cues, label))
        return real(cues, label, memo)

    monkeypatch.setattr(mainbody, "_with_label", record)
    for name, data in _pages():
        load_document(data, name)
    monkeypatch.undo()
    assert sum(len(pairs) for pairs in asked) > 1000
    labels_seen = set()
    for pairs in asked:
        memo: dict = {}
        for cues, label in pairs:
            labels_seen.add(label)
            assert mainbody._with_label(cues, label, memo) == cues | {"peripheral" if label == "trim" else label}
    assert {"core", "peripheral"} <= labels_seen
