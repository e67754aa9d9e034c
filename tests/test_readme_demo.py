"""The README's first command audits each corpus page with the profile its expected file
names (corpora/auditor.toml), so its output is what the corpus gate measures."""
from __future__ import annotations

import datetime as dt
import json
from collections import Counter

from auditor.cli import main
from auditor.read.pipeline import load_document
from auditor.recognize.profile import load_profile
from auditor.rules.engine import Engine
from auditor.rules.loader import load_ruleset
from auditor.support.resources import bundled_ruleset
from tests.conftest import ROOT
from tests.corpus import corpus_pages, expected
from tests.test_corpus_findings import evaluate_corpus

DEMO = "auditor check corpora/pages --audit-date 2026-11-21"


def _demo_json(capsys, monkeypatch) -> dict:
    monkeypatch.chdir(ROOT)
    main(["check", "corpora/pages", "--audit-date", "2026-11-21", "--format", "json"])
    return json.loads(capsys.readouterr().out)


def test_readme_starts_with_the_demo():
    assert DEMO in (ROOT / "README.md").read_text(encoding="utf-8").split("---", 1)[0]


def test_demo_audits_each_page_with_its_expected_profile(capsys, monkeypatch):
    report = _demo_json(capsys, monkeypatch)
    by_page = {d["source"].rsplit("/", 1)[-1]: d["findings"] for d in report["documents"]}
    ruleset = load_ruleset(bundled_ruleset())
    engines: dict = {}
    pages = 0
    for page in corpus_pages():
        exp = expected(page, "findings")
        assert exp is not None, f"{page.name}: no expected findings file"
        key = (exp.get("profile", "generic"), str(exp.get("audit_date", "2026-11-21")))
        if key not in engines:
            profile = key[0] if "/" not in key[0] else str(ROOT / key[0])
            engines[key] = Engine([ruleset], load_profile(profile), audit_date=dt.date.fromisoformat(key[1]))
        doc = load_document(page.read_bytes(), str(page))
        want = [(f.rule, f.line, f.column, f.evidence) for f in engines[key].check(doc)]
        got = [(f["rule"], f["line"], f["column"], f["evidence"]) for f in by_page[page.name]]
        assert got == want, page.name
        pages += 1
    assert pages == len(by_page) >= 40


def test_demo_output_scores_as_the_corpus_gate(capsys, monkeypatch):
    from tests.test_corpus_findings import _match

    report = _demo_json(capsys, monkeypatch)
    by_page = {d["source"].rsplit("/", 1)[-1]: d["findings"] for d in report["documents"]}
    tp, fp, fn = Counter(), Counter(), Counter()
    for page in corpus_pages():
        actual = [_Finding(f) for f in by_page[page.name]]
        for item in expected(page, "findings").get("findings") or []:
            found = next((f for f in actual if _match(item, f)), None)
            if found is not None:
                actual.remove(found)
                tp[item["category"]] += 1
            else:
                fn[item["category"]] += 1
        for f in actual:
            fp[f.category] += 1
    _pages, gate_tp, gate_fp, gate_fn, _notes = evaluate_corpus()
    assert (tp, fp, fn) == (gate_tp, gate_fp, gate_fn)
    # the generic profile (the demo before corpora/auditor.toml) reported far more
    assert sum(fp.values()) <= 5


class _Finding:
    def __init__(self, rec: dict):
        self.category, self.rule = rec["category"], rec["rule"]
        self.evidence, self.message = rec["evidence"], rec["message"]
