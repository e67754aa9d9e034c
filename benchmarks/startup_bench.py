#!/usr/bin/env python3
"""Start-up of ``auditor check PAGE`` as a new process, warm and with an empty cache.

    python benchmarks/startup_bench.py                      # 7 rounds, CPU time
    python benchmarks/startup_bench.py --clock wall --runs 11
    python benchmarks/startup_bench.py --compare ../wt-old  # an older checkout in the same run
    python benchmarks/startup_bench.py --no-bytecode        # also without any .pyc files

Cases, each on the English and on the Chinese real page of median size (written to a
temporary folder as a plain ``.html`` file):

- **warm**: the per-user cache (``AUDITOR_CACHE_DIR``) filled by an untimed first run;
- **empty**: ``AUDITOR_CACHE_DIR`` pointing at a new folder on every run, what every
  fresh CI runner meets (the entries prebuilt with the package still apply; see
  ``auditor.commands.prebuild``); ``--no-prebuilt`` adds the same without them;
- with ``--no-bytecode``, both again with no byte code at all (a new, empty
  ``PYTHONPYCACHEPREFIX`` each run: everything imported is compiled, the standard library
  included), the baseline likewise.

The baseline is a new process running ``python -c "import lxml.html"``. All cases run
interleaved, round after round, so each sees the same machine load; medians over
``--runs`` rounds are compared. ``--clock cpu`` (the default: the machine is shared)
compares the child's user + system time, ``--clock wall`` its elapsed time; both are
printed. Targets: warm at most 2.5x the baseline, empty cache at most 5x.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import ROOT, median_page, real_pages  # noqa: E402

TARGETS = {"warm": 2.5, "empty": 5.0}
BASELINE = [sys.executable, "-c", "import lxml.html"]


def run_once(cmd: list[str], env: dict, cwd: str) -> tuple[float, float, int]:
    """Wall and CPU seconds of one new process, and its exit code."""
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    done = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, cwd=cwd)
    wall = time.perf_counter() - t0
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in (0, 1):
        sys.stderr.write(done.stderr.decode("utf-8", "replace")[-2000:])
        raise SystemExit(f"{' '.join(cmd)}: exit code {done.returncode}")
    return wall, r1.ru_utime + r1.ru_stime - r0.ru_utime - r0.ru_stime, done.returncode


class Case:
    def __init__(self, label: str, cmd: list[str], env: dict, cache: str | None, fresh_pyc: bool,
                 kind: str | None):
        self.label, self.cmd, self.env, self.cache, self.fresh_pyc, self.kind = label, cmd, env, cache, fresh_pyc, kind
        self.wall: list[float] = []
        self.cpu: list[float] = []
        self.written: list[int] = []  # cache entries an empty-cache run wrote

    def run(self, tmp: Path, n: int) -> None:
        env = dict(self.env)
        cache = None
        if self.cache == "empty":
            cache = tmp / f"cache-{id(self)}-{n}"
            env["AUDITOR_CACHE_DIR"] = str(cache)
        elif self.cache is not None:
            env["AUDITOR_CACHE_DIR"] = self.cache
        if self.fresh_pyc:
            pyc = tmp / f"pyc-{id(self)}-{n}"
            env["PYTHONPYCACHEPREFIX"] = str(pyc)
            env["PYTHONDONTWRITEBYTECODE"] = "1"
        wall, cpu, _ = run_once(self.cmd, env, str(tmp / "cwd"))
        self.wall.append(wall)
        self.cpu.append(cpu)
        if cache is not None:
            self.written.append(len(list(cache.iterdir())) if cache.is_dir() else 0)
            shutil.rmtree(cache, ignore_errors=True)
        if self.fresh_pyc:
            shutil.rmtree(tmp / f"pyc-{id(self)}-{n}", ignore_errors=True)

    def median(self, clock: str) -> float:
        return statistics.median(self.wall if clock == "wall" else self.cpu)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--runs", type=int, default=7, help="rounds (default 7)")
    p.add_argument("--clock", choices=("cpu", "wall"), default="cpu",
                   help="what the ratios compare (default cpu: the machine is shared)")
    p.add_argument("--compare", metavar="DIR", action="append", default=[],
                   help="another checkout of auditor measured in the same run (repeatable)")
    p.add_argument("--no-bytecode", action="store_true", help="also measure without any .pyc files")
    p.add_argument("--no-prebuilt", action="store_true",
                   help="also measure an empty cache without the prebuilt entries")
    p.add_argument("--json", metavar="FILE", help="write the measurements as JSON")
    args = p.parse_args(argv)

    pages = real_pages()
    chosen = [pg for pg in (median_page(pages, "en"), median_page(pages, "zh")) if pg is not None]
    if not chosen:
        print("real pages not found (../shared/realpages); nothing to measure")
        return 0
    checkouts = [("this", ROOT)] + [(Path(d).resolve().name, Path(d).resolve()) for d in args.compare]

    tmp = Path(tempfile.mkdtemp(prefix="auditor-startup-"))
    try:
        (tmp / "cwd").mkdir()  # an empty folder: no configuration file applies
        base_env = {**os.environ, "NO_COLOR": "1"}
        for var in ("AUDITOR_NO_CACHE", "AUDITOR_PREBUILT_DIR", "AUDITOR_CACHE_DIR"):
            base_env.pop(var, None)
        cached_env = dict(base_env)  # byte code cached in a private folder, as an installed package has it
        cached_env.pop("PYTHONDONTWRITEBYTECODE", None)
        cached_env["PYTHONPYCACHEPREFIX"] = str(Path(tempfile.gettempdir()) / f"auditor-bench-pycache-{os.getuid()}")
        (tmp / "no-prebuilt").mkdir()

        bytecode = [("", False)] + ([(" no .pyc", True)] if args.no_bytecode else [])
        cases: list[Case] = []
        baselines: dict[bool, Case] = {}
        for suffix, fresh in bytecode:
            baselines[fresh] = Case(f"python -c 'import lxml.html'{suffix}", BASELINE, cached_env, None, fresh, None)
            cases.append(baselines[fresh])
        for name, root in checkouts:
            env = dict(cached_env, PYTHONPATH=str(root) + os.pathsep + os.environ.get("PYTHONPATH", ""))
            for page in chosen:
                # the page as a plain .html file (the English pages are stored gzip-compressed)
                path = tmp / f"{page.group}.html"
                path.write_bytes(page.data)
                cmd = [sys.executable, "-m", "auditor", "check", str(path), "--audit-date", "2026-11-21"]
                warm = str(tmp / f"warm-{name}-{page.group}")
                kinds = [("warm", warm, env), ("empty", "empty", env)]
                if args.no_prebuilt:
                    kinds.append(("empty, no prebuilt", "empty",
                                  dict(env, AUDITOR_PREBUILT_DIR=str(tmp / "no-prebuilt"))))
                for suffix, fresh in bytecode:
                    for kind, cache, kenv in kinds:
                        label = f"{name}: check {page.group} page ({len(page.data) // 1024} KB), {kind}{suffix}"
                        cases.append(Case(label, cmd, kenv, cache, fresh, kind.split(",")[0]))
                # fill the warm cache and the byte code (untimed)
                run_once(cmd, dict(env, AUDITOR_CACHE_DIR=warm), str(tmp / "cwd"))
        run_once(BASELINE, cached_env, str(tmp / "cwd"))

        load = os.getloadavg()[0]
        for n in range(args.runs):
            for case in (cases if n % 2 == 0 else cases[::-1]):  # no case always runs first
                case.run(tmp, n)
            if sys.stderr.isatty():
                sys.stderr.write(f"\rround {n + 1}/{args.runs}")
        if sys.stderr.isatty():
            sys.stderr.write("\r" + " " * 20 + "\r")
        load = max(load, os.getloadavg()[0])

        print(f"new process each run, median of {args.runs} interleaved rounds; ratios by {args.clock} time; "
              f"load average {load:.1f}; python {sys.version.split()[0]}")
        print(f"{'case':<62}{'wall':>8}{'cpu':>8}{'ratio':>8}{'target':>8}  met  entries written")
        rows = []
        for case in cases:
            fresh = case.fresh_pyc
            base = baselines[fresh]
            ratio = case.median(args.clock) / base.median(args.clock)
            target = TARGETS.get(case.kind) if case.kind and not fresh else None
            met = "" if target is None else ("yes" if ratio <= target else "NO")
            written = f"{statistics.median(case.written):g}" if case.written else ""
            print(f"{case.label:<62}{case.median('wall'):>7.3f}s{case.median('cpu'):>7.3f}s{ratio:>7.2f}x"
                  f"{'' if target is None else f'{target:g}x':>8}  {met:<4} {written}")
            rows.append({"case": case.label, "wall_s": case.wall, "cpu_s": case.cpu,
                         "wall_median_s": case.median("wall"), "cpu_median_s": case.median("cpu"),
                         "ratio": ratio, "clock": args.clock, "target": target, "cache_entries_written": case.written})
        stale = sorted({c.label.split(":")[0] for c in cases
                        if c.kind == "empty" and "no prebuilt" not in c.label and c.written and statistics.median(c.written) > 0})
        if stale:
            # An empty cache only writes entries the prebuilt ones lack: the checkout's code
            # changed since its prebuild, and its empty-cache runs measure that instead.
            print(f"note: the empty-cache runs of {', '.join(stale)} wrote cache entries: its prebuilt entries "
                  f"are stale (run `PYTHONPATH=DIR python -m auditor.commands.prebuild` there); "
                  f"those rows measure the rebuilding")
        if args.json:
            Path(args.json).write_text(json.dumps(rows, indent=1), encoding="utf-8")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
