"""Recognizers on realistic English, Simplified and Traditional Chinese sentences.

Every entity reports ORIGINAL offsets: ``doc.text[e.start:e.end]`` is the page's own
text (full-width forms, non-breaking hyphens ...), while ``value`` is normalized.
"""
from __future__ import annotations

import pytest

from auditor.model.document import Document, Entity, Link
from auditor.read.normalize import normalize
from auditor.recognize.profile import load_profile
from auditor.recognize import approval_number, dates, links, products, recognize_all, statutory


def make_doc(text: str, links_=(), meta=None) -> Document:
    return Document(source="t.txt", format="text", encoding="utf-8", text=text, links=tuple(links_), meta=dict(meta or {}))


def run(mod, text: str, profile: str = "northwind", links_=(), meta=None) -> tuple[Document, list[Entity]]:
    doc = make_doc(text, links_, meta)
    return doc, mod.recognize(doc, normalize(text), load_profile(profile))


def evidence(doc: Document, e: Entity) -> str:
    return doc.text[e.start : e.end]


def of_type(ents, type_, label=None):
    return [e for e in ents if e.type == type_ and (label is None or e.label == label)]


# ----------------------------------------------------------------- approval numbers


@pytest.mark.parametrize(
    "text, label_word",
    [
        ("审批编号：CN-123456", "审批编号"),
        ("審批編號：CN-123456", "審批編號"),
        ("内部审批编号: CN-123456", "内部审批编号"),
        ("內部審批編號：CN-123456", "內部審批編號"),
        ("Approval number: CN-123456", "approval number"),
        ("Job code CN-123456", "job code"),
        ("Veeva ID: CN-123456", "veeva id"),
    ],
)
def test_labelled_valid_approval_number(text, label_word):
    doc, ents = run(approval_number, text)
    (e,) = ents
    assert e.type == "approval_number" and e.label == "valid"
    assert e.value == "CN-123456"
    assert evidence(doc, e) == "CN-123456"
    assert e.attr("labelled") is True
    assert e.attr("label") == label_word
    assert f"labelled by '{label_word}'" in e.explanation
    assert r"CN-\d{6}" in e.explanation


def test_full_width_approval_number_keeps_page_characters():
    doc, ents = run(approval_number, "审批编号：ＣＮ－１２３４５６")
    (e,) = ents
    assert e.label == "valid" and e.value == "CN-123456"
    assert evidence(doc, e) == "ＣＮ－１２３４５６"


def test_non_breaking_hyphen_approval_number_unlabelled():
    text = "Northwind Biosciences, Shanghai. CN\u2011123456"
    doc, ents = run(approval_number, text)
    (e,) = ents
    assert e.label == "valid" and e.value == "CN-123456"
    assert evidence(doc, e) == "CN\u2011123456"
    assert e.attr("labelled") is False and e.attr("label") == ""


@pytest.mark.parametrize("number", ["CN-12345", "CN 1234567", "CN_123456", "CN-12345A", "CN–1234567", "CN123456"])
def test_malformed_neighbours(number):
    doc, ents = run(approval_number, f"This material was reviewed under {number} last month.")
    (e,) = ents
    assert e.label == "malformed", e
    assert evidence(doc, e) == number
    assert "does not match the profile format" in e.explanation


@pytest.mark.parametrize(
    "text, shown",
    [
        ("审批编号：ABC-99", "ABC-99"),
        ("核准編號：CN-12345", "CN-12345"),
        ("材料编号：CN-1234567", "CN-1234567"),
        ("Job code: PP-XYZ-CHN-0123", "PP-XYZ-CHN-0123"),
        ("Approval No.: CN-XXXXXX", "CN-XXXXXX"),
    ],
)
def test_anything_after_a_label_that_does_not_match_is_malformed(text, shown):
    doc, ents = run(approval_number, text)
    (e,) = ents
    assert e.label == "malformed" and e.attr("labelled") is True
    assert evidence(doc, e) == shown


def test_lower_case_prefix_is_malformed():
    doc, ents = run(approval_number, "审批编号：cn-123456")
    (e,) = ents
    assert e.label == "malformed" and e.value == "cn-123456"


def test_prose_about_approval_numbers_is_not_a_number():
    _, ents = run(approval_number, "The approval number is shown at the bottom of every page.")
    assert ents == []


def test_approval_number_with_printed_expiry():
    text = "审批编号：CN-123456　有效期至：2027年3月31日"
    doc, ents = run(approval_number, text)
    (num,) = of_type(ents, "approval_number")
    (exp,) = of_type(ents, "date")
    assert num.attr("expiry") == "2027-03-31"
    assert exp.label == "expiry" and exp.value == "2027-03-31"
    assert evidence(doc, exp) == "2027年3月31日"


def test_expiry_in_english_before_the_number():
    text = "Valid until 31 March 2027 | Job code: CN-123456"
    doc, ents = run(approval_number, text)
    (num,) = of_type(ents, "approval_number")
    assert num.label == "valid" and num.attr("expiry") == "2027-03-31"


def test_profile_approval_format_and_labels():
    doc, ents = run(approval_number, "資料編號：KTHK-12345；material code: KTHK-1234", profile="kestrel")
    good, bad = sorted(ents, key=lambda e: e.start)
    assert good.label == "valid" and good.attr("label") == "資料編號"
    assert bad.label == "malformed" and evidence(doc, bad) == "KTHK-1234"
    # The default CN format means nothing to Kestrel's profile without a label.
    _, none = run(approval_number, "Reference CN-123456.", profile="kestrel")
    assert none == []


def test_dev_codes_and_hk_registration_are_not_approval_numbers():
    _, ents = run(approval_number, "NWB-2207 and HK-12345 and AZD1234")
    assert ents == []


# ------------------------------------------------------------------------ products


def test_registry_code_investigational_english():
    text = "NWB-2207 is an investigational drug in a Phase 3 clinical trial."
    doc, ents = run(products, text)
    (e,) = ents
    assert e.type == "product" and e.label == "investigational"
    assert e.value == "NWB-2207" and e.attr("code") == "NWB-2207"
    assert e.attr("product") == "nwb-2207"
    assert {"investigational", "phase 3", "clinical trial"} <= set(e.attr("context"))
    assert evidence(doc, e) == "NWB-2207"
    assert "investigational" in e.explanation


def test_registry_code_simplified_chinese():
    text = "诺风生物宣布，其在研药物NWB-2207治疗肝细胞癌的III期临床试验完成首例患者给药。"
    doc, ents = run(products, text)
    (e,) = ents
    assert e.label == "investigational"
    assert "临床试验" in e.attr("context")
    assert e.attr("indications") == ("hcc",)


def test_registry_code_traditional_full_width():
    text = "紅隼生技宣布ＫＴ－３１８第三期臨床試驗達到主要終點。"
    doc, ents = run(products, text, profile="kestrel")
    (e,) = ents
    assert e.value == "KT-318" and e.label == "investigational"
    assert evidence(doc, e) == "ＫＴ－３１８"
    assert {"第三期", "臨床試驗"} <= set(e.attr("context"))


def test_code_in_navigation_menu_is_recognised():
    doc, ents = run(products, "Home\nPipeline\nKT-318\nInvestors", profile="kestrel")
    (e,) = ents
    assert e.value == "KT-318" and e.label == "investigational" and e.attr("context") == ()


def test_profile_dev_code_pattern_needs_no_context():
    doc, ents = run(products, "Poster: NWB-3301 pharmacokinetics.")
    (e,) = ents
    assert e.value == "NWB-3301" and e.attr("source") == "profile-pattern" and e.label == "investigational"


def test_study_names_are_not_products():
    _, ents = run(products, "The Phase 3 HELIX-301 trial met its endpoint; HXA1043 is investigational.", profile="generic")
    assert [e.value for e in ents] == ["HXA1043"]
    text = (
        "The NDA for HXA1043 is supported by results from ORCA-302, a randomised Phase 3 trial. "
        "ORCA-302 data will be presented; the NDA is under priority review."
    )
    _, ents = run(products, text, profile="generic")
    assert [e.value for e in ents] == ["HXA1043"]


def test_generic_code_needs_investigational_context():
    _, with_ctx = run(products, "AZD1234 is being evaluated in a Phase 2 trial.", profile="generic")
    (e,) = with_ctx
    assert e.value == "AZD1234" and e.attr("source") == "generic-pattern"
    assert e.label == "investigational" and "phase 2" in e.attr("context")
    _, without = run(products, "Visit the AZD1234 booth in Hall 3.", profile="generic")
    assert without == []
    _, other_sentence = run(products, "Visit booth AZD1234. The Phase 2 trial ended.", profile="generic")
    assert other_sentence == []


@pytest.mark.parametrize(
    "text",
    [
        "Our ISO9001 certified plant supports the Phase 3 clinical trial.",
        "EGFR and HER2 mutations were assessed in the Phase 3 clinical trial.",
        "CD123 and BCMA are targets in this Phase 1 clinical trial.",
        "Data were presented at ASCO2026 from the Phase 3 trial.",
        "PD-1 and PD-L1 inhibitors, KRAS G12C, COVID-19 and H1N1 in clinical trials.",
        "依据GB/T 19001标准开展临床试验。",
        "审批编号 CN-12345 covers the Phase 3 clinical trial summary.",
    ],
)
def test_standards_targets_and_numbers_are_not_products(text):
    _, ents = run(products, text, profile="generic")
    assert of_type(ents, "product") == [], ents


def test_jieba_boundaries_keep_context_words_whole():
    # 在研 inside 在研讨会 is not the investigational word; 将军 is irrelevant.
    _, ents = run(products, "王将军在研讨会上介绍了ABC1234的设计。", profile="generic")
    assert ents == []
    _, ents = run(products, "ABC1234是一款在研药物。", profile="generic")
    (e,) = ents
    assert e.value == "ABC1234" and "在研药物" in e.attr("context")


def test_registry_brand_approved_in_market():
    text = "泽沃拉（Xelvora）已获国家药品监督管理局批准用于治疗非小细胞肺癌。"
    doc, ents = run(products, text)
    assert [evidence(doc, e) for e in ents] == ["泽沃拉", "Xelvora"]
    for e in ents:
        assert e.label == "approved" and e.value == "Xelvora" and e.attr("product") == "xelvora"
        assert e.attr("indications") == ("nsclc",)
    assert ents[0].attr("name_kind") == "brand"


def test_registry_brand_with_unapproved_indication():
    doc, ents = run(products, "Xelvora is being studied in patients with gastric cancer.")
    (e,) = ents
    assert e.label == "unapproved-indication"
    assert e.attr("unapproved_indications") == ("gastric",)
    assert "gastric cancer" in e.explanation


def test_registry_names_in_chinese_scripts_with_indications():
    _, ents = run(products, "泽沃拉用于胃癌的III期临床试验已启动。")
    (e,) = ents
    assert e.label == "unapproved-indication"
    _, ents = run(products, "澤沃拉獲批用於治療非小細胞肺癌。")
    (e,) = ents
    assert e.label == "approved"
    _, ents = run(products, "Zelvotinib (泽沃替尼) tablets.")
    assert [x.label for x in ents] == ["approved", "approved"]
    assert ents[0].attr("name_kind") == "generic"


def test_registry_product_not_approved_in_profile_market():
    _, ents = run(products, "Corvessa（科維莎）在中國內地獲批用於類風濕關節炎。", profile="kestrel")
    assert [e.label for e in ents] == ["unapproved", "unapproved"]


def test_registry_product_approved_code_without_indication():
    _, ents = run(products, "NWB-1102 tablets")
    (e,) = ents
    assert e.label == "approved" and e.attr("product") == "xelvora"


@pytest.mark.parametrize(
    "text, value, label",
    [
        ("The trial (NCT01234567) is recruiting.", "NCT01234567", "nct"),
        ("登记号：CTR20231234", "CTR20231234", "ctr"),
        ("注册号ChiCTR2000012345。", "ChiCTR2000012345", "chictr"),
        ("Registered as ChiCTR-IOR-17012345.", "ChiCTR-IOR-17012345", "chictr"),
    ],
)
def test_trial_ids(text, value, label):
    doc, ents = run(products, text, profile="generic")
    (e,) = ents
    assert e.type == "trial_id" and e.value == value and e.label == label
    assert evidence(doc, e) == value


def test_full_width_trial_id():
    doc, ents = run(products, "臨床試驗編號：ＮＣＴ０１２３４５６７", profile="generic")
    (e,) = ents
    assert e.value == "NCT01234567" and evidence(doc, e) == "ＮＣＴ０１２３４５６７"
    assert "臨床試驗" in e.attr("context")


# --------------------------------------------------------------------------- dates


@pytest.mark.parametrize(
    "text, iso",
    [
        ("March 19, 2026", "2026-03-19"),
        ("19 March 2026", "2026-03-19"),
        ("Mar. 19, 2026", "2026-03-19"),
        ("Sept. 3, 2026", "2026-09-03"),
        ("Sep 3 2026", "2026-09-03"),
        ("2026年3月19日", "2026-03-19"),
        ("２０２６年３月１９日", "2026-03-19"),
        ("二〇二六年三月十九日", "2026-03-19"),
        ("二〇二六年十二月三十一日", "2026-12-31"),
        ("2026-03-19", "2026-03-19"),
        ("2026/3/19", "2026-03-19"),
        ("2026.03.19", "2026-03-19"),
    ],
)
def test_date_formats(text, iso):
    doc, ents = run(dates, f"It happened on {text} here.")
    (e,) = ents
    assert e.type == "date" and e.value == iso
    assert evidence(doc, e) == text


@pytest.mark.parametrize("text", ["2026-02-30", "March 32, 2026", "制作日期：2026年3月", "March 2026", "(京)-非经营性-2021-0123", "version 1.2.3"])
def test_not_dates(text):
    _, ents = run(dates, text)
    assert ents == []


@pytest.mark.parametrize(
    "text, label",
    [
        ("Release date: March 19, 2026", "release"),
        ("发布日期：2026-03-19", "release"),
        ("發佈日期：2026年3月19日", "release"),
        ("有效期至：2027-03-31", "expiry"),
        ("Expiry: 31 March 2027", "expiry"),
        ("Date of preparation: 19 March 2026", "prep"),
        ("制作日期：2026年3月19日", "prep"),
        ("Last updated: 2026/3/19", "updated"),
        ("更新時間：2026年3月19日", "updated"),
        ("On March 19, 2026, the company said.", ""),
    ],
)
def test_date_labels(text, label):
    _, ents = run(dates, text)
    (e,) = ents
    assert e.label == label, e


def test_english_dateline():
    text = "SHANGHAI, China, March 19, 2026 /PRNewswire/ -- Northwind Biosciences today announced results."
    doc, ents = run(dates, text)
    (e,) = ents
    assert e.label == "dateline" and e.value == "2026-03-19"
    text2 = "HONG KONG, March 19, 2026 — Kestrel Therapeutics announced."
    _, ents = run(dates, text2)
    assert ents[0].label == "dateline"


def test_chinese_datelines():
    doc, ents = run(dates, "诺风生物发布新闻\n（2026年3月19日，上海）诺风生物今日宣布……")
    (e,) = ents
    assert e.label == "dateline" and evidence(doc, e) == "2026年3月19日"
    _, ents = run(dates, "中国上海，2026年3月19日——诺风生物今日宣布……")
    assert ents[0].label == "dateline"
    _, ents = run(dates, "（香港，2026年3月19日）紅隼生技宣佈……")
    assert ents[0].label == "dateline"


def test_expiry_range_labels_the_end_date():
    _, ents = run(dates, "有效期：2025年1月1日至2026年12月31日")
    assert [(e.value, e.label) for e in ents] == [("2025-01-01", ""), ("2026-12-31", "expiry")]


def test_published_time_metadata():
    _, ents = run(dates, "No dates in the body.", meta={"published_time": "2026-03-19T08:00:00+08:00"})
    (e,) = ents
    assert e.label == "published" and e.value == "2026-03-19"
    assert e.start == e.end == 0
    assert "published_time" in e.explanation


# --------------------------------------------------------------------------- links


def test_links_internal_and_external():
    text = "Pipeline | About | ClinicalTrials.gov | Mail | Call | Top | News | CDN | Phish"
    hrefs = [
        "https://www.northwind-bio.com.cn/pipeline",
        "https://northwind-bio.com/about",
        "https://clinicaltrials.gov/study/NCT01234567",
        "mailto:info@northwind-bio.com",
        "tel:+86-21-0000-0000",
        "#top",
        "/zh/news",
        "//cdn.example.net/app.js",
        "https://northwind-bio.com.evil.example/login",
        "javascript:void(0)",
        "https://beian.miit.gov.cn/",
    ]
    doc_links = [Link(h, 0, 4) for h in hrefs]
    _, ents = run(links, text, links_=doc_links)
    got = [(e.attr("href"), e.value, e.label) for e in ents]
    assert got == [
        ("https://www.northwind-bio.com.cn/pipeline", "www.northwind-bio.com.cn", "internal"),
        ("https://northwind-bio.com/about", "northwind-bio.com", "internal"),
        ("https://clinicaltrials.gov/study/NCT01234567", "clinicaltrials.gov", "external"),
        ("/zh/news", "", "internal"),
        ("//cdn.example.net/app.js", "cdn.example.net", "external"),
        ("https://northwind-bio.com.evil.example/login", "northwind-bio.com.evil.example", "external"),
        ("https://beian.miit.gov.cn/", "beian.miit.gov.cn", "statutory"),
    ]
    ext = [e for e in ents if e.label == "external"][0]
    assert "northwind-bio.com.cn" in ext.explanation


def test_links_page_host_counts_as_own_with_generic_profile():
    doc_links = [Link("https://acme.cn/about", 0, 1), Link("https://other.org/", 2, 3)]
    _, ents = run(links, "a b c", profile="generic", links_=doc_links, meta={"url": "https://www.acme.cn/news/1"})
    assert [(e.value, e.label) for e in ents] == [("acme.cn", "internal"), ("other.org", "external")]


# --------------------------------------------------------------- statutory numbers


@pytest.mark.parametrize(
    "text, label",
    [
        ("沪ICP备12345678号-1", "icp_beian"),
        ("粤ICP备2022020947号", "icp_beian"),
        ("京ICP证110745号", "icp_license"),
        ("浙 ICP 备 17005035 号 -1", "icp_beian"),
        ("鄂ICP证:020001-5", "icp_license"),
        ("京ICP证：030173号", "icp_license"),
        ("京B2-20180851", "vat_license"),
        ("京公网安备11010802020088号", "psb_beian"),
        ("沪公网安备 31010402001234号", "psb_beian"),
        ("(京)-非经营性-2021-0123", "drug_info_cert"),
        ("（粤）—经营性-2022-0419", "drug_info_cert"),
        ("（京）网药械信息备字（2021）第00159号", "drug_info_filing"),
        ("粤械广审（文）第280917-05538号", "ad_approval"),
        ("京医械广审(文)第2005010001号", "ad_approval_legacy"),
        ("皖药广审（视）第：2015010001号", "ad_approval_legacy"),
        ("北市衛藥廣字第111060105號", "tw_ad"),
        ("桃市中藥廣字第1091200001號", "tw_ad"),
    ],
)
def test_statutory_numbers(text, label):
    doc, ents = run(statutory, f"页脚：{text}｜版权所有")
    (e,) = ents
    assert e.type == "statutory_number" and e.label == label
    assert evidence(doc, e) == text


def test_ad_approval_expiry_from_number():
    _, ents = run(statutory, "粤械广审（文）第280917-05538号")
    (e,) = ents
    assert e.attr("expiry") == "2028-09-17" and e.attr("province") == "粤"


def test_full_width_icp_keeps_page_characters_and_upper_case_value():
    doc, ents = run(statutory, "京ＩＣＰ备１２３４５６７８号－２")
    (e,) = ents
    assert e.value == "京ICP备12345678号-2"
    assert evidence(doc, e) == "京ＩＣＰ备１２３４５６７８号－２"


@pytest.mark.parametrize("text", ["ICP备案查询", "备案号12345678号", "港ICP备12345678号"])
def test_not_statutory_numbers(text):
    _, ents = run(statutory, text)
    assert ents == []


# -------------------------------------------------------------------- recognize_all


def test_recognize_all_sorted_without_duplicates():
    text = (
        "SHANGHAI, China, March 19, 2026 /PRNewswire/ -- Northwind Biosciences announced that NWB-2207, "
        "an investigational drug, entered a Phase 3 clinical trial (NCT01234567).\n"
        "审批编号：CN-123456 有效期至：2027年3月31日\n"
        "沪ICP备12345678号-1"
    )
    doc = make_doc(text, [Link("https://clinicaltrials.gov/", 0, 8)])
    ents = recognize_all(doc, normalize(text), load_profile("northwind"))
    keys = [(e.start, e.end, e.type) for e in ents]
    assert keys == sorted(keys)
    types = [e.type for e in ents]
    assert types.count("date") == 2  # dateline + expiry (expiry not duplicated)
    assert {"approval_number", "product", "trial_id", "statutory_number", "link"} <= set(types)
    for e in ents:
        assert e.explanation
        if e.end > e.start:
            assert doc.text[e.start : e.end].strip()


def test_empty_document():
    doc = make_doc("")
    assert recognize_all(doc, normalize(""), load_profile("generic")) == []


def test_large_page_is_fast():
    import time

    para = (
        "NWB-2207 is an investigational drug in a Phase 3 clinical trial. 审批编号：CN-123456。"
        "发布日期：2026年3月19日。Xelvora is approved for non-small cell lung cancer. "
    )
    text = para * 400  # about 60 000 characters
    doc = make_doc(text)
    norm = normalize(text)
    t0 = time.perf_counter()
    ents = recognize_all(doc, norm, load_profile("northwind"))
    assert time.perf_counter() - t0 < 10
    assert len(ents) >= 400 * 4


# ------------------------------------------------------------------ property tests

from hypothesis import given, settings
from hypothesis import strategies as st

_WIDE = {c: chr(ord(c) + 0xFEE0) for c in "CN0123456789"}
_DASHES = ["-", "\u2010", "\u2011", "\u2012", "\u2013", "\u2014", "\u2212", "\uff0d"]


@settings(max_examples=60, deadline=None)
@given(
    wide=st.lists(st.booleans(), min_size=9, max_size=9),
    dash=st.sampled_from(_DASHES),
    digits=st.text(alphabet="0123456789", min_size=6, max_size=6),
    prefix=st.sampled_from(["审批编号：", "審批編號：", "Job code: ", "材料 ", "Ref. "]),
    suffix=st.sampled_from(["", "。", " | 沪ICP备12345678号", "\n有效期至：2027年3月31日"]),
)
def test_approval_number_variants_map_back_to_page_text(wide, dash, digits, prefix, suffix):
    chars = ["C", "N", dash, *digits]
    printed = "".join(_WIDE.get(c, c) if w and c in _WIDE else c for c, w in zip(chars, wide))
    text = f"{prefix}{printed}{suffix}"
    doc, ents = run(approval_number, text)
    nums = of_type(ents, "approval_number")
    assert len(nums) == 1
    (e,) = nums
    assert e.label == "valid" and e.value == f"CN-{digits}"
    assert evidence(doc, e) == printed


def test_links_own_site_inferred_from_menus_when_nothing_names_it():
    # A saved news page: no URL or canonical link, absolute menu links to its own site.
    from auditor.read.pipeline import load_document

    html = (
        "<html><body><header><nav><a href='https://www.daily.com.cn/'>首页</a>"
        "<a href='https://news.daily.com.cn/world/'>国际</a><a href='https://sports.daily.com.cn/'>体育</a>"
        "<a href='https://twitter.com/daily'>Twitter</a></nav></header>"
        "<main><p>据<a href='https://news.daily.com.cn/2019/1.html'>本报此前报道</a>，研究发表于"
        "<a href='https://www.thelancet.com/x'>《柳叶刀》</a>。</p></main></body></html>"
    )
    doc = load_document(html.encode("utf-8"), "page.html")
    ents = {(e.value, e.label) for e in links.recognize(doc, normalize(doc.text), load_profile("generic"))}
    assert ("news.daily.com.cn", "internal") in ents
    assert ("www.thelancet.com", "external") in ents
    assert ("twitter.com", "external") in ents
    # A profile that names the company's domains decides on its own.
    ents = {(e.value, e.label) for e in links.recognize(doc, normalize(doc.text), load_profile("northwind"))}
    assert ("news.daily.com.cn", "external") in ents
