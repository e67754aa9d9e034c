"""Text output never passes page-controlled escape sequences or direction overrides to a terminal."""
from __future__ import annotations

from auditor.cli import main

HOSTILE = ("<html lang='zh-CN'><body><main><p>诺风生物\x1b[2J\x1b]0;pwned\x07宣布其产品是全球\u202e最佳\u202c的疗法，"
           "安全有效，100%治愈。</p></main></body></html>")


def test_check_text_output_neutralises_control_characters(tmp_path, capsys):
    page = tmp_path / "evil\x1b[31m.html"
    page.write_text(HOSTILE, encoding="utf-8")
    main(["check", str(page), "--audit-date", "2026-11-21"])
    out = capsys.readouterr().out
    assert "最佳" in out  # findings are still reported
    assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out
    assert "<U+001B>" in out and "<U+202E>" in out


def test_segments_text_output_neutralises_control_characters(tmp_path, capsys):
    page = tmp_path / "p.html"
    page.write_text(HOSTILE, encoding="utf-8")
    main(["segments", str(page)])
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\u202e" not in out and "<U+202E>" in out
