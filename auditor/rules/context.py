"""Everything the rules ask about one document, computed once and on demand.

Lexicon hits are found once per lexicon over the whole normalized text and shared
by every rule; entities are recognized once; sentences are split only when a rule
asks for proximity.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Callable, Mapping

from auditor.model.document import Document, Entity, Segment
from auditor.read import lang
from auditor.read.lexicon import Lexicon
from auditor.read.normalize import Normalized, normalize
from auditor.recognize import entities
from auditor.recognize._common import sentences_of
from auditor.recognize.links import page_hosts

_DECLARED = {"zh-cn": "zh-Hans", "zh-sg": "zh-Hans", "zh-hans": "zh-Hans", "zh-my": "zh-Hans",
             "zh-hk": "zh-Hant", "zh-tw": "zh-Hant", "zh-mo": "zh-Hant", "zh-hant": "zh-Hant"}
_DATE_PRIORITY = ("release", "dateline", "published")
_SITE_CUES = frozenset({"nav", "menu", "footer", "header"})
_FOOTER_CUES = frozenset({"footer", "copyright"})
# "©|\(c\)\s*\d{4}|copyright|版权所有|版權所有|all rights reserved", ignoring case, written to start
# with one class of the first characters (the only characters that match them ignoring case),
# the rest checked after it: the regex engine then skips to those characters instead of
# trying every position of the page (test_hotpath_equivalence).
_COPYRIGHT = re.compile(r"[©(cCaA版](?:(?<=©)|(?<=\()(?i:c\)\s*\d{4})|(?<=[cC])(?i:opyright)|(?<=版)(?:权所有|權所有)"
                        r"|(?<=[aA])(?i:ll rights reserved))")
_MAINLAND_NUMBERS = ("icp_beian", "icp_license", "psb_beian", "drug_info_cert", "drug_info_filing")
_PROFILE_FACTS = ("market", "sec_registrant", "hkex_listed", "hkex_18a", "approval_required")


@dataclass(frozen=True)
class RHit:
    """A rule-level hit: original offsets, the page's text, and why it matched."""

    start: int
    end: int
    text: str
    why: str
    entity: Entity | None = None
    term: str = ""
    lang: str = ""  # a notice's own language when it spans segments of several


def months_between(earlier: dt.date, later: dt.date) -> int:
    months = (later.year - earlier.year) * 12 + (later.month - earlier.month)
    if later.day < earlier.day:
        months -= 1
    return months


def parse_iso(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value[:10])
    except (TypeError, ValueError):
        return None


class DocContext:
    def __init__(self, doc: Document, profile, audit_date: dt.date, lexicons: Mapping[str, Lexicon]):
        self.doc = doc
        self.profile = profile
        self.audit_date = audit_date
        self.lexicons = lexicons
        self._lex_hits: dict[str, list] = {}
        # the segment containing an offset, or None (asked for every hit: the Document's own)
        self.segment_at: Callable[[int], Segment | None] = doc.segment_at
        # what a rule helper computes once per page (matchers.page_anchor's block ...)
        self.memo: dict[str, Any] = {}

    @cached_property
    def norm(self) -> Normalized:
        return self.doc.norm if self.doc.norm is not None else normalize(self.doc.text)

    @cached_property
    def entities(self) -> list[Entity]:
        return entities(self.doc, self.norm, self.profile)

    def entities_of(self, kind: str) -> list[Entity]:
        """The page's entities of one type, in page order (grouped once per page)."""
        by_type = self.memo.get("entities_by_type")
        if by_type is None:
            by_type = self.memo["entities_by_type"] = {}
            for ent in self.entities:
                by_type.setdefault(ent.type, []).append(ent)
        return by_type.get(kind, [])

    def lexicon_hits(self, name: str) -> list:
        if name not in self._lex_hits:
            self._lex_hits[name] = self.lexicons[name].find(self.norm)
        return self._lex_hits[name]

    # -- sentences, for "near" -------------------------------------------------
    @cached_property
    def sentences(self):
        # The recognizers' sentence splitter: "same sentence" means one thing everywhere.
        return sentences_of(self.doc)

    def sentence_index(self, offset: int) -> int:
        return self.sentences.index(offset)

    # -- page facts ------------------------------------------------------------
    @cached_property
    def page_date_entity(self) -> Entity | None:
        dates = [e for e in self.entities_of("date") if e.label in _DATE_PRIORITY and parse_iso(e.value)]
        for label in _DATE_PRIORITY:
            for e in dates:
                if e.label == label:
                    return e
        return None

    @cached_property
    def facts(self) -> dict[str, Any]:
        p = self.profile
        doc = self.doc
        page_date = parse_iso(self.page_date_entity.value) if self.page_date_entity else None
        ads = [e for e in self.entities_of("statutory_number") if e.label in ("ad_approval", "ad_approval_legacy", "tw_ad")]
        declared = _DECLARED.get(str(doc.meta.get("html_lang") or "").strip().lower().replace("_", "-"))
        content_script = doc.language if doc.language in ("zh-Hans", "zh-Hant") else None
        if doc.language == "mixed":
            hans, hant = lang.script_counts(doc.text)
            content_script = "zh-Hant" if hant > hans else "zh-Hans" if hans else None
        return {
            "market": p.market,
            "page_type": "ad" if ads else p.page_type_default,
            "sec_registrant": p.issuer.sec_registrant,
            "hkex_listed": p.issuer.hkex_listed,
            "hkex_18a": p.issuer.hkex_18a,
            "page_date": page_date.isoformat() if page_date else None,
            "page_age_months": months_between(page_date, self.audit_date) if page_date else None,
            "external_links": sum(1 for e in self.entities_of("link") if e.label == "external"),
            # A page of a website (menus, footer), not a bare scraped article body.
            "site_page": any(s.kind == "navigation" for s in doc.segments)
            or any(not _SITE_CUES.isdisjoint(b.cues) for b in doc.blocks),
            "approval_required": "never" not in p.approval_number.required_on,
            # The page includes its site footer (where statutory numbers are shown); a
            # scraped article body without one cannot be judged on them.
            "has_footer": any(not _FOOTER_CUES.isdisjoint(b.cues) for b in doc.blocks)
            or any(s.kind in ("metadata", "boilerplate") and _COPYRIGHT.search(doc.text[s.start:s.end])
                   for s in doc.segments),
            "declared_script": declared,
            "content_script": content_script,
            "language": doc.language,
            "mainland_site": p.market == "CN" and self._mainland_site(content_script),
        }

    def _mainland_site(self, content_script: str | None) -> bool:
        """Is the page one of a mainland-China website (where filing numbers are due)?

        The profile's market says whom the company addresses, not where each page is served:
        the same company runs an English investor site abroad. A page counts as mainland when
        its Chinese is Simplified, its own host is under .cn, or it already shows (or links
        to) a mainland filing; an English page on a .com host with none of these is not held
        to mainland footer numbers.
        """
        if content_script == "zh-Hans":
            return True
        if any(h == "cn" or h.endswith(".cn") for h in page_hosts(self.doc)):
            return True
        return (any(e.label in _MAINLAND_NUMBERS for e in self.entities_of("statutory_number"))
                or any(e.label == "statutory" for e in self.entities_of("link")))

    def profile_value(self, name: str) -> Any:
        obj: Any = self.profile
        for part in name.split("."):
            obj = getattr(obj, part, None)
        return obj

    def holds(self, cond) -> bool:
        if hasattr(cond, "conditions"):  # any: [...]
            return any(self.holds(c) for c in cond.conditions)
        actual = self.facts.get(cond.fact)
        value = cond.value
        if isinstance(value, tuple) and len(value) == 2 and value[0] == "profile":
            value = self.profile_value(value[1])
        op = cond.op
        if op == "exists":
            return (actual is not None) == bool(value)
        if op == "ne_fact":
            other = self.facts.get(value)
            return actual is not None and other is not None and actual != other
        if actual is None:
            # An unknown fact differs from every value, and is in no list.
            return op in ("ne", "not_in")
        if op == "eq":
            return actual == value
        if op == "ne":
            return actual != value
        if op in ("in", "not_in"):
            seq = value if isinstance(value, (tuple, list)) else (value,)
            return (actual in seq) == (op == "in")
        try:
            return {"gte": actual >= value, "lte": actual <= value, "gt": actual > value, "lt": actual < value}[op]
        except TypeError:
            return False

    def explain(self, cond) -> str:
        """Why a gate holds, in words a reviewer can check."""
        if hasattr(cond, "conditions"):  # any: [...]: the conditions that hold
            held = [c for c in cond.conditions if self.holds(c)] or list(cond.conditions)
            return " or ".join(self.explain(c) for c in held)
        actual = self.facts.get(cond.fact)
        source = "the profile" if cond.fact in _PROFILE_FACTS else "the page"
        value = cond.value
        if isinstance(value, tuple) and len(value) == 2 and value[0] == "profile":
            value = f"{self.profile_value(value[1])} (the profile's {value[1]})"
        elif isinstance(value, (tuple, list)):
            value = ", ".join(map(str, value))
        name = cond.fact.replace("_", " ")
        shown = "unknown" if actual is None else actual
        if cond.op == "ne_fact":
            return f"{name} is {shown} but {value.replace('_', ' ')} is {self.facts.get(value)} (from {source})"
        wanted = {
            "eq": f"{value}", "ne": f"anything but {value}", "in": f"one of {value}",
            "not_in": f"none of {value}", "gte": f"at least {value}", "lte": f"at most {value}",
            "gt": f"more than {value}", "lt": f"less than {value}",
            "exists": "a known value" if value else "no value",
        }[cond.op]
        return f"{name} is {shown} (from {source}; the rule needs {wanted})"
