"""`auditor rules test`: pages annotated with the findings they must and must not produce.

Annotations (see docs/writing-rules.md) live in comments: ``<!-- ruleid: ID -->``
(fires on the next line with text), ``ok:``, ``todoruleid:``, ``todook:``,
``ruleid-page:``, ``ok-page:`` and ``<!-- test: profile=NAME audit-date=YYYY-MM-DD -->``.
In plain text the same words follow a ``#`` on a line of their own. Annotations
are blanked out (same length, so lines and columns stay) before the page is audited.

Each page also has a snapshot next to it (``<page>.snap``, as Ruff keeps one per test
fixture): every finding of the rules the page names (rule, line, column, severity,
evidence, message), compared in full; ``auditor rules test --update-snapshots`` writes them.
"""
from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

from auditor.read.pipeline import load_document
from auditor.recognize.profile import ProfileError, load_profile
from auditor.rules.engine import Engine
from auditor.rules.loader import Ruleset

SNAPSHOT_SUFFIX = ".snap"

PAGE_SUFFIXES = (".html", ".htm", ".md", ".markdown", ".txt")
_ANNOT = re.compile(
    r"<!--\s*(ruleid|ok|todoruleid|todook|(?:todo)?ruleid-page|(?:todo)?ok-page|test)\s*:\s*(.*?)\s*-->"
    r"|^[ \t]*#\s*(ruleid|ok|todoruleid|todook|(?:todo)?ruleid-page|(?:todo)?ok-page|test)\s*:\s*(.*?)[ \t]*$",
    re.M,
)


@dataclass
class Expectation:
    kind: str  # ruleid | ok | todoruleid | todook | ruleid-page | ok-page | todoruleid-page | todook-page
    rule: str
    line: int  # annotation line
    target: int | None  # line the finding must (not) be on; None for page-level


@dataclass
class PageResult:
    path: Path
    language: str = ""
    failures: list[str] = field(default_factory=list)
    todos: list[str] = field(default_factory=list)
    checked: int = 0
    written: list[str] = field(default_factory=list)  # snapshots written by --update-snapshots


def parse_annotations(text: str) -> tuple[str, list[Expectation], dict]:
    """Return the page with annotations blanked, the expectations and the test options."""
    expectations: list[Expectation] = []
    options: dict = {}
    lines = text.split("\n")
    blanked = text
    for m in _ANNOT.finditer(text):
        kind = m.group(1) or m.group(3)
        value = m.group(2) if m.group(1) else m.group(4)
        line = text.count("\n", 0, m.start()) + 1
        blanked = blanked[: m.start()] + re.sub(r"[^\n]", " ", m.group(0)) + blanked[m.end():]
        if kind == "test":
            for part in value.split():
                if "=" in part:
                    k, v = part.split("=", 1)
                    options[k.strip()] = v.strip()
            continue
        target = None
        if not kind.endswith("-page"):  # line-level: the next line that has text
            target = next((i + 1 for i in range(line, len(lines)) if _has_text(lines[i])), None)
        for rule in re.split(r"[,\s]+", value.strip()):
            if rule:
                expectations.append(Expectation(kind, rule, line, target))
    return blanked, expectations, options


def _has_text(line: str) -> bool:
    stripped = re.sub(r"<!--.*?-->|<[^>]*>", "", line).strip()
    return bool(stripped)


def _rule_matches(finding_rule: str, wanted: str) -> bool:
    return finding_rule == wanted or finding_rule.split("/", 1)[-1] == wanted


def _profile_ref(name: str, page: Path, ruleset: Ruleset) -> str:
    """A profile named by a test page: a bundled name, or a path relative to the page,
    the ruleset folder or the current directory (in that order)."""
    if not name.endswith((".yaml", ".yml")) and "/" not in name:
        return name
    for base in (page.parent, ruleset.path, ruleset.path / "tests", Path.cwd()):
        if (base / name).is_file():
            return str(base / name)
    return name


def snapshot_text(path: Path, findings, rules: list[str]) -> str:
    """A page's findings of ``rules`` as a snapshot: one block per finding, stable order."""
    head = (f"# auditor rules test snapshot of {path.name}: findings of {', '.join(rules) or 'no rule'}\n"
            "# written by 'auditor rules test --update-snapshots'; review changes like code\n")
    blocks = []
    for f in findings:
        evidence = " ".join(f.evidence.split())
        message = " ".join(f.message.split())
        blocks.append(f"{f.rule} {f.line}:{f.column} {f.severity}\n  evidence: {evidence}\n  message: {message}\n")
    return head + ("\n".join(blocks) if blocks else "(no findings)\n")


def _snapshot_diff(old: str, new: str, path: Path) -> str:
    lines = difflib.unified_diff(old.splitlines(), new.splitlines(), "snapshot", "now", lineterm="", n=1)
    return "\n".join(list(lines)[2:40])


def run_page(path: Path, ruleset: Ruleset, engines: dict, rulesets: list[Ruleset] | None = None,
             update: bool = False) -> PageResult:
    result = PageResult(path)
    raw = path.read_bytes()
    text = raw.decode("utf-8")
    blanked, expectations, options = parse_annotations(text)
    key = (_profile_ref(options.get("profile", "generic"), path, ruleset), options.get("audit-date", ""))
    if key not in engines:
        try:
            day = dt.date.fromisoformat(key[1]) if key[1] else dt.date.today()
            engines[key] = Engine(rulesets or [ruleset], load_profile(key[0]), audit_date=day)
        except (ProfileError, ValueError, OSError) as exc:
            engines[key] = f"cannot set up this test page: {exc}"
    engine = engines[key]
    if isinstance(engine, str):
        result.failures.append(f"{path}: {engine}")
        return result
    # segmented with the lexicons of the rulesets under test, as 'auditor check' does
    doc = load_document(blanked.encode("utf-8"), str(path), lexicons=engine.segment_lexicons)
    result.language = doc.language
    findings = engine.check(doc)
    named = sorted({e.rule.split("/", 1)[-1] for e in expectations})
    snap_path = path.with_name(path.name + SNAPSHOT_SUFFIX)
    snap = snapshot_text(path, [f for f in findings if f.rule.split("/", 1)[-1] in named], named)
    result.checked += 1
    if update:
        if not snap_path.is_file() or snap_path.read_text(encoding="utf-8") != snap:
            snap_path.write_text(snap, encoding="utf-8", newline="\n")
            result.written.append(str(snap_path))
    elif not snap_path.is_file():
        result.failures.append(f"{snap_path}: no snapshot of this page's findings; review them and write it "
                               "with 'auditor rules test --update-snapshots'")
    else:
        old = snap_path.read_text(encoding="utf-8")
        if old != snap:
            result.failures.append(f"{snap_path}: findings differ from the snapshot (run with --update-snapshots "
                                   f"if the change is intended):\n{_snapshot_diff(old, snap, snap_path)}")
    for exp in expectations:
        hits = [f for f in findings if _rule_matches(f.rule, exp.rule)]
        if exp.target is not None:
            on_line = [f for f in hits if f.line == exp.target]
        else:
            on_line = hits
        where = f"{path}:{exp.target or exp.line}"
        result.checked += 1
        if exp.kind in ("ruleid", "ruleid-page") and not on_line:
            got = ", ".join(f"line {f.line}" for f in hits) or "nowhere"
            result.failures.append(f"{where}: expected {exp.rule} to fire {'here' if exp.target else 'on this page'}; it fired {got}")
        elif exp.kind in ("ok", "ok-page") and on_line:
            result.failures.append(f"{where}: {exp.rule} fired but must not: {on_line[0].message}")
        elif exp.kind in ("todoruleid", "todoruleid-page") and not on_line:
            result.todos.append(f"{where}: known gap: {exp.rule} should fire")
        elif exp.kind in ("todook", "todook-page") and on_line:
            result.todos.append(f"{where}: known gap: {exp.rule} fires but should not")
    return result


def test_pages(ruleset: Ruleset) -> list[Path]:
    root = ruleset.path / "tests"
    if not root.is_dir():
        return []
    return sorted(p for p in root.rglob("*") if p.suffix.lower() in PAGE_SUFFIXES and p.is_file())


def run_ruleset_tests(ruleset: Ruleset, rulesets: list[Ruleset] | None = None, update: bool = False) -> list[PageResult]:
    """Run a ruleset's test pages; ``rulesets`` are all the rulesets to load with it (the
    one it extends); ``update`` writes the snapshots instead of comparing them."""
    engines: dict = {}
    return [run_page(p, ruleset, engines, rulesets, update) for p in test_pages(ruleset)]


def coverage(ruleset: Ruleset, results: list[PageResult]) -> dict[str, set[str]]:
    """For each rule, which of must-fire/must-not-fire x English/Chinese its tests cover."""
    cover: dict[str, set[str]] = {r.short_id: set() for r in ruleset.rules}
    for res in results:
        text = res.path.read_text(encoding="utf-8")
        _, expectations, _ = parse_annotations(text)
        lang = "zh" if res.language.startswith("zh") else "en" if res.language in ("en", "mixed") else res.language
        if res.language == "mixed":
            lang = "mixed"
        for exp in expectations:
            rid = exp.rule.split("/", 1)[-1]
            if rid in cover:
                way = "fires" if exp.kind in ("ruleid", "ruleid-page") else "passes" if exp.kind in ("ok", "ok-page") else None
                if way:
                    for lg in (("en", "zh") if lang == "mixed" else (lang,)):
                        cover[rid].add(f"{way}-{lg}")
    return cover
