"""The rules engine: loading and validation errors, the four kinds, matchers, gates, locales."""
from __future__ import annotations

import datetime as dt
import json
import shutil
import textwrap
from pathlib import Path

import pytest

from auditor.cli import main
from auditor.read.pipeline import load_document
from auditor.recognize.profile import load_profile
from auditor.support.resources import bundled_ruleset
from auditor.rules.engine import Engine
from auditor.rules.loader import RulesetError, load_ruleset

AUDIT_DATE = dt.date(2026, 11, 21)

PAGE = """<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>新闻</title></head><body>
<nav><ul><li><a href="/">首页</a></li><li><a href="/pipeline">NWB-2207 最佳管线</a></li></ul></nav>
<main><article>
<h1>诺风生物公布NWB-2207 III期临床研究结果</h1>
<p>（2026年3月19日，上海）诺风生物今日宣布，其在研药物NWB-2207的III期临床试验达到主要终点。</p>
<p>诺风生物是国内唯一获得该认定的企业，研究者表示该药安全有效。</p>
<p>一线治疗患者的第一作者为王教授。</p>
<p>审批编号：CN-12345</p>
<p>审批编号：CN-654321</p>
</article></main>
<div class="modal" style="display:none"><p>您正在离开诺风生物网站，即将访问第三方网站。本文涉及尚未在中国大陆获批的产品，诺风生物不推荐任何未经批准的药品使用。</p></div>
<footer><p>沪ICP备12345678号-1</p></footer>
</body></html>"""


def write_ruleset(root: Path, rules: dict[str, str], lexicons: dict[str, str] | None = None) -> Path:
    rs = root / "team-rules"
    (rs / "rules").mkdir(parents=True)
    (rs / "lexicons").mkdir()
    for name, text in rules.items():
        (rs / "rules" / f"{name}.yaml").write_text(textwrap.dedent(text), encoding="utf-8")
    for name, text in (lexicons or {}).items():
        (rs / "lexicons" / f"{name}.yaml").write_text(textwrap.dedent(text), encoding="utf-8")
    return rs


CLAIMS = """\
    description: absolute terms
    en: [best, only]
    zh-Hans: [唯一, 最佳, 第一]
    """
ALLOW = """\
    zh-Hans: [第一作者, 一线治疗]
    """
FORBID_RULE = """\
    id: no-absolute
    category: absolute-claim
    severity: warning
    title: {en: Absolute term, zh-Hans: 绝对化用语}
    message: {en: "'{evidence}' is absolute", zh-Hans: "「{evidence}」是绝对化用语（{audit_date}）"}
    fix: {en: Remove it, zh-Hans: 删除}
    references: [广告法 第九条]
    kind: forbid
    match:
      lexicon: claims
      scope: [content]
      except: {lexicon: allow}
    """


def engine_for(rs: Path, **kw) -> Engine:
    return Engine([load_ruleset(rs)], load_profile(kw.pop("profile", "generic")), audit_date=AUDIT_DATE, **kw)


def check(engine: Engine, html: str = PAGE):
    return engine.check(load_document(html.encode("utf-8"), "page.html"))


def test_forbid_scope_except_and_locale(tmp_path):
    rs = write_ruleset(tmp_path, {"no-absolute": FORBID_RULE}, {"claims": CLAIMS, "allow": ALLOW})
    findings = check(engine_for(rs))
    # 唯一 in content fires; 最佳 in the menu and 第一 inside 第一作者 do not.
    assert [f.evidence for f in findings] == ["唯一"]
    f = findings[0]
    assert f.rule == "team-rules/no-absolute" and f.severity == "warning" and f.category == "absolute-claim"
    assert f.message == "'唯一' is absolute" and f.fix == "Remove it"
    assert f.line == 6 and f.column == 11 and f.segment is not None
    zh = check(engine_for(rs, locale="zh-Hans"))[0]
    assert zh.message == "「唯一」是绝对化用语（2026年11月21日）"
    assert "匹配到词表「team-rules/claims」中的「唯一」" in zh.explanation  # the explanation is translated too


def test_require_visible_disclaimer_and_gate_explained(tmp_path):
    rule = """\
        id: disclaimer
        category: unapproved-disclaimer-missing
        severity: error
        title: Missing disclaimer
        message: "{evidence} needs a disclaimer for {market}"
        kind: require
        when: [{fact: market, in: [CN, HK]}]
        trigger: {entity: {type: product, label: [investigational]}, scope: [content]}
        expect: {lexicon: unapproved, scope: [content, disclaimer], visible: true}
        """
    lex = """\
        zh-Hans: [尚未在中国大陆获批]
        """
    rs = write_ruleset(tmp_path, {"disclaimer": rule}, {"unapproved": lex})
    findings = check(engine_for(rs))
    assert len(findings) == 1, findings
    f = findings[0]
    assert f.evidence == "NWB-2207" and "CN" in f.message
    assert "market is CN" in f.explanation and "found none" in f.explanation
    # The same disclaimer in the article satisfies it.
    fixed = PAGE.replace("<p>一线治疗", "<p>本文涉及尚未在中国大陆获批的产品。</p><p>一线治疗")
    assert check(engine_for(rs), fixed) == []
    # Gated out on another market.
    rs2 = write_ruleset(tmp_path / "x", {"disclaimer": rule.replace("in: [CN, HK]", "in: [US]")}, {"unapproved": lex})
    assert check(engine_for(rs2)) == []


def test_format_and_consistent(tmp_path):
    fmt = """\
        id: approval-format
        category: approval-number-malformed
        severity: warning
        title: Malformed approval number
        message: "{value} does not match {expected}"
        kind: format
        entity: approval_number
        pattern: profile
        """
    cons = """\
        id: one-number
        category: approval-number-conflict
        severity: warning
        title: Two approval numbers
        message: "{value} differs from {expected}"
        kind: consistent
        entity: approval_number
        """
    rs = write_ruleset(tmp_path, {"approval-format": fmt, "one-number": cons})
    findings = check(engine_for(rs))
    by_rule = {f.rule.split("/")[1]: f for f in findings}
    assert by_rule["approval-format"].evidence == "CN-12345"
    assert "CN-12345 does not match" in by_rule["approval-format"].message
    assert by_rule["one-number"].evidence == "CN-654321"


def test_near_and_min_distinct(tmp_path):
    rule = """\
        id: claim-near-product
        category: investigational-claim
        severity: error
        title: Claim about an investigational product
        message: "{evidence}"
        kind: forbid
        match:
          lexicon: claims
          near: {entity: {type: product, label: [investigational]}}
          sentences: 1
        """
    lex = """\
        zh-Hans: [安全有效]
        """
    rs = write_ruleset(tmp_path, {"claim-near-product": rule}, {"claims": lex})
    assert [f.evidence for f in check(engine_for(rs))] == ["安全有效"]
    far = PAGE.replace("<p>诺风生物是国内唯一", "<p>公司历史悠久。</p><p>公司概况良好。</p><p>诺风生物是国内唯一")
    assert check(engine_for(rs), far) == []


def test_regex_is_linear_time(tmp_path):
    rule = """\
        id: nested
        category: prohibited-claim
        severity: info
        title: t
        message: m
        kind: forbid
        match: {pattern: '(a+)+$'}
        """
    rs = write_ruleset(tmp_path, {"nested": rule})
    html = "<p>" + "a" * 50_000 + "!</p>"
    assert check(engine_for(rs), html) == []  # RE2: no catastrophic backtracking


@pytest.mark.parametrize("text, where", [
    ("id: x\ncategory: absolute-claim\nseverity: fatal\ntitle: t\nmessage: m\nkind: forbid\nmatch: {lexicon: claims}\n",
     ":3: severity:"),
    ("id: x\ncategory: absolute-claim\nseverity: info\ntitle: t\nmessage: m\nkind: forbid\nmatch: {lexicon: claims}\nscopes: [x]\n",
     ":8: scopes: unknown field"),
    ("id: x\ncategory: absolute-claim\nseverity: info\ntitle: t\nmessage: m\nkind: forbid\n",
     ": match: required field is missing"),
    ("id: x\ncategory: absolute-claim\nseverity: info\ntitle: t\nmessage: m\nkind: forbid\nmatch:\n  lexicon: nope\n",
     ":8: match.lexicon: unknown lexicon 'nope'"),
    ("id: x\ncategory: absolute-claim\nseverity: info\ntitle: t\nmessage: m\nkind: forbid\nmatch:\n  pattern: '(?<!a)b'\n",
     ":8: match.pattern: invalid regular expression"),
    ("id: x\ncategory: absolute-claim\nseverity: info\ntitle: t\n  message: m\n", ":5: invalid YAML"),
    ("id: x\ncategory: no-such\nseverity: info\ntitle: t\nmessage: m\nkind: forbid\nmatch: {lexicon: claims}\n",
     ":2: category:"),
])
def test_invalid_rules_name_file_line_and_field(tmp_path, text, where):
    rs = write_ruleset(tmp_path, {"bad": text}, {"claims": CLAIMS})
    with pytest.raises(RulesetError) as exc:
        load_ruleset(rs)
    msg = str(exc.value)
    assert "bad.yaml" in msg and where in msg, msg


def test_invalid_ruleset_exits_2(tmp_path, capsys):
    rs = write_ruleset(tmp_path, {"bad": "id: x\nkind: forbid\n"})
    page = tmp_path / "p.html"
    page.write_text(PAGE, encoding="utf-8")
    assert main(["check", str(page), "--ruleset", str(rs)]) == 2
    err = capsys.readouterr().err
    assert "bad.yaml" in err and "required field is missing" in err


def test_duplicate_rule_id(tmp_path):
    rs = write_ruleset(tmp_path, {"a": FORBID_RULE, "b": FORBID_RULE}, {"claims": CLAIMS, "allow": ALLOW})
    with pytest.raises(RulesetError, match="already used"):
        load_ruleset(rs)


def test_select_ignore_and_fail_on(tmp_path, capsys):
    page = tmp_path / "p.html"
    page.write_text(PAGE, encoding="utf-8")
    base = ["check", str(page), "--audit-date", "2026-11-21", "--format", "json"]
    assert main(base) == 1
    all_rules = {f["rule"] for f in json.loads(capsys.readouterr().out)["documents"][0]["findings"]}
    assert "cn-pharma/unapproved-product-disclaimer" in all_rules
    main(base + ["--select", "absolute-claim"])
    cats = {f["category"] for f in json.loads(capsys.readouterr().out)["documents"][0]["findings"]}
    assert cats == {"absolute-claim"}
    main(base + ["--ignore", "absolute-claim,unapproved-disclaimer-missing"])
    cats = {f["category"] for f in json.loads(capsys.readouterr().out)["documents"][0]["findings"]}
    assert "absolute-claim" not in cats and "unapproved-disclaimer-missing" not in cats
    # Only warnings left: exit 0 unless --fail-on warning.
    assert main(base + ["--select", "absolute-claim"]) == 0
    capsys.readouterr()
    assert main(base + ["--select", "absolute-claim", "--fail-on", "warning"]) == 1
    capsys.readouterr()


def test_json_is_deterministic(tmp_path, capsys):
    page = tmp_path / "p.html"
    page.write_text(PAGE, encoding="utf-8")
    args = ["check", str(page), "--audit-date", "2026-11-21", "--format", "json", "--segments"]
    main(args)
    first = capsys.readouterr().out
    main(args)
    assert capsys.readouterr().out == first
    doc = json.loads(first)["documents"][0]
    for f in doc["findings"]:
        assert list(f)[:11] == ["rule", "category", "severity", "message", "line", "column", "segment",
                                "evidence", "start", "end", "fix"]


def test_text_output_in_chinese(tmp_path, capsys):
    page = tmp_path / "p.html"
    page.write_text(PAGE, encoding="utf-8")
    main(["check", str(page), "--audit-date", "2026-11-21", "--locale", "zh-Hans"])
    out = capsys.readouterr().out
    assert f"{page}:" in out and "«NWB-2207»" in out
    assert any("\u4e00" <= ch <= "\u9fff" for ch in out.splitlines()[1])  # the message is Chinese


def test_bundled_rule_tests_pass(capsys):
    assert main(["rules", "test"]) == 0
    out = capsys.readouterr().out
    assert " 0 failed" in out


def test_rules_test_reports_a_wrong_expectation(tmp_path, capsys):
    rs = write_ruleset(tmp_path, {"no-absolute": FORBID_RULE}, {"claims": CLAIMS, "allow": ALLOW})
    tests = rs / "tests" / "no-absolute"
    tests.mkdir(parents=True)
    (tests / "zh.html").write_text(
        "<!-- test: audit-date=2026-11-21 -->\n<main>\n<!-- ruleid: no-absolute -->\n<p>诺风是唯一的企业。</p>\n"
        "<!-- ruleid: no-absolute -->\n<p>第一作者为王教授。</p>\n</main>\n", encoding="utf-8")
    assert main(["rules", "test", str(rs)]) == 1
    out = capsys.readouterr().out
    assert "zh.html:6: expected no-absolute to fire" in out
    assert "1 failed" in out


def test_every_shipped_rule_is_tested_both_ways_in_both_languages():
    from auditor.rules.testing import coverage, run_ruleset_tests

    rs = load_ruleset(bundled_ruleset())
    cover = coverage(rs, run_ruleset_tests(rs))
    missing = {rid: sorted({"fires-en", "fires-zh", "passes-en", "passes-zh"} - ways) for rid, ways in cover.items()}
    missing = {k: v for k, v in missing.items() if v}
    assert not missing, missing


def test_rules_list_and_show(capsys):
    assert main(["rules", "list"]) == 0
    out = capsys.readouterr().out
    assert "cn-pharma/unapproved-product-disclaimer" in out
    assert main(["rules", "show", "unapproved-product-disclaimer", "--locale", "zh-Hans"]) == 0
    out = capsys.readouterr().out
    assert "unapproved-disclaimer-missing" in out and "法规依据：" in out  # labels in the locale too
    assert main(["rules", "show", "no-such-rule"]) == 2
