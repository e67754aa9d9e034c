"""Dates: English (Babel month names), Chinese and ISO-like forms, with what they label.

Entity type ``date``; ``value`` is ISO ``yyyy-mm-dd``; ``label`` is one of
``release`` (after "Release date" / 发布日期 / 發佈日期), ``dateline`` (the date of a
press-release dateline), ``expiry`` (有效期 / valid until / expiry), ``prep`` (date of
preparation / 制作日期), ``updated`` (last updated / 更新日期), ``published`` (the page's
``published_time`` metadata; start = end = 0) or ``""``. attrs: ``("format", "en" | "zh" |
"zh-numerals" | "iso")`` and, when labelled, ``("label_word", word)``.
"""
from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass
from functools import lru_cache

from auditor.model.document import Document, Entity
from auditor.read.normalize import Normalized
from auditor.recognize._common import SpanSet, alternation, cased, digit_runs, fold, line_span, orig
from auditor.recognize.profile import Profile
from auditor.support import cache
from auditor.support.chars import CJK_BASIC, CJK_BASIC_CLASS
from auditor.support.lazyre import LazyRe

# Label words per label (folded at first use). Order does not matter: longest wins.
LABEL_WORDS: dict[str, tuple[str, ...]] = {
    "release": (
        "release date", "date of release", "released on", "released", "published on", "published",
        "publication date", "date of issue", "issued on", "issue date",
        "posted on", "posted", "date posted",
        "发布日期", "发布时间", "发稿时间", "发布于", "新闻发布日期", "发表于", "发表时间", "发表日期", "刊发时间",
        "發佈日期", "發布日期", "發佈時間", "發布時間", "發稿時間", "發佈於", "發表於", "發表時間", "發表日期",
    ),
    "expiry": (
        "expiry date", "expiry", "expiration date", "expiration", "expires on", "expires", "expiring",
        "valid until", "valid through", "valid thru", "valid to", "valid till", "use by",
        "有效期至", "有效期", "有效期限", "有效日期", "失效日期", "到期日", "到期日期", "过期日期", "過期日期",
        "有效期截至", "有效期截止",
    ),
    "prep": (
        "date of preparation", "date of prep", "prepared on", "prepared", "date prepared", "prep date",
        "制作日期", "製作日期", "编制日期", "編製日期", "制作时间", "製作時間",
    ),
    "updated": (
        "last updated", "updated on", "updated", "last revised", "revised on", "revised", "last modified",
        "date of revision", "更新日期", "更新时间", "更新時間", "最后更新", "最後更新", "修订日期", "修訂日期",
        "修改日期",
    ),
}
_ZH_NUM = {"〇": 0, "零": 0, "○": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


@dataclass(frozen=True)
class DateMatch:
    """A date found in the text."""

    start: int  # original offsets
    end: int
    value: str  # yyyy-mm-dd
    fmt: str  # en | zh | zh-numerals | iso
    nstart: int  # normalized offsets
    nend: int


@lru_cache(maxsize=1)
def _month_table() -> dict[str, int]:
    """Lower-case English month names and abbreviations -> month number (Babel, loaded lazily).

    Kept in the per-user cache (auditor.support.cache) between runs: importing Babel and loading
    its locale data costs more than the rest of a single-page check's recognizers.
    """
    key = cache.digest("months", [cache.code_stamp(__file__, cache.module_file("babel"))])
    table = cache.load("months", key, slot="en")
    if isinstance(table, dict):
        return table
    table = _babel_month_table()
    cache.store("months", key, table, slot="en")
    return table


def _babel_month_table() -> dict[str, int]:
    from babel.dates import get_month_names  # ~50 ms; English month names are cached; test_startup

    table: dict[str, int] = {}
    for width in ("wide", "abbreviated"):
        for num, name in get_month_names(width, locale="en").items():
            table[name.lower().rstrip(".")] = int(num)
    table.setdefault("sept", 9)  # "Sept. 3, 2026"
    return table


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern]:
    months = alternation([re.escape(m) for m in _month_table()])
    # The same alternation with each name's "(?<![a-z])" after its first letter
    # ("j(?<![a-z]j)anuary"), for en_mdy_sparse: a pattern that starts with letters lets the
    # regex engine skip to them, 5x faster on Chinese text; on English text, full of those
    # letters, the look-behind first fails sooner.
    months_bounded = alternation([f"{re.escape(m[0])}(?<![a-z]{re.escape(m[0])}){re.escape(m[1:])}"
                                  for m in _month_table()])
    zh_digit = "[〇零○一二三四五六七八九]"
    zh_small = "[一二三四五六七八九十]{1,3}"
    return {
        # March 19, 2026 / Mar. 19, 2026 / Sept. 3 2026
        "en_mdy": re.compile(
            rf"(?<![a-z])(?P<mon>{months})\.?\s{{0,2}}(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?![\d:])\s{{0,2}},?\s{{0,2}}(?P<y>\d{{4}})(?!\d)"
        ),
        # the same matches
        "en_mdy_sparse": re.compile(
            rf"(?P<mon>{months_bounded})\.?\s{{0,2}}(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?![\d:])\s{{0,2}},?\s{{0,2}}(?P<y>\d{{4}})(?!\d)"
        ),
        # 19 March 2026 / 19 Mar. 2026 / 3rd September, 2026
        # (Here and below "(?<!X)\d" is written "\d(?<!X\d)": the same match, but a pattern that
        # starts with \d lets the regex engine skip to the digits, 3-4x faster on a page.)
        "en_dmy": re.compile(
            rf"(?P<d>\d(?<![\d.:/-]\d)\d?)(?:st|nd|rd|th)?\s{{1,2}}(?:of\s)?(?P<mon>{months})(?![a-z])\.?,?\s{{1,2}}(?P<y>\d{{4}})(?!\d)"
        ),
        # 2026年3月19日 (full-width digits arrive as ASCII after normalization)
        "zh": LazyRe(r"(?P<y>\d(?<!\d\d)\d{3})\s{0,2}年\s{0,2}(?P<m>\d{1,2})\s{0,2}月\s{0,2}(?P<d>\d{1,2})\s{0,2}[日号號]"),
        # 二〇二六年三月十九日
        "zh_num": LazyRe(rf"(?P<y>{zh_digit}{{4}})年(?P<m>{zh_small})月(?P<d>{zh_small})[日号號]"),
        # 2026-03-19, 2026/3/19, 2026.03.19
        "iso": re.compile(r"(?P<y>\d(?<![\d.\-/]\d)\d{3})(?P<sep>[-/.])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})(?![\d]|[-/.]\d)"),
    }


def _zh_small(s: str) -> int:
    """一..九, 十, 十一..十九, 二十.., 三十一 -> int."""
    if "十" in s:
        tens, _, ones = s.partition("十")
        return (_ZH_NUM[tens] if tens else 1) * 10 + (_ZH_NUM[ones] if ones else 0)
    return _ZH_NUM.get(s, -1) if len(s) == 1 else -1


def _iso(y: int, m: int, d: int) -> str | None:
    if not 1900 <= y <= 2199:
        return None
    try:
        return _dt.date(y, m, d).isoformat()
    except ValueError:
        return None


def find_dates(doc: Document, norm: Normalized) -> list[DateMatch]:
    """Every date written in the page text, in order (no labels)."""
    text = norm.text
    pats = _patterns()
    months = _month_table()
    found: list[DateMatch] = []
    taken = SpanSet()

    def add(m: re.Match, value: str | None, fmt: str) -> None:
        if value is None:
            return
        s, e = m.start(), m.end()
        if taken.overlaps(s, e):
            return
        taken.add(s, e)
        os_, oe = orig(norm, s, e)
        found.append(DateMatch(os_, oe, value, fmt, s, e))

    sparse = str(getattr(doc, "language", "")).startswith("zh")  # few Latin letters: see _patterns
    years, days, month_names = _date_starts(text, months)
    for key, starts in (("en_mdy_sparse" if sparse else "en_mdy", month_names), ("en_dmy", days)):
        for m in _matches_at(pats[key], text, starts):
            add(m, _iso(int(m["y"]), months[m["mon"]], int(m["d"])), "en")
    if "年" in text:  # (both Chinese patterns need it)
        for m in _matches_at(pats["zh"], text, years):
            add(m, _iso(int(m["y"]), int(m["m"]), int(m["d"])), "zh")
        for m in _year_first_matches(pats["zh_num"], text):
            y = int("".join(str(_ZH_NUM[c]) for c in m["y"]))
            add(m, _iso(y, _zh_small(m["m"]), _zh_small(m["d"])), "zh-numerals")
    for m in _matches_at(pats["iso"], text, years):
        add(m, _iso(int(m["y"]), int(m["m"]), int(m["d"])), "iso")
    found.sort(key=lambda d: (d.start, d.end))
    return found


# Where the Arabic-digit date patterns can start, found from the runs of digits (one scan of
# the page instead of one per pattern; a pattern is then tried at those places only). A
# year of "zh" and "iso" is a whole run of four digits (each pattern checks that no digit
# comes before or after it); the day of "en_dmy" and "en_mdy" is a whole run of one or two
# digits, followed by a suffix or white space ("en_dmy") and, in "en_mdy", preceded by the
# month name, a "." and up to two white-space characters, the name starting where a run of
# a-z letters starts.
_DAY_SUFFIX_START = frozenset("snrt")  # (?:st|nd|rd|th)
_A_TO_Z = frozenset("abcdefghijklmnopqrstuvwxyz")


def _date_starts(text: str, months) -> tuple[list[int], list[int], list[int] | None]:
    """``(years, days, month names)``: every place where the "zh" or "iso", the "en_dmy"
    and the "en_mdy" pattern can start (and a few where they do not), in text order."""
    years: list[int] = []
    days: list[int] = []
    names: list[int] = []
    n = len(text)
    longest = max(map(len, months), default=0)
    for s, e in digit_runs(text):
        if e - s == 4:
            years.append(s)
        elif e - s <= 2:
            after = text[e] if e < n else ""
            if after in _DAY_SUFFIX_START or after.isspace():
                days.append(s)
            before = text[s - 1] if s else ""
            if before in _A_TO_Z or before == "." or before.isspace():
                j = s  # back over the white space and the "." after the month name
                while j > 0 and s - j < 2 and text[j - 1].isspace():
                    j -= 1
                if j > 0 and text[j - 1] == ".":
                    j -= 1
                i = j  # back to the start of the letters before them
                while i > 0 and text[i - 1] in _A_TO_Z and j - i <= longest:
                    i -= 1
                if text[i:j] in months:
                    names.append(i)
    # (a month name of other characters than a-z, which Babel's English has none of, would
    # not be found by the walk back from the day: the pattern then searches the whole text)
    return years, days, names if _A_TO_Z.issuperset("".join(months)) else None


def _matches_at(pattern, text: str, starts: list[int] | None) -> list[re.Match]:
    """``list(pattern.finditer(text))`` for a pattern of non-empty matches that can start
    only at ``starts`` (ascending; None: anywhere): tried there, each after the end of the
    last match."""
    if starts is None:
        return list(pattern.finditer(text))
    out: list[re.Match] = []
    pos = 0
    match = pattern.match
    for start in starts:
        if start >= pos:
            m = match(text, start)
            if m is not None:
                out.append(m)
                pos = m.end()
    return out


def _year_first_matches(pattern, text: str) -> list[re.Match]:
    """``list(pattern.finditer(text))`` for the zh_num pattern, whose matches start exactly
    four numerals before a 年: tried only there (Chinese numerals are common characters,
    年 much rarer)."""
    out: list[re.Match] = []
    pos = 0
    i = text.find("年", 4)
    while i != -1:
        if i - 4 >= pos:
            m = pattern.match(text, i - 4)
            if m is not None:
                out.append(m)
                pos = m.end()
        i = text.find("年", i + 1)
    return out


@lru_cache(maxsize=1)
def _label_pattern() -> tuple[re.Pattern, dict[str, str]]:
    word_label: dict[str, str] = {}
    for label, words in LABEL_WORDS.items():
        for w in words:
            word_label.setdefault(fold(w), label)
    # Matched on the REVERSED text before the date, anchored at its start: one anchored
    # match instead of a search over every position of the window.
    srcs = []
    for w in word_label:
        src = re.escape(w[::-1]).replace(r"\ ", r"\s{1,2}")
        if re.match(r"[a-z]", w):
            src += r"(?![a-z])"  # a word boundary before the (unreversed) word
        srcs.append(src)
    pat = re.compile(rf"\s{{0,3}}(?:no\s{{0,2}}:|[:：]|为|為|si|no)?\s{{0,3}}(?:(?:etad|期日)\s{{0,2}})?(?P<w>{alternation(srcs)})")
    return pat, word_label


def _label_before(text: str, nstart: int) -> tuple[str, str]:
    """(label, label word) when a label word ends right before a date at ``nstart``."""
    pat, word_label = _label_pattern()
    window = text[max(0, nstart - 40) : nstart][::-1]
    m = pat.match(window)
    if not m:
        return "", ""
    word = re.sub(r"\s+", " ", m.group("w")[::-1])
    return (word_label[word], word) if word in word_label else ("", "")


# Dateline context patterns, compiled when first needed (English pages never use the Chinese ones).
_RANGE_GAP = LazyRe(r"\s{0,3}(?:至|到|~|-|to|until|through|–)\s{0,3}\Z")
_EN_PLACE = LazyRe(r"\s*[A-Z][A-Za-z.'’\- ]{1,40}(?:,\s*[A-Z][A-Za-z.'’\- ]{1,40}){0,3},\s*\Z")
_EN_CAPS_PLACE = LazyRe(r"\s*[A-Z][A-Z.'’\- ]{1,40},")
_EN_AFTER = LazyRe(r"\A\s{0,2}(?:/[^/\n]{2,40}/|-{1,2}|\(\s*[A-Za-z ]{2,40}\))")
_ZH_PAREN_BEFORE = LazyRe(r"\(\s{0,2}(?:[" + CJK_BASIC + r"]{2,8}\s{0,2}[,，、]?\s{0,2})?\Z")
_ZH_PAREN_AFTER = LazyRe(r"\A\s{0,2}(?:[,，、]?\s{0,2}[" + CJK_BASIC + r"]{2,8}\s{0,2})?\)")
_ZH_LINE_PREFIX = LazyRe(r"\A[\s" + CJK_BASIC + r",，]{2,30}\Z")
_ZH_AFTER = LazyRe(r"\A\s{0,2}(?:-{1,2}|/[^/\n]{2,20}/|电|電)")


def _is_dateline(doc_text: str, norm: Normalized, d: DateMatch) -> bool:
    text = norm.text
    before = text[max(0, d.nstart - 20) : d.nstart]
    after = text[d.nend : d.nend + 24]
    # （2026年3月19日，上海） / （上海，2026年3月19日）
    if _ZH_PAREN_BEFORE.search(before) and _ZH_PAREN_AFTER.match(after) and (
        re.search(CJK_BASIC_CLASS, before) or re.match(r"\s{0,2}[,，、]?\s{0,2}" + CJK_BASIC_CLASS, after)
    ):
        return True
    ls, _ = line_span(doc_text, d.start)
    if d.start - ls > 120:
        return False
    prefix = cased(doc_text, norm, *_norm_span_of_prefix(norm, ls, d.nstart))
    # 中国上海，2026年3月19日——  /  上海2026年3月19日电
    if _ZH_LINE_PREFIX.match(prefix) and re.search(CJK_BASIC_CLASS, prefix) and _ZH_AFTER.match(after):
        return True
    # SHANGHAI, China, March 19, 2026 /PRNewswire/ --   /   HONG KONG, March 19, 2026 — Kestrel ...
    if _EN_PLACE.match(prefix) and (_EN_AFTER.match(after) or _EN_CAPS_PLACE.match(prefix)):
        return True
    return False


def _norm_span_of_prefix(norm: Normalized, orig_line_start: int, nstart: int) -> tuple[int, int]:
    """Normalized span from the line start (given in original offsets) to ``nstart``."""
    # Walk back from the date to the first normalized char at or after the line start.
    i = nstart
    index = norm.index
    while i > 0 and index[i - 1] >= orig_line_start:
        i -= 1
    return i, nstart


def labelled_dates(doc: Document, norm: Normalized) -> list[tuple[DateMatch, str, str]]:
    """(date, label, label word) for every date in the page text."""
    dates = find_dates(doc, norm)
    out: list[tuple[DateMatch, str, str]] = []
    for i, d in enumerate(dates):
        label, word = _label_before(norm.text, d.nstart)
        if not label and i > 0:
            prev, plabel, pword = out[-1]
            gap = norm.text[prev.nend : d.nstart]
            if plabel == "expiry" and len(gap) <= 8 and _RANGE_GAP.match(gap):
                # 有效期：2025年1月1日至2026年12月31日 -> the later date is the expiry.
                out[-1] = (prev, "", "")
                label, word = plabel, pword
        if not label and _is_dateline(doc.text, norm, d):
            label = "dateline"
        out.append((d, label, word))
    return out


_EXPLAIN = {
    "release": "labelled as the release date by {w}",
    "expiry": "labelled as an expiry date by {w}",
    "prep": "labelled as the date of preparation by {w}",
    "updated": "labelled as a last-updated date by {w}",
    "dateline": "first date of a press-release dateline (place name before it, wire service, dash or brackets around it)",
    "": "a date with no label word before it",
}


def date_entity(d: DateMatch, label: str, word: str, doc_text: str) -> Entity:
    fmt_name = {"en": "English month-name", "zh": "Chinese", "zh-numerals": "Chinese-numeral", "iso": "numeric"}[d.fmt]
    why = _EXPLAIN[label].format(w=f"'{word}'")
    attrs: list[tuple[str, object]] = [("format", d.fmt)]
    if word:
        attrs.append(("label_word", word))
    return Entity(
        type="date",
        start=d.start,
        end=d.end,
        value=d.value,
        label=label,
        explanation=f"{fmt_name} date '{doc_text[d.start:d.end]}' read as {d.value}; {why}",
        attrs=tuple(attrs),
    )


def _meta_date(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    m = re.match(r"\s*(\d{4})-(\d{1,2})-(\d{1,2})", value) or re.match(r"\s*(\d{4})/(\d{1,2})/(\d{1,2})", value)
    if not m:
        return None
    return _iso(int(m[1]), int(m[2]), int(m[3]))


def recognize(doc: Document, norm: Normalized, profile: Profile) -> list[Entity]:
    entities = [date_entity(d, label, word, doc.text) for d, label, word in labelled_dates(doc, norm)]
    published = (doc.meta or {}).get("published_time")
    iso = _meta_date(published)
    if iso:
        entities.append(
            Entity(
                type="date",
                start=0,
                end=0,
                value=iso,
                label="published",
                explanation=(
                    f"page metadata published_time = {published!r} (from article:published_time, "
                    "<time datetime> or <meta name=date|pubdate|publishdate>)"
                ),
                attrs=(("format", "meta"), ("source", "meta:published_time")),
            )
        )
    return entities
