"""Run the selected rules on a document and build findings a reviewer can trust."""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Iterable, Sequence

from auditor.model.document import Document, Finding
from auditor.model.vocabulary import LANGUAGE_NAMES
from auditor.rules.context import DocContext, RHit
from auditor.rules.input_error import input_error_finding
from auditor.rules.kinds import Violation, kind_module
from auditor.read.lexicon import merge_lexicons
from auditor.support import gcpause
from auditor.rules.loader import Ruleset, load_ruleset, load_rulesets
from auditor.rules.matchers import find, page_anchor
from auditor.rules.explain import translate_explanation
from auditor.rules.messages import format_date, format_number, render, short
from auditor.rules.model import Rule

LANG_NAMES = LANGUAGE_NAMES  # the name older code imports


def rule_selected(rule: Rule, select: Sequence[str], ignore: Sequence[str]) -> bool:
    """--select/--ignore take rule ids (with or without the ruleset), categories or ruleset names."""
    keys = {rule.id, rule.short_id, rule.category, rule.ruleset}
    if select and not keys & set(select):
        return False
    return not keys & set(ignore)


class Engine:
    def __init__(
        self,
        rulesets: Sequence[Ruleset],
        profile,
        audit_date: dt.date | None = None,
        locale: str = "en",
        select: Sequence[str] = (),
        ignore: Sequence[str] = (),
    ):
        self.rulesets = list(rulesets)
        self.profile = profile
        self.audit_date = audit_date or dt.date.today()
        self.locale = locale
        self.all_rules = [r for rs in self.rulesets for r in rs.rules]
        self.rules = [r for r in self.all_rules if rule_selected(r, select, ignore)]
        self.lexicons = {f"{rs.name}/{name}": lex for rs in self.rulesets for name, lex in rs.lexicons.items()}
        # What the segmenter reads (leaving_site, fls_heading ...): the lexicons of every
        # ruleset in use, a name several rulesets define searched as the union of their terms.
        self.segment_lexicons = merge_lexicons(rs.lexicons for rs in self.rulesets)

    @classmethod
    def from_paths(cls, paths: Iterable[str | Path], profile, **kw) -> "Engine":
        return cls(load_rulesets(paths), profile, **kw)

    def context(self, doc: Document) -> DocContext:
        """What the rules ask about ``doc`` (entities, facts, hits), computed on demand."""
        return DocContext(doc, self.profile, self.audit_date, self.lexicons)

    def check(self, doc: Document, ctx: DocContext | None = None) -> list[Finding]:
        """Findings for ``doc``; pass ``ctx`` to reuse entities a caller already asked for."""
        return self.check_bounded(doc, ctx)[0]

    def check_bounded(self, doc: Document, ctx: DocContext | None = None,
                      limit: int | None = None) -> tuple[list[Finding], int]:
        """``(findings, dropped)``: at most ``limit`` findings, the first in page order
        (the order ``check`` reports them in), and how many more there were. Only the
        kept ones are rendered: a page with a million matches costs its matches, not a
        million messages."""
        if doc.error:
            return [input_error_finding(doc, self.locale)], 0
        # Entities, hits and findings make no reference cycles: see support.gcpause.
        with gcpause.paused():
            return self._check(doc, ctx, limit)

    def _check(self, doc: Document, ctx: DocContext | None, limit: int | None) -> tuple[list[Finding], int]:
        ctx = ctx or self.context(doc)
        found: list = []
        seen: set = set()
        for rule in self.rules:
            if not all(ctx.holds(c) for c in rule.when):
                continue
            severity = rule.severity
            for conds, sev in rule.severity_when:
                if all(ctx.holds(c) for c in conds):
                    severity = sev
                    break
            gate = None  # explained only for a rule that has something to report
            for v in self._violations(rule, ctx):
                if gate is None:
                    gate = "; ".join(ctx.explain(c) for c in rule.when)
                v = self._place(ctx, v)
                key = (rule.id, v.hit.start, v.hit.end)
                if key in seen:
                    continue
                seen.add(key)
                found.append((v.hit.start, v.hit.end, rule.id, rule, v, severity, gate))
        found.sort(key=lambda t: t[:3])
        dropped = 0
        if limit is not None and len(found) > limit:
            dropped = len(found) - limit
            del found[limit:]
        return [self._finding(rule, ctx, v, severity, gate) for _s, _e, _id, rule, v, severity, gate in found], dropped

    @staticmethod
    def _violations(rule: Rule, ctx: DocContext):
        """The kind's violations; a rule tied to its trigger is evaluated once per value the
        trigger finds (each product on the page), in page order."""
        if not rule.tied:
            return kind_module(rule.kind).evaluate(rule, ctx)
        out = []
        values = list(dict.fromkeys(h.term for h in find(rule.trigger, ctx)))
        for value in values:
            out.extend(kind_module(rule.kind).evaluate(rule.for_value(value), ctx))
        return out

    @staticmethod
    def _place(ctx: DocContext, v):
        """A page-level hit (page metadata, a page fact) is shown at the footer or first line."""
        hit = v.hit
        if hit.end > hit.start or (hit.start > 0 and ctx.segment_at(hit.start) is not None):
            return v
        anchor = page_anchor(ctx, v.why, hit.term)
        if anchor.end <= anchor.start:
            return v
        placed = RHit(anchor.start, anchor.end, anchor.text, anchor.why, entity=hit.entity, term=hit.term, lang=hit.lang)
        return Violation(placed, anchor.why, v.values)

    def _finding(self, rule: Rule, ctx: DocContext, v, severity: str, gate: str) -> Finding:
        doc, hit, loc = ctx.doc, v.hit, self.locale
        why = v.why
        # A zero-width hit inside a segment (an image link) keeps its place on the page.
        placed = hit.end > hit.start or (hit.start > 0 and ctx.segment_at(hit.start) is not None)
        line, column = doc.locate(hit.start) if placed else (1, 1)
        seg = ctx.segment_at(hit.start) if placed else None
        facts = ctx.facts
        names = LANG_NAMES.get(loc, LANG_NAMES["en"])
        values = {
            # An image link has no text of its own: its host is what the reviewer can look for.
            "evidence": short(hit.text) or str(hit.term or ""),
            "market": facts.get("market") or "",
            "audit_date": format_date(ctx.audit_date, loc),
            "date": format_date(facts.get("page_date"), loc),
            "age_months": format_number(facts["page_age_months"], loc) if facts.get("page_age_months") is not None else "",
            "threshold": format_number(self.profile.archive_months, loc),
            "lang": names.get(hit.lang or seg.lang, hit.lang or seg.lang) if seg else "",
            "page_lang": names.get(doc.language, doc.language),
        }
        for k, val in v.values.items():
            values[k] = format_number(val, loc) if isinstance(val, int) and not isinstance(val, bool) else val
        if hit.entity is not None and hit.entity.type == "date" and "value" not in v.values:
            values["value"] = format_date(hit.entity.value, loc)
        why = why + (f"; the rule applies because {gate}" if gate else "")
        return Finding(
            rule=rule.id,
            category=rule.category,
            severity=severity,
            message=render(rule.text("message", loc), values),
            line=line,
            column=column,
            segment=seg.id if seg else None,
            evidence=hit.text,
            start=hit.start,
            end=hit.end,
            fix=render(rule.text("fix", loc), values),
            title=rule.text("title", loc),
            references=rule.references,
            explanation=translate_explanation(why, loc),
            source=doc.source,
        )
