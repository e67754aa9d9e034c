"""Guess an input's format: ``"html"``, ``"markdown"`` or ``"text"``, and say why.

The file extension is a prior, not a verdict. An HTML extension (``.html``, ``.php`` ...)
decides. A ``.txt``, ``.md`` or extension-less name is checked against the content: a
``.txt`` page that is clearly Markdown-like (scrapers save Markdown under ``.txt``) or
clearly HTML is parsed as such, and so is an ``.md`` page that is clearly HTML. Content
cues: a doctype, ``<html>`` or many tags mean HTML; Markdown cues (``# `` headings,
``- [text](url)`` link lists, ``[text](url)`` links, ``*emphasis*``, ``|---|`` table
rules, code fences) mean Markdown; anything else is plain text. Standard input is named
``"-"`` and always goes by content. ``sniff`` returns the format with the reason.
"""
from __future__ import annotations

import re

from auditor.support.lazyre import LazyRe

HTML_EXTENSIONS = frozenset(
    {".html", ".htm", ".xhtml", ".shtml", ".shtm", ".asp", ".aspx", ".php", ".jsp", ".jspx", ".cfm"}
)
MARKDOWN_EXTENSIONS = frozenset({".md", ".markdown", ".mdown", ".mkd", ".mkdn"})
TEXT_EXTENSIONS = frozenset({".txt", ".text"})
_COMPRESSION = (".gz", ".gzip", ".bz2", ".xz", ".br", ".zst", ".z")

_SAMPLE = 65536
# Content cues, compiled when first needed (a file's extension usually decides).
_HTML_START = LazyRe(r"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<meta\s[^>]*charset", re.I)
_HTML_TAG = LazyRe(
    r"</?(?:p|div|span|a|br|li|ul|ol|table|td|tr|th|h[1-6]|img|script|style|meta|link|section|article|"
    r"nav|header|footer|main|aside|strong|em|b|i|form|input|button|label|iframe|noscript|title)(?:\s[^<>]*)?/?>",
    re.I,
)
_MD_HEADING = LazyRe(r"^ {0,3}#{1,6}[ \t]+\S", re.M)
# Line-start cues stay on their line ([ \t], not \s) and take their indent possessively: with
# re.M, \s* from every line start of a long blank run rescanned the run (seconds on a real page).
_MD_LIST_LINK = LazyRe(r"^[ \t]*+[-*+][ \t]+\[[^\]\n]+\]\([^)\s]+[^)\n]*\)", re.M)
_MD_LINK = LazyRe(r"!?\[[^\]\n]+\]\((?:https?://|/|\.|#|mailto:)[^)\s]*\)")
_MD_EMPHASIS = LazyRe(r"(?<![*\w])(\*\*|\*|__)(?=\S)[^*\n]{1,200}?(?<=\S)\1(?![*\w])")
_MD_TABLE_RULE = LazyRe(r"^[ \t]*+\|?[ \t]*+:?-{3,}:?[ \t]*\|", re.M)
_MD_FENCE = LazyRe(r"^ {0,3}(?:```|~~~)", re.M)


def _extension(name: str) -> str:
    base = name.split("?", 1)[0].split("#", 1)[0].rstrip("/").lower()
    base = base.rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
    for suffix in _COMPRESSION:
        if base.endswith(suffix):
            base = base[: -len(suffix)]
            break
    dot = base.rfind(".")
    return base[dot:] if dot > 0 else ""


# What makes content "clearly" another format than its extension says.
# Markdown under .txt: this many structural cues (headings, link lists, links, table rules,
# fences) of at least two different kinds; a stray "# 1" or one [link](url) is not enough.
CLEAR_MARKDOWN_CUES = 4
CLEAR_MARKDOWN_KINDS = 2
# HTML under .txt or .md: a document start (doctype, <html>, <head>, <body>), or this many
# tags outnumbering the Markdown cues this many times over.
CLEAR_HTML_TAGS = 10
CLEAR_HTML_RATIO = 3

_CUE_NAMES = (
    ("headings", _MD_HEADING),
    ("link lists", _MD_LIST_LINK),
    ("links", _MD_LINK),
    ("table rules", _MD_TABLE_RULE),
    ("code fences", _MD_FENCE),
)


class _Cues:
    """Content cues of a sample, counted once."""

    def __init__(self, text: str) -> None:
        sample = text[:_SAMPLE].lstrip("\ufeff \t\r\n")
        self.sample = sample
        self.empty = not sample
        if self.empty:
            return
        head = sample[:4096]
        self.html_start = bool(
            (head.startswith("<?xml") and re.search(r"<html[\s>]", sample, re.I)) or _HTML_START.search(head)
        )
        self.tags = len(_HTML_TAG.findall(sample))
        self.md = {label: len(pattern.findall(sample)) for label, pattern in _CUE_NAMES}
        self.emphasis = len(_MD_EMPHASIS.findall(sample))
        self.structural = sum(self.md.values())
        self.score = 2 * self.structural + self.emphasis

    def content_format(self) -> str:
        if self.empty:
            return "text"
        if self.html_start:
            return "html"
        if self.tags >= 5 and self.tags >= self.score:
            return "html"
        if self.sample.startswith("<") and self.tags >= 2 and self.score == 0:
            return "html"
        if self.score >= 2:
            return "markdown"
        return "text"

    def clearly_html(self) -> bool:
        return not self.empty and (self.html_start or (
            self.tags >= CLEAR_HTML_TAGS and self.tags >= CLEAR_HTML_RATIO * max(self.score, 1)))

    def clearly_markdown(self) -> bool:
        if self.empty:  # (an empty sample has no counts)
            return False
        kinds = sum(1 for v in self.md.values() if v)
        return self.structural >= CLEAR_MARKDOWN_CUES and kinds >= CLEAR_MARKDOWN_KINDS and not self.clearly_html()

    def describe(self, fmt: str) -> str:
        if self.empty:
            return "no content"
        if fmt == "html":
            return "a document start (doctype or <html>)" if self.html_start else f"{self.tags} HTML tags"
        if fmt == "markdown":
            parts = [f"{n} {label if n != 1 else label[:-1]}" for label, n in self.md.items() if n]
            if self.emphasis:
                parts.append(f"{self.emphasis} emphasis")
            return "Markdown cues: " + ", ".join(parts)
        return "no HTML or Markdown cues" if not self.score and not self.tags else "too few HTML or Markdown cues"


def sniff(name: str, text: str) -> tuple[str, str]:
    """``(format, reason)`` for a source called ``name`` (``"-"``: standard input)."""
    ext = _extension(name) if name and name != "-" else ""
    if ext in HTML_EXTENSIONS:
        return "html", f"extension {ext}"
    if ext in MARKDOWN_EXTENSIONS:
        cues = _Cues(text)
        if cues.clearly_html():
            return "html", f"content: {cues.describe('html')} (extension {ext} overruled)"
        return "markdown", f"extension {ext}"
    if ext in TEXT_EXTENSIONS:
        cues = _Cues(text)
        if cues.clearly_html():
            return "html", f"content: {cues.describe('html')} (extension {ext} overruled)"
        if cues.clearly_markdown():
            return "markdown", f"content: {cues.describe('markdown')} (extension {ext} overruled)"
        return "text", f"extension {ext}"
    cues = _Cues(text)
    fmt = cues.content_format()
    where = "standard input" if not name or name == "-" else (f"extension {ext} unknown" if ext else "no extension")
    return fmt, f"content: {cues.describe(fmt)} ({where})"


def sniff_format(name: str, text: str) -> str:
    """``"html"``, ``"markdown"`` or ``"text"`` for a source called ``name`` (``"-"``: stdin)."""
    return sniff(name, text)[0]


def sniff_content(text: str) -> str:
    return _Cues(text).content_format()
