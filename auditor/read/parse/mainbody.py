"""Find the element that holds a web page's main text.

Real pages wrap their article in menus, teaser lists, sidebars, comment threads and
footers that no landmark tag or class name announces. Like readability, we score the
page's paragraphs and let each paragraph vote for the elements that contain it: a
container of many long, comma-rich, link-poor paragraphs is the article body. The
winner and those of its siblings that carry article text themselves form the *core*;
the HTML walker marks every block outside it as ``peripheral`` and the segmenter reads
such blocks as boilerplate unless their words say otherwise (notices, disclaimers,
forward-looking statements and metadata are recognised wherever they sit).

One pass over the paragraphs and one link-density measurement for a handful of
candidates: linear in the page size. Returns no core when the page has too little
running text to tell (a landing page, a form), so short pages keep today's reading.
"""
from __future__ import annotations

import re
from typing import Any

from lxml import etree

from auditor.read.vocabulary import (
    CORE_CUT_MAX_SHARE,
    CORE_CUT_TAGS,
    CORE_CUT_TOKENS,
    CORE_MIN_PARAGRAPH,
    CORE_MIN_SHARE,
    CORE_MIN_TEXT,
    CORE_NEGATIVE_TOKENS,
    CORE_POSITIVE_TOKENS,
    CORE_SIBLING_SHARE,
    TEASER_LINK_SHARE,
    TEASER_MIN_ITEMS,
    TEASER_MIN_LINK,
    INLINE_TAGS,
    SKIP_TAGS,
)

__all__ = ["find_core"]

# Elements whose own text is scored as a paragraph.
_PARAGRAPH_TAGS = ("p", "pre", "td", "blockquote", "dd", "li", "div", "section", "article", "font", "span")
# Elements that never take part (their text is not the article's, or not text at all).
_IGNORED = frozenset({*SKIP_TAGS, "head", "title", "button", "select", "option", "form", "textarea", "nav",
                      "footer", "header", "aside", "dialog", "menu", "label"})
_COMMAS = re.compile("[,，、;；]")
_TOKEN = re.compile(r"[a-z]+")
_CANDIDATES_MEASURED = 8


def _own_text(el: Any) -> str:
    """The element's text, without the text of its block-level descendants."""
    parts = [el.text or ""]
    for child in el:
        tag = child.tag
        if type(tag) is str and (tag in INLINE_TAGS or tag == "br"):
            if tag not in SKIP_TAGS:
                parts.append(child.xpath("string()") if len(child) or child.text else "")
        parts.append(child.tail or "")
    return " ".join("".join(parts).split())


def _class_weight(el: Any) -> int:
    weight = 0
    for value in (el.get("class"), el.get("id")):
        if not value:
            continue
        tokens = set(_TOKEN.findall(value.lower()))
        if tokens & CORE_NEGATIVE_TOKENS:
            weight -= 25
        if tokens & CORE_POSITIVE_TOKENS:
            weight += 25
    return weight


def _ignored(el: Any) -> bool:
    for a in el.iterancestors():
        tag = a.tag
        if type(tag) is str and tag in _IGNORED:
            return True
        if a.get("role") in ("navigation", "contentinfo", "banner", "complementary", "dialog"):
            return True
    return False


def _text_and_links(el: Any) -> tuple[int, int]:
    text = el.xpath("string()")
    total = len(" ".join(text.split()))
    links = 0
    for a in el.iter("a"):
        links += len(" ".join(a.xpath("string()").split()))
    return total, links


def find_core(root: Any) -> tuple[list[Any], list[Any]] | None:
    """(core, cut): the elements that make up the main text, in document order, and the
    elements inside them that do not belong to it (comment threads, share bars, teaser
    lists named so by their class or id); None when unsure."""
    body = root.find("body")
    if body is None:
        body = root
    scores: dict[Any, float] = {}
    paragraphs: list[tuple[Any, int]] = []
    total_text = 0
    for el in body.iter(*_PARAGRAPH_TAGS):
        tag = el.tag
        if tag in ("div", "section", "article", "font", "span", "li", "td"):
            text = _own_text(el)
        else:
            text = " ".join(el.xpath("string()").split())
        n = len(text)
        if n < CORE_MIN_PARAGRAPH:
            continue
        if _ignored(el):
            continue
        total_text += n
        paragraphs.append((el, n))
        score = 1 + len(_COMMAS.findall(text)) + min(n / 100, 3)
        node = el.getparent() if tag in ("p", "pre", "blockquote", "dd", "li", "font", "span") else el
        divider = 1.0
        level = 0
        while node is not None and level < 3:
            if type(node.tag) is str and node.tag not in ("html",):
                if node not in scores:
                    scores[node] = _class_weight(node) + (5 if node.tag in ("div", "article", "main", "section") else 0)
                scores[node] += score / divider
            node = node.getparent()
            level += 1
            divider = 2.0 if level == 1 else level * 3.0
    if total_text < CORE_MIN_TEXT or not scores:
        return None
    ranked = sorted(scores.items(), key=lambda kv: kv[1], reverse=True)[:_CANDIDATES_MEASURED]
    best, best_score = None, float("-inf")
    for el, score in ranked:
        total, links = _text_and_links(el)
        adjusted = score * (1 - (links / total if total else 0))
        if adjusted > best_score:
            best, best_score = el, adjusted
    if best is None:
        return None
    # Widen a winner that holds too little of the page's paragraph text (an article
    # split over sibling sections, a lead paragraph above the body).
    while best.tag not in ("body", "html") and _share(best, paragraphs, total_text) < CORE_MIN_SHARE:
        best = best.getparent()
    if best.tag in ("body", "html"):
        return None
    # The page's own word wins over our guess: a winner inside <main> or <article> takes
    # the whole landmark (its sidebars and comment threads are cut out below).
    for a in best.iterancestors():
        if a.tag in ("main", "article") or a.get("role") in ("main", "article"):
            best = a
            break
        if a.tag in ("body", "html"):
            break
    parent = best.getparent()
    core = []
    threshold = max(10.0, best_score * CORE_SIBLING_SHARE)
    for sib in parent if parent is not None else (best,):
        if sib is best:
            core.append(sib)
            continue
        if type(sib.tag) is not str or sib.tag in _IGNORED:
            continue
        if scores.get(sib, 0) >= threshold:
            core.append(sib)
            continue
        if sib.tag == "p":
            text = " ".join(sib.xpath("string()").split())
            total, links = len(text), sum(len(" ".join(a.xpath("string()").split())) for a in sib.iter("a"))
            density = links / total if total else 1
            if (total > 80 and density < 0.25) or (0 < total <= 80 and links == 0 and re.search(r"[.。!?！？]( |$)", text)):
                core.append(sib)
    return core, _cuts(body, core)


def _share(el: Any, paragraphs: list[tuple[Any, int]], total: int) -> float:
    inside = 0
    for p, n in paragraphs:
        if p is el or any(a is el for a in p.iterancestors()):
            inside += n
    return inside / total if total else 0.0


def _cuts(body: Any, core: list[Any]) -> list[Any]:
    """Parts of the page that are never main text, inside the core or beside it."""
    candidates = []
    core_set = set(core)
    for el in body.iterdescendants():
        if type(el.tag) is not str:
            continue
        if el.tag in CORE_CUT_TAGS or el.get("role") == "complementary":
            candidates.append(el)
            continue
        for value in (el.get("class"), el.get("id")):
            if value:
                tokens = set(_TOKEN.findall(value.lower()))
                if tokens & CORE_CUT_TOKENS and not tokens & CORE_POSITIVE_TOKENS:
                    candidates.append(el)
                    break
    candidates.extend(_teaser_lists(body))
    if not candidates:
        return []
    core_len = sum(_text_len(top) for top in core) or 1
    cut, inside = [], set()
    for el in candidates:
        if inside and any(a in inside for a in el.iterancestors()):
            continue  # inside a part already cut
        if el in core_set or any(c in core_set for c in el.iterancestors()):
            if _text_len(el) >= core_len * CORE_CUT_MAX_SHARE:
                continue  # (a wrapper named "widget" around the whole article)
        elif any(True for c in core if _contains(el, c)):
            continue  # an ancestor of the article
        cut.append(el)
        inside.add(el)
    return cut


def _teaser_lists(body: Any) -> list[Any]:
    """Containers of repeated, link-led items: teaser lists, "more stories", card grids.

    Three or more sibling items of the same tag and class, each led by a link of some
    length, where links make up a good share of the container's text.
    """
    found = []
    for parent in body.iter("ul", "ol", "div", "section", "dl"):
        children = [c for c in parent if type(c.tag) is str]
        if len(children) < TEASER_MIN_ITEMS:
            continue
        shapes: dict[tuple, int] = {}
        for c in children:
            key = (c.tag, c.get("class") or "")
            shapes[key] = shapes.get(key, 0) + 1
        key, count = max(shapes.items(), key=lambda kv: kv[1])
        if count < TEASER_MIN_ITEMS or key[0] in ("p", "br") or _class_weight(parent) > 0:
            continue  # (paragraphs with links are prose; "article-content" is the article)
        led = 0
        for c in children:
            if (c.tag, c.get("class") or "") != key:
                continue
            a = c.find(".//a")
            if a is not None and len(" ".join(a.xpath("string()").split())) >= TEASER_MIN_LINK:
                led += 1
        if led < TEASER_MIN_ITEMS or led < count * 0.8:
            continue
        total = _text_len(parent)
        links = sum(len(" ".join(a.xpath("string()").split())) for a in parent.iter("a"))
        if total and links / total >= TEASER_LINK_SHARE:
            found.append(parent)
    return found


def _contains(outer: Any, inner: Any) -> bool:
    return any(a is outer for a in inner.iterancestors())


def _text_len(el: Any) -> int:
    return len(" ".join(el.xpath("string()").split()))
