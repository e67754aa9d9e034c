"""`auditor rules list | show ID | test [DIR]`: what the rules are, and proof that they work."""
from __future__ import annotations

import json
import sys
import unicodedata

from auditor.audit.engines import resolve_ruleset, ruleset_paths
from auditor.rules.loader import RulesetError, load_ruleset, load_rulesets
from auditor.support.errors import UsageError
from auditor.support.resources import bundled_ruleset
from auditor.i18n import gettext_for
from auditor.rules.explain import translate_fragment
from auditor.rules.messages import LOCALES
from auditor.rules.table import markdown_table


def add_parser(sub):
    p = sub.add_parser("rules", help="list, show and test rules", description=__doc__)
    rsub = p.add_subparsers(dest="rules_command", metavar="ACTION", required=True)
    lp = rsub.add_parser("list", help="list the rules of the rulesets")
    sp = rsub.add_parser("show", help="show one rule in full")
    sp.add_argument("rule", metavar="ID", help="rule id, with or without the ruleset prefix")
    tp = rsub.add_parser("test", help="run a ruleset's annotated test pages")
    tp.add_argument("dirs", nargs="*", metavar="DIR", help="ruleset folders (default: the bundled cn-pharma)")
    tp.add_argument("--verbose", "-v", action="store_true", help="list every page")
    tp.add_argument("--update-snapshots", action="store_true",
                    help="write each page's findings to its snapshot file (<page>.snap) instead of comparing")
    for q in (lp, sp):
        q.add_argument("--ruleset", action="append", default=[], metavar="DIR|NAME",
                       help="a ruleset folder or bundled name, added to the bundled cn-pharma (repeatable)")
        q.add_argument("--no-default-ruleset", action="store_true", help="without the bundled cn-pharma")
        q.add_argument("--locale", choices=LOCALES, default="en")
    lp.add_argument("--format", choices=("text", "json", "markdown"), default="text",
                    help="markdown: the table of the ruleset README (rulesets/cn-pharma/README.md)")
    p.set_defaults(run=run)
    return p


def N_(text: str) -> str:  # marks a string for extraction
    return text


def _width(text: str) -> int:
    """Columns a label takes in a terminal (a Chinese character takes two)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _condition(c, _) -> str:
    if hasattr(c, "conditions"):
        either = _("or")
        return f" {either} ".join(_condition(x, _) for x in c.conditions)
    value = c.value
    if isinstance(value, tuple) and len(value) == 2 and value[0] == "profile":
        value = f"profile.{value[1]}"
    elif isinstance(value, tuple):
        value = "[" + ", ".join(map(str, value)) + "]"
    return f"{c.fact} {c.op} {value}"


def _load(paths, default: bool = True):
    try:
        return load_rulesets(ruleset_paths(paths, default))
    except RulesetError as exc:
        raise UsageError(str(exc)) from None


def _load_for_test(paths):
    """Each ruleset to test (default: the bundled one), with the ruleset it extends."""
    out = []
    try:
        for p in paths or [str(bundled_ruleset())]:
            rs = load_ruleset(resolve_ruleset(p))
            if rs.extension is not None:
                base = resolve_ruleset(rs.extension.extends)
                loaded = load_rulesets([base, str(rs.path)])
                out.append((rs, loaded))
            else:
                out.append((rs, [rs]))
    except RulesetError as exc:
        raise UsageError(str(exc)) from None
    return out


def run(args) -> int:
    if args.rules_command == "test":
        return _test(args)
    rulesets = _load(args.ruleset, not args.no_default_ruleset)
    rules = [r for rs in rulesets for r in rs.rules]
    out = sys.stdout
    if args.rules_command == "list":
        if args.format == "json":
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
    _ = gettext_for(loc)
    labels = {k: _(k) for k in (N_("kind:"), N_("category:"), N_("severity:"), N_("defined in:"),
                                N_("changed by:"), N_("trigger:"), N_("expect:"), N_("match:"),
                                N_("entity:"), N_("pattern:"))}
    width = max(_width(v) for v in labels.values()) + 1

    def row(label: str, value: str) -> str:
        text = labels[label]
        return f"  {text}{' ' * (width - _width(text))}{value}\n"

    out.write(f"{r.id}\n  {r.text('title', loc)}\n\n")
    out.write(row("kind:", r.kind) + row("category:", r.category) + row("severity:", _(r.severity)))
    out.write(row("defined in:", f"{r.source_file}:{r.line}"))
    if r.overridden_by:
        out.write(row("changed by:", r.overridden_by))
    applies, message, fix, refs = _("applies when:"), _("message:"), _("fix:"), _("references:")
    for c in r.when:
        out.write(f"  {applies} {_condition(c, _)}\n")
    for conds, sev in r.severity_when:
        text = _("severity {severity} when:").format(severity=_(sev))
        out.write(f"  {text} " + "; ".join(_condition(c, _) for c in conds) + "\n")
    for name in ("trigger", "expect", "match"):
        m = getattr(r, name)
        if m is not None:
            out.write(row(name + ":", translate_fragment(m.describe(), loc)))
    if r.entity:
        out.write(row("entity:", f"{r.entity} {'/'.join(r.labels)}"))
    if r.pattern_src:
        out.write(row("pattern:", r.pattern_src))
    out.write(f"\n  {message} {r.text('message', loc)}\n  {fix}{' ' * max(1, _width(message) - _width(fix) + 1)}{r.text('fix', loc)}\n")
    if r.references:
        out.write(f"  {refs}\n" + "".join(f"    - {ref}\n" for ref in r.references))
    return 0


def _test(args) -> int:
    # `rules test` only (~22 ms, 8 modules more than `rules list`): every command module is
    # imported when the full parser is built (`auditor --help`)
    from auditor.rules.testing import coverage, run_ruleset_tests

    out = sys.stdout
    failed = passed = 0
    for rs, loaded in _load_for_test(args.dirs):
        results = run_ruleset_tests(rs, loaded, update=args.update_snapshots)
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
            for name in res.written:
                out.write(f"wrote {name}\n")
            failed += bool(res.failures)
            passed += not res.failures
        cover = coverage(rs, results)
        for rid, ways in sorted(cover.items()):
            missing = [w for w in ("fires-en", "fires-zh", "passes-en", "passes-zh") if w not in ways]
            if missing:
                out.write(f"warn {rs.name}/{rid}: no test page that {', '.join(missing)}\n")
    out.write(f"{passed} passed, {failed} failed\n")
    return 1 if failed else 0
