"""Precision and recall per finding category on the hand-written corpus.

Each corpus page has corpora/expected/<page>.findings.yaml listing every finding
the page must produce (category, optionally rule and an evidence substring), the
profile and the audit date. A finding not listed is a false positive; a listed
one not produced is a miss.
"""
from __future__ import annotations

import datetime as dt
from collections import Counter

from auditor.read.pipeline import load_document
from auditor.recognize.profile import load_profile
from auditor.support.resources import bundled_ruleset
from auditor.rules.engine import Engine
from auditor.rules.loader import load_ruleset
from tests.corpus import corpus_pages, expected

MIN_PRECISION = 0.85
MIN_RECALL = 0.85


def _match(exp: dict, f) -> bool:
    if exp["category"] != f.category:
        return False
    if exp.get("rule") and f.rule.split("/", 1)[-1] != exp["rule"]:
        return False
    ev = exp.get("evidence")
    return not ev or ev in f.evidence or ev in f.message


def evaluate_corpus():
    ruleset = load_ruleset(bundled_ruleset())
    engines: dict = {}
    tp, fp, fn = Counter(), Counter(), Counter()
    notes = []
    pages = 0
    for page in corpus_pages():
        exp = expected(page, "findings")
        if exp is None:
            continue
        pages += 1
        key = (exp.get("profile", "generic"), str(exp.get("audit_date", "2026-11-21")))
        if key not in engines:
            engines[key] = Engine([ruleset], load_profile(key[0]), audit_date=dt.date.fromisoformat(key[1]))
        doc = load_document(page.read_bytes(), str(page))
        actual = list(engines[key].check(doc))
        for item in exp.get("findings") or []:
            found = next((f for f in actual if _match(item, f)), None)
            if found is not None:
                actual.remove(found)
                tp[item["category"]] += 1
            else:
                fn[item["category"]] += 1
                notes.append(f"{page.name}: missed {item}")
        for f in actual:
            fp[f.category] += 1
            notes.append(f"{page.name}: unexpected {f.rule} at {f.line}:{f.column} {f.evidence[:40]!r}")
    return pages, tp, fp, fn, notes


def test_precision_and_recall_per_category(capsys):
    pages, tp, fp, fn, notes = evaluate_corpus()
    assert pages >= 30, "every corpus page needs an expected-findings file"
    cats = sorted(set(tp) | set(fp) | set(fn))
    with capsys.disabled():
        print(f"\nfindings on {pages} corpus pages:")
        print(f"  {'category':<34} {'TP':>4} {'FP':>4} {'FN':>4} {'precision':>10} {'recall':>7}")
        for c in cats:
            p = tp[c] / (tp[c] + fp[c]) if tp[c] + fp[c] else 1.0
            r = tp[c] / (tp[c] + fn[c]) if tp[c] + fn[c] else 1.0
            print(f"  {c:<34} {tp[c]:>4} {fp[c]:>4} {fn[c]:>4} {p:>10.0%} {r:>7.0%}")
        T, P, N = sum(tp.values()), sum(fp.values()), sum(fn.values())
        print(f"  {'all':<34} {T:>4} {P:>4} {N:>4} {T / max(1, T + P):>10.0%} {T / max(1, T + N):>7.0%}")
        for n in notes[:60]:
            print("   ", n)
    T, P, N = sum(tp.values()), sum(fp.values()), sum(fn.values())
    assert T / max(1, T + P) >= MIN_PRECISION
    assert T / max(1, T + N) >= MIN_RECALL
