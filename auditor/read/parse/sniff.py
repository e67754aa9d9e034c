"""Guess an input's format: ``"html"``, ``"markdown"`` or ``"text"``.

By file extension first (a compression suffix such as ``.gz`` and a URL's query are
ignored), then by content: a doctype, ``<html>`` or many tags mean HTML; Markdown
cues (``# `` headings, ``- [text](url)`` link lists, ``[text](url)`` links,
``*emphasis*``, ``|---|`` table rules) mean Markdown; anything else is plain text.
Standard input is named ``"-"`` and always goes by content.
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
_MD_LIST_LINK = LazyRe(r"^\s*[-*+][ \t]+\[[^\]\n]+\]\([^)\s]+[^)\n]*\)", re.M)
_MD_LINK = LazyRe(r"!?\[[^\]\n]+\]\((?:https?://|/|\.|#|mailto:)[^)\s]*\)")
_MD_EMPHASIS = LazyRe(r"(?<![*\w])(\*\*|\*|__)(?=\S)[^*\n]{1,200}?(?<=\S)\1(?![*\w])")
_MD_TABLE_RULE = LazyRe(r"^\s*\|?\s*:?-{3,}:?\s*\|", re.M)
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


def sniff_format(name: str, text: str) -> str:
    """``"html"``, ``"markdown"`` or ``"text"`` for a source called ``name`` (``"-"``: stdin)."""
    if name and name != "-":
        ext = _extension(name)
        if ext in HTML_EXTENSIONS:
            return "html"
        if ext in MARKDOWN_EXTENSIONS:
            return "markdown"
        if ext in TEXT_EXTENSIONS:
            return "text"
    return sniff_content(text)


def sniff_content(text: str) -> str:
    sample = text[:_SAMPLE].lstrip("\ufeff \t\r\n")
    if not sample:
        return "text"
    head = sample[:4096]
    if head.startswith("<?xml") and re.search(r"<html[\s>]", sample, re.I):
        return "html"
    if _HTML_START.search(head):
        return "html"
    tags = len(_HTML_TAG.findall(sample))
    score = (
        2 * len(_MD_HEADING.findall(sample))
        + 2 * len(_MD_LIST_LINK.findall(sample))
        + 2 * len(_MD_LINK.findall(sample))
        + 2 * len(_MD_TABLE_RULE.findall(sample))
        + 2 * len(_MD_FENCE.findall(sample))
        + len(_MD_EMPHASIS.findall(sample))
    )
    if tags >= 5 and tags >= score:
        return "html"
    if sample.startswith("<") and tags >= 2 and score == 0:
        return "html"
    if score >= 2:
        return "markdown"
    return "text"
