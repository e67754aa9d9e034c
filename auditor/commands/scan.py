"""`auditor scan INPUT... --out results.jsonl`: batch-audit sites and web archives.

Inputs are files, directories, zip/tar archives, WARC files and @lists, as for check.
Output is JSON Lines: one {"type": "document"} record per page, in input order whatever
--jobs is, then {"type": "crosspage"} records (checks across pages) and a closing
{"type": "summary"} record. A scan stopped at any moment (Ctrl-C, SIGTERM, even
SIGKILL) continues where it stopped with the same command and --resume. See docs/scan.md.
"""
from __future__ import annotations

import os
import shlex
import signal
import sys
import time

from auditor.commands.check import add_audit_options
from auditor.inputs import UsageError, check_paths
from auditor.model import SEVERITY_RANK

EXIT_SIGNAL = {signal.SIGINT: 130, signal.SIGTERM: 143}


def _default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0)) or 1
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def _positive(kind):
    def parse(value: str):
        import argparse

        try:
            v = kind(value)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a number: {value!r}") from None
        if v <= 0:
            raise argparse.ArgumentTypeError(f"must be positive: {value!r}")
        return v

    return parse


def add_parser(sub):
    p = sub.add_parser("scan", help="batch-audit sites and archives to JSON Lines (resumable, parallel)",
                       description=__doc__)
    p.add_argument("inputs", nargs="+", metavar="INPUT",
                   help="files, directories, zip/tar(.gz) archives, WARC(.gz) files, '-' for stdin, @list")
    p.add_argument("--out", "-o", metavar="FILE", help="write the results to FILE (default: standard output)")
    p.add_argument("--format", choices=("jsonl", "csv"), default="jsonl",
                   help="jsonl: one record per page (default); csv: one row per finding, for spreadsheets")
    p.add_argument("--segments", action="store_true", help="include each page's segments in its record")
    p.add_argument("--resume", action="store_true",
                   help="continue an interrupted scan into the same --out file (a new scan if it does not exist)")
    g = p.add_argument_group("speed")
    g.add_argument("--jobs", "-j", type=_positive(int), default=None, metavar="N",
                   help=f"worker processes (default: all cores, here {_default_jobs()})")
    g.add_argument("--page-timeout", type=_positive(float), default=None, metavar="SECONDS",
                   help="a page that takes longer becomes an input-error record (local engine)")
    g.add_argument("--engine", choices=("local", "dask"), default=None,
                   help="local: a process pool on this machine (default); dask: a dask.distributed cluster")
    g.add_argument("--scheduler", metavar="ADDRESS",
                   help="dask scheduler address, e.g. tcp://host:8786 (default: start a local cluster)")
    g = p.add_argument_group("what to read")
    g.add_argument("--exclude", action="append", default=None, metavar="GLOB",
                   help="skip files and archive members matching this gitignore-style pattern (repeatable)")
    g.add_argument("--ignore-file", metavar="FILE", help="read more exclude patterns from FILE (.gitignore syntax)")
    g.add_argument("--config", metavar="FILE", help="use this auditor.toml or pyproject.toml instead of searching for one")
    g.add_argument("--no-config", action="store_true", help="ignore configuration files")
    g.add_argument("--waiver-file", metavar="FILE", help="YAML waivers for pages that cannot carry comments")
    add_audit_options(p)
    g = p.add_argument_group("cross-page checks and summaries")
    g.add_argument("--pair-paths", action="append", default=[], metavar="FROM=TO",
                   help="language versions by path, e.g. /en/=/zh/ (repeatable; besides hreflang alternates)")
    g.add_argument("--no-crosspage", action="store_true", help="skip the checks across pages")
    g.add_argument("--summary", action="store_true",
                   help="print a table by category, severity, language and site section to standard output")
    g.add_argument("--quiet", "-q", action="store_true", help="no progress bar and no closing message")
    p.set_defaults(run=run)
    return p


class Output:
    """The results file: every record is one ``write`` of complete lines, so a kill at
    any moment leaves at most one torn line at the end (which --resume drops)."""

    def __init__(self, path: str | None, append: bool):
        self.path = path if path not in (None, "-") else None
        if self.path is None:
            sys.stdout.flush()
            self.fd = sys.stdout.fileno()
        else:
            flags = os.O_WRONLY | os.O_CREAT | (os.O_APPEND if append else os.O_TRUNC)
            try:
                self.fd = os.open(self.path, flags, 0o666)
            except OSError as exc:
                raise UsageError(f"cannot write {self.path}: {exc.strerror or exc}") from None

    def write(self, text: str) -> None:
        data = text.encode("utf-8", "backslashreplace")  # lone surrogates -> \udcxx (valid JSON)
        view = memoryview(data)
        while view:
            n = os.write(self.fd, view)
            view = view[n:]

    def close(self) -> None:
        if self.path is not None:
            os.close(self.fd)


def _resume_command() -> str:
    argv = ["auditor", *sys.argv[1:]]
    if "--resume" not in argv:
        argv.append("--resume")
    return shlex.join(argv)


def run(args) -> int:
    from auditor.config import load_for_args
    from auditor.scan import crosspage as cpmod
    from auditor.scan.progress import Progress
    from auditor.scan.resume import Occurrences, ResumeError, item_key, read_output, truncate
    from auditor.scan.summary import Sections, Summary
    from auditor.scan.worker import Auditor, Entry, dumps, entry_from_record, new_spec
    from auditor.sources import Limits, ScanStats, SourceConfigError, count_hint, iter_sources
    from auditor.sources.base import EXCLUDED

    started = time.monotonic()
    # Signals first: a SIGTERM during start-up must still end with the resume message.
    stop_signal = None
    pool = None
    wake_r, wake_w = os.pipe()
    os.set_blocking(wake_r, False)
    os.set_blocking(wake_w, False)

    def on_signal(signum, _frame):
        nonlocal stop_signal
        if stop_signal is None:
            stop_signal = signum
        if pool is not None:
            pool.stop()

    previous = {s: signal.signal(s, on_signal) for s in (signal.SIGINT, signal.SIGTERM)}
    previous_wakeup = signal.set_wakeup_fd(wake_w, warn_on_full_buffer=False)
    try:
        return _run(args, started, lambda: stop_signal, lambda p: _set_pool(p), wake_r)
    finally:
        signal.set_wakeup_fd(previous_wakeup)
        for s, handler in previous.items():
            signal.signal(s, handler)
        os.close(wake_r)
        os.close(wake_w)
    engine_name = args.engine or ("dask" if args.scheduler else "local")
    if args.scheduler and engine_name != "dask":
        raise UsageError("--scheduler needs --engine dask")
    if args.resume and (args.out in (None, "-") or args.format != "jsonl"):
        raise UsageError("--resume needs --out FILE and the jsonl format")
    try:
        pair_paths = cpmod.parse_pair_paths(args.pair_paths)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    check_paths(args.inputs)
    jobs = args.jobs or _default_jobs()
    cfg = load_for_args(args)
    spec = new_spec(cfg, args.format, args.segments)
    exclude = cfg["exclude"] if cfg.origin("exclude") == "command line" else ()
    source_options = dict(exclude=exclude, ignore_file=args.ignore_file, limits=Limits())
    stats = ScanStats()
    try:  # options are checked when called: a bad --ignore-file is a usage error
        items = iter_sources(args.inputs, stats=stats, **source_options)
    except SourceConfigError as exc:
        raise UsageError(str(exc)) from None

    auditor = Auditor(spec)  # rulesets, profile, waivers: errors here exit 2 before any output
    sections = Sections(args.inputs)
    summary = Summary(sections)
    fail_level = {}

    def fail_on(source: str) -> int:
        if not cfg.overrides:
            return SEVERITY_RANK[cfg["fail-on"] or "error"]
        level = fail_level.get(source)
        if level is None:
            level = fail_level[source] = SEVERITY_RANK[cfg.for_path(source).fail_on or "error"]
        return level

    failed = False
    ordinal = 0
    crosspage = None if args.no_crosspage else cpmod.CrossPage(
        pair_paths=pair_paths, locale=cfg["locale"], select=cfg["select"], ignore=cfg["ignore"])

    def account(entry: Entry, facts: dict | None) -> None:
        nonlocal failed, ordinal
        summary.add(entry)
        if crosspage is not None:
            crosspage.add(ordinal, entry.source, entry.language, facts)
        ordinal += 1
        if entry.findings and not failed:
            level = fail_on(entry.source)
            failed = any(SEVERITY_RANK.get(sev, 0) >= level for _cat, sev in entry.findings)

    # -- the output, and what a previous run left in it ----------------------------
    done = None
    resumed = 0
    append = False
    if args.resume and os.path.exists(args.out):
        try:
            state = read_output(args.out, lambda rec: account(entry_from_record(rec), rec.get("facts")))
        except ResumeError as exc:
            raise UsageError(str(exc)) from None
        except OSError as exc:
            raise UsageError(f"cannot read {args.out}: {exc.strerror or exc}") from None
        if state.complete:
            if crosspage is not None:
                crosspage.close()
            if not args.quiet:
                sys.stderr.write(f"auditor: {args.out} holds a finished scan ({state.documents} pages); "
                                 f"nothing to resume\n")
            done_summary = state.summary or {}
            level = SEVERITY_RANK[cfg["fail-on"] or "error"]
            return 1 if any(SEVERITY_RANK.get(s, 0) >= level and n for s, n in
                            (done_summary.get("by_severity") or {}).items()) else 0
        truncate(args.out, state.keep_bytes)
        done = state.done
        resumed = state.documents
        append = True
    out = Output(args.out, append)
    if args.format == "csv":
        from auditor.report import csv as csvout

        out.write(csvout.header())

    occurrences = Occurrences()

    def tasks():
        for item in items:
            if cfg.excluded(item.source):
                stats.skip(EXCLUDED)
                continue
            record_id = (item.meta or {}).get("record_id")
            occurrence = occurrences.next(item.source, record_id)
            if done is not None and len(done) and item_key(item.source, record_id, occurrence) in done:
                continue
            yield item, occurrence

    # -- engine, progress -------------------------------------------------------------
    if engine_name == "dask":
        from auditor.scan.dask_engine import DaskPool, DaskUnavailable

        pool = DaskPool(spec, auditor, jobs=jobs, scheduler=args.scheduler)
        try:
            pool.start()
        except DaskUnavailable as exc:
            raise UsageError(str(exc)) from None
        except OSError as exc:
            raise UsageError(f"cannot reach the dask scheduler {args.scheduler}: {exc}") from None
    else:
        from auditor.scan.pool import LocalPool

        auditor.warm_up()
        pool = LocalPool(auditor, jobs, page_timeout=args.page_timeout, wakeup_fd=wake_r)
        pool.start()  # fork now: the workers share the loaded auditor

    total = None
    if not args.quiet and sys.stderr.isatty():
        total = count_hint(args.inputs, **source_options)
    progress = Progress(total=total, initial=resumed, findings=summary.findings,
                        enabled=False if args.quiet else None)
    pages = 0
    jsonl = args.format == "jsonl"
    try:
        for _item, _occurrence, result in pool.results(tasks()):
            if jsonl:
                out.write(result.text + "\n")
            elif result.text:
                out.write(result.text)
            account(result.entry, result.facts)
            pages += 1
            progress.advance(len(result.entry.findings))
        if stop_signal is None and crosspage is not None:
            for page in crosspage.findings():
                if stop_signal is not None:
                    break
                if jsonl:
                    out.write(dumps(cpmod.crosspage_record(page)) + "\n")
                else:
                    from auditor.report import csv as csvout

                    out.write(csvout.format_rows(csvout.finding_row(page.source, page.language, "", f)
                                                 for f in page.findings))
                entry = Entry(page.source, page.language, tuple((f.category, f.severity) for f in page.findings), 0)
                summary.add(entry, crosspage=True)
                if not failed:
                    level = fail_on(page.source)
                    failed = any(SEVERITY_RANK[f.severity] >= level for f in page.findings)
        if stop_signal is None and jsonl:
            out.write(dumps(summary.record(stats)) + "\n")
    finally:
        progress.close()
        signal.set_wakeup_fd(previous_wakeup)
        for s, handler in previous.items():
            signal.signal(s, handler)
        os.close(wake_r)
        os.close(wake_w)
        if crosspage is not None:
            crosspage.close()
        out.close()
        if engine_name == "dask":
            pool.close()

    elapsed = time.monotonic() - started
    if stop_signal is not None:
        name = signal.Signals(stop_signal).name
        where = (f"{args.out} holds {resumed + pages} complete page records; continue with:\n  {_resume_command()}"
                 if args.out not in (None, "-") else "the output went to standard output, so it cannot be resumed; "
                 "use --out FILE to make a scan resumable")
        sys.stderr.write(f"\nauditor: scan stopped by {name} after {resumed + pages} pages; {where}\n")
        return EXIT_SIGNAL.get(stop_signal, 128 + int(stop_signal))
    if args.summary:
        table = summary.table()
        if args.out in (None, "-"):
            sys.stderr.write(table)
        else:
            sys.stdout.write(table)
            sys.stdout.flush()
    if not args.quiet:
        rate = pages / elapsed if elapsed > 0 else 0.0
        extra = ""
        if pool.crashed or pool.timed_out:
            extra = f"; {pool.crashed} page(s) crashed a worker, {pool.timed_out} timed out (input-error records)"
        dest = f" -> {args.out}" if args.out not in (None, "-") else ""
        resumed_note = f" ({resumed} from the previous run)" if resumed else ""
        sys.stderr.write(f"auditor: {summary.documents} pages{resumed_note}, {summary.findings} findings; "
                         f"{pages} pages audited in {elapsed:.1f} s ({rate:.0f} pages/s, {jobs} "
                         f"{'job' if jobs == 1 else 'jobs'}, {engine_name}){extra}{dest}\n")
    return 1 if failed else 0
