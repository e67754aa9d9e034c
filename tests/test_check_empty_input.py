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


import pytest

from auditor.read.pipeline import load_document

# (the content sniffer once read Markdown counts that an empty sample never has: an empty
# .txt file stopped `auditor check` with an internal error)
_BLANK = {"empty": b"", "blank": b" \n\t\r\n", "bom": b"\xef\xbb\xbf\n", "gbk-blank": "\u3000\n".encode("gb18030")}


@pytest.mark.parametrize("name", ["page.txt", "page.text", "page.md", "page.html", "page", "page.unknown"])
@pytest.mark.parametrize("content", sorted(_BLANK))
def test_a_page_with_nothing_in_it_is_read_as_empty(name, content):
    doc = load_document(_BLANK[content], name)
    assert doc.error is None
    assert not [s for s in doc.segments if s.text.strip()]


@pytest.mark.parametrize("name", ["page.txt", "page.md", "page.html", "page"])
def test_checking_an_empty_page_is_not_an_error(tmp_path, capsys, name):
    (tmp_path / name).write_bytes(b"")
    report = tmp_path / "report.json"
    assert main(["check", str(tmp_path / name), "--no-config", "--audit-date", AUDIT_DATE,
                 "--format", "json", "--output", str(report)]) == 0
    assert "internal error" not in capsys.readouterr().err
    assert report.read_text(encoding="utf-8").strip()
