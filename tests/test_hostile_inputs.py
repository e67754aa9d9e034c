"""Hostile input (issue 13): files written to exhaust time, memory or the stack, or to
break out of a report. Each case is generated small here; every one must end in a clear
message naming the file (and line or field) and exit 2, never a traceback or a hang."""
from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

from auditor.cli import main

BUNDLED = Path(__file__).resolve().parents[1] / "auditor" / "bundled_rulesets" / "cn-pharma"

ALIAS_BOMB = "name: x\na: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"{c}: &{c} [{', '.join(['*' + p] * 9)}]\n" for p, c in zip("abcdefgh", "bcdefghi")
)
RECURSIVE_ALIAS = "name: &x [*x]\n"
DEEP = "name: " + "[" * 50_000 + "]" * 50_000 + "\n"
NUL = "name: x\ndescription: a\x00b\n"


def page(tmp_path: Path) -> Path:
    p = tmp_path / "page.html"
    p.write_text("<html><body><p>hello</p></body></html>", encoding="utf-8")
    return p


def run(capsys, *args: str) -> tuple[int, str, str]:
    rc = main(["check", "--no-config", "--audit-date", "2026-09-10", *args])
    cap = capsys.readouterr()
    return rc, cap.out, cap.err


def assert_usage_error(rc: int, err: str, *needles: str) -> None:
    assert rc == 2, err
    assert "Traceback" not in err
    assert err.startswith("auditor: error: "), err
    for n in needles:
        assert n in err, err


HOSTILE_YAML = [
    ("alias-bomb", ALIAS_BOMB, ":3: invalid YAML: aliases"),
    ("recursive-alias", RECURSIVE_ALIAS, ":1: invalid YAML: aliases"),
    ("deep", DEEP, ":1: invalid YAML:"),
    ("nul", NUL, ":2: invalid YAML: control character U+0000"),
]


@pytest.mark.parametrize("name,text,needle", HOSTILE_YAML, ids=[h[0] for h in HOSTILE_YAML])
def test_hostile_yaml_profile_is_refused_fast(tmp_path, capsys, name, text, needle):
    prof = tmp_path / f"{name}.yaml"
    prof.write_text(text, encoding="utf-8")
    t0 = time.perf_counter()
    rc, _, err = run(capsys, "--profile", str(prof), str(page(tmp_path)))
    assert time.perf_counter() - t0 < 2
    assert_usage_error(rc, err, f"{name}.yaml{needle}")


def _ruleset_copy(tmp_path: Path) -> Path:
    rs = tmp_path / "rs"
    shutil.copytree(BUNDLED, rs, ignore=shutil.ignore_patterns("tests"))
    return rs


@pytest.mark.parametrize("name,text,needle", HOSTILE_YAML, ids=[h[0] for h in HOSTILE_YAML])
def test_hostile_yaml_rule_file_is_refused(tmp_path, capsys, name, text, needle):
    rs = _ruleset_copy(tmp_path)
    (rs / "rules" / f"{name}.yaml").write_text(text, encoding="utf-8")
    rc, _, err = run(capsys, "--ruleset", str(rs), str(page(tmp_path)))
    assert_usage_error(rc, err, f"{name}.yaml{needle}")


@pytest.mark.parametrize("name,text,needle", HOSTILE_YAML, ids=[h[0] for h in HOSTILE_YAML])
def test_hostile_yaml_lexicon_is_refused(tmp_path, capsys, name, text, needle):
    rs = _ruleset_copy(tmp_path)
    (rs / "lexicons" / f"{name}.yaml").write_text(text, encoding="utf-8")
    rc, _, err = run(capsys, "--ruleset", str(rs), str(page(tmp_path)))
    assert_usage_error(rc, err, f"{name}.yaml{needle}")


@pytest.mark.parametrize("name,text,needle", HOSTILE_YAML, ids=[h[0] for h in HOSTILE_YAML])
def test_hostile_yaml_waiver_file_is_refused(tmp_path, capsys, name, text, needle):
    w = tmp_path / f"{name}.yaml"
    w.write_text(text, encoding="utf-8")
    rc, _, err = run(capsys, "--waiver-file", str(w), str(page(tmp_path)))
    assert_usage_error(rc, err, f"{name}.yaml{needle}")


def _profile(tmp_path: Path, body: str) -> Path:
    p = tmp_path / "hostile-profile.yaml"
    p.write_text("name: hostile\nmarket: CN\n" + body, encoding="utf-8")
    return p


def test_profile_regexes_run_in_re2_linear_time(tmp_path, capsys):
    """(a+)+b against 32 a's takes hours in Python's re; RE2 answers at once."""
    prof = _profile(tmp_path, "approval_number:\n  pattern: '(a+)+b'\n  near_pattern: '(a+)+c'\n"
                              "dev_code_patterns:\n  - '(a+)+d'\n")
    p = tmp_path / "page.txt"
    p.write_text(("a" * 32 + "\n") * 20, encoding="utf-8")
    t0 = time.perf_counter()
    rc, out, err = run(capsys, "--profile", str(prof), str(p))
    assert time.perf_counter() - t0 < 5
    assert rc in (0, 1), err


@pytest.mark.parametrize("field,body,line", [
    ("approval_number.pattern", "approval_number:\n  pattern: '(?<!x)CN-\\d{6}'\n", 4),
    ("approval_number.near_pattern", "approval_number:\n  pattern: 'CN-\\d{6}'\n  near_pattern: '(a)\\1'\n", 5),
    ("dev_code_patterns[1]", "dev_code_patterns:\n  - 'AB-\\d+'\n  - 'X(?=Y)'\n", 5),
])
def test_profile_regex_re2_cannot_compile_is_refused(tmp_path, capsys, field, body, line):
    prof = _profile(tmp_path, body)
    rc, _, err = run(capsys, "--profile", str(prof), str(page(tmp_path)))
    assert_usage_error(rc, err, f"hostile-profile.yaml:{line}: {field}: invalid regular expression", "RE2")


def test_profile_patterns_keep_their_boundaries_in_re2():
    from auditor.recognize._common import BoundedRe2

    import re

    src = r"CN-\d{6}"
    rx = BoundedRe2(src)
    old = re.compile(rf"(?<![a-z0-9_\-])(?:{src})(?![a-z0-9_]|-[a-z0-9])", re.IGNORECASE)
    text = "cn-123456 xcn-123456 cn-1234567 cn-123456-a cn-123456-, CN-123456_ -cn-654321 cn-111111"
    spans = [(m.start(), m.end()) for m in rx.finditer(text)]
    assert spans == [(m.start(), m.end()) for m in old.finditer(text)]
    assert len(spans) == 3
    for pos in range(len(text)):
        a, b = rx.match(text, pos), old.match(text, pos)
        assert (a and (a.start(), a.end())) == (b and (b.start(), b.end()))


def test_impossible_until_date_in_waiver_file(tmp_path, capsys):
    w = tmp_path / "waivers.yaml"
    w.write_text("- path: '*'\n  rule: cn-pharma\n  reason: reviewed\n  until: 2026-02-30\n", encoding="utf-8")
    rc, _, err = run(capsys, "--waiver-file", str(w), str(page(tmp_path)))
    assert_usage_error(rc, err, "waivers.yaml:4: invalid YAML: '2026-02-30' is not a valid date")


def test_deeply_nested_baseline_json(tmp_path, capsys):
    b = tmp_path / "baseline.json"
    b.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    rc, _, err = run(capsys, "--baseline", str(b), str(page(tmp_path)))
    assert_usage_error(rc, err, "baseline.json: not a baseline file (JSON nested too deeply)")


def _lexicon_yaml(n: int) -> str:
    import random
    import string

    rnd = random.Random(13)
    terms = {"term " + "".join(rnd.choice(string.ascii_lowercase) for _ in range(8)) for _ in range(n)}
    return "en:\n" + "".join(f"  - {t}\n" for t in sorted(terms))


def test_lexicon_of_60k_terms_works(tmp_path, capsys):
    """Beyond RE2's default 8 MiB ("pattern too large"): the lexicon's own memory cap holds it."""
    from auditor.read.lexicon import Lexicon

    import yaml

    terms = yaml.safe_load(_lexicon_yaml(60_000))
    lex = Lexicon("big", terms)
    assert lex.search("we say " + terms["en"][123] + " here")


def test_lexicon_too_large_is_refused_naming_file(tmp_path, capsys, monkeypatch):
    from auditor.read import lexicon

    monkeypatch.setattr(lexicon, "MAX_PATTERN_MEMORY", 1 << 20)
    rs = _ruleset_copy(tmp_path)
    (rs / "lexicons" / "huge.yaml").write_text(_lexicon_yaml(20_000), encoding="utf-8")
    rc, _, err = run(capsys, "--ruleset", str(rs), str(page(tmp_path)))
    assert_usage_error(rc, err, "huge.yaml: lexicon 'huge' is too large", "split it")


def _check_json_subprocess(tmp_path: Path, *args: str):
    """A subprocess with a timeout: a blocking open would hang the test otherwise."""
    import json
    import os
    import subprocess
    import sys

    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[1]))
    proc = subprocess.run([sys.executable, "-m", "auditor", "check", "--no-config", "--format", "json", *args],
                          capture_output=True, text=True, timeout=60, cwd=tmp_path, env=env)
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc.returncode, (json.loads(proc.stdout) if proc.stdout.strip() else {}), proc.stderr


def _input_errors(doc: dict) -> dict:
    return {d["source"]: f["message"] for d in doc.get("documents", []) for f in d.get("findings", [])
            if f["category"] == "input-error"}


@pytest.mark.skipif(not hasattr(__import__("os"), "mkfifo"), reason="needs named pipes")
def test_fifo_on_command_line_and_in_list_file_is_refused_not_blocking(tmp_path):
    import os

    fifo = tmp_path / "pipe.html"
    os.mkfifo(fifo)
    list_fifo = tmp_path / "list-pipe.txt"
    os.mkfifo(list_fifo)
    lst = tmp_path / "pages.txt"
    lst.write_text(f"{fifo}\n{page(tmp_path)}\n", encoding="utf-8")
    t0 = time.perf_counter()
    rc, doc, err = _check_json_subprocess(tmp_path, str(fifo), f"@{lst}", f"@{list_fifo}")
    assert time.perf_counter() - t0 < 30
    errs = _input_errors(doc)
    assert "named pipe (FIFO)" in errs[str(fifo)] and "only regular files are read" in errs[str(fifo)]
    assert "named pipe (FIFO)" in errs[f"@{list_fifo}"]
    assert rc == 1, err  # input errors are error findings; the regular page was audited


def test_directory_scan_does_not_follow_links_out_of_the_folder(tmp_path, capsys):
    import json
    import os

    outside = tmp_path / "secret"
    outside.mkdir()
    (outside / "id_rsa.html").write_text("<p>PRIVATE KEY</p>", encoding="utf-8")
    site = tmp_path / "site"
    site.mkdir()
    page(site)
    os.symlink(outside / "id_rsa.html", site / "leak.html")
    os.symlink(site / "page.html", site / "alias.html")  # inside the folder: read
    rc = main(["check", "--no-config", "--format", "json", str(site)])
    srcs = {d["source"] for d in json.loads(capsys.readouterr().out)["documents"]}
    rc2 = main(["check", "--no-config", "--format", "json", "--follow-links", str(site)])
    srcs2 = {d["source"] for d in json.loads(capsys.readouterr().out)["documents"]}
    assert rc in (0, 1) and rc2 in (0, 1)
    assert str(site / "leak.html") not in srcs and str(site / "alias.html") in srcs
    assert str(site / "leak.html") in srcs2


HOSTILE_NAMES = ("a\n::error file=x::pwned.html", "b\x1b[31m\x07.html", "c\r\x08\x7f\u202e.html")


@pytest.mark.parametrize("fmt", ["text", "github", "csv", "junit", "sarif"])
def test_control_characters_in_file_names_are_escaped_in_reports(tmp_path, capsys, fmt):
    site = tmp_path / "site"
    site.mkdir()
    for name in HOSTILE_NAMES:
        (site / name).write_text("<p>我们是国内最好的肿瘤创新药企业。</p>", encoding="utf-8")
    rc = main(["check", "--no-config", "--format", fmt, "--fail-on", "info", str(site)])
    out = capsys.readouterr().out
    assert rc == 1
    assert out.count("pwned") >= 1
    for bad in ("\x1b", "\x07", "\x08", "\x7f", "\u202e"):
        assert bad not in out, (fmt, bad)
    for line in out.splitlines():
        assert not line.startswith("::error file=x"), line  # no injected workflow command
    if fmt == "junit":
        out = out.replace("&lt;", "<").replace("&gt;", ">")
    if fmt != "sarif":  # SARIF names pages by percent-encoded URI (%0A, %1B)
        assert "<U+000A>" in out and "<U+001B>" in out and "<U+0007>" in out
