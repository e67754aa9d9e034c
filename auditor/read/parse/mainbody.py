"""Tell a web page's main text from what surrounds it.

Real pages wrap their article in menus, teaser lists, sidebars, comment threads and
footers that no landmark tag or class name announces. Like readability, we let each
paragraph vote for the elements that contain it: a container of many long, comma-rich,
link-poor paragraphs is the article body (the *core*). A core that holds too little of
the page's paragraph text widens to its ancestors (articles split over sibling sections),
and a core inside ``<main>`` or ``<article>`` takes the whole landmark. Parts named as
comment threads, share bars, sign-up forms, paywalls and teaser lists are *cut* out,
wherever they sit, unless they hold most of the article.

Each block then gets one cue: ``core`` (main text), ``cut`` (a named non-article part),
``lead`` (between the last navigation and the core: a hero title or standfirst) or
``peripheral`` (anything else outside the core). The segmenter reads ``cut`` and
``peripheral`` blocks as boilerplate unless their words make them a notice, disclaimer,
forward-looking section or metadata. Pages with too little running text get no cue.

This runs after the HTML walk, over its blocks and the elements that own them, so the
text is measured once: linear in the number of blocks times the nesting depth.
"""
from __future__ import annotations

import re
from typing import Any, Sequence

from auditor.model.document import Block
from auditor.read.parse import with_cues
from auditor.support.chars import HAN_CLASS
from auditor.read.vocabulary import (
    ACTION_TOKENS,
    CONTENT_TOKENS,
    MODAL_STRONG,
    CORE_WRAPPER_CUES,
    ROLE_CUES,
    TAG_CUES,
    TOKEN_CUES,
    CORE_CANDIDATES_MEASURED,
    CAPTION_CREDIT_WORDS,
    CAPTION_NAME_WORDS,
    CORE_CREDIT_LINE,
    CREDIT_AGENCIES,
    CREDIT_TAIL,
    CORE_BODY_LINE,
    CORE_CAPTION_FRAGMENTS,
    CORE_CAPTION_SHARE,
    CORE_CALL_BODY_LINE,
    CORE_CALL_LINE,
    CORE_CALL_WORDS,
    CORE_READ_ON_WORDS,
    CORE_DIV_LINE,
    CORE_LABEL_LINE,
    CORE_TITLE_LINE,
    STANDFIRST_MAX,
    STANDFIRST_TITLE_RANK,
    CORE_LOOSE_KEEP,
    CORE_LOOSE_OWNERS,
    CORE_PARAGRAPHS_MIN,
    CORE_PARAGRAPHS_SHARE,
    CORE_CHROME_CUES,
    CORE_CONTAINER_BONUS,
    CORE_LANDMARK_SHORT,
    CORE_LANDMARKS,
    CORE_NO_VOTE_CUES,
    CORE_NO_VOTE_ROLES,
    CORE_NO_VOTE_TAGS,
    CORE_PARAGRAPH_OWNERS,
    CORE_CUT_MAX_SHARE,
    CORE_CONDITIONAL_COMMAS,
    CORE_CONDITIONAL_LINKS,
    CORE_CONDITIONAL_LINKS_NAMED,
    CORE_CONDITIONAL_MAX_TEXT,
    CORE_CONDITIONAL_TAGS,
    CORE_CUT_FRAGMENT_TAGS,
    CORE_CUT_FRAGMENTS,
    CORE_CUT_TAGS,
    CORE_CUT_TOKENS,
    CORE_MIN_PARAGRAPH,
    CORE_MIN_SHARE,
    CORE_MIN_TEXT,
    CORE_NEGATIVE_TOKENS,
    CORE_POSITIVE_TOKENS,
    CORE_POPUP_CUES,
    CORE_SIBLING_SHARE,
    TEASER_LINK_SHARE,
    TEASER_MIN_ITEMS,
    TEASER_MIN_LINK,
    TEASER_PARAGRAPH_MAX,
    CORE_LAYOUT_SHARE,
    NEGATING_PREFIXES,
)

__all__ = ["mark_main_text", "inside"]

_COMMAS = re.compile("[,，、;；]")
_TOKEN = re.compile(r"[a-z]+")
_CLASS_SPLIT = re.compile(r"[^0-9A-Za-z]+")
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
_CACHE_MAX = 20000  # values per class-name cache (a site repeats its names; a scan worker keeps them)
_CUE_CACHE: dict[str, frozenset] = {}
_SHARED: dict[frozenset, frozenset] = {}


def _shared(found: set) -> frozenset:
    """``frozenset(found)``, one object per distinct set: the caches of cues and stems hold
    a few distinct sets, each for thousands of values."""
    key = frozenset(found)
    got = _SHARED.get(key)
    if got is None:
        got = key
        if len(_SHARED) < _CACHE_MAX:
            _SHARED[key] = key
    return got


def _element_cues(el: Any) -> frozenset:
    """The wrapper cues (of CORE_WRAPPER_CUES) an element gives by its tag, role, class or id,
    read as the HTML walk reads them (a superset: the walk drops some)."""
    found = set()
    cue = TAG_CUES.get(el.tag)
    if cue in CORE_WRAPPER_CUES:
        found.add(cue)
    role = el.get("role")
    if role:
        for r in role.lower().split():
            found.update(CORE_WRAPPER_CUES.intersection(ROLE_CUES.get(r, ())))
    for value in (el.get("class"), el.get("id")):
        if not value:
            continue
        cues = _CUE_CACHE.get(value)
        if cues is None:
            cues = set()
            for name in value.split():
                toks = {t.lower().rstrip("0123456789") for t in _CLASS_SPLIT.split(_CAMEL.sub("-", name)) if t}
                for t in toks:
                    cues.update(CORE_WRAPPER_CUES.intersection(TOKEN_CUES.get(t, ())))
            cues = _shared(cues)
            if len(_CUE_CACHE) < _CACHE_MAX:
                _CUE_CACHE[value] = cues
        found |= cues
    return frozenset(found)

# What the words of a class or id value name, as bits of one small int per value (a cached
# set of words per value held most of this module's memory in a scan worker): page furniture,
# content, a part to cut, and a cut fragment anywhere in the value (see _cut_name).
_NEGATIVE, _POSITIVE, _CUT, _FRAGMENT = 1, 2, 4, 8
_NAME_CACHE: dict[str, int] = {}


def _name_flags(value: str) -> int:
    """_NEGATIVE, _POSITIVE and _CUT for a word of CORE_NEGATIVE_TOKENS, CORE_POSITIVE_TOKENS
    or CORE_CUT_TOKENS in a class or id value (a name that negates its words, "non-paywall",
    "not-ad", gives none), _FRAGMENT for one of CORE_CUT_FRAGMENTS anywhere in it."""
    flags = _NAME_CACHE.get(value)
    if flags is None:
        low = value.lower()
        flags = _FRAGMENT if any(f in low for f in CORE_CUT_FRAGMENTS) else 0
        if "no" in low:
            low = " ".join(name for name in low.split() if not name.startswith(NEGATING_PREFIXES))
        toks = set(_TOKEN.findall(low))
        if not toks.isdisjoint(CORE_NEGATIVE_TOKENS):
            flags |= _NEGATIVE
        if not toks.isdisjoint(CORE_POSITIVE_TOKENS):
            flags |= _POSITIVE
        if not toks.isdisjoint(CORE_CUT_TOKENS):
            flags |= _CUT
        if len(_NAME_CACHE) < _CACHE_MAX:
            _NAME_CACHE[value] = flags
    return flags


_FURNITURE_TOKENS = CORE_CUT_TOKENS | CORE_NEGATIVE_TOKENS


def _class_weight(el: Any, layout: frozenset = frozenset()) -> int:
    """Readability's class weight: -25 for a name of page furniture (not counting the words
    of the page's ``layout``, see _stems), +25 for a name of content, by class and by id."""
    weight = 0
    for value in (el.get("class"), el.get("id")):
        if value:
            flags = _name_flags(value)
            if flags & _NEGATIVE and not (layout and _stems(value) <= layout):
                weight -= 25
            if flags & _POSITIVE:
                weight += 25
    return weight


_CUT_NAME, _CUT_FRAGMENT = 1, 2


def _cut_name(value: str) -> int:
    """What a class or id value says of cutting: _CUT_NAME (a cut token and no positive one),
    _CUT_FRAGMENT (else a cut fragment: decided by the tag and the headline) or 0."""
    flags = _name_flags(value)
    if flags & _CUT and not flags & _POSITIVE:
        return _CUT_NAME
    return _CUT_FRAGMENT if flags & _FRAGMENT else 0


def _is_cut_candidate(el: Any, layout: frozenset = frozenset()) -> bool:
    """Whether ``el`` is a part to cut by its tag or name; a name whose cut words are all in
    the page's ``layout`` (the names the article's own wrappers carry, see _stems) does not count."""
    tag = el.tag
    if tag in CORE_CUT_TAGS:
        return True
    # (asked of nearly every element of a page: the attribute names first, then only the
    # values there are; a quarter of the elements have none)
    keys = el.keys()
    if not keys:
        return False
    if "role" in keys and el.get("role") == "complementary":
        return True
    for key in _NAME_KEYS:
        if key not in keys:
            continue
        value = el.get(key)
        if value:
            flags = _NAME_CACHE.get(value)
            if flags is None:
                flags = _name_flags(value)
            if flags & _CUT and not flags & _POSITIVE:  # (_cut_name's _CUT_NAME)
                if layout and _stems(value) <= layout:
                    continue
                return True
            if flags & _FRAGMENT and tag in CORE_CUT_FRAGMENT_TAGS:
                # (not a region that holds the headline: "headline_region article_headline_byline")
                return el.find(".//h1") is None and el.find(".//h2") is None
    return False


_NAME_KEYS = ("class", "id")


_STEM_CACHE: dict[str, frozenset] = {}
_NO_STEMS: frozenset = frozenset()


def _stems(value: str) -> frozenset:
    """The stems of a class or id value's names that carry a word of page furniture: each
    such name up to and including its first such word, lower-cased ("elementor-widget-wrap"
    -> "elementor-widget", "non-ad-column-l" -> "non-ad")."""
    stems = _STEM_CACHE.get(value)
    if stems is None:
        found = set()
        for name in value.lower().split():
            for m in _TOKEN.finditer(name):
                if m.group() in _FURNITURE_TOKENS:
                    found.add(name[:m.end()])
                    break
        stems = _shared(found)
        if len(_STEM_CACHE) < _CACHE_MAX:
            _STEM_CACHE[value] = stems
    return stems


def _below_body(node: Any):
    """``node`` and its ancestors, up to (not including) <body>."""
    while node is not None and type(node.tag) is str and node.tag not in ("body", "html"):
        yield node
        node = node.getparent()


class _Tree:
    """Ancestor chains of the blocks' owners, and text measured per element."""

    def __init__(self, text_src: str, blocks: Sequence[Block], chains: Sequence[tuple]) -> None:
        # ``chains``: per block, its owner and the owner's ancestors below <body>, nearest
        # first (() for a block outside any element): the HTML walk knows them, so the tree
        # is not climbed again here.
        self.chains: Sequence[tuple] = chains
        self.voted: Any = None  # set by _find_core
        self.opened: frozenset = frozenset()  # ... and the chrome elements whose paragraphs voted
        self.text: dict[Any, int] = {}  # characters of text inside each element
        self.links: dict[Any, int] = {}  # of which link text
        self.commas: dict[Any, int] = {}  # and commas (clauses: running prose has many)
        self.no_vote: dict[Any, bool] = {}  # element -> whether it is page chrome (_vote, memo)
        text, lk, cm = self.text, self.links, self.commas
        commas = _COMMAS.findall
        block_commas = self.block_commas = []  # per block (0 for blocks outside any element)
        self.sizes = [b.end - b.start for b in blocks]  # per block
        self.link_sizes = [b.link_chars for b in blocks]
        # The elements of the chains, each once, with its parent (None at the top of its
        # chain), each after its parent: the later passes decide what an element is from what
        # its parent is, once per element instead of once per block and ancestor. Per block,
        # the part of its chain not seen before is ``chain[:i]`` (the rest was seen with an
        # earlier block), taken from its outermost element down.
        # (a dict, element -> parent, in insertion order: membership and order in one)
        parent_of: dict[Any, Any] = {}
        self.down = parent_of.items()
        for b, chain in zip(blocks, chains):
            if not chain:
                block_commas.append(0)
                continue
            el = chain[0]
            text[el] = text.get(el, 0) + b.end - b.start
            if b.link_chars:
                lk[el] = lk.get(el, 0) + b.link_chars
            c = len(commas(text_src, b.start, b.end))
            block_commas.append(c)
            if c:
                cm[el] = cm.get(el, 0) + c
            if el in parent_of:  # (an owner of an earlier block)
                continue
            i = 1
            n_chain = len(chain)
            while i < n_chain and chain[i] not in parent_of:  # up to the first ancestor already seen
                i += 1
            parent = chain[i] if i < len(chain) else None
            for k in range(i - 1, -1, -1):
                a = chain[k]
                parent_of[a] = parent
                parent = a
        # Sum up the tree once, each element before its parent. The sums do not depend on
        # the order.
        for el, parent in reversed(parent_of.items()):
            if parent is not None:
                n = text.get(el)
                if n:
                    text[parent] = text.get(parent, 0) + n
                    links = lk.get(el)
                    if links:
                        lk[parent] = lk.get(parent, 0) + links
                    c = cm.get(el)
                    if c:
                        cm[parent] = cm.get(parent, 0) + c

    def density(self, el: Any) -> float:
        total = self.text.get(el, 0)
        return self.links.get(el, 0) / total if total else 0.0


def _vote(blocks: Sequence[Block], tree: _Tree, opened: frozenset = frozenset()) -> tuple[dict, list, int, dict]:
    """Each paragraph's vote for the elements that hold it: (scores, the voters' chains and
    sizes (see _mass), the paragraph text that voted, and the paragraph text left out for sitting
    in page chrome, <nav>, <header>, <form> ..., by chrome element, each with the chrome
    element around it). With ``opened``, the paragraphs whose chrome is all in it vote too."""
    scores: dict[Any, float] = {}
    voters: list[tuple[tuple, int]] = []  # (chain, text) of each paragraph that voted
    total = 0
    left_out: dict[Any, list] = {}  # chrome element -> [text, the chrome element around it]
    no_vote = tree.no_vote  # (each element judged once: the chains share their ancestors)
    for b, chain, commas in zip(blocks, tree.chains, tree.block_commas):
        n = b.end - b.start
        if n < CORE_MIN_PARAGRAPH or not chain or b.cues & CORE_NO_VOTE_CUES or b.link_chars * 2 > n:
            continue
        chrome = []
        for a in chain:
            is_chrome = no_vote.get(a)
            if is_chrome is None:
                is_chrome = no_vote[a] = a.tag in CORE_NO_VOTE_TAGS or a.get("role") in CORE_NO_VOTE_ROLES
            if is_chrome:
                chrome.append(a)
        if chrome and not opened.issuperset(chrome):
            for k, a in enumerate(chrome):
                got = left_out.get(a)
                if got is None:
                    got = left_out[a] = [0, chrome[k + 1] if k + 1 < len(chrome) else None]
                got[0] += n
            continue
        total += n
        voters.append((chain, n))
        owner = chain[0]
        votes = chain[1:] if owner.tag in CORE_PARAGRAPH_OWNERS else chain
        score = 1 + commas + min(n / 100, 3)
        for level, node in enumerate(votes[:3]):
            if node not in scores:
                scores[node] = _class_weight(node) + (5 if node.tag in CORE_CONTAINER_BONUS else 0)
            scores[node] += score / (1 if level == 0 else 2 if level == 1 else level * 3)
    return scores, voters, total, left_out


def _mass(el: Any, voters: list) -> int:
    """The paragraph text that voted inside ``el`` (asked of one or two elements a page: not
    summed for every element of every voter's chain)."""
    return sum(n for chain, n in voters if el in chain)


def _find_core(text: str, blocks: Sequence[Block], tree: _Tree) -> list[Any] | None:
    scores, voters, total, left_out = _vote(blocks, tree)
    if total < CORE_MIN_TEXT and left_out:
        # Nearly all the running text sits in page chrome: a <header> or <nav> left open,
        # a theme that sets the whole page in one, a product form around the description.
        # Like readability's second pass with a filter off, the paragraphs vote again when
        # their only chrome is the element holding the most of them and, inside it, the
        # chrome holding most of that (not a menu inside it); those elements are not cut.
        top, (held, _) = max(((a, v) for a, v in left_out.items() if v[1] is None), key=lambda kv: kv[1][0])
        if total + held >= CORE_MIN_TEXT:
            path = {top}
            while True:
                inner = [(v[0], a) for a, v in left_out.items() if v[1] is top]
                if not inner:
                    break
                n, a = max(inner, key=lambda kv: kv[0])  # (the first of equals: no element order)
                if n < held * CORE_MIN_SHARE:
                    break
                path.add(a)
                top = a
            tree.opened = frozenset(path)
            scores, voters, total, left_out = _vote(blocks, tree, tree.opened)
    if total < CORE_MIN_TEXT or not scores:
        return None
    ranked = sorted(scores.items(), key=lambda kv: kv[1], reverse=True)[:CORE_CANDIDATES_MEASURED]
    best, best_score = max(((el, s * (1 - tree.density(el))) for el, s in ranked), key=lambda kv: kv[1])
    # Widen a winner that holds too little of the page's paragraph text.
    while _mass(best, voters) < total * CORE_MIN_SHARE:
        parent = best.getparent()
        if parent is None or parent.tag in ("body", "html"):
            return None
        best = parent
    tree.voted = best  # (the container the paragraphs chose, before the landmark)
    # The page's own word wins over our guess: the enclosing <main> or <article>.
    for node in _below_body(best.getparent()):
        if node.tag in CORE_LANDMARKS or node.get("role") in ("main", "article"):
            best = node
            break
    parent = best.getparent()
    if parent is None:
        return [best]
    core = []
    threshold = max(10.0, best_score * CORE_SIBLING_SHARE)
    for sib in parent:
        if sib is best:
            core.append(sib)
        elif type(sib.tag) is str and (scores.get(sib, 0) >= threshold or sib.tag == "p" and _prose(sib, tree)
                                       and not _is_cut_candidate(sib)):
            # (a loose paragraph beside the article named as furniture, WordPress's
            # <p class="nocomments">, is no part of it)
            core.append(sib)
    return core


def _prose(p: Any, tree: _Tree) -> bool:
    n = tree.text.get(p, 0)
    return (n > 80 and tree.density(p) < 0.25) or (0 < n <= 80 and not tree.links.get(p))


_TEASER_TAGS = frozenset(("ul", "ol", "div", "section", "dl"))


def _teaser_list(el: Any, tree: _Tree) -> bool:
    """Three or more link-led sibling items of one shape, links a good share of the text."""
    if el.tag not in _TEASER_TAGS:
        return False
    total = tree.text.get(el, 0)  # (tree.density, written out: asked of every element with links)
    if not total or tree.links.get(el, 0) / total < TEASER_LINK_SHARE:
        return False
    if len(el) < TEASER_MIN_ITEMS:  # (too few children for that many items of one shape)
        return False
    shapes: dict[tuple, list] = {}
    for c in el:
        if type(c.tag) is str:
            shapes.setdefault((c.tag, c.get("class") or ""), []).append(c)
    if not shapes:
        return False
    size = 0
    for shape, group in shapes.items():  # (the first of the largest)
        if len(group) > size:
            key, items, size = shape, group, len(group)
    para = key[0] == "p"
    if len(items) < TEASER_MIN_ITEMS or key[0] == "br" or (not para and _class_weight(el) > 0):
        return False  # ("article-content" is the article)
    led = 0
    need = max(TEASER_MIN_ITEMS, len(items) * 0.8)
    left = len(items)
    for c in items:
        if led + left < need:
            return False  # (too few items left to lead with a link)
        left -= 1
        if para:
            # Paragraphs with links are prose, unless each opens with its link: a list of
            # teasers ("Title Standfirst ...") set as paragraphs.
            if (c.text or "").strip() or not len(c) or tree.text.get(c, 0) > TEASER_PARAGRAPH_MAX:
                continue
            a = c[0] if c[0].tag == "a" else next(c[0].iterdescendants("a"), None)
        else:
            a = next(c.iterdescendants("a"), None)
        if a is None:
            continue
        # (the link's own text first: it opens the whole text, which holds at least as much)
        own = a.text
        if (own is not None and len(own.strip()) >= TEASER_MIN_LINK
                or len("".join(a.itertext()).strip()) >= TEASER_MIN_LINK):
            led += 1
    return led >= need


def _thin(el: Any, tree: _Tree, layout: frozenset = frozenset()) -> bool:
    """Readability's conditional cleaning, on a part of the main text: a container with
    few clauses that is named as furniture or is mostly links is a widget, not the
    article's text."""
    if el.tag not in CORE_CONDITIONAL_TAGS or tree.commas.get(el, 0) >= CORE_CONDITIONAL_COMMAS:
        return False
    n = tree.text.get(el, 0)
    weight = _class_weight(el, layout)
    if weight < 0:
        return True  # named as page furniture ("entry-meta", "post-footer", "ranking")
    density = tree.density(el)
    if density <= CORE_CONDITIONAL_LINKS:
        return False
    if _sentences_with_links(el):
        return False  # sentences that cite their sources are prose
    if n > CORE_CONDITIONAL_MAX_TEXT or weight > 0:
        # (a long part or a part named as content: cut only when links are most of it)
        return density > CORE_CONDITIONAL_LINKS_NAMED
    return True


def _sentences_with_links(el: Any) -> bool:
    """Paragraphs that open with words, not with a link: "See the <a>results</a> ..."
    (the element's own paragraphs, or the one paragraph its wrappers hold)."""
    while len(el) == 1 and el[0].tag != "p" and not (el.text or "").strip():
        el = el[0]
    return any(c.tag == "p" and (c.text or "").strip() for c in el)


def _label(core: list[Any], tree: _Tree) -> tuple[list[str], set]:
    """Each block's label ("core", "cut" or "peripheral") and the elements cut out."""
    core_set = set(core)
    core_len = sum(tree.text.get(c, 0) for c in core) or 1
    above = set(tree.opened)  # the core's ancestors (and the chrome its paragraphs sit in): never cut
    for c in core:
        node = c.getparent()
        while node is not None and node not in above:
            above.add(node)
            node = node.getparent()
    # A page builder names every block alike ("elementor-widget-wrap"): the names of page
    # furniture that the wrappers of the container the paragraphs voted for carry are its
    # layout vocabulary, and do not cut a part of the core named from the same stem
    # ("elementor-widget-container"; but "ad-column" beside "non-ad-column" is still an ad).
    layout = set()
    for node in _below_body(tree.voted):
        for value in (node.get("class"), node.get("id")):
            if value:
                layout |= _stems(value)
    # A page builder that wraps each of the article's paragraphs in its own widget
    # ("elementor-widget-wrap" around every text block) names most of the core alike: a
    # furniture name whose elements inside the core hold most of its text is layout too.
    # (The article's first paragraph carries it: a comment thread longer than the post it
    # follows is still a comment thread.) On most pages no wrapper of that paragraph names
    # furniture, and the names of the rest of the core are then not read at all.
    opening = _NO_STEMS  # the names around the core's first paragraph of running text
    for chain, n, n_links in zip(tree.chains, tree.sizes, tree.link_sizes):
        if n >= CORE_BODY_LINE and n_links * 2 < n and not core_set.isdisjoint(chain):
            opening = _wrapper_stems(chain, core_set)
            break
    if opening:
        mass = _stem_mass(core_set, tree)
        layout.update(stem for stem in opening if mass[stem] >= core_len * CORE_LAYOUT_SHARE)
    layout = frozenset(layout)
    cut: set = set()
    # element -> (inside a cut part, inside the core), decided from the outermost
    # element down, once per element. (_teaser_list needs link text, TEASER_LINK_SHARE of
    # it: most elements have none.)
    links = tree.links
    state: dict[Any, tuple[bool, bool]] = {}
    for a, parent in tree.down:
        in_cut, in_core = state[parent] if parent is not None else _OUTSIDE
        if not in_cut:
            if a in core_set:
                in_core = True
            # (a wrapper named "widget" around most of the article stays: not asked)
            elif (a not in above and (not in_core or tree.text.get(a, 0) < core_len * CORE_CUT_MAX_SHARE)
                  and (_is_cut_candidate(a, layout) or a in links and _teaser_list(a, tree)
                       or in_core and _thin(a, tree, layout))):
                cut.add(a)
                in_cut = True
        state[a] = (in_cut, in_core)
    labels = []
    for chain in tree.chains:
        if not chain:
            labels.append("peripheral")
            continue
        in_cut, in_core = state[chain[0]]
        labels.append("cut" if in_cut else "core" if in_core else "peripheral")
    return labels, cut


_OUTSIDE = (False, False)


def _wrapper_stems(chain: tuple, core_set: set) -> frozenset:
    """The stems (see _stems) of the names of a block's wrappers below the core's own element."""
    stems = _NO_STEMS
    for a in _wrappers(chain, core_set):
        for value in (a.get("class"), a.get("id")):
            if value:
                stems = stems | _stems(value)
    return stems


def _stem_mass(core_set: set, tree: _Tree) -> dict[str, int]:
    """Per stem of the names inside the core, the text of the core's blocks it wraps."""
    mass: dict[str, int] = {}
    # element -> the stems of its names and of its wrappers' up to the core's own element
    # (None outside the core), decided from the outermost element down, once per element.
    inner: dict[Any, frozenset | None] = {}
    for a, parent in tree.down:
        if a in core_set:
            inner[a] = _NO_STEMS
            continue
        stems = inner[parent] if parent is not None else None
        if stems is not None:
            for value in (a.get("class"), a.get("id")):
                if value:
                    stems = stems | _stems(value)
        inner[a] = stems
    for chain, n in zip(tree.chains, tree.sizes):
        stems = inner[chain[0]] if chain else None
        if stems:
            for stem in stems:
                mass[stem] = mass.get(stem, 0) + n
    return mass


def _wrappers(chain, core_set):
    """The elements of a block's ancestor ``chain`` below the core's own elements."""
    for a in chain:
        if a in core_set:
            return
        yield a


def _caption(el: Any) -> bool:
    """A picture's caption or credit line: <figcaption>, or an element named so."""
    if el.tag == "figcaption":
        return True
    if el.tag not in CORE_CUT_FRAGMENT_TAGS:
        return False
    return _named(el, _CAPTION_CACHE, _caption_name)


def _caption_name(value: str) -> bool:
    """A class/id value naming a caption or credit."""
    low = value.lower()
    return any(f in low for f in CORE_CAPTION_FRAGMENTS)


def _named(el: Any, cache: dict, judge) -> bool:
    """Whether the element's class or id value says so by ``judge(value)``, each value
    judged once (pages repeat their class names)."""
    for value in (el.get("class"), el.get("id")):
        if value:
            verdict = cache.get(value)
            if verdict is None:
                verdict = judge(value)
                if len(cache) < _CACHE_MAX:
                    cache[value] = verdict
            if verdict:
                return True
    return False


_CAPTION_CACHE: dict[str, bool] = {}
_CREDIT = re.compile(r"(?i)(?:^|[\s(\[|/·–-])(?:%s)\s*[:：]|©|[^\W\d_]\s?/\s?[^\W\d_]" % "|".join(CAPTION_CREDIT_WORDS))
_CAPTION_WORD = re.compile(r"\w+")
_HAN = re.compile(HAN_CLASS)


def _credit(caption: str) -> bool:
    """Whether a caption is, or holds, a picture credit: "Foto: Sascha Klahn",
    "(REUTERS/Denis Balibouse)", "© dpa", or a bare name of up to CAPTION_NAME_WORDS words
    with no sentence in it ("Thinkstock", "Stefan Wermuth")."""
    if _CREDIT.search(caption):
        return True
    if caption.isascii() or not _HAN.search(caption):
        words = _CAPTION_WORD.findall(caption)
        return 0 < len(words) <= CAPTION_NAME_WORDS and not any(c in caption for c in _SENTENCE_END + ",:")
    return False
_SENTENCE_END = ".!?。！？…"
_WORDS = "|".join(CAPTION_CREDIT_WORDS)
# The forms of a credit line, each its own pattern: ``re`` tries every branch of an alternation
# at every position, so one pattern of all five costs twice their sum. Each is searched only
# on a line with the characters it needs (``in`` is a tenth of a failed search).
_CREDIT_OPENS = re.compile(r"(?i)^\W{0,3}(?:%s)\s*[:：]" % _WORDS)  # "Foto: Stadtwerke", "Quelle: Landesregierung"
_CREDIT_MARK = re.compile(  # "… © CAE", "… / (C) Kab Niang": needs "©", "(c)" or "(C)"
    r"(?i)(?:(?:^|[\s|/(])©|(?:^|[/|]\s*)\(c\)\s)[^.!?。！？]{1,%d}$" % CREDIT_TAIL)
_CREDIT_BRACKET = re.compile(  # "… (Foto: Getty)": needs "(" or "["
    r"(?i)[(\[]\s*(?:%s)\s*[:：][^)\]]{1,%d}[)\]]\W*$" % (_WORDS, CREDIT_TAIL))
_CREDIT_AGENCY = re.compile(  # "aja/PAP", "(mlharing / iStock.com)": at the start, or after "/", "|" or "("
    r"(?i)(?:^|[/|(]\s*)(?:%s)\W*$" % "|".join(CREDIT_AGENCIES))
# "Bild via …", "Photo by …": the dearest form (a word start before every name of a picture),
# tried only on a line with "via" or "by" after a space, which it needs.
_CREDIT_BY = re.compile(r"(?i)\b(?:%s)\s+(?:via|by)\b[^.!?。！？]{0,%d}\W*$" % (_WORDS, CREDIT_TAIL))
_VIA_BY = re.compile(r"(?i)\s(?:via|by)\b")


def _credit_line(text: str, start: int, end: int) -> bool:
    """Whether a short line of the main text outside any caption element is a picture's
    credit all the same: it opens with a credit label, or ends in one ("© Name", "(Foto:
    Name)", "Photo by Name", "…/Getty Images"). (A bare name is not enough here: outside a
    caption it may be a signature or a subheading.)"""
    line = text[start:end].strip()
    if _CREDIT_OPENS.match(line):
        return True
    if ("©" in line or "(c)" in line or "(C)" in line) and _CREDIT_MARK.search(line):
        return True
    bracket = "(" in line
    if (bracket or "[" in line) and _CREDIT_BRACKET.search(line):
        return True
    # (with no "/", "|" or "(" in it, an agency's name can only open the line)
    if (_CREDIT_AGENCY.search(line) if bracket or "/" in line or "|" in line else _CREDIT_AGENCY.match(line)):
        return True
    return _VIA_BY.search(line) is not None and _CREDIT_BY.search(line) is not None


def _trim(text: str, blocks: Sequence[Block], labels: list[str], tree: _Tree, core: list[Any]) -> None:
    """Lines inside the main text that are not the article's text, found by where they sit:
    a picture's caption (or a credit set as a paragraph), a short line set in a bare <div> of
    an article written in <p>s ("Kommentare schreiben", "War der Artikel nützlich?"), a heading
    or label line ("Mehr zum Thema", "Lesen Sie auch:") whose section holds no main text (the
    title of a teaser list, a share bar, a comment form), and a read-on label right above a
    link ("Schon gelesen?"). They are read as outside the core."""
    core_set = set(core)
    n_blocks = len(blocks)
    para_text = core_text = para_count = 0
    last_para = n_blocks  # the article's last paragraph of running text
    for i, (b, lab, chain) in enumerate(zip(blocks, labels, tree.chains)):
        if lab == "core":
            n = b.end - b.start
            core_text += n
            if chain and chain[0].tag not in CORE_LOOSE_OWNERS:
                para_text += n
                para_count += 1
                if n >= CORE_BODY_LINE and b.link_chars * 2 < n:
                    last_para = i
    first_body = next((i for i, b in enumerate(blocks) if labels[i] == "core" and b.end - b.start >= CORE_BODY_LINE
                       and b.link_chars * 2 < b.end - b.start), n_blocks)
    paragraphs = para_count >= CORE_PARAGRAPHS_MIN and para_text >= core_text * CORE_PARAGRAPHS_SHARE
    memo: dict[Any, bool] = {}
    captions: list[int] = []
    caption_text = 0
    for i in range(n_blocks):
        if labels[i] != "core":
            continue
        chain = tree.chains[i]
        b = blocks[i]
        n = b.end - b.start
        # Captions: any wrapper between the block and the core's own elements.
        caption = False
        for a in _wrappers(chain, core_set):
            hit = memo.get(a)
            if hit is None:
                hit = memo[a] = _caption(a)
            if hit:
                caption = True
                break
        if caption and _credit(text[b.start:b.end]):
            captions.append(i)
            caption_text += n
        elif not caption and n <= CORE_CREDIT_LINE and not b.heading and _credit_line(text, b.start, b.end):
            captions.append(i)  # a caption set as a paragraph: "Foto: dpa", "… / (C) Kab Niang"
            caption_text += n
        elif (paragraphs and i > last_para and n < CORE_DIV_LINE and chain and chain[0].tag in CORE_LOOSE_OWNERS
                       and not b.heading and not any(a.tag in CORE_LOOSE_KEEP for a in chain)):
            labels[i] = "trim"
    if caption_text < core_text * CORE_CAPTION_SHARE:  # (else a gallery: the captions are the text)
        for i in captions:
            labels[i] = "trim"
    # Titles of nothing: a heading, or a short line ending in a colon, whose section (up to
    # the next title of the same or a higher rank) holds something, but no main text.
    for i in range(n_blocks):
        if labels[i] != "core":
            continue
        rank = _title_rank(text, blocks[i])
        if not rank:
            continue
        held = False  # anything in the section
        # Under a linked sub-title, the text up to the next sub-title is a teaser's
        # standfirst, not the article's ("Neueste Artikel" over cards of title and summary).
        # (only after the article has begun: a blog's front page is such teasers, and its text)
        teaser = False
        after_body = first_body < i
        standfirsts: list[int] = []
        same = None
        cards = False  # anything under a card's linked title
        for j in range(i + 1, n_blocks):
            nb = blocks[j]
            if labels[j] == "lead":
                break
            r = _title_rank(text, nb)
            # (a card's linked title may share the section title's rank: 相关文章 over <h3><a>)
            linked = after_body and nb.heading >= rank and _linked_title(nb)  # ("Krieg und ..." too)
            if r and r <= rank:
                if not linked:
                    break
                if same is None:
                    same = held  # (what the section held up to the first such title)
            held = True
            if r or linked:
                teaser = linked
                continue
            cards = cards or teaser
            if labels[j] == "core" and "link-list" not in nb.cues and nb.link_chars * 2 <= nb.end - nb.start:
                if not teaser and not (after_body and nb.end - nb.start < CORE_DIV_LINE and j + 1 < n_blocks
                                       and blocks[j + 1].heading >= rank and _linked_title(blocks[j + 1])):
                    break
                standfirsts.append(j)  # (or the kicker over a teaser's title)
        else:
            j = n_blocks
        if not cards and same is not None:
            held = same  # titles alone: the section closed at the first of them, as before
        if held and (j == n_blocks or labels[j] == "lead" or _title_rank(text, blocks[j])):
            labels[i] = "trim"
            for k in standfirsts:
                labels[k] = "trim"
    # The label of a list of links to other pages: a short line that asks the reader to read on
    # ("Lesen Sie auch:", "Schon gelesen?", "Related Coverage"), right above a link line.
    for i in range(n_blocks - 1):
        if labels[i] != "core":
            continue
        b = blocks[i]
        n = b.end - b.start
        if (n <= CORE_LABEL_LINE and b.link_chars * 2 <= n and _link_line(blocks[i + 1])
                and _READ_ON.search(text, b.start, b.end)):
            labels[i] = "trim"


def _word_starts(words: Sequence[str]) -> re.Pattern:
    """A pattern for any of ``words`` without case, those in Latin script at a word start.
    Written ``\b(?:a|b|...)|c|...`` rather than ``\ba|\bb|...|c``: the same matches, but
    ``re`` tests one word boundary at each position instead of one per word (five to six
    times faster on the real pages' lines)."""
    latin = [re.escape(w) for w in words if w[0].isascii()]
    other = [re.escape(w) for w in words if not w[0].isascii()]
    return re.compile("(?i)" + "|".join(([r"\b(?:%s)" % "|".join(latin)] if latin else []) + other))


_READ_ON = _word_starts(CORE_READ_ON_WORDS)


def _link_line(b: Block) -> bool:
    """A line that is (nearly) all link: a teaser's title, a menu item."""
    return "link-list" in b.cues or b.link_chars * 2 > b.end - b.start


def _standfirst(blocks: Sequence[Block], labels: list[str], first_core: int) -> None:
    """The standfirst: a paragraph of running prose between the page's title (the nearest
    heading of rank 1 or 2 above the core) and the core, with only short lines around it
    (a byline, a date, a share bar, a caption's credit) that break the lead run. Themes set it
    in the article's <header> or a hero beside the body; it is the article's text (lead)."""
    found: list[int] = []
    for i in range(first_core - 1, -1, -1):
        b = blocks[i]
        n = b.end - b.start
        if 0 < b.heading <= STANDFIRST_TITLE_RANK:
            above = blocks[i - 1] if i else None
            if (not found and above is not None and 0 < above.heading < b.heading and labels[i] == "peripheral"
                    and n >= CORE_BODY_LINE and not b.link_chars and labels[i - 1] != "cut"):
                # (a subtitle set as the heading under the title: "Blue Tomato präsentiert die dritte ...")
                labels[i] = "lead"
                return
            if found and labels[i] != "cut":
                for k in found:
                    labels[k] = "lead"
            return
        if b.hidden or n < CORE_DIV_LINE or labels[i] == "cut" or b.link_chars * 2 > n:
            continue  # a byline, a date, a share bar, a credit, a teaser's linked title
        if b.heading:
            return
        if (labels[i] == "peripheral" and n >= CORE_BODY_LINE and b.link_chars * 4 < n
                and len(found) < STANDFIRST_MAX):
            found.append(i)
            continue
        if labels[i] == "lead":
            continue
        return


def _linked_title(b: Block) -> bool:
    """A heading that is mostly a link: the title of a teaser, not of a section."""
    return b.heading > 0 and b.link_chars * 2 > b.end - b.start


def _lead_line(b: Block, chain: tuple) -> bool:
    """Whether a block between the last navigation and the core is a loose short line, not
    the hero title or standfirst the lead run is for: a kicker, a dateline, "Mit Freunden
    teilen", "Kategorie: News" set in a bare <div> (as _trim reads such lines after the body)."""
    return (not b.heading and b.end - b.start < CORE_DIV_LINE and bool(chain) and chain[0].tag in CORE_LOOSE_OWNERS
            and not any(a.tag in CORE_LOOSE_KEEP for a in chain))


_CALL = _word_starts(CORE_CALL_WORDS)


def _teaser_text(b: Block, chain: tuple) -> bool:
    """A block that is no paragraph of the article's body wherever it sits: a picture's
    caption, or a teaser in a part named as related reading."""
    return "related" in b.cues or bool(chain) and chain[0].tag == "figcaption"


def _calls_to_action(text: str, blocks: Sequence[Block], labels: list[str], chains: Sequence[tuple]) -> None:
    """Lines after the article's last paragraph that ask the reader to subscribe, follow or
    donate, and link to it or stand out in bold ("Subscribe now to our e-edition",
    "Zapraszamy do subskrypcji …"): read as outside the core."""
    for i in range(len(blocks) - 1, -1, -1):
        if labels[i] != "core":
            continue
        b = blocks[i]
        n = b.end - b.start
        if _CALL.search(text, b.start, b.end):
            if n < CORE_CALL_LINE and (b.link_chars or "emphasis" in b.cues):
                labels[i] = "trim"
        elif n >= CORE_CALL_BODY_LINE and b.link_chars * 2 < n and not _teaser_text(b, chains[i]):
            return  # the article's last paragraph


def _hidden_popups(blocks: Sequence[Block], labels: list[str], tree: _Tree) -> None:
    """A hidden pop-up (a sign-up, donation or consent box, an "about us" layer) is not the
    article, wherever it sits: its blocks are cut. The segmenter still reads a notice,
    disclaimer or forward-looking text there by its words. (The pop-up is an element of the
    block's own chain that names itself one: a page wrapper such as Drupal's
    "dialog-off-canvas-main-canvas" gives every block its cue but is no pop-up.)"""
    memo: dict[Any, bool] = {}
    for i, b in enumerate(blocks):
        if b.hidden and b.cues & CORE_POPUP_CUES:
            outside = labels[i] == "peripheral"
            for a in tree.chains[i]:
                hit = memo.get(a)
                if hit is None:
                    # (as readability keeps a part with many clauses: a "pop-up" of running
                    # prose is the article, misnamed: Sina's share-on-select "BSHARE_POP" on its
                    # body; but not one outside the main text: an "about" layer of prose)
                    hit = memo[a] = _popup(a) and (2 if tree.commas.get(a, 0) >= CORE_CONDITIONAL_COMMAS else 1)
                if hit == 1 or hit and outside:
                    labels[i] = "cut"
                    break


def _popup(el: Any) -> bool:
    """Whether an element names itself a pop-up: <dialog>, role="dialog", aria-modal, or a
    class/id name with a pop-up word and no control word ("modal-body", not "modal-trigger")."""
    if el.tag == "dialog" or el.get("aria-modal", "").strip().lower() == "true":
        return True
    role = el.get("role")
    if role and any("dialog" in ROLE_CUES.get(r, ()) for r in role.lower().split()):
        return True
    return _named(el, _POPUP_CACHE, _popup_name)


def _popup_name(value: str) -> bool:
    """A class/id value with a pop-up word and no control word in one of its names."""
    for name in value.split():
        toks = {t.lower().rstrip("0123456789") for t in _CLASS_SPLIT.split(_CAMEL.sub("-", name)) if t}
        if toks & ACTION_TOKENS or not any(CORE_POPUP_CUES.intersection(TOKEN_CUES.get(t, ())) for t in toks):
            continue
        if toks & MODAL_STRONG or not toks & CONTENT_TOKENS:
            return True
    return False


_POPUP_CACHE: dict[str, bool] = {}


def _title_rank(text: str, b: Block) -> int:
    """A title's rank (1-6 for headings, 7 for a label line ending in a colon), 0 for text:
    a long heading, or one that ends a sentence, is text."""
    n = b.end - b.start
    if n > CORE_TITLE_LINE:
        return 0
    last = text[b.end - 1]
    if b.heading:
        return 0 if last in ".。" else b.heading
    return 7 if n <= CORE_LABEL_LINE and last in ":：" else 0


def inside(el: Any, elements: set) -> bool:
    """Whether ``el`` is one of ``elements`` or inside one of them."""
    while el is not None:
        if el in elements:
            return True
        el = el.getparent()
    return False


def mark_main_text(text: str, blocks: Sequence[Block], chains: Sequence[tuple]) -> tuple[list[Block], set]:
    """Blocks with their main-text cue added, and the elements cut out (empty when the
    page has no main text to find; the blocks are then returned unchanged). ``chains``:
    each block's owning element and its ancestors below <body>, nearest first (``()``
    for a block outside any element), as the HTML walk collects them."""
    tree = _Tree(text, blocks, chains)
    core = _find_core(text, blocks, tree)
    if not core:
        return list(blocks), set()
    labels, cut = _label(core, tree)
    _trim(text, blocks, labels, tree, core)
    _hidden_popups(blocks, labels, tree)
    _calls_to_action(text, blocks, labels, tree.chains)
    voted = tree.voted
    if voted not in core:
        # The core took the whole <main> or <article> around the container the paragraphs
        # chose: a short line there, outside that container, is the landmark's furniture
        # (a dateline, "Share this", a widget's title), read as outside the core.
        for i, (b, chain) in enumerate(zip(blocks, tree.chains)):
            if labels[i] == "core" and b.end - b.start < CORE_LANDMARK_SHORT and voted not in chain:
                labels[i] = "peripheral"
    # Between the last piece of navigation and the core: a hero title, a standfirst.
    first_core = next((i for i, lab in enumerate(labels) if lab == "core"), len(labels))
    lead: list[int] = []
    for i in range(first_core - 1, -1, -1):
        b = blocks[i]
        if b.cues & CORE_CHROME_CUES or "link-list" in b.cues:
            break
        if labels[i] == "cut" or labels[i] == "trim":
            continue  # a picture's caption or a share bar between the standfirst and the body
        if labels[i] != "peripheral":
            break
        labels[i] = "lead"
        lead.append(i)
    _standfirst(blocks, labels, first_core)
    # A page that sets its title as a heading there (or at the core's top) sets its kicker,
    # dateline or share label as a loose short line: that line is not the lead. (A hero set
    # in <div>s alone, 「秋冬护嗓季 · 一片清凉」 under a product name, keeps its lines.)
    if lead and any(0 < blocks[i].heading <= 2 for i in lead + list(range(first_core, min(first_core + 3, len(blocks))))):
        for i in lead:
            if _lead_line(blocks[i], tree.chains[i]):
                labels[i] = "peripheral"
    # Cues that the core's own wrappers give ("content-sidebar-wrap", <main class="has-header">,
    # an <article> inside a <header>) say nothing about the paragraphs of the article: a core
    # block keeps such a cue only when an element inside the core gives it too.
    wrapper = set()
    core_set = set(core)
    for c in core:
        wrapper |= _element_cues(c)
        for node in _below_body(c.getparent()):
            wrapper |= _element_cues(node)
    # ... and inside the container the paragraphs voted for, so do the cues of that container
    # and of the elements between it and the core ("entry themeform share" around a post,
    # a code viewer named "js-code-nav-container" around a README).
    voted_set = {voted} if voted is not None and type(voted.tag) is str else set()
    voted_wrapper = set(wrapper)
    node = voted if voted_set else None
    while node is not None and node not in core_set:
        voted_wrapper |= _element_cues(node)
        node = node.getparent()
    inner: dict[Any, frozenset] = {}
    out = []
    for b, label, chain in zip(blocks, labels, tree.chains):
        cues = b.cues
        if voted_wrapper and label == "core" and cues & voted_wrapper:
            stops, strip = (voted_set, voted_wrapper) if voted_set and voted in chain else (core_set, wrapper)
            if cues & strip:
                own = frozenset()
                for a in _wrappers(chain, stops):
                    got = inner.get(a)
                    if got is None:
                        got = inner[a] = _element_cues(a)
                    own |= got
                cues = cues - (strip - own)
        out.append(with_cues(b, cues | _LABELS[label]))
    return out, cut


_LABELS = {k: frozenset({k}) for k in ("core", "cut", "lead", "peripheral")}
_LABELS["trim"] = _LABELS["peripheral"]  # (trimmed off the core by _trim)
