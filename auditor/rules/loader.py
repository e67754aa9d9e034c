"""Load a ruleset folder: rule files validated against rulesets/schema.json, and lexicons.

Every problem is reported as ``file:line: field: what is wrong`` and raises
:class:`RulesetError` (the CLI turns it into exit code 2).
"""
from __future__ import annotations

import dataclasses
from collections.abc import Mapping  # (isinstance on typing.Mapping costs ~5x: ~300 checks a start-up)
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import re2

from auditor.read import zh
from auditor.read.lexicon import Lexicon, LexiconError, load_lexicons
from auditor.recognize import profile as profile_module
from auditor.recognize.profile import Profile
from auditor.recognize.statutory import PATTERNS
from auditor.rules.messages import TemplateError, fill_params, placeholders
from auditor.rules.model import ALL_KINDS, Condition, Matcher, Rule, condition_from_dict
from auditor.support import cache, yamlschema
from auditor.support.resources import bundled_rulesets_dir
from auditor.support.yamlschema import field_name, line_for, load_marked, schema_errors

TEXT_LOCALES = ("en", "zh-Hans", "zh-Hant")
# Placeholders the engine fills for every finding (auditor/rules/engine.py) ...
COMMON_PLACEHOLDERS = ("evidence", "market", "audit_date", "date", "age_months", "threshold", "lang", "page_lang", "value")
# ... and those a kind adds (auditor/rules/kinds/).
KIND_PLACEHOLDERS = {
    "require": ("count",),
    "forbid": (),
    "format": ("expected",),
    "consistent": ("expected", "count"),
}


def entity_labels() -> dict[str, frozenset]:
    """The labels each recognizer gives (auditor/recognize/), for checking rule files."""
    return {
        "approval_number": frozenset({"valid", "malformed"}),
        "product": frozenset({"investigational", "approved", "unapproved-indication", "unapproved"}),
        "trial_id": frozenset({"nct", "ctr", "chictr"}),
        "date": frozenset({"release", "dateline", "published", "expiry", "prep", "updated"}),
        "link": frozenset({"external", "internal"}),
        "statutory_number": frozenset(label for label, _desc, _rx in PATTERNS),
    }


def _profile_field(name: str) -> bool:
    """Is ``name`` (dotted) a field of the company profile?"""
    cls: Any = Profile
    for part in name.split("."):
        fields = {f.name: f for f in dataclasses.fields(cls)} if dataclasses.is_dataclass(cls) else {}
        if part not in fields:
            return False
        cls = fields[part].type
        if isinstance(cls, str):  # postponed annotations: resolve the class by name
            cls = getattr(profile_module, cls.split("|")[0].strip(), None)
    return True


class RulesetError(ValueError):
    """An invalid ruleset; the message names the file, line and field."""


@dataclass
class Ruleset:
    """A loaded ruleset: its rules and lexicons."""

    name: str
    path: Path
    rules: list[Rule] = field(default_factory=list)
    lexicons: dict[str, Lexicon] = field(default_factory=dict)
    extension: "Extension | None" = None  # ruleset.yaml: changes to another ruleset


@lru_cache(maxsize=1)
def rule_validator() -> "Draft202012Validator":  # noqa: F821 - jsonschema is imported when needed
    # only when a rule file is validated (a cache miss): jsonschema (and importlib.resources)
    # stay unloaded for a cached check (tests/test_startup.py)
    import json
    from importlib import resources
    from jsonschema import Draft202012Validator

    text = resources.files("auditor.bundled_rulesets").joinpath("schema.json").read_text("utf-8")
    return Draft202012Validator(json.loads(text))


@lru_cache(maxsize=1)
def _validation_stamp() -> str:
    """What parsing and validating a rule file depends on besides its text (auditor.support.cache key)."""
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

    params: Mapping[str, Mapping[str, str]] = {}

    def lexicon(self, name: str, path: tuple) -> str:
        if name.startswith("{") and name.endswith("}"):  # a per-market parameter
            param = name[1:-1]
            if param not in self.params:
                known = ", ".join(sorted(self.params)) or "none: the rule has no per_market"
                raise self.fail(path, f"unknown parameter {name} (the rule's per-market parameters: {known})")
            name = self.params[param].get("en", "")
        if name not in self.lexicons:
            known = ", ".join(sorted(self.lexicons)) or "none"
            raise self.fail(path, f"unknown lexicon {name!r} (this ruleset has: {known})")
        return f"{self.ruleset}/{name}"  # lexicons are per ruleset; two rulesets may reuse a name

    def regex(self, src: str, path: tuple):
        try:
            return re2.compile(src)
        except Exception as exc:
            raise self.fail(path, f"invalid regular expression {src!r} (RE2 syntax: no look-around or backreferences): {exc}") from None

    def condition(self, d: Mapping, path: tuple):
        for i, c in enumerate(d.get("any", ())):
            self.condition(c, path + ("any", i))
        for op in ("eq", "ne", "in", "not_in", "gte", "lte", "gt", "lt"):
            val = d.get(op)
            if isinstance(val, Mapping) and "profile" in val and not _profile_field(val["profile"]):
                raise self.fail(path + (op, "profile"), f"unknown profile field {val['profile']!r} "
                                "(see rulesets/profile.schema.json)")
        return condition_from_dict(d)

    def matcher(self, d: Mapping, path: tuple) -> Matcher:
        kw: dict[str, Any] = {
            "scope": tuple(d.get("scope", ("content",))),
            "visible": bool(d.get("visible", False)),
            "min_count": int(d.get("min_count", 1)),
            "min_distinct": int(d.get("min_distinct", 1)),
            "langs": tuple(d.get("lang", ())),
            "lang_differs_from_page": bool(d.get("lang_differs_from_page", False)),
            "first": bool(d.get("first", False)),
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
            self.check_labels(e["type"], labels, path + ("entity", "label"))
            if e.get("same_as_trigger"):
                self.check_tie(e["type"], path + ("entity", "same_as_trigger"))
                kw["same_as_trigger"] = True
            return Matcher("entity", entity_type=e["type"], entity_labels=labels, expired=e.get("expired"), **kw)
        if "segment" in d:
            return Matcher("segment", **kw)
        if "fact" in d:
            cond = {k: v for k, v in d.items() if k == "fact" or k in ("eq", "ne", "in", "not_in", "gte", "lte", "gt", "lt", "exists", "ne_fact")}
            if len(cond) != 2:
                raise self.fail(path + ("fact",), "a fact needs exactly one comparison (eq, ne, in, not_in, gte, lte, gt, lt, exists, ne_fact)")
            return Matcher("fact", condition=self.condition(cond, path), **kw)
        what = "all" if "all" in d else "any"
        children = tuple(self.matcher(c, path + (what, i)) for i, c in enumerate(d[what]))
        return Matcher(what, children=children, **kw)

    rule_data: Mapping = {}

    def check_tie(self, entity: str, path: tuple) -> None:
        """same_as_trigger: only in the expectation of a require rule whose trigger finds
        entities of the same type."""
        trigger = self.rule_data.get("trigger") if self.rule_data.get("kind") == "require" else None
        if not path or path[0] != "expect" or not isinstance(trigger, Mapping):
            raise self.fail(path, "same_as_trigger is for the 'expect' of a require rule")
        if (trigger.get("entity") or {}).get("type") != entity:
            raise self.fail(path, f"same_as_trigger needs a trigger that finds {entity} entities "
                            f"(trigger: {{entity: {{type: {entity}}}}})")

    def check_labels(self, entity: str, labels, path: tuple) -> None:
        known = entity_labels().get(entity, frozenset())
        for i, label in enumerate(labels):
            if label not in known:
                import difflib  # only for a misspelt label: not on every start-up

                near = difflib.get_close_matches(label, sorted(known), n=1)
                hint = f" (did you mean {near[0]!r}?)" if near else ""
                where = path + (i,) if not isinstance(labels, str) and len(labels) > 1 else path
                raise self.fail(where, f"unknown {entity} label {label!r}{hint}; "
                                f"the recognizers give: {', '.join(sorted(known))}")

    def texts(self, d: Mapping, name: str, kind: str, params: Mapping[str, Mapping[str, str]]) -> dict[str, str]:
        """A title/message/fix by locale, the per-market parameters filled in and every
        placeholder checked."""
        raw = d.get(name)
        texts = _texts(raw)
        allowed = set() if name == "title" else set(COMMON_PLACEHOLDERS) | set(KIND_PLACEHOLDERS[kind])
        out = {}
        for loc, text in texts.items():
            path = (name,) if isinstance(raw, str) else (name, loc)
            try:
                names = placeholders(text)
            except TemplateError as exc:
                raise self.fail(path, str(exc)) from None
            for ph in names:
                if ph not in allowed and ph not in params:
                    if name == "title":
                        raise self.fail(path, f"a title has no placeholders; {{{ph}}} would show as written")
                    known = ", ".join("{" + x + "}" for x in sorted(allowed | set(params)))
                    raise self.fail(path, f"unknown placeholder {{{ph}}} for a '{kind}' rule (known: {known})")
            out[loc] = fill_params(text, {k: v.get(loc) or v.get("en", "") for k, v in params.items()})
        return out

    def rule(self, d: Mapping, params: Mapping[str, Mapping[str, str]] | None = None, line_path: tuple = ("id",)) -> Rule:
        params = self.params = params or {}
        self.rule_data = d
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
            self.check_labels(d["entity"], kw["labels"], ("labels",))
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
            title=self.texts(d, "title", kind, params),
            message=self.texts(d, "message", kind, params),
            fix=self.texts(d, "fix", kind, params),
            references=tuple(d.get("references", ())),
            description=d.get("description", ""),
            when=tuple(self.condition(c, ("when", i)) for i, c in enumerate(d.get("when", ()))),
            severity_when=tuple(
                (tuple(self.condition(c, ("severity_when", j, "when", i)) for i, c in enumerate(sw["when"])), sw["severity"])
                for j, sw in enumerate(d.get("severity_when", ()))
            ),
            params=dict(params),
            tied=kind == "require" and _ties(kw["expect"]),
            source_file=self.fname,
            line=line_for(self.marks, self.prefix + line_path),
            **kw,
        )

    def per_market(self, d: Mapping) -> list[Rule]:
        """One rule per market of ``per_market``: its id gets ``-<market>``, its ``when``
        the market, its texts and lexicon names the market's parameters."""
        if "per_market" not in d:
            return [self.rule(d)]
        rules = []
        for market, entry in d["per_market"].items():
            item = {k: v for k, v in d.items() if k != "per_market"}
            item["id"] = f"{d['id']}-{market.lower()}"
            item["when"] = [{"fact": "market", "eq": market}, *d.get("when", ())]
            for key in ("references", "severity"):
                if key in entry:
                    item[key] = entry[key]
            params = {k: _texts(v) for k, v in entry.items() if k not in ("references", "severity")}
            rules.append(self.rule(item, params, ("per_market", market)))
        return rules


def _ties(m: Matcher | None) -> bool:
    if m is None:
        return False
    return m.same_as_trigger or any(_ties(c) for c in (*m.children, m.near, m.except_near))


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
        rules.extend(_Compiler(ruleset, fname, marks, lexicons, prefix).per_market(item))
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
    for name in ("ruleset.yaml", "ruleset.yml"):
        if (path / name).is_file():
            rs.extension = load_extension(path / name, rs)
    seen: dict[str, str] = {}
    for f in sorted((path / "rules").glob("*.y*ml")) if (path / "rules").is_dir() else ():
        for rule in load_rule_file(f, rs.name, lexicons):
            if rule.id in seen:
                raise RulesetError(f"{f}:{rule.line}: id: rule id {rule.short_id!r} is already used in {seen[rule.id]}")
            seen[rule.id] = str(f)
            rs.rules.append(rule)
    return rs


# ------------------------------------------------------------------ extending a ruleset

@dataclass
class Extension:
    """``ruleset.yaml``: changes one ruleset makes to another (``extends``), without copies.

    ``rules: {ID: {severity: S, enabled: false}}`` and ``lexicons: {NAME: {add: MINE}}`` (the
    terms of this ruleset's lexicon MINE are added) or ``{NAME: {replace: MINE}}``.
    """

    file: str
    extends: str
    line: int
    rules: dict[str, tuple[dict, int]] = field(default_factory=dict)  # id -> (changes, line)
    lexicons: dict[str, tuple[str, str, int]] = field(default_factory=dict)  # name -> (add|replace, mine, line)


_RULE_CHANGES = {"severity": ("error", "warning", "info"), "enabled": (True, False)}


def load_extension(path: Path, rs: Ruleset) -> Extension:
    fname = str(path)
    try:
        data, marks = load_marked(path.read_text(encoding="utf-8"), fname)
    except (OSError, UnicodeDecodeError) as exc:
        raise RulesetError(f"{fname}: cannot read: {exc}") from None
    except ValueError as exc:
        raise RulesetError(str(exc)) from None

    def fail(p: tuple, msg: str) -> RulesetError:
        return RulesetError(f"{fname}:{line_for(marks, p)}: {field_name(p) or 'ruleset.yaml'}: {msg}")

    if not isinstance(data, Mapping):
        raise fail((), "expected a mapping with 'extends', 'rules' and 'lexicons'")
    for key in data:
        if key not in ("extends", "rules", "lexicons", "description"):
            raise fail((key,), "unknown key (expected extends, rules, lexicons, description)")
    if not isinstance(data.get("extends"), str) or not data["extends"]:
        raise fail(("extends",), "name the ruleset this one changes, e.g. 'extends: cn-pharma'")
    ext = Extension(fname, data["extends"], line_for(marks, ("extends",)))
    rules = data.get("rules") or {}
    if not isinstance(rules, Mapping):
        raise fail(("rules",), "expected a mapping of rule id -> changes")
    for rid, changes in rules.items():
        if not isinstance(changes, Mapping) or not changes:
            raise fail(("rules", rid), "expected changes such as {severity: info} or {enabled: false}")
        for key, value in changes.items():
            if key not in _RULE_CHANGES:
                raise fail(("rules", rid, key), "unknown change (expected severity or enabled)")
            if value not in _RULE_CHANGES[key] or (key == "enabled" and not isinstance(value, bool)):
                raise fail(("rules", rid, key), f"expected one of {', '.join(map(str, _RULE_CHANGES[key]))}, got {value!r}")
        ext.rules[str(rid)] = (dict(changes), line_for(marks, ("rules", rid)))
    lexicons = data.get("lexicons") or {}
    if not isinstance(lexicons, Mapping):
        raise fail(("lexicons",), "expected a mapping of lexicon name -> {add: NAME} or {replace: NAME}")
    for name, change in lexicons.items():
        if not isinstance(change, Mapping) or len(change) != 1 or next(iter(change)) not in ("add", "replace"):
            raise fail(("lexicons", name), "expected {add: NAME} or {replace: NAME} (a lexicon of this ruleset)")
        how, mine = next(iter(change.items()))
        if mine not in rs.lexicons:
            raise fail(("lexicons", name, how), f"no lexicon {mine!r} in {rs.path / 'lexicons'}")
        ext.lexicons[str(name)] = (how, mine, line_for(marks, ("lexicons", name, how)))
    return ext


def _extended(base: Ruleset, ext: Extension, mine: Ruleset) -> Ruleset:
    known = {r.short_id for r in base.rules}
    for rid, (_changes, line) in ext.rules.items():
        short = rid.split("/", 1)[1] if rid.startswith(base.name + "/") else rid
        if short not in known:
            raise RulesetError(f"{ext.file}:{line}: rules.{rid}: {base.name} has no rule {rid!r} (see 'auditor rules list')")
    rules = []
    for r in base.rules:
        change = ext.rules.get(r.short_id) or ext.rules.get(r.id)
        if change is None:
            rules.append(r)
            continue
        changes, line = change
        if changes.get("enabled", True) is False:
            continue
        rules.append(dataclasses.replace(r, severity=changes.get("severity", r.severity), overridden_by=f"{ext.file}:{line}"))
    lexicons = dict(base.lexicons)
    for name, (how, mine_name, line) in ext.lexicons.items():
        if name not in lexicons:
            raise RulesetError(f"{ext.file}:{line}: lexicons.{name}: {base.name} has no lexicon {name!r}")
        added = mine.lexicons[mine_name]
        if how == "replace":
            new = Lexicon(name, added.terms, added.description)
            words = added.boundary_words or ()
        else:
            old = lexicons[name]
            terms = {lang: list(old.terms.get(lang, ())) + list(added.terms.get(lang, ()))
                     for lang in sorted(set(old.terms) | set(added.terms))}
            new = Lexicon(name, terms, old.description)
            words = (old.boundary_words or ()) + (added.boundary_words or ())
        new.boundary_words = zh.word_set(words)
        lexicons[name] = new
    return dataclasses.replace(base, rules=rules, lexicons=lexicons)


def load_rulesets(paths) -> list[Ruleset]:
    """Rulesets loaded together: distinct names, and each ``ruleset.yaml`` applied to the
    ruleset it extends (which must be loaded too)."""
    out = [load_ruleset(p) for p in paths]
    names: dict[str, Path] = {}
    for rs in out:
        if rs.name in names:
            raise RulesetError(f"{rs.path}: a second ruleset named {rs.name!r} (the first is {names[rs.name]}); "
                               "rule ids are '<ruleset>/<id>': rename one folder")
        names[rs.name] = rs.path
    for mine in [rs for rs in out if rs.extension is not None]:
        ext = mine.extension
        index = next((i for i, rs in enumerate(out) if rs.name == ext.extends), None)
        if index is None:
            raise RulesetError(f"{ext.file}:{ext.line}: extends: the ruleset {ext.extends!r} is not in use "
                               f"(in use: {', '.join(rs.name for rs in out)})")
        out[index] = _extended(out[index], ext, mine)
    return out
