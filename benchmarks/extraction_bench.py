"""Main-text extraction on trafilatura's public evaluation set (990 real web pages).

Runs the scorer that ships beside the set (``segeval.py``: trafilatura's own benchmark,
"with" snippets found in the main text are true positives, "without" snippets found are
false positives) on ``auditor segments --format json``, and prints precision, recall and
F1 beside trafilatura's figure. Main text is the segments of kind content, disclaimer,
forward_looking and metadata.

The set is built once, outside the repository (the pages belong to their publishers):

    bash ../shared/peer/build.sh GITDIR_OF_adbar/trafilatura ~/peer-work

Then, from the repository root:

    .venv/bin/python benchmarks/extraction_bench.py [--data DIR] [--limit N] [--peer-python PY]

``--data`` defaults to ``$AUDITOR_PEER_WORK``, else ``~/peer-work``. ``--peer-python`` names
a Python that can import trafilatura 2.3.1; trafilatura then runs on the same pages in the
same run, speed included. Without it the published trafilatura F1 (0.921) is printed for
reference. When the set or its scorer is absent the script says so and exits 0.
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCORER = ROOT.parent / "shared" / "peer" / "segeval.py"
PUBLISHED_TRAFILATURA_F1 = 0.921  # trafilatura 2.3.1, library defaults, on this set


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", default=os.environ.get("AUDITOR_PEER_WORK") or str(Path.home() / "peer-work"))
    ap.add_argument("--limit", type=int, default=None, help="score only the first N pages (deterministic)")
    ap.add_argument("--peer-python", default=None, help="a Python that can import trafilatura (runs it too)")
    ap.add_argument("--details", default=None, help="write per-page misses and leaks to this file")
    ap.add_argument("--scorer", default=str(SCORER))
    args = ap.parse_args(argv)

    if not Path(args.scorer).is_file():
        print(f"no scorer at {args.scorer}: nothing to measure")
        return 0
    if not (Path(args.data) / "manifest.json").is_file():
        print(f"no evaluation set in {args.data}: build it with ../shared/peer/build.sh (see this file's docstring)")
        return 0
    exe = shutil.which("auditor", path=str(Path(sys.executable).parent)) or shutil.which("auditor")
    if exe is None:
        print("the auditor command is not installed in this environment", file=sys.stderr)
        return 2
    cmd = [sys.executable, args.scorer, "--data", args.data, "--cmd", exe]
    if args.limit:
        cmd += ["--limit", str(args.limit)]
    if args.details:
        cmd += ["--details", args.details]
    if args.peer_python:
        cmd += ["--peer", "--peer-python", args.peer_python]
    print("running:", " ".join(cmd), flush=True)
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, text=True)
    sys.stdout.write(proc.stdout)
    last = [line for line in proc.stdout.splitlines() if line.startswith("peer:")]
    if last:
        fields = dict(kv.split("=", 1) for kv in last[-1][len("peer:"):].split())
        ours = float(fields.get("f1", "nan"))
        theirs = fields.get("trafilatura_f1", "nan")
        ref = float(theirs) if theirs != "nan" else PUBLISHED_TRAFILATURA_F1
        label = "same run" if theirs != "nan" else "published figure"
        print(f"\nauditor main-text F1 {ours:.3f}; trafilatura {ref:.3f} ({label}); ratio {ours / ref:.3f}")
    return proc.returncode


if __name__ == "__main__":
    sys.exit(main())
