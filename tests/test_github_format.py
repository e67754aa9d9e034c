"""GitHub Actions workflow-command output (--format github)."""
from __future__ import annotations

import re

from auditor.cli import main
from auditor.model.document import Finding
from auditor.report.github import command, escape_data, escape_property
from tests.test_waivers import ABSOLUTE, AUDIT_DATE, RULE, write, zh_release


def test_escaping_as_github_documents():
    assert escape_data("50% of\r\nlines") == "50%25 of%0D%0Alines"
    assert escape_property("a,b:c%\n") == "a%2Cb%3Ac%25%0A"
    assert escape_data("a,b:c") == "a,b:c"  # message data keeps : and ,


def test_command_shape():
    f = Finding(rule="cn-pharma/absolute-terms", category="absolute-claim", severity="info", message="'最好', 100%: x",
                line=7, column=3, segment=None, evidence="最好", start=0, end=2, fix="Remove it.\nOr source it.")
    assert command(f, "zh/a,b:c.html") == (
        "::notice file=zh/a%2Cb%3Ac.html,line=7,col=3,title=cn-pharma/absolute-terms::"
        "'最好', 100%25: x%0ARemove it.%0AOr source it.")


def test_github_output_end_to_end(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "site/zh/nwb-2207.html", zh_release(False, body=ABSOLUTE))
    write(tmp_path / "site/zh/booth.html", zh_release(False, before_title=(
        "<!-- auditor-disable-next-line unapproved-disclaimer-missing -- 展台页面 approver=MLR -->\n")))
    rc = main(["check", "--no-config", "--audit-date", AUDIT_DATE, "--format", "github", "site"])
    out = capsys.readouterr().out.splitlines()
    assert rc == 1
    cmds = [line for line in out if line.startswith("::")]
    assert len(cmds) == 3  # the waived finding is not annotated
    pat = re.compile(r"^::(error|warning|notice) file=([^,]+),line=(\d+),col=(\d+),title=([^:]+)::(.+)$")
    parsed = [pat.match(c) for c in cmds]
    assert all(parsed)
    assert {(m.group(1), m.group(2), m.group(5)) for m in parsed} == {
        ("error", "site/zh/nwb-2207.html", RULE),
        ("warning", "site/zh/nwb-2207.html", "cn-pharma/absolute-terms"),
    }
    assert all("\n" not in c and "\r" not in c for c in cmds)
    assert out[-1] == "auditor: 3 findings (1 error, 2 warnings) in 2 pages; 1 waived"
