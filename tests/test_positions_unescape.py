"""positions._unescape reads an entity as html.unescape does (its fast table and
character references included), so keyed text stays the same without importing html."""
from __future__ import annotations

import html
import html.entities

from auditor.model import positions


def test_unescape_equals_html_unescape():
    tokens = list(positions._COMMON_ENTITIES)
    tokens += [f"&{name}" for name in html.entities.html5]  # every named entity, with and without ";"
    tokens += [f"&#{n};" for n in range(0, 0x3000)] + [f"&#x{n:x};" for n in range(0, 0x3000, 7)]
    tokens += [f"&#X{n:X};" for n in (0x41, 0xD7FF, 0xD800, 0xDFFF, 0xFFFE, 0x10FFFF, 0x110000)]
    tokens += ["&#65", "&#x41", "&#0;", "&#13;", "&#128;", "&#159;", "&#1114112;", "&amp", "&copy2024", "&nosuch;"]
    for token in tokens:
        assert positions._unescape(token) == html.unescape(token), token
