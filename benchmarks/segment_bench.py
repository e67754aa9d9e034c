"""Segmentation benchmark: decode + parse + segment + language, against bare lxml.

Over the real pages of ``../shared/realpages`` (``aeb/html/*.html.gz``: English news and
blog pages; ``zh-news/**/*.html``: Chinese news pages), skipped with a message when the
folder is absent:

1. per page, in this process: ``auditor.read.pipeline.load_document(bytes)`` (decode, parse,
   segment, language) against the baseline measured in the same run on the same page,
   ``lxml.html.fromstring(decoded_text)`` + ``itertext()``; best of ``--repeat`` for each,
   interleaved page by page. Lexicons are loaded and jieba is initialized before timing
   (one-time costs, printed separately). Prints pages/s, per-page ms (median, p90) and
   the per-page ratio to the baseline (median, p90, max). Target: at most 3x per page.
2. ``auditor segments PAGE`` as a new process (start-up included), median of ``--runs``,
   on the median-size English page and the median-size Chinese page, next to a new
   process that parses the same page with lxml. Targets: English under 0.15 s, Chinese
   under 0.7 s (wall).

Timings are noisy on a shared machine: look at medians, and at ``--clock cpu`` (CPU time
of this process) when other jobs compete for the cores.

    .venv/bin/python benchmarks/segment_bench.py [--repeat 3] [--runs 5] [--clock wall|cpu]
        [--no-process] [--no-pages] [--json FILE]
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import (  # noqa: E402
    new_processes,
    LXML_PROCESS, REALPAGES, ROOT, child_env, median_page, print_first_sight, print_processes, print_summaries, real_pages,
    first_sight, run_process, slowest, summarize, time_pages,
)

RATIO_TARGET = 3.0
PROCESS_TARGETS = {"en": 0.15, "zh": 0.7}


def in_process(pages, repeat: int, clock: str) -> list[dict]:
    from auditor.read import pipeline

    t0 = time.perf_counter()
    lexicons = pipeline.default_lexicons()
    t1 = time.perf_counter()
    warm = {}
    for group in ("en", "zh"):  # first document of each language: jieba, script tables, ...
        page = median_page(pages, group)
        if page is not None:
            t = time.perf_counter()
            pipeline.load_document(page.data, page.name, lexicons=lexicons)
            warm[group] = time.perf_counter() - t
    print(f"one-time: lexicons {1e3 * (t1 - t0):.0f} ms; first English page {1e3 * warm.get('en', 0):.0f} ms; "
          f"first Chinese page {1e3 * warm.get('zh', 0):.0f} ms")

    def ours(page):
        pipeline.load_document(page.data, page.name, lexicons=lexicons)

    timed = time_pages(pages, ours, repeat, clock)
    rows = []
    for label, members in (("en", [t for t in timed if t.page.group == "en"]),
                           ("zh", [t for t in timed if t.page.group == "zh"]), ("all", timed)):
        if members:
            row = summarize(label, members)
            row["over"] = sum(1 for t in members if t.ratio > RATIO_TARGET)
            rows.append(row)
    print(f"\nload_document (decode+parse+segment+language) vs lxml.html.fromstring+itertext, "
          f"best of {repeat}, {clock} clock:")
    print_summaries(rows, RATIO_TARGET)
    slowest(timed)
    groups = {label: timed if label == "all" else [t for t in timed if t.page.group == label]
              for label in ("en", "zh", "all")}
    print_first_sight([first_sight(label, members) for label, members in groups.items() if members])
    overall = rows[-1]
    print(f"target: at most {RATIO_TARGET:g}x the baseline per page: median {overall['ratio_median']:.2f}x "
          f"({'met' if overall['ratio_median'] <= RATIO_TARGET else 'NOT met'}), "
          f"p90 {overall['ratio_p90']:.2f}x ({'met' if overall['ratio_p90'] <= RATIO_TARGET else 'NOT met'}), "
          f"{overall['over']} of {overall['pages']} pages over")
    return rows


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=Path, default=REALPAGES, help=f"the realpages folder (default {REALPAGES})")
    ap.add_argument("--repeat", type=int, default=3, help="timings per page, best kept (default 3)")
    ap.add_argument("--runs", type=int, default=5, help="new-process runs per command (default 5)")
    ap.add_argument("--clock", choices=("wall", "cpu"), default="wall", help="clock for in-process timings")
    ap.add_argument("--no-process", action="store_true", help="skip the new-process timings")
    ap.add_argument("--no-pages", action="store_true", help="skip the per-page timings")
    ap.add_argument("--no-pyc-cache", action="store_true",
                    help="let child processes compile auditor's byte code every run (PYTHONDONTWRITEBYTECODE)")
    ap.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    args = ap.parse_args(argv)
    pages = real_pages(args.pages)
    if not pages:
        print(f"segment_bench: skipped: no real pages in {args.pages} (see ../shared/realpages/README.md)")
        return 0
    print(f"pages: {sum(p.group == 'en' for p in pages)} English (aeb), {sum(p.group == 'zh' for p in pages)} "
          f"Chinese (zh-news); python {sys.version.split()[0]}; repository {ROOT}")
    result: dict = {}
    if not args.no_pages:
        result["pages"] = in_process(pages, args.repeat, args.clock)
    if not args.no_process:
        result["processes"] = new_processes("segments", pages, args.runs, not args.no_pyc_cache, PROCESS_TARGETS)
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
