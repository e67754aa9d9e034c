"""SARIF 2.1.0 output: validated against the official schema, read back by sarif-tools."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from auditor.gate import baseline as bl
from auditor.cli import main
from auditor.report.sarif import artifact_uri
from tests.conftest import SHARED
from tests.test_waivers import ABSOLUTE, AUDIT_DATE, MISSING, RULE, write, zh_release

SCHEMA = SHARED / "schemas" / "sarif-schema-2.1.0.json"


@pytest.fixture(scope="module")
def schema():
    if not SCHEMA.is_file():
        pytest.skip(f"official SARIF schema not available at {SCHEMA}")
    return json.loads(SCHEMA.read_text(encoding="utf-8"))


def validate(doc, schema):
    import jsonschema

    jsonschema.Draft4Validator.check_schema(schema)
    jsonschema.Draft4Validator(schema).validate(doc)


@pytest.fixture
def site(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    waiver = ('    <!-- auditor-disable-next-line unapproved-disclaimer-missing -- 展台专用页面，现场提供纸质免责声明 '
              'approver="Li Wei" until=2027-01-31 -->\n')
    write(tmp_path / "site/zh/news/nwb-2207-wclc.html", zh_release(False, body=ABSOLUTE))
    write(tmp_path / "site/zh/news/nwb-2207-booth.html", zh_release(False, before_title=waiver))
    write(tmp_path / "site/zh/news/clean.html", zh_release(True))
    write(tmp_path / "site/waivers.yaml", "- path: zh/news/nwb-2207-wclc.html\n  rule: absolute-claim\n"
                                          "  reason: 引用获奖名称原文\n  approver: MLR committee\n")
    return tmp_path


def run_sarif(*args) -> tuple[int, dict]:
    rc = main(["check", "--no-config", "--audit-date", AUDIT_DATE, "--format", "sarif", "--output", "out.sarif", *args])
    return rc, json.loads(Path("out.sarif").read_text(encoding="utf-8"))


def test_sarif_is_valid_and_complete(site, schema):
    rc, doc = run_sarif("site", "--waiver-file", "site/waivers.yaml")
    assert rc == 1
    validate(doc, schema)
    assert doc["version"] == "2.1.0"
    (run,) = doc["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "auditor" and driver["version"]
    assert "informationUri" not in driver or driver["informationUri"].startswith("https://")
    rules = {r["id"]: r for r in driver["rules"]}
    rule = rules[RULE]
    assert rule["shortDescription"]["text"] and rule["help"]["text"]
    assert rule["defaultConfiguration"]["level"] == "error"
    assert rule["properties"]["category"] == MISSING and MISSING in rule["properties"]["tags"]
    assert rule["properties"]["references"]

    results = run["results"]
    by_page: dict[str, list] = {}
    for res in results:
        assert driver["rules"][res["ruleIndex"]]["id"] == res["ruleId"]
        assert res["level"] in ("error", "warning", "note")
        loc = res["locations"][0]["physicalLocation"]
        by_page.setdefault(loc["artifactLocation"]["uri"], []).append(res)
        assert loc["region"]["startLine"] >= 1 and loc["region"]["startColumn"] >= 1
        assert len(res["partialFingerprints"][bl.FINGERPRINT_KEY]) == 64
    assert sorted(by_page) == ["site/zh/news/nwb-2207-booth.html", "site/zh/news/nwb-2207-wclc.html"]

    wclc = by_page["site/zh/news/nwb-2207-wclc.html"]
    active = [r for r in wclc if "suppressions" not in r]
    assert [r["ruleId"] for r in active] == [RULE]
    assert active[0]["level"] == "error" and active[0]["locations"][0]["physicalLocation"]["region"]["snippet"]["text"] == "NWB-2207"
    external = [r for r in wclc if "suppressions" in r]
    assert {r["locations"][0]["physicalLocation"]["region"]["snippet"]["text"] for r in external} == {"最好", "最先进"}
    sup = external[0]["suppressions"][0]
    assert sup == {"kind": "external", "status": "accepted", "justification": "引用获奖名称原文",
                   "properties": {"approver": "MLR committee", "line": 1, "file": "site/waivers.yaml"}}

    (booth,) = by_page["site/zh/news/nwb-2207-booth.html"]
    assert booth["suppressions"][0]["kind"] == "inSource"
    assert booth["suppressions"][0]["justification"] == "展台专用页面，现场提供纸质免责声明"
    assert booth["suppressions"][0]["properties"] == {"approver": "Li Wei", "until": "2027-01-31", "line": 21}


def test_fingerprints_match_the_baseline(site):
    assert main(["check", "--no-config", "--audit-date", AUDIT_DATE, "site", "--write-baseline", "b.json"]) == 0
    _, doc = run_sarif("site")
    sarif_fps = {r["partialFingerprints"][bl.FINGERPRINT_KEY] for r in doc["runs"][0]["results"] if "suppressions" not in r}
    base_fps = {e["fingerprint"] for e in json.loads(Path("b.json").read_text(encoding="utf-8"))["findings"]}
    assert sarif_fps == base_fps and base_fps


def test_sarif_tools_reads_it_back(site, schema):
    from sarif import loader

    rc, doc = run_sarif("site", "--fail-on", "warning")
    validate(doc, schema)
    expected_ids = sorted({r["ruleId"] for r in doc["runs"][0]["results"]})
    sf = loader.load_sarif_file("out.sarif")
    assert sf.get_result_count() == len(doc["runs"][0]["results"]) == 4
    assert sf.get_distinct_tool_names() == ["auditor"]
    assert sorted({r["ruleId"] for r in sf.get_results()}) == expected_ids == sorted({RULE, "cn-pharma/absolute-terms"})
    records = sf.get_records()
    assert {rec["Location"] for rec in records} == {"site/zh/news/nwb-2207-wclc.html", "site/zh/news/nwb-2207-booth.html"}
    assert sorted(rec["Severity"] for rec in records) == ["error", "error", "warning", "warning"]

    # The sarif command line tool, as a CI step would run it.
    exe = Path(sys.executable).with_name("sarif")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "sarif"]
    p = subprocess.run([*cmd, "summary", "out.sarif"], capture_output=True, text=True, encoding="utf-8",
                       env={**os.environ, "PYTHONIOENCODING": "utf-8"})
    assert p.returncode == 0, p.stderr
    assert "error: 2" in p.stdout and "warning: 2" in p.stdout


def test_chinese_locale_rule_texts(site, schema):
    _, doc = run_sarif("site/zh/news/nwb-2207-wclc.html", "--locale", "zh-Hans")
    validate(doc, schema)
    rules = {r["id"]: r for r in doc["runs"][0]["tool"]["driver"]["rules"]}
    text = rules[RULE]["shortDescription"]["text"] + rules[RULE]["help"]["text"]
    assert any("\u4e00" <= ch <= "\u9fff" for ch in text)
    assert doc["runs"][0]["properties"]["locale"] == "zh-Hans"


def test_builtin_waiver_rules_and_input_errors_are_described(site, schema):
    write(site / "site/zh/bad-waiver.html", zh_release(True, before_title="<!-- auditor-disable-next-line absolute-claim -->\n"))
    (site / "site/zh/broken.html").write_bytes(b"\x00\x01\x02PK\x03\x04" * 50)
    _, doc = run_sarif("site/zh/bad-waiver.html", "site/zh/broken.html")
    validate(doc, schema)
    ids = {r["id"] for r in doc["runs"][0]["tool"]["driver"]["rules"]}
    assert {res["ruleId"] for res in doc["runs"][0]["results"]} <= ids
    assert "auditor/invalid-waiver" in ids


def test_artifact_uri(tmp_path):
    assert artifact_uri(str(tmp_path / "新闻" / "a b.html"), str(tmp_path)) == "%E6%96%B0%E9%97%BB/a%20b.html"
    assert artifact_uri("site.zip!/zh/a.html", os.getcwd()) == "site.zip!/zh/a.html"
    assert artifact_uri("/elsewhere/a.html", str(tmp_path)).startswith("file:///")
    assert artifact_uri("https://www.northwind-bio.com.cn/news/a.html") == "https://www.northwind-bio.com.cn/news/a.html"
