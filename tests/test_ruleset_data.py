"""Rules are data: rulesets added to the bundled one, their lexicons in segmentation
without leaking into one another, load-time checks, per-market rules, OR in `when`,
extending a ruleset, expectations tied to their trigger, snapshots of rule tests."""
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
from auditor.rules.engine import Engine
from auditor.rules.loader import RulesetError, load_ruleset, load_rulesets
from auditor.rules.messages import render
from auditor.support.resources import bundled_ruleset

AUDIT_DATE = "2026-11-21"

# A partner page whose leaving-site pop-up uses the company's own wording, which the
# bundled leaving_site lexicon does not know.
PARTNER_PAGE = """<!DOCTYPE html>
<html lang="en"><head><title>Partners | Northwind Biosciences</title></head>
<body>
<nav><a href="/">Home</a> <a href="/news">News</a> <a href="/partners">Partners</a></nav>
<main>
<h1>Our partners</h1>
<p>We work with patient organisations across the region. Read more on the
<a href="https://www.patients-alliance.example.org/">Patients Alliance portal</a>.</p>
</main>
<div class="modal" role="dialog" hidden>
<p>You will be redirected to an external partner portal. Northwind Biosciences does not control the content of that portal.</p>
<button>Continue</button> <button>Cancel</button>
</div>
<footer>&copy; 2026 Northwind Biosciences</footer>
</body></html>
"""

ZH_NEWS = """<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>新闻</title></head><body>
<main><h1>诺风生物宣布NWB-2207新适应症上市申请获受理</h1>
<p>2026年3月19日，诺风生物今日宣布，公司将于明年提交NWB-2207的上市申请。</p>
<p>诺风生物是国内唯一获得该认定的企业。</p>
</main></body></html>
"""


def make_ruleset(root: Path, name: str, rules: dict[str, str] | None = None, lexicons: dict[str, str] | None = None,
                 extra: dict[str, str] | None = None) -> Path:
    rs = root / name
    (rs / "rules").mkdir(parents=True)
    (rs / "lexicons").mkdir()
    for fname, text in (rules or {}).items():
        (rs / "rules" / f"{fname}.yaml").write_text(textwrap.dedent(text), encoding="utf-8")
    for fname, text in (lexicons or {}).items():
        (rs / "lexicons" / f"{fname}.yaml").write_text(textwrap.dedent(text), encoding="utf-8")
    for fname, text in (extra or {}).items():
        path = rs / fname
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return rs


ACME_LEAVING = """\
    description: Acme's own wording of its leaving-site pop-up.
    en:
      - you will be redirected to an external
      - does not control the content
    """


def run_json(capsys, *args) -> tuple[int, dict]:
    rc = main(["check", "--no-config", "--audit-date", AUDIT_DATE, "--format", "json", *args])
    return rc, json.loads(capsys.readouterr().out)


def rules_of(report: dict) -> list[str]:
    return [f["rule"] for d in report["documents"] for f in d["findings"]]


# ---------------------------------------------------------------- lexicons reach segmentation


def test_a_custom_rulesets_lexicon_reaches_segmentation(tmp_path, capsys):
    acme = make_ruleset(tmp_path, "acme", lexicons={"leaving_site": ACME_LEAVING})
    page = tmp_path / "partner.html"
    page.write_text(PARTNER_PAGE, encoding="utf-8")
    rc, bundled_only = run_json(capsys, str(page), "--segments")
    kinds = {s["kind"] for s in bundled_only["documents"][0]["segments"]}
    assert "third_party_notice" not in kinds
    assert "cn-pharma/leaving-site-notice" in rules_of(bundled_only)
    rc, with_acme = run_json(capsys, str(page), "--segments", "--ruleset", str(acme))
    notice = [s for s in with_acme["documents"][0]["segments"] if s["kind"] == "third_party_notice"]
    assert notice and notice[0]["text"].startswith("You will be redirected"), with_acme["documents"][0]["segments"]
    assert "cn-pharma/leaving-site-notice" not in rules_of(with_acme)


def test_rules_test_segments_with_the_rulesets_own_lexicons(tmp_path, capsys):
    rule = """\
        id: partner-notice
        category: third-party-notice-missing
        severity: warning
        title: Partner link without the partner notice
        message: "'{evidence}' links to a partner without Acme's leaving-site pop-up."
        kind: require
        trigger: {entity: {type: link, label: [external]}, scope: [content]}
        expect: {segment: true, scope: [third_party_notice]}
        """
    with_notice = PARTNER_PAGE.replace("<h1>", "<!-- ok-page: partner-notice -->\n<h1>")
    without = PARTNER_PAGE.replace('<div class="modal"', "<!-- ruleid-page: partner-notice -->\n<div hidden").replace(
        "You will be redirected to an external partner portal. ", "")
    without = without.replace("does not control the content of that portal", "thanks you")
    acme = make_ruleset(tmp_path, "acme", {"partner-notice": rule}, {"leaving_site": ACME_LEAVING},
                        {"tests/partner-notice/ok.html": with_notice, "tests/partner-notice/fires.html": without})
    assert main(["rules", "test", str(acme), "--update-snapshots"]) == 0
    capsys.readouterr()
    assert main(["rules", "test", str(acme)]) == 0, capsys.readouterr().out
    snap = (acme / "tests/partner-notice/fires.html.snap").read_text(encoding="utf-8")
    assert "acme/partner-notice" in snap and "Patients Alliance portal" in snap
    assert "(no findings)" in (acme / "tests/partner-notice/ok.html.snap").read_text(encoding="utf-8")


FUTURE_RULE = """\
    id: future-marker
    category: fls-missing
    severity: info
    title: Future-tense marker
    message: "'{evidence}' speaks about the future."
    kind: forbid
    match: {lexicon: future, scope: [content]}
    """


def test_lexicons_of_two_rulesets_do_not_share_word_boundaries(tmp_path, capsys):
    # alpha's 将于 would be one jieba word for every lexicon if the dictionary were shared,
    # and beta's single-character 将 would then never be on a word boundary in 将于.
    alpha = make_ruleset(tmp_path, "alpha", lexicons={"glue": "zh-Hans: [将于, 上市申请]\n"})
    beta = make_ruleset(tmp_path, "beta", {"future": FUTURE_RULE}, {"future": "zh-Hans: [将]\n"})
    page = tmp_path / "news.html"
    page.write_text(ZH_NEWS, encoding="utf-8")
    for order in ((alpha, beta), (beta, alpha)):
        rc, report = run_json(capsys, str(page), "--no-default-ruleset", *(f"--ruleset={p}" for p in order))
        found = [f for d in report["documents"] for f in d["findings"]]
        assert [(f["rule"], f["evidence"]) for f in found] == [("beta/future-marker", "将")], found


# ---------------------------------------------------------------- --ruleset adds


NO_ONLY = textwrap.dedent("""\
    id: no-only
    category: absolute-claim
    severity: error
    title: {en: The word "only", zh-Hans: 唯一}
    message: {en: "'{evidence}' claims exclusivity.", zh-Hans: "「{evidence}」声称独有。"}
    kind: forbid
    match: {lexicon: only}
    """)
ONLY = "zh-Hans: [唯一]\nen: [only]\n"


def test_ruleset_adds_to_the_bundled_ruleset(tmp_path, capsys):
    mine = make_ruleset(tmp_path, "mine", {"no-only": NO_ONLY}, {"only": ONLY})
    page = tmp_path / "news.html"
    page.write_text(ZH_NEWS, encoding="utf-8")
    rc, report = run_json(capsys, str(page), "--ruleset", str(mine))
    rules = rules_of(report)
    assert "mine/no-only" in rules and "cn-pharma/absolute-terms" in rules
    # naming the bundled ruleset too is the same run (it is loaded once)
    rc2, report2 = run_json(capsys, str(page), "--ruleset", "cn-pharma", "--ruleset", str(mine))
    assert rules_of(report2) == rules
    rc3, only_mine = run_json(capsys, str(page), "--no-default-ruleset", "--ruleset", str(mine))
    assert rules_of(only_mine) == ["mine/no-only"]
    assert rc3 == 1


def test_config_file_rulesets_and_default_ruleset_key(tmp_path, capsys, monkeypatch):
    make_ruleset(tmp_path, "mine", {"no-only": NO_ONLY}, {"only": ONLY})
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "news.html").write_text(ZH_NEWS, encoding="utf-8")
    (tmp_path / "auditor.toml").write_text('ruleset = ["cn-pharma", "mine"]\naudit-date = 2026-11-21\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    main(["check", "pages", "--format", "json"])
    rules = rules_of(json.loads(capsys.readouterr().out))
    assert "mine/no-only" in rules and "cn-pharma/absolute-terms" in rules
    (tmp_path / "auditor.toml").write_text('ruleset = ["mine"]\ndefault-ruleset = false\naudit-date = 2026-11-21\n',
                                           encoding="utf-8")
    main(["check", "pages", "--format", "json"])
    assert rules_of(json.loads(capsys.readouterr().out)) == ["mine/no-only"]
    assert main(["config"]) == 0
    assert "default-ruleset" in capsys.readouterr().out


def test_no_ruleset_at_all_and_unknown_names_exit_2(tmp_path, capsys):
    page = tmp_path / "news.html"
    page.write_text(ZH_NEWS, encoding="utf-8")
    assert main(["check", "--no-config", str(page), "--no-default-ruleset"]) == 2
    assert "no ruleset to run" in capsys.readouterr().err
    assert main(["check", "--no-config", str(page), "--ruleset", "cn-pharmaa"]) == 2
    assert "cn-pharmaa: no such ruleset" in capsys.readouterr().err


def test_two_rulesets_with_one_name_are_refused(tmp_path):
    a = make_ruleset(tmp_path / "a", "mine", {"no-only": NO_ONLY}, {"only": ONLY})
    b = make_ruleset(tmp_path / "b", "mine", {"no-only": NO_ONLY}, {"only": ONLY})
    with pytest.raises(RulesetError, match="a second ruleset named 'mine'"):
        load_rulesets([a, b])


def test_rules_list_shows_both_rulesets(tmp_path, capsys):
    mine = make_ruleset(tmp_path, "mine", {"no-only": NO_ONLY}, {"only": ONLY})
    assert main(["rules", "list", "--ruleset", str(mine), "--format", "json"]) == 0
    ids = [r["id"] for r in json.loads(capsys.readouterr().out)]
    assert "mine/no-only" in ids and "cn-pharma/absolute-terms" in ids
    assert main(["rules", "list", "--ruleset", str(mine), "--no-default-ruleset", "--format", "json"]) == 0
    assert [r["id"] for r in json.loads(capsys.readouterr().out)] == ["mine/no-only"]


# ---------------------------------------------------------------- load-time checks


def _error(tmp_path, rule: str, lexicons: dict | None = None) -> str:
    rs = make_ruleset(tmp_path, "team", {"bad": rule}, lexicons or {"only": ONLY})
    with pytest.raises(RulesetError) as exc:
        load_ruleset(rs)
    return str(exc.value)


INVESTIGATIONAL_RULE = """\
    id: label-it
    category: investigational-claim
    severity: warning
    title: Investigational product without its label
    message: "'{evidence}' is investigational."
    kind: require
    trigger:
      entity: {type: product, label: [investigatonal]}
    expect: {lexicon: only}
    """


def test_misspelt_entity_label_names_file_line_and_field(tmp_path):
    msg = _error(tmp_path, INVESTIGATIONAL_RULE)
    assert "bad.yaml:8: trigger.entity.label: unknown product label 'investigatonal'" in msg, msg
    assert "did you mean 'investigational'?" in msg


@pytest.mark.parametrize("message, expected", [
    ("'{evidenc}' is absolute", "unknown placeholder {evidenc}"),
    ("{evidence.__class__.__mro__}", "'{evidence.__class__.__mro__}' is not a placeholder"),
    ("{evidence[0]}", "'{evidence[0]}' is not a placeholder"),
    ("{count:>999999999}", "is not a placeholder"),
    ("{0}", "is not a placeholder"),
    ("{expected} differs", "unknown placeholder {expected} for a 'forbid' rule"),
    ("a lone { brace", "a lone '{'"),
])
def test_message_placeholders_are_checked_at_load_time(tmp_path, message, expected):
    rule = NO_ONLY.replace("""message: {en: "'{evidence}' claims exclusivity.", zh-Hans: "「{evidence}」声称独有。"}""",
                           f"message:\n  en: {json.dumps(message)}")
    msg = _error(tmp_path, rule)
    assert "bad.yaml:6: message.en: " in msg and expected in msg, msg


def test_title_placeholder_and_unknown_fact_and_profile_field(tmp_path):
    assert "a title has no placeholders" in _error(tmp_path, NO_ONLY.replace('title: {en: The word "only", zh-Hans: 唯一}',
                                                                             "title: Claims {evidence}"))
    msg = _error(tmp_path / "b", NO_ONLY + "when:\n  - {fact: markt, eq: CN}\n")
    assert "bad.yaml:9: when[0].fact" in msg, msg
    msg = _error(tmp_path / "c", NO_ONLY + "when:\n  - {fact: page_age_months, gte: {profile: archive_month}}\n")
    assert "bad.yaml:9: when[0].gte.profile: unknown profile field 'archive_month'" in msg, msg


@pytest.mark.parametrize("value", ["1.0e+26", "100000", "0", "true", "2.5"])
def test_absurd_numbers_are_refused(tmp_path, value):
    msg = _error(tmp_path, NO_ONLY.replace("match: {lexicon: only}", f"match: {{lexicon: only, min_count: {value}}}"))
    assert "bad.yaml:7: match.min_count" in msg, msg


def test_rendering_reaches_no_python_object():
    class Evidence(str):
        secret = "internals"

    values = {"evidence": Evidence("唯一")}
    assert render("{evidence.secret} {evidence.__class__.__mro__} {evidence[0]} {evidence!r}", values) == \
        "{evidence.secret} {evidence.__class__.__mro__} {evidence[0]} {evidence!r}"
    assert render("'{evidence}' {{literal}} {unknown}", values) == "'唯一' {literal} {unknown}"


def test_shipped_rules_pass_the_load_time_checks():
    rs = load_ruleset(bundled_ruleset())
    assert len(rs.rules) >= 30


# ---------------------------------------------------------------- the rule format


def _engine(rulesets, profile="generic"):
    return Engine(rulesets, load_profile(profile), audit_date=dt.date.fromisoformat(AUDIT_DATE))


def _check(engine, html: str, name: str = "page.html"):
    doc = load_document(html.encode("utf-8"), name, lexicons=engine.segment_lexicons)
    return engine.check(doc)


def test_per_market_rule_replaces_three_copies():
    rs = load_ruleset(bundled_ruleset())
    rules = {r.short_id: r for r in rs.rules}
    hk, tw = rules["unapproved-disclaimer-jurisdiction-hk"], rules["unapproved-disclaimer-jurisdiction-tw"]
    assert hk.source_file == tw.source_file == rules["unapproved-disclaimer-jurisdiction-cn"].source_file
    assert hk.text("title") == "Unapproved-product disclaimer does not name Hong Kong"
    assert tw.text("title", "zh-Hant") == "未獲批產品免責聲明未指明台灣"
    assert hk.expect.lexicon == "cn-pharma/jurisdiction_hk"
    assert [(c.fact, c.op, c.value) for c in hk.when] == [("market", "eq", "HK")]
    assert "Pharmacy and Poisons Ordinance" in hk.references[0]
    assert "not approved by the TFDA in Taiwan" in tw.text("fix")


def test_per_market_parameter_errors(tmp_path):
    rule = NO_ONLY.replace('title: {en: The word "only", zh-Hans: 唯一}', "title: The word only in {place}") + \
        "per_market:\n  CN: {place: mainland China}\n  HK: {plac: Hong Kong}\n"
    msg = _error(tmp_path, rule)
    assert "a title has no placeholders; {place}" in msg, msg
    rule = NO_ONLY.replace("match: {lexicon: only}", 'match: {lexicon: "{words}"}') + \
        "per_market:\n  CN: {word: only}\n"
    assert "unknown parameter {words}" in _error(tmp_path / "b", rule)


OR_RULE = """\
    id: only-in-greater-china
    category: absolute-claim
    severity: warning
    title: Exclusivity claim
    message: "'{evidence}' claims exclusivity ({market})."
    kind: forbid
    when:
      - any:
          - {fact: market, eq: HK}
          - {fact: page_type, eq: ad}
    match: {lexicon: only}
    """


def test_any_in_when(tmp_path):
    rs = load_ruleset(make_ruleset(tmp_path, "team", {"or": OR_RULE}, {"only": ONLY}))
    assert _check(_engine([rs], "generic"), ZH_NEWS) == []  # market CN, a news page
    found = _check(_engine([rs], "kestrel"), ZH_NEWS)
    assert load_profile("kestrel").market == "HK"
    assert [f.evidence for f in found] == ["唯一"]
    assert "market is HK" in found[0].explanation


EXTENSION = """\
    extends: cn-pharma
    rules:
      absolute-terms: {severity: info}
      icp-filing-number: {enabled: false}
    lexicons:
      absolute_terms: {add: more_claims}
    """


def test_extending_the_bundled_ruleset_without_copying(tmp_path, capsys):
    ext = make_ruleset(tmp_path, "acme", lexicons={"more_claims": "zh-Hans: [划时代]\n"},
                       extra={"ruleset.yaml": EXTENSION})
    page = tmp_path / "news.html"
    page.write_text(ZH_NEWS.replace("国内唯一", "划时代的国内唯一"), encoding="utf-8")
    rc, report = run_json(capsys, str(page), "--ruleset", str(ext))
    absolute = [f for d in report["documents"] for f in d["findings"] if f["rule"] == "cn-pharma/absolute-terms"]
    assert {f["evidence"] for f in absolute} >= {"划时代", "唯一"}, absolute
    assert {f["severity"] for f in absolute} == {"info"}
    assert "cn-pharma/icp-filing-number" not in rules_of(report)
    rc, plain = run_json(capsys, str(page))
    assert {f["severity"] for f in plain["documents"][0]["findings"] if f["rule"] == "cn-pharma/absolute-terms"} == {"warning"}


@pytest.mark.parametrize("text, expected", [
    ("extends: cn-pharma\nrules:\n  absolute-term: {severity: info}\n", "ruleset.yaml:3: rules.absolute-term: cn-pharma has no rule"),
    ("extends: cn-pharma\nrules:\n  absolute-terms: {severity: fatal}\n", "ruleset.yaml:3: rules.absolute-terms.severity: expected one of"),
    ("extends: cn-pharma\nlexicons:\n  absolute_terms: {add: missing}\n", "ruleset.yaml:3: lexicons.absolute_terms.add: no lexicon 'missing'"),
    ("extends: other-rules\n", "ruleset.yaml:1: extends: the ruleset 'other-rules' is not in use"),
])
def test_extension_errors_name_file_line_and_field(tmp_path, text, expected):
    ext = make_ruleset(tmp_path, "acme", extra={"ruleset.yaml": text})
    with pytest.raises(RulesetError) as exc:
        load_rulesets([bundled_ruleset(), ext])
    assert expected in str(exc.value), str(exc.value)


TIED_RULE = """\
    id: label-each-product
    category: investigational-claim
    severity: warning
    title: Investigational product not labelled at its first mention
    message: "{evidence} is not described as investigational where it is first mentioned."
    kind: require
    trigger:
      entity: {type: product, label: [investigational]}
    expect:
      lexicon: investigational_label
      near:
        entity: {type: product, label: [investigational], same_as_trigger: true}
        first: true
        sentences: 0
    """
LABEL = "en: [investigational, an investigational]\nzh-Hans: [在研]\n"
TWO_PRODUCTS = """<!DOCTYPE html><html lang="en"><head><title>Pipeline</title></head><body><main>
<h1>Pipeline update</h1>
<p>NWB-2207 is an investigational antibody-drug conjugate.</p>
<p>KT-318 entered a phase 2 study in 2026.</p>
<p>KT-318 is investigational and not approved anywhere.</p>
</main></body></html>"""


def test_expectation_tied_to_its_trigger_and_first_mention(tmp_path):
    rs = load_ruleset(make_ruleset(tmp_path, "team", {"tied": TIED_RULE}, {"investigational_label": LABEL}))
    found = _check(_engine([rs], "northwind"), TWO_PRODUCTS)
    # NWB-2207 is labelled where first named; KT-318 only at its second mention
    assert [(f.evidence, f.line) for f in found] == [("KT-318", 4)], [(f.evidence, f.message) for f in found]
    assert "the same product KT-318" in found[0].explanation
    # without the tie, one labelled product satisfies the rule for every product
    loose = TIED_RULE.replace(", same_as_trigger: true", "").replace("        first: true\n", "")
    rs2 = load_ruleset(make_ruleset(tmp_path / "b", "team", {"tied": loose}, {"investigational_label": LABEL}))
    assert _check(_engine([rs2], "northwind"), TWO_PRODUCTS) == []


def test_same_as_trigger_needs_a_matching_trigger(tmp_path):
    rule = TIED_RULE.replace("entity: {type: product, label: [investigational]}\n    expect",
                             "lexicon: investigational_label\n    expect")
    msg = _error(tmp_path, rule, {"investigational_label": LABEL})
    assert "expect.near.entity.same_as_trigger: same_as_trigger needs a trigger that finds product entities" in msg, msg


# ---------------------------------------------------------------- snapshots


def test_snapshot_catches_a_changed_message(tmp_path, capsys):
    src = bundled_ruleset()
    copy = tmp_path / "cn-pharma"
    shutil.copytree(src, copy, ignore=shutil.ignore_patterns("tests"))
    shutil.copytree(src / "tests" / "absolute-terms", copy / "tests" / "absolute-terms")
    assert main(["rules", "test", str(copy)]) == 0, capsys.readouterr().out
    capsys.readouterr()
    rule = copy / "rules" / "absolute-terms.yaml"
    rule.write_text(rule.read_text(encoding="utf-8").replace("is an absolute or superlative term",
                                                             "is an absolute term"), encoding="utf-8")
    assert main(["rules", "test", str(copy)]) == 1
    out = capsys.readouterr().out
    assert "findings differ from the snapshot" in out and "+  message: '最佳' is an absolute term" in out, out
    assert main(["rules", "test", str(copy), "--update-snapshots"]) == 0
    assert "wrote " in capsys.readouterr().out
    assert main(["rules", "test", str(copy)]) == 0


def test_a_page_without_snapshot_fails(tmp_path, capsys):
    src = bundled_ruleset()
    copy = tmp_path / "cn-pharma"
    shutil.copytree(src, copy, ignore=shutil.ignore_patterns("tests"))
    shutil.copytree(src / "tests" / "absolute-terms", copy / "tests" / "absolute-terms",
                    ignore=shutil.ignore_patterns("*.snap"))
    assert main(["rules", "test", str(copy)]) == 1
    assert "no snapshot of this page's findings" in capsys.readouterr().out


def test_segments_command_reads_the_rulesets_lexicons(tmp_path, capsys):
    acme = make_ruleset(tmp_path, "acme", lexicons={"leaving_site": ACME_LEAVING})
    page = tmp_path / "partner.html"
    page.write_text(PARTNER_PAGE, encoding="utf-8")
    assert main(["segments", str(page)]) == 0
    assert "third_party_notice" not in capsys.readouterr().out
    assert main(["segments", str(page), "--ruleset", str(acme)]) == 0
    assert "third_party_notice en      hidden You will be redirected" in capsys.readouterr().out


def test_extension_replaces_a_lexicon_and_rules_show_names_the_change(tmp_path, capsys):
    ext = make_ruleset(tmp_path, "acme", lexicons={"our_terms": "zh-Hans: [划时代]\n"},
                       extra={"ruleset.yaml": "extends: cn-pharma\nlexicons:\n  absolute_terms: {replace: our_terms}\n"
                                              "rules:\n  absolute-terms: {severity: error}\n"})
    page = tmp_path / "news.html"
    page.write_text(ZH_NEWS.replace("国内唯一", "划时代的国内唯一"), encoding="utf-8")
    rc, report = run_json(capsys, str(page), "--ruleset", str(ext), "--select", "absolute-terms")
    assert [(f["evidence"], f["severity"]) for f in report["documents"][0]["findings"]] == [("划时代", "error")]
    assert main(["rules", "show", "absolute-terms", "--ruleset", str(ext)]) == 0
    assert f"changed by: {ext / 'ruleset.yaml'}:5" in capsys.readouterr().out
