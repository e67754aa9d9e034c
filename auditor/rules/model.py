"""Compiled rules: what a YAML rule file becomes once loaded and checked."""
from __future__ import annotations

from collections.abc import Mapping  # (isinstance on typing.Mapping costs ~5x)
from dataclasses import dataclass, field, replace
from typing import Any

from auditor.model.vocabulary import SEGMENT_KINDS

ALL_KINDS = SEGMENT_KINDS  # a matcher's default scope: every kind
COMPARISONS = ("eq", "ne", "in", "not_in", "gte", "lte", "gt", "lt", "exists", "ne_fact")


@dataclass(frozen=True)
class Condition:
    """``fact OP value``; a value may be ("profile", field) to read the profile."""

    fact: str
    op: str
    value: Any

    @staticmethod
    def from_dict(d: Mapping) -> "Condition":
        op = next(k for k in d if k in COMPARISONS)
        val = d[op]
        if isinstance(val, Mapping) and "profile" in val:
            val = ("profile", val["profile"])
        elif isinstance(val, list):
            val = tuple(val)
        return Condition(d["fact"], op, val)


@dataclass(frozen=True)
class AnyCondition:
    """``any: [conditions]`` in ``when``: holds when at least one of them holds."""

    conditions: tuple[Condition, ...]

    def describe(self) -> str:
        return " or ".join(f"{c.fact} {c.op} {c.value}" for c in self.conditions)


def condition_from_dict(d: Mapping) -> "Condition | AnyCondition":
    if "any" in d:
        return AnyCondition(tuple(Condition.from_dict(c) for c in d["any"]))
    return Condition.from_dict(d)


@dataclass(frozen=True)
class Matcher:
    """What a rule looks for: a lexicon, a pattern, an entity, a segment or a fact."""

    what: str  # lexicon | pattern | entity | segment | fact | all | any
    lexicon: str | None = None
    pattern: Any = None  # compiled RE2
    pattern_src: str = ""
    entity_type: str | None = None
    entity_labels: tuple[str, ...] = ()
    expired: bool | None = None
    condition: Condition | None = None
    children: tuple["Matcher", ...] = ()
    scope: tuple[str, ...] = ("content",)
    visible: bool = False
    min_count: int = 1
    min_distinct: int = 1
    except_lexicon: str | None = None
    except_near: "Matcher | None" = None  # drop hits within except_sentences of this matcher's hits
    except_sentences: int = 0
    near: "Matcher | None" = None
    near_sentences: int = 0
    langs: tuple[str, ...] = ()
    lang_differs_from_page: bool = False
    first: bool = False  # only the first hit in page order ("at its first mention")
    entity_values: tuple[str, ...] = ()  # only entities with these values (set per trigger value)
    same_as_trigger: bool = False  # entity: the value the rule's trigger found (require)

    def describe(self) -> str:
        """Plain words for explanations ("the lexicon 'absolute_terms' in content")."""
        base = self._describe()
        if self.near is not None and (self.near.same_as_trigger or self.near.first):
            # a tie to the trigger or to a first mention is what the reviewer must see
            span = "the same sentence as" if self.near_sentences == 0 else f"{self.near_sentences} sentences of"
            return f"{base} within {span} {self.near.describe()}"
        return base

    def _describe(self) -> str:
        where = "/".join(self.scope)
        if self.what == "lexicon":
            return f"a term of the lexicon '{self.lexicon}' in {where}"
        if self.what == "pattern":
            return f"the pattern /{self.pattern_src}/ in {where}"
        if self.what == "entity":
            labels = f" ({'/'.join(self.entity_labels)})" if self.entity_labels else ""
            kind = self.entity_type.replace("_", " ")
            if self.same_as_trigger:
                named = f" {self.entity_values[0]}" if self.entity_values else ""
                return f"the same {kind}{named}{labels} in {where}" + (" (its first mention)" if self.first else "")
            return f"{'an' if kind[:1] in 'aeiou' else 'a'} {kind}{labels} in {where}" + (" (the first one)" if self.first else "")
        if self.what == "segment":
            kinds = where.replace("_", " ")
            return f"{'an' if kinds[:1] in 'aeiou' else 'a'} {kinds} section"
        if self.what == "fact":
            c = self.condition
            return f"page fact {c.fact} {c.op} {c.value}"
        joiner = " and " if self.what == "all" else " or "
        return joiner.join(c.describe() for c in self.children)


@dataclass(frozen=True)
class Rule:
    """One rule of a ruleset, as loaded."""

    id: str  # "<ruleset>/<id>"
    short_id: str
    ruleset: str
    category: str
    severity: str
    kind: str
    title: Mapping[str, str]
    message: Mapping[str, str]
    fix: Mapping[str, str] = field(default_factory=dict)
    references: tuple[str, ...] = ()
    description: str = ""
    when: tuple["Condition | AnyCondition", ...] = ()
    severity_when: tuple[tuple[tuple["Condition | AnyCondition", ...], str], ...] = ()
    trigger: Matcher | None = None
    expect: Matcher | None = None
    match: Matcher | None = None
    entity: str | None = None
    labels: tuple[str, ...] = ()
    pattern_src: str = ""
    scope: tuple[str, ...] = ALL_KINDS
    visible: bool = False
    source_file: str = ""
    line: int = 1
    params: Mapping[str, Mapping[str, str]] = field(default_factory=dict)  # per-market values, by locale
    tied: bool = False  # require: the expectation is checked for each value the trigger finds
    overridden_by: str = ""  # "file:line" of a ruleset.yaml that changed this rule

    def text(self, name: str, locale: str = "en") -> str:
        """A title/message/fix in the locale, falling back to English."""
        texts = getattr(self, name)
        return texts.get(locale) or texts.get("en") or ""

    def for_value(self, value: str) -> "Rule":
        """This rule restricted to one trigger value: the trigger finds only it, and every
        ``same_as_trigger`` matcher of the expectation looks for it."""
        def tie(m: Matcher | None, trigger: bool = False) -> Matcher | None:
            if m is None:
                return None
            kw: dict = {"children": tuple(tie(c) for c in m.children)}
            for name in ("near", "except_near"):
                kw[name] = tie(getattr(m, name))
            if trigger or m.same_as_trigger:
                kw["entity_values"] = (value,)
            return replace(m, **kw)

        return replace(self, trigger=tie(self.trigger, trigger=True), expect=tie(self.expect))

    def param_values(self, locale: str = "en") -> dict[str, str]:
        """The rule's per-market parameters in the locale (message placeholders)."""
        return {k: v.get(locale) or v.get("en") or "" for k, v in self.params.items()}
