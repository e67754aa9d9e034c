"""CI benchmark: `auditor check --changed-since HEAD` over 20 changed pages, as a new process.

A pre-commit hook or a pull-request job audits the few pages a change touched, so what
matters is the wall time of one fresh process, start-up included. This script:

1. builds a temporary git repository with a site made of the corpus pages (copied into
   several sections, so most pages are unchanged), and commits it;
2. changes 20 pages (an edited paragraph, as an editor would);
3. times, each as a new process, best and median of --runs:
   - ``auditor check site --changed-since HEAD`` (the CI gate),
   - ``auditor check`` on the same 20 files named explicitly (no git),
   - baseline 1: ``python -c "import lxml.html"`` (interpreter + lxml start-up),
   - baseline 2: a bare lxml parse of the same 20 pages in a new process;
4. prints the numbers and the ratios to the baselines.

Target: under 2 s for the gate on a 2-core machine.

    .venv/bin/python benchmarks/ci_bench.py [--runs 5] [--copies 6] [--json]
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpora" / "pages"
CHANGED = 20
TARGET_S = 2.0
GIT_ENV = {"GIT_AUTHOR_NAME": "bench", "GIT_AUTHOR_EMAIL": "bench@example.invalid",
           "GIT_COMMITTER_NAME": "bench", "GIT_COMMITTER_EMAIL": "bench@example.invalid", "GIT_CONFIG_NOSYSTEM": "1"}


def git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, env={**os.environ, **GIT_ENV, "HOME": str(cwd)})


def build_site(repo: Path, copies: int) -> list[Path]:
    pages = sorted(p for p in CORPUS.iterdir() if p.is_file())
    if not pages:
        sys.exit(f"no corpus pages in {CORPUS}")
    out = []
    for k in range(copies):
        section = repo / "site" / f"section-{k:02d}"
        section.mkdir(parents=True)
        for p in pages:
            dest = section / p.name
            shutil.copyfile(p, dest)
            out.append(dest)
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "site")
    return out


def change(pages: list[Path]) -> list[Path]:
    """Edit 20 pages spread over the site, as an editor would (one more paragraph)."""
    step = max(1, len(pages) // CHANGED)
    chosen = pages[::step][:CHANGED]
    for p in chosen:
        data = p.read_bytes()
        if p.suffix in (".html", ".htm") and b"</body>" in data:
            data = data.replace(b"</body>", "<p>\u66f4\u65b0\u65e5\u671f\uff1a2026-09-10</p>\n</body>".encode("utf-8"), 1) \
                if not data.startswith((b"\xff\xfe", b"\xfe\xff")) else data + b"\n"
        else:
            data += b"\n"
        p.write_bytes(data)
    return chosen


def timed(cmd: list[str], cwd: Path, runs: int) -> tuple[list[float], subprocess.CompletedProcess]:
    times = []
    last = None
    env = {**os.environ, "NO_COLOR": "1"}
    for _ in range(runs):
        t0 = time.perf_counter()
        last = subprocess.run(cmd, cwd=cwd, capture_output=True, env=env)
        times.append(time.perf_counter() - t0)
    return times, last


LXML_PARSE = """
import sys, lxml.html
for path in sys.argv[1:]:
    with open(path, 'rb') as f:
        data = f.read()
    try:
        lxml.html.document_fromstring(data)
    except Exception:
        pass
"""


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--copies", type=int, default=6, help="copies of the corpus in the site (default 6)")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON too")
    args = ap.parse_args(argv)
    py = sys.executable
    with tempfile.TemporaryDirectory(prefix="auditor-ci-bench-") as tmp:
        repo = Path(tmp)
        pages = build_site(repo, args.copies)
        chosen = change(pages)
        rel = [str(p.relative_to(repo)) for p in chosen]
        gate_cmd = [py, "-m", "auditor", "check", "site", "--changed-since", "HEAD", "--no-config", "--format", "json"]
        # One warm-up run (file system cache, .pyc files), not counted.
        subprocess.run(gate_cmd, cwd=repo, capture_output=True)
        gate, proc = timed(gate_cmd, repo, args.runs)
        if proc.returncode not in (0, 1):
            sys.stderr.write(proc.stderr.decode("utf-8", "replace"))
            return 2
        audited = len(json.loads(proc.stdout)["documents"])
        files, _ = timed([py, "-m", "auditor", "check", *rel, "--no-config", "--format", "json"], repo, args.runs)
        startup, _ = timed([py, "-c", "import lxml.html"], repo, args.runs)
        bare, _ = timed([py, "-c", LXML_PARSE, *rel], repo, args.runs)

    def fmt(ts):
        return f"best {min(ts):6.3f} s   median {statistics.median(ts):6.3f} s"

    gate_med = statistics.median(gate)
    print(f"site: {len(pages)} pages, {CHANGED} changed; audited by the gate: {audited}; runs: {args.runs}")
    print(f"auditor check --changed-since HEAD   {fmt(gate)}")
    print(f"auditor check <20 files>             {fmt(files)}")
    print(f"python -c 'import lxml.html'         {fmt(startup)}")
    print(f"bare lxml parse of the 20 pages      {fmt(bare)}")
    print(f"ratio gate / lxml start-up: {gate_med / statistics.median(startup):5.1f}x   "
          f"gate / bare lxml parse: {gate_med / statistics.median(bare):5.1f}x   "
          f"git overhead: {gate_med - statistics.median(files):+.3f} s")
    ok = gate_med < TARGET_S
    print(f"target: median under {TARGET_S:.1f} s: {'met' if ok else 'NOT met'}")
    if args.json:
        print(json.dumps({"pages": len(pages), "changed": CHANGED, "audited": audited, "gate_s": gate,
                          "files_s": files, "lxml_startup_s": startup, "lxml_parse_s": bare,
                          "target_s": TARGET_S, "met": ok}))
    return 0 if audited == CHANGED else 1


if __name__ == "__main__":
    sys.exit(main())
