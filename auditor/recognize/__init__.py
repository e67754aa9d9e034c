"""Recognizers: approval numbers, products and trial IDs, dates, links, statutory numbers.

Each module has ``recognize(doc, norm, profile) -> list[Entity]`` where
``norm = normalize(doc.text)``: matching runs on ``norm.text`` and entities carry ORIGINAL
offsets into ``doc.text`` (so ``doc.text[e.start:e.end]`` is the page's own text), a
normalized ``value`` and an ``explanation`` of why it matched.
"""
from __future__ import annotations

from operator import attrgetter

from auditor.model.document import Document, Entity
from auditor.read.normalize import Normalized
from auditor.recognize.profile import Profile

RECOGNIZERS = ("approval_number", "products", "dates", "links", "statutory")


def _modules():
    # Imported on first use: loading a profile (auditor.recognize.profile) need not load them.
    from auditor.recognize import approval_number, dates, links, products, statutory  # ~30 ms, 16 modules

    return (approval_number, products, dates, links, statutory)


def recognize_all(doc: Document, norm: Normalized, profile: Profile) -> list[Entity]:
    """Every entity of every recognizer, sorted by (start, end, type); duplicates removed
    (an expiry date is reported by both the approval-number and the date recognizer)."""
    found: list[Entity] = []
    for mod in _modules():
        found.extend(mod.recognize(doc, norm, profile))
    # Most pages have no duplicate: their keys are counted in one set, and the entities
    # are walked one by one only when some key repeats.
    if len(set(map(_SAME, found))) == len(found):
        out = found
    else:
        seen: set[tuple] = set()
        out = []
        for ent in found:
            key = _SAME(ent)
            if key in seen:
                continue
            seen.add(key)
            out.append(ent)
    out.sort(key=_ORDER)
    return out


_SAME = attrgetter("type", "start", "end", "label", "value")
_ORDER = attrgetter("start", "end", "type", "label", "value")


def entities(doc: Document, norm: Normalized, profile: Profile) -> list[Entity]:
    """The page's entities for ``profile``: recognized once, then kept on the Document
    (annotation ``"entities"``), where rules and cross-page checks read them."""
    found = doc.annotation("entities", profile)
    if found is None:
        found = doc.annotate("entities", profile, recognize_all(doc, norm, profile))
    return found


def recognized_entities(doc: Document, profile: Profile) -> list[Entity] | None:
    """The entities already recognized on the page for ``profile``, or None."""
    return doc.annotation("entities", profile)
