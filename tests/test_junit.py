"""JUnit XML output, read back with junitparser as CI test-report readers do."""
from __future__ import annotations

from pathlib import Path

from junitparser import Error, Failure, JUnitXml, Skipped

from auditor.cli import main
from tests.test_waivers import ABSOLUTE, AUDIT_DATE, RULE, write, zh_release


def run_junit(*args) -> tuple[int, JUnitXml]:
    rc = main(["check", "--no-config", "--audit-date", AUDIT_DATE, "--format", "junit", "--output", "report.xml", *args])
    return rc, JUnitXml.fromfile("report.xml")


def cases(suite):
    return list(suite)


def test_junit_suites_cases_and_failures(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "zh/nwb-2207.html", zh_release(False, body=ABSOLUTE))
    write(tmp_path / "zh/clean.html", zh_release(True))
    rc, xml = run_junit("zh")
    assert rc == 1
    suites = {s.name: s for s in xml}
    assert sorted(suites) == ["zh/clean.html", "zh/nwb-2207.html"]

    bad = suites["zh/nwb-2207.html"]
    failures = [(c, r) for c in cases(bad) for r in c.result if isinstance(r, Failure)]
    assert len(failures) == 1 and bad.failures == 1  # only the error fails at the default --fail-on error
    case, failure = failures[0]
    assert case.classname == "zh/nwb-2207.html" and case.name.startswith(RULE)
    assert "NWB-2207" in failure.message
    assert failure.type == RULE
    assert f"zh/nwb-2207.html:{case._elem.get('line')}:" in failure.text and RULE in failure.text
    # The warnings pass but keep their text; rules that found nothing are passing cases.
    warned = [c for c in cases(bad) if c.name.startswith("cn-pharma/absolute-terms")]
    assert len(warned) == 2 and all(c.is_passed for c in warned) and "最好" in warned[0].system_out + warned[1].system_out

    clean = suites["zh/clean.html"]
    assert clean.failures == 0 and clean.tests >= 10 and all(c.is_passed for c in cases(clean))
    assert sum(s.failures for s in xml) == 1


def test_junit_fail_on_warning_waived_and_input_errors(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "a.html", zh_release(False, body=ABSOLUTE, before_title=(
        "<!-- auditor-disable-next-line unapproved-disclaimer-missing -- 站外合作伙伴页面转载 approver=legal -->\n")))
    (tmp_path / "broken.html").write_bytes(b"\x00\x01\x02\x03" * 100)
    rc, xml = run_junit("a.html", "broken.html", "--fail-on", "warning")
    assert rc == 1
    suites = {s.name: s for s in xml}
    a = suites["a.html"]
    results = [r for c in cases(a) for r in c.result]
    assert sum(isinstance(r, Failure) for r in results) == 2
    skipped = [r for r in results if isinstance(r, Skipped)]
    assert len(skipped) == 1 and "站外合作伙伴页面转载" in skipped[0].message
    assert a.skipped == 1
    broken = suites["broken.html"]
    errs = [r for c in cases(broken) for r in c.result if isinstance(r, Error)]
    assert len(errs) == 1 and broken.errors == 1
    # Totals on the root element agree with the suites.
    raw = Path("report.xml").read_text(encoding="utf-8")
    assert '<testsuites name="auditor"' in raw and 'failures="2"' in raw and 'errors="1"' in raw


def test_junit_strips_characters_xml_cannot_carry(tmp_path, monkeypatch):
    from auditor.report.junit import clean

    assert clean("NWB-2207\x0b获得\x00认定\ud800") == "NWB-2207\ufffd获得\ufffd认定\ufffd"
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "a.md", "# 诺风生物NWB-2207获得突破性治疗药物认定\x0b\n\n诺风生物今日宣布，在研药物NWB-2207\x0c获得认定。\n")
    rc, xml = run_junit("a.md")
    assert rc == 1 and len(list(xml)) == 1
