"""Bounds on HTML markup that would make libxml2 slow or leak markup into page text.

Both passes keep the source's length and its line breaks, so every offset, line and
column the HTML parser computes stays right:

- **Attributes per start tag.** libxml2 checks each attribute of a start tag against
  all the attributes before it, so one element with 40,000 attributes takes tens of
  seconds and 500,000 take many minutes. No parser cue needs more than a handful, so
  attributes beyond :data:`MAX_ATTRIBUTES` in one start tag are blanked.
- **A DOCTYPE internal subset** (``<!DOCTYPE html [ <!ENTITY ...> ]>``): libxml2's HTML
  parser ends the DOCTYPE at the first ``>`` and the rest (``]>``) becomes page text. The
  subset is blanked; its entities are never expanded anyway.

:func:`bound_markup` does both. The HTML parser's ``_prepare`` calls the parts
(:func:`doctype_subset` only where its one pass over the page found a DOCTYPE,
:func:`excess_attributes` on every page, :func:`blank` where either found something).
"""
from __future__ import annotations

import re

__all__ = ["MAX_ATTRIBUTES", "blank", "bound_markup", "doctype_subset", "excess_attributes"]

MAX_ATTRIBUTES = 1000

# One attribute after a tag name: white space (or a stray "/"), a name, an optional value.
# Atomic groups: a failed match never backtracks into an attribute, so the search for
# over-long tags stays linear in the size of the page. Possessive quantifiers inside
# the group match what the greedy ones did (each part ends where the next cannot start,
# and the group is atomic anyway) and spare the engine its backtracking bookkeeping: the
# search runs on every page (tests/test_perf_equivalence.py compares the two forms).
_ATTR = r"(?>[\s/]++[^\s/>=\"'<][^\s/>=]*+(?>\s*+=\s*+(?>\"[^\"]*+\"|'[^']*+'|[^\s>]*+))?+)"
_TAG_NAME = r"<[A-Za-z][^\s/>]*+"
# A tag name runs to the first white space, "/" or ">", over any "<": in "<a<a<a..." every
# "<a" begins a name that ends where the first one ends, and a search with _TAG_NAME tries
# each of them over the whole run (quadratic: 80 KB of "<a" took 19 s). The search uses
# names that stop before a "<" beginning another tag instead: then only the last start of
# such a run can match, and it matches exactly when the run's first start does (same name
# end, same attributes after it); _plain_start gives the start the plain search finds.
_SEARCH_NAME = r"<[A-Za-z][^\s/><]*+(?:<(?![A-Za-z])[^\s/><]*+)*+"
_TAG_START = re.compile(r"<[A-Za-z]")
_LAST_SEPARATOR = re.compile(r"[\s/>][^\s/>]*+\Z")  # (with an endpos)


def many_attributes(limit: int, attr: str = _ATTR, name: str = _TAG_NAME) -> re.Pattern:
    """A start tag with more than ``limit`` attributes; group 1 ends after the ones kept."""
    return re.compile(f"({name}{attr}{{{limit}}}){attr}")


_MANY_ATTRS = many_attributes(MAX_ATTRIBUTES, name=_SEARCH_NAME)


def _plain_start(text: str, last: int, pos: int) -> int:
    """Where a search from ``pos`` with plain tag names finds the tag _MANY_ATTRS found at
    ``last``: the first tag start, at or after ``pos``, of the run of name characters that
    ends with that tag's name."""
    m = _LAST_SEPARATOR.search(text, pos, last)
    return _TAG_START.search(text, m.start() + 1 if m else pos).start()
_MORE_ATTRS = re.compile(f"{_ATTR}*")
# A comment: its text is kept as written (suppression comments live there).
_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.S)
_DOCTYPE_SUBSET = re.compile(r"<!DOCTYPE[^\[>]*(\[[^\]]*\])\s*>", re.I)
_DOCTYPE_HEAD = re.compile(r"<!DOCTYPE[^\[>]*", re.I)
_NOT_NEWLINE = re.compile(r"[^\n]")


def blanked(s: str) -> str:
    """``s`` with every character except line breaks made a space: ``_NOT_NEWLINE.sub(" ", s)``
    without a match per character (the regex built the result one character at a time)."""
    if "\n" not in s:
        return " " * len(s)
    return "\n".join([" " * len(line) for line in s.split("\n")])


def blank(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with every character of ``spans`` (sorted, disjoint) except line breaks made a space."""
    parts = []
    pos = 0
    for a, b in spans:
        parts.append(text[pos:a])
        parts.append(blanked(text[a:b]))
        pos = b
    parts.append(text[pos:])
    return "".join(parts)


def doctype_subset(text: str, starts: list[int] | None = None) -> tuple[int, int] | None:
    """The span of the first DOCTYPE internal subset that ends in the first 1,000,000
    characters. ``starts``, when given, are all the places where ``<!DOCTYPE`` (in any
    case) occurs: only those are tried instead of searching the text."""
    if starts is None:
        m = _DOCTYPE_SUBSET.search(text, 0, 1_000_000) if "<!" in text else None
        return m.span(1) if m else None
    skip = 0
    for start in starts:
        if start < skip:
            continue
        m = _DOCTYPE_SUBSET.match(text, start, 1_000_000)
        if m:
            return m.span(1)
        # Every start before the "[" or ">" this one's name runs to fails alike, and none
        # after a "[" that no "]" follows can match (trying each of them over the rest of
        # the page was quadratic).
        head = _DOCTYPE_HEAD.match(text, start, 1_000_000)
        if head is None:  # blanked by a pass before (or past the first 1,000,000 characters)
            continue
        skip = head.end()
        if text.startswith("[", skip) and text.find("]", skip, 1_000_000) < 0:
            break
    return None


def excess_attributes(text: str) -> list[tuple[int, int]]:
    """Spans of the attributes beyond :data:`MAX_ATTRIBUTES` of each start tag, outside comments."""
    spans = []
    pos = 0
    comments = None
    while True:
        m = _MANY_ATTRS.search(text, pos)
        if m is None:
            return spans
        if comments is None:  # only pages with such a tag pay for finding comments
            comments = [(c.start(), c.end()) for c in _COMMENT.finditer(text)]
        start = _plain_start(text, m.start(), pos)
        inside = next((c for c in comments if c[0] < start < c[1]), None)
        if inside is not None:
            pos = inside[1]
            continue
        keep_end = m.end(1)
        end = _MORE_ATTRS.match(text, keep_end).end()
        spans.append((keep_end, end))
        pos = end


def bound_markup(source: str) -> str:
    """``source`` with the markup above blanked (same length, same line breaks)."""
    text = source
    subset = doctype_subset(text)
    if subset is not None:
        text = blank(text, [subset])
    spans = excess_attributes(text)
    if spans:
        text = blank(text, spans)
    return text
