"""Floor benchmark: how close the full check could come to the lxml floor if the HTML walk
cost nothing beyond reading the tree.

The walk (``auditor.read.parse.html._Walker.walk``) is the largest stage of a check. This
puts a number on what any rewrite of it could win: per real page (best of ``--repeat``,
CPU or wall clock, in this process), it times

- the lxml floor, as in ``check_bench.py``: ``lxml.html.fromstring`` + ``itertext()``;
- the full check: ``load_document`` + ``Engine.check`` (bundled ruleset, generic profile);
- the walk alone, over a tree built once from the prepared page;
- a bare walk over the same tree that reads what ours reads and nothing more: each
  element's tag, attributes, text, tail and source line (``etree.iterwalk``).

and prints, for English and Chinese pages, the median per-page ratios: the full check to
the floor, and the full check with the walk replaced by the bare walk to the floor. The
second is a lower bound for any pure-Python walk that keeps the rest of the pipeline.

    .venv/bin/python benchmarks/floor_bench.py [--repeat 2] [--clock cpu|wall]
"""
from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import CLOCKS, baseline_input, lxml_baseline, real_pages  # noqa: E402

AUDIT_DATE = dt.date(2026, 6, 30)


def bare_walk(root) -> int:
    """Read every element's tag, attributes, text, tail and source line; do nothing else."""
    from lxml import etree

    n = 0
    for event, el in etree.iterwalk(root, events=("start", "end")):
        if event == "start":
            el.tag, el.text, el.sourceline  # noqa: B018 - read, as the walk reads them
            attrib = el.attrib
            if attrib:
                attrib.items()
        else:
            el.tail  # noqa: B018
        n += 1
    return n


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeat", type=int, default=2, help="best of this many runs per page (default 2)")
    ap.add_argument("--clock", choices=sorted(CLOCKS), default="cpu")
    args = ap.parse_args(argv)

    pages = real_pages()
    if not pages:
        print("floor_bench: no real pages (../shared/realpages is absent); nothing to measure")
        return 0
    from auditor.audit.engines import AuditOptions, build_engine
    from auditor.read.decode import decode
    from auditor.read.parse import html
    from auditor.read.pipeline import default_lexicons, load_document

    engine = build_engine(AuditOptions(audit_date=AUDIT_DATE))
    lexicons = default_lexicons()
    now = CLOCKS[args.clock]
    for page in pages[:3] + pages[-3:]:  # first pages: jieba, lazily compiled patterns
        engine.check(load_document(page.data, page.name, lexicons=lexicons))

    rows: dict[str, list[tuple[float, float, float, float]]] = {}
    for page in pages:
        text = baseline_input(page.data)
        prepared = html._prepare(decode(page.data).text)
        root, _ = html._build_tree(prepared)
        if root is None:
            continue
        best = [float("inf")] * 4
        for _ in range(args.repeat):
            t0 = now()
            lxml_baseline(text)
            t1 = now()
            engine.check(load_document(page.data, page.name, lexicons=lexicons))
            t2 = now()
            html._Walker(prepared).walk(root)
            t3 = now()
            bare_walk(root)
            t4 = now()
            best = [min(b, t) for b, t in zip(best, (t1 - t0, t2 - t1, t3 - t2, t4 - t3))]
        rows.setdefault(page.group, []).append(tuple(best))

    print(f"clock: {args.clock}; best of {args.repeat} per page; medians of per-page values")
    for group, values in rows.items():
        floor, full, walk, bare = (statistics.median(v[i] for v in values) for i in range(4))
        as_floor = statistics.median(v[1] / v[0] for v in values)
        bare_floor = statistics.median((v[1] - v[2] + v[3]) / v[0] for v in values)
        share = statistics.median(v[2] / v[1] for v in values)
        print(f"{group}: {len(values)} pages; floor {1e3 * floor:.2f} ms, full check {1e3 * full:.2f} ms "
              f"({as_floor:.2f}x), walk {1e3 * walk:.2f} ms ({100 * share:.0f} % of the check), "
              f"bare walk {1e3 * bare:.2f} ms")
        print(f"    full check with the walk at the bare walk's cost: {bare_floor:.2f}x the floor")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
