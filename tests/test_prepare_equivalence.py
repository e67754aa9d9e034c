"""The HTML parser's page preparation gives, character for character, what it gave
before it found its markup in one pass and patched the UTF-8 instead of encoding the
prepared page again; and the bytes libxml2 reads are the prepared page in UTF-8.

The old definition is kept here, as it was (read/parse/html.py ``_prepare`` and
read/parse/limits.py ``bound_markup`` at ca3f6eb). Compared on generated markup full of
the cases each pass exists for, on the corpus pages and (when present) the real pages.
"""
from __future__ import annotations

import gzip
import re
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from auditor.read import decode as decode_module
from auditor.read.decode import decode
from auditor.read.parse import html, limits

ROOT = Path(__file__).resolve().parent.parent
REAL = Path("/work/shared/realpages")

# ---------------------------------------------------------------- the old definition

_OLD_XML_DECL = re.compile(r"^(\ufeff?\s*)<\?xml[^>]*>")
_OLD_BAD_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
_OLD_LONE_CR = re.compile(r"\r(?!\n)")
_OLD_END_DOC_TAGS = re.compile(r"</(?:html|body)\s*>", re.I)
_OLD_NOSCRIPT = re.compile(r"(?is)(<noscript\b[^>]*>)(.*?)(</noscript\s*>)")
_OLD_NOT_NEWLINE = re.compile(r"[^\n]")
_OLD_DOCTYPE_SUBSET = re.compile(r"<!DOCTYPE[^\[>]*(\[[^\]]*\])\s*>", re.I)
_OLD_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.S)


def _old_blank(text, spans):
    parts = []
    pos = 0
    for a, b in spans:
        parts.append(text[pos:a])
        parts.append(_OLD_NOT_NEWLINE.sub(" ", text[a:b]))
        pos = b
    parts.append(text[pos:])
    return "".join(parts)


def _old_excess_attributes(text, many, more):
    spans = []
    pos = 0
    comments = None
    while True:
        m = many.search(text, pos)
        if m is None:
            return spans
        if comments is None:
            comments = [(c.start(), c.end()) for c in _OLD_COMMENT.finditer(text)]
        inside = next((c for c in comments if c[0] < m.start() < c[1]), None)
        if inside is not None:
            pos = inside[1]
            continue
        keep_end = m.end(1)
        end = more.match(text, keep_end).end()
        spans.append((keep_end, end))
        pos = end


def _old_bound_markup(text, many, more):
    if "<!" in text:
        m = _OLD_DOCTYPE_SUBSET.search(text, 0, 1_000_000)
        if m is not None:
            text = _old_blank(text, [m.span(1)])
    spans = _old_excess_attributes(text, many, more)
    if spans:
        text = _old_blank(text, spans)
    return text


def _old_many_attributes(limit):
    attr = limits._ATTR
    return re.compile(f"(<[A-Za-z][^\\s/>]*+{attr}{{{limit}}}){attr}")


def _old_prepare(source, many=_old_many_attributes(limits.MAX_ATTRIBUTES), more=limits._MORE_ATTRS):
    text = source
    m = _OLD_XML_DECL.match(text)
    if m:
        a, b = m.start() + len(m.group(1)), m.end()
        text = text[:a] + " " * (b - a) + text[b:]
    if text.startswith("\ufeff"):
        text = " " + text[1:]
    if _OLD_BAD_CHARS.search(text):
        text = _OLD_BAD_CHARS.sub(" ", text)
    if "\r" in text:
        text = _OLD_LONE_CR.sub("\n", text)
    if "noscript" in text or "NOSCRIPT" in text or "NoScript" in text:
        text = _OLD_NOSCRIPT.sub(lambda m: m.group(1) + _OLD_NOT_NEWLINE.sub(" ", m.group(2)) + m.group(3), text)
    return _OLD_END_DOC_TAGS.sub(lambda m: " " * len(m.group(0)), _old_bound_markup(text, many, more))


# ---------------------------------------------------------------- the comparison


@contextmanager
def _attribute_limit(limit: int):
    """The new code with a low attribute limit, so that generated tags reach it."""
    saved = limits._MANY_ATTRS
    limits._MANY_ATTRS = limits.many_attributes(limit, name=limits._SEARCH_NAME)
    try:
        yield
    finally:
        limits._MANY_ATTRS = saved


def _same(source: str, limit: int | None = None) -> str:
    if limit is None:
        new = html._prepare(source)
        old = _old_prepare(source)
    else:
        with _attribute_limit(limit):
            new = html._prepare(source)
        old = _old_prepare(source, _old_many_attributes(limit), limits._MORE_ATTRS)
    assert new == old
    assert html._utf8(new) == new.encode("utf-8")
    return new


PIECES = [
    "<a", "<a<", "<<", "<b", "<", ">", "/", " ", "\n", "\r", "\r\n", "\t", "=", '"', "'", "a", "B", "x1", "é", "中", "\U0001f600",
    "<div", "<p ", " a", " b=", "=c", '="v"', "='>'", '=">"', "<!--", "-->",
    "<noscript>", "</noscript>", "<NOSCRIPT >", "<noscript", "<noscript x", "</NoScript\n>", "<NOScript>", "<noscriptx>", "noscript",
    "<noſcript>", "</noscrıpt>",
    "</html>", "</HTML>", "</Html >", "</body\n>", "</BODY>", "</bOdY\t>", "</html", "</body\u3000>",
    "<!DOCTYPE html>", "<!doctype x [", "<!doctype", "<!DOCTYPE x", "<!doctype [", "]>", "[", "]", "<!DocType html [ <!ENTITY e 'v'> ]>", "<!",
    "\x00", "\x08", "\x0b", "\x1f", "\x7f", "\ud800", "\udfff", "\ufffe", "\uffff", "\ufeff", "\x85", "\xa0",
    "<?xml version='1.0'?>",
]
MARKUP = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)


@settings(max_examples=1500, deadline=None)
@given(MARKUP)
def test_prepare_equals_the_old_definition(source):
    _same(source)


@settings(max_examples=800, deadline=None)
@given(MARKUP, st.integers(min_value=0, max_value=3))
def test_prepare_equals_the_old_definition_with_attribute_floods(source, limit):
    _same(source, limit)


def test_prepare_on_cases_each_pass_exists_for():
    for source in [
        "",
        "<p>plain</p></body></html>",
        '<?xml version="1.0"?>\ufeff<html><body>x</body></html>',
        "\ufeff<p>bom</p>",
        "<p>a\x00b\ud800c\ufffe\r\nd\re</p><noscript><div></noscript><p>after</p></body>\n</HTML>",
        "<NOScript><div></NOSCRIPT> noscript <noScript>x\ny</noscript></html>",
        "<noscript><p>never closed",
        '<!DOCTYPE html [\n <!ENTITY x "</html>">\n]>\n<html><body>x</body></html>',
        "<!DOCTYPE </html[ x ]\n>",  # the subset, once blanked, lets the end tag match
        "<x " + " ".join(f"a{i}='>'" for i in range(limits.MAX_ATTRIBUTES + 3)) + " z=q</html >",
        "<!-- <x " + " ".join(f"a{i}" for i in range(limits.MAX_ATTRIBUTES + 3)) + "> --></body>",
        'é<p title="<noscript>">"</noscript>" a b c</p>中</body>',
        # a DOCTYPE start blanked by the noscript pass, then one that counts
        "<noſcript><!DocType html [ <!ENTITY e 'v'> ]></NoScript\n><!DocType html [ <!ENTITY e 'v'> ]>",
    ]:
        _same(source)


def test_utf8_patch_on_text_far_from_the_blanked_markup():
    # byte offsets found from both ends of the page, with wide characters on both sides
    middle = "中文 é 𝒳 " * 5000
    for source in (f"<noscript>{middle}</noscript>{middle}</body>{middle}</html>",
                   f"{middle}<noscript>é</noscript>{middle}<noscript>中</noscript>{middle}</body></html>"):
        _same(source)


def test_bytes_from_decode_are_reused_only_for_the_very_text():
    data = "<p>中文 café</p><noscript><b>x</b></noscript></body></html>".encode()
    text = decode(data).text
    assert decode_module.decoded_utf8(text) is data
    assert decode_module.decoded_utf8(text[:]) is data  # (a whole-str slice is the same object)
    assert decode_module.decoded_utf8("".join([text[:3], text[3:]])) is None
    _same(text)
    bom = decode(b"\xef\xbb\xbf<p>x</p>").text
    assert decode_module.decoded_utf8(bom) == b"<p>x</p>"
    nul = decode(b"<p>" + b"text " * 100 + b"a\x00b</p>").text  # NUL replaced: not the bytes any more
    assert decode_module.decoded_utf8(nul) is None
    latin = decode("<meta charset=latin1><p>café</p>".encode("cp1252")).text
    assert decode_module.decoded_utf8(latin) is None


def _pages():
    yield from sorted((ROOT / "corpora" / "pages").glob("*.htm*"))
    if REAL.is_dir():
        yield from sorted(REAL.glob("aeb/html/*.html.gz"))
        yield from sorted(REAL.glob("zh-news/**/*.html"))
    seeds = Path("/work/shared/seeds")
    if seeds.is_dir():
        yield from sorted(p for p in seeds.rglob("*") if p.suffix in (".html", ".htm"))


def test_prepare_on_corpus_and_real_pages():
    checked = 0
    for path in _pages():
        data = path.read_bytes()
        if path.suffix == ".gz":
            data = gzip.decompress(data)
        try:
            text = decode(data).text
        except Exception:  # binary seeds
            continue
        _same(text)
        checked += 1
    assert checked > 20
    if not REAL.is_dir():
        pytest.skip("real pages absent: compared on the corpus only")


# ---------------------------------------------------------------- the attribute search

RUNS = st.lists(st.sampled_from(
    ["<a", "<b", "<", "<1", "x", " ", "\n", "/", ">", "=", '"', "'", " c", " c c", " d=", '"v"', "<!--", "-->",
     "<a<!--<b", "中"]),
    max_size=30).map("".join)


@settings(max_examples=1500, deadline=None)
@given(RUNS, st.integers(min_value=0, max_value=3))
def test_attribute_search_finds_what_the_plain_search_found(text, limit):
    # names that stop before another tag's "<", then the plain search's start: same spans,
    # and the same tags skipped for lying in a comment
    with _attribute_limit(limit):
        new = limits.excess_attributes(text)
    assert new == _old_excess_attributes(text, _old_many_attributes(limit), limits._MORE_ATTRS)


def test_attribute_search_on_runs_of_tag_starts():
    many = " ".join(f"x{i}" for i in range(limits.MAX_ATTRIBUTES + 3))
    for text in (f"<a<a<b {many}>", f"<a<!--<b {many} -->", f"<!-- x<a --><b<a {many}>",
                 f"<a {many}><a<a {many}><<a<1<b {many}>"):
        assert limits.excess_attributes(text) == _old_excess_attributes(
            text, _old_many_attributes(limits.MAX_ATTRIBUTES), limits._MORE_ATTRS)
        _same(text)


def test_attribute_search_is_linear_on_runs_of_tag_starts():
    # the plain search took 19 s on 80 KB of "<a" (each start rescanned the run); now
    # a megabyte takes well under a second
    import time

    text = "<a" * 500_000
    started = time.process_time()
    assert limits.excess_attributes(text) == []
    assert time.process_time() - started < 2


def test_noscript_pass_is_linear_on_unclosed_noscripts():
    # each unclosed <noscript> used to be tried over the rest of the page (88 KB: 10 s)
    import time

    for text in ("<noscript>x" * 50_000, "<noscript x" * 50_000, "<noscriptx>" * 20_000 + "<noscript>a</noscript>"):
        started = time.process_time()
        html._prepare(text)
        assert time.process_time() - started < 2
    _same("<noscriptx>" * 200 + "<noscript>a</noscript>" + "<noscript>" * 200)


def test_doctype_pass_is_linear_on_unfinished_doctypes():
    import time

    for text in ("<!doctype x" * 20_000, "<!doctype [" * 20_000, "<!doctype x" * 5_000 + "<!DOCTYPE y [ z ]>"):
        started = time.process_time()
        html._prepare(text)
        assert time.process_time() - started < 2
        _same(text[:3000] + "<!doctype [ <!doctype x ] y [ z ] >")


DOCTYPES = st.lists(st.sampled_from(
    ["<!doctype", "<!DOCTYPE ", " x", "[", "]", ">", " ", "\n", "]>", "<!", "<p>", "y"]), max_size=30).map("".join)


@settings(max_examples=1500, deadline=None)
@given(DOCTYPES)
def test_doctype_subset_at_the_found_starts_is_the_searched_one(text):
    starts = [m.start() for m in re.finditer("(?i)<!doctype", text)]
    assert limits.doctype_subset(text, starts) == limits.doctype_subset(text)
    # starts a pass before blanked are tried too, and fail
    blanked = text.replace("<!doctype", "         ", 1)
    assert limits.doctype_subset(blanked, starts) == limits.doctype_subset(blanked)


# ---------------------------------------------------------------- same-length blanking

BLANKABLE = st.lists(st.sampled_from(["\n", "\r", "\r\n", " ", "\t", "a", "é", "中", "\U0001f600", "\u2028", "\x85", "<", ">"]),
                     max_size=40).map("".join)


@settings(max_examples=1500, deadline=None)
@given(BLANKABLE)
def test_blanking_keeps_only_line_breaks(s):
    # (the regex made one match per character; the fast form splits on line breaks)
    assert limits.blanked(s) == _OLD_NOT_NEWLINE.sub(" ", s)
    spans = [(0, len(s) // 3), (len(s) // 2, len(s))]
    assert limits.blank(s, spans) == _old_blank(s, spans)


def test_bad_character_check_on_every_control_and_its_neighbours():
    # each byte looked for apart: a byte left out of the list would be missed only here
    for code in [*range(0x00, 0x100), 0x2028, 0xfffd, 0xfffe, 0xffff, 0x1f600]:
        for text in (chr(code), f"中{chr(code)}é", f"<p>{chr(code)}</p>" * 3):
            assert html._has_bad_chars(text) == (html._BAD_CHARS.search(text) is not None), hex(code)
    # the bytes are searched a stretch at a time: a control on either side of a boundary,
    # in a later stretch, or at the very end is found
    chunk = html._BAD_CHUNK
    page = "é" + "a" * (2 * chunk + 10)
    for at in (chunk - 2, chunk - 1, chunk, chunk + 1, 2 * chunk - 1, 2 * chunk + 5, len(page) - 1):
        for control in ("\x00", "\x1f", "\x7f"):
            text = page[:at] + control + page[at + 1:]
            assert html._has_bad_chars(text) and html._BAD_CHARS.search(text), (at, control)
    assert not html._has_bad_chars(page)
