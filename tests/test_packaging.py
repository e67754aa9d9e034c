"""`pip install .` gives a working tool outside the repository: rulesets, profiles,
catalogs and the dictionary travel as package data."""
from __future__ import annotations

import os
import subprocess
import sys
import zipfile

import pytest

from tests.conftest import CORPUS, ROOT


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("pkg")
    wheels = tmp / "wheels"
    proc = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q",
                           str(ROOT), "-w", str(wheels)], capture_output=True, text=True, timeout=600)
    if proc.returncode != 0:
        pytest.fail(f"building the wheel failed:\n{proc.stderr[-2000:]}")
    wheel = next(wheels.glob("auditor-*.whl"))
    target = tmp / "site"
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
        zf.extractall(target)
    return target, names


def test_wheel_carries_the_data(installed):
    _, names = installed
    for needed in ("auditor/bundled_rulesets/schema.json",
                   "auditor/bundled_rulesets/profile.schema.json",
                   "auditor/bundled_rulesets/cn-pharma/rules/unapproved-product-disclaimer.yaml",
                   "auditor/bundled_rulesets/cn-pharma/lexicons/fls_heading.yaml",
                   "auditor/bundled_rulesets/profiles/generic.yaml",
                   "auditor/locales/zh_Hans/LC_MESSAGES/auditor.mo",
                   "auditor/locales/zh_Hant/LC_MESSAGES/auditor.mo",
                   "auditor/support/data/zh_dict.txt"):
        assert needed in names, needed


def test_installed_tool_runs_outside_the_repository(installed, tmp_path):
    target, _ = installed
    page = tmp_path / "news.html"
    page.write_bytes((CORPUS / "pages" / "au-02-arm7720-copd-no-disclaimer.html").read_bytes())
    env = {**os.environ, "PYTHONPATH": str(target)}
    proc = subprocess.run([sys.executable, "-m", "auditor", "check", str(page), "--audit-date", "2026-11-21",
                           "--locale", "zh-Hans"], capture_output=True, text=True, cwd=tmp_path, env=env, timeout=300)
    assert proc.returncode == 1, proc.stderr
    assert "unapproved-product-disclaimer" in proc.stdout
    probe = subprocess.run([sys.executable, "-c", "import auditor, sys; sys.stdout.write(auditor.__file__)"],
                           capture_output=True, text=True, cwd=tmp_path, env=env)
    assert probe.stdout.startswith(str(target)), "the test must exercise the installed copy"


def test_wheel_carries_the_prebuilt_rulesets(installed):
    _, names = installed
    for kind in ("rules", "profile", "lexicons", "normalize", "babel-en", "months", "compiled", "scripts", "t2s", "zhwords"):
        assert f"auditor/support/data/prebuilt/{kind}.marshal" in names, kind
    assert "auditor/support/data/prebuilt/zh_dict.cache" in names


def test_installed_tool_starts_from_the_prebuilt_entries(installed, tmp_path):
    """An empty per-user cache (a fresh CI runner): the installed copy finds the bundled
    rulesets, profile, lexicons and tables prebuilt, so it writes none of them, for an
    English page and for a Chinese one (jieba's prefix dictionary)."""
    target, _ = installed
    pages = {"en.html": (CORPUS / "pages" / "au-02-arm7720-copd-no-disclaimer.html").read_bytes(),
             "zh.html": "<html lang='zh'><body><main><h1>公司新闻</h1><p>本公司宣布新药获得批准，将于明年上市。"
                        "前瞻性陈述存在风险和不确定性。</p></main></body></html>".encode("utf-8")}
    env = {**os.environ, "PYTHONPATH": str(target), "AUDITOR_NO_CACHE": "0"}
    for name, data in pages.items():
        page = tmp_path / name
        page.write_bytes(data)
        cache = tmp_path / f"cache-{name}"
        proc = subprocess.run([sys.executable, "-m", "auditor", "check", str(page), "--audit-date", "2026-11-21",
                               "--format", "json"], capture_output=True, text=True, cwd=tmp_path,
                              env={**env, "AUDITOR_CACHE_DIR": str(cache)}, timeout=300)
        assert proc.returncode in (0, 1), proc.stderr
        built = sorted(p.name for p in cache.iterdir()) if cache.exists() else []
        assert built == [], f"{name}: the first run built {built}"
        # the same output as without any cache
        plain = subprocess.run([sys.executable, "-m", "auditor", "check", str(page), "--audit-date", "2026-11-21",
                                "--format", "json"], capture_output=True, text=True, cwd=tmp_path,
                               env={**env, "AUDITOR_NO_CACHE": "1"}, timeout=300)
        assert plain.stdout == proc.stdout
