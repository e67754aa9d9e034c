"""Chinese statutory numbers (docs/regulations.md Family D).

Entity type ``statutory_number``; ``label`` one of ``icp_beian`` (京ICP备…号-1),
``icp_license`` (京ICP证…号), ``vat_license`` (京B2-…), ``psb_beian`` (京公网安备…号),
``drug_info_cert`` ((京)-非经营性-2021-0123), ``drug_info_filing`` ((京)网药械信息备字(2021)第00159号),
``ad_approval`` (current ad approval number; attrs ``("expiry", yyyy-mm-dd or None)`` from its
yyMMdd group), ``ad_approval_legacy`` (pre-2020; attrs ``("approved_month", yyyy-mm)``) and
``tw_ad`` (Taiwan 藥廣字 number). ``value``: the number as printed after folding (ASCII
brackets and dashes, the page's letter case). attrs always include ``("province", ...)``
where the number names one.
"""
from __future__ import annotations

import datetime as _dt
import re

from auditor.support.chars import CJK_BASIC
from auditor.support.lazyre import LazyRe
from auditor.model.document import Document, Entity
from auditor.read.normalize import Normalized
from auditor.recognize.profile import Profile
from auditor.recognize._common import SpanSet, cased, orig

# The 31 mainland province abbreviations. Patterns are written against the folded text:
# NFKC turns （）： into ()：, dash variants are "-", Latin is lower case.
PROV = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
_P = f"(?P<prov>[{PROV}])"
_S = r"\s?"

PATTERNS: tuple[tuple[str, str, re.Pattern], ...] = tuple(
    (label, desc, LazyRe(src))  # compiled when a page has the text they need (_REQUIRED)
    for label, desc, src in (
        ("ad_approval", "drug/device/health-food advertisement approval number (2020 format; 6 digits = expiry yyMMdd)",
         rf"{_P}{_S}(?:药|械|食健|特医食)广审{_S}\({_S}[视声文]{_S}\){_S}第{_S}:?{_S}(?P<exp>\d{{6}}){_S}-{_S}\d{{5}}{_S}号"),
        ("ad_approval_legacy", "advertisement approval number in the pre-2020 format (yyyyMM + serial)",
         rf"{_P}{_S}(?:药|医械)广审{_S}\({_S}[视声文]{_S}\){_S}第{_S}:?{_S}(?P<ym>\d{{6}})\d{{4}}{_S}号"),
        # Footers space the parts ("浙 ICP 备 17005035 号 -1") and write licences as
        # "鄂ICP证:020001-5" (colon, site suffix, no 号).
        ("icp_beian", "ICP filing number (ICP备案号)",
         rf"{_P}{_S}icp{_S}备{_S}:?{_S}\d{{6,10}}{_S}号(?:{_S}-{_S}\d{{1,3}})?"),
        ("icp_license", "ICP operating licence number (ICP证)",
         rf"{_P}{_S}icp{_S}证{_S}:?{_S}\d{{6}}(?:{_S}号|{_S}-{_S}\d{{1,3}}(?:{_S}号)?)"),
        ("vat_license", "value-added telecom licence number (B2)", rf"{_P}b2{_S}-{_S}\d{{8}}"),
        ("psb_beian", "public-security filing number (公网安备)", rf"{_P}公网安备{_S}\d{{14}}{_S}号"),
        ("drug_info_cert", "internet drug information service certificate number (legacy licence)",
         rf"\({_S}{_P}{_S}\){_S}-{_S}(?:非经营性|经营性){_S}-{_S}\d{{4}}{_S}-{_S}\d{{4}}"),
        ("drug_info_filing", "internet drug and device information service filing number (网药械信息备字)",
         rf"\({_S}{_P}{_S}\){_S}网药械信息备字{_S}\({_S}\d{{4}}{_S}\){_S}第{_S}\d{{5}}{_S}号"),
        ("tw_ad", "Taiwan drug advertisement approval number (藥廣字)",
         r"(?:衛部|[" + CJK_BASIC + r"]{1,2}[市縣])(?:衛)?(?:中)?藥廣字第\d{9,10}號"),
    )
)


def _expiry(yymmdd: str) -> str | None:
    try:
        return _dt.datetime.strptime(yymmdd, "%y%m%d").date().isoformat()
    except ValueError:
        return None


# Text every match of a pattern contains: a page without it (most pages) is not scanned.
_REQUIRED = {
    "ad_approval": "广审", "ad_approval_legacy": "广审", "icp_beian": "icp", "icp_license": "icp",
    "vat_license": "b2", "psb_beian": "公网安备", "drug_info_cert": "经营性", "drug_info_filing": "网药械信息备字",
    "tw_ad": "藥廣字",
}
# How far into a match that text can lie at most (the characters before it: a province, a
# space, brackets, 非, 食健 ...): a match is tried only that close before each place the
# text occurs, instead of the pattern scanning the whole page for its province or bracket.
_LEAD = {
    "ad_approval": 5, "ad_approval_legacy": 4, "icp_beian": 2, "icp_license": 2, "vat_license": 1, "psb_beian": 1,
    "drug_info_cert": 9, "drug_info_filing": 6, "tw_ad": 5,
}


def recognize(doc: Document, norm: Normalized, profile: Profile) -> list[Entity]:
    text = norm.text
    out: list[Entity] = []
    taken = SpanSet()
    for label, desc, rx in PATTERNS:
        required = _REQUIRED.get(label)
        if required is not None and required not in text:
            continue
        for m in rx.finditer(text) if required is None else _matches_near(rx, text, required, _LEAD[label]):
            s, e = m.start(), m.end()
            if taken.overlaps(s, e):
                continue
            taken.add(s, e)
            os_, oe = orig(norm, s, e)
            value = cased(doc.text, norm, s, e)
            attrs: list[tuple[str, object]] = []
            gd = m.groupdict()
            if gd.get("prov"):
                attrs.append(("province", gd["prov"]))
            why = f"{desc}; matches the {label} format"
            if label == "ad_approval":
                exp = _expiry(gd["exp"])
                attrs.append(("expiry", exp))
                why += f"; expiry {exp} read from '{gd['exp']}' (yyMMdd)" if exp else f"; '{gd['exp']}' is not a valid yyMMdd date"
            elif label == "ad_approval_legacy":
                ym = gd["ym"]
                month = f"{ym[:4]}-{ym[4:]}" if 1 <= int(ym[4:]) <= 12 else None
                attrs.append(("approved_month", month))
                if month:
                    # Legacy numbers were valid for one year from the month of approval.
                    year, mon = int(ym[:4]) + 1, int(ym[4:])
                    last_day = (_dt.date(year + (mon == 12), mon % 12 + 1, 1) - _dt.timedelta(days=1)).isoformat()
                    attrs.append(("expiry", last_day))
                    why += f"; approved {month}, so valid until {last_day} (legacy numbers were valid for one year)"
            out.append(Entity("statutory_number", os_, oe, value, label, why, tuple(attrs)))
    return out


def _matches_near(pattern, text: str, required: str, lead: int) -> list[re.Match]:
    """``list(pattern.finditer(text))`` for a pattern whose every match holds ``required``
    at most ``lead`` characters after its start: tried at those starts only, in order,
    each after the end of the last match (a start tried once, whichever place it is near)."""
    out: list[re.Match] = []
    match = pattern.match
    pos = 0  # where the next match may start: the end of the last one, or after starts tried
    i = text.find(required)
    while i != -1:
        start = max(i - lead, pos)
        while start <= i:
            m = match(text, start)
            start += 1
            if m is not None:
                out.append(m)
                start = m.end()
                break
        pos = start
        i = text.find(required, i + 1)
    return out
