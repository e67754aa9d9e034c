"""Language of a text: ``en``, ``zh-Hans``, ``zh-Hant``, ``mixed`` or ``und``.

Script counts decide first; they are exact and nearly free:

* Han characters against Latin letters (digits, punctuation and symbols do
  not count).  A Latin letter weighs a third of a Han character
  (``LATIN_LETTERS_PER_HAN``), since a Chinese text needs about a third as
  many characters as its English version; so "您正在离开 AstraZeneca 中国网站"
  is Chinese, while a heading "Forward-Looking Statements 前瞻性陈述" is mixed.
* Han share >= 80 %: Chinese.  Simplified or Traditional by counting the
  characters that exist in only one script (data of the ``hanzidentifier``
  package); Traditional only when Traditional-only characters outnumber
  Simplified-only ones, so a text with neither is ``zh-Hans``.
* Han share <= 20 %: Latin text, which is English unless it is long enough
  (``MIN_WORDS`` words) and shows signs of another language (its function
  words, or many diacritics and few English function words).  Only then is
  langdetect asked, with a private detector that knows a few Latin-script
  languages (``LANGDETECT_PROFILES``) and a fixed seed; anything but English
  is ``und``.
* Otherwise ``mixed``.  Kana or Hangul in quantity (Japanese, Korean) and
  texts dominated by other scripts are ``und``; so is a text without letters.

langdetect is imported on first need, once per process. The verdicts of short texts
and langdetect's n-grams of each word are kept (bounded) for the process's later pages.
"""
from __future__ import annotations

import re
import sys
import threading
from typing import Any, Iterable, Mapping, Sequence

from auditor.support.chars import HAN_FULL_CLASS

__all__ = [
    "detect",
    "detect_all",
    "document_language",
    "script_counts",
    "split_ascii",
    "LANGUAGES",
]

LANGUAGES = ("en", "zh-Hans", "zh-Hant", "mixed", "und")

LATIN_LETTERS_PER_HAN = 3.0
CHINESE_SHARE = 0.8  # Han share at or above which a text is Chinese
LATIN_SHARE = 0.2  # Han share at or below which a text is Latin
MIN_WORDS = 8  # fewer Latin words than this are English without question
SAMPLE_CHARS = 30_000  # language is decided on at most this many characters
LANGDETECT_PROFILES = ("en", "de", "fr", "es", "it", "pt", "nl", "id")

# Script patterns, compiled on first use (re.compile's cache, _cjk_re): ASCII text, the common case on
# English pages, is counted without them, and their large character classes cost
# start-up time.
_HAN_RUNS_SRC = HAN_FULL_CLASS + "+"
_LATIN_RUNS_SRC = "[A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff\uff21-\uff3a\uff41-\uff5a]+"
# The same class without its ASCII letters: counted on a text's non-ASCII characters only
# (see split_ascii).
_LATIN_NONASCII_RUNS_SRC = "[\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff\uff21-\uff3a\uff41-\uff5a]+"
_DIACRITIC_RUNS_SRC = "[\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff]+"
# kana without the middle dot U+30FB and the prolonged sound mark U+30FC,
# which Chinese text uses too
_KANA_RUNS_SRC = "[\u3041-\u3096\u309d-\u309f\u30a1-\u30fa\u30fd-\u30ff\u31f0-\u31ff\uff66-\uff9d]+"
_HANGUL_RUNS_SRC = "[\u1100-\u11ff\u3131-\u318e\uac00-\ud7a3]+"
_LETTER_RUNS = re.compile(r"[^\W\d_]+")
_ASCII_LETTERS = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_ASCII_BYTES = bytes(range(128))
_WORDS = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_URLS = re.compile(r"\b(?:https?://|www\.)\S+|\S+@\S+\.\w+")

# English function words that are not also frequent words of the languages
# below (no "a", "in", "on", "an", "is", "as", "do", "per", "non" ...).
_EN_WORDS = frozenset(
    """the of and to for with that this these those by from at it its be been being or
    not will would may might can could should has have had was were are which who whom
    whose our we you your their they them than such about into any all also only other
    more most there here what when where how if but each both because after before
    during under over between through against""".split()
)
# Frequent function words of French, German, Spanish, Italian, Portuguese,
# Dutch and Indonesian that English text (names aside) does not use.
_FOREIGN_WORDS = frozenset(
    """de la le les des du est une dans pour sur avec qui que ne pas au aux ces cette
    sont être été ou mais leur leurs nous vous ont
    der das und ist nicht mit für von zu dem ein eine auf sich werden wird sind auch
    oder aber nach bei durch über wie wir sie im zum zur vom
    el los las del en y por con para una es lo se su sus como más también están son
    sobre entre pero este esta estos
    il della di che sono nel alla dei delle gli è questo questa anche più tra
    os da dos das não uma ao pelo pela em mais seu sua são
    het een van zijn niet voor ook worden die te op bij
    yang dan ini itu dengan untuk dari tidak akan pada dalam""".split()
)

_lock = threading.Lock()
_script_sets: tuple[Any, Any] | None = None
_factory: Any = None
_LD_CACHE: dict[bytes, str] = {}
_LD_CACHE_MAX = 4096


# ------------------------------------------------------------ public API


def detect(text: str) -> str:
    """The language of one text (a segment, a notice, a page)."""
    verdict, latin = _by_script(text)
    if verdict is not None:
        return verdict
    return _langdetect_verdict(latin)


def detect_all(texts: Sequence[str]) -> list[str]:
    """``detect`` for each text, asking langdetect at most once.

    Texts that script counts cannot decide (long Latin text that looks
    non-English) are judged together: langdetect reads their concatenation
    once and its verdict applies to all of them.  Use this for the segments
    of one page.
    """
    out: list[str | None] = []
    pending: list[int] = []
    latin_parts: list[str] = []
    for i, text in enumerate(texts):
        verdict, latin = _by_script(text)
        out.append(verdict)
        if verdict is None:
            pending.append(i)
            latin_parts.append(latin)
    if pending:
        verdict = _langdetect_verdict("\n".join(latin_parts))
        for i in pending:
            out[i] = verdict
    return [v or "und" for v in out]


def document_language(langs_with_weights: Iterable[tuple[str, float]] | Mapping[str, float]) -> str:
    """The language of a page from its content segments' languages.

    Takes ``(lang, weight)`` pairs (weight: e.g. the segment's length) or a
    mapping ``lang -> weight``.  ``und`` weight counts only when it outweighs
    everything else; ``mixed`` weight is split between English and Chinese.
    The page is ``mixed`` when English and Chinese each have at least 20 %
    of the weight, else the heavier of the two; Chinese is ``zh-Hant`` when
    ``zh-Hant`` outweighs ``zh-Hans``.
    """
    items = langs_with_weights.items() if isinstance(langs_with_weights, Mapping) else langs_with_weights
    totals = {lang: 0.0 for lang in LANGUAGES}
    for lang, weight in items:
        if weight and weight > 0:
            totals[lang if lang in totals else "und"] += float(weight)
    zh = totals["zh-Hans"] + totals["zh-Hant"] + totals["mixed"] / 2
    en = totals["en"] + totals["mixed"] / 2
    known = zh + en
    if known <= 0 or totals["und"] > known:
        return "und"
    if min(zh, en) >= LATIN_SHARE * known:
        return "mixed"
    if en > zh:
        return "en"
    return "zh-Hant" if totals["zh-Hant"] > totals["zh-Hans"] else "zh-Hans"


def script_counts(text: str) -> tuple[int, int]:
    """``(simplified_only, traditional_only)``: characters of ``text`` that
    exist in only one of the two scripts."""
    hans_re, hant_re = _scripts()
    return _count(hans_re, text), _count(hant_re, text)


# ------------------------------------------------------------ script counts


def _count(runs: re.Pattern, text: str) -> int:
    return sum(map(len, runs.findall(text)))


def split_ascii(text: str) -> tuple[int, str]:
    """``(ASCII letters, the non-ASCII characters)`` of ``text``.

    Every script class counted here is non-ASCII apart from the ASCII letters (Latin and
    "letter"), and a class's count is its number of characters wherever they stand; so
    the counts of a mostly English text are taken on its few non-ASCII characters, which
    the UTF-8 bytes give without a loop in Python (surrogates pass through unchanged)."""
    data = text.encode("utf-8", "surrogatepass")
    letters = len(data) - len(data.translate(None, _ASCII_LETTERS))
    rest = data.translate(None, _ASCII_BYTES)
    return letters, (rest.decode("utf-8", "surrogatepass") if rest else "")


def _sample(text: str) -> str:
    if len(text) <= SAMPLE_CHARS:
        return text
    third = SAMPLE_CHARS // 3
    mid = len(text) // 2 - third // 2
    return "\n".join((text[:third], text[mid : mid + third], text[-third:]))


_scripts_compiled: tuple | None = None


def _cjk_re() -> tuple[re.Pattern, ...]:
    """(han, kana, hangul, kana or hangul) run patterns, compiled on first use."""
    global _scripts_compiled
    if _scripts_compiled is None:
        _scripts_compiled = (re.compile(_HAN_RUNS_SRC), re.compile(_KANA_RUNS_SRC), re.compile(_HANGUL_RUNS_SRC),
                             re.compile(_KANA_RUNS_SRC[:-2] + _HANGUL_RUNS_SRC[1:-2] + "]"))
    return _scripts_compiled


# The verdicts of short texts by text: a site's menu items, labels and bylines come back on
# every page (about two Chinese segments in five, one English one in four, on the real
# pages), and a short text's count costs mostly the calls around it. Bounded.
_SHORT: dict[str, tuple[str | None, str]] = {}
SHORT_CHARS = 200
_SHORT_MAX = 8192


def _by_script(text: str) -> tuple[str | None, str]:
    """(verdict, "") or (None, latin_text) when langdetect must decide."""
    if len(text) > SHORT_CHARS:
        return _by_script_counted(text)
    found = _SHORT.get(text)
    if found is None:
        if len(_SHORT) >= _SHORT_MAX:
            _SHORT.clear()
        found = _SHORT[text] = _by_script_counted(text)
    return found


def _by_script_counted(text: str) -> tuple[str | None, str]:
    """_by_script without the memo."""
    sample = _sample(text)
    if sample.isascii():
        # No Han, kana or Hangul; every letter is a Latin letter (so "other" is 0 and
        # the Han share 0): the general code below would reach the same verdicts.
        data = sample.encode("ascii")
        if len(data.translate(None, _ASCII_LETTERS)) == len(data):
            return "und", ""
        return _latin_verdict(sample)
    return _by_script_counts(sample)


def _by_script_counts(sample: str) -> tuple[str | None, str]:
    counted = split_ascii(sample)
    ascii_letters, rest = counted
    latin_rest = _count(re.compile(_LATIN_NONASCII_RUNS_SRC), rest)
    latin = ascii_letters + latin_rest
    if not rest or _below_hangul(rest):  # below Hangul, kana and Han: none of them to count
        han = kana = hangul = 0
    else:
        han_re, kana_re, hangul_re, kana_or_hangul = _cjk_re()
        han = _count(han_re, rest)
        if kana_or_hangul.search(rest) is None:  # the usual case: counted by one search
            kana = hangul = 0
        else:
            kana = _count(kana_re, rest)
            hangul = _count(hangul_re, rest)
    if kana + hangul >= max(2, 0.15 * (han + kana + hangul)):  # Japanese, Korean
        letters = ascii_letters + _count(_LETTER_RUNS, rest)
        if letters == 0 and han == 0:
            return "und", ""
        other = max(0, letters - han - latin - kana - hangul) + han + kana + hangul
        han = 0
    else:
        # (letters == 0 and han == 0 implies known == 0 below: every Latin letter is a letter)
        # "other" letters are at most the non-ASCII characters that are none of the counted
        # scripts; they are counted only when that many could outweigh the known ones.
        other = max(0, len(rest) - han - latin_rest - kana - hangul)
        if other / LATIN_LETTERS_PER_HAN > han + latin / LATIN_LETTERS_PER_HAN:
            letters = ascii_letters + _count(_LETTER_RUNS, rest)
            other = max(0, letters - han - latin - kana - hangul)
    latin_w = latin / LATIN_LETTERS_PER_HAN
    other_w = other / LATIN_LETTERS_PER_HAN
    known = han + latin_w
    if known == 0 or other_w > known:
        return "und", ""
    share = han / known
    if share >= CHINESE_SHARE:
        return _chinese_variant(sample), ""
    if share > LATIN_SHARE:
        return "mixed", ""
    return _latin_verdict(sample, counted)


# (a search stops at a Chinese text's first character, where max() reads all of them;
# compiled on first use, like the script patterns, and negated: compiling the range up to
# U+10FFFF costs 15 ms)
_FROM_HANGUL_SRC = "[^\x00-\u10ff]"


def _below_hangul(text: str) -> bool:
    """Whether every character of ``text`` is below U+1100 (what ``max(text)`` tells)."""
    return re.search(_FROM_HANGUL_SRC, text) is None


def _chinese_variant(text: str) -> str:
    hans_re, hant_re = _scripts()
    if hant_re.search(text) is None:
        # no Traditional-only character (most Simplified text): hant == 0 cannot exceed
        # hans, so one search stands for the two counts
        return "zh-Hans"
    return "zh-Hant" if _count(hant_re, text) > _count(hans_re, text) else "zh-Hans"


def _latin_verdict(text: str, counted: tuple[int, str] | None = None) -> tuple[str | None, str]:
    """``counted``: ``split_ascii(text)`` when the caller has it."""
    if "@" in text or "://" in text or "www." in text:  # what _URLS needs to match at all
        text = _URLS.sub(" ", text)
        counted = None
    if text.isascii():  # no diacritics: only the function words can make it foreign
        if _few_foreign_words(text):
            return "en", ""
        letters = diacritics = 0
    else:
        ascii_letters, rest = counted if counted is not None else split_ascii(text)
        letters = ascii_letters + _count(re.compile(_LATIN_NONASCII_RUNS_SRC), rest)
        diacritics = _count(re.compile(_DIACRITIC_RUNS_SRC), rest)
        if not diacritics > 0.03 * max(letters, 1) and _few_foreign_words(text):
            return "en", ""
    words = _WORDS.findall(text.lower())
    if len(words) < MIN_WORDS:
        return "en", ""
    en = sum(map(_EN_WORDS.__contains__, words))
    foreign = sum(map(_FOREIGN_WORDS.__contains__, words))
    looks_foreign = (foreign >= 2 and foreign >= 0.12 * len(words) and foreign > en) or (
        diacritics > 0.03 * max(letters, 1) and en < 0.1 * len(words)
    )
    if not looks_foreign:
        return "en", ""
    return None, " ".join(words)


_foreign_re: Any = None  # (compiled RE2 pattern, its UNANCHORED anchor), on first use
_DIGITS_TO_SPACE = bytes.maketrans(b"0123456789_", b" " * 11)


def _few_foreign_words(text: str) -> bool:
    """True when ``text`` has fewer than two of the foreign function words, so that only
    its diacritics could make it look foreign (then ``_latin_verdict`` need not split it
    into words).

    Counted on the lower-cased UTF-8 bytes by one RE2 pattern of those words between
    ASCII word boundaries, digits and "_" made spaces: every word ``_WORDS`` finds is a
    maximal run of letters, so each foreign one is matched there (a match inside a longer
    word, "l'été", only counts one too many, which merely skips the shortcut)."""
    global _foreign_re
    compiled = _foreign_re
    if compiled is None:
        import re2  # (loaded with the lexicons' patterns anyway)

        alts = []
        for w in sorted(_FOREIGN_WORDS, key=lambda w: (-len(w), w)):
            # RE2's \b is ASCII: a word that starts or ends with an accented letter is
            # matched without a boundary on that side (more matches, never fewer)
            alts.append(("\\b" if w[0].isascii() else "") + re.escape(w) + ("\\b" if w[-1].isascii() else ""))
        compiled = _foreign_re = (re2.compile("|".join(alts))._regexp, re2._re2.RE2.Anchor.UNANCHORED)
    rx, unanchored = compiled
    data = text.lower().encode("utf-8", "surrogatepass").translate(_DIGITS_TO_SPACE)
    end = len(data)
    first = rx.Match(unanchored, data, 0, end)[0][1]
    return first < 0 or rx.Match(unanchored, data, first, end)[0][0] < 0


def _scripts() -> tuple[re.Pattern, re.Pattern]:
    global _script_sets
    sets = _script_sets
    if sets is None:
        with _lock:
            sets = _script_sets
            if sets is None:
                sets = _script_sets = tuple(map(re.compile, _script_sources()))
    return sets


def _script_sources() -> tuple[str, str]:
    """The run patterns of the Simplified-only and the Traditional-only characters, kept
    in the cache (and prebuilt with the package): importing hanzidentifier for its data
    costs ~35 ms of a Chinese page's start-up."""
    from importlib.util import find_spec  # (site has loaded it: no start-up cost)

    from auditor.support import cache  # (support below all: only for Han text)

    # the files the data comes from, found without importing them
    files = [__file__]
    for package, names in (("hanzidentifier", ("helpers.py",)), ("zhon", ("cedict/simplified.py",
                                                                           "cedict/traditional.py"))):
        spec = find_spec(package)
        folder = list(spec.submodule_search_locations or []) if spec is not None else []
        files += [f"{folder[0]}/{name}" if folder else f"<{package}?>" for name in names]
    key = cache.digest("scripts", [cache.code_stamp(*files)])
    found = cache.load("scripts", key, slot="scripts")  # (the slot it is stored under)
    if isinstance(found, list) and len(found) == 2 and all(isinstance(s, str) for s in found):
        return found[0], found[1]
    from hanzidentifier import helpers  # ~35 ms: only when the cache has no entry

    hans = helpers.SIMPLIFIED_CHARACTERS - helpers.TRADITIONAL_CHARACTERS
    hant = helpers.TRADITIONAL_CHARACTERS - helpers.SIMPLIFIED_CHARACTERS
    sources = [_runs_of(hans), _runs_of(hant)]
    cache.store("scripts", key, sources, slot="scripts")
    return sources[0], sources[1]


def _runs_of(chars: Iterable[str]) -> str:
    cps = sorted(ord(c) for c in chars if len(c) == 1)
    ranges: list[list[int]] = []
    for cp in cps:
        if ranges and ranges[-1][1] == cp - 1:
            ranges[-1][1] = cp
        else:
            ranges.append([cp, cp])
    body = "".join(
        re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in ranges
    )
    return f"[{body}]+" if body else "(?!)"


# ------------------------------------------------------------ langdetect


def _langdetect_verdict(latin: str) -> str:
    """"en" when langdetect reads English, else "und" (cached by text hash)."""
    import hashlib  # (OpenSSL bindings: only when langdetect is asked)

    key = hashlib.blake2b(latin.encode("utf-8", "surrogatepass"), digest_size=16).digest()
    hit = _LD_CACHE.get(key)
    if hit is not None:
        return hit
    lang = _langdetect(latin)
    verdict = "en" if lang == "en" else "und"
    if len(_LD_CACHE) >= _LD_CACHE_MAX:
        _LD_CACHE.clear()
    _LD_CACHE[key] = verdict
    return verdict


def _langdetect(text: str) -> str | None:
    """langdetect's best language for ``text`` among LANGDETECT_PROFILES."""
    factory = _get_factory()
    from langdetect.lang_detect_exception import LangDetectException  # langdetect: only for non-ASCII Latin text

    detector = _detector_class()(factory)
    detector.set_max_text_length(5000)
    detector.append(text)
    try:
        return detector.detect()
    except LangDetectException:
        return None


# langdetect's n-grams of a space-delimited piece of text (see _detector_class), for the
# process's one factory; bounded, since every page brings new words (an entry is a word and
# a tuple of interned n-grams, about 350 bytes: some 7 MB at most).
_NGRAMS: dict[str, tuple[str, ...]] = {}
_NGRAMS_MAX = 20_000
_detector_cls: Any = None


def _detector_class() -> Any:
    """langdetect's Detector, with its n-gram extraction memoized per word.

    Detector._extract_ngrams walks the text one character at a time through NGram (about
    80 % of a detection). Its state starts afresh after every space (NGram.add_char
    resets its buffer when the previous character was a space, and a space makes no
    n-gram of its own), so the n-grams of a text are those of each piece up to and
    including a space, taken one by one in order. Each piece goes through langdetect's
    own code once per process; the random trials that follow are langdetect's own too."""
    global _detector_cls
    cls = _detector_cls
    if cls is None:
        from langdetect.detector import Detector  # (with langdetect, in _langdetect)

        extract = Detector._extract_ngrams

        class MemoDetector(Detector):
            def _extract_ngrams(self) -> list[str]:
                text = self.text
                pieces = text.split(" ")
                last = len(pieces) - 1
                out: list[str] = []
                memo = _NGRAMS
                for i, piece in enumerate(pieces):
                    if not piece:
                        continue  # (a space after a space, or at either end, makes no n-gram)
                    if i < last:
                        piece += " "  # (its closing space makes the word-final n-grams)
                    grams = memo.get(piece)
                    if grams is None:
                        if len(memo) >= _NGRAMS_MAX:
                            memo.clear()
                        self.text = piece
                        try:
                            grams = memo[piece] = tuple(map(sys.intern, extract(self)))
                        finally:
                            self.text = text
                    out += grams
                return out

        cls = _detector_cls = MemoDetector
    return cls


def _get_factory() -> Any:
    global _factory
    factory = _factory
    if factory is None:
        with _lock:
            factory = _factory
            if factory is None:
                factory = _factory = _load_factory()
    return factory


def _load_factory() -> Any:
    import json  # (with langdetect's profiles, below)
    import os  # (with langdetect's profiles, below)

    from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory  # ~15 ms, 26 modules; test_startup
    from langdetect.utils.lang_profile import LangProfile  # (as above)

    factory = DetectorFactory()
    factory.seed = 0  # on this instance: detectors created from it are deterministic
    for index, lang in enumerate(LANGDETECT_PROFILES):
        with open(os.path.join(PROFILES_DIRECTORY, lang), encoding="utf-8") as fh:
            profile = LangProfile(**json.load(fh))
        factory.add_profile(profile, index, len(LANGDETECT_PROFILES))
    return factory
