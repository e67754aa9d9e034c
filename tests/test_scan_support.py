"""Shared helpers for the scan tests: generated corpora, running scans, reading JSONL.

The generated corpora come from corpora/generate.py (seeded, so every run sees the same
pages); pages are kept small (6-16 KB) so the suite stays fast.
"""
from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GENERATE = ROOT / "corpora" / "generate.py"
AUDIT_DATE = "2026-12-31"


def load_generator():
    """corpora/generate.py as a module (it is a script, not part of the package)."""
    name = "auditor_corpora_generate"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, GENERATE)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def make_corpus(path: Path, count: int = 30, seed: int = 3, formats=("files", "zip", "warc"),
                min_kb: int = 6, max_kb: int = 16) -> dict:
    return load_generator().generate(path, count, seed, formats, min_kb, max_kb)


@pytest.fixture(scope="session")
def corpus(tmp_path_factory):
    """30 generated pages as files, zip and WARC, with their manifest (seed 3: with duplicate
    approval numbers, language versions that disagree on the number and on the disclaimer)."""
    path = tmp_path_factory.mktemp("scan-corpus")
    manifest = make_corpus(path)
    return path, manifest


def read_jsonl(path) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def documents(records: list[dict]) -> list[dict]:
    return [r for r in records if r["type"] == "document"]


def scan_env(**extra) -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env.update({k: str(v) for k, v in extra.items()})
    return env


def scan_cmd(*args) -> list[str]:
    return [sys.executable, "-m", "auditor", "scan", *map(str, args), "--audit-date", AUDIT_DATE, "--no-config"]


def run_scan(*args, env: dict | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(scan_cmd(*args), capture_output=True, text=True, env=env or scan_env(),
                          timeout=timeout, cwd=ROOT)


def main(*args) -> int:
    """``auditor scan ...`` in this process (faster than a subprocess)."""
    from auditor.cli import main as cli_main

    return cli_main(["scan", *map(str, args), "--audit-date", AUDIT_DATE, "--no-config", "--quiet"])


def test_generator_loads_and_corpus_has_every_format(corpus):
    path, manifest = corpus
    assert (path / "pages.zip").is_file() and (path / "pages.warc.gz").is_file()
    assert len(list((path / "files").rglob("*.html"))) == manifest["count"] == 30
