"""Bytes -> text, recording which encoding was used and why.

Order (first that applies wins):

1. byte-order mark (UTF-8, UTF-16 LE/BE, UTF-32 LE/BE);
2. binary check: magic numbers (PDF, PNG, ZIP, ...) and NUL bytes that UTF-16/32
   sniffing cannot explain raise :class:`InputError`;
3. ``charset`` of the HTTP content type;
4. ``<meta charset>`` / ``<meta http-equiv=Content-Type>`` in the first 4 KB;
5. ``<?xml ... encoding="..."?>``;
6. detection; 7. default UTF-8.

Declarations are checked against the bytes, because Chinese sites often lie
(UTF-8 pages labelled gb2312, GBK pages labelled utf-8 or ISO-8859-1). A
different encoding replaces the declared one only when it decodes (nearly)
cleanly *and* scores clearly better (see :func:`_score`); ``method`` is then
``"detected"`` and ``declared`` still says what the page claimed.

Labels are mapped as browsers do (WHATWG Encoding): the GB family decodes as
gb18030 (a superset of GB2312 and GBK), Big5 as big5hkscs, and Latin-1/ASCII
as cp1252.

Cost: a valid UTF-8 page (the common case) costs one ``bytes.decode`` plus a
regex over its first 4 KB; scoring runs only when UTF-8 fails or a legacy
charset is declared, and then only on a 32 KB window.
"""
from __future__ import annotations

import codecs
import re
import threading
from dataclasses import dataclass

from auditor.support.errors import InputError

__all__ = ["Decoded", "InputError", "decode", "decoded_utf8"]


@dataclass(frozen=True)
class Decoded:
    """A page's bytes decoded to text, with the encoding used and how it was chosen."""

    text: str
    encoding: str  # Python codec name actually used, lower case
    errors: int  # undecodable bytes replaced by U+FFFD (plus NUL characters replaced)
    declared: str | None  # charset label the HTTP header / page declared, lower case
    method: str  # bom | http | meta | xml | detected | default


# --------------------------------------------------------------------------- limits

_HEAD = 8192  # binary / UTF-16 sniffing window
_META_WINDOW = 4096  # where <meta charset> must be (the HTML spec says 1 KB; real pages sprawl)
_SAMPLE = 32768  # scoring window, starting at the first non-ASCII byte

# --------------------------------------------------------------------------- labels

_GB = "gb18030"
_BIG5 = "big5hkscs"
_UTF8 = "utf-8"

# Labels (and Python codec names after codecs.lookup) that do not decode as
# Python would: browsers read the whole GB family as GB18030, Big5 as
# Big5-HKSCS, Latin-1/ASCII as windows-1252, Shift_JIS/EUC-KR as their
# Microsoft supersets. Supersets never lose characters the page author saw.
_LABELS = {
    **dict.fromkeys(
        ("gb2312", "gbk", "x-gbk", "cp936", "ms936", "windows-936", "gb_2312-80", "gb_2312",
         "euc-cn", "euccn", "csgb2312", "chinese", "iso-ir-58", "gb18030", "gb2312-80"), _GB),
    **dict.fromkeys(
        ("big5", "big5-hkscs", "big5hkscs", "x-x-big5", "x-big5", "cn-big5", "csbig5",
         "cp950", "ms950", "windows-950"), _BIG5),
    **dict.fromkeys(
        ("iso-8859-1", "iso8859-1", "iso_8859-1", "latin-1", "latin1", "l1", "cp819", "ibm819",
         "csisolatin1", "iso-ir-100", "us-ascii", "ascii", "ansi_x3.4-1968", "windows-1252",
         "x-cp1252", "cp1252"), "cp1252"),
    **dict.fromkeys(("shift_jis", "shift-jis", "sjis", "x-sjis", "ms_kanji", "windows-31j",
                     "csshiftjis", "cp932"), "cp932"),
    **dict.fromkeys(("euc-kr", "euc_kr", "ks_c_5601-1987", "korean", "windows-949", "cp949"),
                    "cp949"),
    **dict.fromkeys(("tis-620", "iso-8859-11", "windows-874", "cp874"), "cp874"),
    **dict.fromkeys(("iso-8859-9", "iso8859-9", "latin5"), "cp1254"),
    **dict.fromkeys(("utf-8", "utf8", "utf-8-sig", "unicode-1-1-utf-8", "x-unicode20utf8"), _UTF8),
}

# Codecs that exist in Python but are not page encodings (or are unsafe:
# UTF-7 is banned in browsers because it smuggles markup).
_REFUSED = {"utf-7", "undefined", "idna", "punycode", "unicode-escape", "raw-unicode-escape",
            "escape", "charmap", "palmos"}

_WIDE = {"utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be"}


def _codec_for(label: str) -> str | None:
    """Python codec name for a charset label, or None when unknown or refused."""
    key = label.strip().strip("\"'").lower()
    if key in _LABELS:
        return _LABELS[key]
    try:
        info = codecs.lookup(key)
    except LookupError:
        return None
    name = info.name.lower()
    if name in _LABELS:  # aliases such as "936" -> gbk
        return _LABELS[name]
    if not getattr(info, "_is_text_encoding", True) or name in _REFUSED:  # base64, rot13, ...
        return None
    return name.replace("_", "-") if name in _WIDE else name


# --------------------------------------------------------------------------- declarations

_CT_CHARSET = re.compile(r"""charset\s*=\s*["']?\s*([^"';,\s]+)""", re.I)
_COMMENT = re.compile(rb"<!--.*?-->", re.S)
# One regex covers <meta charset=x> and <meta http-equiv=... content="...; charset=x">
# in any attribute order; it runs on bytes, valid because every encoding we can
# declare this way is ASCII-compatible (UTF-16/32 are caught before, by BOM or sniffing).
_META_CHARSET = re.compile(rb"""<meta\b[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""", re.I)
_XML_ENCODING = re.compile(
    rb"""\A\s*<\?xml\b[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9_.:\-]+)["']""", re.I)


def _http_charset(content_type: str | bytes | None) -> str | None:
    if not content_type:
        return None
    if isinstance(content_type, bytes):
        content_type = content_type.decode("latin-1")
    m = _CT_CHARSET.search(content_type)
    return m.group(1).lower() if m else None


def _meta_charset(data: bytes) -> str | None:
    head = data[:_META_WINDOW]
    if b"<!--" in head:  # a commented-out <meta> declares nothing
        head = _COMMENT.sub(b"", head)
    m = _META_CHARSET.search(head)
    return m.group(1).decode("ascii").lower() if m else None


def _xml_charset(data: bytes) -> str | None:
    m = _XML_ENCODING.match(data, 0, 512)
    return m.group(1).decode("ascii").lower() if m else None


# --------------------------------------------------------------------------- binary input

_BOMS = (  # UTF-32 LE before UTF-16 LE: FF FE 00 00 starts with FF FE
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

_MAGIC = (
    (b"%PDF-", "a PDF document"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"\x1f\x8b", "a gzip-compressed file"),
    (b"\x7fELF", "an ELF executable"),
    (b"\xfd7zXZ\x00", "an xz-compressed file"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"\x28\xb5\x2f\xfd", "a Zstandard-compressed file"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "a legacy Microsoft Office document (doc/xls/ppt)"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"\xca\xfe\xba\xbe", "a Java class file or Mach-O binary"),
    (b"\xcf\xfa\xed\xfe", "a Mach-O executable"),
    (b"\xce\xfa\xed\xfe", "a Mach-O executable"),
    (b"\xfe\xed\xfa\xce", "a Mach-O executable"),
    (b"\xfe\xed\xfa\xcf", "a Mach-O executable"),
    (b"wOFF", "a WOFF font"),
    (b"wOF2", "a WOFF2 font"),
    (b"OggS\x00", "an Ogg media file"),
    (b"fLaC", "a FLAC audio file"),
    (b"\x00asm", "a WebAssembly module"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"\x1a\x45\xdf\xa3", "a Matroska/WebM video"),
    (b"\x00\x00\x01\x00", "an icon (ICO) file"),
)
_RIFF = {b"WEBP": "a WebP image", b"WAVE": "a WAV audio file", b"AVI ": "an AVI video"}


def _sniff_binary(data: bytes) -> str | None:
    """What a binary file looks like, from its magic number; None for anything else."""
    for magic, what in _MAGIC:
        if data.startswith(magic):
            return what
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        head = data[:4096]
        if b"application/epub+zip" in head:
            return "an EPUB e-book"
        if b"[Content_Types].xml" in head or b"word/" in head or b"xl/" in head:
            return "an Office document (docx/xlsx/pptx)"
        return "a ZIP archive"
    if data.startswith(b"RIFF") and data[8:12] in _RIFF:
        return _RIFF[data[8:12]]
    if data[4:8] == b"ftyp":
        return "an MP4/QuickTime media file"
    if re.match(rb"BZh[1-9]1AY&SY", data):
        return "a bzip2-compressed file"
    if data.startswith(b"ID3") and data[3:4] in b"\x02\x03\x04" and data[4:5] == b"\x00":
        return "an MP3 audio file"
    # Two-letter magics also begin ordinary text: demand a NUL soon after.
    if data.startswith(b"MZ") and b"\x00" in data[:64]:
        return "a Windows executable"
    if data.startswith(b"BM") and b"\x00" in data[:16]:
        return "a BMP image"
    return None


# C0 controls that text never contains (tab, LF, VT, FF, CR and ESC, used by ISO-2022, excluded).
_CONTROL = bytes(range(0, 9)) + bytes(range(0x0E, 0x1B)) + bytes(range(0x1C, 0x20))


def _sniff_wide(head: bytes) -> str | None:
    """UTF-32/UTF-16 without a BOM, from where the NUL bytes fall.

    ASCII (markup) in UTF-16 LE is ``c 00``: NULs at odd offsets only; in
    UTF-32 LE it is ``c 00 00 00``. Random binary puts NULs everywhere.
    """
    n4 = len(head) - len(head) % 4
    if n4 >= 8:
        h = head[:n4]
        units = n4 // 4
        z = [h[i::4].count(0) for i in range(4)]
        if z[3] == units and z[2] * 10 >= units * 9 and z[0] < units and _clean(h, "utf-32-le"):
            return "utf-32-le"
        if z[0] == units and z[1] * 10 >= units * 9 and z[3] < units and _clean(h, "utf-32-be"):
            return "utf-32-be"
    n2 = len(head) - len(head) % 2
    if n2 >= 4:
        h = head[:n2]
        even, odd = h[0::2].count(0), h[1::2].count(0)
        if odd >= 2 and even * 8 <= odd and _clean(h, "utf-16-le"):
            return "utf-16-le"
        if even >= 2 and odd * 8 <= even and _clean(h, "utf-16-be"):
            return "utf-16-be"
    return None


def _clean(sample: bytes, codec: str) -> bool:
    """Whether ``sample`` decodes with hardly any errors or control characters."""
    text, errors = _decode(sample, codec, final=False)
    bad = errors + len(_bad_text().findall(text))
    return bad * 50 <= len(text)


# --------------------------------------------------------------------------- decoding

_tally = threading.local()


class _TooDamaged(Exception):
    """A candidate decoding passed its limit of bad bytes (see _decode)."""


def _count_and_replace(exc: UnicodeError) -> tuple[str, int]:
    # Python's own "replace" gives one U+FFFD per invalid sequence; we also count
    # the bytes. A thread-local counter keeps decode() usable from threads.
    n = _tally.n = _tally.n + exc.end - exc.start
    if n > _tally.limit:
        raise _TooDamaged
    return "\ufffd", exc.end


_HANDLER = "auditor.read.decode.count"
codecs.register_error(_HANDLER, _count_and_replace)


def _decode(data: bytes, codec: str, final: bool = True, limit: float = float("inf")) -> tuple[str, int]:
    """Decode with U+FFFD for bad bytes; return (text, number of bad bytes).

    ``final=False`` leaves a multibyte sequence cut at the end of a sample
    undecoded instead of counting it as an error. More than ``limit`` bad bytes
    raise :class:`_TooDamaged` as soon as they are found.
    """
    _tally.n = 0
    _tally.limit = limit
    if final:
        text = data.decode(codec, _HANDLER)
    else:
        text = codecs.getincrementaldecoder(codec)(_HANDLER).decode(data, final=False)
    return text, _tally.n


# In these, a NUL byte is the only way to write U+0000, and ``b"\0" in data``
# (memchr) is ~100x faster than searching the decoded str.
_NUL_BYTE_IS_NUL_CHAR = frozenset((_UTF8, _GB, _BIG5, "cp1252", "ascii"))


def _finish(data: bytes, text: str, codec: str, errors: int, declared: str | None,
            method: str) -> Decoded:
    global _last_utf8
    # NUL characters break lxml and are never content: replace and count them
    # (as the HTML parsing spec does).
    if b"\x00" in data if codec in _NUL_BYTE_IS_NUL_CHAR else "\x00" in text:
        errors += text.count("\x00")
        text = text.replace("\x00", "\ufffd")
    elif codec == _UTF8 and not errors:  # text is exactly data.decode("utf-8")
        _last_utf8 = (text, data)
    return Decoded(text, codec, errors, declared, method)


# (a text, the bytes it was decoded from): the last page decoded from valid UTF-8 (most
# pages). The HTML parser hands libxml2 UTF-8 and takes these bytes instead of encoding
# the page again.
_last_utf8: tuple = ("", b"")


def decoded_utf8(text: str) -> bytes | None:
    """The UTF-8 bytes ``text`` was decoded from, if it is the last page :func:`decode`
    read from valid UTF-8 (the very str object), else None."""
    last = _last_utf8
    return last[1] if last[0] is text else None


def _full(data: bytes, codec: str, declared: str | None, method: str) -> Decoded:
    text, errors = _decode(data, codec)
    return _finish(data, text, codec, errors, declared, method)


# --------------------------------------------------------------------------- scoring

# About 550 of the most frequent Simplified characters of modern Chinese text
# (general frequency order, plus press-release / pharma vocabulary), then their
# Traditional (Taiwan/Hong Kong) forms where these differ. Right decodings are
# made mostly of these; wrong ones (GBK read as Big5, Big5 or UTF-8 read as
# GB18030) land on them only by chance. Generated once with zhconv; data, not code.
_COMMON_HANS = (
    "的一是不了人在有我他这个们中来上大为和国地到以说时要就出会可也你对生能而子那得于着下自之年过"
    "发后作里用道行所然家种事成方多经么去法学如都同现当没动面起看定天分还进好小部其些主样理心她本前"
    "开但因只从想实日军者意无力它与长把机十民第公此已工使情明性知全三又关点正业外将两高间由问很最重"
    "并物手应战向头文体政美相见被利什二等产或新己制身果加西斯月话合回特代内信表化老给世位次度门任常"
    "先海通教儿原东声提立及比员解水名真论处走义各入几口认条平系气题活尔更别打女变四神总何电数安少报"
    "才结反受目太量再感建务做接必场件计管期市直德资命山金指克许统区保至队形社便空决治展马科司五基眼"
    "书非则听白却界达光放强即像难且权思王象完设式色路记南品住告类求据程北边死张该交规万取拉格望觉术"
    "领共确传师观清今切院让识候带导争运笑飞风步改收根干造言联持组每济车亲极林服快办议往元英士证近失"
    "转夫令准布始怎呢存未远叫台单影具罗字爱击流备兵连调深商算质团集百需价花党华城石级整府离况亚请技"
    "际约示复病息究线似官火断精满支视消越器容照须九增研写称企八功吗包片史委乎查轻易早曾除农找装广显"
    "吧阿李标谈吃图念六引历首医局突专费号尽另周较注语仅考落青随选列药临床试验疗患适症批获审癌肿瘤疫"
    "苗剂效著善宣款创靶抑抗监册申销售球亿港股披露瞻陈述险素预划估"
)
_COMMON_HANT = (
    "這個們來爲國說時會對於過發後裏種經麼學現當沒動還進樣開從實軍無與長機關點業將兩間問並應戰頭體見"
    "產話內給門兒東聲員論處義幾認條氣題爾別變總電數報結務場計資許統區隊決馬書則聽卻達強難權設記類據"
    "邊張該規萬覺術領確傳師觀讓識帶導爭運飛風幹聯組濟車親極辦議證轉準遠臺單羅愛擊備連調質團價黨華級"
    "離況亞請際約復線斷滿視須寫稱嗎輕農裝廣顯標談喫圖歷醫專費號盡較語僅隨選藥臨牀試驗療適獲審腫劑創"
    "監冊銷億陳險預劃為説裡"
)
_PUNCT = "，。、：；！？「」『』《》（）【】“”‘’…—·"
# The scoring patterns are compiled on first use (a valid UTF-8 page never scores, and
# compiling these large character classes is a noticeable part of start-up).
_COMMON_TEXT_SRC = "[" + _COMMON_HANS + _COMMON_HANT + _PUNCT + "]"
# A Latin-1-range letter or a typographic mark between ASCII characters: how
# accented letters and curly quotes sit in real Western text. Mojibake comes
# in runs of non-ASCII characters and does not count.
# (The character class comes first so the regex engine can skip ahead; the
# lookbehind then checks the character before it. 3x faster than leading
# with the lookbehind.)
_ISOLATED_LATIN_SRC = "[\u00a0-\u024f\u2010-\u2027\u20ac\u2122](?<![^\x00-\x7f].)(?![^\x00-\x7f])"
# Private-use (GB18030/Big5 user-defined areas) and C1 controls: signs of a wrong decoding.
_BAD_TEXT_SRC = "[\ue000-\uf8ff\x80-\x9f\x00-\x08\x0e-\x1a\x1c-\x1f]"


def _bad_text() -> re.Pattern:
    return re.compile(_BAD_TEXT_SRC)  # re's own cache makes later calls a lookup


_NON_ASCII = re.compile(rb"[\x80-\xff]")
_ASCII = bytes(range(0x80))


def _score(text: str, errors: int) -> int:
    """Plausibility of a decoding: frequent characters minus signs of damage.

    "Decoded without errors" proves little (GB18030 accepts almost any byte
    string), so we count what a right decoding produces: frequent Chinese
    characters and punctuation, or isolated accented Latin letters.
    """
    # Only the isolated letters need their neighbours: the other classes are counted on
    # the non-ASCII characters alone (a window is mostly ASCII markup) and, for the
    # controls, on the UTF-8 bytes (where a byte below 0x80 is only ever that character).
    data = text.encode("utf-8", "surrogatepass")
    rest = data.translate(None, _ASCII).decode("utf-8", "surrogatepass")
    controls = len(data) - len(data.translate(None, _CONTROL))  # (_BAD_TEXT_SRC's ASCII part)
    good = len(re.findall(_COMMON_TEXT_SRC, rest)) + len(re.findall(_ISOLATED_LATIN_SRC, text))
    return good - 2 * (errors + controls + len(_bad_text().findall(rest)))


def _window(data: bytes) -> bytes:
    """Up to 32 KB starting at the first non-ASCII byte (a lead byte in every
    candidate encoding, since the byte before it is ASCII): long ASCII heads
    full of script carry no evidence."""
    m = _NON_ASCII.search(data)
    start = m.start() if m else 0
    return data[start:start + _SAMPLE]


_CANDIDATES = (_UTF8, _GB, _BIG5, "cp1252")
# Declared charsets the scoring understands well enough to overrule. A page
# declared Shift_JIS or windows-1251 is trusted (unless it is valid UTF-8):
# kana and Cyrillic score nothing here and would lose to a wrong decoding.
_CHECKED = frozenset(_CANDIDATES)


def _scores(sample: bytes, fallback: str | None) -> dict[str, int]:
    """The score of each candidate worth scoring, in the order of :func:`_choose`'s ties:
    with a ``fallback``, any other candidate with bad bytes over 2% of the non-ASCII
    bytes has none. Its decoding stops at the first bad byte over that limit (a UTF-8
    page labelled GBK has thousands of them as Big5: decoding those was most of its
    detection)."""
    high = len(sample) - len(sample.translate(None, _ASCII))
    scores = {}
    for codec in (fallback, *_CANDIDATES) if fallback else _CANDIDATES:
        if codec in scores:
            continue
        if fallback is None or codec == fallback:
            text, errors = _decode(sample, codec, final=False)
        else:
            try:  # (errors * 50 > high exactly when errors > high // 50)
                text, errors = _decode(sample, codec, final=False, limit=high // 50)
            except _TooDamaged:
                continue
        scores[codec] = _score(text, errors)
    return scores


def _choose(data: bytes, fallback: str | None) -> str:
    """The most plausible candidate encoding for ``data``.

    Without a ``fallback`` the highest score wins (ties: earlier in
    ``_CANDIDATES``). With one (the declared charset), another candidate
    replaces it only if it decodes nearly cleanly (bad bytes under 2% of the
    non-ASCII bytes) and scores higher by a margin, and above zero: near-ties
    and gibberish-versus-gibberish keep what the page declared.
    """
    scores = _scores(_window(data), fallback)
    best = max(scores, key=scores.__getitem__)  # first of equal scores: dict order
    if fallback is None or best == fallback:
        return best
    fb = scores[fallback]
    return best if scores[best] > max(0, fb + 2 + abs(fb) // 4) else fallback


# --------------------------------------------------------------------------- entry point


def decode(data: bytes, content_type: str | None = None) -> Decoded:
    """Decode a page's bytes; raise :class:`InputError` when they are not text.

    ``content_type`` is the HTTP ``Content-Type`` header value, if known.
    Undecodable bytes become U+FFFD and are counted in ``Decoded.errors``.
    """
    if not isinstance(data, bytes):
        data = bytes(data)
    if not data:
        return Decoded("", _UTF8, 0, None, "default")
    http = _http_charset(content_type)

    # 1. A BOM is unambiguous and beats every declaration (as in browsers).
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return _full(data[len(bom):], codec, http, "bom")

    # 2. Binary input.
    what = _sniff_binary(data)
    if what:
        raise InputError(f"binary file (looks like {what}), not a web page")
    head = data[:_HEAD]
    if b"\x00" in head:
        wide = _sniff_wide(head)
        if wide:  # "http" when the header said UTF-16/32 and the sniff found the byte order
            said = http is not None and _codec_for(http) in _WIDE
            return _full(data, wide, http, "http" if said else "detected")
        controls = len(head) - len(head.translate(None, _CONTROL))
        if controls * 100 > len(head):  # a stray NUL in a text page is tolerated (replaced)
            raise InputError(
                "binary file (NUL and control bytes near the start, and not UTF-16/UTF-32 text), "
                "not a web page")

    # 3-5. Declarations.
    declared, method = http, "http"
    if declared is None:
        declared, method = _meta_charset(data), "meta"
    if declared is None:
        declared, method = _xml_charset(data), "xml"
    codec = _codec_for(declared) if declared else None
    if codec in _WIDE:
        # The bytes had no BOM and no UTF-16/32 NUL pattern, and the label was
        # readable as ASCII: the page is ASCII-compatible (WHATWG: use UTF-8).
        codec = _UTF8

    if data.isascii():  # no non-ASCII byte: nothing to detect
        if codec is None:
            return _finish(data, data.decode("ascii"), _UTF8, 0, declared, "default")
        return _full(data, codec, declared, method)

    if codec == _UTF8 or codec is None:
        try:  # the common case: one decode
            text = data.decode(_UTF8)
            return _finish(data, text, _UTF8, 0, declared, method if codec else "detected")
        except UnicodeDecodeError:
            pass
        chosen = _choose(data, _UTF8 if codec else None)
        if codec and chosen == _UTF8:
            return _full(data, _UTF8, declared, method)  # damaged UTF-8, but UTF-8
        return _full(data, chosen, declared, "detected")

    # A legacy charset is declared; check it against the bytes. Valid UTF-8
    # with non-ASCII content is almost never an accident in GBK, Big5 or
    # Latin-1 text, and GBK, Big5 and Latin-1 labels get mixed up on real sites.
    try:
        text = data.decode(_UTF8)  # usually fails at the first non-ASCII byte
    except UnicodeDecodeError:
        text = None
    if text is not None and codec not in (_GB, _BIG5):
        return _finish(data, text, _UTF8, 0, declared, "detected")
    if codec not in _CHECKED:
        return _full(data, codec, declared, method)
    chosen = _choose(data, codec)
    if chosen == codec:
        return _full(data, codec, declared, method)
    if chosen == _UTF8 and text is not None:
        return _finish(data, text, _UTF8, 0, declared, "detected")
    return _full(data, chosen, declared, "detected")
