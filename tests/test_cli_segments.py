"""`auditor segments`: exit codes, JSON shape (docs/contracts.md section 3), bad input."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from auditor.cli import main
from tests.conftest import ROOT

PAGE = """<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>诺风生物新闻</title></head>
<body><nav><ul><li><a href="/">首页</a></li><li><a href="/news">新闻中心</a></li></ul></nav>
<main><article><h1>诺风生物公布NWB-2207三期临床试验结果</h1>
<p>（2026年3月19日，上海）诺风生物今日宣布其在研药物NWB-2207的III期临床试验达到主要终点。</p>
<h2>关于诺风生物</h2><p>诺风生物是一家专注于肿瘤领域的生物制药公司。</p>
<p>审批编号：CN-123456</p></article></main>
<div class="modal" style="display:none"><p>您正在离开诺风生物中国网站，即将前往第三方网站。</p></div>
<footer><p>沪ICP备12345678号-1</p></footer></body></html>
"""


def run_cli(args, capsys):
    code = main(args)
    out = capsys.readouterr().out
    return code, out


def test_json_shape(tmp_path, capsys):
    page = tmp_path / "news.html"
    page.write_text(PAGE, encoding="utf-8")
    code, out = run_cli(["segments", str(page), "--format", "json"], capsys)
    assert code == 0
    data = json.loads(out)
    assert data["version"] == 1
    assert set(data["summary"]) >= {"documents", "findings", "by_severity"}
    doc = data["documents"][0]
    assert list(doc)[:4] == ["source", "format", "encoding", "language"]
    assert doc["format"] == "html" and doc["encoding"] == "utf-8" and doc["language"] == "zh-Hans"
    assert doc["findings"] == []
    seg_keys = ["id", "kind", "lang", "start", "end", "line", "column", "text"]
    kinds = set()
    for seg in doc["segments"]:
        assert list(seg) == seg_keys
        kinds.add(seg["kind"])
    assert {"navigation", "content", "boilerplate", "metadata", "third_party_notice"} <= kinds


def test_text_output_is_plain_when_piped(tmp_path, capsys):
    page = tmp_path / "news.html"
    page.write_text(PAGE, encoding="utf-8")
    code, out = run_cli(["segments", str(page)], capsys)
    assert code == 0
    assert "\x1b[" not in out
    assert "third_party_notice" in out and "hidden" in out


def test_color_on_terminal_and_no_color(tmp_path):
    """Colour appears on a terminal (a real pty) and disappears with NO_COLOR."""
    pty = pytest.importorskip("pty")
    page = tmp_path / "news.html"
    page.write_text(PAGE, encoding="utf-8")

    def run_in_pty(env):
        master, slave = pty.openpty()
        proc = subprocess.Popen([sys.executable, "-m", "auditor", "segments", str(page)], stdout=slave,
                                stderr=subprocess.PIPE, env=env, cwd=ROOT)
        os.close(slave)
        chunks = []
        while True:
            try:
                data = os.read(master, 65536)
            except OSError:
                break
            if not data:
                break
            chunks.append(data)
        proc.wait(timeout=60)
        os.close(master)
        return b"".join(chunks).decode("utf-8", "replace")

    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    env["TERM"] = "xterm"
    assert "\x1b[" in run_in_pty(env)
    assert "\x1b[" not in run_in_pty({**env, "NO_COLOR": "1"})


def test_usage_errors_exit_2(capsys, tmp_path):
    with pytest.raises(SystemExit) as exc:
        main(["segments"])
    assert exc.value.code == 2
    with pytest.raises(SystemExit) as exc:
        main(["segments", str(tmp_path), "--format", "yaml"])
    assert exc.value.code == 2
    assert main(["segments", str(tmp_path / "missing.html")]) == 2
    assert "no such file" in capsys.readouterr().err


def test_binary_and_empty_files(tmp_path, capsys):
    pdf = tmp_path / "brochure.html"
    pdf.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\x00\x00\x00")
    empty = tmp_path / "empty.html"
    empty.write_bytes(b"")
    good = tmp_path / "good.html"
    good.write_text(PAGE, encoding="utf-8")
    code, out = run_cli(["segments", str(pdf), str(empty), str(good), "--format", "json"], capsys)
    assert code == 1  # an input error is an error-level record
    docs = {d["source"]: d for d in json.loads(out)["documents"]}
    bad = docs[str(pdf)]["findings"]
    assert bad[0]["category"] == "input-error" and "PDF" in bad[0]["message"]
    assert docs[str(empty)]["findings"] == [] and docs[str(empty)]["segments"] == []
    assert docs[str(good)]["segments"], "one bad page must not stop the others"


def test_stdin(monkeypatch, capsys):
    import io

    class Stdin:
        buffer = io.BytesIO(PAGE.encode("utf-8"))

    monkeypatch.setattr(sys, "stdin", Stdin())
    code, out = run_cli(["segments", "-", "--format", "json"], capsys)
    assert code == 0
    doc = json.loads(out)["documents"][0]
    assert doc["source"] == "-" and doc["format"] == "html"


def test_python_dash_m(tmp_path):
    page = tmp_path / "news.html"
    page.write_text(PAGE, encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "auditor", "segments", str(page), "--format", "json"],
                          capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["documents"][0]["language"] == "zh-Hans"


SCRAPE = ("- [Home](https://example.com/)\n- [News](https://example.com/news/)\n- [Contact](https://example.com/c/)\n\n"
          "# Example Bio announces results\n\nExample Bio today announced results of its Phase 3 trial.\n")


def test_format_and_reason_in_text_and_json(tmp_path, capsys):
    page = tmp_path / "scrape.txt"
    page.write_text(SCRAPE, encoding="utf-8")
    code, out = run_cli(["segments", str(page)], capsys)
    assert code == 0
    assert "  markdown  utf-8" in out and "read as markdown: content: Markdown cues:" in out
    code, out = run_cli(["segments", str(page), "--format", "json"], capsys)
    doc = json.loads(out)["documents"][0]
    assert list(doc)[:4] == ["source", "format", "encoding", "language"]  # existing keys unchanged
    assert doc["format"] == "markdown" and "extension .txt overruled" in doc["format_reason"]


@pytest.mark.parametrize("command", ["segments", "check"])
def test_input_format_option_forces_the_parser(tmp_path, command):
    page = tmp_path / "scrape.txt"
    page.write_text(SCRAPE, encoding="utf-8")
    args = [command, str(page), "--input-format", "text", "--format", "json"]
    if command == "check":
        args += ["--segments", "--no-config", "--audit-date", "2026-11-21"]
    # A new process: an in-process `check` would import the audit modules before other tests patch them.
    proc = subprocess.run([sys.executable, "-m", "auditor", *args], capture_output=True, text=True, cwd=ROOT)
    doc = json.loads(proc.stdout)["documents"][0]
    assert doc["format"] == "text" and doc["format_reason"] == "option: --input-format text"
    proc = subprocess.run([sys.executable, "-m", "auditor", command, str(page), "--input-format", "pdf"],
                          capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 2 and "--input-format" in proc.stderr


def test_input_format_from_configuration(tmp_path, capsys, monkeypatch):
    page = tmp_path / "scrape.txt"
    page.write_text(SCRAPE, encoding="utf-8")
    (tmp_path / "auditor.toml").write_text('input-format = "text"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, out = run_cli(["segments", "scrape.txt", "--format", "json"], capsys)
    doc = json.loads(out)["documents"][0]
    assert doc["format"] == "text" and doc["format_reason"].startswith("option: input-format in ")
    assert "auditor.toml:1" in doc["format_reason"]
    # the command line wins over the file
    code, out = run_cli(["segments", "scrape.txt", "--format", "json", "--input-format", "auto"], capsys)
    assert json.loads(out)["documents"][0]["format"] == "markdown"
    (tmp_path / "auditor.toml").write_text('input-format = "pdf"\n', encoding="utf-8")
    assert main(["segments", "scrape.txt"]) == 2
    assert "input-format" in capsys.readouterr().err
