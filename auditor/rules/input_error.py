"""The built-in ``input-error`` finding: a page that could not be read is reported, never dropped."""
from __future__ import annotations

import re

from auditor.i18n import gettext_for
from auditor.model.document import Document, Finding
from auditor.rules.explain import balanced, template_pattern
from auditor.rules.builtin import (INPUT_ERROR, INPUT_ERROR_FILE_KINDS, INPUT_ERROR_FIX, INPUT_ERROR_REASONS,
                                   INPUT_ERROR_WRAPPERS)


def input_error_finding(doc: Document, locale: str = "en") -> Finding:
    """The finding for an unreadable ``doc``, in ``locale`` (English when it has no texts)."""
    loc = locale if locale in INPUT_ERROR["message"] else "en"
    return Finding(
        rule="input-error",
        category="input-error",
        severity="error",
        message=INPUT_ERROR["message"][loc].format(error=translate_input_error(doc.error, loc)),
        line=1,
        column=1,
        segment=None,
        evidence="",
        start=0,
        end=0,
        fix=INPUT_ERROR_FIX if loc == "en" else INPUT_ERROR["fix"][loc],
        title=INPUT_ERROR["title"][loc],
        source=doc.source,
    )


def _apply(_, templates, text: str) -> str | None:
    for template in templates:
        m = template_pattern(template).match(text)
        if m is None or not all(balanced(v) for v in m.groupdict().values()):
            continue  # (a field never holds half of a parenthesis: another template fits)
        translated = _(template)
        if translated == template:
            return None
        fields = m.groupdict()
        if "reason" in fields:  # a reason may itself be one ("compressed data is truncated (...)")
            fields["reason"] = _apply(_, templates, fields["reason"]) or fields["reason"]
        if fields.get("what") in INPUT_ERROR_FILE_KINDS:  # "a PDF document"
            fields["what"] = _(fields["what"])
        return translated.format(**fields)
    return None


def translate_input_error(text: str, locale: str) -> str:
    """Why a page could not be read (an English text of the input stages) in ``locale``:
    the reason alone, or after the file name ("a.zip: member 'x': ..."). A text no
    template of auditor/rules/builtin.py matches stays in English."""
    if locale not in ("zh-Hans", "zh-Hant") or not text:
        return text
    _ = gettext_for(locale)
    whole = _apply(_, INPUT_ERROR_REASONS, text)
    if whole is not None:
        return whole
    for wrapper in INPUT_ERROR_WRAPPERS:
        m = template_pattern(wrapper).match(text)
        # the shortest file name whose remainder is a known reason ("-: no standard input")
        pos = 0
        while m is not None:
            split = text.find(": ", pos)
            if split < 0:
                break
            head, detail = text[:split], text[split + 2:]
            if wrapper.startswith("{source}: member "):
                mm = re.match(r"(?P<source>.+?): member (?P<member>.+)\Z", head, re.S)
                values = mm.groupdict() if mm else None
            else:
                values = {"source": head}
            reason = _apply(_, INPUT_ERROR_REASONS, detail) if values else None
            if reason is not None and _(wrapper) != wrapper:
                return _(wrapper).format(**values, detail=reason)
            pos = split + 2
    return text
