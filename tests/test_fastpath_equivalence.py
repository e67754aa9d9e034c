"""Shortcuts of the HTML parser and the recognizers give what the code they replaced gave.

- The walk hands mainbody each block's chain of ancestors (its owner and the owner's
  ancestors below <body>), collected on the way down; mainbody used to climb the tree for
  each block's owner with ``getparent``. The tests climb the tree the old way and compare.
- libxml2 reads the page as UTF-8 bytes (whatever its ``<meta charset>`` says) instead of
  the ``str``; the tests compare the trees the two build.
- An element's state (cues, hidden, its link) is read from its attributes for each element;
  it used to be remembered under the whole attribute set. A Hypothesis property compares
  the two on generated pages, the cues' iteration order included.
- Blocks relabelled by mainbody, comments, segments and link entities are made by filling the instance
  dictionary, not by the frozen dataclasses' ``__init__``; the tests compare the objects.

On the corpus, the hostile inputs, odd markup and (when present) the real pages. No timings.
"""
from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from auditor.read.decode import decode
from auditor.read.parse import html

ROOT = Path(__file__).resolve().parent.parent


def _climb(el) -> tuple:
    """An element and its ancestors below <body>, nearest first (mainbody's old _chain)."""
    path = []
    while el is not None:
        tag = el.tag
        if type(tag) is not str or tag in ("body", "html"):
            break
        path.append(el)
        el = el.getparent()
    return tuple(path)


def _walk(source: str) -> html._Walker | None:
    prepared = html._prepare(source)
    root, fatal = html._build_tree(prepared)
    if root is None or fatal:
        return None
    walker = html._Walker(prepared)
    walker.walk(root)
    return walker


_STR_PARSER = etree.HTMLParser(recover=True, no_network=True, remove_comments=False, remove_pis=True,
                               huge_tree=True, default_doctype=False)  # (the parser as it was: reads a str)


def _shape(root) -> list:
    return [(el.tag, el.sourceline, el.text, el.tail, el.items()) for el in root.iter()]


def _same_tree_from_bytes(prepared: str) -> None:
    """The tree built from UTF-8 bytes is the tree lxml built from the str."""
    root, _ = html._build_tree(prepared)
    try:
        old = etree.fromstring(prepared, _STR_PARSER)
    except (etree.ParserError, etree.XMLSyntaxError):
        old = None
    assert (root is None) == (old is None)
    if root is not None:
        assert _shape(root) == _shape(old)
        assert [_shape(n) for n in root.itersiblings(preceding=True)] == [
            _shape(n) for n in old.itersiblings(preceding=True)]


def _check(source: str) -> int:
    _same_tree_from_bytes(html._prepare(source))
    walker = _walk(source)
    if walker is None:
        return 0
    assert len(walker.chains) == len(walker.blocks)
    for chain in walker.chains:
        assert chain == (_climb(chain[0]) if chain else ())
    return len(walker.chains)


def _html_files(folder: Path):
    for path in sorted(folder.iterdir()):
        if path.suffix in (".html", ".htm"):
            yield path


def test_walk_chains_equal_climbing_the_tree_on_the_corpus():
    blocks = sum(_check(decode(p.read_bytes()).text) for p in _html_files(ROOT / "corpora" / "pages"))
    assert blocks > 500


def test_walk_chains_equal_climbing_the_tree_on_hostile_and_odd_markup():
    odd = [
        "<p>before body?</p><body><div><a href='/x'><div>block in a link</div></a></div></body>",
        "<title>t</title><html><body><table><tr><td><span>cell<br>two</span></td></tr></table>",
        "<div><input type=submit value=Send><ul><li>one<li>two</ul><noscript><div>x</noscript></div>",
        "<body><body class=x><div>nested body tag</div></body></body>",
        "<svg><text>skipped</text></svg><div hidden><p>hidden text</p></div><o:p>office</o:p>",
        "text without any markup",
        '<html><head><meta charset="gbk"></head><body><p>中文页面，声明的是 GBK。</p></body></html>',
        '<meta http-equiv="Content-Type" content="text/html; charset=big5"><p>繁體 café ünïcödé \u00a0 ✓ 𝒳</p>',
        '<?xml version="1.0" encoding="iso-8859-1"?><html><body><p>déclaré latin-1</p></body></html>',
        "<p>Latin-1 range only: \xe9\xa0\xff</p>",
        "",
        "   ",
        "<!-- only a comment -->",
    ]
    for source in odd:
        _check(source)
    for path in _html_files(ROOT / "tests" / "hostile"):
        _check(decode(path.read_bytes()).text)


def test_walk_chains_equal_climbing_the_tree_on_real_pages(realpages_dir):
    pages = sorted((realpages_dir / "aeb" / "html").glob("*.html.gz"))[::6]
    pages += sorted((realpages_dir / "zh-news").glob("**/*.html"))[::3]
    if not pages:
        pytest.skip("no real pages")
    blocks = 0
    for path in pages:
        data = path.read_bytes()
        blocks += _check(decode(gzip.decompress(data) if path.suffix == ".gz" else data).text)
    assert blocks > 1000


def test_with_cues_is_the_block_replace_makes():
    from dataclasses import replace

    from auditor.model.document import Block
    from auditor.read.parse import with_cues

    block = Block(start=3, end=9, line=2, column=5, tag="h2", heading=2, cues=frozenset({"nav"}), link_chars=4,
                  hidden=True)
    made = with_cues(block, frozenset({"nav", "core"}))
    expected = replace(block, cues=frozenset({"nav", "core"}))
    assert made == expected and repr(made) == repr(expected) and hash(made) == hash(expected)
    assert made.__dict__ == expected.__dict__ and list(made.__dict__) == list(expected.__dict__)
    assert block.cues == frozenset({"nav"})  # the original is left alone


def test_link_entities_are_the_entities_the_dataclass_makes():
    """links.recognize makes each link entity with model.document.filled: the same
    objects as ``Entity(...)``, hidden links and repeated hrefs included."""
    from auditor.model.document import Document, Entity, Link
    from auditor.read.normalize import normalize
    from auditor.recognize import links
    from auditor.recognize.profile import Profile

    PROFILE = Profile("test")
    text = "Home News Partner Mail Again Hidden"
    hrefs = ["/", " https://news.example.com/a ", "https://partner.org/x?y=1", "mailto:a@b.c",
             "https://partner.org/x?y=1", "https://partner.org/x?y=1"]
    page = [Link(href, 5 * i, 5 * i + 4, hidden=(i == 5)) for i, href in enumerate(hrefs)]
    doc = Document(source="p.html", format="html", encoding="utf-8", text=text, links=tuple(page),
                   meta={"url": "https://www.example.com/p"})
    found = links.recognize(doc, normalize(text), PROFILE)
    expected = []
    for link in page:
        href = link.href.strip()
        host = links._link_host(href)  # (what a link is, read link by link)
        if host is None:
            continue
        verdict = (links._host_verdict(host, PROFILE, links.page_hosts(doc), None) if host
                   else ("www.example.com", "internal", "relative link: stays on the same site"))
        expected.append(Entity("link", link.start, link.end, *verdict, (("href", href), ("hidden", bool(link.hidden)))))
    assert [e.label for e in found] == ["internal", "internal", "external", "external", "external"]
    assert found == expected and [repr(e) for e in found] == [repr(e) for e in expected]
    assert [list(e.__dict__.items()) for e in found] == [list(e.__dict__.items()) for e in expected]
    assert found[-1].attr("hidden") is True and found[-2].attr("hidden") is False


def test_new_comment_is_the_comment_the_dataclass_makes():
    from auditor.model.document import Comment

    made, expected = html._new_comment(["auditor: ignore", 3, 7, 120]), Comment("auditor: ignore", 3, 7, 120)
    assert made == expected and repr(made) == repr(expected) and hash(made) == hash(expected)
    assert list(made.__dict__.items()) == list(expected.__dict__.items())


def test_segments_are_the_segments_the_dataclass_makes():
    from dataclasses import fields

    from auditor.model.document import Segment
    from auditor.read.pipeline import load_document

    checked = 0
    for path in _html_files(ROOT / "corpora" / "pages"):
        for seg in load_document(path.read_bytes(), str(path)).segments:
            expected = Segment(*(getattr(seg, f.name) for f in fields(Segment)))
            assert seg == expected and repr(seg) == repr(expected) and hash(seg) == hash(expected)
            assert list(seg.__dict__.items()) == list(expected.__dict__.items())
            checked += 1
    assert checked > 200


def test_the_bytes_libxml2_reads_are_the_prepared_page_in_utf8():
    # _build_tree reuses the encoding _has_bad_chars made when _prepare changed nothing
    for source in ("<p>plain ASCII</p>", "<p>中文 café\xa0✓ 𝒳</p>", "<p>a\x00b</p><noscript><div></noscript>",
                   "<p>\ud800 lone surrogate</p>", "<p>x</p></body></html><p>after</p>"):
        prepared = html._prepare(source)
        assert html._utf8(prepared) == prepared.encode("utf-8")
    unrelated = "<p>not the page _prepare saw last</p>"
    assert html._utf8(unrelated) == unrelated.encode("utf-8")


# -- an element's state: read from its attributes, against the attribute-set cache it replaced --

def _cached_ctx_of(cache: dict):
    """``_Walker.ctx_of`` as it was (issue 11): the effect of an element's tag and attributes
    remembered under the whole attribute set (an ``<a>``'s href left out), cues built in a set
    and frozen. The reference the plain read is compared with, cues' iteration order included."""
    def effect(tag, items):
        is_doc = tag == "body" or tag == "head"
        add: set = set()
        hides = is_open = False
        n_itemprop = 0
        for name, val in items:
            if name == "class" or name == "id":
                if val and not is_doc:
                    cues, h, modal_hides = html._class_info(val)
                    add |= cues
                    if h or (modal_hides and tag not in html.INLINE_TAGS):
                        hides = True
            elif name == "style":
                if val and html._DISPLAY_NONE.search(val):
                    hides = True
            elif name == "role":
                if not is_doc:
                    for r in val.lower().split():
                        rc = html.ROLE_CUES.get(r)
                        if rc:
                            add.update(rc)
                            if rc[0] == "dialog":
                                hides = True
            elif name == "hidden":
                hides = True
            elif name == "aria-hidden":
                hides = hides or val.strip().lower() == "true"
            elif name == "aria-modal":
                if val.strip().lower() == "true" and not is_doc:
                    add.add("dialog")
                    hides = True
            elif name == "open":
                is_open = True
            elif name == "itemprop":
                n_itemprop += 1
        tag_cue = html.TAG_CUES.get(tag)
        if tag_cue is not None:
            add.add(tag_cue)
            if tag == "dialog" and not is_open:
                hides = True
        cues = frozenset(add)
        return cues, cues | html._HIDDEN_CUE, hides, n_itemprop

    def ctx_of(self, el, tag, parent, items, text=None):
        href = None
        if tag == "a":
            hrefs = [v for k, v in items if k == "href"]
            rest = [kv for kv in items if kv[0] != "href"]
            for v in hrefs[:-1]:
                self.links.append([v.strip(), None, None, False])
            href = hrefs[-1] if hrefs else None
            key = ("a", None, *rest) if hrefs else ("a", *items)
            attrs = rest
        elif not len(el) and not text and tag not in html.INLINE_TAGS and ":" not in tag:
            for k, _ in items:
                if k == "itemprop":
                    self.meta_element(el, tag)
            return parent
        else:
            key, attrs = (tag, *items), items
        if key not in cache:
            cache[key] = effect(tag, attrs)
        add, add_hidden, hides, n_itemprop = cache[key]
        for _ in range(n_itemprop):
            self.meta_element(el, tag)
        hidden = parent.hidden
        if hides and not hidden:
            self.n_hidden += 1
            hidden = self.n_hidden
            add = add_hidden
        if href is not None:
            link = [href.strip(), None, None, hidden is not False]
            self.links.append(link)
        elif not add and hidden == parent.hidden:
            return parent
        else:
            link = parent.link
        return html._Ctx(parent.cues | add if add else parent.cues, hidden, link)

    return ctx_of


def _walked(source: str) -> tuple:
    walker = _walk(source)
    if walker is None:
        return ()
    page = walker.result()
    # (blocks compared as values: equal cue sets may print in different orders)
    return page.blocks, page.links, page.text, page.meta, walker.n_hidden


_CLASS_WORDS = ["nav", "menu-item", "modal", "popup-close", "hidden", "d-none", "card-header", "site-footer",
                "hero-overlay", "btn", "cookie-banner", "breadcrumb", "x1", "is-open", "share-bar", "Dialog"]
_ATTRS = {
    "class": st.lists(st.sampled_from(_CLASS_WORDS), min_size=1, max_size=3).map(" ".join),
    "id": st.sampled_from(["footer", "mainNav", "c1", "tanchuang", ""]),
    "style": st.sampled_from(["color:red", "display: none", "Visibility:hidden;x:y", ""]),
    "role": st.sampled_from(["navigation", "dialog button", "alert", "presentation", "MAIN"]),
    "hidden": st.just(""),
    "aria-hidden": st.sampled_from(["true", "false", " TRUE "]),
    "aria-modal": st.sampled_from(["true", "false"]),
    "open": st.just(""),
    "itemprop": st.sampled_from(["datePublished", "name"]),
    "content": st.just("2024-05-06"),
    "href": st.sampled_from(["/a", " /b ", ""]),
    "data-x": st.sampled_from(["1", "z" * 40]),
}
_TAGS = ["div", "p", "a", "span", "nav", "dialog", "li", "strong", "section", "footer", "button", "img", "meta"]


@st.composite
def _pages(draw, depth=0):
    parts = []
    for _ in range(draw(st.integers(1, 3))):
        tag = draw(st.sampled_from(_TAGS))
        names = draw(st.lists(st.sampled_from(sorted(_ATTRS)), max_size=4, unique=True))
        attrs = "".join(f' {n}="{draw(_ATTRS[n])}"' for n in names)
        inner = draw(_pages(depth + 1)) if depth < 3 and draw(st.booleans()) else draw(
            st.sampled_from(["", "text", "更多文字", " two words "]))
        parts.append(f"<{tag}{attrs}>{inner}</{tag}>" + draw(st.sampled_from(["", " tail", "\n"])))
    return "".join(parts)


@settings(max_examples=300, deadline=None)
@given(_pages())
def test_element_state_read_from_attributes_is_what_the_attribute_cache_gave(source):
    page = f"<html><body>{source}</body></html>"
    plain = _walked(page)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(html._Walker, "ctx_of", _cached_ctx_of({}))
        assert _walked(page) == plain


_A_START = __import__("re").compile(r"<a(?=[ >])")
_IGNORED = ' data-z="1"'


def _with_and_without_ignored_attribute(page: str) -> tuple[str, str]:
    """``page`` with an attribute the walk ignores on every link, and with as many spaces
    there instead (the same length: the blocks' columns stay put)."""
    return _A_START.sub("<a" + _IGNORED, page), _A_START.sub("<a" + " " * len(_IGNORED), page)


@settings(max_examples=300, deadline=None)
@given(_pages())
def test_a_bare_link_read_by_the_walk_is_what_ctx_of_gives(source):
    # The walk reads a link whose only attribute is its href itself, without ctx_of. An
    # attribute the walk ignores (data-z) sends every link through ctx_of instead: the
    # page reads the same, its links, hidden state and dialog numbers included.
    with_attribute, plain = _with_and_without_ignored_attribute(f"<html><body>{source}</body></html>")
    assert _walked(with_attribute) == _walked(plain)


def test_a_bare_link_read_by_the_walk_on_a_page_with_hidden_and_nested_links():
    page = ('<html><body><div hidden><a href=" /x ">one</a></div><p><a href="/y"><b>two</b></a> and '
            '<a href="">three</a></p><div class="modal"><a href="/z">four</a></div>'
            '<a href="/e"></a><span style="display:none"><a href="/h">five</a></span></body></html>')
    with_attribute, plain = map(_walked, _with_and_without_ignored_attribute(page))
    assert "'/x'" in repr(plain[1]) and "'/h'" in repr(plain[1]) and plain[4] == 3  # (three hiding elements)
    assert with_attribute == plain


_LINE_BREAKS = st.sampled_from(["", "\n", "\n" * 3, "\n" * 49, "\n" * 50, "\n" * 51, "\n" * 52, "\n" * 120])
# Markup pieces; a piece may be cut by line breaks where it has a "|" (a start tag ending
# many lines below its "<": the window reaches BACK_LINES up from the line it ends on).
_PIECES = st.sampled_from([
    "<div>", "</div>", "<DIV class=x>", "<Div|>", "<div|class=y>", "<p>", "<P>", "</p>", "<p|>", "<li>", "<li><li>",
    "<ul>", "</ul>", "<table><td>", "<td>", "</td>", "<tr>", "<section|>", "</section>", "<h2>", "</h2>", "<br>",
    "<BR/>", "<br|>", "<span>", "</span>", "<a href=/x>", "</a>", "<b><p>", "</b>", "<form><p></form>",
    "<select><option>o", "<!-- c -->", "<!--<div>-->", "<!--|-->", '<script>var s = "<div><p>";</script>',
    "<script>|</script>", "<style>p{}</style>", "<svg><p>x</p></svg>", "<title>T</title>",
    "<input type=submit value=Go>", "<divx>", "<pre>", "text", "more|text", "文字", " ",
])


def _windows_agree(page: str) -> None:
    """The walk locates start tags in ``page`` as locate's rules do (the walk looks the
    window of a tag on a line of the index up in _Locator.lows; top 0 makes it work every
    window out by those rules)."""
    prepared = html._prepare(page)
    root, fatal = html._build_tree(prepared)
    if root is None or fatal:
        return
    results = []
    for top in (None, 0):
        walker = html._Walker(prepared)
        if top is not None:
            walker.loc.top = top
        walker.walk(root)
        result = walker.result()
        results.append((repr(result.blocks), repr(result.comments), walker.loc.cursor))
    assert results[0] == results[1]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(_PIECES, _LINE_BREAKS, _LINE_BREAKS), min_size=1, max_size=40))
def test_start_tag_windows_looked_up_are_the_windows_locate_works_out(pieces):
    _windows_agree("<html><body>" + "".join(p.replace("|", inside) + after for p, inside, after in pieces)
                   + "</body></html>")


@pytest.mark.parametrize("page", [
    # a start tag ending BACK_LINES - 1 ... BACK_LINES + 2 lines below its "<"
    *(f"<html><body>text\n\n\n<div{chr(10) * k}>x</div></body></html>" for k in (49, 50, 51, 52)),
    *(f"<html><body><p>a</p>\n<p{chr(10) * k}>x</p></body></html>" for k in (49, 50, 51, 52)),
    # the cursor ran ahead of a tag (libxml2 ends the comment at "--!>", locate at "-->")
    "<html><body><!-- a --!><div>x</div>\n\n<p>y</p> --></body></html>",
    "<html><body>\n<!-- a --!>\n<div>x</div>\n\n<p>y</p>\n<p>z</p> -->\n<p>w</p></body></html>",
])
def test_start_tag_windows_at_their_edges(page):
    _windows_agree(page)
