"""Escaping for attacker-controlled page text, and the inline assets pinned by the CSP.

Python escapes every string it writes; JSON in script blocks cannot end the block or a
line; invisible controls and direction overrides are shown as visible ``U+XXXX`` markers.
"""
from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from functools import lru_cache
from importlib import resources
from typing import Any

from auditor.support.chars import HTML_MARKED_CLASS, SCRIPT_JSON_ESCAPED_CLASS

# Invisible characters that can disguise text: C0/C1 controls (but tab and newline),
# line/paragraph separators, bidirectional marks, embeddings, overrides and isolates. Shown
# as "U+XXXX" markers. Why this differs from the other reports' set: see support/chars.py.
CONTROL_RE = re.compile(HTML_MARKED_CLASS)
_SURROGATE_RE = re.compile("[\ud800-\udfff]")
_JSON_ESCAPE_RE = re.compile(SCRIPT_JSON_ESCAPED_CLASS)
_SAFE_REF_RE = re.compile(r"^https?://[^\s<>\"'`\\]+$", re.IGNORECASE)

# --------------------------------------------------------------------------- helpers

def esc(s: Any) -> str:
    return html.escape("" if s is None else str(s), quote=True)


def clean(s: Any) -> str:
    """A string safe to encode as UTF-8 (lone surrogates from JSON become U+FFFD)."""
    s = "" if s is None else str(s)
    return _SURROGATE_RE.sub("\ufffd", s) if _SURROGATE_RE.search(s) else s


def script_json(obj: Any) -> str:
    """JSON for a ``<script type="application/json">`` block: no ``</script>`` or
    ``<!--`` can form, and U+2028/2029 cannot end a line."""
    s = json.dumps(obj, ensure_ascii=False, separators=(",", ":"), sort_keys=False)
    s = s.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
    # Line separators, bidi overrides and C1 controls as escapes: the file carries none raw.
    return _JSON_ESCAPE_RE.sub(lambda m: f"\\u{ord(m.group()):04x}", s)


def plain(s: Any) -> str:
    """Text where no markup is possible (<title>, <option>): controls as "[U+202E]"."""
    return CONTROL_RE.sub(lambda m: f"[U+{ord(m.group()):04X}]", "" if s is None else str(s))


def _as_int(v: Any, default: int = 0) -> int:
    try:
        return int(v)
    except (TypeError, ValueError):
        return default


def safe_reference_url(ref: str) -> str | None:
    """An http(s) URL that may be a link; anything else is shown as text."""
    return ref if _SAFE_REF_RE.match(ref) else None


@lru_cache(maxsize=4)
def asset(name: str) -> str:
    return resources.files("auditor.report.html_assets").joinpath(name).read_text(encoding="utf-8")


def csp_hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def content_security_policy(script: str, style: str) -> str:
    return (f"default-src 'none'; script-src {csp_hash(script)}; style-src {csp_hash(style)}; "
            "img-src data:; base-uri 'none'; form-action 'none'")


class _Text:
    """Escaped text with visible markers for invisible control characters."""

    def __init__(self, title: str):
        self.title = esc(title)

    def __call__(self, s: Any) -> str:
        s = "" if s is None else str(s)
        if not CONTROL_RE.search(s):
            return html.escape(s, quote=True)
        out, pos = [], 0
        for m in CONTROL_RE.finditer(s):
            out.append(html.escape(s[pos:m.start()], quote=True))
            out.append(f'<span class="ctl" title="{self.title}">U+{ord(m.group()):04X}</span>')
            pos = m.end()
        out.append(html.escape(s[pos:], quote=True))
        return "".join(out)
