"""Compiled rules: what a YAML rule file becomes once loaded and checked."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping

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
class Matcher:
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

    def describe(self) -> str:
        """Plain words for explanations ("the lexicon 'absolute_terms' in content")."""
        where = "/".join(self.scope)
        if self.what == "lexicon":
            return f"a term of the lexicon '{self.lexicon}' in {where}"
        if self.what == "pattern":
            return f"the pattern /{self.pattern_src}/ in {where}"
        if self.what == "entity":
            labels = f" ({'/'.join(self.entity_labels)})" if self.entity_labels else ""
            kind = self.entity_type.replace("_", " ")
            return f"{'an' if kind[:1] in 'aeiou' else 'a'} {kind}{labels} in {where}"
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
    when: tuple[Condition, ...] = ()
    severity_when: tuple[tuple[tuple[Condition, ...], str], ...] = ()
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

    def text(self, name: str, locale: str = "en") -> str:
        """A title/message/fix in the locale, falling back to English."""
        texts = getattr(self, name)
        return texts.get(locale) or texts.get("en") or ""
