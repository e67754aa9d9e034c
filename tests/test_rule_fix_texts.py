"""Every shipped rule's fix text passes the rule it fixes.

A reviewer who follows the fix must not be told off again: the example in an
`absolute-terms` fix ("the first PD-1 inhibitor approved by the NMPA for this indication,
as of June 2026") must not be an absolute claim, and the example disclaimer in an
`unapproved-disclaimer-no-recommendation` fix must be one the rule accepts.

- forbid rules with a lexicon or pattern: the fix text, read as page content, gives no hit;
- require rules whose expectation is phrases (lexicons) or recognized numbers: the fix
  text, in every locale, satisfies the expectation.

Expectations that a sentence cannot show (a whole section, a link, a page fact) are not
checked; the list below says why for each.
"""
from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from auditor.read.pipeline import load_document
from auditor.recognize.profile import load_profile
from auditor.rules.context import DocContext
from auditor.rules.loader import load_ruleset
from auditor.rules.matchers import find
from auditor.rules.model import ALL_KINDS, Matcher
from auditor.support.resources import bundled_ruleset

RULESET = load_ruleset(bundled_ruleset())
LEXICONS = {f"{RULESET.name}/{n}": lex for n, lex in RULESET.lexicons.items()}
PROFILE = load_profile("northwind")

# Rules whose expectation is not a phrase a fix sentence could show.
NOT_A_PHRASE = {
    "fls-legend-required": "expects a cautionary section (a segment), not one phrase",
    "fls-legend-required-hk": "expects a cautionary section (a segment), not one phrase",
    "fls-meaningful-factors": "expects three distinct risk factors inside the cautionary section",
    "leaving-site-notice": "expects a leaving-site notice section",
    "approval-number-present": "expects the company's approval number (profile format) next to its label",
    "archive-notice": "expects an archive-notice section or its wording (checked below as a phrase)",
    "unapproved-product-disclaimer": "the fix describes what the disclaimer must say, for any market",
}


def _open(m: Matcher) -> Matcher:
    """The matcher anywhere on the page: every segment kind, hidden or not, no proximity."""
    return dataclasses.replace(
        m,
        scope=ALL_KINDS,
        visible=False,
        near=None,
        langs=(),
        lang_differs_from_page=False,
        children=tuple(_open(c) for c in m.children),
    )


def _ctx(text: str) -> DocContext:
    doc = load_document(text.encode("utf-8"), "fix.txt")
    return DocContext(doc, PROFILE, dt.date(2026, 11, 21), LEXICONS)


def _phrase_matcher(m: Matcher) -> bool:
    if m.what in ("all", "any"):
        return all(_phrase_matcher(c) for c in m.children)
    return m.what in ("lexicon", "pattern") or (m.what == "entity" and m.entity_type == "statutory_number")


CASES = [(r, loc) for r in RULESET.rules for loc in ("en", "zh-Hans", "zh-Hant") if r.fix.get(loc)]


@pytest.mark.parametrize("rule,locale", CASES, ids=[f"{r.short_id}-{loc}" for r, loc in CASES])
def test_fix_text_passes_its_rule(rule, locale):
    text = rule.fix[locale]
    if rule.kind == "forbid" and rule.match.what in ("lexicon", "pattern"):
        hits = find(_open(rule.match), _ctx(text))
        assert not hits, f"{rule.short_id} ({locale}) fires on its own fix text: {[h.text for h in hits]}"
    elif rule.kind == "require" and rule.short_id not in NOT_A_PHRASE and _phrase_matcher(rule.expect):
        assert find(_open(rule.expect), _ctx(text)), (
            f"{rule.short_id} ({locale}): the fix text does not satisfy {rule.expect.describe()}: {text!r}"
        )


def test_archive_notice_fix_has_archive_wording():
    rule = next(r for r in RULESET.rules if r.short_id == "archive-notice")
    lexicon = next(c for c in rule.expect.children if c.what == "lexicon")
    for locale, text in rule.fix.items():
        assert find(_open(lexicon), _ctx(text)), f"archive-notice ({locale}): {text!r}"
