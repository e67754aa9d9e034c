"""Baselines (auditor/gate/baseline.py): fingerprints, --write-baseline and --baseline."""
from __future__ import annotations

import datetime as dt
import json

import pytest

from auditor.gate import baseline as bl
from auditor.audit.engines import AuditOptions, build_engine
from auditor.cli import main
from auditor.read.pipeline import load_document
from tests.test_waivers import ABSOLUTE, AUDIT_DATE, MISSING, write, zh_release


@pytest.fixture(scope="module")
def engine():
    return build_engine(AuditOptions(audit_date=dt.date.fromisoformat(AUDIT_DATE)))


def fps(engine, html: str, source: str = "site/news/nwb-2207.html"):
    doc = load_document(html.encode("utf-8"), source)
    findings = engine.check(doc)
    return findings, bl.fingerprints(doc, findings, root="/project")


def test_fingerprints_survive_moves_and_whitespace(engine):
    base, fp0 = fps(engine, zh_release(False, body=ABSOLUTE))
    assert {f.category for f in base} >= {MISSING, "absolute-claim"}
    assert len(set(fp0)) == len(fp0) and all(len(x) == 64 for x in fp0)
    # Lines move: a new paragraph and blank lines above; white space reflowed.
    moved_html = zh_release(False, top="\n\n\n", body="      <p>（本新闻稿仅供医疗卫生专业人士参阅）</p>\n\n"
                            + ABSOLUTE.replace("拥有最先进", "拥有\n        最先进"))
    moved, fp1 = fps(engine, moved_html)
    assert [f.line for f in moved] != [f.line for f in base]
    assert fp1 == fp0
    # Another path, another fingerprint.
    _, fp2 = fps(engine, zh_release(False, body=ABSOLUTE), source="site/news/other.html")
    assert not set(fp2) & set(fp0)


def test_fingerprint_changes_with_the_evidence(engine):
    base, fp0 = fps(engine, zh_release(False, body=ABSOLUTE))
    changed, fp1 = fps(engine, zh_release(False, body=ABSOLUTE.replace("最好", "最佳")))
    by_ev0 = {(f.category, f.evidence): fp for f, fp in zip(base, fp0)}
    by_ev1 = {(f.category, f.evidence): fp for f, fp in zip(changed, fp1)}
    assert by_ev0[(MISSING, "NWB-2207")] == by_ev1[(MISSING, "NWB-2207")]  # elsewhere on the page: unchanged
    assert ("absolute-claim", "最好") in by_ev0 and ("absolute-claim", "最佳") in by_ev1
    assert by_ev0[("absolute-claim", "最好")] not in fp1


def test_identical_findings_get_occurrence_indexes(engine):
    findings, fp = fps(engine, zh_release(True, body=ABSOLUTE + ABSOLUTE))
    assert [f.evidence for f in findings].count("最好") == 2
    assert len(set(fp)) == len(fp)


def test_normalize_source(tmp_path):
    assert bl.normalize_source(str(tmp_path / "a" / "b.html"), tmp_path) == "a/b.html"
    assert bl.normalize_source(str(tmp_path / "site.zip") + "!/zh/a.html", tmp_path) == "site.zip!/zh/a.html"
    assert bl.normalize_source("https://www.northwind-bio.com.cn/news/a.html", tmp_path).startswith("https://")
    assert bl.normalize_source("-", tmp_path) == "-"


TEAM = "      <p>诺风生物上海研发中心拥有一支国内顶级的抗体偶联药物研发团队。</p>\n"


def check(capsys, *args):
    rc = main(["check", "--no-config", "--audit-date", AUDIT_DATE, "--format", "json", *args])
    cap = capsys.readouterr()
    return rc, json.loads(cap.out), cap.err


def test_write_and_use_a_baseline(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "site/zh/nwb-2207.html", zh_release(False, body=ABSOLUTE, after_body=TEAM))
    write(tmp_path / "site/zh/clean.html", zh_release(True))
    rc, out, err = check(capsys, "site", "--write-baseline", "baseline.json")
    assert rc == 0 and "wrote 4 finding(s)" in err
    text = (tmp_path / "baseline.json").read_text(encoding="utf-8")
    data = json.loads(text)
    assert data["version"] == 1 and len(data["findings"]) == 4
    assert [e["source"] for e in data["findings"]] == ["site/zh/nwb-2207.html"] * 4
    keys = [(e["source"], e["line"], e["column"], e["rule"]) for e in data["findings"]]
    assert keys == sorted(keys)
    # Deterministic: the same run writes the same bytes.
    check(capsys, "site", "--write-baseline", "again.json")
    assert (tmp_path / "again.json").read_text(encoding="utf-8") == text

    # Nothing new: exit 0, nothing reported.
    rc, out, err = check(capsys, "site", "--baseline", "baseline.json")
    assert rc == 0 and all(d["findings"] == [] for d in out["documents"])
    assert "4 known finding(s) not reported, 0 new, 0 fixed" in err

    # Lines move, one problem fixed (顶级 removed), a new page with a new problem.
    write(tmp_path / "site/zh/nwb-2207.html",
          zh_release(False, top="<!-- 2026-09-09 CMS re-export -->\n\n", body=ABSOLUTE, after_body=TEAM.replace("顶级", "资深")))
    write(tmp_path / "site/zh/new.html", zh_release(False))
    rc, out, err = check(capsys, "site", "--baseline", "baseline.json")
    docs = {d["source"]: d for d in out["documents"]}
    assert docs["site/zh/nwb-2207.html"]["findings"] == []  # the known ones, moved, are still known
    assert [f["category"] for f in docs["site/zh/new.html"]["findings"]] == [MISSING]
    assert rc == 1
    assert "3 known finding(s) not reported, 1 new, 1 fixed since the baseline" in err
    assert "fixed: site/zh/nwb-2207.html" in err and "顶级" in err

    # Only the pages audited count for "fixed".
    rc, out, err = check(capsys, "site/zh/clean.html", "--baseline", "baseline.json")
    assert rc == 0 and "0 fixed" in err


def test_baseline_from_config_and_bad_files(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "site/a.html", zh_release(False))
    assert main(["check", "--audit-date", AUDIT_DATE, "site", "--write-baseline", "ci/baseline.json"]) == 2  # no ci/
    capsys.readouterr()
    (tmp_path / "ci").mkdir()
    assert main(["check", "--audit-date", AUDIT_DATE, "site", "--write-baseline", "ci/baseline.json"]) == 0
    write(tmp_path / "auditor.toml", 'baseline = "ci/baseline.json"\naudit-date = 2026-09-10\n')
    monkeypatch.chdir(tmp_path / "site")
    # From a subfolder: paths are relative to the config file's folder, so they still match.
    assert main(["check", "."]) == 0
    capsys.readouterr()
    monkeypatch.chdir(tmp_path)
    assert main(["check", "site"]) == 0
    capsys.readouterr()
    write(tmp_path / "broken.json", "{\"version\": 1, \"findings\": 3}")
    assert main(["check", "site", "--baseline", "broken.json"]) == 2
    assert "broken.json" in capsys.readouterr().err
    assert main(["check", "site", "--baseline", "missing.json"]) == 2
    assert "--write-baseline" in capsys.readouterr().err
