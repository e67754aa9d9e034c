"""Numbers, dates and labels in the report's locale."""
from __future__ import annotations

from auditor.model.vocabulary import SEGMENT_KINDS, SEVERITIES
from auditor.report.html.labels import CATEGORY_LABELS, KIND_LABELS, LANGUAGE_LABELS, SEVERITY_LABELS
from auditor.rules.messages import format_date, format_number


class Formatting:
    """HtmlReport's locale-aware formatting (``self._`` and ``self.L`` come from set_locale)."""

    # ---- formatting
    def num(self, n: int) -> str:
        text = self._nums.get(n)
        if text is None:
            text = self._nums[n] = format_number(n, self.locale)
        return text

    def date(self, value) -> str:
        try:
            return format_date(value, self.locale) if value else ""
        except (ValueError, TypeError):
            return str(value)

    def sev_label(self, i: int) -> str:
        return self._(SEVERITY_LABELS[SEVERITIES[i]])

    def kind_label(self, k: int) -> str:
        return self._(KIND_LABELS[SEGMENT_KINDS[k]]) if 0 <= k < len(SEGMENT_KINDS) else ""

    def lang_label(self, code: str) -> str:
        return self._(LANGUAGE_LABELS[code]) if code in LANGUAGE_LABELS else code

    def cat_label(self, cat: str) -> str:
        return self._(CATEGORY_LABELS[cat]) if cat in CATEGORY_LABELS else cat

    def section_label(self, section: str) -> str:
        return self.L["topLevel"] if section == "/" else section
