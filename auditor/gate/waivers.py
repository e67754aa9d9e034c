"""Audit-grade waivers: in-page comments and a waiver file, applied after the rules.

In a page (HTML, or Markdown-like text with HTML comments)::

    <!-- auditor-disable-next-line RULE-OR-CATEGORY[,more] -- reason [approver=NAME] [until=YYYY-MM-DD] -->
    <!-- auditor-disable RULE[,more] -- reason [approver=NAME] [until=YYYY-MM-DD] -->
    ...
    <!-- auditor-enable RULE[,more] -->          (or a bare auditor-enable: close every open block)
    <!-- auditor-disable-file RULE[,more] -- reason [approver=NAME] [until=YYYY-MM-DD] -->

Targets are rule ids (``cn-pharma/unapproved-product-disclaimer``), ids without the
ruleset (``unapproved-product-disclaimer``) or categories (``absolute-claim``).
``approver`` and ``until`` may be quoted (``approver="Li Wei"``).

Scopes:

- ``disable-next-line``: findings in the next block of text after the comment (the
  next paragraph, heading, list item or line), wherever the block wraps;
- ``disable`` ... ``enable``: findings whose source position (line, column) lies
  between the two comments; a block never closed runs to the end of the page;
- ``disable-file``: every finding of those rules on the page, including page-level
  findings that have no position (for example "no disclaimer on this page").

A waiver with no reason, an unknown target, a bad date or a misspelt directive is
invalid: it suppresses nothing and is reported as ``auditor/invalid-waiver``. A waiver
whose ``until`` date is before the audit date has expired: it suppresses nothing and is
reported as ``auditor/expired-waiver``. With ``--report-unused-suppressions``, a
valid waiver that matched no finding is reported as ``auditor/unused-waiver`` (info).
These built-in findings use the category ``input-error`` (the problem is in the page
source, not in its regulatory content), so the JSON contract's categories stay closed.

A waived finding keeps all its data and gets ``waiver = {"reason", "approver",
"until", "source", "line"}``; ``source`` is ``"inline"`` for a comment in the page
(``line`` is the comment's line) or ``"file"`` for the waiver file (``line`` is the
entry's line, and ``file`` names the waiver file).

Waiver file (YAML; ``--waiver-file`` or the ``waiver-file`` setting), for pages
whose source cannot carry comments::

    - path: "news/2019/**"          # glob(s), relative to the waiver file's folder
      rule: archive-notice-missing  # rule id, id without ruleset, or category; or a list
      reason: "Legacy archive, migration ticket CHG-1234"
      approver: "Li Wei (Regulatory Affairs)"
      until: 2026-12-31
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Sequence

from auditor.gate.config import relative_to
from auditor.model.document import Document, Finding
from auditor.model.vocabulary import CATEGORIES
from auditor.rules.explain import translate_explanation
from auditor.rules.builtin import EXPIRED, INVALID, UNUSED
from auditor.rules.builtin import WAIVER_PROBLEMS as _PROBLEMS
from auditor.rules.builtin import WAIVER_SEVERITY as BUILTIN_SEVERITY
from auditor.rules.builtin import WAIVER_TEXTS as BUILTIN_TEXTS
from auditor.rules.messages import format_date
from auditor.rules.messages import render
from auditor.rules.model import Rule
from auditor.sources.patterns import PathRules, parse_patterns
from auditor.support.yamlschema import check_hostile, safe_loader_class
from auditor.support.errors import WaiverFileError

BUILTIN_CATEGORY = "input-error"

DIRECTIVES = ("disable-next-line", "disable-file", "disable", "enable")
_DIRECTIVE = re.compile(r"^auditor-(disable|enable)([A-Za-z_-]*)(?=\s|$)(.*)\Z", re.S)
_OPTION = re.compile(r"""(?<!\S)(approver|until)=(?:"([^"]*)"|'([^']*)'|(\S+))""")
_SEP = re.compile(r"\s(?:--|—|――)\s|\s(?:--|—)$")


def builtin_rules() -> list:
    """Rule objects for the built-in waiver rules (for SARIF rule metadata, listings)."""
    return [
        Rule(id=rid, short_id=rid.split("/", 1)[1], ruleset="auditor", category=BUILTIN_CATEGORY,
             severity=BUILTIN_SEVERITY[rid], kind="builtin", title=t["title"], message=t["message"], fix=t["fix"],
             description="Built-in check of the waivers written in pages and waiver files.")
        for rid, t in BUILTIN_TEXTS.items()
    ]


def _text(rid: str, name: str, locale: str) -> str:
    texts = BUILTIN_TEXTS[rid][name]
    return texts.get(locale) or texts["en"]


def _problem(code: str, locale: str, value: str = "") -> str:
    texts = _PROBLEMS[code]
    return (texts.get(locale) or texts["en"]).format(value=value)


@dataclass
class Waiver:
    """A waiver from a page comment or the waiver file."""

    directive: str  # disable-next-line | disable | disable-file | file (a waiver-file entry)
    targets: tuple[str, ...]
    reason: str
    approver: str | None = None
    until: dt.date | None = None
    line: int = 1
    column: int = 1
    offset: int = 0
    text: str = ""
    # scope
    span: tuple[int, int] | None = None  # next-line: the text offsets of the block it covers
    end: tuple[int, int] | None = None  # disable: the (line, column) of the closing enable
    # waiver file
    file: str | None = None
    paths: tuple[str, ...] = ()
    base: str = ""  # the folder the paths are relative to
    used: int = 0
    _rules: Any = field(default=None, repr=False)

    def covers_rule(self, f: Finding) -> bool:
        short = f.rule.split("/", 1)[1] if "/" in f.rule else f.rule
        return any(t in (f.rule, short, f.category) for t in self.targets)

    def covers(self, f: Finding) -> bool:
        if not self.covers_rule(f):
            return False
        if self.directive in ("disable-file", "file"):
            return True
        if f.end <= f.start:  # page-level finding: only file-level waivers reach it
            return False
        if self.directive == "disable-next-line":
            return self.span is not None and self.span[0] <= f.start <= self.span[1]
        pos = (f.line, f.column)
        return (self.line, self.column) < pos and (self.end is None or pos < self.end)

    def record(self) -> dict:
        rec = {
            "reason": self.reason,
            "approver": self.approver,
            "until": self.until.isoformat() if self.until else None,
            "source": "file" if self.directive == "file" else "inline",
            "line": self.line,
        }
        if self.file:
            rec["file"] = self.file
        return rec

    def expired(self, audit_date: dt.date) -> bool:
        return self.until is not None and self.until < audit_date


@dataclass
class Invalid:
    """A waiver comment that could not be read, and why."""

    line: int
    column: int
    offset: int
    text: str
    problem: str  # already in the output locale


def _split_targets(s: str) -> tuple[str, ...]:
    return tuple(t for t in re.split(r"[\s,，]+", s.strip()) if t)


def parse_comment(comment, known: set[str] | None, locale: str = "en") -> Waiver | Invalid | tuple | None:
    """One comment -> a Waiver, an Invalid, ("enable", targets), or None (not a waiver)."""
    text = comment.text.strip()
    m = _DIRECTIVE.match(text)
    if not m:
        return None
    directive = m.group(1) + m.group(2)
    body = m.group(3)
    loc = dict(line=comment.line, column=comment.column, offset=comment.offset, text=f"<!-- {text} -->")
    if directive not in DIRECTIVES:
        return Invalid(problem=_problem("bad-directive", locale, "auditor-" + directive), **loc)
    sep = _SEP.search(body)
    head, rest = (body[:sep.start()], body[sep.end():]) if sep else (body, "")
    targets = _split_targets(head)
    if directive == "enable":
        return ("enable", targets, loc)
    if not targets:
        return Invalid(problem=_problem("no-target", locale), **loc)
    unknown = [t for t in targets if known is not None and t not in known]
    if unknown:
        return Invalid(problem=_problem("unknown-target", locale, ", ".join(unknown)), **loc)
    opts: dict[str, str] = {}

    def take(mo):
        opts.setdefault(mo.group(1), next(g for g in mo.groups()[1:] if g is not None))
        return " "

    reason = " ".join(_OPTION.sub(take, rest).split())
    if not reason:
        return Invalid(problem=_problem("no-reason", locale), **loc)
    until = None
    if "until" in opts:
        try:
            until = dt.date.fromisoformat(opts["until"])
        except ValueError:
            return Invalid(problem=_problem("bad-date", locale, opts["until"]), **loc)
    return Waiver(directive=directive, targets=targets, reason=reason, approver=opts.get("approver") or None,
                  until=until, **loc)


def page_waivers(doc: Document, known: set[str] | None, locale: str = "en") -> tuple[list[Waiver], list[Invalid]]:
    """The waivers written in a page, with their scopes resolved, and the invalid ones."""
    waivers: list[Waiver] = []
    invalid: list[Invalid] = []
    open_blocks: list[Waiver] = []
    for c in doc.comments:
        w = parse_comment(c, known, locale)
        if w is None:
            continue
        if isinstance(w, Invalid):
            invalid.append(w)
            continue
        if isinstance(w, tuple):  # enable
            _, targets, loc = w
            closing = [b for b in open_blocks if not targets or set(targets) & set(b.targets)]
            if not closing:
                invalid.append(Invalid(problem=_problem("unmatched-enable", locale, ",".join(targets) or "(all)"), **loc))
                continue
            for b in closing:
                if not targets or set(b.targets) <= set(targets):
                    b.end = (loc["line"], loc["column"])
                    open_blocks.remove(b)
                else:  # close only some of the block's targets: split it
                    b.end = (loc["line"], loc["column"])
                    open_blocks.remove(b)
                    rest = tuple(t for t in b.targets if t not in targets)
                    b.targets = tuple(t for t in b.targets if t in targets)
                    cont = dataclasses.replace(b, targets=rest, end=None, used=0)
                    waivers.append(cont)
                    open_blocks.append(cont)
            continue
        if w.directive == "disable-next-line":
            block = doc.block_at(w.offset) if doc.blocks else None
            if block is not None and block.end >= w.offset:
                w.span = (block.start, block.end)
        elif w.directive == "disable":
            open_blocks.append(w)
        waivers.append(w)
    return waivers, invalid


def load_waiver_file(path: str | Path, known: set[str] | None = None) -> list[Waiver]:
    """Entries of a YAML waiver file; raises WaiverFileError naming file:line and field."""
    import yaml  # PyYAML (~16 ms, 24 modules) only with a waiver file (tests/test_startup.py)

    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise WaiverFileError(f"{path}: cannot read waiver file: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise WaiverFileError(f"{path}: waiver file is not UTF-8 text: {exc}") from None

    try:
        check_hostile(text, str(path))
    except ValueError as exc:
        raise WaiverFileError(str(exc)) from None
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.load(text, Loader=safe_loader_class())
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark else str(path)
        raise WaiverFileError(f"{where}: invalid YAML: {getattr(exc, 'problem', None) or exc}") from None
    if data is None:
        return []
    if isinstance(data, dict) and set(data) == {"waivers"}:
        data = data["waivers"]
        node = node.value[0][1]
    if not isinstance(data, list):
        raise WaiverFileError(f"{path}: expected a list of waivers (- path: ... rule: ... reason: ...)")
    out = []
    base = str(path.resolve().parent)
    for i, entry in enumerate(data):
        line = node.value[i].start_mark.line + 1
        where = f"{path}:{line}"
        if not isinstance(entry, dict):
            raise WaiverFileError(f"{where}: a waiver must be a mapping with path, rule and reason")
        unknown = set(entry) - {"path", "paths", "rule", "rules", "reason", "approver", "until"}
        if unknown:
            raise WaiverFileError(f"{where}: unknown field {sorted(unknown)[0]!r} (fields: path, rule, reason, approver, until)")

        def strs(name: str, alt: str) -> tuple[str, ...]:
            v = entry.get(name, entry.get(alt))
            if isinstance(v, str) and v.strip():
                return _split_targets(v) if name == "rule" else (v.strip(),)
            if isinstance(v, list) and v and all(isinstance(x, str) and x.strip() for x in v):
                return tuple(x.strip() for x in v)
            raise WaiverFileError(f"{where}: {name}: required, a string or a list of strings")

        paths = strs("path", "paths")
        targets = strs("rule", "rules")
        bad = [t for t in targets if known is not None and t not in known]
        if bad:
            raise WaiverFileError(f"{where}: rule: unknown rule or category {bad[0]!r}")
        reason = entry.get("reason")
        if not isinstance(reason, str) or not reason.strip():
            raise WaiverFileError(f"{where}: reason: required: say why the finding is accepted")
        approver = entry.get("approver")
        if approver is not None and not isinstance(approver, str):
            raise WaiverFileError(f"{where}: approver: expected a string")
        until = entry.get("until")
        if isinstance(until, dt.datetime):
            until = until.date()
        elif isinstance(until, str):
            try:
                until = dt.date.fromisoformat(until)
            except ValueError:
                raise WaiverFileError(f"{where}: until: not a date in YYYY-MM-DD form: {until!r}") from None
        elif until is not None and not isinstance(until, dt.date):
            raise WaiverFileError(f"{where}: until: not a date in YYYY-MM-DD form: {until!r}")
        out.append(Waiver(directive="file", targets=targets, reason=" ".join(reason.split()), approver=approver or None,
                          until=until, line=line, file=str(path), paths=paths, base=base, text=f"{path}:{line}"))
    return out


def _file_entry_matches(w: Waiver, source: str) -> bool:
    if w._rules is None:
        w._rules = PathRules(parse_patterns(w.paths, f"{w.file}:{w.line}"))
    rel = relative_to(source, Path(w.base))
    return rel is not None and w._rules.excluded(rel)


def known_targets(rules: Iterable) -> set[str]:
    """What a waiver may name: rule ids, ids without ruleset, categories."""
    known = set(CATEGORIES)
    for r in rules:
        known.add(r.id)
        known.add(r.short_id)
    known.add("input-error")
    return known


class Waivers:
    """Applies page and file waivers to each document's findings (after the engine)."""

    def __init__(self, *, audit_date: dt.date, locale: str = "en", known: set[str] | None = None,
                 file_waivers: Sequence[Waiver] = (), report_unused: bool = False,
                 ignore: Sequence[str] = ()):
        self.audit_date = audit_date
        self.locale = locale
        self.known = known
        self.file_waivers = list(file_waivers)
        self.report_unused = report_unused
        self.ignore = set(ignore)

    def apply(self, doc: Document, findings: Sequence[Finding]) -> list[Finding]:
        waivers, invalid = page_waivers(doc, self.known, self.locale) if doc.comments else ([], [])
        active_file = [w for w in self.file_waivers if _file_entry_matches(w, doc.source)] if self.file_waivers else []
        if not waivers and not invalid and not active_file:
            return list(findings)
        order = {"disable-next-line": 0, "disable": 1, "disable-file": 2}
        inline = sorted(waivers, key=lambda w: order[w.directive])
        live = [w for w in inline if not w.expired(self.audit_date)]
        out: list[Finding] = []
        extra: list[Finding] = []
        expired_hits: set[int] = set()
        for f in findings:
            w = next((w for w in live if w.covers(f)), None)
            if w is None:
                for fw in active_file:
                    if fw.covers(f):
                        if fw.expired(self.audit_date):
                            if id(fw) not in expired_hits:
                                expired_hits.add(id(fw))
                                extra.append(self._expired(doc, fw, at=f))
                            continue
                        w = fw
                        break
            if w is not None:
                w.used += 1
                f = dataclasses.replace(f, waiver=w.record())
            out.append(f)
        for inv in invalid:
            extra.append(self._builtin(doc, INVALID, inv.line, inv.column, inv.offset, inv.text,
                                       problem=inv.problem))
        for w in inline:
            if w.expired(self.audit_date):
                extra.append(self._expired(doc, w))
            elif self.report_unused and not w.used:
                extra.append(self._builtin(doc, UNUSED, w.line, w.column, w.offset, w.text,
                                           targets=", ".join(w.targets)))
        extra = [f for f in extra if not ({f.rule, f.rule.split("/", 1)[1], f.category} & self.ignore)]
        if extra:
            out.extend(extra)
            out.sort(key=lambda f: (f.start, f.end, f.rule, f.line, f.column))
        return out

    def unused_file_waivers(self) -> list[Waiver]:
        """Waiver-file entries that matched no finding in the whole run (not expired ones)."""
        return [w for w in self.file_waivers if not w.used and not w.expired(self.audit_date)]

    def _expired(self, doc: Document, w: Waiver, at: Finding | None = None) -> Finding:
        until = format_date(w.until, self.locale)
        if at is not None:  # a waiver-file entry: reported where it would have applied
            return self._builtin(doc, EXPIRED, at.line, at.column, at.start, w.text,
                                 targets=", ".join(w.targets), until=until, start=at.start, end=at.start)
        return self._builtin(doc, EXPIRED, w.line, w.column, w.offset, w.text, targets=", ".join(w.targets),
                             until=until)

    def _builtin(self, doc: Document, rid: str, line: int, column: int, offset: int, evidence: str,
                 start: int | None = None, end: int | None = None, **values: str) -> Finding:
        loc = self.locale
        seg = doc.segment_at(offset) if doc.segments else None
        return Finding(
            rule=rid,
            category=BUILTIN_CATEGORY,
            severity=BUILTIN_SEVERITY[rid],
            message=render(_text(rid, "message", loc), values),
            line=line,
            column=column,
            segment=seg.id if seg else None,
            evidence=evidence,
            start=offset if start is None else start,
            end=offset if end is None else end,
            fix=_text(rid, "fix", loc),
            title=_text(rid, "title", loc),
            explanation=translate_explanation("built-in check of waivers", loc),
            source=doc.source,
        )

