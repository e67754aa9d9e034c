"""The pre-commit hook, run by the real pre-commit against a site repository.

The hook repository is a clone of this repository's committed HEAD when HEAD has
.pre-commit-hooks.yaml (what a team gets from ``rev:``); otherwise (before the hooks
file is committed) a snapshot of the work tree committed in a temporary repository.
pre-commit installs the hook's Python environment with pip from that local repository,
so the run needs the package registry for dependencies and nothing else.
Set AUDITOR_PRECOMMIT_SNAPSHOT=1 to test the work tree even when HEAD has the hooks file.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.test_waivers import AUDIT_DATE, write, zh_release

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

GIT_ENV = {"GIT_AUTHOR_NAME": "Web Team", "GIT_AUTHOR_EMAIL": "web@northwind-bio.example",
           "GIT_COMMITTER_NAME": "Web Team", "GIT_COMMITTER_EMAIL": "web@northwind-bio.example",
           "GIT_CONFIG_NOSYSTEM": "1"}


def git(cwd, *args, home: Path) -> str:
    env = {**os.environ, **GIT_ENV, "GIT_CONFIG_GLOBAL": str(home / "gitconfig")}
    p = subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True)
    assert p.returncode == 0, f"git {' '.join(args)}: {p.stderr}"
    return p.stdout


def pre_commit_cmd() -> list[str]:
    exe = Path(sys.executable).with_name("pre-commit")
    if exe.exists():
        return [str(exe)]
    try:
        import pre_commit  # noqa: F401
    except ImportError:
        pytest.skip("pre-commit is not installed")
    return [sys.executable, "-m", "pre_commit"]


def hook_repository(tmp: Path, home: Path) -> tuple[Path, str]:
    """A git repository with .pre-commit-hooks.yaml committed, and the commit to use."""
    dest = tmp / "auditor-hooks"
    committed = subprocess.run(["git", "cat-file", "-e", "HEAD:.pre-commit-hooks.yaml"], cwd=ROOT,
                               capture_output=True).returncode == 0
    if committed and not os.environ.get("AUDITOR_PRECOMMIT_SNAPSHOT"):
        git(tmp, "clone", "-q", "--no-hardlinks", str(ROOT), str(dest), home=home)
    else:
        files = git(ROOT, "ls-files", "-z", "--cached", "--others", "--exclude-standard", home=home).split("\0")
        for name in filter(None, files):
            src = ROOT / name
            if name.startswith(("test-artifacts/", ".ci-venv/")):
                continue
            target = dest / name
            if src.is_symlink():  # auditor/bundled_rulesets -> ../rulesets
                target.parent.mkdir(parents=True, exist_ok=True)
                os.symlink(os.readlink(src), target)
            elif src.is_file():
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(src, target)
        git(dest, "init", "-q", home=home)
        git(dest, "add", "-A", home=home)
        git(dest, "commit", "-q", "-m", "work tree snapshot", home=home)
    assert (dest / ".pre-commit-hooks.yaml").is_file()
    return dest, git(dest, "rev-parse", "HEAD", home=home).strip()


def test_pre_commit_hook_fails_bad_page_and_passes_clean_page(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    (home / "gitconfig").write_text("[init]\n\tdefaultBranch = main\n", encoding="utf-8")
    hooks, rev = hook_repository(tmp_path, home)
    site = tmp_path / "site"
    site.mkdir()
    git(site, "init", "-q", home=home)
    write(site / "zh/news/nwb-2207-wclc.html", zh_release(False))
    write(site / "zh/news/nwb-2207-btd.html", zh_release(True))
    write(site / "assets/app.js", "console.log('not a page: NWB-2207');\n")
    write(site / ".pre-commit-config.yaml", f"""\
repos:
  - repo: {hooks}
    rev: {rev}
    hooks:
      - id: auditor
        args: [--audit-date, "{AUDIT_DATE}"]
""")
    git(site, "add", "-A", home=home)
    # The user's HOME stays (pip's download cache), but not their git configuration.
    env = {**os.environ, **GIT_ENV, "GIT_CONFIG_GLOBAL": str(home / "gitconfig"),
           "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-cache"), "NO_COLOR": "1", "PRE_COMMIT_COLOR": "never"}
    env.pop("VIRTUAL_ENV", None)

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([*pre_commit_cmd(), "run", *args], cwd=site, env=env, capture_output=True,
                              text=True, encoding="utf-8", timeout=900)

    p = run("--all-files")
    out = p.stdout + p.stderr
    assert p.returncode == 1, out
    assert "zh/news/nwb-2207-wclc.html" in out and "cn-pharma/unapproved-product-disclaimer" in out
    assert "nwb-2207-btd.html:" not in out and "app.js" not in out

    p = run("--files", "zh/news/nwb-2207-btd.html")
    assert p.returncode == 0, p.stdout + p.stderr
    assert "Passed" in p.stdout
