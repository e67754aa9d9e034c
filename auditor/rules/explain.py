"""The "why it matched" explanation in the output locale.

An explanation is built in English from clauses joined by "; ": the recognizer's reason
("labelled by '审批编号'"), the matcher's ("matched '最佳' from the lexicon
'cn-pharma/absolute_terms'"), the kind's ("expected a disclaimer section, found none") and
the rule's gate ("the rule applies because market is CN (from the profile; the rule needs
CN)"). Each clause is matched against the English templates below; a template's
translation comes from the gettext catalog (auditor/locales), and its fields are
translated in turn (segment kinds, fact names, nested descriptions) or kept as the page
and the ruleset wrote them (evidence, lexicon names, values). A clause no template
matches stays in English: the explanation is never wrong, at worst untranslated.
"""
from __future__ import annotations

import re
from functools import lru_cache

from auditor.i18n import gettext_for
from auditor.rules.messages import render


def N_(text: str) -> str:  # marks a template for extraction (pybabel's default keyword)
    return text


# Whole clauses. Fields in RECURSIVE are translated with FRAGMENTS, those in VOCABULARY
# with a word list; every other field is copied as written.
CLAUSES = (
    # gate and page facts (auditor/rules/context.py, engine.py)
    N_("the rule applies because {fact}"),
    N_("{name} is {shown} (from {source}; the rule needs {wanted})"),
    N_("{name} is {shown} but {other} is {other_shown} (from {source})"),
    # matchers and kinds (auditor/rules/matchers.py, kinds/)
    N_("matched '{term}' from the lexicon '{lexicon}'"),
    N_("matched the pattern /{pattern}/"),
    N_("the page has a {kind} section"),
    N_("expected {what}, found none"),
    N_("does not match the expected format /{pattern}/"),
    N_("the page also has {value} ({where_found})"),
    N_("recognized {entity} {value}"),
    N_("this concerns the whole page, so the finding points at the page's footer"),
    N_("this concerns the whole page, so the finding points at the page's first line (the page has no footer)"),
    # recognizers (auditor/recognize/)
    N_("labelled by '{word}'"),
    N_("no label word before it"),
    N_("matches the profile format {pattern}"),
    N_("'{value}' does not match the profile format {pattern}"),
    N_("expiry {date} printed next to it ('{text}')"),
    N_("numeric date '{text}' read as {date}"),
    N_("Chinese date '{text}' read as {date}"),
    N_("English date '{text}' read as {date}"),
    N_("labelled as the release date by '{word}'"),
    N_("labelled as an expiry date by '{word}'"),
    N_("labelled as the date of preparation by '{word}'"),
    N_("labelled as a last-updated date by '{word}'"),
    N_("first date of a press-release dateline (place name before it, wire service, dash or brackets around it)"),
    N_("a date with no label word before it"),
    N_("host {host} is not one of the company's domains ({domains}) or their subdomains"),
    N_("host {host} is one of the company's domains"),
    N_("host {host} is the page's own site"),
    N_("host {host} is a government filing system that statutory footer numbers must link to"),
    N_("shaped like a development code ({pattern})"),
    N_("not a registry product, so treated as investigational"),
    N_("investigational context words in the sentence: {words}"),
    N_("indication words in the sentence: {words}"),
    N_("development code '{code}' listed in profile {profile}"),
    N_("matches the profile's development-code pattern {pattern}"),
    N_("registry product {product}: approved in {markets} but not in {market}"),
    N_("registry product {product}: approved in {market} for {indications} only, but named with {named}"),
    N_("registry product {product}: approved in {market} for {indications}"),
    N_("brand name '{text}' of a product in profile {profile}"),
    N_("generic name '{text}' of a product in profile {profile}"),
    N_("page metadata published_time = {value} (from article:published_time, <time datetime> or "
       "<meta name=date|pubdate|publishdate>)"),
    N_("{registry} trial ID"),
    N_("matches the {label} format"),
    N_("expiry {date} read from '{text}' (yyMMdd)"),
    N_("'{text}' is not a valid yyMMdd date"),
    N_("approved {month}, so valid until {date} (legacy numbers were valid for one year)"),
    N_("ICP filing number (ICP备案号)"),
    N_("ICP operating licence number (ICP证)"),
    N_("public-security filing number (公网安备)"),
    N_("value-added telecom licence number (B2)"),
    N_("drug/device/health-food advertisement approval number (2020 format; 6 digits = expiry yyMMdd)"),
    N_("advertisement approval number in the pre-2020 format (yyyyMM + serial)"),
    N_("internet drug information service certificate number (legacy licence)"),
    N_("internet drug and device information service filing number (网药械信息备字)"),
    N_("Taiwan drug advertisement approval number (藥廣字)"),
    # built-in checks (auditor/batch/crosspage.py, auditor/gate/waivers.py)
    N_("paired with {page} by an alternate link or --pair-paths"),
    N_("that version has the unapproved-product disclaimer"),
    N_("language versions paired by an alternate link or --pair-paths"),
    N_("{page} carries {numbers}"),
    N_("approval number {number} is printed on {count} different pages of this batch"),
    N_("built-in check of waivers"),
)

# Parts of a clause: what a matcher looks for (Matcher.describe) and what a rule needs.
FRAGMENTS = (
    N_("a term of the lexicon '{lexicon}' in {where}"),
    N_("the pattern /{pattern}/ in {where}"),
    N_("a {entity} ({labels}) in {where}"),
    N_("an {entity} ({labels}) in {where}"),
    N_("a {entity} in {where}"),
    N_("an {entity} in {where}"),
    N_("a {kinds} section"),
    N_("an {kinds} section"),
    N_("the same {entity} {value} ({labels}) in {where} (its first mention)"),
    N_("the same {entity} {value} ({labels}) in {where}"),
    N_("{what} within the same sentence as {near}"),
    N_("{what} within {count} sentences of {near}"),
    N_("page fact {fact} {op} {value}"),
    N_("anything but {value}"),
    N_("one of {value}"),
    N_("none of {value}"),
    N_("at least {value}"),
    N_("at most {value}"),
    N_("more than {value}"),
    N_("less than {value}"),
    N_("a known value"),
    N_("no value"),
    N_("{value} (the profile's {field})"),
)

RECURSIVE = {"fact", "wanted", "what", "near", "value"}

# Single words and names: segment kinds, entity types, fact names, sources, booleans.
VOCABULARY = {
    "where": "kinds", "kinds": "kinds", "kind": "kinds", "entity": "words", "name": "words", "other": "words",
    "source": "words", "shown": "words", "other_shown": "words", "field": "words", "where_found": "words",
    "domains": "words",
}
# Fields that are one name: matched as such, so that a template cannot swallow text around them.
_NAME_FIELDS = {"field": r"[\w.]+", "label": r"\w+", "host": r"\S+", "lexicon": r"[^']+", "term": r".+?"}
WORDS = (
    N_("content"), N_("navigation"), N_("third party notice"), N_("archive notice"), N_("disclaimer"),
    N_("forward looking"), N_("boilerplate"), N_("metadata"),
    N_("approval number"), N_("product"), N_("trial id"), N_("date"), N_("link"), N_("statutory number"),
    N_("market"), N_("page type"), N_("sec registrant"), N_("hkex listed"), N_("hkex 18a"), N_("page date"),
    N_("page age months"), N_("external links"), N_("site page"), N_("declared script"), N_("content script"),
    N_("language"), N_("approval required"), N_("has footer"),
    N_("the profile"), N_("the page"), N_("True"), N_("False"), N_("unknown"),
    N_("archive_months"), N_("published metadata"), N_("(none in the profile)"),
)
_KIND_NAMES = {"third_party_notice": "third party notice", "archive_notice": "archive notice",
               "forward_looking": "forward looking"}
_JOIN = {"en": "; ", "zh-Hans": "；", "zh-Hant": "；"}
_LIST = {"en": "/", "zh-Hans": "、", "zh-Hant": "、"}


@lru_cache(maxsize=None)
def template_pattern(template: str) -> re.Pattern:
    """A message template as a pattern: each {field} captures its text (shortest first)."""
    parts = re.split(r"(\{[A-Za-z_]+\})", template)
    src = "".join(f"(?P<{p[1:-1]}>{_NAME_FIELDS.get(p[1:-1], '.+?')})" if re.fullmatch(r"\{[A-Za-z_]+\}", p)
                  else re.escape(p) for p in parts)
    return re.compile(src + r"\Z", re.S)


def balanced(text: str) -> bool:
    """No field holds half of a parenthesis (then another template fits)."""
    depth = 0
    for ch in text:
        depth += ch in "(["
        depth -= ch in ")]"
        if depth < 0:
            return False
    return depth == 0


def split_clauses(text: str) -> list[str]:
    """``text`` split at "; " outside parentheses."""
    out, depth, start = [], 0, 0
    i = 0
    while i < len(text):
        ch = text[i]
        if ch in "([":
            depth += 1
        elif ch in ")]" and depth:
            depth -= 1
        elif depth == 0 and text.startswith("; ", i):
            out.append(text[start:i])
            start = i + 2
            i += 1
        i += 1
    out.append(text[start:])
    return [c for c in out if c]


class _Translator:
    def __init__(self, locale: str):
        self.locale = locale
        self._ = gettext_for(locale)

    def word(self, text: str) -> str:
        """A word list: "content/disclaimer" or one word."""
        if "/" in text and " " not in text.strip("/"):
            items = [_KIND_NAMES.get(p, p) for p in text.split("/")]
            return _LIST[self.locale].join(self._(p) for p in items)
        return self._(_KIND_NAMES.get(text, text))

    def kinds(self, text: str) -> str:
        return self.word(text)

    def fields(self, groups: dict) -> dict:
        out = {}
        for name, value in groups.items():
            if name in RECURSIVE:
                out[name] = self.fragment(value)
            elif VOCABULARY.get(name) == "kinds":
                out[name] = self.kinds(value)
            elif VOCABULARY.get(name) == "words":
                out[name] = self.word(value)
            else:
                out[name] = value
        return out

    def apply(self, templates, text: str) -> str | None:
        for template in templates:
            m = template_pattern(template).match(text)
            if m is None or not all(balanced(v) for v in m.groupdict().values()):
                continue  # (a field never holds half of a parenthesis: another template fits)
            translated = self._(template)
            if translated == template:
                return None  # no translation in the catalog: keep the English clause
            return render(translated, self.fields(m.groupdict()))
        return None

    def fragment(self, text: str, strict: bool = False) -> str | None:
        """A part of a clause; None when ``strict`` and no template knows it."""
        for sep, joiner in ((" or ", N_("{a} or {b}")), (" and ", N_("{a} and {b}"))):
            start = text.find(sep)
            while start != -1:  # "A or B": both sides must be known parts
                a = self.fragment(text[:start], strict=True)
                b = self.fragment(text[start + len(sep):], strict=True) if a is not None else None
                if a is not None and b is not None and self._(joiner) != joiner:
                    return render(self._(joiner), {"a": a, "b": b})
                start = text.find(sep, start + 1)
        found = self.apply(FRAGMENTS, text)
        if found is None:
            found = self.apply(CLAUSES, text)
        if found is None and not strict:
            # a value or a list of values ("CN, HK, TW"): Chinese lists use 、
            found = "、".join(self.word(v) for v in text.split(", ")) if ", " in text and "'" not in text else self.word(text)
        return found

    def clause(self, text: str) -> str:
        found = self.apply(CLAUSES, text)
        return found if found is not None else text


def translate_explanation(text: str, locale: str) -> str:
    """``text`` (an English explanation) in ``locale``; English is returned as it is."""
    if locale not in ("zh-Hans", "zh-Hant") or not text:
        return text
    t = _Translator(locale)
    return _JOIN[locale].join(t.clause(c) for c in split_clauses(text))


def translate_fragment(text: str, locale: str) -> str:
    """A matcher's description (``Matcher.describe``) in ``locale``."""
    if locale not in ("zh-Hans", "zh-Hant") or not text:
        return text
    return _Translator(locale).fragment(text) or text
