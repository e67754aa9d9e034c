"""Reviewer-facing text: the why-it-matched explanation, `rules show` and the summary line
in the reviewer's language."""
from __future__ import annotations

import io
import json
import re

import pytest

from auditor.cli import main
from auditor.rules.explain import split_clauses, translate_explanation
from tests.conftest import CORPUS

PAGES = CORPUS / "pages"
# English left in a translated clause: two English words in a row, outside the quoted
# page text, lexicon names, patterns and values in brackets.
_ENGLISH = re.compile(r"\b[a-z]{3,} [a-z]{3,}\b")


def _left_english(text: str) -> str:
    text = re.sub(r"「[^」]*」|'[^']*'|/[^/\s]*/|（[^（）]*）|\([^()]*\)", "", text)
    return " ".join(_ENGLISH.findall(text))


@pytest.mark.parametrize("locale", ["zh-Hans", "zh-Hant"])
def test_every_corpus_explanation_is_translated(capsys, locale):
    main(["check", "--no-config", str(PAGES), "--audit-date", "2026-11-21", "--format", "json",
          "--locale", locale, "--profile", "northwind"])
    report = json.loads(capsys.readouterr().out)
    explanations = [f["explanation"] for d in report["documents"] for f in d["findings"] if f.get("explanation")]
    assert len(explanations) > 40
    untranslated = {e for e in explanations if _left_english(e)}
    assert not untranslated, sorted(untranslated)[:5]
    assert any("本规则适用，因为市场为 CN" in e for e in explanations) or locale == "zh-Hant"


def test_english_explanations_are_unchanged(capsys):
    main(["check", "--no-config", str(PAGES / "au-03-cardiovel-absolute-claims.html"), "--audit-date", "2026-11-21",
          "--format", "json"])
    found = json.loads(capsys.readouterr().out)["documents"][0]["findings"]
    assert found[0]["explanation"].startswith("matched '")
    assert "; the rule applies because market is CN (from the profile; the rule needs one of CN, HK, TW)" in \
        found[0]["explanation"]


@pytest.mark.parametrize("english, hans", [
    ("matched '最佳' from the lexicon 'cn-pharma/absolute_terms'; the rule applies because market is CN "
     "(from the profile; the rule needs one of CN, HK, TW)",
     "匹配到词表「cn-pharma/absolute_terms」中的「最佳」；本规则适用，因为市场为 CN（来自公司档案；规则要求CN、HK、TW之一）"),
    ("numeric date '2024-03-15' read as 2024-03-15; labelled as the release date by '发布日期'; expected an archive "
     "notice section or a term of the lexicon 'cn-pharma/archive' in content/disclaimer, found none; the rule "
     "applies because page age months is 32 (from the page; the rule needs at least 12 (the profile's archive_months))",
     "数字日期「2024-03-15」读作 2024-03-15；由「发布日期」标明为发布日期；应有存档提示部分或正文、免责声明中词表"
     "「cn-pharma/archive」的词语，但未找到；本规则适用，因为页面月龄为 32（来自页面；规则要求至少 12"
     "（公司档案的 archive_months（存档月数）））"),
    # a clause no template knows stays as written
    ("a reason written by a new recognizer", "a reason written by a new recognizer"),
])
def test_explanation_templates(english, hans):
    assert translate_explanation(english, "zh-Hans") == hans
    assert translate_explanation(english, "en") == english


def test_clauses_split_outside_parentheses():
    assert split_clauses("a (b; c); d") == ["a (b; c)", "d"]


def test_html_report_explains_in_its_locale(tmp_path, capsys):
    results = tmp_path / "results.jsonl"
    assert main(["scan", "--no-config", str(PAGES / "au-03-cardiovel-absolute-claims.html"), "--audit-date",
                 "2026-11-21", "--out", str(results)]) in (0, 1)
    capsys.readouterr()
    html = tmp_path / "report.html"
    assert main(["report", str(results), "--locale", "zh-Hans", "--output", str(html)]) == 0
    text = html.read_text(encoding="utf-8")
    assert "匹配到词表「cn-pharma/absolute_terms」" in text
    assert "from the lexicon" not in text


def test_rules_show_in_chinese(capsys):
    assert main(["rules", "show", "unapproved-disclaimer-jurisdiction-hk", "--locale", "zh-Hans"]) == 0
    out = capsys.readouterr().out
    for label in ("类型：", "严重程度： 警告", "定义位置：", "适用条件： market eq HK", "触发条件：", "应有内容：",
                  "说明：", "修改建议：", "法规依据："):
        assert label in out, out
    assert "正文、免责声明中词表「cn-pharma/jurisdiction_hk」的词语" in out
    assert main(["rules", "show", "archive-notice", "--locale", "zh-Hant"]) == 0
    out = capsys.readouterr().out
    assert "適用條件： page_age_months gte profile.archive_months" in out
    assert "kind:" not in out and "trigger:" not in out


def test_rules_show_in_english_keeps_its_layout(capsys):
    assert main(["rules", "show", "absolute-terms"]) == 0
    out = capsys.readouterr().out
    assert "\n  kind:       forbid\n  category:   absolute-claim\n  severity:   warning\n" in out
    assert "\n  message: " in out and "\n  fix:     " in out


def _summary(results, locale):
    from auditor.report.text import write_summary

    out = io.StringIO()
    write_summary(out, results, color=False, locale=locale)
    return out.getvalue().strip()


def _finding(severity, waived=False):
    from auditor.model.document import Finding

    return Finding(rule="cn-pharma/x", category="absolute-claim", severity=severity, message="m", line=1, column=1,
                   segment=None, evidence="e", start=0, end=1, waiver={"reason": "r"} if waived else None)


def _doc(name="p.html"):
    from auditor.model.document import Document

    return Document(source=name, format="html", encoding="utf-8", text="x")


def test_summary_plurals_in_english():
    assert _summary([(_doc(), [_finding("warning")])], "en") == "1 finding (1 warning) in 1 of 1 page"
    two = [(_doc(), [_finding("error"), _finding("error"), _finding("info")]), (_doc("b.html"), [])]
    assert _summary(two, "en") == "3 findings (2 errors, 1 info) in 1 of 2 pages"
    assert _summary([(_doc(), [])], "en") == "No findings in 1 page"
    assert _summary([(_doc(), [_finding("warning"), _finding("warning", waived=True)])], "en") == \
        "1 finding (1 warning) in 1 of 1 page; 1 finding waived"


def test_summary_in_chinese():
    two = [(_doc(), [_finding("error"), _finding("error"), _finding("info", waived=True)]), (_doc("b.html"), [])]
    assert _summary(two, "zh-Hans") == "共检查 2 个页面，其中 1 个页面发现问题 2 项（错误 2 项）；另有 1 项已豁免"
    assert _summary(two, "zh-Hant") == "共檢查 2 個頁面，其中 1 個頁面發現問題 2 項（錯誤 2 項）；另有 1 項已豁免"
    assert _summary([(_doc(), [])], "zh-Hans") == "共检查 1 个页面，未发现问题"


def test_built_in_checks_are_explained_in_the_locale():
    assert translate_explanation("built-in check of waivers", "zh-Hant") == "豁免的內建檢查"
    assert translate_explanation("approval number CN-213057 is printed on 2 different pages of this batch", "zh-Hans") \
        == "审批编号 CN-213057 出现在本批次 2 个不同页面上"
    assert translate_explanation("language versions paired by an alternate link or --pair-paths; "
                                 "news/en.html carries CN-100001, CN-100002", "zh-Hans") == \
        "语言版本通过 alternate 链接或 --pair-paths 配对；news/en.html 载有 CN-100001, CN-100002"
