"""The whole per-page pipeline of this checkout against another one, in one process.

    python benchmarks/ab_bench.py --compare ../wt-old [--repeat 5]

The other checkout's ``auditor`` package is copied into a temporary folder under the name
``auditor_base`` (its imports and package-name strings rewritten, ``bundled_rulesets``
followed), so that both versions load side by side. Then, page by page, the lxml baseline,
each version's ``load_document`` (segmentation) and each version's ``load_document`` +
``Engine.check`` (full check) run in turn, ``--repeat`` times; the best CPU time of each is
kept. Printed per language: mean ms per page of both versions, the change, and the median
per-page ratio to the lxml baseline.

Why: on a shared or virtual machine, two checkouts timed in separate runs disagree by
10-20 % even at rest, more than most single changes. Timed page by page in one process,
both versions see the same load. Both use a fresh per-user cache in the temporary folder
(the copy's cache keys differ from the original's), warmed on a few pages before timing.
"""
from __future__ import annotations

import argparse
import datetime as dt
import importlib
import os
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import baseline_input, lxml_baseline, real_pages  # noqa: E402

BASE = "auditor_base"
# `from auditor...`, `import auditor...`, and "auditor" / "auditor.x" in quotes (module
# names handed to importlib and importlib.resources)
_REWRITES = [
    (re.compile(r"\bfrom auditor\b"), f"from {BASE}"),
    (re.compile(r"\bimport auditor\b"), f"import {BASE}"),
    (re.compile(r"([\"'])auditor([.\"'])"), rf"\g<1>{BASE}\g<2>"),
]


def copy_as_base(checkout: Path, into: Path) -> None:
    """``checkout/auditor`` copied to ``into/auditor_base`` with its imports renamed."""
    target = into / BASE
    shutil.copytree(checkout / "auditor", target, symlinks=False,
                    ignore=shutil.ignore_patterns("__pycache__"))
    for path in target.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        for pattern, repl in _REWRITES:
            text = pattern.sub(repl, text)
        path.write_text(text, encoding="utf-8")


def _version(pkg: str, warm: list) -> tuple:
    engines = importlib.import_module(pkg + ".audit.engines")
    pipeline = importlib.import_module(pkg + ".read.pipeline")
    engine = engines.build_engine(engines.AuditOptions(audit_date=dt.date(2026, 6, 30)))
    lexicons = pipeline.default_lexicons()
    for page in warm:
        engine.check(pipeline.load_document(page.data, page.name, lexicons=lexicons))
    return engine, lexicons, pipeline.load_document


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--compare", metavar="DIR", required=True, help="the other checkout")
    p.add_argument("--repeat", type=int, default=5, help="runs of each per page; the best counts (default 5)")
    args = p.parse_args(argv)
    pages = real_pages()
    if not pages:
        print("no real pages (../shared/realpages): nothing measured")
        return 0
    other = Path(args.compare).resolve()
    if not (other / "auditor").is_dir():
        print(f"{other}: no auditor package there", file=sys.stderr)
        return 2
    clock = time.process_time
    with tempfile.TemporaryDirectory(prefix="ab-bench-") as tmp:
        os.environ["AUDITOR_CACHE_DIR"] = str(Path(tmp) / "cache")
        copy_as_base(other, Path(tmp))
        sys.path.insert(0, tmp)
        warm = pages[:3] + pages[-3:]
        versions = {"base": _version(BASE, warm), "this": _version("auditor", warm)}
        texts = {page.name: baseline_input(page.data) for page in pages}

        def full(name: str, page) -> float:
            engine, lexicons, load = versions[name]
            t = clock()
            engine.check(load(page.data, page.name, lexicons=lexicons))
            return clock() - t

        def segmentation(name: str, page) -> float:
            _, lexicons, load = versions[name]
            t = clock()
            load(page.data, page.name, lexicons=lexicons)
            return clock() - t

        def floor(page) -> float:
            t = clock()
            lxml_baseline(texts[page.name])
            return clock() - t

        best: dict[str, list[dict]] = {"en": [], "zh": []}
        for page in pages:
            b = dict.fromkeys(("floor", "base full", "this full", "base seg", "this seg"), float("inf"))
            for _ in range(args.repeat):
                b["floor"] = min(b["floor"], floor(page))
                for name in ("base", "this"):
                    b[f"{name} full"] = min(b[f"{name} full"], full(name, page))
                    b[f"{name} seg"] = min(b[f"{name} seg"], segmentation(name, page))
            best[page.group].append(b)
    print(f"this checkout against {other} (as {BASE}), one process, best of {args.repeat} per page, CPU time")
    print(f"{'group':5s} {'pages':>5s} {'stage':13s} {'base ms':>8s} {'this ms':>8s} {'change':>7s}"
          f" {'base/lxml':>10s} {'this/lxml':>10s}")
    for group, rows in best.items():
        if not rows:
            continue
        n = len(rows)
        for stage, key in (("full check", "full"), ("segmentation", "seg")):
            base_ms = sum(r[f"base {key}"] for r in rows) / n * 1000
            this_ms = sum(r[f"this {key}"] for r in rows) / n * 1000
            ratio = {v: statistics.median(r[f"{v} {key}"] / r["floor"] for r in rows) for v in ("base", "this")}
            print(f"{group:5s} {n:5d} {stage:13s} {base_ms:8.2f} {this_ms:8.2f} {this_ms / base_ms - 1:+7.1%}"
                  f" {ratio['base']:9.2f}x {ratio['this']:9.2f}x")
        print(f"{group:5s} {n:5d} {'lxml floor':13s} {sum(r['floor'] for r in rows) / n * 1000:8.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
