"""The reasons a page could not be read are translated like the other built-in texts
(auditor/rules/builtin.py, the gettext catalogue); English output stays as it was."""
from __future__ import annotations

import ast
import io
import json
import re
import zipfile

import pytest

from auditor.cli import main
from auditor.i18n import gettext_for
from auditor.rules.builtin import INPUT_ERROR, INPUT_ERROR_FILE_KINDS, INPUT_ERROR_REASONS, INPUT_ERROR_WRAPPERS
from auditor.rules.input_error import translate_input_error
from tests.conftest import ROOT


@pytest.mark.parametrize("locale", ["zh-Hans", "zh-Hant"])
def test_every_reason_has_a_translation_with_the_same_fields(locale):
    _ = gettext_for(locale)
    for template in INPUT_ERROR_REASONS + INPUT_ERROR_WRAPPERS + INPUT_ERROR_FILE_KINDS:
        translated = _(template)
        assert translated != template, template
        assert sorted(re.findall(r"\{\w+\}", translated)) == sorted(re.findall(r"\{\w+\}", template)), template
    assert set(INPUT_ERROR["title"]) == set(INPUT_ERROR["message"]) == set(INPUT_ERROR["fix"]) == {
        "en", "zh-Hans", "zh-Hant"}


def test_every_kind_of_binary_file_the_decoder_names_is_in_the_catalogue():
    tree = ast.parse((ROOT / "auditor" / "read" / "decode.py").read_text(encoding="utf-8"))
    named = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") in ("_MAGIC", "_RIFF"):
            named |= {c.value for c in ast.walk(node.value) if isinstance(c, ast.Constant) and isinstance(c.value, str)}
        if isinstance(node, ast.FunctionDef) and node.name == "_sniff_binary":
            named |= {r.value.value for r in ast.walk(node)
                      if isinstance(r, ast.Return) and isinstance(r.value, ast.Constant) and r.value.value}
    assert len(named) > 20 and named == set(INPUT_ERROR_FILE_KINDS)
    assert translate_input_error("binary file (looks like an SQLite database), not a web page", "zh-Hant") == (
        "二進位檔（看起來是 SQLite 資料庫），不是網頁")


def test_translation_keeps_names_and_system_messages_and_leaves_unknown_text_alone():
    text = "site/a.zip: member 'p.html': compressed data is damaged (invalid block type)"
    assert translate_input_error(text, "zh-Hans") == "site/a.zip：成员 'p.html'：压缩数据已损坏（invalid block type）"
    assert translate_input_error("-: no standard input", "zh-Hant") == "-：沒有標準輸入"
    nested = ("x.html.gz: a gz-compressed file that cannot be decompressed (truncated or corrupt): "
              "compressed data is truncated (ended early)")
    assert translate_input_error(nested, "zh-Hans") == "x.html.gz：无法解压的 gz 压缩文件（被截断或已损坏）：压缩数据被截断（ended early）"
    assert translate_input_error("something no template knows", "zh-Hans") == "something no template knows"
    assert translate_input_error(nested, "en") == nested


def _input_errors(capsys, folder, locale):
    rc = main(["check", "--no-config", "--format", "json", "--audit-date", "2026-11-21", "--locale", locale,
               str(folder)])
    out = json.loads(capsys.readouterr().out)
    assert rc == 1
    return sorted((f["title"], f["message"], f["fix"]) for d in out["documents"] for f in d["findings"]
                  if f["category"] == "input-error")


def test_unreadable_pages_are_reported_in_the_output_language(tmp_path, capsys):
    (tmp_path / "report.html").write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("news.html", "<p>news</p>" * 200)
    (tmp_path / "site.zip").write_bytes(buf.getvalue()[:60])  # cut inside the first member
    en = _input_errors(capsys, tmp_path, "en")
    assert [m for _, m, _ in en] == [
        f"Could not audit this page: {tmp_path / 'site.zip'}: zip archive truncated in member 'news.html' "
        "after 0 complete members",
        "Could not audit this page: binary file (looks like a PDF document), not a web page"]
    assert {t for t, _, _ in en} == {"Input error"}
    zh = _input_errors(capsys, tmp_path, "zh-Hans")
    assert [m for _, m, _ in zh] == [
        f"无法审核此页面：{tmp_path / 'site.zip'}：zip 归档在 0 个完整成员之后、成员 'news.html' 中被截断",
        "无法审核此页面：二进制文件（看起来是 PDF 文档），不是网页"]
    assert {(t, f) for t, _, f in zh} == {("输入错误", INPUT_ERROR["fix"]["zh-Hans"])}
