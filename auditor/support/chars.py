"""Character classes shared by the parsers, the segmenter and the lexicons (no imports: cheap at start-up)."""

# CJK unified ideographs (with extension A and compatibility ideographs): what "Han text" means here.
HAN_RANGES = (("\u3400", "\u4dbf"), ("\u4e00", "\u9fff"), ("\uf900", "\ufaff"))
HAN_CLASS = "[" + "".join(f"{a}-{b}" for a, b in HAN_RANGES) + "]"


def is_han(ch: str) -> bool:
    """One character of HAN_CLASS (without a regular expression)."""
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf" or "\uf900" <= ch <= "\ufaff"

# Characters that must never reach a terminal, a CI log or a report as they are: C0 and
# C1 controls (newline, ESC, BEL ...), DEL, invisible format characters and bidi
# overrides, line and paragraph separators. Page text and file names are attacker-
# controlled: a newline in a file name would start a new `::error` line in GitHub
# Actions, an ESC would write terminal escape sequences.
UNSAFE_CLASS = "[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]"
_unsafe_re = None


def escape_unsafe(text: str, keep: str = "") -> str:
    """``text`` with every unsafe character shown as ``<U+XXXX>`` (except those in
    ``keep``, e.g. ``"\\t\\n"`` for multi-line page text). The one helper for file names
    and page text in every report."""
    global _unsafe_re
    if _unsafe_re is None:
        import re

        _unsafe_re = re.compile(UNSAFE_CLASS)
    return _unsafe_re.sub(lambda m: m.group() if m.group() in keep else f"<U+{ord(m.group()):04X}>", text)
