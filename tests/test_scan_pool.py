"""The local pool's pipeline: a second page waits in each worker's pipe, pages larger than
the pipe are written without blocking the parent, and a page queued behind one that
hangs, crashes or runs out of memory is handed to another worker, never blamed."""
from __future__ import annotations

import pytest

from tests import scan_faults

from auditor.batch import pool as poolmod
from auditor.batch.worker import Auditor, new_spec
from auditor.gate.config import load_config
from auditor.sources import SourceItem


@pytest.fixture(scope="module")
def auditor():
    return Auditor(new_spec(load_config({}, isolated=True)))


def _pages(n: int, kb: int) -> list[SourceItem]:
    """``n`` news pages of about ``kb`` KB each, with findings."""
    items = []
    for i in range(n):
        body = "".join(f"<p>Paragraph {i}.{k}: ABC-{1000 + k} is investigational and has not been "
                       f"approved. We expect results in 2027.</p>" for k in range(kb * 9))
        html = (f"<html lang='en'><body><nav><a href='/'>Home</a></nav><main><h1>Page {i}</h1>{body}"
                f"</main><footer>&copy; 2026</footer></body></html>")
        items.append(SourceItem(source=f"https://pages.example/p{i}.html", data=html.encode("utf-8"),
                                content_type="text/html"))
    return items


class _Recording(poolmod.LocalPool):
    """Records how many pages a worker held and how many bytes waited for its pipe."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.held: list[tuple[int, int]] = []

    def _send(self, w, task):
        super()._send(w, task)
        self.held.append((len(w.tasks), len(w.out)))


def _run(pool, items):
    return [(item.source, occ, result) for item, occ, result in pool.results((it, 1) for it in items)]


def test_large_pages_are_queued_ahead_without_blocking_and_come_back_in_order(auditor):
    items = _pages(6, 400)  # far larger than a socket's buffer
    assert min(len(it.data) for it in items) > 300_000
    expected = [auditor.audit(it).text for it in items]
    pool = _Recording(auditor, 2)
    got = _run(pool, items)
    assert [s for s, _, _ in got] == [it.source for it in items]
    assert [r.text for _, _, r in got] == expected
    assert max(n for n, _ in pool.held) == poolmod.DEPTH  # the next page waited in a busy worker's pipe
    assert any(pending for _, pending in pool.held)  # a send returned before the pipe took the page


@pytest.mark.parametrize("fault", ["hang", "crash", "raise_"])
def test_the_page_queued_behind_a_failing_one_is_audited_by_another_worker(auditor, monkeypatch, fault):
    items = _pages(4, 5)
    expected = [auditor.audit(it).text for it in items]
    scan_faults.install(**{fault: "/p0.html"}, patch=monkeypatch.setattr)
    pool = poolmod.LocalPool(auditor, 1, page_timeout=2 if fault == "hang" else None)
    got = _run(pool, items)  # one worker: p1 waits in its pipe behind p0
    assert [s for s, _, _ in got] == [it.source for it in items]
    first = got[0][2].text
    assert '"input-error"' in first
    assert [r.text for _, _, r in got[1:]] == expected[1:]
    assert (pool.timed_out, pool.crashed) == ((1, 0) if fault == "hang" else (0, 1) if fault == "crash" else (0, 0))


def test_the_warc_reader_does_not_import_fsspec():
    """warcio imports fsspec (installed with dask) for its own tools only; a scan's workers
    would wait about 0.2 s for that import before their first page."""
    import subprocess
    import sys

    pytest.importorskip("fsspec")
    code = ("import sys, auditor.sources.warc, warcio.utils; assert 'fsspec' not in sys.modules; "
            "import fsspec; print('ok')")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.stdout.strip() == "ok", out.stderr


def test_the_warm_up_builds_what_a_second_page_builds():
    # forked workers share what the parent built: the lexicon prefilter's RE2 keyword set,
    # which a process builds for its second Chinese page (its first is searched plainly)
    auditor = Auditor(new_spec(load_config({}, isolated=True)))
    auditor.warm_up()
    prefilters = {id(lex._prefilter[0]): lex._prefilter[0] for lex in auditor.engine.segment_lexicons.values()
                  if lex._prefilter is not None}
    assert prefilters and all(pf._ready is not None for pf in prefilters.values())
