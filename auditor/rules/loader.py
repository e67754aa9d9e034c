"""Load a ruleset folder: rule files validated against rulesets/schema.json, and lexicons.

Every problem is reported as ``file:line: field: what is wrong`` and raises
:class:`RulesetError` (the CLI turns it into exit code 2).
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Mapping

import re2

from auditor.read.lexicon import Lexicon, LexiconError, load_lexicons
from auditor.rules.model import ALL_KINDS, Condition, Matcher, Rule
from auditor.support.yamlschema import field_name, line_for, load_marked, schema_errors


class RulesetError(ValueError):
    """An invalid ruleset; the message names the file, line and field."""


@dataclass
class Ruleset:
    name: str
    path: Path
    rules: list[Rule] = field(default_factory=list)
    lexicons: dict[str, Lexicon] = field(default_factory=dict)


@lru_cache(maxsize=1)
def rule_validator() -> "Draft202012Validator":  # noqa: F821 - jsonschema is imported when needed
    from importlib import resources

    from jsonschema import Draft202012Validator

    text = resources.files("auditor.bundled_rulesets").joinpath("schema.json").read_text("utf-8")
    return Draft202012Validator(json.loads(text))


@lru_cache(maxsize=1)
def _validation_stamp() -> str:
    """What parsing and validating a rule file depends on besides its text (auditor.support.cache key)."""
    from auditor.support import cache
    from auditor.support import yamlschema
    from auditor.support.resources import bundled_rulesets_dir

    schema = (bundled_rulesets_dir() / "schema.json").read_text("utf-8")
    code = cache.code_stamp(__file__, yamlschema.__file__, cache.module_file("yaml"), cache.module_file("jsonschema"))
    return f"{code}\0{schema}"


def _texts(value: Any) -> dict[str, str]:
    return {"en": value} if isinstance(value, str) else dict(value or {})


class _Compiler:
    """Turns one validated rule mapping into a Rule, checking names the schema cannot."""

    def __init__(self, ruleset: str, fname: str, marks: Mapping, lexicons: Mapping[str, Lexicon], prefix: tuple):
        self.ruleset, self.fname, self.marks, self.lexicons, self.prefix = ruleset, fname, marks, lexicons, prefix

    def fail(self, path: tuple, msg: str) -> RulesetError:
        full = self.prefix + path
        return RulesetError(f"{self.fname}:{line_for(self.marks, full)}: {field_name(full)}: {msg}")

    def lexicon(self, name: str, path: tuple) -> str:
        if name not in self.lexicons:
            known = ", ".join(sorted(self.lexicons)) or "none"
            raise self.fail(path, f"unknown lexicon {name!r} (this ruleset has: {known})")
        return f"{self.ruleset}/{name}"  # lexicons are per ruleset; two rulesets may reuse a name

    def regex(self, src: str, path: tuple):
        try:
            return re2.compile(src)
        except Exception as exc:
            raise self.fail(path, f"invalid regular expression {src!r} (RE2 syntax: no look-around or backreferences): {exc}") from None

    def matcher(self, d: Mapping, path: tuple) -> Matcher:
        kw: dict[str, Any] = {
            "scope": tuple(d.get("scope", ("content",))),
            "visible": bool(d.get("visible", False)),
            "min_count": int(d.get("min_count", 1)),
            "min_distinct": int(d.get("min_distinct", 1)),
            "langs": tuple(d.get("lang", ())),
            "lang_differs_from_page": bool(d.get("lang_differs_from_page", False)),
        }
        if "except" in d:
            exc = d["except"]
            if "lexicon" in exc:
                kw["except_lexicon"] = self.lexicon(exc["lexicon"], path + ("except", "lexicon"))
            else:
                kw["except_near"] = self.matcher(exc["near"], path + ("except", "near"))
                kw["except_sentences"] = int(exc.get("sentences", exc["near"].get("sentences", 0)))
        if "near" in d:
            kw["near"] = self.matcher(d["near"], path + ("near",))
            # The distance may be written inside near (as documented) or beside it.
            kw["near_sentences"] = int(d["near"].get("sentences", d.get("sentences", 0)))
        if "lexicon" in d:
            return Matcher("lexicon", lexicon=self.lexicon(d["lexicon"], path + ("lexicon",)), **kw)
        if "pattern" in d:
            return Matcher("pattern", pattern=self.regex(d["pattern"], path + ("pattern",)), pattern_src=d["pattern"], **kw)
        if "entity" in d:
            e = d["entity"]
            labels = e.get("label", ())
            labels = (labels,) if isinstance(labels, str) else tuple(labels)
            return Matcher("entity", entity_type=e["type"], entity_labels=labels, expired=e.get("expired"), **kw)
        if "segment" in d:
            return Matcher("segment", **kw)
        if "fact" in d:
            cond = {k: v for k, v in d.items() if k == "fact" or k in ("eq", "ne", "in", "not_in", "gte", "lte", "gt", "lt", "exists", "ne_fact")}
            if len(cond) != 2:
                raise self.fail(path + ("fact",), "a fact needs exactly one comparison (eq, ne, in, not_in, gte, lte, gt, lt, exists, ne_fact)")
            return Matcher("fact", condition=Condition.from_dict(cond), **kw)
        what = "all" if "all" in d else "any"
        children = tuple(self.matcher(c, path + (what, i)) for i, c in enumerate(d[what]))
        return Matcher(what, children=children, **kw)

    def rule(self, d: Mapping) -> Rule:
        kind = d["kind"]
        kw: dict[str, Any] = {}
        if kind == "require":
            kw["trigger"] = self.matcher(d["trigger"], ("trigger",))
            kw["expect"] = self.matcher(d["expect"], ("expect",))
        elif kind == "forbid":
            kw["match"] = self.matcher(d["match"], ("match",))
        else:
            kw["entity"] = d["entity"]
            kw["labels"] = tuple(d.get("labels", ()))
            kw["scope"] = tuple(d.get("scope", ALL_KINDS))
            kw["visible"] = bool(d.get("visible", False))
            if kind == "format":
                if d["pattern"] != "profile":
                    self.regex(d["pattern"], ("pattern",))
                kw["pattern_src"] = d["pattern"]
        for other in ("trigger", "expect", "match", "entity", "pattern", "labels"):
            if other in d and other not in _KIND_KEYS[kind]:
                raise self.fail((other,), f"not used by a '{kind}' rule (it uses: {', '.join(_KIND_KEYS[kind])})")
        return Rule(
            id=f"{self.ruleset}/{d['id']}",
            short_id=d["id"],
            ruleset=self.ruleset,
            category=d["category"],
            severity=d["severity"],
            kind=kind,
            title=_texts(d["title"]),
            message=_texts(d["message"]),
            fix=_texts(d.get("fix")),
            references=tuple(d.get("references", ())),
            description=d.get("description", ""),
            when=tuple(Condition.from_dict(c) for c in d.get("when", ())),
            severity_when=tuple(
                (tuple(Condition.from_dict(c) for c in sw["when"]), sw["severity"]) for sw in d.get("severity_when", ())
            ),
            source_file=self.fname,
            line=line_for(self.marks, self.prefix + ("id",)),
            **kw,
        )


_KIND_KEYS = {
    "require": ("trigger", "expect"),
    "forbid": ("match",),
    "format": ("entity", "labels", "pattern"),
    "consistent": ("entity", "labels"),
}


def load_rule_file(path: Path, ruleset: str, lexicons: Mapping[str, Lexicon]) -> list[Rule]:
    fname = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RulesetError(f"{fname}: cannot read: {exc}") from None
    # A file that parsed and validated before is taken from the cache as (data, marks):
    # no YAML parsing, no JSON Schema validation (auditor.support.cache).
    from auditor.support import cache

    key = cache.digest("rules", [_validation_stamp(), text])
    cached = cache.load("rules", key, slot=fname)
    if cached is not None:
        data, marks = cached
    else:
        try:
            data, marks = load_marked(text, fname)
        except ValueError as exc:
            raise RulesetError(str(exc)) from None
    items = data if isinstance(data, list) else [data]
    rules = []
    for i, item in enumerate(items):
        prefix = (i,) if isinstance(data, list) else ()
        if not isinstance(item, Mapping):
            raise RulesetError(f"{fname}:{line_for(marks, prefix)}: {field_name(prefix)}: a rule must be a mapping of fields")
        if cached is None:
            errors = schema_errors(rule_validator(), item, marks, fname, prefix)
            if errors:
                raise RulesetError("\n".join(errors))
        rules.append(_Compiler(ruleset, fname, marks, lexicons, prefix).rule(item))
    if cached is None:
        cache.store("rules", key, (data, marks), slot=fname)
    return rules


def load_ruleset(path: str | Path) -> Ruleset:
    path = Path(path)
    if not path.is_dir():
        raise RulesetError(f"{path}: not a ruleset folder (expected a folder with rules/ and lexicons/)")
    try:
        lexicons = load_lexicons(path / "lexicons") if (path / "lexicons").is_dir() else {}
    except LexiconError as exc:
        raise RulesetError(str(exc)) from None
    rs = Ruleset(name=path.name, path=path, lexicons=dict(lexicons))
    seen: dict[str, str] = {}
    for f in sorted((path / "rules").glob("*.y*ml")) if (path / "rules").is_dir() else ():
        for rule in load_rule_file(f, rs.name, lexicons):
            if rule.id in seen:
                raise RulesetError(f"{f}:{rule.line}: id: rule id {rule.short_id!r} is already used in {seen[rule.id]}")
            seen[rule.id] = str(f)
            rs.rules.append(rule)
    return rs
