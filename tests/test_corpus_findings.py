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

# Floors per category, pinned at the figures the corpus reaches today (as trafilatura pins
# its evaluation): a change that loses a finding or adds a false one in any category fails,
# even when the pooled figures still look fine. Raise a floor when a category improves;
# a new category needs its own entry.
FLOORS = {  # category: (precision, recall)
    "absolute-claim": (1.0, 1.0),
    "ad-approval-number-invalid": (1.0, 1.0),
    "approval-number-conflict": (1.0, 1.0),
    "approval-number-expired": (1.0, 1.0),
    "approval-number-malformed": (1.0, 1.0),
    "approval-number-missing": (1.0, 1.0),
    "archive-notice-missing": (1.0, 1.0),
    "date-inconsistent": (1.0, 1.0),
    "fls-boilerplate": (1.0, 1.0),
    "fls-missing": (1.0, 1.0),
    "investigational-claim": (1.0, 1.0),
    "notice-language-mismatch": (1.0, 1.0),
    "prohibited-claim": (1.0, 1.0),
    "script-mismatch": (1.0, 1.0),
    "statutory-number-missing": (1.0, 1.0),
    "third-party-notice-missing": (1.0, 1.0),
    "unapproved-disclaimer-incomplete": (1.0, 1.0),
    "unapproved-disclaimer-missing": (1.0, 1.0),
}


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
            # A page nobody has labelled would silently drop out of the figures.
            raise AssertionError(f"{page.name}: no corpora/expected/{page.name}.findings.yaml")
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


def _ratio(num: int, den: int) -> float:
    return num / den if den else 1.0


def test_precision_and_recall_per_category(capsys):
    pages, tp, fp, fn, notes = evaluate_corpus()
    assert pages >= 30
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
    failures = []
    for c in cats:
        if c not in FLOORS:
            failures.append(f"{c}: no floor in FLOORS (add one at today's figures)")
            continue
        p, r = _ratio(tp[c], tp[c] + fp[c]), _ratio(tp[c], tp[c] + fn[c])
        min_p, min_r = FLOORS[c]
        # Rounded like the printed table, so a floor copied from it holds.
        if round(p, 4) < min_p:
            failures.append(f"{c}: precision {p:.1%} below the floor {min_p:.0%}")
        if round(r, 4) < min_r:
            failures.append(f"{c}: recall {r:.1%} below the floor {min_r:.0%}")
    assert not failures, "\n".join(failures)


def test_every_corpus_page_has_expected_findings():
    missing = [p.name for p in corpus_pages() if expected(p, "findings") is None]
    assert not missing, f"corpus pages without an expected-findings file: {missing}"
