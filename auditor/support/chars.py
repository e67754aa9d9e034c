"""Character classes shared by the parsers, the segmenter, the recognizers and the report
writers: each range is written once here (no imports: cheap at start-up).

Range strings (``CJK_BASIC``, ``HAN_SUPPLEMENTARY`` ...) go inside a regular-expression
class (``"[A-Z" + CJK_BASIC + "]"``); the ``*_CLASS`` strings are whole classes.
"""

# ---------------------------------------------------------------------------- Han
# CJK Unified Ideographs, the basic block: nearly every character of a Chinese page.
CJK_BASIC = "\u4e00-\u9fff"
CJK_BASIC_CLASS = "[" + CJK_BASIC + "]"

# CJK unified ideographs (with extension A and compatibility ideographs): what "Han text" means here.
HAN_RANGES = (("\u3400", "\u4dbf"), ("\u4e00", "\u9fff"), ("\uf900", "\ufaff"))
HAN_CLASS = "[" + "".join(f"{a}-{b}" for a, b in HAN_RANGES) + "]"
HAN_FIRST = HAN_RANGES[0][0]  # no Han character below this one

# Extensions B to H (planes 2 and 3): rare names and historical characters. Only the
# language guess counts them, so that a page of rare characters still reads as Chinese.
HAN_SUPPLEMENTARY = "\U00020000-\U0003134f"
HAN_FULL_CLASS = HAN_CLASS[:-1] + HAN_SUPPLEMENTARY + "]"

# Extension A through the basic block as one range: it also takes in U+4DC0-U+4DFF
# (Yijing hexagram symbols), which no page writes where this is used (the character
# after a full stop that starts a new sentence), and it is one range instead of two.
HAN_A_TO_BASIC = "\u3400-\u9fff"

# jieba's own Han range (its re_han_default, U+4E00-U+9FD5): characters jieba cuts into
# words. Text is split into jieba's blocks with exactly jieba's range, so that our
# offsets agree with the words jieba returns; it is not our definition of Han.
JIEBA_HAN_FIRST, JIEBA_HAN_LAST = "\u4e00", "\u9fd5"


def is_han(ch: str) -> bool:
    """One character of HAN_CLASS (without a regular expression)."""
    # literal bounds, not HAN_RANGES: this runs once per character of lexicon spans
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf" or "\uf900" <= ch <= "\ufaff"


# Characters written without spaces between them (Han, kana, CJK punctuation and
# full-width forms). Hangul is left out: Korean separates words with spaces. Wider than
# Han on purpose: a line break between two of these joins the lines without a space.
WIDE_CLASS = (
    "\u2e80-\u2fdf\u2ff0-\u303f\u3040-\u30ff\u3100-\u312f\u3190-\u31ff"
    "\u3200-\u4dbf\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6"
    "\U00020000-\U0003ffff"
)
WIDE_FIRST = WIDE_CLASS[0]  # no wide character below this one

# ------------------------------------------------------------ unsafe for output
# The pieces the "unsafe" sets below are made of.
C0_CONTROLS = "\x00-\x1f"  # NUL ... US, with tab, newline and ESC
C0_BUT_TAB_NEWLINE = "\x00-\x08\x0b-\x1f"
DEL_AND_C1 = "\x7f-\x9f"
ZERO_WIDTH = "\u200b-\u200d"  # zero-width space, non-joiner, joiner
LR_MARKS = "\u200e\u200f"  # left-to-right and right-to-left marks
ARABIC_LETTER_MARK = "\u061c"  # a bidi mark too
LINE_SEPARATORS = "\u2028\u2029"  # line and paragraph separators
BIDI_EMBEDDINGS = "\u202a-\u202e"  # embeddings, pop, overrides (U+202E reverses text)
WORD_JOINER_AND_INVISIBLE_OPERATORS = "\u2060-\u2065"
BIDI_ISOLATES = "\u2066-\u2069"
BOM = "\ufeff"  # zero-width no-break space

# Characters that must never reach a terminal, a CI log or a report as they are: C0 and
# C1 controls (newline, ESC, BEL ...), DEL, invisible format characters and bidi
# overrides, line and paragraph separators. Page text and file names are attacker-
# controlled: a newline in a file name would start a new `::error` line in GitHub
# Actions, an ESC would write terminal escape sequences.
UNSAFE_CLASS = ("[" + C0_CONTROLS + DEL_AND_C1 + ZERO_WIDTH + LR_MARKS + LINE_SEPARATORS + BIDI_EMBEDDINGS
                + WORD_JOINER_AND_INVISIBLE_OPERATORS + BIDI_ISOLATES + BOM + "]")

# The HTML report's variant: characters that can disguise text in a browser, shown as
# visible "U+XXXX" markers. Tab and newline are kept (page text has lines); the
# zero-width characters and the BOM are not marked, since a browser shows nothing for
# them and they cannot reorder or hide text; the Arabic letter mark is marked, as a bidi
# mark like LRM/RLM.
HTML_MARKED_CLASS = ("[" + C0_BUT_TAB_NEWLINE + DEL_AND_C1 + ARABIC_LETTER_MARK + LR_MARKS + LINE_SEPARATORS
                     + BIDI_EMBEDDINGS + BIDI_ISOLATES + "]")
# HTML_MARKED_CLASS without the C0 controls, which json.dumps escapes itself: what JSON
# inside a <script> block writes as \uXXXX escapes.
SCRIPT_JSON_ESCAPED_CLASS = (
    "[" + DEL_AND_C1 + ARABIC_LETTER_MARK + LR_MARKS + LINE_SEPARATORS + BIDI_EMBEDDINGS + BIDI_ISOLATES + "]")

_unsafe_re = None


def escape_unsafe(text: str, keep: str = "") -> str:
    """``text`` with every unsafe character shown as ``<U+XXXX>`` (except those in
    ``keep``, e.g. ``"\\t\\n"`` for multi-line page text). The one helper for file names
    and page text in every report."""
    global _unsafe_re
    if _unsafe_re is None:
        import re  # only when a report escapes something: chars.py stays import-free for start-up

        _unsafe_re = re.compile(UNSAFE_CLASS)
    return _unsafe_re.sub(lambda m: m.group() if m.group() in keep else f"<U+{ord(m.group()):04X}>", text)
