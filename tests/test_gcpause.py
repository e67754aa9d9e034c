"""The collector is paused while `auditor check` starts (auditor.support.gcpause) and runs
again from the second page on; a program calling main(argv) keeps its collector as it is."""
from __future__ import annotations

import gc
import json
import os
import subprocess
import sys

from auditor.cli import main
from tests.conftest import ROOT

PAGE = "<html lang='en'><body><main><h1>News</h1><p>We expect the trial to complete in 2027.</p></main></body></html>"

# main() reading sys.argv (as `python -m auditor` and the console script do); the
# collector's state is noted when the second page starts
PROBE = """
import gc, json, sys
from auditor.audit import inputs
seen = []
real = inputs.document_from_item
def noting(*args, **kwargs):
    seen.append(gc.isenabled())
    return real(*args, **kwargs)
inputs.document_from_item = noting
from auditor.cli import main
sys.argv = ["auditor", *sys.argv[1:]]
try:
    rc = main()
except SystemExit as exc:
    rc = exc.code
print(json.dumps({"rc": rc, "seen": seen, "enabled": gc.isenabled(), "frozen": gc.get_freeze_count()}))
"""


def test_a_check_pauses_the_collector_for_its_first_page_only(tmp_path):
    pages = [tmp_path / "a.html", tmp_path / "b.html"]
    for p in pages:
        p.write_text(PAGE, encoding="utf-8")
    env = dict(os.environ, AUDITOR_CACHE_DIR=str(tmp_path / "cache"))
    done = subprocess.run([sys.executable, "-c", PROBE, "check", *map(str, pages), "--format", "json",
                           "--audit-date", "2026-11-21"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout.strip().splitlines()[-1])
    assert out["rc"] in (0, 1)
    assert out["seen"] == [False, True]  # paused for the first page, collecting for the second
    assert out["enabled"] and out["frozen"] > 0


def test_main_with_argv_keeps_the_callers_collector(tmp_path, monkeypatch):
    page = tmp_path / "a.html"
    page.write_text(PAGE, encoding="utf-8")
    monkeypatch.setenv("AUDITOR_CACHE_DIR", str(tmp_path / "cache"))
    frozen = gc.get_freeze_count()
    assert gc.isenabled()
    assert main(["check", str(page), "--format", "json", "--audit-date", "2026-11-21"]) in (0, 1)
    assert gc.isenabled() and gc.get_freeze_count() == frozen


def test_paused_restores_the_collector_as_found():
    import gc
    from auditor.support import gcpause
    was = gc.isenabled()
    try:
        gc.enable()
        with gcpause.paused():
            assert not gc.isenabled()
        assert gc.isenabled()
        gc.disable()
        with gcpause.paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the caller's choice is kept
        gc.enable()
        try:
            with gcpause.paused():
                raise ValueError("a page that fails mid-way")
        except ValueError:
            pass
        assert gc.isenabled()
    finally:
        (gc.enable if was else gc.disable)()
