"""The batch runner behind ``auditor scan``: reads the inputs, runs the pages through the
local pool or Dask in input order, writes the records, resumes an interrupted scan, stops
cleanly on SIGINT/SIGTERM, and closes with the cross-page checks and the summary.

``auditor.commands.scan`` parses the options and calls :func:`run_scan`. See docs/scan.md.
"""
from __future__ import annotations

import errno
import fcntl
import os
import re
import shlex
import signal
import sys
import time

from auditor.audit.inputs import check_paths
from auditor.support.errors import UsageError
from auditor.model.vocabulary import SEVERITY_RANK
from auditor.i18n import count_noun

_SCHEDULER_ADDRESS = re.compile(r"\A(?:[a-z][a-z0-9+.-]*://)?(?:\[[0-9a-fA-F:.]+\]|[^\s:/\[\]]+):\d{1,5}/?\Z")

EXIT_SIGNAL = {signal.SIGINT: 130, signal.SIGTERM: 143}


def _lock_output(path: str | None) -> int | None:
    """Hold an exclusive lock on ``--out`` for the whole run: two scans (or two resumes)
    writing one file would tear lines and duplicate records. The lock goes with the process."""
    if path in (None, "-"):
        return None
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT, 0o666)  # no truncation before the lock is ours
    except OSError as exc:
        raise UsageError(f"cannot write {path}: {exc.strerror or exc}") from None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        raise UsageError(f"{path} is being written by another auditor scan; wait for it to end, "
                         "or give this scan another --out") from None
    return fd


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
        try:
            while view:
                n = os.write(self.fd, view)
                view = view[n:]
        except OSError as exc:
            if isinstance(exc, BrokenPipeError) and self.path is None:
                raise
            where = self.path or "standard output"
            resume = (f"; free some space and continue with:\n  {_resume_command()}"
                      if self.path and exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG) else "")
            raise UsageError(f"cannot write {where}: {exc.strerror or exc}{resume}") from None

    def close(self) -> None:
        if self.path is not None:
            os.close(self.fd)


def _resume_command() -> str:
    argv = ["auditor", *sys.argv[1:]]
    if "--resume" not in argv:
        argv.append("--resume")
    return shlex.join(argv)


class _Interrupted(BaseException):
    """Raised by the signal handler while the scan waits on reading its inputs."""


class _Stop:
    """SIGINT/SIGTERM: remember the first signal and stop the engine (once there is one).

    While the scan reads its next input (``reading``), a signal also interrupts the read:
    Python retries a read that a signal interrupts, so a pipe or a stalled network file
    system that never delivers would otherwise hold the scan until ``kill -9``."""

    def __init__(self):
        self.signum: int | None = None
        self.pool = None
        self.reading = False
        self.wake_r, self.wake_w = os.pipe()
        for fd in (self.wake_r, self.wake_w):
            os.set_blocking(fd, False)

    def __call__(self, signum, _frame) -> None:
        if self.signum is None:
            self.signum = signum
        if self.pool is not None:
            self.pool.stop()
        if self.reading:
            self.reading = False
            raise _Interrupted()

    def __enter__(self):
        self.previous = {s: signal.signal(s, self) for s in (signal.SIGINT, signal.SIGTERM)}
        self.previous_wakeup = signal.set_wakeup_fd(self.wake_w, warn_on_full_buffer=False)
        return self

    def __exit__(self, *exc):
        signal.set_wakeup_fd(self.previous_wakeup)
        for s, handler in self.previous.items():
            signal.signal(s, handler)
        os.close(self.wake_r)
        os.close(self.wake_w)


def run_scan(args, jobs: int) -> int:
    """Run ``auditor scan`` with the parsed options ``args`` on ``jobs`` workers; the exit code."""
    # Signals first: a SIGTERM during start-up must also end with the resume message.
    with _Stop() as stop:
        return _Scan(args, stop, jobs).run()


class _Scan:
    def __init__(self, args, stop: _Stop, jobs: int):
        self.args = args
        self.stop = stop
        self.jobs = jobs
        self.started = time.monotonic()

    def stopped(self, pages: int) -> int:
        args = self.args
        name = signal.Signals(self.stop.signum).name
        if args.out not in (None, "-"):
            where = f"{args.out} holds {pages} complete page records; continue with:\n  {_resume_command()}"
        else:
            where = ("the output went to standard output, so it cannot be resumed; use --out FILE to make a "
                     "scan resumable")
        sys.stderr.write(f"\nauditor: scan stopped by {name} after {pages} pages; {where}\n")
        return EXIT_SIGNAL.get(self.stop.signum, 128 + int(self.stop.signum))

    def run(self) -> int:
        # The scan's modules load here, inside run_scan's signal handlers, not at the top:
        # a SIGTERM while they load (rulesets, workers) also ends with the resume message.
        from auditor.gate.config import load_for_args
        from auditor.batch import crosspage as cpmod
        from auditor.batch.worker import Auditor, new_spec
        from auditor.sources import Limits, ScanStats, SourceConfigError, iter_sources

        args = self.args
        self.engine_name = args.engine or ("dask" if args.scheduler else "local")
        if args.scheduler and self.engine_name != "dask":
            raise UsageError("--scheduler needs --engine dask")
        if args.scheduler and not _SCHEDULER_ADDRESS.match(args.scheduler):
            # Checked here: dask would fail only after starting its client, then wait a minute to close it.
            raise UsageError(f"--scheduler {args.scheduler!r} is not a scheduler address: "
                             "give HOST:PORT or PROTOCOL://HOST:PORT, e.g. tcp://10.0.0.5:8786")
        if args.resume and (args.out in (None, "-") or args.format != "jsonl"):
            raise UsageError("--resume needs --out FILE and the jsonl format")
        try:
            self.pair_paths = cpmod.parse_pair_paths(args.pair_paths)
        except ValueError as exc:
            raise UsageError(str(exc)) from None
        check_paths(args.inputs)
        cfg = self.cfg = load_for_args(args)
        spec = new_spec(cfg, args.format, args.segments)
        exclude = cfg["exclude"] if cfg.origin("exclude") == "command line" else ()
        self.source_options = dict(exclude=exclude, ignore_file=args.ignore_file, limits=Limits(),
                                   follow_links=args.follow_links)
        self.stats = ScanStats()
        try:  # options are checked when called: a bad --ignore-file is a usage error
            self.items = iter_sources(args.inputs, stats=self.stats, **self.source_options)
        except SourceConfigError as exc:
            raise UsageError(str(exc)) from None
        # rulesets, profile, waivers: a problem here exits 2 (ConfigError) before any output
        self.auditor = Auditor(spec)
        self.spec = spec
        if self.stop.signum is not None:
            return self.stopped(0)
        self.crosspage = None if args.no_crosspage else cpmod.CrossPage(
            pair_paths=self.pair_paths, locale=cfg["locale"], select=cfg["select"], ignore=cfg["ignore"])
        lock = _lock_output(args.out)
        try:
            return self._run()
        finally:
            if lock is not None:
                os.close(lock)
            if self.crosspage is not None:
                self.crosspage.close()

    # -- bookkeeping over every record (this run's and, on --resume, the last run's) ----

    def _setup_counts(self) -> None:
        from auditor.batch.summary import Sections, Summary  # inside the signal handlers, as in run()

        self.summary = Summary(Sections(self.args.inputs))
        self.failed = False
        self.ordinal = 0
        self._fail_level: dict[str, int] = {}

    def fail_level(self, source: str) -> int:
        cfg = self.cfg
        if not cfg.overrides:
            return SEVERITY_RANK[cfg["fail-on"] or "error"]
        level = self._fail_level.get(source)
        if level is None:
            level = self._fail_level[source] = SEVERITY_RANK[cfg.for_path(source).fail_on or "error"]
        return level

    def account(self, entry, facts: dict | None, crosspage: bool = False) -> None:
        self.summary.add(entry, crosspage=crosspage)
        if not crosspage:
            if self.crosspage is not None:
                self.crosspage.add(self.ordinal, entry.source, entry.language, facts)
            self.ordinal += 1
        if entry.findings and not self.failed:
            level = self.fail_level(entry.source)
            self.failed = any(SEVERITY_RANK.get(sev, 0) >= level for _cat, sev in entry.findings)

    # -- the scan ---------------------------------------------------------------------

    def _run(self) -> int:
        # loaded inside run_scan's signal handlers, as in run()
        from auditor.report import csv as csvout
        from auditor.batch import crosspage as cpmod
        from auditor.batch.progress import Progress
        from auditor.batch.resume import Occurrences, ResumeError, item_key, read_output, truncate
        from auditor.batch.worker import Entry, dumps, entry_from_record
        from auditor.sources import count_hint
        from auditor.sources.base import EXCLUDED

        args, cfg, stats = self.args, self.cfg, self.stats
        self._setup_counts()
        done = None
        resumed = 0
        append = False
        if args.resume and os.path.exists(args.out):
            try:
                state = read_output(args.out, lambda rec: self.account(entry_from_record(rec), rec.get("facts")))
            except ResumeError as exc:
                raise UsageError(str(exc)) from None
            except OSError as exc:
                raise UsageError(f"cannot read {args.out}: {exc.strerror or exc}") from None
            if state.complete:
                if not args.quiet:
                    sys.stderr.write(f"auditor: {args.out} holds a finished scan ({state.documents} pages); "
                                     f"nothing to resume\n")
                return 1 if self.failed else 0
            truncate(args.out, state.keep_bytes)
            done = state.done
            resumed = state.documents
            append = True
        out = Output(args.out, append)
        jsonl = args.format == "jsonl"
        if not jsonl:
            out.write(csvout.header())
        occurrences = Occurrences()

        def items():
            source = iter(self.items)
            while self.stop.signum is None:
                self.stop.reading = True
                try:
                    item = next(source)
                except StopIteration:
                    return
                finally:
                    self.stop.reading = False
                yield item

        def tasks():
            for item in items():
                if cfg.excluded(item.source):
                    stats.skip(EXCLUDED)
                    continue
                record_id = (item.meta or {}).get("record_id")
                occurrence = occurrences.next(item.source, record_id)
                if done is not None and len(done) and item_key(item.source, record_id, occurrence) in done:
                    continue
                yield item, occurrence

        pool = self._engine()
        progress = None
        pages = 0
        try:
            if self.stop.signum is not None:
                return self.stopped(resumed)
            total = None
            if not args.quiet and sys.stderr.isatty():
                total = count_hint(args.inputs, **self.source_options)
            progress = Progress(total=total, initial=resumed, findings=self.summary.findings,
                                enabled=False if args.quiet else None)
            try:
                for _item, _occurrence, result in pool.results(tasks()):
                    if jsonl:
                        out.write(result.text + "\n")
                    elif result.text:
                        out.write(result.text)
                    self.account(result.entry, result.facts)
                    pages += 1
                    progress.advance(len(result.entry.findings))
            except _Interrupted:  # a signal while reading an input: the pages in flight wait for --resume
                pass
            if self.stop.signum is None and self.crosspage is not None:
                for page in self.crosspage.findings():
                    if self.stop.signum is not None:
                        break
                    if jsonl:
                        out.write(dumps(cpmod.crosspage_record(page)) + "\n")
                    else:
                        out.write(csvout.format_rows(csvout.finding_row(page.source, page.language, "", f)
                                                     for f in page.findings))
                    self.account(Entry(page.source, page.language,
                                       tuple((f.category, f.severity) for f in page.findings), 0), None, True)
            if self.stop.signum is not None:
                return self.stopped(resumed + pages)
            if jsonl:
                out.write(dumps(self.summary.record(stats)) + "\n")
        finally:
            if progress is not None:
                progress.close()
            out.close()
            pool.close()
        self._report(pool, pages, resumed)
        return 1 if self.failed else 0

    def _engine(self):
        args = self.args
        if self.engine_name == "dask":
            from auditor.batch.dask_engine import DaskPool, DaskUnavailable  # only the engine this scan uses

            pool = DaskPool(self.spec, self.auditor, jobs=self.jobs, scheduler=args.scheduler)
            self.stop.pool = pool
            try:
                pool.start()
            except DaskUnavailable as exc:
                raise UsageError(str(exc)) from None
            except OSError as exc:
                raise UsageError(f"cannot reach the dask scheduler {args.scheduler}: {exc}") from None
            return pool
        from auditor.batch.pool import LocalPool  # as above: only the engine this scan uses

        self.auditor.warm_up()
        pool = LocalPool(self.auditor, self.jobs, page_timeout=self.cfg["page-timeout"], wakeup_fd=self.stop.wake_r)
        self.stop.pool = pool
        if self.stop.signum is None:
            pool.start()  # fork now: the workers share the loaded auditor
        return pool

    def _report(self, pool, pages: int, resumed: int) -> None:
        args, summary = self.args, self.summary
        if args.summary:
            table = summary.table()
            if args.out in (None, "-"):
                sys.stderr.write(table)
            else:
                sys.stdout.write(table)
                sys.stdout.flush()
        if args.quiet:
            return
        elapsed = time.monotonic() - self.started
        rate = pages / elapsed if elapsed > 0 else 0.0
        extra = ""
        if pool.crashed or pool.timed_out:
            extra = (f"; {pool.crashed} page(s) crashed a worker, {pool.timed_out} timed out "
                     f"(input-error records)")
        dest = f" -> {args.out}" if args.out not in (None, "-") else ""
        resumed_note = f" ({resumed} from the previous run)" if resumed else ""
        jobs = self.jobs
        sys.stderr.write(f"auditor: {count_noun(summary.documents, 'page')}{resumed_note}, "
                         f"{count_noun(summary.findings, 'finding')}; "
                         f"{count_noun(pages, 'page')} audited in {elapsed:.1f} s ({rate:.0f} pages/s, {jobs} "
                         f"{'job' if jobs == 1 else 'jobs'}, {self.engine_name}){extra}{dest}\n")
