"""auditor.read.normalize: folding and the offset map back to the original."""
from __future__ import annotations

import time
import unicodedata
from array import array

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from auditor.read import normalize as nz
from auditor.read.normalize import Normalized, normalize


def spans_of(text: str) -> list[tuple[str, str]]:
    """(normalized char, original text it maps back to) for each char."""
    r = normalize(text)
    return [(r.text[i], text[slice(*r.original_span(i, i + 1))]) for i in range(len(r.text))]


def check_invariants(original: str, r: Normalized) -> None:
    assert isinstance(r.index, array)
    assert len(r.index) == len(r.text) + 1
    assert r.index[-1] == len(original)
    assert all(a <= b for a, b in zip(r.index, r.index[1:]))
    assert all(0 <= o <= len(original) for o in r.index)


# ------------------------------------------------------------ concrete cases


def test_full_width_approval_number_maps_back():
    text = "审批编号：ＣＮ－１２３４５６。"
    r = normalize(text)
    assert r.text == "审批编号:cn-123456。"
    start = r.text.index("cn-123456")
    assert text[slice(*r.original_span(start, start + 9))] == "ＣＮ－１２３４５６"


def test_full_width_alone():
    r = normalize("ＣＮ－１２３４５６")
    assert r.text == "cn-123456"
    assert r.original_span(0, 9) == (0, 9)


def test_non_breaking_hyphen():
    text = "Approval: CN\u2011123456"
    r = normalize(text)
    assert r.text == "approval: cn-123456"
    i = r.text.index("cn-")
    assert text[slice(*r.original_span(i, i + 9))] == "CN\u2011123456"


@pytest.mark.parametrize(
    "dash", ["\u2010", "\u2011", "\u2012", "\u2013", "\u2014", "\u2015", "\u2212", "\ufe58", "\ufe63", "\uff0d"]
)
def test_dash_variants(dash):
    assert normalize(f"PD{dash}1").text == "pd-1"


@pytest.mark.parametrize("space", ["\u00a0", "\u202f", "\u2007", "\u3000", "\u2002", "\u2009", "\u1680"])
def test_space_variants(space):
    r = normalize(f"a{space}b")
    assert r.text == "a b"
    assert list(r.index) == [0, 1, 2, 3]


def test_ideographic_space_in_chinese():
    text = "前瞻性\u3000陈述"
    assert normalize(text).text == "前瞻性 陈述"


def test_line_breaks_and_tabs_are_kept():
    assert normalize("A\nB\tC\u00a0").text == "a\nb\tc "


@pytest.mark.parametrize("zw", ["\u200b", "\u200c", "\u200d", "\ufeff", "\u2060", "\u00ad", "\u200e"])
def test_zero_width_removed(zw):
    text = f"CN-12{zw}3456"
    r = normalize(text)
    assert r.text == "cn-123456"
    check_invariants(text, r)
    # the span of "cn-12" does not take the invisible character along
    assert r.original_span(0, 5) == (0, 5)
    assert r.original_span(0, 9) == (0, len(text))
    assert r.original_span(5, 9) == (6, len(text))


def test_roman_numeral_expands():
    r = normalize("Ⅲ期临床")
    assert r.text == "iii期临床"
    assert list(r.index) == [0, 0, 0, 1, 2, 3, 4]
    assert r.original_span(0, 3) == (0, 1)
    assert r.original_span(1, 2) == (0, 1)  # part of an expansion -> the whole source char
    assert r.original_span(3, 4) == (1, 2)


def test_ligatures():
    text = "ﬁnal eﬀect"
    r = normalize(text)
    assert r.text == "final effect"
    assert spans_of(text)[0] == ("f", "ﬁ")
    assert spans_of(text)[1] == ("i", "ﬁ")
    j = r.text.index("effect")
    assert text[slice(*r.original_span(j, j + 6))] == "eﬀect"


def test_combining_sequence_composes_to_first_char():
    text = "Cafe\u0301 x"
    r = normalize(text)
    assert r.text == "café x"
    assert r.index[3] == 3
    assert r.original_span(3, 4) == (3, 5)
    assert r.original_span(0, 4) == (0, 5)


def test_half_width_katakana_voiced_mark():
    r = normalize("ｶﾞ")
    assert r.text == "ガ"
    assert r.original_span(0, 1) == (0, 2)


def test_latin_case_folding_per_character():
    assert normalize("AstraZeneca ÉTUDE").text == "astrazeneca étude"
    assert normalize("ΟΔΟΣ").text == "οδοσ"  # no final-sigma context rule
    r = normalize("İx")
    assert r.text == "i\u0307x"
    assert list(r.index) == [0, 0, 1, 2]
    assert normalize("STRASSE Straße").text == "strasse straße"


def test_trademark_sign_kept_as_symbol():
    assert normalize("Tagrisso™ (osimertinib)").text == "tagrisso™ (osimertinib)"
    assert normalize("Tagrisso®").text == "tagrisso®"


def test_chinese_punctuation_folds_one_to_one():
    text = "（奥希替尼），获批：是！"
    r = normalize(text)
    assert r.text == "(奥希替尼),获批:是!"
    assert list(r.index) == list(range(len(text) + 1))


def test_astral_characters():
    text = "𝐀𝐁c😀𠀀"
    r = normalize(text)
    assert r.text == "abc😀𠀀"
    check_invariants(text, r)


def test_ascii_fast_path_and_empty():
    r = normalize("Hello, World")
    assert r.text == "hello, world"
    assert list(r.index) == list(range(13))
    e = normalize("")
    assert e.text == "" and list(e.index) == [0]
    assert e.original_span(0, 0) == (0, 0)


def test_original_span_rejects_bad_spans():
    r = normalize("abc")
    with pytest.raises(ValueError):
        r.original_span(2, 1)
    with pytest.raises(ValueError):
        r.original_span(0, 4)


def test_normalized_offset():
    text = "Ⅲ期\u200bＣＮ"
    r = normalize(text)
    assert r.text == "iii期cn"
    assert r.normalized_offset(0) == 0
    assert r.normalized_offset(1) == 3
    assert r.normalized_offset(2) == 4  # the removed char: next normalized char
    assert r.normalized_offset(3) == 4
    assert r.normalized_offset(len(text)) == len(r.text)


def test_identity_index_is_exact_for_large_sizes():
    ident = nz._build_identity(200_003)
    assert ident[:5].tolist() == [0, 1, 2, 3, 4]
    assert ident[65535:65538].tolist() == [65535, 65536, 65537]
    assert ident[-1] == 200_002
    assert ident.tolist() == list(range(200_003))


def test_deterministic():
    text = "Ⅲ期 ＣＮ－１２ ﬁ e\u0301 \u200b İ"
    a, b = normalize(text), normalize(text)
    assert a.text == b.text and a.index == b.index


# ------------------------------------------------------------ class tables


def test_classes_agree_with_definition_on_bmp_sample():
    """Every safe/simple character folds exactly as NFKC + fold_char says."""
    tables = nz._tables()
    sample = [chr(cp) for cp in range(0x80, 0x10000, 7) if not 0xD800 <= cp < 0xE000]
    for ch in sample:
        if tables.complex_re.fullmatch(ch):
            continue
        src = ch if ch in nz.KEPT else unicodedata.normalize("NFKC", ch)
        expected = "".join(nz.fold_char(x) for x in src)
        assert normalize("a" + ch + "b").text == "a" + expected + "b", hex(ord(ch))


def test_simple_characters_fold_kind_by_kind_as_translate_would():
    """Simple characters are folded one kind at a time (str.replace); with and without
    complex characters on the page, the text is what one str.translate gives."""
    table = nz._tables().table
    for text in ("中文，标点：（一）；ＣＮ－１２\u00a0end\u3000", "a，b…c－d\u00a0ﬁ，", "，，，ｶﾞ，"):
        r = normalize(text)
        if not nz._tables().complex_re.search(text):
            assert r.text == text.translate(table).lower()
        assert r.text == reference(text)[0]
        assert list(r.index) == reference(text)[1]


def test_chained_simple_table_falls_back_to_translate(monkeypatch):
    """Were one simple character to fold to another simple one, folding kind by kind
    would depend on the order: normalize then folds in one pass instead."""
    chained = nz._Tables({ord("Ａ"): "Ｂ", ord("Ｂ"): "c"}, [], [(ord("Ａ"), ord("Ｂ"))])
    monkeypatch.setattr(nz, "_tables_obj", chained)
    assert normalize("ＡＢＡ中").text == "ｂcｂ中"  # (lower-cased after folding: Ｂ -> ｂ)


# ------------------------------------------------------------ properties

TEXT = st.text(
    alphabet=st.one_of(
        st.characters(codec="utf-8"),
        st.sampled_from(
            list("ＣＮ－１２３ⅢⅣﬁﬂ㈱…™ｶﾞｷﾟ" "\u0301\u0308\u0328\u3099\u200b\u00ad\ufeff\u00a0\u3000\u2011ΣİßK")
            + ["\u1100", "\u1161", "\u11a8", "e", "A", "中", "。", "，"]
        ),
    ),
    max_size=40,
)


def reference(text: str) -> tuple[str, list[int]]:
    """The slow path over the whole text (no fast paths, no class tables)."""
    folded, rel, _removed = nz._fold_chunk(text)
    return folded, list(rel) + [len(text)]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT)
@example("ΑΣ ΣΑ")
@example("e\u0301\u0308x")
@example("\u0301a")
@example("ｶﾞ")
@example("\u1100\u1161\u11a8")
def test_fast_paths_equal_reference(text):
    r = normalize(text)
    check_invariants(text, r)
    ref_text, ref_index = reference(text)
    assert r.text == ref_text
    assert list(r.index) == ref_index


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT, st.data())
@example("Ⅲ期", None)
def test_every_span_maps_back_to_a_covering_original(text, data):
    r = normalize(text)
    check_invariants(text, r)
    n = len(r.text)
    if data is None:
        pairs = [(i, j) for i in range(n + 1) for j in range(i, n + 1)]
    else:
        pairs = [
            tuple(sorted((data.draw(st.integers(0, n)), data.draw(st.integers(0, n)))))
            for _ in range(5)
        ]
    for start, end in pairs:
        os_, oe = r.original_span(start, end)
        assert 0 <= os_ <= oe <= len(text)
        if start < end:
            assert os_ < oe
            assert r.text[start:end] in normalize(text[os_:oe]).text


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=30), st.text(max_size=30))
def test_concatenation_at_ascii_boundary(a, b):
    """Text split before an ASCII letter normalizes piecewise."""
    whole = normalize(a + "x" + b).text
    assert whole.startswith(normalize(a).text)


# ------------------------------------------------------------ speed


def test_speed_on_a_megabyte():
    zh = ("阿斯利康今日宣布，泰瑞沙®（奥希替尼）获批用于治疗成人患者：本文涉及尚未在中国大陆获批准的产品。审批编号ＣＮ－１２３４５６…… " * 8000)
    en = ("AstraZeneca\u2122 today announced\u00a0that Tagrisso\u00ae \u2014 was approved \u201cin the EU\u201d. " * 12000)
    normalize("warm up ＣＮ")
    for text in (zh[:340_000], en[:1_000_000], ("plain ascii text. " * 60000)[:1_000_000]):
        t = time.perf_counter()
        r = normalize(text)
        elapsed = time.perf_counter() - t
        assert len(r.index) == len(r.text) + 1 and r.index[-1] == len(text)
        assert elapsed < 2.0  # ~0.005-0.1 s on a slow shared core; generous for CI


def test_class_cache_round_trip_and_corruption(tmp_path, monkeypatch):
    path = tmp_path / "normalize.marshal"
    monkeypatch.setattr(nz, "_cache_file", lambda: str(path))
    monkeypatch.setenv("AUDITOR_PREBUILT_DIR", str(tmp_path))  # none prebuilt (auditor.commands.prebuild)
    built = nz._load_or_build_classes()  # no cache yet: builds and writes
    assert path.exists()
    assert nz._load_or_build_classes() == built  # read back
    path.write_bytes(b"\x00garbage")
    assert nz._load_or_build_classes() == built  # corrupt: rebuilt
    table, complex_ranges, _simple = built
    assert table[ord("Ｃ")] == "c" and table[0x3000] == " " and table[0x2011] == "-"
    assert any(a <= 0x0301 <= b for a, b in complex_ranges)  # combining acute
    assert any(a <= 0x200B <= b for a, b in complex_ranges)  # removed: changes length


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT)
@example("a…b……c\U0001d400\u0301x")
def test_complex_runs_found_by_find_equal_the_class_scan(text):
    tables = nz._tables()
    folding = tables.folding_re.sub("", text)
    kinds = [ch for ch in set(folding) if tables.complex_re.fullmatch(ch)]
    assert nz._complex_runs(text, folding, kinds, tables) == [list(m.span()) for m in tables.complex_re.finditer(text)]


def test_complex_runs_of_a_text_full_of_them_come_from_the_class_scan():
    text = ("e\u0301\u0308x…" * 700) + "ﬁ"
    tables = nz._tables()
    folding = tables.folding_re.sub("", text)
    assert len(tables.complex_re.sub("", folding)) < len(folding) - nz.COMPLEX_FIND_MAX
    kinds = [ch for ch in set(folding) if tables.complex_re.fullmatch(ch)]
    assert nz._complex_runs(text, folding, kinds, tables) == [list(m.span()) for m in tables.complex_re.finditer(text)]
    assert normalize(text).text == reference(text)[0]
