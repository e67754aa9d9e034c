"""CPU time of the HTML parser's page preparation on the real pages: what happens to a page
between ``decode`` and libxml2 (``html._prepare`` and the UTF-8 bytes ``_build_tree``
hands libxml2), mean ms per page, English and Chinese.

    python benchmarks/prepare_bench.py                      # this checkout
    python benchmarks/prepare_bench.py --compare ../wt-old  # and an older one, same process

Each page is decoded, then prepared right away (as the pipeline does: the bytes ``decode``
read are the last it read). With ``--compare``, the other checkout's
``auditor/read/parse/html.py`` and ``limits.py`` are loaded from their files beside this
checkout's package (everything else they import is this checkout's) and the two
preparations alternate page by page, so both see the same machine load: on a shared
machine, separate processes timed one after the other disagree by more than the
difference measured. Best of ``--repeat`` passes, CPU time (``time.process_time``).
"""
from __future__ import annotations

import argparse
import importlib.util
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import real_pages  # noqa: E402


def _load_other(checkout: Path):
    """The other checkout's html module (with its own limits module)."""
    parse = checkout / "auditor" / "read" / "parse"
    saved = sys.modules.get("auditor.read.parse.limits")
    try:
        for name in ("limits", "html"):
            spec = importlib.util.spec_from_file_location(f"auditor.read.parse.{name}", parse / f"{name}.py")
            module = importlib.util.module_from_spec(spec)
            if name == "limits":  # (what the other html imports while it loads)
                sys.modules["auditor.read.parse.limits"] = module
            spec.loader.exec_module(module)
    finally:
        sys.modules["auditor.read.parse.limits"] = saved
    return module


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--compare", metavar="DIR", help="another checkout, timed alternately in this process")
    p.add_argument("--repeat", type=int, default=5, help="passes over the pages (default 5)")
    args = p.parse_args(argv)
    from auditor.read.decode import decode
    from auditor.read.parse import html

    versions = [("this", html)] + ([(Path(args.compare).resolve().name, _load_other(Path(args.compare)))]
                                   if args.compare else [])
    pages = real_pages()
    if not pages:
        print("no real pages (../shared/realpages): nothing measured")
        return 0
    print(f"{'group':5s} {'pages':>5s}  " + "  ".join(f"{name + ' ms':>12s}" for name, _ in versions)
          + ("  this/other" if args.compare else ""))
    clock = time.process_time
    for group in ("en", "zh"):
        data = [page.data for page in pages if page.group == group]
        best = [float("inf")] * len(versions)
        for rep in range(args.repeat):
            spent = [0.0] * len(versions)
            for i, d in enumerate(data):
                text = decode(d).text
                order = range(len(versions)) if (i + rep) % 2 else reversed(range(len(versions)))
                for k in order:
                    module = versions[k][1]
                    started = clock()
                    module._utf8(module._prepare(text))
                    spent[k] += clock() - started
            best = [min(b, s) for b, s in zip(best, spent)]
        figures = [b / len(data) * 1000 for b in best]
        print(f"{group:5s} {len(data):5d}  " + "  ".join(f"{f:12.3f}" for f in figures)
              + (f"  {figures[0] / figures[1]:10.2f}" if args.compare else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
