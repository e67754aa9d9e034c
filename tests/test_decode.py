"""auditor.read.decode: bytes -> text with the encoding recorded."""
from __future__ import annotations

import codecs
import gzip
import io
import random
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from auditor.read.decode import Decoded, InputError, decode

REALPAGES = Path(__file__).resolve().parents[1] / ".." / "shared" / "realpages" / "zh-news"

DISCLAIMER_HANS = "本文涉及尚未在中国大陆获批的产品或适应症，仅供医疗卫生专业人士参考，不构成任何治疗建议。"
DISCLAIMER_HANT = "本文提及的產品尚未在香港註冊，僅供醫護專業人員參考，並不構成任何治療建議。"


def press_release(body: str, head: str = "") -> str:
    """A realistic (small) China press-release page."""
    return (
        "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n" + head +
        "<title>新闻稿 | 示例医药中国</title>\n</head>\n<body>\n"
        "<nav><a href=\"/\">首页</a> &gt; <a href=\"/news\">新闻中心</a></nav>\n"
        "<article>\n<h1>示例医药宣布其创新药物在中国获批开展III期临床试验</h1>\n"
        "<p class=\"dateline\">2024年3月19日，上海</p>\n"
        f"<p>{body}</p>\n"
        "<p>该研究将评估在既往接受过治疗的晚期非小细胞肺癌患者中的安全性和有效性。</p>\n"
        f"<p class=\"disclaimer\">{DISCLAIMER_HANS}</p>\n"
        "<p>审批编号：CN-123456 有效期至2025年3月</p>\n</article>\n"
        "<footer>沪ICP备12345678号 | 互联网药品信息服务资格证书编号：(沪)-非经营性-2024-0001</footer>\n"
        "</body>\n</html>\n"
    )


BODY = "示例医药今日宣布，国家药品监督管理局药品审评中心已批准其在研药物AZD0000的临床试验申请。"
PAGE = press_release(BODY)

HK_PAGE = (
    "<html lang=\"zh-HK\"><head><title>新聞稿</title></head><body>\n"
    "<h1>示例生物科技公佈二零二三年全年業績</h1>\n"
    "<p>本公司今日宣佈，其核心產品已於香港提交新藥上市申請，預期於明年獲得批准。</p>\n"
    f"<p>{DISCLAIMER_HANT}</p>\n"
    "<h2>前瞻性陳述</h2><p>本新聞稿載有前瞻性陳述，實際結果可能因多項風險因素而與預期存在重大差異。</p>\n"
    "</body></html>\n"
)


def meta(charset: str) -> str:
    return f'<meta charset="{charset}">\n'


# --------------------------------------------------------------------------- basics


def test_empty_input():
    assert decode(b"") == Decoded("", "utf-8", 0, None, "default")


def test_ascii_without_declaration_is_default_utf8():
    d = decode(b"<html><body><p>Hello</p></body></html>")
    assert (d.encoding, d.method, d.declared, d.errors) == ("utf-8", "default", None, 0)


def test_valid_utf8_without_declaration_is_detected():
    d = decode(PAGE.encode("utf-8"))
    assert d.text == PAGE
    assert (d.encoding, d.method, d.declared, d.errors) == ("utf-8", "detected", None, 0)


def test_accepts_bytearray_and_memoryview():
    data = PAGE.encode("utf-8")
    assert decode(bytearray(data)).text == PAGE
    assert decode(memoryview(data)).text == PAGE


# --------------------------------------------------------------------------- BOMs


@pytest.mark.parametrize("codec, bom", [
    ("utf-8", codecs.BOM_UTF8),
    ("utf-16-le", codecs.BOM_UTF16_LE),
    ("utf-16-be", codecs.BOM_UTF16_BE),
    ("utf-32-le", codecs.BOM_UTF32_LE),
    ("utf-32-be", codecs.BOM_UTF32_BE),
])
def test_bom(codec, bom):
    d = decode(bom + PAGE.encode(codec))
    assert d.text == PAGE  # the BOM itself is not part of the text
    assert (d.encoding, d.method, d.errors) == (codec, "bom", 0)


def test_bom_beats_http_header_and_meta():
    page = press_release(BODY, head=meta("gbk"))
    d = decode(codecs.BOM_UTF8 + page.encode("utf-8"), "text/html; charset=big5")
    assert d.text == page
    assert (d.encoding, d.method, d.declared) == ("utf-8", "bom", "big5")


# --------------------------------------------------------------------------- declarations


def test_http_header_overrides_meta():
    page = press_release(BODY, head=meta("utf-8"))
    d = decode(page.encode("gbk"), "text/html; charset=GBK")
    assert d.text == page
    assert (d.encoding, d.method, d.declared, d.errors) == ("gb18030", "http", "gbk", 0)


def test_http_header_with_quoted_charset():
    d = decode(PAGE.encode("gbk"), 'text/html; charset="gb2312"; foo=bar')
    assert (d.encoding, d.method, d.declared) == ("gb18030", "http", "gb2312")


def test_http_header_without_charset_falls_back_to_meta():
    page = press_release(BODY, head=meta("gbk"))
    d = decode(page.encode("gbk"), "text/html")
    assert (d.encoding, d.method, d.declared) == ("gb18030", "meta", "gbk")


def test_meta_charset():
    page = press_release(BODY, head=meta("gb2312"))
    d = decode(page.encode("gbk"))
    assert d.text == page
    assert (d.encoding, d.method, d.declared, d.errors) == ("gb18030", "meta", "gb2312", 0)


def test_meta_http_equiv_any_attribute_order():
    for tag in ('<meta http-equiv="Content-Type" content="text/html; charset=gbk">\n',
                "<META CONTENT='text/html;charset=GBK' HTTP-EQUIV='content-type'>\n"):
        page = press_release(BODY, head=tag)
        d = decode(page.encode("gbk"))
        assert d.text == page
        assert (d.encoding, d.method, d.declared) == ("gb18030", "meta", "gbk")


def test_meta_inside_comment_is_ignored():
    page = press_release(BODY, head="<!-- <meta charset=\"big5\"> -->\n" + meta("gbk"))
    d = decode(page.encode("gbk"))
    assert (d.encoding, d.method, d.declared) == ("gb18030", "meta", "gbk")


def test_meta_after_first_4kb_is_not_seen():
    page = press_release(BODY, head="<script>" + "var a = 1;\n" * 500 + "</script>" + meta("big5"))
    d = decode(page.encode("utf-8"))
    assert (d.encoding, d.declared, d.method) == ("utf-8", None, "detected")


def test_xml_declaration():
    doc = ('<?xml version="1.0" encoding="GB2312"?>\n<html xmlns="http://www.w3.org/1999/xhtml">'
           f"<body><p>{DISCLAIMER_HANS}</p></body></html>")
    d = decode(doc.encode("gbk"))
    assert d.text == doc
    assert (d.encoding, d.method, d.declared) == ("gb18030", "xml", "gb2312")


def test_meta_wins_over_xml_declaration():
    doc = ('<?xml version="1.0" encoding="big5"?>\n<html><head><meta charset="gbk"></head>'
           f"<body><p>{DISCLAIMER_HANS}</p></body></html>")
    d = decode(doc.encode("gbk"))
    assert (d.encoding, d.method, d.declared) == ("gb18030", "meta", "gbk")


def test_meta_utf16_on_ascii_compatible_bytes_means_utf8():
    page = press_release(BODY, head=meta("utf-16"))
    d = decode(page.encode("utf-8"))
    assert d.text == page
    assert (d.encoding, d.method, d.declared) == ("utf-8", "meta", "utf-16")


# --------------------------------------------------------------------------- label mapping


@pytest.mark.parametrize(
    "label", ["gb2312", "GBK", "x-gbk", "cp936", "gb_2312-80", "EUC-CN", "gb18030"])
def test_gb_family_labels_decode_as_gb18030(label):
    # 㙓 (CJK Ext. A) and 堃 are outside GB2312; only a GB18030 decoder reads both.
    text = f"<p>{DISCLAIMER_HANS}研究者：王堃、李㙓</p>"
    d = decode(text.encode("gb18030"), f"text/html; charset={label}")
    assert d.text == text
    assert (d.encoding, d.method, d.declared, d.errors) == ("gb18030", "http", label.lower(), 0)


@pytest.mark.parametrize("label", ["big5", "Big5-HKSCS", "x-x-big5", "cp950"])
def test_big5_labels_decode_as_big5hkscs(label):
    # 啲 and 㗎 are Hong Kong (HKSCS) characters, not in plain Big5.
    page = HK_PAGE.replace("</body>", "<p>有關資料僅供參考，啲產品資訊以說明書為準㗎。</p></body>")
    d = decode(page.encode("big5hkscs"), f"text/html; charset={label}")
    assert d.text == page
    assert (d.encoding, d.method, d.errors) == ("big5hkscs", "http", 0)


@pytest.mark.parametrize("label", ["iso-8859-1", "latin-1", "US-ASCII", "windows-1252"])
def test_latin1_and_ascii_labels_decode_as_cp1252(label):
    text = "<p>\u201cRésumé\u201d \u2013 café</p>"  # curly quotes and en dash: 0x93 0x94 0x96
    d = decode(text.encode("cp1252"), f"text/html; charset={label}")
    assert d.text == text
    assert (d.encoding, d.method, d.errors) == ("cp1252", "http", 0)


def test_other_codecs_use_codecs_lookup():
    text = "<p>Привет, мир</p>"
    d = decode(text.encode("koi8-r"), "text/html; charset=KOI8-R")
    assert d.text == text
    assert (d.encoding, d.method) == ("koi8-r", "http")


def test_declared_shift_jis_is_trusted():
    text = "<p>本剤は日本では承認されていません。医療関係者向けの情報です。</p>"
    d = decode(text.encode("shift_jis"), "text/html; charset=Shift_JIS")
    assert d.text == text
    assert (d.encoding, d.method) == ("cp932", "http")


@pytest.mark.parametrize("label", ["x-unknown-charset", "base64", "utf-7"])
def test_unknown_or_refused_label_falls_through_to_detection(label):
    d = decode(PAGE.encode("gbk"), f"text/html; charset={label}")
    assert d.text == PAGE
    assert (d.encoding, d.method, d.declared) == ("gb18030", "detected", label)


# --------------------------------------------------------------------------- mislabelled pages


def test_declared_utf8_but_really_gbk():
    page = press_release(BODY, head=meta("utf-8"))
    d = decode(page.encode("gbk"))
    assert d.text == page
    assert (d.encoding, d.method, d.declared, d.errors) == ("gb18030", "detected", "utf-8", 0)


def test_declared_utf8_in_http_but_really_big5():
    d = decode(HK_PAGE.encode("big5hkscs"), "text/html; charset=utf-8")
    assert d.text == HK_PAGE
    assert (d.encoding, d.method, d.declared) == ("big5hkscs", "detected", "utf-8")


def test_declared_gbk_but_really_utf8():
    head = '<meta http-equiv="Content-Type" content="text/html; charset=gbk">'
    page = press_release(BODY, head=head)
    d = decode(page.encode("utf-8"))
    assert d.text == page
    assert (d.encoding, d.method, d.declared, d.errors) == ("utf-8", "detected", "gbk", 0)


def test_declared_gbk_but_really_big5():
    d = decode(HK_PAGE.encode("big5hkscs"), "text/html; charset=gbk")
    assert d.text == HK_PAGE
    assert (d.encoding, d.method, d.declared) == ("big5hkscs", "detected", "gbk")


def test_declared_big5_but_really_gbk():
    d = decode(PAGE.encode("gbk"), "text/html; charset=big5")
    assert d.text == PAGE
    assert (d.encoding, d.method, d.declared) == ("gb18030", "detected", "big5")


def test_declared_latin1_but_really_gbk():
    # Server default "ISO-8859-1" in front of a GBK page: a classic.
    d = decode(PAGE.encode("gbk"), "text/html; charset=ISO-8859-1")
    assert d.text == PAGE
    assert (d.encoding, d.method, d.declared) == ("gb18030", "detected", "iso-8859-1")


def test_declared_latin1_but_really_utf8():
    text = "<p>Disclaimer: this product isn’t approved – résumé</p>"
    d = decode(text.encode("utf-8"), "text/html; charset=iso-8859-1")
    assert d.text == text
    assert (d.encoding, d.method, d.declared) == ("utf-8", "detected", "iso-8859-1")


def test_declared_utf8_but_really_cp1252():
    text = "<html><body><p>Café naïve résumé \u2013 \u201cquoted\u201d</p></body></html>"
    d = decode(text.encode("cp1252"), "text/html; charset=utf-8")
    assert d.text == text
    assert (d.encoding, d.method, d.declared) == ("cp1252", "detected", "utf-8")


def test_correct_gbk_declaration_is_kept_with_one_bad_byte():
    data = PAGE.encode("gbk")
    i = data.index("该研究".encode("gbk"))
    data = data[:i] + b"\xff" + data[i:]  # 0xFF is never valid in GB18030
    d = decode(data, "text/html; charset=gbk")
    assert (d.encoding, d.method) == ("gb18030", "http")
    assert d.errors == 1
    assert "\ufffd" in d.text and DISCLAIMER_HANS in d.text


# --------------------------------------------------------------------------- detection without declaration


def test_undeclared_gbk():
    d = decode(PAGE.encode("gbk"))
    assert d.text == PAGE
    assert (d.encoding, d.method, d.declared, d.errors) == ("gb18030", "detected", None, 0)


def test_undeclared_big5():
    d = decode(HK_PAGE.encode("big5hkscs"))
    assert d.text == HK_PAGE
    assert (d.encoding, d.method, d.declared) == ("big5hkscs", "detected", None)


def test_undeclared_cp1252():
    text = "<p>Les r\u00e9sultats de l\u2019\u00e9tude sont pr\u00e9liminaires.</p>"
    d = decode(text.encode("cp1252"))
    assert d.text == text
    assert (d.encoding, d.method) == ("cp1252", "detected")


def test_gbk_page_with_long_ascii_head_is_detected():
    page = press_release(BODY, head="<script>" + "var x = 'abc';\n" * 8000 + "</script>\n")
    d = decode(page.encode("gbk"))
    assert d.text == page and d.encoding == "gb18030"


# --------------------------------------------------------------------------- UTF-16 / UTF-32


def test_utf16le_with_bom():
    d = decode(codecs.BOM_UTF16_LE + PAGE.encode("utf-16-le"))
    assert d.text == PAGE
    assert (d.encoding, d.method) == ("utf-16-le", "bom")


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_wide_encodings_without_bom_are_sniffed(codec):
    d = decode(PAGE.encode(codec))
    assert d.text == PAGE
    assert (d.encoding, d.method, d.errors) == (codec, "detected", 0)


def test_utf16_without_bom_keeps_http_declaration():
    d = decode(PAGE.encode("utf-16-le"), "text/html; charset=utf-16")
    assert d.text == PAGE
    assert (d.encoding, d.declared, d.method) == ("utf-16-le", "utf-16", "http")


# --------------------------------------------------------------------------- damaged input


def test_truncated_multibyte_sequences_are_counted():
    page = press_release(BODY, head=meta("utf-8"))
    data = page.encode("utf-8")
    i = data.index("该研究".encode("utf-8"))
    # cut one character in the middle (2 of its 3 bytes) and one at the very end
    damaged = data[:i] + "该".encode("utf-8")[:2] + data[i + 3:] + "。".encode("utf-8")[:1]
    d = decode(damaged)
    assert (d.encoding, d.method, d.declared) == ("utf-8", "meta", "utf-8")
    assert d.errors == 3  # undecodable bytes
    assert d.text.count("\ufffd") == 2  # one replacement per broken sequence
    assert DISCLAIMER_HANS in d.text


def test_truncated_gbk_at_end_is_counted():
    data = PAGE.encode("gbk") + "药".encode("gbk")[:1]
    d = decode(data, "text/html; charset=gbk")
    assert d.encoding == "gb18030" and d.errors == 1 and d.text.endswith("\ufffd")


def test_stray_nul_in_text_page_is_replaced_and_counted():
    data = PAGE.encode("utf-8").replace(b"<footer>", b"<footer>\x00")
    d = decode(data)
    assert d.encoding == "utf-8" and d.errors == 1
    assert "\x00" not in d.text and "<footer>\ufffd" in d.text


# --------------------------------------------------------------------------- binary input


def _zip_bytes() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("page.html", PAGE)
    return buf.getvalue()


@pytest.mark.parametrize("data, what", [
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n", "PDF document"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00", "PNG image"),
    (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01", "JPEG image"),
    (b"GIF89a\x01\x00\x01\x00\x80\x00\x00", "GIF image"),
    (gzip.compress(PAGE.encode("utf-8")), "gzip"),
    (_zip_bytes(), "ZIP archive"),
    (b"\x7fELF\x02\x01\x01\x00" + bytes(56), "ELF executable"),
])
def test_binary_magic_numbers_raise(data, what):
    with pytest.raises(InputError) as exc:
        decode(data, "text/html; charset=utf-8")
    message = str(exc.value)
    assert what in message
    assert message.startswith("binary file (looks like ") and message.endswith("not a web page")


def test_random_bytes_with_nuls_raise():
    data = random.Random(1234).randbytes(4096)
    assert b"\x00" in data
    with pytest.raises(InputError, match="binary file .*not a web page"):
        decode(data)


def test_text_starting_like_a_two_letter_magic_is_not_binary():
    for text in ("MZ Pharma announces results", "BM-123 trial update"):
        assert decode(text.encode()).text == text


# --------------------------------------------------------------------------- never crash


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=512),
       st.sampled_from([None, "text/html", "text/html; charset=utf-8", "text/html; charset=gbk",
                        "text/html; charset=big5", "text/html; charset=latin-1", "charset=utf-16"]))
def test_arbitrary_bytes_never_crash(data, content_type):
    try:
        d = decode(data, content_type)
    except InputError as e:
        assert str(e)
        return
    assert isinstance(d.text, str) and d.errors >= 0 and "\x00" not in d.text
    assert d.method in ("bom", "http", "meta", "xml", "detected", "default")


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("<p> 本文涉及尚未在中国大陆获批的产品，。ab1é")), max_size=200))
def test_utf8_roundtrip(text):
    d = decode(text.encode("utf-8"), "text/html; charset=utf-8")
    assert d.text == text and d.encoding == "utf-8" and d.errors == 0


# --------------------------------------------------------------------------- real pages

COMMON = set("的是在了不和有一中人国为这上")


def _real_pages():
    if not REALPAGES.is_dir():
        return []
    return sorted(REALPAGES.glob("**/*.html"))


@pytest.mark.skipif(not REALPAGES.is_dir(), reason="../shared/realpages is absent")
@pytest.mark.parametrize("path", _real_pages(), ids=lambda p: str(p.relative_to(REALPAGES)))
def test_real_zh_news_pages(path):
    d = decode(path.read_bytes())
    assert d.errors <= 5, (d.encoding, d.errors)
    assert sum(d.text.count(c) for c in COMMON) >= 20
    for mojibake in ("Ã", "æ–°", "ä¸", "â€"):
        assert mojibake not in d.text, mojibake
