"""`auditor rules list | show ID | test [DIR]`: what the rules are, and proof that they work."""
from __future__ import annotations

import sys

from auditor.rules.loader import RulesetError, load_ruleset
from auditor.rules.messages import LOCALES
from auditor.rules.table import markdown_table
from auditor.support.errors import UsageError
from auditor.support.resources import bundled_ruleset


def add_parser(sub):
    p = sub.add_parser("rules", help="list, show and test rules", description=__doc__)
    rsub = p.add_subparsers(dest="rules_command", metavar="ACTION", required=True)
    lp = rsub.add_parser("list", help="list the rules of the rulesets")
    sp = rsub.add_parser("show", help="show one rule in full")
    sp.add_argument("rule", metavar="ID", help="rule id, with or without the ruleset prefix")
    tp = rsub.add_parser("test", help="run a ruleset's annotated test pages")
    tp.add_argument("dirs", nargs="*", metavar="DIR", help="ruleset folders (default: the bundled cn-pharma)")
    tp.add_argument("--verbose", "-v", action="store_true", help="list every page")
    for q in (lp, sp):
        q.add_argument("--ruleset", action="append", default=[], metavar="DIR")
        q.add_argument("--locale", choices=LOCALES, default="en")
    lp.add_argument("--format", choices=("text", "json", "markdown"), default="text",
                    help="markdown: the table of the ruleset README (rulesets/cn-pharma/README.md)")
    p.set_defaults(run=run)
    return p


def _load(paths):
    try:
        return [load_ruleset(p) for p in (paths or [str(bundled_ruleset())])]
    except RulesetError as exc:
        raise UsageError(str(exc)) from None


def run(args) -> int:
    if args.rules_command == "test":
        return _test(args)
    rulesets = _load(args.ruleset)
    rules = [r for rs in rulesets for r in rs.rules]
    out = sys.stdout
    if args.rules_command == "list":
        if args.format == "json":
            import json

            out.write(json.dumps([{"id": r.id, "category": r.category, "severity": r.severity, "kind": r.kind,
                                   "title": r.text("title", args.locale)} for r in rules], ensure_ascii=False, indent=2) + "\n")
            return 0
        if args.format == "markdown":
            out.write(markdown_table(rules, args.locale))
            return 0
        width = max((len(r.id) for r in rules), default=10)
        for r in rules:
            out.write(f"{r.id:<{width}}  {r.severity:<7}  {r.category:<33}  {r.text('title', args.locale)}\n")
        return 0
    wanted = args.rule
    match = [r for r in rules if wanted in (r.id, r.short_id)]
    if not match:
        raise UsageError(f"no rule {wanted!r}; see 'auditor rules list'")
    r = match[0]
    loc = args.locale
    out.write(f"{r.id}\n  {r.text('title', loc)}\n\n")
    out.write(f"  kind:       {r.kind}\n  category:   {r.category}\n  severity:   {r.severity}\n")
    out.write(f"  defined in: {r.source_file}:{r.line}\n")
    for c in r.when:
        out.write(f"  applies when: {c.fact} {c.op} {c.value}\n")
    for conds, sev in r.severity_when:
        out.write(f"  severity {sev} when: " + "; ".join(f"{c.fact} {c.op} {c.value}" for c in conds) + "\n")
    for name in ("trigger", "expect", "match"):
        m = getattr(r, name)
        if m is not None:
            out.write(f"  {name + ':':<11} {m.describe()}\n")
    if r.entity:
        out.write(f"  entity:     {r.entity} {'/'.join(r.labels)}\n")
    if r.pattern_src:
        out.write(f"  pattern:    {r.pattern_src}\n")
    out.write(f"\n  message: {r.text('message', loc)}\n  fix:     {r.text('fix', loc)}\n")
    if r.references:
        out.write("  references:\n" + "".join(f"    - {ref}\n" for ref in r.references))
    return 0


def _test(args) -> int:
    from auditor.rules.testing import coverage, run_ruleset_tests  # lazy: only `rules test`

    out = sys.stdout
    failed = passed = 0
    for rs in _load(args.dirs):
        results = run_ruleset_tests(rs)
        if not results:
            out.write(f"{rs.name}: no test pages under {rs.path / 'tests'}\n")
            failed += 1
            continue
        for res in results:
            if args.verbose:
                status = "FAIL" if res.failures else "ok"
                out.write(f"{status:<4} {res.path} ({res.checked} checks)\n")
            for msg in res.failures:
                out.write(f"FAIL {msg}\n")
            for msg in res.todos:
                out.write(f"todo {msg}\n")
            failed += bool(res.failures)
            passed += not res.failures
        cover = coverage(rs, results)
        for rid, ways in sorted(cover.items()):
            missing = [w for w in ("fires-en", "fires-zh", "passes-en", "passes-zh") if w not in ways]
            if missing:
                out.write(f"warn {rs.name}/{rid}: no test page that {', '.join(missing)}\n")
    out.write(f"{passed} passed, {failed} failed\n")
    return 1 if failed else 0
