"""Lossless scans: SIGKILL/SIGTERM/SIGINT midway and --resume, torn lines, crashing and
hanging pages (through the documented test hooks of auditor/batch/worker.py)."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import time

import pytest

from tests import scan_faults

from tests.test_scan_support import (
    ROOT, corpus, documents, main, read_jsonl, run_scan, scan_cmd, scan_env,
)

__all__ = ["corpus"]


@pytest.fixture(scope="module")
def reference(corpus, tmp_path_factory):
    """The uninterrupted scan of the corpus WARC."""
    path, _ = corpus
    out = tmp_path_factory.mktemp("ref") / "ref.jsonl"
    main(path / "pages.warc.gz", "--out", out, "--jobs", "2")
    return out.read_bytes()


def _sorted_lines(data: bytes) -> list[bytes]:
    return sorted(data.splitlines(keepends=True))


def _start(args, delay: float):
    """A scan in a new process whose every page takes at least ``delay`` seconds."""
    cmd = scan_cmd(*args)
    assert cmd[1:3] == ["-m", "auditor"]
    cmd[1:3] = ["-c", f"import tests.scan_faults as f; f.run(delay={delay!r})"]
    return subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            env=scan_env(), cwd=ROOT, text=True)


def _wait_for_lines(path, n: int, proc, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if os.path.exists(path):
            with open(path, "rb") as f:
                if f.read().count(b"\n") >= n:
                    return
        if proc.poll() is not None:
            raise AssertionError(f"the scan ended before writing {n} lines: {proc.stderr.read()}")
        time.sleep(0.02)
    raise AssertionError(f"no {n} lines after {timeout} s")


def _assert_complete_lines(path) -> int:
    data = open(path, "rb").read()
    assert data == b"" or data.endswith(b"\n")
    for line in data.splitlines():
        json.loads(line)
    return data.count(b"\n")


def test_sigkill_midway_then_resume_equals_an_uninterrupted_scan(corpus, reference, tmp_path):
    path, manifest = corpus
    out = tmp_path / "r.jsonl"
    args = (path / "pages.warc.gz", "--out", out, "--jobs", "2")
    proc = _start(args, delay=0.05)
    _wait_for_lines(out, 8, proc)
    proc.send_signal(signal.SIGKILL)
    proc.wait(30)
    written = out.read_bytes().count(b"\n")
    assert 8 <= written < manifest["count"]
    p = run_scan(*args, "--resume")
    assert p.returncode == 1, p.stderr
    assert f"({written} from the previous run)" in p.stderr or written == 0
    assert _sorted_lines(out.read_bytes()) == _sorted_lines(reference)
    assert out.read_bytes() == reference  # even the order: the first run wrote a prefix


def test_resume_drops_a_torn_last_line(corpus, reference, tmp_path):
    path, _ = corpus
    out = tmp_path / "r.jsonl"
    lines = reference.splitlines(keepends=True)
    out.write_bytes(b"".join(lines[:5]) + lines[5][: len(lines[5]) // 2])  # killed mid-write
    assert main(path / "pages.warc.gz", "--out", out, "--resume") == 1
    assert out.read_bytes() == reference


def test_resume_recomputes_crosspage_records_and_skips_done_pages_in_any_order(corpus, reference, tmp_path):
    path, manifest = corpus
    out = tmp_path / "r.jsonl"
    lines = reference.splitlines(keepends=True)
    docs = [ln for ln in lines if json.loads(ln)["type"] == "document"]
    cross = [ln for ln in lines if json.loads(ln)["type"] == "crosspage"]
    # a run that stopped while writing its cross-page records
    out.write_bytes(b"".join(docs[::-1]) + b"".join(cross[:1]))
    assert main(path / "pages.warc.gz", "--out", out, "--resume") == 1
    records = read_jsonl(out)
    assert len(documents(records)) == manifest["count"]  # nothing twice, nothing lost
    assert _sorted_lines(b"".join(docs[::-1]) + b"".join(lines[len(docs):])) == _sorted_lines(out.read_bytes())


def test_resume_of_a_finished_scan_does_nothing(corpus, reference, tmp_path):
    path, _ = corpus
    out = tmp_path / "r.jsonl"
    out.write_bytes(reference)
    p = run_scan(path / "pages.warc.gz", "--out", out, "--resume")
    assert p.returncode == 1 and "nothing to resume" in p.stderr
    assert out.read_bytes() == reference


def test_resume_refuses_a_file_that_is_not_a_scan(corpus, tmp_path):
    path, _ = corpus
    out = tmp_path / "r.jsonl"
    out.write_text("not json\n{}\n", encoding="utf-8")
    assert main(path / "pages.warc.gz", "--out", out, "--resume") == 2
    assert out.read_text(encoding="utf-8") == "not json\n{}\n"


@pytest.mark.parametrize("signum,code", [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_sigterm_and_sigint_stop_cleanly_with_a_resume_message(corpus, reference, tmp_path, signum, code):
    path, _ = corpus
    out = tmp_path / "r.jsonl"
    args = (path / "pages.warc.gz", "--out", out, "--jobs", "2")
    proc = _start(args, delay=0.05)
    _wait_for_lines(out, 5, proc)
    proc.send_signal(signum)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == code, err
    assert f"scan stopped by {signal.Signals(signum).name}" in err and "--resume" in err
    n = _assert_complete_lines(out)
    assert all(r["type"] == "document" for r in read_jsonl(out))  # no summary on a stopped scan
    assert f"holds {n} complete page records" in err
    p = run_scan(*args, "--resume")
    assert p.returncode == 1, p.stderr
    assert out.read_bytes() == reference


def test_a_page_that_kills_its_worker_becomes_an_input_error(corpus, reference, tmp_path, monkeypatch):
    path, manifest = corpus
    victim = manifest["pages"][3]["url"]
    scan_faults.install(crash=victim, patch=monkeypatch.setattr)
    out = tmp_path / "r.jsonl"
    main(path / "pages.warc.gz", "--out", out, "--jobs", "2")
    docs = documents(read_jsonl(out))
    assert len(docs) == manifest["count"]  # the scan went on, with a new worker
    bad = [d for d in docs if d["source"] == victim]
    assert [f["category"] for f in bad[0]["findings"]] == ["input-error"]
    assert "worker process auditing this page died" in bad[0]["findings"][0]["message"]
    ref = {d["source"]: d for d in documents([json.loads(ln) for ln in reference.splitlines()])}
    assert all(d == ref[d["source"]] for d in docs if d["source"] != victim)


def test_a_page_past_the_timeout_becomes_an_input_error(corpus, tmp_path, monkeypatch):
    path, manifest = corpus
    victim = manifest["pages"][1]["url"]
    scan_faults.install(hang=victim, patch=monkeypatch.setattr)
    out = tmp_path / "r.jsonl"
    started = time.monotonic()
    main(path / "pages.warc.gz", "--out", out, "--jobs", "2", "--page-timeout", "1.5")
    assert time.monotonic() - started < 60
    docs = documents(read_jsonl(out))
    assert len(docs) == manifest["count"]
    bad = next(d for d in docs if d["source"] == victim)
    assert "--page-timeout 1.5 s" in bad["findings"][0]["message"]
    assert sum(1 for d in docs if d["findings"] and d["findings"][0]["category"] == "input-error") == 1


def test_memory_error_in_a_page_becomes_an_input_error(corpus, tmp_path, monkeypatch):
    path, manifest = corpus
    victim = manifest["pages"][2]["url"]
    scan_faults.install(raise_=victim, patch=monkeypatch.setattr)
    out = tmp_path / "r.jsonl"
    main(path / "pages.warc.gz", "--out", out, "--jobs", "1")
    docs = documents(read_jsonl(out))
    assert len(docs) == manifest["count"]
    errors = [d["source"] for d in docs if any(f["category"] == "input-error" for f in d["findings"])]
    assert errors == [victim]
    bad = next(d for d in docs if d["source"] == victim)
    assert "out of memory" in bad["findings"][0]["message"]


@pytest.mark.parametrize("second", [(), ("--resume",)], ids=["scan", "resume"])
def test_a_second_scan_on_the_same_out_is_refused(corpus, reference, tmp_path, second):
    path, manifest = corpus
    out = tmp_path / "r.jsonl"
    args = (path / "pages.warc.gz", "--out", out, "--jobs", "1")
    proc = _start(args, delay=0.05)
    try:
        _wait_for_lines(out, 2, proc)
        p = run_scan(*args, *second)
        assert p.returncode == 2
        assert f"{out} is being written by another auditor scan" in p.stderr
        assert proc.wait(120) == 1  # the first scan was not disturbed
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(30)
    assert out.read_bytes() == reference


def test_resume_without_a_previous_output_scans_everything(corpus, reference, tmp_path):
    path, _ = corpus
    out = tmp_path / "new.jsonl"
    main(path / "pages.warc.gz", "--out", out, "--jobs", "2", "--resume")
    assert out.read_bytes() == reference
