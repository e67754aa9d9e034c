#!/usr/bin/env python3
"""A deterministic generator of realistic synthetic pharma press-release pages.

For tests and benchmarks of batch scans: pages in the styles of the hand-written corpus
(corpora/pages/), written as files (a site mirror: ``files/<host>/<path>``), as a zip
archive and as a WARC (warcio, one HTTP ``response`` record per page with the charset in
its Content-Type header, plus the request records, stylesheets, images, a 404 and a
revisit record a real crawl has), with a manifest of what each page contains.

    python corpora/generate.py OUT_DIR [--pages 200] [--seed 1] [--formats files,zip,warc]

What the pages hold (all decided by the seed):

- three fictional companies and their sites: Northwind Biosciences (English on
  northwind-bio.com, Simplified Chinese on northwind-bio.com.cn), Helixa Pharma
  (``/en/`` and ``/zh/`` paths on one host) and Kestrel Therapeutics (Traditional
  Chinese ``/tc/`` and English ``/en/``);
- stories published in English, in Chinese, or in both (language versions that point
  at each other with ``<link rel="alternate" hreflang>`` and carry a canonical link);
- investigational development codes with and without an unapproved-product
  disclaimer, forward-looking-statements sections, approval numbers (``CN-`` and six
  digits; some reused on an unrelated page, some differing between the two language
  versions of a story), superlative claims, archive notices on old pages;
- the markup noise of real pages: mega-menus, breadcrumbs, related-news lists, cookie
  banners, hidden leaving-site pop-ups, inline CSS, inline scripts and JSON state,
  SVG sprites, footers with ICP numbers; 30-120 KB per page by default;
- UTF-8 mostly, some GB18030 (declared ``gbk``/``gb2312``) and Big5 pages.

The manifest (``manifest.json``) lists each page with its ``expected`` finding
categories: what was planted and what an audit must report (with
``--audit-date 2026-12-31`` and the default profile). Same seed and options, same
bytes.
"""
from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import io
import json
import random
import sys
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

AUDIT_DATE = "2026-12-31"  # the audit date the manifest's expectations assume

# ------------------------------------------------------------------------------ companies


@dataclass(frozen=True)
class Company:
    key: str
    name: dict  # lang -> name
    short: dict
    hosts: dict  # lang -> host
    prefix: dict  # lang -> path prefix ("" or "/en")
    codes: tuple
    city: dict
    zh_lang: str  # the company's Chinese script: zh-Hans or zh-Hant
    icp: str


COMPANIES = (
    Company("northwind",
            {"en": "Northwind Biosciences", "zh-Hans": "诺风生物", "zh-Hant": "諾風生物"},
            {"en": "Northwind", "zh-Hans": "诺风生物", "zh-Hant": "諾風生物"},
            {"en": "www.northwind-bio.com", "zh-Hans": "www.northwind-bio.com.cn"},
            {"en": "", "zh-Hans": ""},
            ("NWB-2207", "NWB-3310", "NWB-1184", "NWB-4471"),
            {"en": "SHANGHAI", "zh-Hans": "上海", "zh-Hant": "上海"}, "zh-Hans",
            "沪ICP备12345678号-1"),
    Company("helixa",
            {"en": "Helixa Pharma", "zh-Hans": "赫立克萨医药", "zh-Hant": "赫立克薩醫藥"},
            {"en": "Helixa", "zh-Hans": "赫立克萨", "zh-Hant": "赫立克薩"},
            {"en": "www.helixa-pharma.com", "zh-Hans": "www.helixa-pharma.com"},
            {"en": "/en", "zh-Hans": "/zh"},
            ("HXA1043", "HXA3305", "HXA2718", "HXA0906"),
            {"en": "SUZHOU", "zh-Hans": "苏州", "zh-Hant": "蘇州"}, "zh-Hans",
            "苏ICP备20031043号-1"),
    Company("kestrel",
            {"en": "Kestrel Therapeutics", "zh-Hans": "红隼生技", "zh-Hant": "紅隼生技"},
            {"en": "Kestrel", "zh-Hans": "红隼生技", "zh-Hant": "紅隼生技"},
            {"en": "www.kestrel-tx.com.tw", "zh-Hant": "www.kestrel-tx.com.tw"},
            {"en": "/en", "zh-Hant": "/tc"},
            ("KT-318", "KT-502", "KT-277", "KT-640"),
            {"en": "TAIPEI", "zh-Hans": "台北", "zh-Hant": "台北"}, "zh-Hant",
            ""),
)

INDICATIONS = {
    "en": ["non-small cell lung cancer", "small cell lung cancer", "hepatocellular carcinoma",
           "idiopathic pulmonary fibrosis", "moderate-to-severe ulcerative colitis", "gastric cancer",
           "relapsed or refractory large B-cell lymphoma", "chronic obstructive pulmonary disease",
           "triple-negative breast cancer", "biliary tract cancer"],
    "zh-Hans": ["非小细胞肺癌", "小细胞肺癌", "肝细胞癌", "特发性肺纤维化", "中重度溃疡性结肠炎", "胃癌",
                "复发或难治性大B细胞淋巴瘤", "慢性阻塞性肺疾病", "三阴性乳腺癌", "胆道癌"],
    "zh-Hant": ["非小細胞肺癌", "小細胞肺癌", "肝細胞癌", "特發性肺纖維化", "中重度潰瘍性結腸炎", "胃癌",
                "復發或難治性大B細胞淋巴瘤", "慢性阻塞性肺病", "三陰性乳癌", "膽道癌"],
}
TRIALS = ["BEACON-Lung 03", "HELIX-301", "SOLACE-2", "KESTREL-IPF", "ORBIT-2", "NOVA-12", "ATLAS-HCC", "CREST-5"]
PEOPLE = {
    "en": ["Dr. Zhao Yiming", "Dr. Wang Liqun", "Dr. Chen Jiahe", "Dr. Lin Zongxian", "Dr. Sun Yue"],
    "zh-Hans": ["赵一鸣博士", "王立群博士", "陈嘉和教授", "林宗宪医师", "孙悦女士"],
    "zh-Hant": ["趙一鳴博士", "王立群博士", "陳嘉和教授", "林宗憲醫師", "孫悅女士"],
}
SECTIONS = ("news", "news", "news", "investors", "science", "media")

# ------------------------------------------------------------------------------ texts

T = {
    "en": {
        "title": ["{co} Announces {event} for {code} in {ind}",
                  "{co} Reports Positive Results from {trial} Study of {code}",
                  "{co} Presents New Data on {code} at International Congress",
                  "{co} Completes Enrolment in {trial} Trial of {code}"],
        "event": ["NMPA Acceptance of New Drug Application", "Breakthrough Therapy Designation",
                  "Priority Review", "First Patient Dosed in Phase 3 Trial"],
        "intro": ["{city}, {date_en} — {co} today announced that {code}, an investigational {moa}, met the primary "
                  "endpoint of the Phase 3 {trial} trial in patients with {ind}.",
                  "{city}, {date_en} — {co} today announced that the Center for Drug Evaluation has accepted the "
                  "New Drug Application for {code}, an investigational {moa}, for the treatment of {ind}."],
        "intro_plain": ["{city}, {date_en} — {co} today published its update on community programmes for patients "
                        "with {ind} and on its manufacturing network in China."],
        "body": ["The randomised, double-blind trial enrolled {n} patients at {sites} sites in mainland China. "
                 "Median progression-free survival was {m1} months versus {m2} months (HR {hr}; 95% CI {lo}–{hi}).",
                 "Grade 3 or higher treatment-related adverse events occurred in {p1}% and {p2}% of patients, "
                 "respectively, and no new safety signals were observed.",
                 "Results will be presented at an upcoming international medical congress and submitted for "
                 "publication in a peer-reviewed journal.",
                 "The company's Suzhou facility completed process performance qualification of a second "
                 "2,000-litre production line during the quarter.",
                 "More than {n} patients have now received treatment across the company's clinical programmes."],
        "quote": ["“These results are an important step for patients with {ind},” said {person}. "
                  "“We expect to complete the regulatory review in 2027.”",
                  "“We thank the patients, families and investigators who took part,” said {person}."],
        "claim": ["{code} is the first and only therapy of its kind and offers best-in-class efficacy.",
                  "Our world-leading platform delivers the most effective treatment for {ind}."],
        "disclaimer": ["{code} is investigational; its safety and efficacy have not been established, and it has "
                       "not been approved in mainland China or any other jurisdiction. {short} does not recommend "
                       "the use of any unapproved medicine or any unapproved indication."],
        "about_h": "About {co}",
        "about": ["{co} is a biopharmaceutical company developing medicines for cancer, fibrosis and autoimmune "
                  "diseases, with research centres in Shanghai and Boston and about {staff} employees."],
        "fls_h": "Forward-Looking Statements",
        "fls": ["This press release contains forward-looking statements, including statements about the expected "
                "timing of regulatory review and the potential approval and launch of {code}. These statements are "
                "subject to risks that could cause actual results to differ materially, including: the regulator may "
                "request additional data or inspections; later results may not be consistent with interim analyses; "
                "and manufacturing scale-up may be delayed. {short} undertakes no obligation to update any "
                "forward-looking statement."],
        "approval": "Approval number: {num}",
        "leaving": ["You are leaving {host} and going to a website operated by a third party. {short} is not "
                    "responsible for the content or privacy practices of that website.", "Cancel", "Continue"],
        "archive": "This is an archived release. Information may not reflect the latest data; please refer to "
                   "current materials.",
        "cookie": "We use cookies to improve your experience and analyse site traffic. By continuing you agree to "
                  "our Cookie Policy.",
        "nav": ["Home", "About Us", "Pipeline", "Science", "Products", "News", "Investors", "Careers", "Contact"],
        "related": "Related news",
        "footer": ["Privacy Policy", "Terms of Use", "Cookie Policy", "Report an Adverse Event", "Sitemap"],
        "moa": ["PD-1/VEGF bispecific antibody", "antibody-drug conjugate", "oral small-molecule inhibitor",
                "CD19/CD20 CAR-T therapy"],
    },
    "zh-Hans": {
        "title": ["{co}宣布{code}{event}", "{co}公布{code}{trial}研究积极结果", "{co}在国际学术会议公布{code}最新数据",
                  "{co}完成{code}{trial}研究患者入组"],
        "event": ["新药上市申请获国家药监局受理", "获突破性治疗药物认定", "纳入优先审评", "III期临床研究完成首例患者给药"],
        "intro": ["（{date_zh}，{city}）{co}今日宣布，其在研{moa}{code}用于治疗{ind}的III期{trial}研究达到主要终点。",
                  "（{date_zh}，{city}）{co}今日宣布，国家药品监督管理局药品审评中心已受理在研{moa}{code}用于治疗{ind}的新药上市申请。"],
        "intro_plain": ["（{date_zh}，{city}）{co}今日发布面向{ind}患者的公益项目进展及中国生产基地建设情况。"],
        "body": ["该随机、双盲研究在中国大陆 {sites} 家研究中心共入组 {n} 例患者。中位无进展生存期分别为 {m1} 个月和 {m2} 个月"
                 "（HR={hr}；95% CI：{lo}–{hi}）。",
                 "两组≥3级治疗相关不良事件发生率分别为 {p1}% 和 {p2}%，未发现新的安全性信号。",
                 "相关结果将在近期的国际学术会议上公布，并投稿至同行评议期刊。",
                 "公司苏州生产基地本季度完成第二条2,000升生产线的工艺性能确认。",
                 "截至目前，已有超过 {n} 例患者在公司的临床项目中接受治疗。"],
        "quote": ["{person}表示：“这一结果对{ind}患者具有重要意义。我们预计将于2027年完成审评。”",
                  "{person}表示：“感谢参与研究的患者、家属及研究者。”"],
        "claim": ["{code}是同类中唯一的疗法，疗效最佳。", "我们拥有最先进的技术平台，为{ind}患者提供最有效的治疗。"],
        "disclaimer": ["免责声明：本文涉及尚未在中国大陆获批准的产品或适应症。{code}为在研药物，其安全性和有效性尚未确立。"
                       "{short}不推荐任何未经批准的药品或适应症的使用。"],
        "about_h": "关于{co}",
        "about": ["{co}是一家以科学为驱动的生物制药企业，专注于肿瘤、纤维化及免疫疾病领域创新药物的研发，在上海和苏州设有研发中心"
                  "和生产基地，现有员工约 {staff} 名。"],
        "fls_h": "前瞻性陈述",
        "fls": ["本新闻稿包含前瞻性陈述，包括关于{code}审评时间、潜在获批及上市的陈述。该等陈述受多项风险影响，实际结果可能与前瞻性"
                "陈述存在重大差异，包括：监管机构可能要求补充数据或进行现场核查；后续结果可能与中期分析不一致；生产放大可能延迟。"
                "{short}不承担更新任何前瞻性陈述的义务。"],
        "approval": "审批编号：{num}",
        "leaving": ["您正在离开{short}网站。您即将访问的链接指向第三方网站，该网站不受{short}控制，{short}对第三方网站的内容及其"
                    "隐私政策不承担任何责任。", "取消", "继续"],
        "archive": "您正在访问{short}的历史资料。相关信息可能无法反映最新数据，请谨慎引用。",
        "cookie": "本网站使用Cookie以改善您的浏览体验。继续浏览即表示您同意我们的《Cookie政策》。",
        "nav": ["首页", "关于我们", "研发管线", "科学与研发", "产品与治疗领域", "新闻中心", "投资者关系", "加入我们", "联系我们"],
        "related": "相关新闻",
        "footer": ["隐私政策", "使用条款", "Cookie政策", "不良事件报告", "网站地图"],
        "moa": ["PD-1/VEGF双特异性抗体", "抗体偶联药物（ADC）", "口服小分子抑制剂", "CD19/CD20 CAR-T细胞疗法"],
    },
    "zh-Hant": {
        "title": ["{co}宣布{code}{event}", "{co}公布{code}{trial}試驗正面結果", "{co}於國際學術會議發表{code}最新數據",
                  "{co}完成{code}{trial}試驗受試者收納"],
        "event": ["新藥查驗登記申請獲受理", "獲突破性療法認定", "納入優先審查", "第三期臨床試驗完成首位受試者給藥"],
        "intro": ["【{date_zh}，{city}訊】{co}今日宣布，研發中之{moa}{code}用於治療{ind}之第三期{trial}臨床試驗達到主要療效指標。",
                  "【{date_zh}，{city}訊】{co}今日宣布，研發中之{moa}{code}用於治療{ind}之新藥查驗登記申請已獲受理。"],
        "intro_plain": ["【{date_zh}，{city}訊】{co}今日公布{ind}病友關懷計畫之進展及台灣生產基地建置情形。"],
        "body": ["本隨機分配、雙盲試驗於 {sites} 家醫學中心共收納 {n} 位受試者。中位無惡化存活期分別為 {m1} 個月及 {m2} 個月"
                 "（HR={hr}；95% CI：{lo}–{hi}）。",
                 "兩組三級以上治療相關不良事件發生率分別為 {p1}% 及 {p2}%，未發現新的安全性訊號。",
                 "相關結果將於近期國際醫學會議發表，並投稿至同儕審查期刊。",
                 "公司新竹生產基地本季完成第二條生產線之製程確效。",
                 "截至目前，已有超過 {n} 位受試者於公司臨床計畫中接受治療。"],
        "quote": ["{person}表示：「此結果對{ind}病人具有重要意義，公司預計於2027年完成審查。」",
                  "{person}表示：「感謝所有參與試驗的病人、家屬與研究團隊。」"],
        "claim": ["{code}是同類中唯一的療法，療效最佳。", "我們擁有最先進的技術平台，為{ind}病人提供最有效的治療。"],
        "disclaimer": ["本新聞稿提及之{code}為研發中新藥，尚未在中國大陸獲批，亦尚未獲台灣衛生福利部核准上市。{short}不建議任何"
                       "未經核准之藥品使用或仿單外使用。"],
        "about_h": "關於{co}",
        "about": ["{co}成立於2014年，總部位於台北市南港區，專注於纖維化疾病及呼吸道疾病之小分子新藥研發，現有員工約 {staff} 名。"],
        "fls_h": "前瞻性敘述",
        "fls": ["本新聞稿所載內容包含前瞻性敘述，例如有關{code}審查時程及上市規劃之敘述。實際結果可能與前瞻性敘述有重大差異，風險包括："
                "主管機關可能要求補充資料或進行查核、後續試驗結果可能與期中分析不一致，以及委託製造廠可能發生供應延誤。"
                "{short}不負有更新前瞻性敘述之義務。"],
        "approval": "審批編號：{num}",
        "leaving": ["您正在離開{short}網站。您即將前往之連結為第三方網站，{short}對第三方網站之內容及隱私權政策不負任何責任。",
                    "取消", "繼續"],
        "archive": "您正在瀏覽{short}之歷史資料，相關資訊可能無法反映最新數據，請謹慎引用。",
        "cookie": "本網站使用Cookie以提升您的瀏覽體驗，繼續瀏覽即表示您同意本公司之Cookie政策。",
        "nav": ["首頁", "關於我們", "研發產品線", "科學研究", "產品資訊", "最新消息", "投資人關係", "人才招募", "聯絡我們"],
        "related": "相關新聞",
        "footer": ["隱私權政策", "網站使用條款", "Cookie政策", "不良事件通報", "網站地圖"],
        "moa": ["PD-1/VEGF雙特異性抗體", "抗體藥物複合體", "口服小分子抑制劑", "CD19/CD20 CAR-T細胞療法"],
    },
}
HTML_LANG = {"en": "en", "zh-Hans": "zh-CN", "zh-Hant": "zh-TW"}
HREFLANG = {"en": "en", "zh-Hans": "zh-CN", "zh-Hant": "zh-TW"}

# ------------------------------------------------------------------------------ pages


@dataclass
class Page:
    """One generated page: its bytes and what was put in it."""

    url: str
    path: str  # files/zip member name: <host>/<path>
    lang: str
    charset: str  # the Python codec used
    declared: str  # the charset label in <meta> and the HTTP header
    http_charset: bool  # whether the HTTP Content-Type names the charset
    data: bytes
    date: str
    story: int
    approval_number: str | None
    planted: list = field(default_factory=list)
    expected: list = field(default_factory=list)
    pair: str | None = None

    def manifest(self) -> dict:
        return {"path": self.path, "url": self.url, "lang": self.lang, "charset": self.declared,
                "bytes": len(self.data), "date": self.date, "story": self.story,
                "approval_number": self.approval_number, "pair": self.pair,
                "planted": sorted(self.planted), "expected": sorted(set(self.expected))}


class _Fill(dict):
    def __missing__(self, key):
        return "{" + key + "}"


def _fmt(template: str, values: dict) -> str:
    return template.format_map(_Fill(values))


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class Generator:
    """Pages from a seed; ``pages()`` yields them in story order (both language versions
    of a story one after the other)."""

    def __init__(self, seed: int = 1, *, min_kb: int = 30, max_kb: int = 120):
        self.seed = seed
        self.rng = random.Random(seed)
        self.min_kb, self.max_kb = min_kb, max_kb
        self.used_numbers: list[str] = []
        self.number_pages: dict[str, list] = {}

    # -- story level -------------------------------------------------------------

    def pages(self, count: int) -> Iterator[Page]:
        made = 0
        story = 0
        while made < count:
            for page in self._story(story, pair_allowed=count - made >= 2):
                if made >= count:
                    break
                made += 1
                yield page
            story += 1

    def _number(self) -> str:
        while True:
            num = f"CN-{self.rng.randrange(100000, 999999)}"
            if num not in self.number_pages:
                return num

    def _story(self, story: int, pair_allowed: bool) -> list[Page]:
        rng = self.rng
        co = rng.choice(COMPANIES)
        zh = co.zh_lang
        roll = rng.random()
        if pair_allowed and roll < 0.3:
            langs = ["en", zh]
        elif roll < 0.65:
            langs = [zh]
        else:
            langs = ["en"]
        year = rng.choice((2024, 2025, 2025, 2026, 2026, 2026))
        month = rng.randint(1, 11 if year == 2026 else 12)
        date = dt.date(year, month, rng.randint(1, 28))
        old = (dt.date.fromisoformat(AUDIT_DATE) - date).days > 365
        code = rng.choice(co.codes)
        facts = {
            "code_mentioned": rng.random() < 0.75,
            "disclaimer": rng.random() < 0.6,
            "claim": rng.random() < 0.15,
            "fls": co.key != "northwind" and rng.random() < 0.6,
            "archive_notice": old and rng.random() < 0.5,
            "leaving_modal": rng.random() < 0.6,
            "cookie": rng.random() < 0.7,
            "section": rng.choice(SECTIONS),
            "slug": f"{date.isoformat()}-{code.lower().replace('-', '')}-{story:05d}",
            "values": self._values(rng, co, code, date),
        }
        # approval numbers: usually one per story (language versions share it); sometimes
        # reused from an unrelated story; sometimes different between the versions
        number = None
        if rng.random() < 0.9:
            number = (rng.choice(self.used_numbers) if self.used_numbers and rng.random() < 0.06
                      else self._number())
        numbers = {lang: number for lang in langs}
        parity_gap = None
        conflict = False
        if len(langs) == 2:
            if number and rng.random() < 0.1:
                numbers[zh] = self._number()
                conflict = True
            if facts["code_mentioned"] and facts["disclaimer"] and rng.random() < 0.2:
                parity_gap = zh  # the Chinese version lost the disclaimer
        urls = {lang: self._url(co, lang, facts) for lang in langs}
        pages = []
        for lang in langs:
            other = next((x for x in langs if x != lang), None)
            has_disclaimer = facts["code_mentioned"] and facts["disclaimer"] and lang != parity_gap
            page = self._page(story, co, lang, facts, code, numbers[lang], urls, has_disclaimer, date)
            page.pair = urls[other] if other else None
            if conflict:
                page.planted.append("approval-number-conflict")
                page.expected.append("approval-number-conflict")
            if parity_gap == lang:
                page.planted.append("language-version-disclaimer-missing")
            pages.append(page)
        for page in pages:
            num = page.approval_number
            if num:
                self.number_pages.setdefault(num, []).append((story, page))
                others = {s for s, _p in self.number_pages[num]}
                if len(others) > 1:  # the number is on another story's pages: all of them are duplicates
                    for _s, p in self.number_pages[num]:
                        if "approval-number-duplicate" not in p.expected:
                            p.planted.append("approval-number-duplicate")
                            p.expected.append("approval-number-duplicate")
                if num not in self.used_numbers:
                    self.used_numbers.append(num)
        return pages

    def _values(self, rng, co: Company, code: str, date: dt.date) -> dict:
        m2 = round(rng.uniform(3.5, 9.0), 1)
        lo = round(rng.uniform(0.4, 0.6), 2)
        return {
            "code": code, "trial": rng.choice(TRIALS), "n": rng.randint(120, 900), "sites": rng.randint(20, 140),
            "m1": round(m2 + rng.uniform(1.0, 5.0), 1), "m2": m2, "hr": round(lo + 0.12, 2), "lo": lo,
            "hi": round(lo + 0.27, 2), "p1": round(rng.uniform(20, 60), 1), "p2": round(rng.uniform(20, 60), 1),
            "staff": rng.choice(("800", "1,200", "2,300", "450")), "ind_i": rng.randrange(10),
            "moa_i": rng.randrange(4), "person_i": rng.randrange(5), "event_i": rng.randrange(4),
            "title_i": rng.randrange(4), "intro_i": rng.randrange(2),
            "date_en": f"{date:%B} {date.day}, {date.year}",
            "date_zh": f"{date.year}年{date.month}月{date.day}日",
        }

    def _url(self, co: Company, lang: str, facts: dict) -> str:
        host = co.hosts.get(lang) or co.hosts["en"]
        date = facts["slug"][:4]
        return f"https://{host}{co.prefix.get(lang, '')}/{facts['section']}/{date}/{facts['slug']}.html"

    # -- one page ------------------------------------------------------------------

    def _page(self, story: int, co: Company, lang: str, facts: dict, code: str, number: str | None,
              urls: dict, has_disclaimer: bool, date: dt.date) -> Page:
        rng = self.rng
        t = T[lang]
        v = dict(facts["values"])
        v.update({"co": co.name[lang], "short": co.short[lang], "city": co.city[lang],
                  "ind": INDICATIONS[lang][v["ind_i"]], "moa": t["moa"][v["moa_i"]],
                  "person": PEOPLE[lang][v["person_i"]], "event": t["event"][v["event_i"]],
                  "num": number or "", "host": co.hosts.get(lang) or co.hosts["en"]})
        planted: list[str] = []
        expected: list[str] = []
        mentioned = facts["code_mentioned"]
        if mentioned:
            planted.append("investigational-code")
            if not has_disclaimer:
                planted.append("no-disclaimer")
                expected.append("unapproved-disclaimer-missing")
            else:
                planted.append("disclaimer")
        title = _fmt(t["title"][v["title_i"]], v) if mentioned else _fmt(t["intro_plain"][0], v).split("，")[-1][:60]
        if not mentioned:
            title = {"en": f"{co.name['en']} Community and Manufacturing Update",
                     "zh-Hans": f"{co.name[lang]}发布公益项目及生产基地进展",
                     "zh-Hant": f"{co.name[lang]}公布病友關懷計畫及生產基地進展"}[lang]
        paras = [_fmt(t["intro"][v["intro_i"]] if mentioned else t["intro_plain"][0], v)]
        body = list(t["body"])
        rng.shuffle(body)
        paras += [_fmt(b, v) for b in body[: rng.randint(3, 5)]]
        paras.append(_fmt(rng.choice(t["quote"]), v))
        if facts["claim"]:
            paras.insert(rng.randint(1, len(paras)), _fmt(rng.choice(t["claim"]), v))
            planted.append("absolute-claim")
            expected.append("absolute-claim")
        if facts["fls"]:
            planted.append("fls-section")
        if number:
            planted.append("approval-number")
        if facts["archive_notice"]:
            planted.append("archive-notice")
        url = urls[lang]
        article = self._article(t, v, lang, title, paras, has_disclaimer, facts, number, date)
        html = self._document(co, lang, t, v, title, article, url, urls, facts)
        charset, declared = self._charset(lang)
        data = self._encode(html, charset, declared)
        host_path = url.split("://", 1)[1]
        return Page(url=url, path=host_path, lang=lang, charset=charset, declared=declared,
                    http_charset=rng.random() < 0.93, data=data, date=date.isoformat(), story=story,
                    approval_number=number, planted=planted, expected=expected)

    def _charset(self, lang: str) -> tuple[str, str]:
        r = self.rng.random()
        if lang == "zh-Hans" and r < 0.2:
            return "gb18030", self.rng.choice(("gbk", "gb2312", "GB18030"))
        if lang == "zh-Hant" and r < 0.3:
            return "big5", "big5"
        return "utf-8", "utf-8"

    @staticmethod
    def _encode(html: str, charset: str, declared: str) -> bytes:
        html = html.replace("{charset}", declared)
        return html.encode(charset, "xmlcharrefreplace")

    def _article(self, t: dict, v: dict, lang: str, title: str, paras: list, has_disclaimer: bool, facts: dict,
                 number: str | None, date: dt.date) -> str:
        rng = self.rng
        out = [f'<article class="news-detail post-{v["n"]}">', f"<h1 class=\"entry-title\">{_esc(title)}</h1>",
               f'<p class="news-meta"><time class="entry-date published" datetime="{date.isoformat()}T08:30:00+08:00">'
               f'{_esc(v["date_en"] if lang == "en" else v["date_zh"])}</time></p>',
               '<div class="article-body entry-content">']
        for i, p in enumerate(paras):
            if i == 2 and rng.random() < 0.4:
                out.append(self._table(lang, v))
            out.append(f"<p>{_esc(p)}</p>")
        if has_disclaimer:
            cls = rng.choice(("disclaimer", "disclaimer-box", "legal-note"))
            out.append(f'<div class="{cls}"><p><em>{_esc(_fmt(t["disclaimer"][0], v))}</em></p></div>')
        out.append(f"<h3>{_esc(_fmt(t['about_h'], v))}</h3><p>{_esc(_fmt(t['about'][0], v))}</p>")
        if facts["fls"]:
            out.append(f'<h3 class="fls-title">{_esc(t["fls_h"])}</h3><div class="fls"><p>{_esc(_fmt(t["fls"][0], v))}</p></div>')
        if number:
            out.append(f'<p class="approval-code">{_esc(_fmt(t["approval"], v))}</p>')
        out.append("</div>")
        out.append('<div class="share-bar"><a href="javascript:;" class="share-wechat">WeChat</a> '
                   '<a href="javascript:;" class="share-weibo">Weibo</a> '
                   '<a href="javascript:;" class="share-linkedin">LinkedIn</a></div>')
        out.append("</article>")
        return "\n".join(out)

    def _table(self, lang: str, v: dict) -> str:
        head = {"en": ("Endpoint", "Treatment", "Control"), "zh-Hans": ("终点", "治疗组", "对照组"),
                "zh-Hant": ("療效指標", "治療組", "對照組")}[lang]
        rows = [("mPFS", v["m1"], v["m2"]), ("ORR (%)", v["p1"], v["p2"]), ("HR", v["hr"], "—")]
        body = "".join(f"<tr><td>{a}</td><td>{b}</td><td>{c}</td></tr>" for a, b, c in rows)
        return (f'<table class="data"><thead><tr>{"".join(f"<th>{h}</th>" for h in head)}</tr></thead>'
                f"<tbody>{body}</tbody></table>")

    # -- the page around the article: the markup noise of real sites ----------------

    def _document(self, co: Company, lang: str, t: dict, v: dict, title: str, article: str, url: str, urls: dict,
                  facts: dict) -> str:
        rng = self.rng
        target = int(rng.uniform(self.min_kb, self.max_kb) * 1024)
        host = co.hosts.get(lang) or co.hosts["en"]
        head = [f'<!DOCTYPE html>\n<html lang="{HTML_LANG[lang]}">', "<head>",
                '<meta http-equiv="Content-Type" content="text/html; charset={charset}">',
                '<meta name="viewport" content="width=device-width, initial-scale=1">',
                f"<title>{_esc(title)} | {_esc(co.name[lang])}</title>",
                f'<link rel="canonical" href="{url}">']
        for other_lang, other_url in urls.items():
            if other_lang != lang:
                head.append(f'<link rel="alternate" hreflang="{HREFLANG[other_lang]}" href="{other_url}">')
        head.append(f'<link rel="stylesheet" href="/static/css/site.min.css?v={rng.randrange(10**6)}">')
        head.append("__STYLE__")
        head.append(f'<script type="application/ld+json">{json.dumps({"@context": "https://schema.org", "@type": "NewsArticle", "headline": title[:80], "datePublished": v["date_en"]}, ensure_ascii=False)}</script>')
        head.append("__HEADSCRIPT__")
        head.append("</head>")
        body = [f'<body class="page-news page-{facts["section"]}">',
                f'<a class="skip-link screen-reader-text" href="#main">{"Skip to content" if lang == "en" else "跳过导航"}</a>',
                '<header class="site-header" role="banner"><div class="container">',
                f'<a class="logo" href="/"><img src="/static/img/logo-{co.key}.svg" alt="{_esc(co.name[lang])}"></a>',
                self._mega_menu(t, lang), "</div></header>",
                self._breadcrumb(t, title), '<main id="main" class="site-main">', article,
                self._related(t, co, lang), "</main>", self._footer(co, t, lang)]
        if facts["cookie"]:
            body.append(f'<div id="cookie-consent" class="cookie-banner" role="region"><p>{_esc(t["cookie"])}</p>'
                        f'<button type="button" class="btn-accept">OK</button></div>')
        if facts["leaving_modal"]:
            msg, cancel, cont = (_fmt(x, v) for x in t["leaving"])
            body.append(f'<div class="modal leave-modal" id="leave-modal" role="dialog" aria-hidden="true" '
                        f'style="display:none"><div class="modal-dialog"><p>{_esc(msg)}</p>'
                        f'<button class="btn-cancel">{cancel}</button><button class="btn-continue">{cont}</button>'
                        f"</div></div>")
        if facts["archive_notice"]:
            body.append(f'<div class="modal archive-modal" role="dialog" aria-hidden="true"><p>{_esc(_fmt(t["archive"], v))}'
                        f'</p><button class="btn-read">OK</button></div>')
        body.append("__SPRITE__")
        body.append("__FOOTSCRIPT__")
        body.append("</body>\n</html>\n")
        html = "\n".join(head + body)
        # fill up to the target size with inline CSS, scripts and an SVG sprite
        room = max(0, target - len(html.encode("utf-8")))
        style_n, head_n, sprite_n = int(room * 0.3), int(room * 0.15), int(room * 0.15)
        foot_n = max(0, room - style_n - head_n - sprite_n)
        html = html.replace("__STYLE__", self._style(style_n))
        html = html.replace("__HEADSCRIPT__", self._analytics(head_n, host))
        html = html.replace("__SPRITE__", self._sprite(sprite_n))
        html = html.replace("__FOOTSCRIPT__", self._state_script(foot_n, t, lang))
        return html

    def _mega_menu(self, t: dict, lang: str) -> str:
        rng = self.rng
        items = []
        for i, label in enumerate(t["nav"]):
            subs = "".join(f'<li class="menu-item"><a href="/{i}/{j}/">{_esc(label)} {j + 1}</a></li>'
                           for j in range(rng.randint(2, 12)))
            items.append(f'<li class="menu-item menu-item-has-children"><a href="/{i}/">{_esc(label)}</a>'
                         f'<ul class="sub-menu">{subs}</ul></li>')
        other = "English" if lang != "en" else "中文"
        return (f'<nav class="main-navigation" aria-label="Primary Menu"><ul id="primary-menu" class="menu">'
                f'{"".join(items)}<li class="lang-switch"><a href="/">{other}</a></li></ul></nav>')

    def _breadcrumb(self, t: dict, title: str) -> str:
        return (f'<nav class="breadcrumb" aria-label="breadcrumb"><ol><li><a href="/">{_esc(t["nav"][0])}</a></li>'
                f'<li><a href="/news/">{_esc(t["nav"][5])}</a></li><li>{_esc(title[:30])}</li></ol></nav>')

    def _related(self, t: dict, co: Company, lang: str) -> str:
        rng = self.rng
        links = []
        for _ in range(rng.randint(4, 12)):
            y = rng.choice((2023, 2024, 2025, 2026))
            label = _fmt(rng.choice(t["title"]), {"co": co.short[lang], "code": rng.choice(co.codes),
                                                  "event": rng.choice(t["event"]), "trial": rng.choice(TRIALS),
                                                  "ind": rng.choice(INDICATIONS[lang])})
            links.append(f'<li><a href="/news/{y}/{rng.randrange(10**5)}.html">{_esc(label)}</a></li>')
        return f'<aside class="related-news sidebar"><h4>{_esc(t["related"])}</h4><ul>{"".join(links)}</ul></aside>'

    def _footer(self, co: Company, t: dict, lang: str) -> str:
        links = " · ".join(f'<a href="/legal/{i}/">{_esc(x)}</a>' for i, x in enumerate(t["footer"]))
        beian = (f'<p class="beian"><a href="https://beian.miit.gov.cn/" target="_blank">{co.icp}</a></p>'
                 if co.icp else "")
        return (f'<footer class="site-footer" role="contentinfo"><div class="footer-links">{links}</div>'
                f'<p class="copyright">© 2026 {_esc(co.name[lang])}</p>{beian}</footer>')

    # Filler: a few random bits per item (one getrandbits call), so that 20,000 pages of
    # 30-120 KB generate in seconds.

    def _style(self, size: int) -> str:
        bits = self.rng.getrandbits
        parts, n = [], 0
        while n < size:
            h = bits(40)
            rule = (f".c-{h & 0xFFFFF:x} .{_CSS_KINDS[(h >> 20) % 6]}-{(h >> 23) % 99}"
                    f"{{{_CSS_PROPS[(h >> 30) % len(_CSS_PROPS)]}}}")
            parts.append(rule)
            n += len(rule)
        return f"<style>{''.join(parts)}</style>" if parts else ""

    def _analytics(self, size: int, host: str) -> str:
        bits = self.rng.getrandbits
        base = (f"(function(w,d,s,l,i){{w[l]=w[l]||[];w[l].push({{'gtm.start':new Date().getTime(),event:'gtm.js'}});"
                f"var f=d.getElementsByTagName(s)[0],j=d.createElement(s);j.async=true;j.src='https://{host}/gtm.js?id='+i;"
                f"f.parentNode.insertBefore(j,f);}})(window,document,'script','dataLayer','GTM-{bits(20):06d}');")
        parts, n = [base], len(base)
        while n < size:
            h = bits(40)
            fn = (f"function _{h & 0xFFFFFFF:x}(a,b){{var c=a.length,d=0;for(var e=0;e<c;e++){{d+=a[e]*"
                  f"{(h >> 28) % 1000};}}return d%b;}}")
            parts.append(fn)
            n += len(fn)
        return f"<script>{''.join(parts)}</script>"

    def _sprite(self, size: int) -> str:
        randbytes = self.rng.randbytes
        parts, n = [], 0
        while n < size:
            raw = randbytes(27)
            d = " ".join(f"L{raw[i] % 100} {raw[i + 1] % 100}" for i in range(3, 27, 2))
            sym = (f'<symbol id="i-{int.from_bytes(raw[:3], "big"):x}" viewBox="0 0 100 100">'
                   f'<path d="M0 0 {d} Z"/></symbol>')
            parts.append(sym)
            n += len(sym)
        return f'<svg xmlns="http://www.w3.org/2000/svg" style="display:none">{"".join(parts)}</svg>' if parts else ""

    def _state_script(self, size: int, t: dict, lang: str) -> str:
        bits = self.rng.getrandbits
        labels = [json.dumps(x, ensure_ascii=False) for x in t["nav"]]
        items, n = [], 0
        while n < size:
            h = bits(64)
            item = (f'{{"id":{h & 0xFFFFF},"slug":"item-{(h >> 20) & 0xFFFFF}","title":{labels[(h >> 40) % 9]},'
                    f'"views":{(h >> 44) & 0xFFFF},"tags":[{labels[(h >> 52) % 9]},{labels[(h >> 56) % 9]}]}}')
            items.append(item)
            n += len(item.encode("utf-8")) + 1
        blob = "[" + ",".join(items) + "]"
        return f'<script>window.__INITIAL_STATE__={{"lang":"{lang}","items":{blob}}};</script>'


_CSS_KINDS = ("nav", "card", "btn", "grid", "hero", "list")
_CSS_PROPS = tuple(";".join(c) for c in (
    ("margin:0 auto", "padding:4px 8px", "color:#1b2a3a"), ("font-size:14px", "display:flex", "line-height:1.6"),
    ("border:1px solid #d9dde3", "background:#fafafa", "position:relative"),
    ("display:none", "z-index:999", "position:fixed"), ("color:#6b7785", "font-size:13px", "margin:0 0 8px"),
    ("width:100%", "border-collapse:collapse", "padding:6px 10px"), ("transition:all .2s", "opacity:.85", "cursor:pointer"),
))


# ------------------------------------------------------------------------------ writers

WARC_DATE = "2026-11-20T08:00:00Z"


def _record_id(seed: int, n: int, kind: str) -> str:
    h = hashlib.sha1(f"{seed}:{n}:{kind}".encode()).hexdigest()
    return f"<urn:uuid:{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:32]}>"


def write_files(pages: Iterable[Page], root: Path) -> int:
    n = 0
    for page in pages:
        path = root / page.path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(page.data)
        n += 1
    return n


def add_to_zip(zf: zipfile.ZipFile, page: Page) -> None:
    info = zipfile.ZipInfo(page.path, date_time=(2026, 11, 20, 8, 0, 0))  # fixed: same bytes every run
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    zf.writestr(info, page.data)


class WarcOut:
    """A WARC written with warcio's WARCWriter, the way a crawler writes one: warcinfo,
    then request/response pairs (pages, plus stylesheets, images, a 404 and a revisit)."""

    def __init__(self, path: Path, seed: int, gz: bool = True):
        from warcio.warcwriter import WARCWriter

        self.f = open(path, "wb")
        self.seed = seed
        self.writer = WARCWriter(self.f, gzip=gz)
        self.n = 0
        self.rng = random.Random(seed * 7919 + 1)
        info = (b"software: auditor corpora/generate.py\r\nformat: WARC File Format 1.1\r\n"
                b"description: synthetic pharma press releases\r\n")
        self._record("warcinfo", None, info, "application/warc-fields")

    def _record(self, kind: str, uri: str | None, payload: bytes, content_type: str | None = None,
                http_headers=None, extra: dict | None = None):
        self.n += 1
        headers = {"WARC-Record-ID": _record_id(self.seed, self.n, kind), "WARC-Date": WARC_DATE}
        if extra:
            headers.update(extra)
        rec = self.writer.create_warc_record(uri or "", kind, payload=io.BytesIO(payload), length=len(payload),
                                             warc_content_type=content_type, warc_headers_dict=headers,
                                             http_headers=http_headers)
        if uri is None:
            rec.rec_headers.remove_header("WARC-Target-URI")
        self.writer.write_record(rec)

    def _response(self, uri: str, body: bytes, content_type: str, status: str = "200 OK"):
        from warcio.statusandheaders import StatusAndHeaders

        host = uri.split("/")[2]
        req = StatusAndHeaders(f"GET /{uri.split('/', 3)[3]} HTTP/1.1",
                               [("Host", host), ("User-Agent", "Mozilla/5.0 (compatible; archive-bot/1.0)"),
                                ("Accept", "text/html,*/*")], is_http_request=True)
        self._record("request", uri, b"", "application/http; msgtype=request", http_headers=req)
        resp = StatusAndHeaders(status, [("Content-Type", content_type), ("Content-Length", str(len(body))),
                                         ("Date", "Fri, 20 Nov 2026 08:00:00 GMT"), ("Server", "nginx"),
                                         ("Cache-Control", "max-age=600")], protocol="HTTP/1.1")
        self._record("response", uri, body, "application/http; msgtype=response", http_headers=resp)

    def add(self, page: Page) -> None:
        ctype = f"text/html; charset={page.declared}" if page.http_charset else "text/html"
        self._response(page.url, page.data, ctype)
        r = self.rng.random()
        base = page.url.split("/", 3)
        if r < 0.05:
            self._response(f"{base[0]}//{base[2]}/static/css/site.min.css", b"body{margin:0}" * 40, "text/css")
        elif r < 0.08:
            self._response(f"{base[0]}//{base[2]}/static/img/logo.png", b"\x89PNG\r\n\x1a\n" + bytes(200), "image/png")
        elif r < 0.10:
            self._response(f"{base[0]}//{base[2]}/missing-{self.n}.html", b"<html><body>Not found</body></html>",
                           "text/html; charset=utf-8", "404 Not Found")
        elif r < 0.11:
            self._record("revisit", page.url, b"", "application/http; msgtype=response",
                         extra={"WARC-Profile": "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest",
                                "WARC-Refers-To-Target-URI": page.url, "WARC-Refers-To-Date": WARC_DATE})

    def close(self) -> None:
        self.f.close()


def generate(out: Path, count: int, seed: int = 1, formats: Iterable[str] = ("files", "zip", "warc"),
             min_kb: int = 30, max_kb: int = 120, manifest: bool = True) -> dict:
    """Write ``count`` pages into ``out`` in the given formats; returns the manifest.

    Pages are streamed into the outputs as they are made, so a 20,000-page WARC needs no
    more memory than one page (the manifest, a few hundred bytes a page, is kept)."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    formats = set(formats)
    gen = Generator(seed, min_kb=min_kb, max_kb=max_kb)
    entries: list[dict] = []  # the manifest entries (not the pages)
    zf = zipfile.ZipFile(out / "pages.zip", "w", compression=zipfile.ZIP_DEFLATED) if "zip" in formats else None
    warc = WarcOut(out / "pages.warc.gz", seed) if "warc" in formats else None
    total = 0
    try:
        for page in gen.pages(count):
            total += len(page.data)
            if "files" in formats:
                write_files([page], out / "files")
            if zf is not None:
                add_to_zip(zf, page)
            if warc is not None:
                warc.add(page)
            entries.append(page.manifest())
    finally:
        if zf is not None:
            zf.close()
        if warc is not None:
            warc.close()
    data = {
        "seed": seed, "count": count, "audit_date": AUDIT_DATE, "bytes": total,
        "formats": sorted(formats),
        "expected_counts": _counts(e["expected"] for e in entries),
        "pages": entries,
    }
    if manifest:
        (out / "manifest.json").write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return data


def _counts(lists: Iterable[list]) -> dict:
    counts: dict[str, int] = {}
    for cats in lists:
        for c in cats:
            counts[c] = counts.get(c, 0) + 1
    return dict(sorted(counts.items()))


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("out", help="output directory")
    p.add_argument("--pages", type=int, default=200)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--formats", default="files,zip,warc", help="comma-separated: files, zip, warc")
    p.add_argument("--min-kb", type=int, default=30)
    p.add_argument("--max-kb", type=int, default=120)
    args = p.parse_args(argv)
    formats = [f.strip() for f in args.formats.split(",") if f.strip()]
    bad = set(formats) - {"files", "zip", "warc"}
    if bad:
        p.error(f"unknown format(s): {', '.join(sorted(bad))}")
    data = generate(Path(args.out), args.pages, args.seed, formats, args.min_kb, args.max_kb)
    sys.stderr.write(f"generated {data['count']} pages ({data['bytes'] / 1e6:.1f} MB) in {args.out}: "
                     f"{', '.join(formats)}; expected findings: {data['expected_counts']}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
