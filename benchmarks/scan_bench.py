#!/usr/bin/env python3
"""Batch-scan throughput and memory: ``auditor scan`` of a WARC of the real pages.

    python benchmarks/scan_bench.py                        # throughput, 3 rounds
    python benchmarks/scan_bench.py --memory-records 25000 # and peak memory on 25,000 records
    python benchmarks/scan_bench.py --compare ../wt-old    # an older checkout in the same run
    python benchmarks/scan_bench.py --profile 200          # cProfile of the per-page function
    python benchmarks/scan_bench.py --generated 20000      # the older generated-pages run (below)

What it measures, all in the same run on the same machine:

1. writes a WARC (gzip per record, warcio) of the real pages of ../shared/realpages
   (``aeb/html/*.html.gz`` English, ``zh-news/**/*.html`` Chinese: one ``response``
   record each, with HTTP headers) into a temporary folder;
2. **throughput**: ``auditor scan WARC --out FILE --jobs N`` as a new process for each N in
   ``--jobs`` (default 2), and the baseline, a new process making one pass over the same
   WARC with warcio and ``lxml.html`` (read each record, parse it, ``itertext``),
   interleaved for ``--rounds`` rounds: median pages/s of each and the ratio scan ÷
   baseline. Target: at least 0.45 with 2 jobs. Wall time of the whole command, start-up
   included: that is what a user waits for;
3. **memory** (``--memory-records N``): the same pages repeated to N records (each with its
   own URI), scanned with 2 jobs while the resident memory of the whole process tree (the
   scan and its workers, from /proc/PID/smaps_rollup) is sampled every 50 ms: RSS, PSS
   and USS summed over the processes, each as the peak and the peaks of the first and the
   last quarter of the run (flat: no growth with the archive). Summed RSS counts the
   memory the forked workers share with the parent once per process; PSS shares it out,
   so the target is checked on PSS: under 250 MB.

``--compare DIR`` runs another checkout's ``auditor`` (``PYTHONPATH=DIR``) in the same
rounds, for before/after figures under the same load.

``--generated N`` keeps the older run over N generated pages (corpora/generate.py: 30-120 KB
of real-site markup each), jobs 1 and 2, against an lxml-only pass in this process; its
targets were 250 pages/s with 2 jobs, 2 jobs at least 1.7x one job, peak memory under 400 MB.
"""
from __future__ import annotations

import argparse
import gzip
import importlib.util
import io
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REALPAGES = Path(os.environ.get("AUDITOR_SHARED", ROOT.parent / "shared")) / "realpages"
TARGET_RATE, TARGET_SPEEDUP, TARGET_MB = 250.0, 1.7, 400.0
TARGET_RATIO, TARGET_MEMORY_MB = 0.45, 250.0


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


def tree_pids(pid: int) -> list[int]:
    """A process and all its descendants."""
    kids = _children_proc()
    out, stack = [], [pid]
    while stack:
        p = stack.pop()
        out.append(p)
        stack.extend(kids.get(p, ()))
    return out


def _smaps_rollup(pid: int) -> tuple[int, int, int] | None:
    """(RSS, PSS, USS) of one process in bytes, from /proc/PID/smaps_rollup (Linux 4.14+)."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as f:
            fields = {}
            for line in f:
                key, _, rest = line.partition(b":")
                if key in (b"Rss", b"Pss", b"Private_Clean", b"Private_Dirty"):
                    fields[key] = int(rest.split()[0]) * 1024
    except (OSError, ValueError, IndexError):
        return None
    if b"Rss" not in fields:
        return None
    return fields[b"Rss"], fields.get(b"Pss", 0), fields.get(b"Private_Clean", 0) + fields.get(b"Private_Dirty", 0)


def tree_memory(pid: int) -> tuple[int, int, int]:
    """(RSS, PSS, USS) summed over a process tree, in bytes.

    Summed RSS counts every page a forked worker still shares with the scan's parent once
    per process; PSS divides each shared page among the processes mapping it, so its sum is
    what the tree really occupies; USS (private pages only) is what ending the processes
    would free. Without smaps_rollup, PSS and USS are reported as RSS."""
    rss = pss = uss = 0
    for p in tree_pids(pid):
        got = _smaps_rollup(p)
        if got is None:
            r = _rss_proc(p)
            got = (r, r, r) if r else (0, 0, 0)
        rss, pss, uss = rss + got[0], pss + got[1], uss + got[2]
    return rss, pss, uss


def tree_rss(pid: int) -> int:
    """Resident memory of a process and all its descendants, in bytes (summed RSS)."""
    return sum(_rss_proc(p) for p in tree_pids(pid))


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


# Run as ``python -c OVERHEAD_RUN ARGS...`` in a new process: ``auditor scan ARGS`` whose
# check is free. The warm-up (in the parent, before the workers are forked) also audits every
# page of the input the usual way and keeps the results; during the scan, Auditor.audit hands
# back the kept result of each page. Everything else is the real scan: reading the input, the
# pool, pickling the pages and the results, writing the records, the summary and the
# cross-page stage. Prints the CPU seconds of the checks done beforehand, of the parent from
# the fork to the end, and of the workers (whose CPU is all after the fork).
OVERHEAD_RUN = r"""
import os, resource, sys, time
from auditor.batch import worker
from auditor.sources import iter_sources

kept, marks = {}, {}
real_audit, real_warm_up = worker.Auditor.audit, worker.Auditor.warm_up

def warm_up(self):
    real_warm_up(self)
    started = time.process_time()
    for path in [a for a in sys.argv[1:] if not a.startswith("-")][:1]:
        for item in iter_sources([path]):
            key = (item.source, (item.meta or {}).get("record_id"))
            kept[key] = real_audit(self, item)
    marks["check"] = time.process_time() - started
    marks["fork"] = time.process_time()

def audit(self, item, occurrence=1):
    got = kept.get((item.source, (item.meta or {}).get("record_id")))
    return got if got is not None else real_audit(self, item, occurrence)

worker.Auditor.warm_up, worker.Auditor.audit = warm_up, audit
from auditor.cli import main
code = main(["scan", *sys.argv[1:]])
children = resource.getrusage(resource.RUSAGE_CHILDREN)
print(len(kept), marks["check"], time.process_time() - marks["fork"], children.ru_utime + children.ru_stime)
sys.exit(code)
"""


def overhead(args, tmp: Path, warc: Path, n: int, checkouts) -> None:
    """CPU a scan spends on each page besides the check itself (see OVERHEAD_RUN)."""
    print(f"\nwhat a scan adds to the check, per page (the real scan --jobs 2 with every check answered from "
          f"results computed beforehand in the same process): CPU ms per page, median of {args.rounds} rounds")
    got: dict[str, list[tuple[float, float, float]]] = {name: [] for name, _ in checkouts}
    for r in range(max(args.rounds, 1)):
        for name, root in (checkouts if r % 2 == 0 else checkouts[::-1]):
            out = tmp / f"overhead-{name}.jsonl"
            cmd = [sys.executable, "-c", OVERHEAD_RUN, str(warc), "--out", str(out), "--jobs", "2", "--quiet",
                   "--no-config", "--audit-date", "2026-12-31"]
            res = timed(cmd, checkout_env(root))
            kept, check, parent, workers = res["stdout"].split()
            if int(kept) != n or count_documents(out) != n:
                raise SystemExit(f"{name}: the overhead run wrote {count_documents(out)} page records of {n}")
            got[name].append((float(check), float(parent), float(workers)))
    for name, rows in got.items():
        check, parent, workers = (statistics.median(row[k] for row in rows) / n * 1000 for k in range(3))
        print(f"{name}: the check itself {check:.1f} ms; besides it, parent {parent:.2f} ms, workers {workers:.2f} ms "
              f"({(parent + workers) / check:.1%} of the check)")


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


def generated_main(args) -> int:
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
            data = gen.generate(tmp, args.generated, args.seed, ("warc",), manifest=False)
            print(f"generated {data['count']} pages, {data['bytes'] / 2**20:.0f} MiB of HTML "
                  f"({data['bytes'] / data['count'] / 1024:.0f} KiB a page), WARC {warc.stat().st_size / 2**20:.0f} MiB "
                  f"in {time.perf_counter() - t:.0f} s")
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



# ------------------------------------------------------------------------------ the real-pages WARC


def real_page_bytes() -> list[tuple[str, bytes]]:
    """(name, bytes) of every real page, English then Chinese, or [] when absent."""
    if not REALPAGES.is_dir():
        return []
    pages = [(str(p.relative_to(REALPAGES))[:-3], gzip.decompress(p.read_bytes()))
             for p in sorted((REALPAGES / "aeb" / "html").glob("*.html.gz"))]
    pages += [(str(p.relative_to(REALPAGES)), p.read_bytes()) for p in sorted((REALPAGES / "zh-news").glob("**/*.html"))]
    return pages


def write_warc(path: Path, pages: list[tuple[str, bytes]], records: int | None = None) -> int:
    """A WARC of ``pages`` (repeated to ``records`` records, each with its own URI)."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    n = records or len(pages)
    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for i in range(n):
            name, data = pages[i % len(pages)]
            rep = i // len(pages)
            uri = f"https://pages.example/{name}" + (f"?copy={rep}" if rep else "")
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html"), ("Content-Length", str(len(data)))],
                                       protocol="HTTP/1.1")
            rec = writer.create_warc_record(uri, "response", payload=io.BytesIO(data), http_headers=headers)
            writer.write_record(rec)
    return n


BASELINE_PASS = """
import sys, lxml.html
from warcio.archiveiterator import ArchiveIterator
pages = chars = 0
with open(sys.argv[1], 'rb') as fh:
    for rec in ArchiveIterator(fh):
        if rec.rec_type != 'response':
            continue
        data = rec.content_stream().read()
        try:
            chars += sum(len(t) for t in lxml.html.document_fromstring(data).itertext())
        except Exception:
            continue
        pages += 1
print(pages, chars)
"""


_TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _cpu_proc(pid: int) -> tuple[float, float] | None:
    """(own CPU, CPU of its waited-for children) of a process in seconds, from /proc/PID/stat."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            stat = f.read()
    except OSError:
        return None
    fields = stat[stat.rindex(b")") + 2:].split()
    # fields[11:15]: utime stime cutime cstime (fields 14-17 of proc(5))
    return (int(fields[11]) + int(fields[12])) / _TICK, (int(fields[13]) + int(fields[14])) / _TICK


class CPUSplit(threading.Thread):
    """Splits a scan's CPU time between its parent process and its workers.

    Samples, every 20 ms, the CPU of every worker (a child of the scan) and the CPU the scan
    has collected from its children that ended; the workers' share is the larger of the two
    (a worker's last 20 ms can be missed only if the scan never reaps it), and the parent's is
    the process tree's total (``getrusage`` of the benchmark's children) minus that."""

    def __init__(self, pid: int, interval: float = 0.02):
        super().__init__(daemon=True)
        self.pid, self.interval = pid, interval
        self.done = threading.Event()
        self.workers: dict[int, float] = {}  # pid -> last CPU seen
        self.reaped = 0.0

    def run(self) -> None:
        while not self.done.is_set():
            own = _cpu_proc(self.pid)
            if own is not None:
                self.reaped = max(self.reaped, own[1])
            for p in _children_proc().get(self.pid, ()):
                got = _cpu_proc(p)
                if got is not None:
                    self.workers[p] = sum(got)
            self.done.wait(self.interval)

    def worker_cpu(self) -> float:
        return max(self.reaped, sum(self.workers.values()))


def timed(cmd: list[str], env: dict | None = None, sample: bool = False, cpu: bool = False) -> dict:
    """Wall time of a new process, its CPU time (its own and its children's), the peak memory of
    its process tree with ``sample``, and the CPU split parent/workers with ``cpu``."""
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    sampler = split = None
    if sample:
        sampler = Timeline(proc.pid)
        sampler.start()
    if cpu:
        split = CPUSplit(proc.pid)
        split.start()
    out, err = proc.communicate()
    elapsed = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    total = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    for thread in (sampler, split):
        if thread is not None:
            thread.done.set()
            thread.join()
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(cmd[:4])}...: exit code {proc.returncode}: {err[-2000:]}")
    res = {"seconds": elapsed, "stdout": out, "samples": sampler.samples if sampler else [], "cpu": total}
    if split is not None:
        res["worker_cpu"] = min(split.worker_cpu(), total)
        res["parent_cpu"] = total - res["worker_cpu"]
    return res


class Timeline(PeakRSS):
    """Every (time, (RSS, PSS, USS)) sample of the process tree."""

    def __init__(self, pid: int, interval: float = 0.05):
        super().__init__(pid, interval)
        self.samples: list[tuple[float, tuple[int, int, int]]] = []

    def run(self) -> None:
        t0 = time.perf_counter()
        while not self.done.is_set():
            mem = tree_memory(self.pid)
            self.samples.append((time.perf_counter() - t0, mem))
            self.peak = max(self.peak, mem[1])
            self.done.wait(self.interval)


def scan_cmd(warc: Path, out: Path, jobs: int) -> list[str]:
    return [sys.executable, "-m", "auditor", "scan", str(warc), "--out", str(out), "--jobs", str(jobs),
            "--quiet", "--no-config", "--audit-date", "2026-12-31"]


def count_documents(out: Path) -> int:
    pages = 0
    with open(out, "rb") as f:
        for line in f:
            if line.startswith(b'{"type":"document"'):
                pages += 1
    return pages


def bytecode_env() -> dict:
    """This environment with byte code cached in a private folder, as an installed package
    has its .pyc files, even where PYTHONDONTWRITEBYTECODE is set (as in some containers)."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(Path(tempfile.gettempdir()) / f"auditor-bench-pycache-{os.getuid()}")
    return env


def checkout_env(root: Path) -> dict:
    env = bytecode_env()
    env["PYTHONPATH"] = str(root) + os.pathsep + os.environ.get("PYTHONPATH", "")
    return env


def realpages_main(args) -> int:
    pages = real_page_bytes()
    if not pages:
        print(f"real pages: not found ({REALPAGES}); nothing to measure")
        return 0
    jobs = [int(j) for j in args.jobs.split(",") if j.strip()]
    checkouts = [("this", ROOT)] + [(Path(d).resolve().name, Path(d).resolve()) for d in args.compare]
    tmp = Path(tempfile.mkdtemp(prefix="auditor-scanbench-"))
    try:
        warc = tmp / "realpages.warc.gz"
        n = write_warc(warc, pages)
        print(f"WARC of the real pages: {n} records, {warc.stat().st_size / 2**20:.1f} MiB; "
              f"machine: {os.cpu_count()} CPUs; python {sys.version.split()[0]}")
        base_cmd = [sys.executable, "-c", BASELINE_PASS, str(warc)]
        timed(base_cmd, bytecode_env())  # warm the page cache and the byte code
        for name, root in checkouts:  # and each checkout's per-user cache
            timed(scan_cmd(warc, tmp / "warm.jsonl", 1), checkout_env(root))
        if args.rounds > 0 and not args.overhead:
            throughput(args, tmp, warc, n, base_cmd, checkouts, jobs)
        if args.overhead:
            overhead(args, tmp, warc, n, checkouts)
        if args.memory_records:
            memory(args, tmp, pages, checkouts)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


def throughput(args, tmp: Path, warc: Path, n: int, base_cmd: list[str], checkouts, jobs: list[int]) -> None:
    base_times: list[float] = []
    scan_times: dict[tuple[str, int], list[float]] = {(name, j): [] for name, _ in checkouts for j in jobs}
    scan_cpu: dict[tuple[str, int], list[tuple[float, float]]] = {key: [] for key in scan_times}
    load = os.getloadavg()[0]
    for r in range(args.rounds):
        base = timed(base_cmd, bytecode_env())
        base_pages = int(base["stdout"].split()[0])
        base_times.append(base["seconds"])
        print(f"  round {r + 1}: baseline {base_pages / base['seconds']:.1f} pages/s ({base['seconds']:.2f} s; "
              f"CPU per page {base['cpu'] / base_pages * 1000:.1f} ms)", flush=True)
        # every other round in the opposite order: no checkout always runs first
        for name, root in (checkouts if r % 2 == 0 else checkouts[::-1]):
            for j in jobs:
                out = tmp / f"out-{name}-{j}.jsonl"
                res = timed(scan_cmd(warc, out, j), checkout_env(root), cpu=True)
                got = count_documents(out)
                if got != n:
                    raise SystemExit(f"{name}: scan wrote {got} page records of {n}")
                scan_times[(name, j)].append(res["seconds"])
                scan_cpu[(name, j)].append((res["parent_cpu"], res["worker_cpu"]))
                print(f"  round {r + 1}: {name} --jobs {j}: {n / res['seconds']:.1f} pages/s "
                      f"({res['seconds']:.2f} s; ÷ baseline {n / res['seconds'] / (base_pages / base['seconds']):.3f}); "
                      f"CPU per page: parent {res['parent_cpu'] / n * 1000:.1f} ms, "
                      f"workers {res['worker_cpu'] / n * 1000:.1f} ms", flush=True)
    load = max(load, os.getloadavg()[0])
    base_rate = base_pages / statistics.median(base_times)
    print(f"median of {args.rounds} interleaved rounds, wall time of each command; load average {load:.1f}")
    print(f"baseline, one warcio + lxml.html pass (new process): {base_rate:.1f} pages/s "
          f"({statistics.median(base_times):.2f} s)")
    for (name, j), times in scan_times.items():
        rate = n / statistics.median(times)
        ratio = rate / base_rate
        verdict = f"target >= {TARGET_RATIO:g}: {_verdict(ratio >= TARGET_RATIO)}" if j == 2 else ""
        parent = statistics.median(c[0] for c in scan_cpu[(name, j)]) / n * 1000
        workers = statistics.median(c[1] for c in scan_cpu[(name, j)]) / n * 1000
        print(f"{name}: auditor scan --jobs {j}: {rate:.1f} pages/s ({statistics.median(times):.2f} s); "
              f"÷ baseline {ratio:.3f}  {verdict}")
        print(f"{name}:   CPU per page (median): parent {parent:.1f} ms, workers {workers:.1f} ms, "
              f"together {parent + workers:.1f} ms")


def memory(args, tmp: Path, pages, checkouts) -> None:
    big = tmp / "records.warc.gz"
    m = write_warc(big, pages, args.memory_records)
    print(f"\nmemory: {m} records ({big.stat().st_size / 2**20:.0f} MiB), auditor scan --jobs 2; process tree "
          f"sampled every 50 ms. RSS summed over the processes counts the pages the workers share with the "
          f"parent once per process; PSS shares them out (the tree's real footprint, the figure the target "
          f"is checked on); USS is private pages only")
    for name, root in checkouts:
        out = tmp / f"big-{name}.jsonl"
        res = timed(scan_cmd(big, out, 2), checkout_env(root), sample=True)
        got = count_documents(out)
        samples = res["samples"] or [(0.0, (0, 0, 0))]
        end = samples[-1][0] or 1.0
        mb = 2**20

        def peaks(lo: float, hi: float) -> list[float]:
            window = [mem for t, mem in samples if lo <= t <= hi] or [(0, 0, 0)]
            return [max(mem[k] for mem in window) / mb for k in range(3)]

        peak, first, last = peaks(0, end), peaks(0, end / 4), peaks(3 * end / 4, end)
        print(f"{name}: {got} pages in {res['seconds']:.0f} s = {got / res['seconds']:.1f} pages/s")
        for k, label in enumerate(("RSS", "PSS", "USS")):
            verdict = f"; target < {TARGET_MEMORY_MB:g} MB: {_verdict(peak[k] < TARGET_MEMORY_MB)}" if k == 1 else ""
            print(f"  peak {label} (process tree) {peak[k]:.0f} MB (first quarter {first[k]:.0f} MB, "
                  f"last quarter {last[k]:.0f} MB){verdict}")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--rounds", type=int, default=3,
                   help="interleaved rounds of the throughput part (default 3; 0 skips it)")
    p.add_argument("--jobs", default=None, help="comma-separated job counts (default 2; 1,2 with --generated)")
    p.add_argument("--memory-records", type=int, default=0, metavar="N",
                   help="also scan the real pages repeated to N records, sampling memory (e.g. 25000)")
    p.add_argument("--compare", metavar="DIR", action="append", default=[],
                   help="another checkout of auditor measured in the same rounds (repeatable)")
    p.add_argument("--generated", type=int, metavar="PAGES", help="the older run over PAGES generated pages")
    p.add_argument("--seed", type=int, default=1, help="with --generated")
    p.add_argument("--keep", metavar="DIR", help="with --generated: generate into DIR and keep it")
    p.add_argument("--no-realpages", action="store_true", help="with --generated: skip the real-pages folder run")
    p.add_argument("--profile", type=int, metavar="N", help="only profile the per-page function on N real pages")
    p.add_argument("--overhead", action="store_true",
                   help="instead of the throughput: the CPU a scan spends on each page besides the check itself")
    args = p.parse_args(argv)
    if args.profile:
        tmp = Path(tempfile.mkdtemp(prefix="auditor-scanbench-"))
        try:
            warc = tmp / "realpages.warc.gz"
            write_warc(warc, real_page_bytes() or [("empty.html", b"<p>x</p>")])
            profile([str(warc)], args.profile)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        return 0
    if args.generated:
        args.jobs = args.jobs or "1,2"
        return generated_main(args)
    args.jobs = args.jobs or "2"
    return realpages_main(args)


if __name__ == "__main__":
    sys.exit(main())
