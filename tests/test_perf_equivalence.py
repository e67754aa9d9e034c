"""Fast paths added for speed give exactly what the general code gives.

Each test compares a shortcut with the code it stands in for, on generated and real text
(benchmarks/README.md says why each shortcut exists). No timings here.
"""
from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from auditor.read import lexicon as lexmod
from auditor.read import zh
from auditor.read.normalize import normalize
from auditor.read.pipeline import default_lexicons

ASCII_TEXT = st.text(
    alphabet=st.sampled_from(list("abcxyz019 .-_%&#+,;:!?()/'\"\r\n\tAZ’“”…é©\xa0\u2014\u2e7f")), min_size=0, max_size=60
)


def _jieba_bounds(window: str) -> frozenset:
    return zh._jieba_bounds(window.translate(zh._t2s_table()))


def test_dictionary_and_t2s_table_leave_ascii_alone():
    # The ASCII shortcut of zh.on_token_boundaries relies on these two facts.
    words = [line.split(" ", 1)[0] for line in zh.DICTIONARY.read_text("utf-8").splitlines() if line.strip()]
    assert words and not any(any(ord(c) < 128 for c in w) for w in words)
    assert all(k >= ord(zh._CJK_START) for k in zh._t2s_table())


@settings(max_examples=400, deadline=None)
@given(ASCII_TEXT)
def test_ascii_bounds_equal_jieba(window):
    assert zh._ascii_bounds(window) == _jieba_bounds(window)


def test_ascii_bounds_equal_jieba_on_page_text():
    samples = [
        "forward-looking statements, e.g. u.s. phase 2.5 results (50%) & more",
        "v1.2.3-beta_x 3.14% 1.5mg a--b a.b.c #tag c++ AT&T\r\n\r\r\nend",
        "about us | contact | ... ---",
        "it’s “forward-looking” — café © 2019… naïve\xa0text",
    ]
    for text in samples:
        for i in range(len(text) + 1):
            for j in range(i, min(len(text), i + 40) + 1):
                w = text[i:j]
                assert zh._ascii_bounds(w) == _jieba_bounds(w), w


def _old_find(lex, norm, start=0, end=None):
    saved = lexmod._re2_match
    lexmod._re2_match = None
    try:
        return lex._find(norm, start, end)  # (not the hits kept for the page)
    finally:
        lexmod._re2_match = saved


MIXED = st.text(
    alphabet=st.sampled_from(list("about us forward-looking 将军第一唯一本文涉及尚未获批准關於前瞻性陈述 ，。：\n-")),
    min_size=0, max_size=80,
)


@settings(max_examples=200, deadline=None)
@given(MIXED, st.integers(0, 10), st.integers(0, 90))
def test_lexicon_find_equals_wrapper_search(text, start, end):
    norm = normalize(text)
    for lex in default_lexicons().values():
        assert lex.find(norm) == _old_find(lex, norm)
        assert lex.find(norm, start, end) == _old_find(lex, norm, start, end)


def test_lexicon_find_equals_wrapper_search_on_long_text():
    rng = random.Random(7)
    pieces = ["About Northwind", "关于我们", "本文涉及尚未在中国大陆获批准的产品", "forward-looking statements",
              "将军", "第一", "前瞻性陳述", "\n", "。", " ", "ＣＮ－１２３４５６", "é"]
    text = "".join(rng.choice(pieces) for _ in range(3000))
    norm = normalize(text)
    for lex in default_lexicons().values():
        assert lex.find(norm) == _old_find(lex, norm)


@pytest.mark.parametrize("word", ["ab", "x1"])
def test_ascii_word_turns_the_shortcut_off(monkeypatch, word):
    monkeypatch.setattr(zh, "_ascii_words", False)
    monkeypatch.setattr(zh, "_words", dict(zh._words))
    monkeypatch.setattr(zh, "_tokenizer", None)  # leave the process's jieba alone
    zh.add_words([word])
    assert zh._ascii_words is True


LATIN_WORDS = ("the of and will may der und nicht la de les est el los para il che het een yang dan "
               "http://example.com/a www.example.com a@b.cd 123 4.5 _ - , . ' \n it's O'Neil x").split(" ")


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(LATIN_WORDS), max_size=60).map(" ".join))
def test_language_of_ascii_text_equals_script_counts(text):
    from auditor.read import lang

    assert lang._by_script(text) == lang._by_script_counts(lang._sample(text))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(
    ["a", " ", "\n", "\t", "\r", "中", "é", "\x00", "\x08", "\x0b", "\x0c", "\x1f", "\x7f", "\x80",
     "\ud800", "\udfff", "\ufffe", "\uffff", "\ufffd", "\U0001f600"]), max_size=30))
def test_bad_character_check_equals_the_pattern(text):
    from auditor.read.parse import html

    assert html._has_bad_chars(text) == (html._BAD_CHARS.search(text) is not None)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("navBarmenu-_ 12hiddenModalpopFooterİſK\u212aé中")), max_size=30))
def test_class_hint_on_lowered_ascii_equals_ignorecase(names):
    import re

    from auditor.read.parse import html

    if names.isascii():
        assert (html._CLASS_HINT_LOWER.search(names.lower()) is None) == (
            re.search(html._CLASS_HINT_WORDS, names, re.I) is None)


def _old_and_new_patterns():
    """(old pattern, new pattern) pairs: recognizer patterns rewritten for speed."""
    import re

    from auditor.recognize import dates, products

    pats = dates._patterns()
    months = pats["en_mdy"].pattern.split("(?P<mon>", 1)[1].split(")\\.?", 1)[0]
    old = {
        "en_dmy": re.compile(
            rf"(?<![\d.:/-])(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s{{1,2}}(?:of\s)?(?P<mon>{months})(?![a-z])\.?,?\s{{1,2}}(?P<y>\d{{4}})(?!\d)"),
        "zh": re.compile(r"(?<!\d)(?P<y>\d{4})\s{0,2}年\s{0,2}(?P<m>\d{1,2})\s{0,2}月\s{0,2}(?P<d>\d{1,2})\s{0,2}[日号號]"),
        "iso": re.compile(r"(?<![\d.\-/])(?P<y>\d{4})(?P<sep>[-/.])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})(?![\d]|[-/.]\d)"),
        "nct": re.compile(r"(?<![a-z0-9])nct\d{8}(?!\d)"),
        "ctr": re.compile(r"(?<![a-z0-9])ctr20\d{6}(?!\d)"),
        "chictr": re.compile(r"(?<![a-z0-9])chictr(?:\d{10}|-[a-z]{2,4}-\d{8})(?![a-z0-9])"),
    }
    new = {**pats, **{label: rx for label, _, rx in products.TRIAL_IDS}}
    return [(old[k], new[k]) for k in old]


DATEISH = st.lists(st.sampled_from(
    ["2026", "1999", "12", "3", "03", "19", "-", "/", ".", ":", " ", "年", "月", "日", "号", "march", "mar", "sept",
     "of", "th", "1", "0", "a", "x", "nct", "ctr20", "chictr", "12345678", "123456", "-ab-", "9"]), max_size=25).map("".join)


@settings(max_examples=500, deadline=None)
@given(DATEISH)
def test_recognizer_patterns_rewritten_for_speed_match_the_same(text):
    for old, new in _old_and_new_patterns():
        assert [(m.span(), m.groupdict()) for m in old.finditer(text)] == [
            (m.span(), m.groupdict()) for m in new.finditer(text)]


STATUTORY_BITS = st.lists(st.sampled_from(
    ["京", "沪", "icp备", "icp证", "12345678", "号", "-1", "b2", "-", "公网安备", "12345678901234", "(京)", "非经营性",
     "经营性", "2021", "0123", "网药械信息备字", "(2021)", "第", "00159", "药广审", "(文)", "250101", "12345", "衛部",
     "臺北市", "藥廣字第", "1234567890", "號", " ", "x",
     # the parts before each prefilter's text, at their longest (statutory._LEAD)
     "(", ")", "\u3000", "\xa0", "食健", "特医食", "医械", "械", "广审", "(视)", "(声)", ":", "衛", "中", "藥廣字",
     "新北市", "金門縣", "衛部", "icp", "沪 icp 备", "( 京 ) - 非经营性", "( 沪 ) 网药械信息备字",
     "( 京 ) - 非经营性 - 2021 - 0123", "( 沪 ) 网药械信息备字 ( 2021 ) 第 00159 号", "京 食健广审 ( 文 ) 第 : 250101 - 12345 号", "沪 特医食广审 ( 视 ) 第 260101 - 12345 号",
     "京 医械广审 ( 文 ) 第 : 2019011234 号", "浙 icp 备 : 17005035 号 - 1", "鄂 icp 证 : 020001 - 5 号", "京b2 - 12345678",
     "京公网安备 12345678901234 号", "新北市衛中藥廣字第1234567890號"]), max_size=24).map("".join)


@settings(max_examples=1500, deadline=None)
@given(STATUTORY_BITS)
def test_statutory_prefilters_change_nothing(text):
    """Each pattern tried only where its text occurs (statutory._matches_near), against the
    plain scan of the whole text."""
    from auditor.model.document import Document
    from auditor.recognize.profile import load_profile
    from auditor.recognize import statutory

    norm = normalize(text)
    doc = Document(source="t", format="text", encoding="utf-8", text=text)
    profile = load_profile(None)
    fast = statutory.recognize(doc, norm, profile)
    saved = dict(statutory._REQUIRED)
    statutory._REQUIRED.clear()
    try:
        assert statutory.recognize(doc, norm, profile) == fast
    finally:
        statutory._REQUIRED.update(saved)


@settings(max_examples=300, deadline=None)
@given(st.dates(), st.integers(min_value=-10**15, max_value=10**15))
def test_english_dates_and_integers_equal_babel(day, n):
    from babel.dates import format_date
    from babel.numbers import format_decimal

    from auditor.rules import messages

    assert messages.format_date(day, "en") == format_date(day, format="long", locale="en")
    assert messages.format_number(n, "en") == format_decimal(n, locale="en")
    assert messages.format_date(day, "zh-Hans") == format_date(day, format="long", locale="zh_Hans_CN")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab Zé中文國語\u3400\u4dbf\uf900\u2019—，。123")), max_size=60))
def test_segment_script_counts_equal_per_character_counts(text):
    import re

    from auditor.read import segment

    han = len(re.findall(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]", text))
    latin = len(re.findall(r"[A-Za-z\u00c0-\u024f]", text))
    expected = "" if han + latin < 16 else "zh" if han >= 2 and han * 3 >= latin else (
        "en" if latin >= 3 and han == 0 else "")
    assert segment._script(text) == expected


SCRIPT_TEXT = st.text(alphabet=st.sampled_from(list(
    "aZ é ÀÿĀɏḀỿＡｚ中文國語\u3400\uf900あアｱ한\u1100\u00d7\u00f7ß’—，。1_\n") + ["\U00020000", "\ud840", "\udc00"]),
    max_size=60)


def _old_by_script_counts(sample: str):
    """lang._by_script_counts as it was: every class counted on the whole text."""
    import re

    from auditor.read import lang

    latin = lang._count(re.compile(lang._LATIN_RUNS_SRC), sample)
    if not sample or max(sample) < "\u1100":
        han = kana = hangul = 0
    else:
        han_re, kana_re, hangul_re = lang._cjk_re()[:3]
        han, kana, hangul = lang._count(han_re, sample), lang._count(kana_re, sample), lang._count(hangul_re, sample)
    letters = lang._count(lang._LETTER_RUNS, sample)
    return latin, han, kana, hangul, letters


@settings(max_examples=400, deadline=None)
@given(SCRIPT_TEXT)
def test_script_counts_on_non_ascii_characters_equal_counts_on_the_text(text):
    import re

    from auditor.read import lang

    ascii_letters, rest = lang.split_ascii(text)
    assert rest == "".join(ch for ch in text if ord(ch) >= 128)
    latin, han, kana, hangul, letters = _old_by_script_counts(text)
    assert ascii_letters + lang._count(re.compile(lang._LATIN_NONASCII_RUNS_SRC), rest) == latin
    assert ascii_letters + lang._count(lang._LETTER_RUNS, rest) == letters
    if han or kana or hangul:
        han_re, kana_re, hangul_re = lang._cjk_re()[:3]
        assert (lang._count(han_re, rest), lang._count(kana_re, rest), lang._count(hangul_re, rest)) == (han, kana, hangul)


def test_language_of_real_segments_unchanged_by_the_ascii_split(monkeypatch):
    from auditor.read import lang

    texts = ["It’s a naïve café © 2019 — Forward-Looking Statements 前瞻性陈述",
             "您正在离开 AstraZeneca 中国网站", "Die Ergebnisse der Studie wurden veröffentlicht und sind für die Ärzte",
             "これは日本語のテキストです 中文", "한국어 텍스트 입니다", "§ 12 ¶ ×÷", "Ｆｕｌｌｗｉｄｔｈ ｔｅｘｔ"]
    new = [lang._by_script_counts(t) for t in texts]
    monkeypatch.setattr(lang, "split_ascii", lambda t: (0, t))
    monkeypatch.setattr(lang, "_LATIN_NONASCII_RUNS_SRC", lang._LATIN_RUNS_SRC)
    assert [lang._by_script_counts(t) for t in texts] == new


URLISH = st.lists(st.sampled_from(
    ["http", "https", "HTTP", "ftp", "x+y", "1a", ":", "//", "/", "?", "#", "@", "[", "]", "::1", "%", ".", "..", "-",
     "www", "example", "COM", "cn", "a_b", "user:pw", "8080", "\t", "\n", " ", "é", "中", "\x01", "beian.gov.cn"]),
    max_size=12).map("".join)


def _urlsplit_host(url: str) -> str:
    from urllib.parse import urlsplit

    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return ""
    return host.lower().rstrip(".")


@settings(max_examples=600, deadline=None)
@given(URLISH)
def test_plain_link_hosts_equal_urlsplit(url):
    from auditor.recognize import links

    assert links._host(url) == _urlsplit_host(url)
    assert links._host("http:" + url) == _urlsplit_host("http:" + url)


def test_plain_link_hosts_equal_urlsplit_on_typical_links():
    from auditor.recognize import links

    for url in ["https://www.Example.com/a?b#c", "http://beian.miit.gov.cn", "https://a.b.c./", "http://x.com:8080/",
                "https://user@evil.com/", "http://[::1]/", "https://ex ample.com/", "https://exa\tmple.com/x",
                "http://例子.中国/", "mailto://x.com", "//cdn.example.com/x.js", "http:///path", "https://.../"]:
        assert links._host(url) == _urlsplit_host(url), url


WINDOW_TEXT = st.text(alphabet=st.sampled_from(list("ab1+#&._%-中国公司，。 \n\u4dff\u9fd5\u9fd6Ａ")), max_size=90)


@settings(max_examples=400, deadline=None)
@given(WINDOW_TEXT, st.integers(0, 90), st.integers(1, 6))
def test_boundary_window_edges_equal_the_character_loop(text, start, length):
    start = min(start, len(text))
    end = min(len(text), start + length)
    if start >= end:
        return
    lo, floor = start, max(0, start - zh.WINDOW)
    while lo > floor and zh._is_block_char(text[lo - 1]):
        lo -= 1
    hi, ceil = end, min(len(text), end + zh.WINDOW)
    while hi < ceil and zh._is_block_char(text[hi]):
        hi += 1
    run = zh._block_run()
    assert start - run(text[floor:start][::-1]).end() == lo
    assert run(text, end, ceil).end() == hi


def test_word_set_hashes_as_its_tuple_and_pickles_without_its_hash():
    import pickle

    words = zh.word_set(["公司", "中国", "公司", " 前瞻 ", "x"])
    assert words == ("公司", "中国", "前瞻") and hash(words) == hash(("公司", "中国", "前瞻"))
    copy = pickle.loads(pickle.dumps(words))
    assert copy == words and type(copy) is type(words) and "_hash" not in copy.__dict__


_SITE_CUE_SETS = st.sampled_from((frozenset(), frozenset({"nav"}), frozenset({"footer", "copyright"}),
                                   frozenset({"main"}), frozenset({"menu", "aside"})))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 40), st.integers(0, 12), _SITE_CUE_SETS), max_size=12), st.integers(-2, 60))
def test_link_site_block_test_equals_block_at(spans, offset):
    from auditor.model.document import Block, Document
    from auditor.recognize import links

    blocks = tuple(Block(start=s, end=s + n, line=1, column=1, cues=cues) for s, n, cues in sorted(spans, key=lambda t: t[:2]))
    doc = Document(source="t", format="text", encoding="utf-8", text="x" * 80, blocks=blocks)
    block = doc.block_at(offset)
    assert links._site_block_test(doc)(offset) == (block is not None and not links._SITE_CUES.isdisjoint(block.cues))


def _plain_site_domain_of(href):
    from auditor.recognize import links

    href = (href or "").strip()
    if not href.lower().startswith(("http://", "https://", "//")):
        return ""
    host = links._host(href if not href.startswith("//") else "http:" + href)
    return links.site_domain(host) if host else ""


def _plain_inferred_site(doc):
    """links._inferred_site as it was: every link's block looked up, every href read on its own."""
    from auditor.recognize import links

    counts = {}
    for link in doc.links:
        d = _plain_site_domain_of(link.href)
        if not d:
            continue
        block = doc.block_at(link.start)
        if block is None or links._SITE_CUES.isdisjoint(block.cues):
            continue
        counts[d] = counts.get(d, 0) + 1
    return links._clear_winner(counts)  # (the counting is what the fast path changed)


def _plain_link_verdict(href, profile, own_hosts, inferred, base_host):
    from auditor.recognize import links

    if not href or href.startswith("#"):
        return None
    m = links._SCHEME.match(href)
    scheme = m.group(1).lower() if m else ""
    if scheme in links._IGNORED_SCHEMES or (scheme and scheme not in ("http", "https")):
        return None
    if not scheme and not href.startswith("//"):
        return base_host, "internal", "relative link: stays on the same site"
    host = links._host(href if scheme else "http:" + href)
    return links._host_verdict(host, profile, own_hosts, inferred) if host else None


def _plain_links(doc, profile):
    """links.recognize as it was: each link judged from its href, an Entity made for each."""
    from auditor.model.document import Entity
    from auditor.recognize import links

    own_hosts = links.page_hosts(doc)
    inferred = None
    if not own_hosts and not profile.domains:
        inferred = _plain_inferred_site(doc)
        if inferred:
            own_hosts = {inferred}
    page_url = (doc.meta or {}).get("url") or ""
    base_host = links._host(page_url) if isinstance(page_url, str) else ""
    out = []
    for link in doc.links:
        href = (link.href or "").strip()
        verdict = _plain_link_verdict(href, profile, own_hosts, inferred, base_host)
        if verdict is not None:
            out.append(Entity("link", link.start, link.end, *verdict, (("href", href), ("hidden", bool(link.hidden)))))
    return out


def _same_link_entities(doc, profile):
    from auditor.recognize import links

    expected = _plain_links(doc, profile)
    for cold in (True, False):  # the href memo empty, then holding the page's own hrefs
        if cold:
            links._HREF_FACTS.clear()
        found = links.recognize(doc, None, profile)
        assert found == expected
        assert [list(e.__dict__.items()) for e in found] == [list(e.__dict__.items()) for e in expected]
    assert links._inferred_site(doc) == _plain_inferred_site(doc)


_HREFS = st.one_of(st.none(), st.tuples(
    st.sampled_from(("", " ", "\t", "#", "/", "//", "http://", "HTTPS://", "http:", "http:/", "mailto:", "ftp://",
                     "weixin://", "javascript:", "./", "www.")),
    st.sampled_from(("", "example.com", "news.example.com", "www.example.com", "partner.org", "beian.miit.gov.cn",
                     "bbc.co.uk", "www.bbc.co.uk", "user@evil.com", "x.com:8080", "\t/a.cn", "例子.中国")),
    st.sampled_from(("", "/", "/a?b=1", "#top", " ", "/\n"))).map("".join))


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(_HREFS, st.integers(0, 3), st.booleans()), max_size=14),
       st.lists(st.tuples(st.integers(0, 60), st.integers(0, 12), _SITE_CUE_SETS), max_size=8),
       st.sampled_from((None, "https://www.example.com/p", "https://bbc.co.uk/x", "/relative")),
       st.sampled_from(("generic", "northwind")))
def test_link_entities_equal_the_plain_recognizer(hrefs, spans, url, profile_name):
    from auditor.model.document import Block, Document, Link
    from auditor.recognize.profile import load_profile

    page, at = [], 0
    for href, gap, hidden in hrefs:
        at += gap
        page.append(Link(href, at, at + 2 if gap else at, hidden=hidden))
    blocks = tuple(Block(start=s, end=s + n, line=1, column=1, cues=cues) for s, n, cues in sorted(spans, key=lambda t: t[:2]))
    doc = Document(source="p.html", format="html", encoding="utf-8", text="x" * 80, links=tuple(page),
                   blocks=blocks, meta={"url": url} if url else {})
    _same_link_entities(doc, load_profile(profile_name))


_SITE_HREFS = st.tuples(st.sampled_from(("http://", "HTTPS://", "//", "Http:/", "/", "https://user@")),
                        st.sampled_from(("a.example.com", "b.example.com", "example.com.", "partner.org", "bbc.co.uk")),
                        st.sampled_from(("", "/x"))).map("".join)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(_SITE_HREFS, st.integers(0, 79)), max_size=16), st.lists(_SITE_CUE_SETS, min_size=8, max_size=8))
def test_inferred_site_equals_the_plain_one(hrefs, cues):
    """Pages without a URL, their links in menus or not: the site the menus link to most."""
    from auditor.model.document import Block, Document, Link
    from auditor.recognize.profile import load_profile

    blocks = tuple(Block(start=10 * i, end=10 * i + 8, line=1, column=1, cues=c) for i, c in enumerate(cues))
    page = tuple(Link(href, at, at + 1) for href, at in sorted(hrefs, key=lambda t: t[1]))
    doc = Document(source="p.html", format="html", encoding="utf-8", text="x" * 80, links=page, blocks=blocks)
    _same_link_entities(doc, load_profile("generic"))


def test_href_memo_stays_bounded_and_keeps_no_long_href(monkeypatch):
    from auditor.recognize import links

    monkeypatch.setattr(links, "_HREF_FACTS", {})
    monkeypatch.setattr(links, "_HREF_FACTS_MAX", 50)
    for i in range(175):
        assert links._href_facts(f"https://h{i}.example.com/a")[0] == f"h{i}.example.com"
        assert len(links._HREF_FACTS) <= 50
    long_href = "data:image/png;base64," + "A" * links._HREF_KEPT_MAX
    assert links._href_facts(long_href)[0] is None and long_href not in links._HREF_FACTS


def test_link_entities_equal_the_plain_recognizer_on_real_pages(realpages_dir):
    from auditor.audit.inputs import document_from_item
    from auditor.recognize import links
    from auditor.recognize.profile import load_profile
    from auditor.sources import iter_sources

    checked = 0
    for n, item in enumerate(iter_sources([str(realpages_dir)])):
        if n % 4:
            continue  # a quarter of the pages keeps the test short
        doc = document_from_item(item)
        _same_link_entities(doc, load_profile("generic"))
        for link in doc.links:
            href = link.href.strip()
            assert links._host(href) == _urlsplit_host(href)
            checked += 1
    assert checked > 1000


@settings(max_examples=300, deadline=None)
@given(SCRIPT_TEXT)
def test_kana_or_hangul_search_finds_what_the_counts_count(text):
    from auditor.read import lang

    _, kana_re, hangul_re, either = lang._cjk_re()
    assert (either.search(text) is None) == (lang._count(kana_re, text) + lang._count(hangul_re, text) == 0)


def test_page_hits_are_kept_per_text_and_never_shared_out():
    lexicons = default_lexicons()
    lex = lexicons["about_heading"]
    one, two = normalize("About Northwind\ntext"), normalize("About Northwind\ntext")
    first = lex.find(one)
    assert first and first == lex._find(one, 0, None)
    first.clear()  # a caller's list is its own
    assert lex.find(one) == lex._find(one, 0, None)
    assert lex.find(two) == lex._find(two, 0, None) and lexmod._page_hits[0] is two
    assert lex.find(one, 0, 5) == lex._find(one, 0, 5)


# The attribute pattern of read/parse/limits.py before its quantifiers were made possessive.
_OLD_ATTR = r"(?>[\s/]+[^\s/>=\"'<][^\s/>=]*(?>\s*=\s*(?>\"[^\"]*\"|'[^']*'|[^\s>]*))?)"
MARKUP = st.lists(st.sampled_from(
    ["<", ">", "/", " ", "\n", "=", '"', "'", "a", "B", "x1", "<div", "<p ", " a", " b=", "=c", '="v"', "='>'",
     "=>", "<!--", "-->", " /", "é", "中", "\t"]), max_size=40).map("".join)


@settings(max_examples=800, deadline=None)
@given(MARKUP, st.integers(min_value=0, max_value=3))
def test_possessive_attribute_pattern_matches_the_same(text, limit):
    from auditor.read.parse import limits

    old, new = limits.many_attributes(limit, _OLD_ATTR), limits.many_attributes(limit)
    assert old.pattern != new.pattern
    for pos in range(len(text) + 1):
        a, b = old.search(text, pos), new.search(text, pos)
        assert (a and (a.span(), a.span(1))) == (b and (b.span(), b.span(1)))


def test_possessive_attribute_pattern_on_real_markup():
    from auditor.read.parse import limits

    from pathlib import Path

    pages = [p for p in (Path(__file__).resolve().parents[1] / "corpora" / "pages").iterdir() if p.suffix == ".html"]
    assert pages
    old, new = limits.many_attributes(2, _OLD_ATTR), limits.many_attributes(2)
    found = 0
    for page in pages:
        text = page.read_text("utf-8", "replace")
        spans = [(m.span(), m.span(1)) for m in new.finditer(text)]
        assert spans == [(m.span(), m.span(1)) for m in old.finditer(text)]
        found += len(spans)
    assert found


def test_new_block_is_the_block_the_dataclass_makes():
    import copy
    import dataclasses
    import pickle

    from auditor.model.document import Block
    from auditor.read.parse import new_block

    args = (3, 17, 2, 9, "h2", 2, frozenset({"nav", "hidden"}), 4, True)
    fast, slow = new_block(*args), Block(*args)
    assert [f.name for f in dataclasses.fields(Block)] == list(fast.__dict__)
    assert fast == slow and hash(fast) == hash(slow) and repr(fast) == repr(slow)
    assert pickle.loads(pickle.dumps(fast)) == slow and copy.copy(fast) == slow
    assert dataclasses.replace(fast, tag="p") == dataclasses.replace(slow, tag="p")
    with pytest.raises(dataclasses.FrozenInstanceError):
        fast.start = 0


def test_new_link_is_the_link_the_dataclass_makes():
    import copy
    import dataclasses
    import pickle

    from auditor.model.document import Link
    from auditor.read.parse import new_link

    args = ("https://example.com/a", 5, 12, True)
    fast, slow = new_link(*args), Link(*args)
    assert [f.name for f in dataclasses.fields(Link)] == list(fast.__dict__)
    assert fast == slow and hash(fast) == hash(slow) and repr(fast) == repr(slow)
    assert pickle.loads(pickle.dumps(fast)) == slow and copy.copy(fast) == slow
    with pytest.raises(dataclasses.FrozenInstanceError):
        fast.start = 0


# --- format sniffing: line-start cues stay on their line -----------------------------------
# The old patterns let \s* run across lines from every line start, which is quadratic on a long
# blank run (a real page took 14 s to sniff). The new ones count the same cues.
_OLD_SNIFF = {
    "link lists": r"^\s*[-*+][ \t]+\[[^\]\n]+\]\([^)\s]+[^)\n]*\)",
    "table rules": r"^\s*\|?\s*:?-{3,}:?\s*\|",
}


def _sniff_samples():
    from pathlib import Path

    root = Path(__file__).resolve().parents[1] / "corpora" / "pages"
    for path in sorted(root.iterdir()):
        yield path.read_bytes().decode("utf-8", "replace")[:65536]
    yield "| a | b |\n|---|---|\n| 1 | 2 |\n\n  |:--|--:|\n- [Home](/)\n  * [News](https://x.cn/n)\n"


_LINE_TEXT = st.text(alphabet=" \t\n|-:*+[]()ab/", max_size=60)


@pytest.mark.parametrize("label", sorted(_OLD_SNIFF))
def test_sniff_cues_count_as_before_on_the_corpus(label):
    import re

    from auditor.read.parse import sniff

    new = dict(sniff._CUE_NAMES)[label]
    old = re.compile(_OLD_SNIFF[label], re.M)
    for sample in _sniff_samples():
        assert len(new.findall(sample)) == len(old.findall(sample)), label


@settings(max_examples=300, deadline=None)
@given(_LINE_TEXT)
def test_sniff_list_link_cue_matches_the_old_pattern(text):
    import re

    from auditor.read.parse import sniff

    # Link lists: the old \s* could only add blank lines before the same item, so the counts agree.
    assert len(sniff._MD_LIST_LINK.findall(text)) == len(re.compile(_OLD_SNIFF["link lists"], re.M).findall(text))


def test_a_long_blank_run_is_sniffed_as_html():
    from auditor.read.parse import sniff

    page = "<div>" + "\n " * 30000 + "<p>Text</p></div>" + "<p>more</p>" * 10
    assert sniff.sniff("http://example.com/77", page)[0] == "html"
