"""Configuration files (auditor/gate/config.py) and `auditor config`."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from auditor.cli import main
from auditor.gate.config import COMMAND_LINE, DEFAULT, ConfigError, find_config, load_config
from tests.test_waivers import ABSOLUTE, MISSING, write, zh_release

AUDITOR_TOML = """\
# auditor settings for the Northwind China site
profile = "northwind"
fail-on = "warning"
locale = "zh-Hans"
audit-date = 2026-09-10
select = ["unapproved-disclaimer-missing", "absolute-claim"]
exclude = ["site/drafts/"]
waiver-file = "compliance/waivers.yaml"
baseline = "compliance/auditor-baseline.json"

[[overrides]]
paths = ["site/en/**"]
ignore = ["absolute-claim"]
"""


def test_discovery_upwards_and_precedence(tmp_path):
    sub = tmp_path / "site" / "news"
    sub.mkdir(parents=True)
    assert find_config(sub) is None
    write(tmp_path / "pyproject.toml", '[project]\nname = "site"\n')  # no [tool.auditor]: passed over
    assert find_config(sub) is None
    write(tmp_path / "pyproject.toml", '[project]\nname = "site"\n\n[tool.auditor]\nfail-on = "info"\n')
    assert find_config(sub) == tmp_path / "pyproject.toml"
    write(tmp_path / "auditor.toml", 'fail-on = "warning"\n')
    assert find_config(sub) == tmp_path / "auditor.toml"  # auditor.toml wins in the same folder
    write(tmp_path / "site" / "pyproject.toml", '[tool.auditor]\nfail-on = "error"\n')
    assert find_config(sub) == tmp_path / "site" / "pyproject.toml"  # the nearest wins


def test_values_origins_and_relative_paths(tmp_path):
    cfg_path = write(tmp_path / "auditor.toml", AUDITOR_TOML)
    sub = tmp_path / "site" / "zh"
    sub.mkdir(parents=True)
    cfg = load_config({}, start=sub)
    assert cfg.path == cfg_path and cfg.root == tmp_path
    assert cfg["profile"] == "northwind"  # a bundled name stays a name
    assert cfg["fail-on"] == "warning" and cfg["locale"] == "zh-Hans"
    assert cfg["audit-date"] == dt.date(2026, 9, 10)
    assert cfg["select"] == [MISSING, "absolute-claim"]
    assert cfg["waiver-file"] == str(tmp_path / "compliance" / "waivers.yaml")  # relative to the file
    assert cfg["baseline"] == str(tmp_path / "compliance" / "auditor-baseline.json")
    assert cfg.origin("fail-on") == f"{cfg_path}:3"
    assert cfg.origin("ruleset") == DEFAULT
    # Flags override the file.
    cfg = load_config({"fail-on": "error", "select": ["absolute-claim"]}, start=sub)
    assert cfg["fail-on"] == "error" and cfg.origin("fail-on") == COMMAND_LINE
    assert cfg["select"] == ["absolute-claim"]
    # Overrides apply to matching paths (relative to the file), ignore adds.
    en = cfg.for_path(str(tmp_path / "site/en/news/a.html"))
    zh = cfg.for_path(str(tmp_path / "site/zh/news/a.html"))
    assert en.ignore == ("absolute-claim",) and zh.ignore == ()
    assert cfg.excluded(str(tmp_path / "site/drafts/x.html")) and not cfg.excluded(str(tmp_path / "site/zh/x.html"))


def test_pyproject_table_and_profile_file(tmp_path):
    write(tmp_path / "pyproject.toml", '[project]\nname = "x"\n\n[tool.auditor]\nprofile = "profiles/acme.yaml"\n'
                                       'ruleset = ["rules/acme"]\n\n[[tool.auditor.overrides]]\npaths = ["hk/**"]\n'
                                       'fail-on = "info"\n')
    cfg = load_config({}, start=tmp_path)
    assert cfg["profile"] == str(tmp_path / "profiles" / "acme.yaml")
    assert cfg["ruleset"] == [str(tmp_path / "rules" / "acme")]
    assert cfg.origin("profile") == f"{tmp_path / 'pyproject.toml'}:5"
    assert cfg.overrides[0].origin == f"{tmp_path / 'pyproject.toml'}:8"
    assert cfg.for_path(str(tmp_path / "hk/a.html")).fail_on == "info"


@pytest.mark.parametrize("text, words", [
    ('fail_on = "warning"\n', ["unknown key 'fail_on'", "did you mean 'fail-on'", "auditor.toml:1"]),
    ('colour = true\n', ["unknown key 'colour'", "auditor.toml"]),
    ('fail-on = "critical"\n', ["fail-on", "auditor.toml:1", "error, warning, info"]),
    ('select = 3\n', ["select", "auditor.toml:1", "a string or a list of strings"]),
    ('audit-date = "next week"\n', ["audit-date", "YYYY-MM-DD"]),
    ('report-unused-suppressions = "yes"\n', ["report-unused-suppressions", "true or false"]),
    ('[[overrides]]\nignore = ["absolute-claim"]\n', ["overrides", "paths"]),
    ('[[overrides]]\npaths = ["zh/**"]\nlocale = "en"\n', ["unknown key 'locale'", "auditor.toml:3"]),
    ('fail-on = "error\n', ["invalid TOML"]),
])
def test_bad_config_is_exit_2(tmp_path, capsys, monkeypatch, text, words):
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "auditor.toml", text)
    write(tmp_path / "a.html", zh_release(True))
    with pytest.raises(ConfigError):
        load_config({})
    assert main(["check", "a.html"]) == 2
    err = capsys.readouterr().err
    for w in words:
        assert w in err


def test_check_uses_the_file(tmp_path, capsys, monkeypatch):
    """fail-on, select and per-path ignore from auditor.toml drive the exit code and findings."""
    write(tmp_path / "auditor.toml", AUDITOR_TOML.replace('waiver-file = "compliance/waivers.yaml"\n', "")
          .replace('baseline = "compliance/auditor-baseline.json"\n', ""))
    write(tmp_path / "site/zh/news.html", zh_release(True, body=ABSOLUTE))
    write(tmp_path / "site/en/news.html", zh_release(True, body=ABSOLUTE))
    write(tmp_path / "site/drafts/wip.html", zh_release(False))
    monkeypatch.chdir(tmp_path / "site")  # found from a subfolder
    rc = main(["check", ".", "--format", "json"])
    out = json.loads(capsys.readouterr().out)
    docs = {d["source"]: d for d in out["documents"]}
    docs = {d.removeprefix("./"): v for d, v in docs.items()}
    assert sorted(docs) == ["en/news.html", "zh/news.html"]  # drafts excluded
    assert [f["category"] for f in docs["zh/news.html"]["findings"]] == ["absolute-claim", "absolute-claim"]
    assert docs["en/news.html"]["findings"] == []  # ignored by the override
    assert "最" in docs["zh/news.html"]["findings"][0]["evidence"]
    assert rc == 1  # fail-on = "warning" from the file
    assert main(["check", ".", "--fail-on", "error"]) == 0  # the flag wins
    capsys.readouterr()
    # --exclude replaces the file's exclude: drafts come back, zh goes.
    main(["check", ".", "--exclude", "zh/", "--format", "json"])
    out = json.loads(capsys.readouterr().out)
    assert sorted(d["source"].removeprefix("./") for d in out["documents"]) == ["drafts/wip.html", "en/news.html"]
    assert main(["check", ".", "--no-config", "--audit-date", "2026-09-10"]) == 1  # drafts/wip.html fails
    capsys.readouterr()


def test_auditor_config_command(tmp_path, capsys, monkeypatch):
    cfg_path = write(tmp_path / "auditor.toml", AUDITOR_TOML)
    monkeypatch.chdir(tmp_path)
    assert main(["config", "--locale", "en"]) == 0
    out = capsys.readouterr().out
    assert f"configuration file: {cfg_path}" in out
    lines = {line.split("=")[0].strip(): line for line in out.splitlines() if "=" in line and not line.startswith("#")}
    assert f"({cfg_path}:3)" in lines["fail-on"]
    assert "(command line)" in lines["locale"]
    assert "(default)" in lines["ruleset"]
    assert f"({cfg_path}:11)" in out  # the [[overrides]] entry
    assert main(["config", "site/en/a.html", "--format", "json"]) == 0
    obj = json.loads(capsys.readouterr().out)
    assert obj["settings"]["fail-on"] == {"value": "warning", "origin": f"{cfg_path}:3"}
    assert obj["settings"]["audit-date"]["value"] == "2026-09-10"
    assert obj["for_path"]["ignore"] == ["absolute-claim"] and obj["for_path"]["overrides"] == [1]


def test_explicit_config_file(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "ci" / "strict.toml", 'fail-on = "info"\n')
    cfg = load_config({}, config_file="ci/strict.toml")
    assert cfg["fail-on"] == "info" and cfg.path == (tmp_path / "ci" / "strict.toml")
    assert main(["check", "x.html", "--config", "missing.toml"]) == 2
    assert "missing.toml" in capsys.readouterr().err


def test_misspelt_rule_names_are_errors(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "a.html", zh_release(True))
    assert main(["check", "a.html", "--ignore", "absolut-claim"]) == 2
    assert "command line: ignore: unknown rule, category or ruleset 'absolut-claim'" in capsys.readouterr().err
    write(tmp_path / "auditor.toml", '[[overrides]]\npaths = ["zh/**"]\nselect = ["cn-pharma/absolute-terms", "fls-mising"]\n')
    assert main(["check", "a.html"]) == 2
    assert f"{tmp_path / 'auditor.toml'}:3: select: unknown rule, category or ruleset 'fls-mising'" in capsys.readouterr().err
    write(tmp_path / "auditor.toml", 'select = ["cn-pharma", "absolute-terms", "fls-missing"]\nignore = ["auditor/unused-waiver"]\n')
    assert main(["check", "a.html", "--audit-date", "2026-09-10"]) == 0
