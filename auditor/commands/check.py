"""`auditor check PATH...`: audit pages against rulesets and report findings.

Settings come from the command line, then the nearest auditor.toml or pyproject.toml
[tool.auditor] (see `auditor config`), then the defaults.
"""
from __future__ import annotations

import argparse
import itertools
import math
import sys

from auditor.audit.engines import AuditOptions, parse_date
from auditor.audit import inputs  # inputs.document_from_item, looked up per page (tests/scan_faults.py wraps it)
from auditor.audit.inputs import check_paths
from auditor.audit.limits import DEFAULT_MAX_FINDINGS, DEFAULT_PAGE_TIMEOUT, PageTimeout, page_deadline
from auditor.audit.page import PageAuditor
from auditor.gate.config import ConfigError, input_format, load_for_args
from auditor.read.parse import INPUT_FORMATS
from auditor.read.pipeline import error_document
from auditor.sources import SourceConfigError, iter_sources
from auditor.support import gcpause
from auditor.support.console import use_color
from auditor.support.errors import UsageError
from auditor.model.vocabulary import SEVERITY_RANK
from auditor.report import ReportOptions, formats, writer_class
from auditor.rules.messages import LOCALES


def add_audit_options(p) -> None:
    """Options shared by every command that runs rules (check, scan).

    Defaults are None so that a configuration file can supply them (auditor/gate/config/);
    ``audit_options`` and ``fail_level`` fill in the built-in defaults.
    """
    p.add_argument("--ruleset", action="append", default=None, metavar="DIR|NAME",
                   help="a ruleset folder or bundled ruleset name, added to the bundled cn-pharma (repeatable)")
    p.add_argument("--no-default-ruleset", action="store_true", default=None,
                   help="run only the --ruleset rulesets, without the bundled cn-pharma")
    p.add_argument("--profile", metavar="NAME|FILE", help="company profile (bundled name or YAML file; default: generic)")
    p.add_argument("--audit-date", type=parse_date, metavar="YYYY-MM-DD", help="date the audit is as of (default: today)")
    p.add_argument("--select", action="append", default=None, metavar="RULE|CATEGORY",
                   help="run only these rules or categories (repeatable, or comma-separated)")
    p.add_argument("--ignore", action="append", default=None, metavar="RULE|CATEGORY",
                   help="skip these rules or categories (repeatable, or comma-separated)")
    p.add_argument("--fail-on", choices=("error", "warning", "info"), default=None,
                   help="exit 1 when a finding at or above this severity remains (default: error)")
    p.add_argument("--locale", choices=LOCALES, default=None, help="language of messages and summary (default: en)")
    g = p.add_argument_group("limits per page")
    g.add_argument("--page-timeout", type=_limit(float), default=None, metavar="SECONDS",
                   help="a page that takes longer becomes an input-error record "
                        f"(default: {DEFAULT_PAGE_TIMEOUT:g}; 0 for none)")
    g.add_argument("--max-findings", type=_limit(int), default=None, metavar="N",
                   help="report at most N findings per page, then a notice of how many more there were "
                        f"(default: {DEFAULT_MAX_FINDINGS}; 0 for no cap)")
    add_input_format_option(p)


def _limit(kind):
    """A limit: a number from 0 (no limit) up."""
    def parse(value: str):
        try:
            v = kind(value)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a number: {value!r}") from None
        if not (v >= 0 and math.isfinite(v) and v <= 10**9):
            raise argparse.ArgumentTypeError(f"must be 0 (no limit) or more: {value!r}")
        return v

    return parse


def add_input_format_option(p) -> None:
    p.add_argument("--input-format", choices=INPUT_FORMATS, default=None,
                   help="parse every page as this format (default: auto, by extension weighed against content)")


def add_gate_options(p, run_options: bool = True) -> None:
    """Options for using check as a CI / pre-commit gate (configuration, waivers, baseline).

    ``run_options=False`` leaves out the options that only make sense when auditing
    (for `auditor config`)."""
    g = p.add_argument_group("configuration and CI")
    g.add_argument("--config", metavar="FILE", help="use this auditor.toml or pyproject.toml instead of searching for one")
    g.add_argument("--no-config", action="store_true", help="ignore configuration files")
    g.add_argument("--exclude", action="append", default=None, metavar="GLOB",
                   help="skip pages matching this gitignore-style pattern (repeatable; replaces the file's exclude)")
    g.add_argument("--waiver-file", metavar="FILE", help="YAML waivers for pages that cannot carry comments")
    g.add_argument("--report-unused-suppressions", action="store_true", default=None,
                   help="report waivers that matched no finding (as info findings auditor/unused-waiver)")
    g.add_argument("--baseline", metavar="FILE", help="report and fail only on findings not recorded in this baseline")
    if not run_options:
        return
    g.add_argument("--ignore-file", metavar="FILE", help="skip pages matching the patterns in FILE (.gitignore syntax)")
    g.add_argument("--crosspage", action="store_true",
                   help="also check across the pages: duplicate approval numbers, language-version parity")
    g.add_argument("--write-baseline", metavar="FILE", help="record this run's findings as the baseline FILE (exit 0)")
    g.add_argument("--changed-since", metavar="REF", help="audit only pages changed since this git ref")


def add_parser(sub):
    p = sub.add_parser("check", help="audit pages and report findings", description=__doc__)
    p.add_argument("paths", nargs="+", metavar="PATH", help="files, directories, archives, '-' for stdin, @list")
    add_audit_options(p)
    p.add_argument("--format", choices=formats(), default="text")
    p.add_argument("--output", "-o", metavar="FILE", help="write the report to FILE instead of standard output")
    p.add_argument("--segments", action="store_true", help="include segments in JSON output")
    p.add_argument("--allow-empty", action="store_true",
                   help="exit 0 when the paths hold no page (by default that is a usage error, exit 2)")
    p.add_argument("--follow-links", action="store_true",
                   help="in a directory, also read symlinked files that point outside it (default: skipped)")
    add_gate_options(p)
    p.set_defaults(run=run)
    return p


def _split(values) -> list[str]:
    return [v.strip() for item in values or () for v in item.split(",") if v.strip()]


def audit_options(args) -> AuditOptions:
    return AuditOptions(
        rulesets=args.ruleset or [],
        profile=args.profile,
        audit_date=args.audit_date,
        locale=args.locale or "en",
        select=_split(args.select),
        ignore=_split(args.ignore),
        default_ruleset=not getattr(args, "no_default_ruleset", False),
    )


def fails(findings, fail_on: str) -> bool:
    level = SEVERITY_RANK[fail_on or "error"]
    return any(SEVERITY_RANK[f.severity] >= level for f in findings if not f.waiver)



def _items(args, cfg, changed):
    """Source items to audit: the paths, less the file's exclude globs, only changed pages.
    Items, not documents: reading a page (decode, parse) counts toward its time limit."""
    check_paths(args.paths)
    try:  # options are checked when called: a bad --ignore-file is a usage error
        items = iter_sources(args.paths, exclude=cfg["exclude"] if cfg.origin("exclude") == "command line" else (),
                             ignore_file=args.ignore_file, follow_links=getattr(args, "follow_links", False))
    except SourceConfigError as exc:
        raise UsageError(str(exc)) from None
    if changed is None and not cfg.excluded_any():
        yield from items
        return
    if changed is not None:
        from auditor.gate.changed import only_changed  # subprocess and git: only with --changed-since

        items = only_changed(items, changed)
    for item in items:
        if cfg.excluded(item.source):
            continue
        yield item


def _audit(item, cfg, pages, fmt=(None, None)):
    """One page -> (document, findings with waivers applied), within the page's time limit.
    ``fmt``: (input format, who chose it) from --input-format or the configuration."""
    try:
        with page_deadline(cfg["page-timeout"]):
            # segmented with the lexicons of the rulesets that audit the page
            doc = inputs.document_from_item(item, pages.engine_for(item.source).segment_lexicons, *fmt)
            return doc, pages.check(doc).findings
    except PageTimeout as exc:
        doc = error_document(item.source, str(exc))
        return doc, pages.check(doc).findings


def run(args) -> int:
    gcpause.pause()  # until the first page is audited (auditor.support.gcpause)
    try:
        return _run(args)
    finally:
        gcpause.resume()


def _run(args) -> int:
    cfg = load_for_args(args)
    pages = PageAuditor(cfg, check_names=True)
    fmt = input_format(cfg)  # (format, origin); (None, None) sniffs
    engines, engine, waivers = pages.engines, pages.engine, pages.waivers
    root = str(cfg.root)
    baseline = None
    if cfg["baseline"] or args.write_baseline:  # (hashlib and the baseline code only then)
        from auditor.gate import baseline as bl
    if cfg["baseline"]:
        try:
            baseline = bl.Baseline.load(cfg["baseline"], root)
        except bl.BaselineError as exc:
            raise ConfigError(str(exc)) from None
    if args.write_baseline and args.changed_since:
        raise UsageError("--write-baseline records every finding of a full run; it cannot be combined with --changed-since")
    recorder = bl.Recorder(root) if args.write_baseline else None
    changed = None
    if args.changed_since:
        from auditor.gate.changed import changed_files  # as above: only with --changed-since

        changed = changed_files(args.changed_since)
    items = _items(args, cfg, changed)
    first = next(items, None)
    if first is None and changed is None and not args.allow_empty:
        # A mistyped path or an exclude that matches everything must not turn a gate green
        # (and no empty report is written first).
        raise UsageError(f"no page to audit in {', '.join(args.paths)} (HTML, Markdown-like or text files, "
                         "archives, WARC); check the path and the exclude patterns, or pass --allow-empty")
    out = open(args.output, "w", encoding="utf-8", newline="\n") if args.output else sys.stdout
    try:
        color = use_color(out) if args.format == "text" else False
        opts = ReportOptions(locale=cfg["locale"], color=color, segments=args.segments, rules=engines.ran_rules(),
                             audit_date=engine.audit_date,
                             extra={"fail_on": cfg["fail-on"], "root": root, "baseline": baseline is not None})
        writer = writer_class(args.format)(out, opts)
        if args.crosspage and baseline is None and recorder is None:  # auditor/batch/crosspage.py
            from auditor.batch.crosspage import CrossPageWriter

            writer = CrossPageWriter(writer, engine, locale=cfg["locale"], select=cfg["select"], ignore=cfg["ignore"])
        failed = False
        for item in itertools.chain((first,) if first is not None else (), items):
            doc, findings = _audit(item, cfg, pages, fmt)
            gcpause.resume()  # set up: collect as usual from the second page on
            ps = cfg.for_path(doc.source)
            if recorder is not None or baseline is not None:
                fps = bl.fingerprints(doc, findings, root)
                if recorder is not None:
                    recorder.add(doc, findings, fps)
                if baseline is not None:
                    findings = baseline.filter(doc, findings, fps)
            failed |= fails(findings, ps.fail_on)
            writer.document(doc, findings)
        failed |= fails(writer.close() or [], cfg["fail-on"])
        out.flush()  # a full disk shows here, not when the file is closed
    except OSError as exc:
        if exc.filename is not None or isinstance(exc, BrokenPipeError):
            raise
        raise UsageError(f"cannot write the report to {args.output or 'standard output'}: "
                         f"{exc.strerror or exc}") from None
    finally:
        if out is not sys.stdout:
            try:
                out.close()
            except OSError:  # the error that matters was raised above
                pass
    if baseline is not None:
        sys.stderr.write(baseline.summary())
    if cfg["report-unused-suppressions"]:
        for w in waivers.unused_file_waivers():
            sys.stderr.write(f"auditor: {w.file}:{w.line}: waiver for {', '.join(w.targets)} "
                             f"on {', '.join(w.paths)} matched no finding\n")
    if recorder is not None:
        try:
            bl.write(args.write_baseline, recorder.entries)
        except bl.BaselineError as exc:
            raise ConfigError(str(exc)) from None
        sys.stderr.write(f"auditor: wrote {len(recorder.entries)} finding(s) to the baseline {args.write_baseline}\n")
        return 0
    return 1 if failed else 0
