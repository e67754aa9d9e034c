"""--changed-since REF: only pages changed since a git ref (auditor/gate/changed.py)."""
from __future__ import annotations

import json
import os
import shutil
import subprocess

import pytest

from auditor.gate.changed import ChangedError, changed_files
from auditor.cli import main
from tests.test_waivers import AUDIT_DATE, MISSING, write, zh_release

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

GIT_ENV = {"GIT_AUTHOR_NAME": "Web Team", "GIT_AUTHOR_EMAIL": "web@northwind-bio.example",
           "GIT_COMMITTER_NAME": "Web Team", "GIT_COMMITTER_EMAIL": "web@northwind-bio.example",
           "GIT_CONFIG_NOSYSTEM": "1", "HOME": ""}


def git(cwd, *args) -> str:
    env = {**os.environ, **GIT_ENV, "HOME": str(cwd)}
    return subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True, text=True).stdout


@pytest.fixture
def repo(tmp_path, monkeypatch):
    git(tmp_path, "init", "-q", "-b", "main")
    write(tmp_path / "site/zh/news/old-nwb-2207.html", zh_release(False))
    write(tmp_path / "site/zh/news/stable.html", zh_release(True))
    write(tmp_path / "site/en/index.html", zh_release(True))
    write(tmp_path / "site/assets/site.css", "body{font-family:'PingFang SC'}\n")
    write(tmp_path / ".gitignore", "build/\n")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-q", "-m", "site export 2026-09-01")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def check(capsys, *args):
    rc = main(["check", "--no-config", "--audit-date", AUDIT_DATE, "--format", "json", *args])
    cap = capsys.readouterr()
    return rc, (json.loads(cap.out) if cap.out.strip() else None), cap.err


def sources(out) -> list[str]:
    return sorted(d["source"] for d in out["documents"])


def test_nothing_changed(repo, capsys):
    rc, out, _ = check(capsys, "site", "--changed-since", "HEAD")
    assert rc == 0 and out["documents"] == []  # the old page without disclaimer is not audited


def test_uncommitted_untracked_and_branch_changes(repo, capsys):
    git(repo, "checkout", "-q", "-b", "release/wclc")
    write(repo / "site/zh/news/wclc.html", zh_release(False))  # committed on the branch
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "WCLC release")
    write(repo / "site/en/index.html", zh_release(True).replace("诺风生物今日宣布", "诺风生物于今日宣布"))  # modified
    write(repo / "site/zh/news/draft.html", zh_release(True))  # untracked
    write(repo / "build/zh/news/generated.html", zh_release(False))  # ignored by .gitignore
    write(repo / "site/assets/site.css", "body{font-family:'Noto Sans SC'}\n")  # not a page
    (repo / "site/zh/news/stable.html").unlink()  # deleted

    expected = {str((repo / p).resolve()) for p in (
        "site/zh/news/wclc.html", "site/en/index.html", "site/zh/news/draft.html", "site/assets/site.css")}
    assert changed_files("main") == expected

    rc, out, _ = check(capsys, "site", "--changed-since", "main")
    assert sources(out) == ["site/en/index.html", "site/zh/news/draft.html", "site/zh/news/wclc.html"]
    assert rc == 1
    wclc = next(d for d in out["documents"] if d["source"].endswith("wclc.html"))
    assert [f["category"] for f in wclc["findings"]] == [MISSING]

    # Intersected with the paths given: a subfolder, a file, a file that did not change.
    rc, out, _ = check(capsys, "site/en", "site/zh/news/old-nwb-2207.html", "--changed-since", "main")
    assert sources(out) == ["site/en/index.html"] and rc == 0
    # From a subfolder, paths as given there.
    os.chdir(repo / "site" / "zh")
    rc, out, _ = check(capsys, ".", "--changed-since", "main")
    assert [s.removeprefix("./") for s in sources(out)] == ["news/draft.html", "news/wclc.html"]


def test_since_an_older_commit(repo, capsys):
    base = git(repo, "rev-parse", "HEAD").strip()
    write(repo / "site/zh/news/stable.html", zh_release(True) + "\n")
    git(repo, "commit", "-q", "-am", "whitespace")
    rc, out, _ = check(capsys, "site", "--changed-since", base[:10])
    assert sources(out) == ["site/zh/news/stable.html"] and rc == 0
    rc, out, _ = check(capsys, "site", "--changed-since", "HEAD~1")
    assert sources(out) == ["site/zh/news/stable.html"]


def test_errors(repo, tmp_path_factory, capsys):
    rc, out, err = check(capsys, "site", "--changed-since", "no-such-branch")
    assert rc == 2 and "unknown git ref 'no-such-branch'" in err
    rc, out, err = check(capsys, "site", "--changed-since=--output=x")  # never passed to git as an option
    assert rc == 2 and "not a git ref" in err
    elsewhere = tmp_path_factory.mktemp("not-a-repo")
    write(elsewhere / "a.html", zh_release(False))
    os.chdir(elsewhere)
    if subprocess.run(["git", "rev-parse"], cwd=elsewhere, capture_output=True).returncode == 0:
        pytest.skip("the temporary folder is inside a git repository")
    rc, out, err = check(capsys, "a.html", "--changed-since", "HEAD")
    assert rc == 2 and "not in a git repository" in err
    with pytest.raises(ChangedError):
        changed_files("HEAD", str(elsewhere))


def test_write_baseline_needs_a_full_run(repo, capsys):
    rc, _, err = check(capsys, "site", "--changed-since", "HEAD", "--write-baseline", "b.json")
    assert rc == 2 and "--changed-since" in err and not (repo / "b.json").exists()
