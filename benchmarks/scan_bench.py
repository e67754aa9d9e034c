#!/usr/bin/env python3
"""Batch-scan throughput and memory: ``auditor scan`` against an lxml-only baseline.

    python benchmarks/scan_bench.py                  # 20,000 generated pages, jobs 1 and 2, real pages
    python benchmarks/scan_bench.py --pages 2000     # a quicker run
    python benchmarks/scan_bench.py --profile 200    # cProfile of the per-page function, top entries

What it measures, all in the same run on the same machine:

1. generates a WARC of ``--pages`` realistic pages (corpora/generate.py: 30-120 KB of
   real-site markup each) into a temporary directory;
2. runs ``auditor scan WARC --out FILE --jobs N`` for each N in ``--jobs`` as a
   subprocess, timing it and sampling the resident memory of the whole process tree
   (the scan and its workers; psutil when installed, else /proc) every 50 ms: pages/s
   and peak RSS;
3. the lxml-only baseline over the same pages: read the WARC, decode, ``lxml.html``
   parse and ``itertext`` (one process): what a bare text extraction costs;
4. the same over the real pages of ../shared/realpages (gzip-compressed ones
   unpacked; skipped when absent).

Targets (a 2-core machine, typical 30-120 KB pages): at least 250 pages/s with 2 jobs,
2 jobs at least 1.7x one job, peak memory under 400 MB whatever the archive size.
"""
from __future__ import annotations

import argparse
import gzip
import importlib.util
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REALPAGES = Path(os.environ.get("AUDITOR_SHARED", ROOT.parent / "shared")) / "realpages"
TARGET_RATE, TARGET_SPEEDUP, TARGET_MB = 250.0, 1.7, 400.0


# ------------------------------------------------------------------------------ memory


def _children_proc() -> dict[int, list[int]]:
    kids: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as f:
                stat = f.read()
        except OSError:
            continue
        ppid = int(stat[stat.rindex(b")") + 2:].split()[1])
        kids.setdefault(ppid, []).append(int(entry))
    return kids


def _rss_proc(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status", "rb") as f:
            for line in f:
                if line.startswith(b"VmRSS:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def tree_rss(pid: int) -> int:
    """Resident memory of a process and all its descendants, in bytes."""
    try:
        import psutil

        try:
            proc = psutil.Process(pid)
            procs = [proc] + proc.children(recursive=True)
        except psutil.Error:
            return 0
        total = 0
        for p in procs:
            try:
                total += p.memory_info().rss
            except psutil.Error:
                pass
        return total
    except ImportError:
        kids = _children_proc()
        total, stack = 0, [pid]
        while stack:
            p = stack.pop()
            total += _rss_proc(p)
            stack.extend(kids.get(p, ()))
        return total


class PeakRSS(threading.Thread):
    def __init__(self, pid: int, interval: float = 0.05):
        super().__init__(daemon=True)
        self.pid, self.interval, self.peak = pid, interval, 0
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            self.peak = max(self.peak, tree_rss(self.pid))
            self.done.wait(self.interval)


# ------------------------------------------------------------------------------ runs


def run_scan(inputs: list[str], out: Path, jobs: int, extra: list[str] = ()) -> dict:
    cmd = [sys.executable, "-m", "auditor", "scan", *inputs, "--out", str(out), "--jobs", str(jobs),
           "--quiet", "--no-config", "--audit-date", "2026-12-31", *extra]
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    load_before = os.getloadavg()[0]
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    sampler = PeakRSS(proc.pid)
    sampler.start()
    _, err = proc.communicate()
    elapsed = time.perf_counter() - started
    sampler.done.set()
    sampler.join()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)  # the scan and its workers (waited for)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"scan failed ({proc.returncode}): {err}")
    pages = 0
    with open(out, "rb") as f:
        for line in f:
            if line.startswith(b'{"type":"document"'):
                pages += 1
    return {"jobs": jobs, "pages": pages, "seconds": elapsed, "rate": pages / elapsed, "peak_mb": sampler.peak / 2**20,
            "cpu_ms": cpu / max(pages, 1) * 1000, "load": max(load_before, os.getloadavg()[0])}


def lxml_baseline(inputs: list[str]) -> dict:
    """decode + lxml.html parse + itertext over the same items, in this process."""
    import lxml.html

    sys.path.insert(0, str(ROOT))
    from auditor.read.decode import decode
    from auditor.sources import iter_sources

    pages = chars = 0
    started = time.perf_counter()
    for item in iter_sources(inputs):
        if item.data is None:
            continue
        try:
            text = decode(item.data, item.content_type).text
            root = lxml.html.document_fromstring(text.encode("utf-8"),
                                                 parser=lxml.html.HTMLParser(encoding="utf-8"))
            chars += sum(len(t) for t in root.itertext())
        except Exception:  # noqa: BLE001 - the baseline only times the happy path
            continue
        pages += 1
    elapsed = time.perf_counter() - started
    return {"pages": pages, "seconds": elapsed, "rate": pages / elapsed, "chars": chars}


def profile(inputs: list[str], n: int) -> None:
    import cProfile
    import pstats

    sys.path.insert(0, str(ROOT))
    from auditor.gate.config import load_config
    from auditor.batch.worker import Auditor, new_spec
    from auditor.sources import iter_sources

    auditor = Auditor(new_spec(load_config({}, isolated=True)))
    auditor.warm_up()
    items = []
    for item in iter_sources(inputs):
        items.append(item)
        if len(items) >= n:
            break
    prof = cProfile.Profile()
    started = time.process_time()
    prof.enable()
    for item in items:
        auditor.audit(item)
    prof.disable()
    cpu = time.process_time() - started
    print(f"\nprofile: {len(items)} pages, {cpu / len(items) * 1000:.1f} ms CPU per page under cProfile")
    stats = pstats.Stats(prof)
    stats.sort_stats("cumulative").print_stats(40)
    stats.sort_stats("tottime").print_stats(25)


def realpages_dir(tmp: Path) -> Path | None:
    """The real pages as plain files (the gzip-compressed ones unpacked)."""
    if not REALPAGES.is_dir():
        return None
    out = tmp / "realpages"
    for src in sorted(REALPAGES.rglob("*")):
        if not src.is_file():
            continue
        rel = src.relative_to(REALPAGES)
        if src.suffix == ".gz" and src.name.endswith((".html.gz", ".htm.gz")):
            dst = out / str(rel)[:-3]
            dst.parent.mkdir(parents=True, exist_ok=True)
            with gzip.open(src, "rb") as f:
                dst.write_bytes(f.read())
        elif src.suffix in (".html", ".htm"):
            dst = out / rel
            dst.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src, dst)
    return out


def _verdict(ok: bool) -> str:
    return "ok" if ok else "MISSED"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--pages", type=int, default=20000)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--jobs", default="1,2", help="comma-separated job counts (default 1,2)")
    p.add_argument("--keep", metavar="DIR", help="generate into DIR and keep it (reused when it exists)")
    p.add_argument("--no-realpages", action="store_true")
    p.add_argument("--profile", type=int, metavar="N", help="only profile the per-page function on N pages")
    args = p.parse_args(argv)
    jobs = [int(j) for j in args.jobs.split(",") if j.strip()]

    tmp = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="auditor-bench-"))
    try:
        warc = tmp / "pages.warc.gz"
        if not warc.is_file():
            spec = importlib.util.spec_from_file_location("auditor_corpora_generate", ROOT / "corpora" / "generate.py")
            gen = importlib.util.module_from_spec(spec)
            sys.modules[spec.name] = gen  # dataclasses look their module up
            spec.loader.exec_module(gen)
            t = time.perf_counter()
            data = gen.generate(tmp, args.pages, args.seed, ("warc",), manifest=False)
            print(f"generated {data['count']} pages, {data['bytes'] / 2**20:.0f} MiB of HTML "
                  f"({data['bytes'] / data['count'] / 1024:.0f} KiB a page), WARC {warc.stat().st_size / 2**20:.0f} MiB "
                  f"in {time.perf_counter() - t:.0f} s")
        if args.profile:
            profile([str(warc)], args.profile)
            return 0
        print(f"machine: {os.cpu_count()} CPUs; python {sys.version.split()[0]}")
        results = {}
        for j in jobs:
            r = run_scan([str(warc)], tmp / f"out-{j}.jsonl", j)
            results[j] = r
            print(f"scan --jobs {j}: {r['pages']} pages in {r['seconds']:.1f} s = {r['rate']:.1f} pages/s; "
                  f"peak RSS (process tree) {r['peak_mb']:.0f} MB; {r['cpu_ms']:.1f} ms CPU a page (all processes); "
                  f"load average {r['load']:.1f}")
        base = lxml_baseline([str(warc)])
        print(f"lxml-only baseline (decode + parse + itertext, 1 process): {base['rate']:.1f} pages/s")
        cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
        cpu_ms = min(r["cpu_ms"] for r in results.values())
        print(f"CPU-bound ceiling on {cpus} free cores at {cpu_ms:.1f} ms a page: {cpus * 1000 / cpu_ms:.0f} pages/s")
        if 2 in results:
            r2 = results[2]
            print(f"target >= {TARGET_RATE:.0f} pages/s with 2 jobs: {r2['rate']:.1f} -> {_verdict(r2['rate'] >= TARGET_RATE)}")
            if 1 in results:
                speedup = r2["rate"] / results[1]["rate"]
                print(f"target 2 jobs >= {TARGET_SPEEDUP}x 1 job: {speedup:.2f}x -> {_verdict(speedup >= TARGET_SPEEDUP)}")
        peak = max(r["peak_mb"] for r in results.values())
        print(f"target peak memory < {TARGET_MB:.0f} MB: {peak:.0f} MB -> {_verdict(peak < TARGET_MB)}")
        if not args.no_realpages:
            real = realpages_dir(tmp)
            if real is None:
                print(f"real pages: skipped ({REALPAGES} not found)")
            else:
                for j in jobs:
                    r = run_scan([str(real)], tmp / f"real-{j}.jsonl", j)
                    print(f"real pages, scan --jobs {j}: {r['pages']} pages in {r['seconds']:.1f} s = "
                          f"{r['rate']:.1f} pages/s; peak RSS {r['peak_mb']:.0f} MB")
                rb = lxml_baseline([str(real)])
                print(f"real pages, lxml-only baseline: {rb['rate']:.1f} pages/s")
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
