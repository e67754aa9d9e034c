"""`auditor check` on inputs that hold no page: a usage error unless --allow-empty says it is fine."""
from __future__ import annotations

from auditor.cli import main

AUDIT_DATE = "2026-11-21"


def test_an_empty_folder_is_a_usage_error(tmp_path, capsys):
    assert main(["check", str(tmp_path), "--no-config", "--audit-date", AUDIT_DATE]) == 2
    out, err = capsys.readouterr()
    assert "no page to audit in" in err and str(tmp_path) in err and "--allow-empty" in err
    assert out == "", "no report (not even 'No findings in 0 pages') before the error"


def test_an_empty_folder_leaves_no_report_file(tmp_path, capsys):
    report = tmp_path / "report.sarif"
    (tmp_path / "site").mkdir()
    assert main(["check", str(tmp_path / "site"), "--no-config", "--format", "sarif", "--output", str(report)]) == 2
    assert not report.exists()


def test_a_folder_without_pages_is_a_usage_error(tmp_path, capsys):
    (tmp_path / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    (tmp_path / "styles.css").write_text("body { color: #222; }\n", encoding="utf-8")
    assert main(["check", str(tmp_path), "--no-config", "--audit-date", AUDIT_DATE]) == 2
    assert "no page to audit" in capsys.readouterr().err


def test_excluding_every_page_is_a_usage_error(tmp_path, capsys):
    (tmp_path / "news.html").write_text("<html><body><p>Quarterly update.</p></body></html>", encoding="utf-8")
    args = ["check", str(tmp_path), "--no-config", "--audit-date", AUDIT_DATE, "--exclude", "*.html"]
    assert main(args) == 2
    assert "exclude" in capsys.readouterr().err


def test_allow_empty_exits_0(tmp_path, capsys):
    assert main(["check", str(tmp_path), "--no-config", "--audit-date", AUDIT_DATE, "--allow-empty"]) == 0


def test_a_page_is_audited_as_before(tmp_path, capsys):
    (tmp_path / "news.html").write_text("<html><body><p>Quarterly update.</p></body></html>", encoding="utf-8")
    assert main(["check", str(tmp_path), "--no-config", "--audit-date", AUDIT_DATE]) == 0
