"""Shared helpers of segment_bench.py and check_bench.py (not a benchmark by itself).

- the page sets: ``../shared/realpages`` (gzip-compressed English pages of ``aeb/html`` and
  the Chinese pages of ``zh-news``) and ``corpora/pages``;
- the same-run baseline: ``lxml.html.fromstring(decoded_text)`` + ``itertext()``;
- per-page timing (best of ``repeat``, auditor and baseline interleaved page by page, so
  both see the same machine load) and the statistics printed;
- new-process timing of an ``auditor`` command (wall and CPU, median of ``runs``).
"""
from __future__ import annotations

import gzip
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence

ROOT = Path(__file__).resolve().parent.parent
REALPAGES = ROOT.parent / "shared" / "realpages"
CORPUS = ROOT / "corpora" / "pages"

CLOCKS = {"wall": time.perf_counter, "cpu": time.process_time}


@dataclass
class Page:
    name: str  # the path, as given to load_document (its extension picks the format)
    data: bytes
    group: str  # "en" (aeb), "zh" (zh-news) or "corpus"


def real_pages(root: Path = REALPAGES) -> list[Page]:
    """The real pages, or [] when the folder is absent."""
    pages: list[Page] = []
    if not root.is_dir():
        return pages
    for p in sorted((root / "aeb" / "html").glob("*.html.gz")):
        pages.append(Page(str(p), gzip.decompress(p.read_bytes()), "en"))
    for p in sorted((root / "zh-news").glob("**/*.html")):
        pages.append(Page(str(p), p.read_bytes(), "zh"))
    return pages


def corpus_pages(root: Path = CORPUS) -> list[Page]:
    if not root.is_dir():
        return []
    return [Page(str(p), p.read_bytes(), "corpus") for p in sorted(root.iterdir()) if p.is_file()]


def median_page(pages: Sequence[Page], group: str) -> Page | None:
    """The page of median size in a group: a typical page, chosen the same way every run."""
    members = sorted((p for p in pages if p.group == group), key=lambda p: (len(p.data), p.name))
    return members[len(members) // 2] if members else None


# ------------------------------------------------------------------ the lxml baseline

_XML_DECL = re.compile(r"^\s*<\?xml[^>]*>")


def baseline_input(data: bytes) -> str:
    """What the baseline parses: the text auditor decoded (an XML declaration removed,
    since lxml refuses str input that declares an encoding). Not timed."""
    from auditor.read.decode import InputError, decode

    try:
        text = decode(data).text
    except InputError:
        return ""
    return _XML_DECL.sub("", text, count=1)


def lxml_baseline(text: str) -> int:
    """``lxml.html.fromstring`` + ``itertext()``: the cheapest way to get a page's text."""
    import lxml.etree
    import lxml.html

    try:
        root = lxml.html.fromstring(text)
    except (lxml.etree.ParserError, ValueError):  # empty document
        return 0
    return len("".join(root.itertext()))


# ------------------------------------------------------------------ in-process timing


@dataclass
class Timed:
    page: Page
    ours: float  # seconds, best of the repeats
    base: float
    ours_first: float = 0.0  # the first timing: the page seen for the first time, as a scan meets it
    base_first: float = 0.0

    @property
    def ratio(self) -> float:
        return self.ours / self.base if self.base > 0 else float("inf")


def time_pages(pages: Sequence[Page], ours: Callable[[Page], object], repeat: int, clock: str = "wall",
               progress: bool = True) -> list[Timed]:
    """Best-of-``repeat`` time of ``ours(page)`` and of the lxml baseline, page by page."""
    now = CLOCKS[clock]
    texts = [baseline_input(p.data) for p in pages]
    out = []
    for i, (page, text) in enumerate(zip(pages, texts)):
        best_ours = best_base = float("inf")
        first = None
        for _ in range(repeat):
            t0 = now()
            ours(page)
            t1 = now()
            lxml_baseline(text)
            t2 = now()
            best_ours = min(best_ours, t1 - t0)
            best_base = min(best_base, t2 - t1)
            first = first or (t1 - t0, t2 - t1)
        out.append(Timed(page, best_ours, best_base, *first))
        if progress and sys.stderr.isatty():
            sys.stderr.write(f"\r{i + 1}/{len(pages)} pages")
    if progress and sys.stderr.isatty():
        sys.stderr.write("\r" + " " * 30 + "\r")
    return out


def quantile(values: Sequence[float], q: float) -> float:
    """Nearest-rank quantile (q=0.5: median, q=0.9: p90)."""
    vs = sorted(values)
    if not vs:
        return float("nan")
    k = max(0, min(len(vs) - 1, int(round(q * len(vs) + 0.5)) - 1))
    return vs[k]


def summarize(label: str, timed: Sequence[Timed]) -> dict:
    ours = [t.ours for t in timed]
    base = [t.base for t in timed]
    ratios = [t.ratio for t in timed]
    return {
        "set": label,
        "pages": len(timed),
        "pages_per_s": len(timed) / sum(ours) if ours and sum(ours) else 0.0,
        "base_pages_per_s": len(timed) / sum(base) if base and sum(base) else 0.0,
        "ms_median": 1e3 * statistics.median(ours) if ours else 0.0,
        "ms_p90": 1e3 * quantile(ours, 0.9),
        "base_ms_median": 1e3 * statistics.median(base) if base else 0.0,
        "base_ms_p90": 1e3 * quantile(base, 0.9),
        "ratio_median": statistics.median(ratios) if ratios else 0.0,
        "ratio_p90": quantile(ratios, 0.9),
        "ratio_max": max(ratios) if ratios else 0.0,
        "ratio_total": sum(ours) / sum(base) if base and sum(base) else 0.0,
    }


def first_sight(label: str, timed: Sequence[Timed]) -> dict:
    """The first timing of each page, when nothing about it is cached yet (a scan sees each page
    once; the best-of-N figures above are those of a page seen again)."""
    ours = [t.ours_first for t in timed]
    base = [t.base_first for t in timed]
    return {
        "set": label,
        "ms_median": 1e3 * statistics.median(ours),
        "ms_mean": 1e3 * statistics.fmean(ours),
        "best_ms_mean": 1e3 * statistics.fmean([t.ours for t in timed]),
        "ratio_median": statistics.median([o / b if b > 0 else float("inf") for o, b in zip(ours, base)]),
        "ratio_total": sum(ours) / sum(base) if sum(base) else 0.0,
    }


def print_first_sight(rows: Sequence[dict]) -> None:
    print("first sight (each page's first timing, as a scan meets it):")
    print(f"{'set':<8}{'ms med':>9}{'ms mean':>9}{'best mean':>11}{'ratio med':>11}{'total':>7}")
    for r in rows:
        print(f"{r['set']:<8}{r['ms_median']:>9.2f}{r['ms_mean']:>9.2f}{r['best_ms_mean']:>11.2f}"
              f"{r['ratio_median']:>10.2f}x{r['ratio_total']:>6.2f}x")


def print_summaries(rows: Sequence[dict], target: float) -> None:
    print(f"{'set':<8}{'pages':>6}{'pages/s':>9}{'lxml p/s':>10}{'ms med':>9}{'ms p90':>9}"
          f"{'lxml med':>10}{'lxml p90':>10}{'ratio med':>11}{'p90':>7}{'max':>7}{'total':>7}  over {target:g}x")
    for r in rows:
        print(f"{r['set']:<8}{r['pages']:>6}{r['pages_per_s']:>9.1f}{r['base_pages_per_s']:>10.1f}"
              f"{r['ms_median']:>9.2f}{r['ms_p90']:>9.2f}{r['base_ms_median']:>10.2f}{r['base_ms_p90']:>10.2f}"
              f"{r['ratio_median']:>10.2f}x{r['ratio_p90']:>6.2f}x{r['ratio_max']:>6.1f}x{r['ratio_total']:>6.2f}x"
              f"  {r.get('over', 0)}")


def slowest(timed: Sequence[Timed], n: int = 5) -> None:
    print(f"highest ratios (page, ours ms, lxml ms, ratio):")
    for t in sorted(timed, key=lambda t: t.ratio, reverse=True)[:n]:
        print(f"  {t.page.name}  {1e3 * t.ours:.1f}  {1e3 * t.base:.1f}  {t.ratio:.1f}x")


# ------------------------------------------------------------------ new processes


def child_env(pyc_cache: bool = True, cache_dir: str | None = None) -> dict:
    """Environment for timed child processes.

    With ``pyc_cache`` (the default) byte code is cached in a private folder
    (``PYTHONPYCACHEPREFIX``) even when ``PYTHONDONTWRITEBYTECODE`` is set, as an
    installed package has its ``.pyc`` files; without it every run compiles auditor's
    sources again (about 80 ms).
    """
    env = {**os.environ, "NO_COLOR": "1"}
    if pyc_cache:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(Path(tempfile.gettempdir()) / f"auditor-bench-pycache-{os.getuid()}")
    if cache_dir is not None:
        env["AUDITOR_CACHE_DIR"] = cache_dir
    return env


@dataclass
class ProcTimes:
    label: str
    wall: list[float]
    cpu: list[float]
    first_wall: float = float("nan")  # the untimed warm-up run (caches possibly cold)
    returncode: int = 0

    @property
    def wall_median(self) -> float:
        return statistics.median(self.wall)

    @property
    def cpu_median(self) -> float:
        return statistics.median(self.cpu)


def run_process(label: str, cmd: Sequence[str], runs: int, env: dict, cwd: str) -> ProcTimes:
    """One untimed warm-up run, then ``runs`` timed runs of ``cmd`` as a new process each."""
    t0 = time.perf_counter()
    first = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, cwd=cwd)
    first_wall = time.perf_counter() - t0
    if first.returncode not in (0, 1):
        sys.stderr.write(first.stderr.decode("utf-8", "replace"))
        raise SystemExit(f"{' '.join(cmd)}: exit code {first.returncode}")
    walls, cpus = [], []
    for _ in range(runs):
        r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, cwd=cwd)
        walls.append(time.perf_counter() - t0)
        r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(r1.ru_utime + r1.ru_stime - r0.ru_utime - r0.ru_stime)
    return ProcTimes(label, walls, cpus, first_wall, first.returncode)


LXML_PROCESS = """
import sys, gzip, lxml.html
data = open(sys.argv[1], 'rb').read()
if sys.argv[1].endswith('.gz'):
    data = gzip.decompress(data)
try:
    ''.join(lxml.html.fromstring(data).itertext())
except Exception:
    pass
"""


def print_processes(rows: Sequence[ProcTimes], baseline: ProcTimes, targets: dict[str, float]) -> list[dict]:
    print(f"{'command':<44}{'wall med':>9}{'min':>7}{'cpu med':>9}{'vs lxml':>9}{'target':>8}  met")
    out = []
    for r in [baseline, *rows]:
        target = targets.get(r.label)
        ratio = r.wall_median / baseline.wall_median
        met = "" if target is None else ("yes" if r.wall_median < target else "NO")
        print(f"{r.label:<44}{r.wall_median:>8.3f}s{min(r.wall):>6.3f}s{r.cpu_median:>8.3f}s{ratio:>8.1f}x"
              f"{'' if target is None else f'{target:.2f}s':>8}  {met}")
        out.append({"command": r.label, "wall_s": r.wall, "cpu_s": r.cpu, "wall_median_s": r.wall_median,
                    "cpu_median_s": r.cpu_median, "first_run_s": r.first_wall, "target_s": target})
    return out


def new_processes(command: str, pages: Sequence[Page], runs: int, pyc_cache: bool,
                  targets_by_group: dict[str, float]) -> list[dict]:
    """``auditor COMMAND PAGE`` as a new process on the median English and Chinese page,
    against a new process that only parses the English page with lxml."""
    import sys
    import tempfile

    env = child_env(pyc_cache)
    py = sys.executable
    rows = []
    targets = {}
    baseline = None
    with tempfile.TemporaryDirectory(prefix="auditor-bench-") as cwd:
        for group in ("en", "zh"):
            page = median_page(pages, group)
            if page is None:
                continue
            label = f"auditor {command} <{group} page, {len(page.data) // 1024} KB>"
            targets[label] = targets_by_group[group]
            rows.append(run_process(label, [py, "-m", "auditor", command, page.name], runs, env, cwd))
            if baseline is None:
                baseline = run_process("python: lxml parse of the en page", [py, "-c", LXML_PROCESS, page.name],
                                       runs, env, cwd)
    print(f"\nnew process each run, median of {runs} (one warm-up run first; "
          f"{'byte code cached' if pyc_cache else 'no byte-code cache'}):")
    return print_processes(rows, baseline, targets)
