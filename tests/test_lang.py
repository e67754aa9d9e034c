"""auditor.read.lang: language by script counts, langdetect only when needed."""
from __future__ import annotations

import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from auditor.read import lang
from auditor.read.lang import detect, detect_all, document_language, script_counts

FRENCH = (
    "Ce communiqué de presse contient des déclarations prospectives qui sont soumises "
    "à des risques et des incertitudes, et les résultats réels pourraient différer."
)
GERMAN = (
    "Diese Pressemitteilung enthält zukunftsgerichtete Aussagen, die Risiken und "
    "Unsicherheiten unterliegen; die tatsächlichen Ergebnisse können wesentlich abweichen."
)
SPANISH = "Este comunicado de prensa contiene declaraciones prospectivas que están sujetas a riesgos e incertidumbres."
ENGLISH = (
    "This press release contains forward-looking statements, including statements about "
    "the development and commercialization of our product candidates, which are subject to "
    "risks and uncertainties."
)


@pytest.mark.parametrize(
    "text",
    [
        ENGLISH,
        "Home | About us | Products | Contact",
        "You are now leaving this website.",
        "AstraZeneca Oncology Pipeline: Tagrisso Imfinzi Lynparza Enhertu Calquence Truqap Datroway",
        "Tagrisso® (osimertinib) 80 mg tablets",
        "AstraZeneca (阿斯利康) announced today that Tagrisso was approved by the NMPA for adult patients "
        "with EGFR-mutated non-small cell lung cancer.",
        "Smith J, et al. Lancet 2020; Jones K, et al. NEJM 2021; de Souza L, et al. JCO 2019.",
        "The study was led by Professor Jean de la Fontaine and Dr. Maria de Souza at the clinic.",
    ],
)
def test_english(text):
    assert detect(text) == "en"


@pytest.mark.parametrize(
    "text",
    [
        "您正在离开本网站",
        "本新闻稿包含前瞻性陈述，实际结果可能与预期存在重大差异。",
        "您正在离开 AstraZeneca 中国网站，即将前往第三方网站。",
        "阿斯利康宣布其产品Tagrisso获批，审批编号：CN-123456",
        "本公司",  # no script-specific character: Simplified by default
        "中文",
    ],
)
def test_simplified(text):
    assert detect(text) == "zh-Hans"


@pytest.mark.parametrize(
    "text",
    [
        "您正在離開本網站",
        "本新聞稿包含前瞻性陳述，實際結果可能與預期存在重大差異。",
        # Hong Kong wording
        "您正在離開阿斯利康香港網站。本網站提供的連結僅為方便瀏覽，我們不對第三方網站的內容負責。",
        # Taiwan wording
        "您即將離開本網站並前往第三方網站，該網站之資訊與隱私權政策並非由本公司所控制。",
        "本產品僅供醫療專業人員參考",
    ],
)
def test_traditional(text):
    assert detect(text) == "zh-Hant"


@pytest.mark.parametrize(
    "text",
    [
        "Forward-Looking Statements 前瞻性陈述",
        "About AstraZeneca 关于阿斯利康",
        "Important notice 重要提示：您正在离开本网站 You are leaving this website",
    ],
)
def test_mixed(text):
    assert detect(text) == "mixed"


@pytest.mark.parametrize("text", [FRENCH, GERMAN, SPANISH])
def test_other_latin_languages_are_und(text):
    assert detect(text) == "und"


@pytest.mark.parametrize(
    "text",
    ["", "   ", "123 456", "2026-03-19 – 12:00", "© 2026 | ¥ 100.00 | 50%", "1234-5678"],
)
def test_no_letters_is_und(text):
    assert detect(text) == "und"


@pytest.mark.parametrize(
    "text", ["この記事は日本語で書かれています。", "이것은 한국어 문장입니다", "Это русский текст для проверки языка"]
)
def test_other_scripts_are_und(text):
    assert detect(text) == "und"


def test_script_counts():
    assert script_counts("您正在離開本網站") == (0, 3)
    assert script_counts("您正在离开本网站") == (2, 0)
    assert script_counts("本公司 abc 123") == (0, 0)
    hans, hant = script_counts("台湾 臺灣")
    assert hans == 1 and hant == 2


def test_determinism():
    texts = [FRENCH, GERMAN, ENGLISH, "您正在離開本網站"]
    first = [detect(t) for t in texts]
    lang._LD_CACHE.clear()
    assert [detect(t) for t in texts] == first
    assert lang._langdetect(FRENCH) == lang._langdetect(FRENCH) == "fr"


def test_detect_all_calls_langdetect_once(monkeypatch):
    calls = []
    real = lang._langdetect

    def spy(text):
        calls.append(text)
        return real(text)

    monkeypatch.setattr(lang, "_langdetect", spy)
    lang._LD_CACHE.clear()
    out = detect_all([FRENCH, "您正在离开本网站", GERMAN, ENGLISH, ""])
    assert out == ["und", "zh-Hans", "und", "en", "und"]
    assert len(calls) == 1
    # the verdict is cached by text hash
    detect_all([FRENCH, "您正在离开本网站", GERMAN, ENGLISH, ""])
    assert len(calls) == 1


def test_english_never_reaches_langdetect(monkeypatch):
    monkeypatch.setattr(lang, "_langdetect", lambda text: pytest.fail("langdetect called"))
    assert detect(ENGLISH * 20) == "en"
    assert detect("您正在離開本網站") == "zh-Hant"


def test_long_texts_are_sampled():
    assert detect(ENGLISH * 2000) == "en"
    assert detect("本新聞稿包含前瞻性陳述。" * 10000) == "zh-Hant"


def test_document_language():
    assert document_language([("en", 1000), ("zh-Hans", 50), ("und", 10)]) == "en"
    assert document_language([("zh-Hans", 800), ("en", 100)]) == "zh-Hans"
    assert document_language({"zh-Hant": 500, "zh-Hans": 200}) == "zh-Hant"
    assert document_language([("en", 500), ("zh-Hans", 400)]) == "mixed"
    assert document_language([("mixed", 100)]) == "mixed"
    assert document_language([("und", 100), ("en", 10)]) == "und"
    assert document_language([]) == "und"
    assert document_language([("und", 5)]) == "und"
    assert document_language([("en", 0), ("zh-Hans", 3)]) == "zh-Hans"


def test_lazy_imports():
    code = (
        "import sys\n"
        "from auditor.read import lang\n"
        "assert 'langdetect' not in sys.modules\n"
        "assert 'hanzidentifier' not in sys.modules\n"
        "assert lang.detect('This is English text for the test, and it is long enough.') == 'en'\n"
        "assert 'langdetect' not in sys.modules\n"
        "assert lang.detect('您正在離開本網站') == 'zh-Hant'\n"
        "assert 'langdetect' not in sys.modules\n"
        f"assert lang.detect({FRENCH!r}) == 'und'\n"
        "assert 'langdetect' in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)


# Words, spaces in runs, apostrophes, digits, capitals (langdetect skips all-capital words),
# accents, CJK and a character its normalization maps (ș -> ş): the n-gram memo must give
# langdetect's own n-grams whatever the text.
_LD_ALPHABET = "aAbBcdeéÉfghiIjklmnñoöpqrsßtuüvwxyzDE  \n'’-0123中文ÀÇçĳșțẠ.,"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_LD_ALPHABET, max_size=120))
def test_memoized_ngrams_are_langdetects(text):
    from langdetect.detector import Detector

    factory = lang._get_factory()
    plain, memo = Detector(factory), lang._detector_class()(factory)
    for detector in (plain, memo):
        detector.set_max_text_length(5000)
        detector.append(text)
        detector.cleaning_text()
    assert memo._extract_ngrams() == plain._extract_ngrams()
    assert memo._extract_ngrams() == plain._extract_ngrams()  # (again, from the memo)


def test_memoized_detector_detects_as_langdetect():
    from langdetect.detector import Detector

    factory = lang._get_factory()
    for text in (FRENCH, GERMAN, ENGLISH, FRENCH + " " + ENGLISH, "überall élan " * 40):
        plain, memo = Detector(factory), lang._detector_class()(factory)
        for detector in (plain, memo):
            detector.set_max_text_length(5000)
            detector.append(text)
        assert [(p.lang, p.prob) for p in memo.get_probabilities()] == [
            (p.lang, p.prob) for p in plain.get_probabilities()]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="abcdeéü XYZ中文臺灣の한,.0", max_size=lang.SHORT_CHARS + 20))
def test_short_text_memo_gives_the_counted_verdict(text):
    lang._SHORT.clear()
    counted = lang._by_script_counted(text)
    assert lang._by_script(text) == counted
    assert lang._by_script(text) == counted  # (from the memo, for a short text)
