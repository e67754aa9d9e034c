"""The project's closed vocabularies, each defined once: segment kinds, languages,
severities, finding categories.

``rulesets/schema.json`` (its ``$defs``), the reports' labels and ``docs/contracts.md`` are
checked against these by ``tests/test_vocabulary.py``.
"""
from __future__ import annotations

# docs/contracts.md section 1: the segment kinds are a contract.
SEGMENT_KINDS = (
    "content",
    "navigation",
    "third_party_notice",
    "archive_notice",
    "disclaimer",
    "forward_looking",
    "boilerplate",
    "metadata",
)

LANGUAGES = ("en", "zh-Hans", "zh-Hant", "mixed", "und")

SEVERITIES = ("error", "warning", "info")
SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}

# docs/contracts.md section 2: finding categories are stable; rule ids may change.
CATEGORIES = (
    "unapproved-disclaimer-missing",
    "fls-missing",
    "fls-boilerplate",
    "approval-number-missing",
    "approval-number-malformed",
    "approval-number-conflict",
    "approval-number-duplicate",
    "third-party-notice-missing",
    "archive-notice-missing",
    "absolute-claim",
    "notice-language-mismatch",
    "date-inconsistent",
    "unapproved-disclaimer-incomplete",
    "investigational-claim",
    "approval-number-expired",
    "statutory-number-missing",
    "ad-approval-number-invalid",
    "prohibited-claim",
    "third-party-notice-incomplete",
    "script-mismatch",
    "input-error",
)

# Language names in finding messages, per message locale.
LANGUAGE_NAMES = {
    "en": {"en": "English", "zh-Hans": "Simplified Chinese", "zh-Hant": "Traditional Chinese", "mixed": "mixed", "und": "undetermined"},
    "zh-Hans": {"en": "英文", "zh-Hans": "简体中文", "zh-Hant": "繁体中文", "mixed": "混合语言", "und": "未知语言"},
    "zh-Hant": {"en": "英文", "zh-Hans": "簡體中文", "zh-Hant": "繁體中文", "mixed": "混合語言", "und": "未知語言"},
}
