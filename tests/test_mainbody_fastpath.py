"""Shortcuts in main-text marking (read/parse/mainbody.py) give exactly what the code they
replaced gives.

Each test keeps the replaced code here as it was and compares it with the shortcut on
generated text and class names and, when ../shared/realpages is present, on the real pages.
No timings.
"""
from __future__ import annotations

import gzip
import re
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from auditor.read.parse import mainbody
from auditor.read.vocabulary import (
    CAPTION_CREDIT_WORDS,
    CORE_CALL_WORDS,
    CORE_CUT_FRAGMENTS,
    CORE_CUT_TOKENS,
    CORE_NEGATIVE_TOKENS,
    CORE_POSITIVE_TOKENS,
    CORE_READ_ON_WORDS,
    CREDIT_AGENCIES,
    CREDIT_TAIL,
    NEGATING_PREFIXES,
)

REALPAGES = Path(__file__).resolve().parents[2] / "shared" / "realpages"


# -- the code as it was --------------------------------------------------------------------

def _old_words(words):
    """_CALL and _READ_ON as they were: one word boundary per word."""
    return re.compile("(?i)" + "|".join((r"\b" if w[0].isascii() else "") + re.escape(w) for w in words))


_OLD_CALL = _old_words(CORE_CALL_WORDS)
_OLD_READ_ON = _old_words(CORE_READ_ON_WORDS)
_W = "|".join(CAPTION_CREDIT_WORDS)
_OLD_CREDIT_LINE = re.compile(
    r"(?i)^\W{0,3}(?:%s)\s*[:：]"
    r"|(?:(?:^|[\s|/(])©|(?:^|[/|]\s*)\(c\)\s)[^.!?。！？]{1,%d}$"
    r"|[(\[]\s*(?:%s)\s*[:：][^)\]]{1,%d}[)\]]\W*$"
    r"|\b(?:%s)\s+(?:via|by)\b[^.!?。！？]{0,%d}\W*$"
    r"|(?:^|[/|(]\s*)(?:%s)\W*$"
    % (_W, CREDIT_TAIL, _W, CREDIT_TAIL, _W, CREDIT_TAIL, "|".join(CREDIT_AGENCIES)))


def _old_tokens(value: str) -> frozenset:
    low = value.lower()
    if "no" in low:
        low = " ".join(name for name in low.split() if not name.startswith(NEGATING_PREFIXES))
    return frozenset(mainbody._TOKEN.findall(low))


def _old_cut_name(value: str) -> int:
    toks = _old_tokens(value)
    if toks & CORE_CUT_TOKENS and not toks & CORE_POSITIVE_TOKENS:
        return mainbody._CUT_NAME
    low = value.lower()
    return mainbody._CUT_FRAGMENT if any(f in low for f in CORE_CUT_FRAGMENTS) else 0


def _old_weight_parts(value: str) -> tuple[bool, bool]:
    """(names page furniture, names content), as _class_weight read them from the words."""
    toks = _old_tokens(value)
    return bool(toks & CORE_NEGATIVE_TOKENS), bool(toks & CORE_POSITIVE_TOKENS)


# -- generated text ------------------------------------------------------------------------

# Letters whose case folds unusually (long s, Kelvin sign, dotted and dotless i, sharp s),
# the punctuation the credit forms look for, and Han text.
_TRICKY = list("ſKİıßSsIiKkBbYyVvAa ©()[]|/:：.!?。,-_·–\u00a0\t图片来源摄影")
_PIECES = (list(CORE_CALL_WORDS) + list(CORE_READ_ON_WORDS) + list(CAPTION_CREDIT_WORDS)
           + [" by ", " via ", " BY\t", "Getty Images", "dpa", "iStock.com", "(c) ", "© ", "Foto: ", "(Photo: AP)"])


def _cased(s: str, how: int) -> str:
    return (s, s.upper(), s.title(), s.swapcase())[how]


_piece = st.one_of(
    st.tuples(st.sampled_from(_PIECES), st.integers(0, 3)).map(lambda t: _cased(*t)),
    st.text(alphabet=_TRICKY, max_size=4),
    st.text(max_size=3),
)
_line = st.lists(_piece, max_size=8).map("".join)


@settings(max_examples=600, deadline=None)
@given(_line, st.data())
def test_word_start_patterns_match_as_before(text, data):
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    for old, new in ((_OLD_CALL, mainbody._CALL), (_OLD_READ_ON, mainbody._READ_ON)):
        assert bool(old.search(text)) == bool(new.search(text))
        # (searched inside the page's text: a word start looks at the character before ``start``)
        assert bool(old.search(text, start, end)) == bool(new.search(text, start, end))


_CREDIT_LINES = ["Photo by Anna Smith", "Bild via Pixabay", "Foto: Stadtwerke", "Text (Foto: Getty)", "aja/PAP",
                 "Wald / (C) Kab Niang", "Title © CAE", "photo  BY\tX.", "Il Foto by Anna"]


@settings(max_examples=600, deadline=None)
@given(_line, st.data())
def test_credit_line_as_before(text, data):
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    old = _OLD_CREDIT_LINE.search(text[start:end].strip()) is not None
    assert mainbody._credit_line(text, start, end) == old


@pytest.mark.parametrize("line", _CREDIT_LINES + ["Photos of the day", "by the river", "Subscribe by mail"])
def test_credit_line_forms(line):
    assert mainbody._credit_line(line, 0, len(line)) == (_OLD_CREDIT_LINE.search(line) is not None)
    assert mainbody._credit_line(line, 0, len(line)) == (line in _CREDIT_LINES)


_name_piece = st.one_of(
    st.sampled_from(sorted(CORE_CUT_TOKENS | CORE_NEGATIVE_TOKENS | CORE_POSITIVE_TOKENS)
                    + list(CORE_CUT_FRAGMENTS) + list(NEGATING_PREFIXES)),
    st.text(alphabet="abcnot-_ 0123456789ABC", max_size=4),
)
_class_value = st.lists(st.tuples(_name_piece, st.integers(0, 3)).map(lambda t: _cased(*t)),
                        min_size=1, max_size=6).map("".join)


def _assert_names_as_before(value: str) -> None:
    assert mainbody._cut_name(value) == _old_cut_name(value), value
    flags = mainbody._name_flags(value)
    assert (bool(flags & mainbody._NEGATIVE), bool(flags & mainbody._POSITIVE)) == _old_weight_parts(value), value


@settings(max_examples=800, deadline=None)
@given(_class_value)
def test_class_name_flags_as_before(value):
    _assert_names_as_before(value)


def test_shared_sets_are_equal_sets():
    a = mainbody._shared({"x-widget"})
    b = mainbody._shared(["x-widget"])
    assert a == frozenset({"x-widget"}) and a is b
    assert mainbody._shared(set()) == frozenset()


def _real_pages(limit: int):
    pages = sorted((REALPAGES / "aeb" / "html").glob("*.html.gz"))[:limit]
    pages += sorted((REALPAGES / "zh-news").rglob("*.html"))[:limit]
    for path in pages:
        yield gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()


@pytest.mark.skipif(not REALPAGES.is_dir(), reason="../shared/realpages not present")
def test_real_pages_as_before():
    from lxml import html

    from auditor.read.pipeline import load_document

    lines = values = 0
    for raw in _real_pages(25):
        doc = load_document(raw, "page.html")
        text = doc.text
        for b in doc.blocks:
            lines += 1
            for old, new in ((_OLD_CALL, mainbody._CALL), (_OLD_READ_ON, mainbody._READ_ON)):
                assert bool(old.search(text, b.start, b.end)) == bool(new.search(text, b.start, b.end))
            if b.end - b.start <= 200:
                assert mainbody._credit_line(text, b.start, b.end) == (
                    _OLD_CREDIT_LINE.search(text[b.start:b.end].strip()) is not None)
        for el in html.fromstring(raw).iter():
            for value in (el.get("class"), el.get("id")):
                if value:
                    values += 1
                    _assert_names_as_before(value)
    assert lines > 1000 and values > 1000


# -- _label over the chains' elements once (_Tree.down), as it was per block -----------------

def _old_label(core, tree):
    """_label as it was: the core's layout names and each element's state found block by
    block, climbing each block's chain up to the first element already decided."""
    core_set = set(core)
    core_len = sum(tree.text.get(c, 0) for c in core) or 1
    above = set(tree.opened)
    for c in core:
        node = c.getparent()
        while node is not None and node not in above:
            above.add(node)
            node = node.getparent()
    layout = set()
    for node in mainbody._below_body(tree.voted):
        for value in (node.get("class"), node.get("id")):
            if value:
                layout |= mainbody._stems(value)
    mass, opening, named = {}, None, {}
    for chain, n, links in zip(tree.chains, tree.sizes, tree.link_sizes):
        if core_set.isdisjoint(chain):
            continue
        stems = set()
        for a in mainbody._wrappers(chain, core_set):
            own = named.get(a)
            if own is None:
                own = frozenset()
                for value in (a.get("class"), a.get("id")):
                    if value:
                        own = own | mainbody._stems(value)
                named[a] = own
            stems |= own
        if opening is None and n >= mainbody.CORE_BODY_LINE and links * 2 < n:
            opening = stems
        for stem in stems:
            mass[stem] = mass.get(stem, 0) + n
    if opening:
        layout.update(stem for stem in opening if mass[stem] >= core_len * mainbody.CORE_LAYOUT_SHARE)
    layout = frozenset(layout)
    cut, state, labels = set(), {}, []
    for chain in tree.chains:
        if not chain:
            labels.append("peripheral")
            continue
        i = len(chain)
        for j, a in enumerate(chain):
            if a in state:
                i = j
                break
        in_cut, in_core = state[chain[i]] if i < len(chain) else (False, False)
        for k in range(i - 1, -1, -1):
            a = chain[k]
            if not in_cut:
                if a in core_set:
                    in_core = True
                elif a not in above and (mainbody._is_cut_candidate(a, layout) or mainbody._teaser_list(a, tree)
                                         or in_core and mainbody._thin(a, tree, layout)):
                    if not in_core or tree.text.get(a, 0) < core_len * mainbody.CORE_CUT_MAX_SHARE:
                        cut.add(a)
                        in_cut = True
            state[a] = (in_cut, in_core)
        labels.append("cut" if in_cut else "core" if in_core else "peripheral")
    return labels, cut


def _marked(raw: bytes, monkeypatch) -> list[tuple]:
    """The arguments mark_main_text gets for a page (text, blocks, chains)."""
    from auditor.read.parse import html as html_parser
    from auditor.read.pipeline import load_document

    got = []

    def keep(text, blocks, chains):
        got.append((text, blocks, chains))
        return mainbody.mark_main_text(text, blocks, chains)

    monkeypatch.setattr(html_parser, "mark_main_text", keep)
    load_document(raw, "page.html")
    return got


def _assert_label_as_before(text, blocks, chains) -> bool:
    tree = mainbody._Tree(text, blocks, chains)
    # every element of the chains once, after its parent
    order = {a: k for k, (a, _) in enumerate(tree.down)}
    assert len(order) == len(tree.down) == len({a for chain in chains for a in chain})
    assert all(parent is None or order[parent] < order[a] for a, parent in tree.down)
    core = mainbody._find_core(text, blocks, tree)
    if not core:
        return False
    labels, cut = mainbody._label(core, tree)
    old_labels, old_cut = _old_label(core, tree)
    assert labels == old_labels
    assert cut == old_cut
    return True


_WORDS = ("article content entry post body comment comments share social related widget wrap sidebar ad "
          "non-ad elementor-widget-wrap elementor-widget-container teaser newsletter meta footer nav "
          "caption byline promo paywall").split()
_SENTENCE = "The trial met its primary endpoint, and the company, which reported results, said more. "


def _element(draw, depth: int) -> str:
    tag = draw(st.sampled_from(["div", "section", "article", "main", "aside", "ul", "p", "span", "form", "nav"]))
    names = draw(st.lists(st.sampled_from(_WORDS), max_size=2))
    attrs = (' class="%s"' % " ".join(names)) if names else ""
    if draw(st.booleans()):
        attrs += ' id="%s"' % draw(st.sampled_from(_WORDS))
    parts = []
    for _ in range(draw(st.integers(0 if depth else 1, 4))):
        kind = draw(st.integers(0, 4 if depth < 4 else 2))
        if kind == 0:
            parts.append("<p>%s</p>" % (_SENTENCE * draw(st.integers(1, 3))))
        elif kind == 1:
            parts.append('<a href="/x">%s</a>' % draw(st.sampled_from(["Read more about the study", "Home", "Next"])))
        elif kind == 2:
            parts.append("<li><a href='/y'>A linked teaser title here</a> standfirst</li>" * draw(st.integers(1, 4)))
        else:
            parts.append(_element(draw, depth + 1))
    return "<%s%s>%s</%s>" % (tag, attrs, "".join(parts), tag)


@st.composite
def _pages(draw) -> bytes:
    body = "".join(_element(draw, 0) for _ in range(draw(st.integers(1, 4))))
    return ("<html><body><h1>Title</h1>%s</body></html>" % body).encode()


@settings(max_examples=150, deadline=None)
@given(_pages())
def test_label_as_before_on_generated_pages(page):
    import pytest as _pytest

    with _pytest.MonkeyPatch.context() as mp:
        for args in _marked(page, mp):
            _assert_label_as_before(*args)


@pytest.mark.skipif(not REALPAGES.is_dir(), reason="../shared/realpages not present")
def test_label_as_before_on_real_pages(monkeypatch):
    labelled = 0
    for raw in _real_pages(25):
        for args in _marked(raw, monkeypatch):
            labelled += _assert_label_as_before(*args)
    assert labelled >= 40


# -- _is_cut_candidate reads only the attributes an element has --------------------------

def _old_is_cut_candidate(el, layout=frozenset()):
    """_is_cut_candidate as it was: role, class and id read on every element."""
    tag = el.tag
    if tag in mainbody.CORE_CUT_TAGS or el.get("role") == "complementary":
        return True
    for value in (el.get("class"), el.get("id")):
        if value:
            verdict = mainbody._cut_name(value)
            if verdict == mainbody._CUT_NAME and layout and mainbody._stems(value) <= layout:
                continue
            if verdict == mainbody._CUT_NAME:
                return True
            if verdict and tag in mainbody.CORE_CUT_FRAGMENT_TAGS:
                return el.find(".//h1") is None and el.find(".//h2") is None
    return False


_ATTR_NAMES = ["class", "id", "role", "data-x", "xml:lang", "CLASS"]
_attr_value = st.one_of(_class_value, st.sampled_from(["", " ", "complementary", "Complementary", "main"]))


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(["div", "section", "aside", "form", "span", "p", "li", "ul"]),
       st.dictionaries(st.sampled_from(_ATTR_NAMES), _attr_value, max_size=4),
       st.booleans(), st.lists(st.sampled_from(sorted(CORE_CUT_TOKENS | CORE_NEGATIVE_TOKENS)), max_size=2))
def test_cut_candidate_as_before(tag, attrs, headline, layout_words):
    from html import escape

    from lxml import etree

    # (parsed as the HTML walk's tree is: attribute names as the HTML parser keeps them)
    markup = "<%s%s>%s</%s>" % (tag, "".join(' %s="%s"' % (k, escape(v)) for k, v in attrs.items()),
                                "<h2>Title</h2>" if headline else "x", tag)
    el = etree.HTML("<html><body>%s</body></html>" % markup).find("body")[0]
    layout = frozenset(mainbody._stems(" ".join(layout_words))) if layout_words else frozenset()
    for lay in (frozenset(), layout):
        assert mainbody._is_cut_candidate(el, lay) == _old_is_cut_candidate(el, lay), (tag, attrs, lay)


@pytest.mark.skipif(not REALPAGES.is_dir(), reason="../shared/realpages not present")
def test_cut_candidate_as_before_on_real_pages():
    from lxml import html

    asked = cut = 0
    for raw in _real_pages(25):
        root = html.fromstring(raw)
        layout = frozenset()
        for el in root.iter():
            if type(el.tag) is not str:
                continue
            asked += 1
            new = mainbody._is_cut_candidate(el, layout)
            assert new == _old_is_cut_candidate(el, layout)
            cut += new
            if new and not layout:
                layout = frozenset(mainbody._stems(el.get("class") or ""))
    assert asked > 10000 and cut > 100


# -- _teaser_list: density written out, the link's own text before all of it ----------------

def _old_teaser_list(el, tree):
    """_teaser_list as it was."""
    if el.tag not in ("ul", "ol", "div", "section", "dl") or tree.density(el) < mainbody.TEASER_LINK_SHARE:
        return False
    if len(el) < mainbody.TEASER_MIN_ITEMS:
        return False
    shapes = {}
    for c in el:
        if type(c.tag) is str:
            shapes.setdefault((c.tag, c.get("class") or ""), []).append(c)
    if not shapes:
        return False
    key, items = max(shapes.items(), key=lambda kv: len(kv[1]))
    para = key[0] == "p"
    if len(items) < mainbody.TEASER_MIN_ITEMS or key[0] == "br" or (not para and mainbody._class_weight(el) > 0):
        return False
    led = 0
    need = max(mainbody.TEASER_MIN_ITEMS, len(items) * 0.8)
    left = len(items)
    for c in items:
        if led + left < need:
            return False
        left -= 1
        if para:
            if (c.text or "").strip() or not len(c) or tree.text.get(c, 0) > mainbody.TEASER_PARAGRAPH_MAX:
                continue
            a = c[0] if c[0].tag == "a" else next(c[0].iterdescendants("a"), None)
        else:
            a = next(c.iterdescendants("a"), None)
        if a is not None and len("".join(a.itertext()).strip()) >= mainbody.TEASER_MIN_LINK:
            led += 1
    return led >= need


def _assert_teasers_as_before(text, blocks, chains) -> int:
    tree = mainbody._Tree(text, blocks, chains)
    found = 0
    for a, _ in tree.down:
        new = mainbody._teaser_list(a, tree)
        assert new == _old_teaser_list(a, tree)
        found += new
    return found


_TEASER_ITEMS = ["<li><a href='/a'>  A linked teaser title here</a></li>", "<li><a href='/b'>Short</a> and text</li>",
                 "<li><a href='/h'>         Short one       </a></li>",
                 "<li><a href='/c'>\n  <b>Bold</b> title of a teaser  </a></li>", "<li>Lead <a href='/d'>link</a></li>",
                 "<li class='x'><span><a href='/e'>Nested teaser title link</a></span></li>",
                 "<p><a href='/f'>Paragraph teaser title link</a> standfirst</p>", "<p>Prose with a <a href='/g'>link</a></p>"]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(_TEASER_ITEMS), min_size=1, max_size=8),
       st.sampled_from(["ul", "div", "section", "ol", "dl", "span"]), st.sampled_from(["", " class='related'", " class='article-content'"]))
def test_teaser_list_as_before_on_generated_lists(items, tag, names):
    page = ("<html><body><h1>T</h1><p>%s</p><%s%s>%s</%s></body></html>"
            % (_SENTENCE * 3, tag, names, "".join(items), tag)).encode()
    with pytest.MonkeyPatch.context() as mp:
        for args in _marked(page, mp):
            _assert_teasers_as_before(*args)


@pytest.mark.skipif(not REALPAGES.is_dir(), reason="../shared/realpages not present")
def test_teaser_list_as_before_on_real_pages(monkeypatch):
    found = 0
    for raw in _real_pages(25):
        for args in _marked(raw, monkeypatch):
            found += _assert_teasers_as_before(*args)
    assert found >= 20
