"""The fuzzing harness (tests/fuzz) for a few seconds per target: hostile variations of the
corpus pages through decode, each parser and the full check, and of the bundled rule
files and profiles through loading. A longer session: ``python -m tests.fuzz --minutes 10``."""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, settings

from tests.fuzz import TARGETS, properties

# (examples per target: about two seconds each here; derandomized, so CI runs the same inputs)
BUDGET = {"decode": 60, "html": 40, "markdown": 40, "text": 40, "rules": 25, "profile": 25, "check": 8}


@pytest.mark.parametrize("target", TARGETS)
def test_fuzz_short(target, monkeypatch):
    monkeypatch.setenv("AUDITOR_NO_CACHE", "1")
    prop = properties()[target]
    settings(max_examples=BUDGET[target], deadline=None, database=None, derandomize=True,
             suppress_health_check=list(HealthCheck))(prop)()


def test_fuzz_inputs_reach_the_hostile_fragments():
    """The edits do reach the parsers: some generated pages carry the fragments."""
    from hypothesis import given

    from tests.fuzz import pages

    seen = []

    @settings(max_examples=40, database=None, derandomize=True, suppress_health_check=list(HealthCheck))
    @given(pages())
    def collect(page):
        seen.append(page)

    collect()
    from tests.fuzz import seeds

    originals = {d for _n, d in seeds()}
    assert sum(1 for _n, d in seen if d not in originals) >= 20
