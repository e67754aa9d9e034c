"""AUDITOR_NO_CACHE=1 turns off every on-disk cache (rulesets, normalize's tables, jieba's
dictionary); with caching on, all three are written through the one atomic helper."""
from __future__ import annotations

import os
import subprocess
import sys

from tests.conftest import ROOT

PAGE = ("<html lang='zh-CN'><body><main><p>ABC-1234为在研药物，尚未在中国大陆获批准。本品是第一个最佳疗效的药物。"
        "We expect results in 2027.</p></main></body></html>")


def _check(tmp_path, no_cache: str) -> list[str]:
    cache = tmp_path / f"cache{no_cache}"
    page = tmp_path / "page.html"
    page.write_text(PAGE, encoding="utf-8")
    # no prebuilt entries (an empty folder): the per-user cache is built as without them
    (tmp_path / "no-prebuilt").mkdir(exist_ok=True)
    env = dict(os.environ, AUDITOR_CACHE_DIR=str(cache), AUDITOR_NO_CACHE=no_cache,
               AUDITOR_PREBUILT_DIR=str(tmp_path / "no-prebuilt"))
    done = subprocess.run([sys.executable, "-m", "auditor", "check", str(page), "--format", "json"],
                          cwd=ROOT, env=env, capture_output=True, text=True)
    assert done.returncode in (0, 1), done.stderr
    return sorted(p.name for p in cache.iterdir()) if cache.exists() else []


def test_no_cache_writes_nothing(tmp_path):
    assert _check(tmp_path, "1") == []


def test_cache_on_writes_all_three_without_temporary_files(tmp_path):
    names = _check(tmp_path, "0")
    assert any(n.startswith("normalize-") for n in names), names
    assert any(n.startswith("zh_dict-") for n in names), names
    assert any(n.startswith("ruleset") or n.startswith("rule") for n in names), names
    assert not [n for n in names if n.endswith(".tmp")], names
