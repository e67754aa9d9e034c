"""The matcher's position filters (overlap with allowed terms, sentences near an anchor, one
hit per stretch of text) look hits up by position: they must answer exactly what comparing
every hit with every other answers (which took 23 s on a 400 KB page of 3,600 flagged
paragraphs: each hit was compared with every other)."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from auditor.model.document import Entity
from auditor.rules import matchers
from auditor.rules.context import RHit

_ENTITY = Entity(type="dev_code", start=0, end=1, value="x")


def _naive_dedupe(hits):
    kept = []
    for h in sorted(hits, key=lambda h: (-(h.end - h.start), h.start)):
        if h.entity is None and any(k.entity is None and k.start < h.end and h.start < k.end for k in kept):
            continue
        kept.append(h)
    kept.sort(key=lambda h: (h.start, -(h.end - h.start)))
    return kept


_hit = st.builds(
    lambda s, n, ent: RHit(s, s + n, "x" * n, "why", entity=_ENTITY if ent else None, term="t"),
    st.integers(0, 40), st.sampled_from([0, 1, 2, 3, 5, 8, 13]), st.booleans())
_span = st.tuples(st.integers(0, 40), st.sampled_from([0, 1, 4, 9])).map(lambda t: (t[0], t[0] + t[1]))


@settings(max_examples=400, deadline=None)
@given(st.lists(_hit, max_size=14))
def test_dedupe_keeps_what_pairwise_comparison_keeps(hits):
    assert [id(h) for h in matchers._dedupe(hits)] == [id(h) for h in _naive_dedupe(hits)]


@settings(max_examples=400, deadline=None)
@given(st.lists(_span, max_size=8), st.lists(_span, max_size=8))
def test_span_overlap_matches_pairwise_comparison(spans, probes):
    index = matchers._Spans(spans)
    for start, end in probes:
        assert index.overlaps(start, end) == any(s < end and start < e for s, e in spans)


@settings(max_examples=400, deadline=None)
@given(st.sets(st.integers(0, 30), max_size=6), st.integers(0, 30), st.integers(0, 3))
def test_near_matches_pairwise_comparison(values, value, distance):
    assert matchers._near(sorted(values), value, distance) == any(abs(value - v) <= distance for v in values)

