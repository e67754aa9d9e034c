"""Bilingual phrase lexicons, each compiled into one linear-time pattern.

A lexicon is data (a YAML file under ``rulesets/<name>/lexicons/``) with a list of
terms per language. All terms of a lexicon are matched in one pass over the
normalized page text (one RE2 alternation: linear time whatever the ruleset
author writes). English terms match on word boundaries and accept simple
inflections; Chinese terms must start and end on jieba token boundaries, so a
one-character term such as 将 does not fire inside 将军.

A term is a plain phrase, or ``{re: "..."}`` for a pattern (RE2 syntax; it is
matched against normalized text: lower-case Latin, ASCII dashes and spaces,
NFKC-folded punctuation).
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Mapping

import re2

from auditor.support.chars import HAN_CLASS, is_han
from auditor.read.normalize import Normalized, normalize

LEXICON_LANGS = ("en", "zh-Hans", "zh-Hant")

_HAN_SRC = HAN_CLASS  # compiled when lexicons are built


def _few_han(text: str, start: int, end: int) -> bool:
    """``_han_count(text, start, end) <= BOUNDARY_MAX_HAN``, without counting a short span."""
    return end - start <= BOUNDARY_MAX_HAN or _han_count(text, start, end) <= BOUNDARY_MAX_HAN


def _han_count(text: str, start: int, end: int) -> int:
    """``len(re.findall(_HAN_SRC, text[start:end]))`` without compiling the class at start-up."""
    n = 0
    for ch in text[start:end]:
        if is_han(ch):
            n += 1
    return n


_WS = re.compile(r"\s+")
# Short Chinese terms (将, 第一, 唯一) fire inside longer words unless checked against
# word segmentation; longer phrases are specific enough on their own, and jieba's
# splits inside them (获批|准) would only cause misses.
BOUNDARY_MAX_HAN = 3
# Simple English inflections accepted after a word-final term (plural, past, -ing).
_INFLECT = r"(?:s|es|d|ed|ing)?"


class LexiconError(ValueError):
    """A lexicon term that cannot be compiled (names the lexicon and the term)."""


@dataclass(frozen=True)
class Hit:
    """A lexicon match; offsets are into the ORIGINAL text."""

    lexicon: str
    term: str  # the matched text as normalized
    start: int
    end: int


@lru_cache(maxsize=8192)
def _fold(term: str) -> str:
    # (a term is folded for its pattern, its keyword and its jieba word: once)
    return normalize(term).text.strip()


def _term_pattern(term: str | Mapping, lexicon: str) -> tuple[str, bool]:
    """RE2 source for one term, and whether it needs a jieba boundary check."""
    if isinstance(term, Mapping):
        src = term.get("re")
        if not isinstance(src, str):
            raise LexiconError(f"lexicon {lexicon!r}: a term must be a phrase or {{re: pattern}}, got {term!r}")
        try:
            re2.compile(src)
        except Exception as exc:  # re2.error has no stable name across versions
            raise LexiconError(f"lexicon {lexicon!r}: invalid pattern {src!r}: {exc}") from None
        return f"(?:{src})", bool(re.search(_HAN_SRC, src))
    if not isinstance(term, str) or not term.strip():
        raise LexiconError(f"lexicon {lexicon!r}: empty or non-text term {term!r}")
    folded = _fold(term)
    parts = [re.escape(p) for p in _WS.split(folded)]
    body = r"\s+".join(parts)
    is_han = bool(re.search(_HAN_SRC, folded))
    if is_han:
        return body, True
    # Word boundaries only where the term starts/ends with a word character.
    head = r"\b" if re.match(r"\w", folded[0]) else ""
    if re.match(r"[a-z]", folded[-1]):
        tail = _INFLECT + r"\b"
    elif re.match(r"\w", folded[-1]):
        tail = r"\b"
    else:
        tail = ""
    return head + body + tail, False


#: Memory RE2 may use for one lexicon's compiled alternation (its default, 8 MiB, holds
#: some 20,000 terms; this holds about 60,000 and bounds what a hostile lexicon costs).
MAX_PATTERN_MEMORY = 64 << 20


def _compile(source: str, name: str, count: int):
    opts = re2.Options()
    opts.max_mem = MAX_PATTERN_MEMORY
    opts.log_errors = False
    try:
        return re2.compile(source, opts)
    except Exception as exc:  # re2's error class has no stable name across versions
        why = exc.args[0].decode("utf-8", "replace") if exc.args and isinstance(exc.args[0], bytes) else str(exc)
        if "too large" in why:
            raise LexiconError(f"lexicon {name!r} is too large ({count} terms need more than "
                               f"{MAX_PATTERN_MEMORY >> 20} MiB as one pattern): split it into smaller lexicons") from None
        raise LexiconError(f"lexicon {name!r}: invalid pattern: {why}") from None


class Lexicon:
    """All terms of one lexicon, for every language, in one compiled pattern."""

    def __init__(self, name: str, terms: Mapping[str, Iterable[str | Mapping]], description: str = ""):
        self.name = name
        self.description = description
        self.terms: dict[str, list] = {lang: list(ts or ()) for lang, ts in terms.items()}
        alts: list[str] = []
        self._needs_boundary = False
        seen: set[str] = set()
        required: list[frozenset[str] | None] = []
        for lang in sorted(self.terms):
            for term in self.terms[lang]:
                src, han = _term_pattern(term, name)
                if src in seen:
                    continue
                seen.add(src)
                alts.append(src)
                self._needs_boundary |= han
                required.append(_term_required(term, src))
        self.keywords = _keywords(required)
        # Longer alternatives first so the longest phrase wins at one position.
        order = sorted(range(len(alts)), key=lambda i: (-len(alts[i]), alts[i]))
        self._alternatives = tuple(alts[i] for i in order)
        self._required = tuple(required[i] for i in order)  # each alternative's literals (_term_required)
        self._first: tuple | None = None  # (text, its pattern): see _pattern_for
        self._prefilter: tuple | None = None  # (the _Prefilter of its folder, its index there)
        self._source = "|".join(self._alternatives) if alts else None
        self._compiled = _compile(self._source, name, len(alts)) if alts else None
        self.han_terms = sorted({_fold(t) for ts in self.terms.values() for t in ts if isinstance(t, str) and re.search(_HAN_SRC, t)})
        # the word set of the lexicons read with this one (load_lexicons); None: the
        # process-wide tokenizer (a lexicon built on its own)
        self.boundary_words: tuple[str, ...] | None = None

    @property
    def _pattern(self):
        """The compiled alternation (compiled on first use for a lexicon from the cache)."""
        pattern = self._compiled
        if pattern is None and self._source is not None:
            pattern = self._compiled = _compile(self._source, self.name, self._source.count("|") + 1)
        return pattern

    def _pattern_for(self, text: str):
        """The compiled pattern to search ``text`` (or a part of it) with.

        A lexicon read from the cache compiles its alternation on first use, and RE2's
        compiling and its first scan (building the automaton and the reverse program that
        finds where a match starts) cost about as much for a whole lexicon as for a few
        terms: 30-40 ms of a one-page Chinese check. So the first text a lexicon searches
        gets an alternation of only the terms that can match in it (:meth:`_terms_in`;
        every term keeps its place, so the leftmost-first choice at each position, and
        with it every hit, is the whole alternation's); any other text, the whole one,
        compiled once for the rest of the process (a batch's pages)."""
        pattern = self._compiled
        if pattern is not None or self._source is None:
            return pattern
        first = self._first
        if first is not None:
            if first[0] is text:
                return first[1]
            self._first = None
            return self._pattern
        terms = self._terms_in(text)
        if terms is None:
            return self._pattern
        pattern = _compile("|".join(terms), self.name, len(terms)) if terms else None
        self._first = (text, pattern)
        return pattern

    def _terms_in(self, text: str) -> list[str] | None:
        """The alternatives that can match somewhere in ``text``: those with no required
        literal and those one of whose literals ``text`` contains (a match contains one;
        see _term_required, which the prefilter relies on too). None when that is all."""
        has = _literals_of(text)
        keep = [src for src, found in zip(self._alternatives, self._required) if found is None or any(map(has, found))]
        return None if len(keep) == len(self._alternatives) else keep

    def _record(self) -> tuple:
        """What the cache keeps of a lexicon (plain data); see :func:`_from_record`."""
        return (self.name, self.description, self.terms, self._alternatives, self._required, self._needs_boundary,
                self.han_terms, self.keywords)

    @classmethod
    def _from_record(cls, record) -> "Lexicon":
        """A lexicon as it was built from the same data before; its pattern is compiled on first use."""
        lex = cls.__new__(cls)
        (lex.name, lex.description, lex.terms, lex._alternatives, lex._required, lex._needs_boundary, lex.han_terms,
         lex.keywords) = record
        lex._source = "|".join(lex._alternatives) if lex._alternatives else None
        lex._first = None
        lex._compiled = None
        lex._prefilter = None
        lex.boundary_words = None
        return lex

    def jieba_words(self) -> list[str]:
        """Short multi-character terms to add to jieba's dictionary so they stay whole.

        Only short matches are boundary-checked; longer phrases added as words would
        swallow the words inside them.
        """
        return [t for t in self.han_terms if 2 <= len(t) <= BOUNDARY_MAX_HAN]

    def __repr__(self) -> str:
        return f"Lexicon({self.name!r}, {sum(len(v) for v in self.terms.values())} terms)"

    def find(self, norm: Normalized, start: int = 0, end: int | None = None) -> list[Hit]:
        """Every hit in ``norm.text[start:end]`` (normalized offsets), reported as original offsets.

        The hits over a whole text are found once per text (the segmenter, the rules and
        the recognizers read the same lexicons of the same page); not for a lexicon built on
        its own, whose boundaries follow the process-wide word list (add_words may change it)."""
        if start == 0 and end is None and self.boundary_words is not None:
            global _page_hits
            memo = _page_hits
            if memo[0] is not norm:
                memo = _page_hits = (norm, {})
            hits = memo[1].get(self)
            if hits is None:
                pf = self._prefilter
                if pf is not None and not pf[0].may_match(pf[1], norm.text, memo[1]):
                    hits = memo[1][self] = []  # none of its terms' required words is on the page
                else:
                    hits = memo[1][self] = self._find(norm, 0, None)
            return list(hits)
        return self._find(norm, start, end)

    def _find(self, norm: Normalized, start: int, end: int | None) -> list[Hit]:
        text = norm.text
        pattern = self._pattern_for(text)
        if pattern is None:
            return []
        end = len(text) if end is None else min(end, len(text))
        start = max(0, start)
        if _re2_match is not None and start < end:
            return self._find_utf8(norm, text, start, end, pattern)
        hits: list[Hit] = []
        pos = start
        search = pattern.search
        while pos < end:
            m = search(text, pos, end)
            if m is None:
                break
            s, e = m.start(), m.end()
            if s == e:
                pos = s + 1
                continue
            if self._needs_boundary and _few_han(text, s, e):
                from auditor.read import zh  # (zh: only Chinese terms need it)

                if not zh.on_token_boundaries(text, s, e, self.boundary_words):
                    pos = s + 1  # another term may still start inside this one
                    continue
            os_, oe = norm.original_span(s, e)
            hits.append(Hit(self.name, text[s:e], os_, oe))
            pos = e
        return hits

    def _find_utf8(self, norm: Normalized, text: str, pos: int, end: int, pattern) -> list[Hit]:
        """``find`` on the UTF-8 bytes of the text, encoded once per text.

        The same search as ``find``'s loop of ``pattern.search(text, pos, end)``, whose
        wrapper would encode the whole text and count characters from its start on every
        call (quadratic in the number of hits); here offsets are converted incrementally.
        """
        regexp = pattern._regexp
        data = _utf8(text)
        one_byte = len(data) == len(text)  # ASCII: byte offsets are character offsets
        if one_byte:
            bpos, bend = pos, end
        else:  # (counting characters in UTF-8 is a walk over the bytes: skipped when not needed)
            bpos = _re2_chars_to_bytes(data, 0, pos) if pos else 0
            bend = len(data) if end == len(text) else bpos + _re2_chars_to_bytes(data, bpos, end - pos)
        hits: list[Hit] = []
        match = regexp.Match
        while pos < end:
            bs, be = match(_RE2_UNANCHORED, data, bpos, bend)[0]
            if bs == -1:
                break
            if one_byte:
                s, e = bs, be
            else:
                s = _char_offset(text, data, pos, bpos, bs)
                e = s + _re2_bytes_to_chars(data, bs, be)
            if s == e or (
                self._needs_boundary
                and _few_han(text, s, e)
                and not _zh_boundaries(text, s, e, self.boundary_words)
            ):
                # an empty match, or another term may still start inside this one
                pos = s + 1
                bpos = bs + (1 if one_byte else _re2_chars_to_bytes(data, bs, 1))
                continue
            os_, oe = norm.original_span(s, e)
            hits.append(Hit(self.name, text[s:e], os_, oe))
            pos, bpos = e, be
        return hits

    def search(self, text: str) -> Hit | None:
        """First hit in a short standalone text (normalizes it)."""
        hits = self.find(normalize(text))
        return hits[0] if hits else None


def _zh_boundaries(text: str, start: int, end: int, words: tuple[str, ...] | None) -> bool:
    from auditor.read import zh  # (zh: only Chinese terms need it)

    return zh.on_token_boundaries(text, start, end, words)


# The google-re2 wrapper's own search encodes its str argument on every call; Lexicon.find
# encodes a page once (for all lexicons) and calls the compiled RE2 object directly.
try:
    from re2 import _re2 as _re2_ext

    _RE2_UNANCHORED = _re2_ext.RE2.Anchor.UNANCHORED
    _re2_match = _re2_ext.RE2.Match
    _re2_chars_to_bytes = _re2_ext.CharLenToBytes
    _re2_bytes_to_chars = _re2_ext.BytesToCharLen
except (ImportError, AttributeError):  # pragma: no cover - another re2 wrapper version
    _re2_match = None

_utf8_last: tuple = ("", b"")
# (the last text, its pairs of adjacent characters, {literal: whether the text contains it})
_literals_last: tuple = (None, frozenset(), {})
# (the last normalized text, {lexicon: its hits over the whole text}): see Lexicon.find
_page_hits: tuple = (None, {})


def _utf8(text: str) -> bytes:
    """``text`` as UTF-8, remembered for the last text (every lexicon reads the same page)."""
    global _utf8_last
    last = _utf8_last
    if last[0] is text:
        return last[1]
    data = text.encode("utf-8")
    _utf8_last = (text, data)
    return data


# Every _MARK-th character's byte offset in the last text's UTF-8 (see _char_offset).
_MARK = 256
_marks_last: tuple = (None, [0])  # (the text, its marks)


def _marks(text: str, data: bytes) -> list[int]:
    """Byte offsets of characters 0, _MARK, 2 * _MARK ... of ``text`` (``data`` its
    UTF-8), worked out once per text for all its lexicons."""
    global _marks_last
    last = _marks_last
    if last[0] is text:
        return last[1]
    marks = [0]
    at = 0
    for _ in range(len(text) // _MARK):
        at += _re2_chars_to_bytes(data, at, _MARK)
        marks.append(at)
    _marks_last = (text, marks)
    return marks


def _char_offset(text: str, data: bytes, pos: int, bpos: int, b: int) -> int:
    """The character offset of byte ``b`` of ``data``, at or after byte ``bpos`` (character
    ``pos``). Counting characters means walking the bytes: from ``bpos`` or from the last
    mark before ``b``, whichever is nearer (a lexicon's hits are far apart: each walk
    from the previous hit would cross most of the page)."""
    if b - bpos > 2 * _MARK:
        marks = _marks(text, data)
        i = bisect_right(marks, b) - 1
        if marks[i] > bpos:
            return i * _MARK + _re2_bytes_to_chars(data, marks[i], b)
    return pos + _re2_bytes_to_chars(data, bpos, b)


def _pairs(text: str) -> frozenset[str]:
    """The pairs of adjacent characters of ``text`` (remembered for the last text)."""
    last = _literals_last
    if last[0] is not text:
        last = _remember_literals(text)
    return last[1]


def _remember_literals(text: str) -> tuple:
    global _literals_last
    _literals_last = (text, frozenset([text[i : i + 2] for i in range(len(text) - 1)]), {})
    return _literals_last


def _literals_of(text: str):
    """A test of whether ``text`` contains a literal string, for many literals (the terms
    of every lexicon a page searches): a literal whose first two characters are nowhere
    next to each other in the text is not looked for, and each answer is remembered."""
    last = _literals_last
    if last[0] is not text:
        last = _remember_literals(text)
    _, pairs, known = last

    def has(literal: str) -> bool:
        found = known.get(literal)
        if found is None:
            found = known[literal] = (len(literal) < 2 or literal[:2] in pairs) and literal in text
        return found

    return has


# ------------------------------------------------------------------ prefilter
#
# Each lexicon's RE2 pass reads the whole page; most lexicons have no hit on a given page.
# A term's match always contains one of a few literal strings of its pattern (a phrase's
# rarest word, one word of each alternative of a {re:} term): one RE2 pass over those
# keywords of a folder's lexicons tells which lexicons can match at all, and only those are
# searched. A lexicon with a term whose keywords are too common to tell anything ("we",
# "年", a pattern without a literal) is searched on every page.

#: A keyword scoring below this (see _keyword_score) makes its lexicon searched on every page.
MIN_KEYWORD_SCORE = 3
# English words too frequent to say anything about a page.
_COMMON_WORDS = frozenset(
    "the of and to a an in on is are for with we our no ok it its by at as or be was were this that from not".split())


def _keyword_score(word: str) -> int:
    """How telling a keyword is: its length without spaces (a Han character counts two), 0
    for a frequent English word."""
    w = word.strip(" ")
    if w in _COMMON_WORDS:
        return 0
    return len(w) if w.isascii() else 2 * len(w)


def _keywords(required: Iterable[frozenset[str] | None]) -> tuple[str, ...] | None:
    """The keywords of a lexicon from its terms' required literals (_term_required), or
    None when some term has none telling enough."""
    out: dict[str, None] = {}
    for found in required:
        if not found or min(map(_keyword_score, found)) < MIN_KEYWORD_SCORE:
            return None
        out.update(dict.fromkeys(sorted(found)))
    return tuple(out)


def _term_required(term: str | Mapping, src: str) -> frozenset[str] | None:
    """Literal strings one of which every match of a term contains: for a phrase its most
    telling word (every word of it is matched as written, see _term_pattern); for a
    pattern, read from the pattern."""
    if isinstance(term, Mapping):
        return required_literals(src)
    words = _WS.split(_fold(term))
    return frozenset((max(words, key=lambda w: (_keyword_score(w), w)),))


def required_literals(src: str) -> frozenset[str] | None:
    """Literal strings one of which every match of the RE2 pattern ``src`` contains, or None
    when none can be told. Read with Python's regex parser, which reads the RE2 syntax of
    lexicons alike; what it reads differently ("[[:alpha:]]", a case-insensitive part) or
    cannot read gives None or no literal, never a literal RE2 does not require."""
    if "[:" in src or "\\Q" in src or "\\p" in src or "\\P" in src:
        return None
    import re._parser as sre_parse  # (only when a lexicon is built, not when cached)

    try:
        parsed = sre_parse.parse(re.sub(r"\\x\{([0-9a-fA-F]{1,6})\}", lambda m: "\\U%08x" % int(m.group(1), 16), src))
    except (re.error, ValueError, OverflowError, RecursionError):
        return None
    if parsed.state.flags & (re.IGNORECASE | re.VERBOSE):
        return None
    return _required_in(parsed.data, sre_parse)


def _required_in(items, sre_parse) -> frozenset[str] | None:
    """required_literals of a parsed sequence: the most telling of the literal sets its
    parts require (every part of a sequence must match)."""
    const = sre_parse  # (its opcodes: LITERAL, SUBPATTERN ...)
    choices: list[frozenset[str]] = []
    run: list[str] = []
    for op, av in items:
        if op is const.LITERAL:
            run.append(chr(av))
            continue
        if run:
            choices.append(frozenset(("".join(run),)))
            run = []
        found = None
        if op is const.SUBPATTERN:
            _group, add_flags, del_flags, sub = av
            if not (add_flags | del_flags) & (re.IGNORECASE | re.VERBOSE):
                found = _required_in(sub.data, sre_parse)
        elif op is const.BRANCH:
            parts = [_required_in(branch.data, sre_parse) for branch in av[1]]
            if all(parts):
                found = frozenset().union(*parts)
        elif op in (const.MAX_REPEAT, const.MIN_REPEAT, getattr(const, "POSSESSIVE_REPEAT", None)):
            low, _high, sub = av
            if low >= 1:
                found = _required_in(sub.data, sre_parse)
        elif op is const.IN and len(av) <= 4 and all(o is const.LITERAL for o, _ in av):
            found = frozenset(chr(a) for _, a in av)
        if found:
            choices.append(found)
    if run:
        choices.append(frozenset(("".join(run),)))
    if not choices:
        return None
    return max(choices, key=lambda c: (min(map(_keyword_score, c)), -len(c), sorted(c)))


def _prefilter_plan(lexicons: list[Lexicon]) -> tuple:
    """What a folder's _Prefilter is built from, as plain data (kept in the lexicon cache
    with the lexicons, so that a new process does not work it out again): the lexicons
    searched on every page, the keywords, and for each keyword the lexicons it tells may
    match."""
    always = frozenset(i for i, lex in enumerate(lexicons) if lex.keywords is None)
    owners: dict[str, set[int]] = {}
    for i, lex in enumerate(lexicons):
        for word in lex.keywords or ():
            owners.setdefault(word, set()).add(i)
    words = tuple(sorted(owners))
    return always, words, tuple(frozenset(owners[w]) for w in words)


class _Prefilter:
    """The keywords of the lexicons of one folder, in one RE2 set (see above): one pass
    over a page tells every keyword it contains."""

    def __init__(self, lexicons: list[Lexicon], plan: tuple | None = None):
        self.lexicons = lexicons
        self._plan = plan  # _prefilter_plan(lexicons), when the cache had it
        self._ready: tuple | None = None
        self._pairs: dict | None = None  # for _search: a keyword's first two characters -> [(keyword, index)]

    def _build(self) -> tuple:
        """(lexicons searched on every page, the compiled keyword set or None, each
        keyword's lexicons)."""
        every = frozenset(range(len(self.lexicons)))
        if _re2_match is None:  # another re2 wrapper: every lexicon is searched
            return every, None, ()
        always, words, owners = self._plan or _prefilter_plan(self.lexicons)
        if not words:
            return always, None, ()
        opts = re2.Options()
        opts.max_mem = MAX_PATTERN_MEMORY
        opts.log_errors = False
        try:
            keywords = re2.Set.SearchSet(opts)
            for word in words:
                keywords.Add(re.escape(word))
            keywords.Compile()
        except Exception:  # noqa: BLE001 - re2.error has no stable name: every lexicon is searched
            return every, None, ()
        return always, keywords, owners

    def may_match(self, index: int, text: str, memo: dict) -> bool:
        """Can lexicon ``index`` match in ``text`` (its page memo keeps the answer)?"""
        possible = memo.get(self)
        if possible is None:
            possible = memo[self] = self._possible(text)
        return index in possible

    def _possible(self, text: str) -> frozenset[int]:
        data = _utf8(text)
        if 2 * len(data) < 3 * len(text):
            # Mostly Latin text (under 1.5 bytes a character): English keywords are common
            # words, found so often that the keyword pass costs what it saves.
            return frozenset(range(len(self.lexicons)))
        if self._ready is None and self._pairs is None:
            # The first page: compiling the RE2 set and building its automaton on a page
            # (~20 ms of a Chinese page's start-up) costs more than searching for the
            # keywords one by one (~5 ms), so a one-page check never builds it; a second
            # page does.
            return self._search(text)
        return self._scan(data)

    def _search(self, text: str) -> frozenset[int]:
        """What :meth:`_scan` tells of ``text``, by plain substring search: only the
        keywords whose first two characters are next to each other somewhere in the text
        are looked for (a keyword has two characters or more: see _keyword_score)."""
        if _re2_match is None:  # (as _build)
            return frozenset(range(len(self.lexicons)))
        always, words, owners = self._plan or _prefilter_plan(self.lexicons)
        if not words:
            return always
        pairs = self._pairs
        if pairs is None:
            pairs = self._pairs = {}
            for k, word in enumerate(words):
                pairs.setdefault(word[:2], []).append((word, k))
        present = _pairs(text)
        found = [k for pair in present.intersection(pairs) for word, k in pairs[pair] if word in text]
        found += [k for pair, entries in pairs.items() if len(pair) < 2 for word, k in entries if word in text]
        if not found and text:  # (as _scan, whose RE2 pass cannot tell "none" from "gave up")
            return frozenset(range(len(self.lexicons)))
        out = set(always)
        for k in found:
            out.update(owners[k])
        return frozenset(out)

    def _scan(self, data: bytes) -> frozenset[int]:
        """The lexicons that can match the UTF-8 text ``data``: those searched on every page
        and those of every keyword it contains."""
        ready = self._ready
        if ready is None:
            ready = self._ready = self._build()
        always, keywords, owners = ready
        if keywords is None:
            return always
        found = keywords.Match(data) or ()  # (None for no keyword)
        if not found and data:
            # no keyword at all, or RE2 gave up (its DFA out of memory also answers
            # "none"): which of the two cannot be told, so every lexicon is searched
            return frozenset(range(len(self.lexicons)))
        out = set(always)
        for k in found:
            out.update(owners[k])
        return frozenset(out)


def load_lexicon_file(name: str, data: Mapping) -> Lexicon:
    if not isinstance(data, Mapping):
        raise LexiconError(f"lexicon {name!r}: expected a mapping of language -> terms")
    terms = {k: v for k, v in data.items() if k in LEXICON_LANGS}
    unknown = sorted(set(data) - set(LEXICON_LANGS) - {"description", "kind"})
    if unknown:
        raise LexiconError(f"lexicon {name!r}: unknown key(s) {', '.join(unknown)} (expected {', '.join(LEXICON_LANGS)}, description)")
    for lang, ts in terms.items():
        if ts is not None and not isinstance(ts, list):
            raise LexiconError(f"lexicon {name!r}: {lang} must be a list of terms")
    return Lexicon(name, terms, str(data.get("description", "")))


_CACHE: dict[str, dict[str, Lexicon]] = {}


def load_lexicons(folder) -> dict[str, Lexicon]:
    """Every ``<name>.yaml`` in a ruleset's lexicons folder, compiled once per process.

    The folder's lexicons as plain data (terms and the pattern source built from them)
    are kept in the per-user cache (:mod:`auditor.support.cache`), keyed by the files' contents:
    a later process skips YAML parsing and pattern building, and compiles a lexicon's
    pattern only when it is first used.
    """
    from pathlib import Path  # (cheap; kept beside the cache use)

    from auditor.support import cache  # (cheap; kept beside the cache use)

    folder = Path(folder)
    key = str(folder.resolve())
    if key in _CACHE:
        return _CACHE[key]
    paths = sorted(folder.glob("*.y*ml"))
    try:
        texts = [path.read_text(encoding="utf-8") for path in paths]
    except (OSError, UnicodeDecodeError):  # reported in file order by _parse_lexicons
        texts = None
    digest = found = None
    if texts is not None:
        digest = cache.digest("lexicons", [_code_stamp(), *(f"{p.name}\0{t}" for p, t in zip(paths, texts))])
        found = cache.load("lexicons", digest, slot=key)
    if isinstance(found, tuple) and len(found) == 2:
        records, plan = found
        out = {name: Lexicon._from_record(rec) for name, rec in records}
    else:
        out = _parse_lexicons(paths, texts)
        plan = _prefilter_plan(list(out.values()))
        if digest is not None:
            cache.store("lexicons", digest, ([(name, lex._record()) for name, lex in out.items()], plan), slot=key)
    _CACHE[key] = out
    from auditor.read import zh  # (zh: only Chinese terms need it)

    # Keep the folder's short multi-character terms whole (only short matches are
    # boundary-checked; longer phrases added as words would swallow the words inside
    # them), for this folder's lexicons only: another ruleset's words (or a recognizer's,
    # added process-wide) never change where these match.
    words = zh.word_set(t for lex in out.values() for t in lex.jieba_words())
    prefilter = _Prefilter(list(out.values()), plan)
    for i, lex in enumerate(out.values()):
        lex.boundary_words = words
        lex._prefilter = (prefilter, i)
    return out


class LexiconUnion:
    """Same-named lexicons of several rulesets, searched as one (for segmentation):
    each keeps its own word boundaries."""

    def __init__(self, name: str, parts: Iterable[Lexicon]):
        self.name = name
        self.parts = tuple(parts)

    def find(self, norm: Normalized, start: int = 0, end: int | None = None) -> list[Hit]:
        hits = sorted({h for lex in self.parts for h in lex.find(norm, start, end)}, key=lambda h: (h.start, -h.end, h.term))
        out: list[Hit] = []
        for h in hits:  # the longest hit at a position; none inside an earlier hit (as one alternation would)
            if out and h.start < out[-1].end:
                continue
            out.append(Hit(self.name, h.term, h.start, h.end))
        return out

    def search(self, text: str) -> Hit | None:
        hits = self.find(normalize(text))
        return hits[0] if hits else None

    def __repr__(self) -> str:
        return f"LexiconUnion({self.name!r}, {len(self.parts)} lexicons)"


def merge_lexicons(sets: Iterable[Mapping[str, Lexicon]]) -> dict[str, "Lexicon | LexiconUnion"]:
    """The lexicons of several rulesets by name; a name several rulesets define is the
    union of their terms (a ruleset adds words to the segmenter, never removes them)."""
    by_name: dict[str, list[Lexicon]] = {}
    for lexicons in sets:
        for name, lex in lexicons.items():
            parts = by_name.setdefault(name, [])
            if all(lex is not p for p in parts):
                parts.append(lex)
    return {name: parts[0] if len(parts) == 1 else LexiconUnion(name, parts) for name, parts in by_name.items()}


def _parse_lexicons(paths, texts: list[str] | None) -> dict[str, Lexicon]:
    import yaml  # ~60 ms, 27 modules: only when lexicons are read, not cached; test_startup

    from auditor.support.yamlschema import check_hostile, safe_loader_class  # (with yaml)

    safe_loader = safe_loader_class()

    out: dict[str, Lexicon] = {}
    for i, path in enumerate(paths):
        text = texts[i] if texts is not None else path.read_text(encoding="utf-8")
        try:
            check_hostile(text, str(path))
        except ValueError as exc:
            raise LexiconError(str(exc)) from None
        try:
            data = yaml.load(text, Loader=safe_loader)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f":{mark.line + 1}" if mark else ""
            raise LexiconError(f"{path}{where}: invalid YAML: {getattr(exc, 'problem', exc)}") from None
        try:
            out[path.stem] = load_lexicon_file(path.stem, data or {})
        except LexiconError as exc:
            raise LexiconError(f"{path}: {exc}") from None
    return out


def _code_stamp() -> str:
    """What the cached lexicons also depend on: this module and the normalization (folding)."""
    from auditor.support import cache  # (cheap; kept beside the cache use)
    from auditor.read import normalize as normalize_module  # (cheap; only for the cache stamp)

    return cache.code_stamp(__file__, normalize_module.__file__)
