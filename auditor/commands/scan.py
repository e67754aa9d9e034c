"""`auditor scan INPUT... --out results.jsonl`: batch-audit sites and web archives.

Inputs are files, directories, zip/tar archives, WARC files and @lists, as for check.
Output is JSON Lines: one {"type": "document"} record per page, in input order whatever
--jobs is, then {"type": "crosspage"} records (checks across pages) and a closing
{"type": "summary"} record. A scan stopped at any moment (Ctrl-C, SIGTERM, even
SIGKILL) continues where it stopped with the same command and --resume. See docs/scan.md.
"""
from __future__ import annotations

import argparse
import os

from auditor.commands.check import add_audit_options


def _default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0)) or 1
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def _positive(kind):
    def parse(value: str):
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
    g.add_argument("--engine", choices=("local", "dask"), default=None,
                   help="local: a process pool on this machine (default); dask: a dask.distributed cluster")
    g.add_argument("--scheduler", metavar="ADDRESS",
                   help="dask scheduler address, e.g. tcp://host:8786 (default: start a local cluster)")
    g = p.add_argument_group("what to read")
    g.add_argument("--exclude", action="append", default=None, metavar="GLOB",
                   help="skip files and archive members matching this gitignore-style pattern (repeatable)")
    g.add_argument("--ignore-file", metavar="FILE", help="read more exclude patterns from FILE (.gitignore syntax)")
    g.add_argument("--follow-links", action="store_true",
                   help="in a directory, also read symlinked files that point outside it (default: skipped)")
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


def run(args) -> int:
    # Imported here, not at the top: every command module is imported to build the parser,
    # and the batch layer loads only when a scan runs (tests/test_startup.py).
    from auditor.batch.runner import run_scan

    return run_scan(args, args.jobs or _default_jobs())
