"""Start-up does not regress: what `auditor check` loads for one English page, and what
`auditor --version` loads. Heavy dependencies load only when a page or option needs them."""
from __future__ import annotations

import json
import os
import subprocess
import sys

from tests.conftest import ROOT

ENGLISH = ("<html lang='en'><body><nav><a href='/'>Home</a></nav><main><h1>News</h1>"
           "<p>July 1, 2026 - We expect the trial to complete in 2027.</p></main></body></html>")

# Loaded only when needed: Chinese tokens, language guessing beyond the scripts, batch and
# Dask engines, the HTML report, YAML and JSON Schema (the rulesets come from the cache once
# validated), Babel's locale data (English messages need none), archives and databases.
NOT_FOR_AN_ENGLISH_PAGE = ("jieba", "langdetect", "hanzidentifier", "dask", "distributed", "babel", "yaml",
                           "jsonschema", "sqlite3", "zipfile", "tarfile", "playwright",
                           "auditor.batch", "auditor.report.html", "auditor.rules.testing", "auditor.sources.warc",
                           "auditor.sources.archives",
                           # the other commands, TOML (no configuration file here), baselines
                           "auditor.commands.scan", "auditor.commands.segments", "auditor.commands.rules",
                           "auditor.commands.report", "auditor.commands.config", "tomllib", "tomli", "hashlib",
                           "auditor.gate.baseline")

# The number of modules a warm `auditor check page.html` loads (209 at the time of writing,
# standard library included); a regression of more than a few modules fails.
MODULE_BUDGET = 218

PROBE = """
import contextlib, io, json, sys
from auditor.cli import main
with contextlib.redirect_stdout(io.StringIO()):
    rc = main(sys.argv[1:])
print(json.dumps({"rc": rc, "modules": sorted(sys.modules)}))
"""


def _modules(args, env) -> tuple[int, list[str]]:
    done = subprocess.run([sys.executable, "-c", PROBE, *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout.strip().splitlines()[-1])
    return out["rc"], out["modules"]


def _loaded(modules, name) -> bool:
    return any(m == name or m.startswith(name + ".") for m in modules)


def test_check_of_an_english_page_loads_little(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(ENGLISH, encoding="utf-8")
    env = dict(os.environ, AUDITOR_CACHE_DIR=str(tmp_path / "cache"), AUDITOR_NO_CACHE="0")
    args = ["check", str(page), "--format", "json", "--audit-date", "2026-11-21"]
    _modules(args, env)  # the first run fills the cache
    rc, modules = _modules(args, env)
    assert rc in (0, 1)
    assert [m for m in NOT_FOR_AN_ENGLISH_PAGE if _loaded(modules, m)] == []
    assert len(modules) <= MODULE_BUDGET, f"{len(modules)} modules at start-up (budget {MODULE_BUDGET})"


def test_a_text_report_loads_no_json(tmp_path):
    # json is imported by the JSON writer and `auditor config` only; a check that prints the
    # text report (the default) of an English or a Chinese page never needs it
    env = dict(os.environ, AUDITOR_CACHE_DIR=str(tmp_path / "cache"), AUDITOR_NO_CACHE="0")
    for name, html in (("en.html", ENGLISH), ("zh.html", CHINESE)):
        page = tmp_path / name
        page.write_text(html, encoding="utf-8")
        args = ["check", str(page), "--audit-date", "2026-11-21"]
        for _ in range(2):  # the first run fills the cache
            done = subprocess.run([sys.executable, "-c", PLAIN_PROBE, *args], cwd=ROOT, env=env, capture_output=True,
                                  text=True, timeout=120)
            assert done.returncode == 0, done.stderr
        rc, *modules = done.stdout.split()[-1].split(",")
        assert rc in ("0", "1")
        assert not _loaded(modules, "json"), name


PLAIN_PROBE = """
import contextlib, io, sys
from auditor.cli import main
with contextlib.redirect_stdout(io.StringIO()):
    rc = main(sys.argv[1:])
print(",".join([str(rc), *sorted(sys.modules)]))
"""


def test_version_loads_no_command():
    code = ("import sys\nfrom auditor.cli import main\nrc = main(['--version'])\n"
            "print(rc, sorted(m for m in sys.modules if m.startswith('auditor')))")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    from auditor import __version__

    assert done.stdout.splitlines() == [f"auditor {__version__}",
                                        "0 " + str(["auditor", "auditor.cli", "auditor.support", "auditor.support.errors"])]
    # the same answer as argparse's --version action gives when other arguments follow
    done = subprocess.run([sys.executable, "-m", "auditor", "--version", "check"], cwd=ROOT, capture_output=True,
                          text=True, timeout=60)
    assert (done.returncode, done.stdout) == (0, f"auditor {__version__}\n")


def _parse(parser, argv):
    import contextlib
    import io

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            ns = parser.parse_args(argv)
            code = None
        except SystemExit as exc:
            ns, code = None, exc.code
    return code, out.getvalue(), err.getvalue(), sorted(vars(ns).items(), key=str) if ns else None


def test_a_command_alone_parses_as_the_full_parser(monkeypatch):
    """`auditor check ...` builds check's parser only: the same values, help and errors."""
    from auditor import cli

    monkeypatch.setenv("COLUMNS", "100")
    cases = [["check", "--help"], ["scan", "--help"], ["rules", "list", "--help"], ["check"],
             ["check", "--bogus", "page.html"], ["check", "page.html", "--format", "nope"],
             ["check", "a.html", "b.html", "--format", "json", "--fail-on", "warning"],
             ["scan", "site/", "--jobs", "2", "--out", "x.jsonl"], ["segments", "p.md", "--format", "json"],
             ["config"], ["report", "x.jsonl", "-o", "r.html"]]
    for argv in cases:
        alone, full = _parse(cli.build_parser(argv[0]), argv), _parse(cli.build_parser(), argv)
        # a parsed `run` is the same function; compare the rest
        assert [(k, v) for k, v in (alone[3] or []) if k != "run"] == [(k, v) for k, v in (full[3] or []) if k != "run"]
        assert alone[:3] == full[:3], argv


def test_help_width_is_argparses(monkeypatch):
    """The parser's help is as wide as argparse's own (shutil's terminal size), which
    `auditor check` no longer imports."""
    import shutil

    from auditor import cli

    for columns in ("100", "61", "", "junk"):
        monkeypatch.setenv("COLUMNS", columns)
        assert cli._columns() == shutil.get_terminal_size().columns, columns


CHINESE = ("<html lang='zh-CN'><body><main><h1>新闻</h1><p>2026年7月1日，本公司宣布ABC-1234为在研药物，"
           "尚未在中国大陆获批准。</p></main></body></html>")

UNDOCUMENTED = """
import contextlib, dataclasses, io, sys
from auditor.cli import main
for page in sys.argv[1:]:
    with contextlib.redirect_stdout(io.StringIO()):
        main(["check", page, "--format", "json", "--audit-date", "2026-11-21"])
print(sorted(f"{m.__name__}.{c.__qualname__}" for m in list(sys.modules.values())
             if (getattr(m, "__name__", "") or "").startswith("auditor")
             for c in vars(m).values() if isinstance(c, type) and dataclasses.is_dataclass(c)
             and c.__module__ == m.__name__ and (c.__doc__ or "").startswith(c.__name__ + "(")))
"""


def test_the_dataclasses_a_check_loads_have_docstrings(tmp_path):
    # @dataclass writes a docstring with inspect.signature for a class without one: about
    # 0.2 ms a class at every start-up
    pages = []
    for name, html in (("en.html", ENGLISH), ("zh.html", CHINESE)):
        pages.append(tmp_path / name)
        pages[-1].write_text(html, encoding="utf-8")
    env = dict(os.environ, AUDITOR_CACHE_DIR=str(tmp_path / "cache"), AUDITOR_NO_CACHE="0")
    done = subprocess.run([sys.executable, "-c", UNDOCUMENTED, *map(str, pages)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "[]"


ENDING = """
import atexit, os, sys, threading, time, types
from auditor.cli import entry
class Noisy:
    def __del__(self):  # runs when the interpreter tears its modules down
        os.write(2, b"torn down\\n")
probe = types.ModuleType("teardown_probe")  # (only sys.modules holds it: freed at teardown)
probe.keep = Noisy()
sys.modules[probe.__name__] = probe
del probe
atexit.register(lambda: (sys.stderr.write("atexit ran\\n"), sys.stdout.write(" after")))  # (flushed after)
if "--thread" in sys.argv:  # a thread still running when the command returns
    sys.argv.remove("--thread")
    import auditor.cli
    command = auditor.cli.main
    def command_then_thread():
        code = command()
        threading.Thread(target=lambda: (time.sleep(0.2), os.write(2, b"thread done\\n"))).start()
        return code
    auditor.cli.main = command_then_thread
sys.argv = ["auditor", *sys.argv[1:]]
sys.stdout.write("before ")  # still buffered when the command ends
sys.exit(entry())
"""


def _ending(args, tmp_path):
    env = dict(os.environ, AUDITOR_CACHE_DIR=str(tmp_path / "cache"))
    env.pop("PYTHONUNBUFFERED", None)  # (standard output buffered, as it usually is)
    return subprocess.run([sys.executable, "-c", ENDING, *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=120)


def test_a_check_ends_the_process_at_once_after_what_an_exit_shows(tmp_path):
    """After `check`, the process ends without tearing the interpreter down (cli.entry),
    once the atexit functions have run and the output is flushed; the exit code is
    check's."""
    page = tmp_path / "page.html"
    page.write_text(ENGLISH, encoding="utf-8")
    args = ["check", str(page), "--format", "json", "--audit-date", "2026-11-21"]
    done = _ending(args, tmp_path)
    assert done.returncode in (0, 1), done.stderr
    assert done.stderr.splitlines() == ["atexit ran"]  # not torn down
    assert done.stdout.startswith("before {") and done.stdout.endswith(" after")
    out = json.loads(done.stdout[len("before "):-len(" after")])
    # the same report and exit code as main() gives in this process
    import contextlib
    import io

    from auditor.cli import main

    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        rc = main(args)
    assert (done.returncode, out) == (rc, json.loads(buf.getvalue()))
    # a report written to a file is complete
    report = tmp_path / "report.json"
    done = _ending([*args, "--output", str(report)], tmp_path)
    assert done.stderr.splitlines() == ["atexit ran"]
    assert json.loads(report.read_text(encoding="utf-8")) == out


def test_other_commands_and_running_threads_take_the_ordinary_exit(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(ENGLISH, encoding="utf-8")
    done = _ending(["segments", str(page), "--format", "json"], tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stderr.splitlines() == ["atexit ran", "torn down"]
    # a thread still running: the interpreter waits for it, then tears down
    done = _ending(["check", str(page), "--audit-date", "2026-11-21", "--thread"], tmp_path)
    assert done.returncode in (0, 1), done.stderr
    assert done.stderr.splitlines() == ["thread done", "atexit ran", "torn down"]


def test_the_console_script_and_python_m_use_entry():
    import tomllib

    from auditor import cli

    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]
    assert scripts["auditor"] == "auditor.cli:entry"
    assert "sys.exit(entry())" in (ROOT / "auditor" / "__main__.py").read_text(encoding="utf-8")
    assert cli.ENDS_AT_ONCE == {"check"}
