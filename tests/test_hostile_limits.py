"""Hostile inputs, part two (issue 13): bounded time and memory per page, clear exits.

Attribute floods and DOCTYPE subsets (linear markup handling), a default per-page time
limit in check and scan, the cap on findings per page, WARC header limits, signals while
a read blocks, disk full and internal errors, a cache folder private to the user, and
one record per tar member."""
from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import tarfile
import time
from pathlib import Path

import pytest

from auditor.cli import main
from tests import scan_faults

ROOT = Path(__file__).resolve().parents[1]
CLAIM = "我们是国内最好的肿瘤创新药企业。"


def _env(**extra) -> dict:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    env.update(extra)
    return env


def _check_json(capsys, *args: str) -> tuple[int, dict, str]:
    rc = main(["check", "--no-config", "--audit-date", "2026-09-10", "--fail-on", "warning", "--format", "json", *args])
    cap = capsys.readouterr()
    return rc, (json.loads(cap.out) if cap.out.strip() else {}), cap.err


# ---------------------------------------------------------------------------- markup


def test_attribute_flood_is_linear_and_keeps_offsets(tmp_path, capsys):
    """500,000 attributes on one element took libxml2 past 300 s (40,000: 12 s)."""
    flood = tmp_path / "flood.html"
    flood.write_text("<html><body><div " + " ".join(f'a{i}="v"' for i in range(500_000)) +
                     ">flooded</div><p class=x>后文 after</p></body></html>", encoding="utf-8")
    lines = tmp_path / "lines.html"  # one attribute a line: line numbers must still count them
    lines.write_text("<html><body><div " + "\n".join(f'a{i}="v"' for i in range(50_000)) +
                     ">flooded</div></body></html>", encoding="utf-8")
    t0 = time.perf_counter()
    rc = main(["segments", "--format", "json", str(flood), str(lines)])
    elapsed = time.perf_counter() - t0
    docs = json.loads(capsys.readouterr().out)["documents"]
    assert rc == 0 and elapsed < 30, elapsed
    assert "flooded" in docs[0]["segments"][0]["text"] and "后文 after" in docs[0]["segments"][-1]["text"]
    seg = docs[1]["segments"][0]
    assert seg["text"] == "flooded" and seg["line"] == 50_000


def test_bound_markup_keeps_length_lines_comments_and_ordinary_tags():
    from auditor.read.parse.limits import MAX_ATTRIBUTES, bound_markup

    ordinary = "<div " + " ".join(f"a{i}" for i in range(MAX_ATTRIBUTES)) + ">x</div>"
    assert bound_markup(ordinary) is ordinary
    in_comment = "<!-- <div " + " ".join(f"a{i}" for i in range(MAX_ATTRIBUTES + 5)) + "> -->"
    assert bound_markup(in_comment) == in_comment
    flood = "<p>\n<div " + "\n".join(f"a{i}='>'" for i in range(MAX_ATTRIBUTES + 50)) + " hidden>x</div>"
    out = bound_markup(flood)
    assert len(out) == len(flood) and out.count("\n") == flood.count("\n")
    assert f"a{MAX_ATTRIBUTES - 1}='>'" in out and f"a{MAX_ATTRIBUTES}=" not in out and "hidden" not in out
    assert out.endswith(">x</div>")


def test_doctype_internal_subset_does_not_leak_into_text(tmp_path, capsys):
    page = tmp_path / "doctype.html"
    page.write_text('<!DOCTYPE html [\n <!ENTITY x "y">\n]>\n<html><body><p>hello</p></body></html>', encoding="utf-8")
    main(["segments", "--format", "json", str(page)])
    doc = json.loads(capsys.readouterr().out)["documents"][0]
    assert [s["text"] for s in doc["segments"]] == ["hello"]
    assert doc["segments"][0]["line"] == 4


# ---------------------------------------------------------------------------- time limit


def _site(tmp_path: Path, names=("a.html", "slow.html", "c.html")) -> Path:
    site = tmp_path / "site"
    site.mkdir()
    for n in names:
        (site / n).write_text(f"<html><body><p>{n} {CLAIM}</p></body></html>", encoding="utf-8")
    return site


def _warm(tmp_path, capsys) -> None:
    """Load the lazily loaded tables (Chinese dictionary, lexicon patterns) first: the
    first Chinese page of a process pays for them, seconds on a busy machine."""
    p = tmp_path / "warm.html"
    p.write_text(f"<p>{CLAIM} forward-looking statements</p>", encoding="utf-8")
    main(["check", "--no-config", str(p)])
    capsys.readouterr()


def test_check_page_timeout_makes_an_input_error_and_goes_on(tmp_path, capsys, monkeypatch):
    _warm(tmp_path, capsys)
    site = _site(tmp_path)
    scan_faults.install(hang="slow.html", patch=monkeypatch.setattr)
    t0 = time.perf_counter()
    rc, doc, err = _check_json(capsys, "--page-timeout", "1", str(site))
    assert time.perf_counter() - t0 < 30
    assert rc == 1, err
    by = {Path(d["source"]).name: d["findings"] for d in doc["documents"]}
    assert [f["category"] for f in by["slow.html"]] == ["input-error"]
    assert "took longer than the page time limit of 1 s" in by["slow.html"][0]["message"]
    assert all(f["category"] != "input-error" for n in ("a.html", "c.html") for f in by[n])


def test_page_timeout_and_max_findings_from_the_config_file(tmp_path, capsys, monkeypatch):
    _warm(tmp_path, capsys)
    site = _site(tmp_path)
    (tmp_path / "auditor.toml").write_text("page-timeout = 0.5\nmax-findings = 3\n", encoding="utf-8")
    scan_faults.install(hang="slow.html", patch=monkeypatch.setattr)
    monkeypatch.chdir(tmp_path)
    rc = main(["check", "--format", "json", "--fail-on", "warning", "site"])
    doc = json.loads(capsys.readouterr().out)
    assert rc == 1
    slow = next(d for d in doc["documents"] if d["source"].endswith("slow.html"))
    assert "0.5 s" in slow["findings"][0]["message"]
    rc = main(["config", "--format", "json"])
    cfg = json.loads(capsys.readouterr().out)
    assert json.dumps(cfg).count("page-timeout") and rc == 0


def test_default_limits_and_bad_values(tmp_path, capsys):
    rc = main(["config", "--no-config", "--format", "json"])
    out = capsys.readouterr().out
    assert rc == 0 and '"page-timeout"' in out and "120" in out and '"max-findings"' in out and "1000" in out
    (tmp_path / "bad.toml").write_text("page-timeout = -1\n", encoding="utf-8")
    rc = main(["check", "--config", str(tmp_path / "bad.toml"), str(_site(tmp_path))])
    err = capsys.readouterr().err
    assert rc == 2 and "page-timeout: expected a number of seconds from 0" in err
    with pytest.raises(SystemExit) as exc:
        main(["check", "--max-findings", "-5", "x.html"])
    assert exc.value.code == 2


def test_scan_page_timeout_comes_from_the_config_file(tmp_path, capsys, monkeypatch):
    site = _site(tmp_path)
    (tmp_path / "auditor.toml").write_text("page-timeout = 1.5\n", encoding="utf-8")
    scan_faults.install(hang="slow.html", patch=monkeypatch.setattr)
    monkeypatch.chdir(tmp_path)
    t0 = time.perf_counter()
    rc = main(["scan", "--quiet", "--jobs", "2", "--fail-on", "warning", "--out", "r.jsonl", "site"])
    assert time.perf_counter() - t0 < 60
    docs = [json.loads(x) for x in (tmp_path / "r.jsonl").read_text(encoding="utf-8").splitlines()]
    slow = next(d for d in docs if d.get("source", "").endswith("slow.html"))
    assert rc == 1 and "1.5 s" in slow["findings"][0]["message"]


# ---------------------------------------------------------------------------- findings cap


def test_findings_per_page_are_capped_with_a_notice(tmp_path, capsys):
    page = tmp_path / "claims.txt"
    page.write_text("".join(f"第{i}行：{CLAIM}\n" for i in range(1500)), encoding="utf-8")
    rc, doc, _ = _check_json(capsys, str(page))
    findings = doc["documents"][0]["findings"]
    assert rc == 1 and len(findings) == 1001
    notice = findings[-1]
    assert notice["rule"] == "auditor/findings-truncated" and notice["category"] == "input-error"
    assert notice["message"].startswith("500 more findings on this page are not reported: a page reports at most 1000")
    kept = findings[:-1]
    assert [f["line"] for f in kept] == sorted(f["line"] for f in kept) and kept[-1]["line"] == 1000
    rc, doc, _ = _check_json(capsys, "--max-findings", "0", str(page))
    assert len(doc["documents"][0]["findings"]) == 1500
    rc, doc, _ = _check_json(capsys, "--max-findings", "10", "--locale", "zh-Hans", str(page))
    assert doc["documents"][0]["findings"][-1]["message"] == "本页另有 1490 个问题未报告：每页最多报告 10 个。"


def test_findings_under_the_cap_are_unchanged(tmp_path, capsys):
    page = tmp_path / "claims.txt"
    page.write_text("".join(f"第{i}行：{CLAIM}\n" for i in range(40)), encoding="utf-8")
    _, capped, _ = _check_json(capsys, "--max-findings", "40", str(page))
    _, full, _ = _check_json(capsys, "--max-findings", "0", str(page))
    assert capped == full


def test_scan_caps_findings_per_page(tmp_path, capsys):
    page = tmp_path / "claims.txt"
    page.write_text("".join(f"第{i}行：{CLAIM}\n" for i in range(300)), encoding="utf-8")
    out = tmp_path / "r.jsonl"
    main(["scan", "--no-config", "--quiet", "--jobs", "1", "--max-findings", "50", "--out", str(out), str(page)])
    doc = json.loads(out.read_text(encoding="utf-8").splitlines()[0])
    assert doc["finding_count"] == 51 and doc["findings"][-1]["rule"] == "auditor/findings-truncated"


# ---------------------------------------------------------------------------- WARC headers


def _warc_record(uri: bytes, warc_extra: bytes = b"", http_extra: bytes = b"") -> bytes:
    body = b"<html><body><p>" + uri + b"</p></body></html>"
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n" + http_extra + b"\r\n" + body
    head = (b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: " + uri + b"\r\n"
            b"WARC-Record-ID: <urn:uuid:" + uri[-1:] + b">\r\n" + warc_extra +
            b"Content-Type: application/http; msgtype=response\r\nContent-Length: " + str(len(http)).encode() +
            b"\r\n\r\n")
    return head + http + b"\r\n\r\n"


@pytest.mark.parametrize("where,extra,needle", [
    ("http", b"X-Big: " + b"a" * (2 * 2**20) + b"\r\n", "an HTTP header line is longer than 64 KiB"),
    ("warc", b"X-Big: " + b"a" * (2 * 2**20) + b"\r\n", "a WARC header line is longer than 64 KiB"),
    ("warc", b"".join(b"X-H%d: v\r\n" % i for i in range(150_000)), "WARC headers are larger than 1 MiB"),
])
def test_warc_header_limits(tmp_path, capsys, where, extra, needle):
    warc = tmp_path / "h.warc"
    kw = {"http_extra": extra} if where == "http" else {"warc_extra": extra}
    warc.write_bytes(_warc_record(b"http://x.example/1") + _warc_record(b"http://x.example/2", **kw))
    rc, doc, err = _check_json(capsys, str(warc))
    by = {d["source"]: d["findings"] for d in doc["documents"]}
    assert "http://x.example/1" in by and not by["http://x.example/1"]
    errors = [f["message"] for fs in by.values() for f in fs if f["category"] == "input-error"]
    assert len(errors) == 1 and needle in errors[0], errors


# ---------------------------------------------------------------------------- signals


def test_sigterm_ends_a_scan_waiting_on_a_blocked_read(tmp_path):
    """Standard input that never delivers: the read is retried after a signal, so only
    kill -9 ended such a scan."""
    out = tmp_path / "r.jsonl"
    proc = subprocess.Popen([sys.executable, "-m", "auditor", "scan", "--no-config", "--quiet", "--jobs", "1",
                             "--out", str(out), "-"], stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, env=_env(), cwd=tmp_path, text=True)
    try:
        deadline = time.monotonic() + 60
        while not out.exists() and time.monotonic() < deadline:  # the lock file appears after start-up
            time.sleep(0.05)
        time.sleep(1.0)
        proc.send_signal(signal.SIGTERM)
        t0 = time.monotonic()
        rc = proc.wait(timeout=20)
        err = proc.stderr.read()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        proc.stdin.close()
    assert time.monotonic() - t0 < 10
    assert rc == 143, err
    assert "scan stopped by SIGTERM" in err and "Traceback" not in err


# ---------------------------------------------------------------------------- exits


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
@pytest.mark.parametrize("command", [
    ["check", "--no-config", "--format", "json"],
    ["check", "--no-config"],
    ["scan", "--no-config", "--quiet", "--jobs", "1"],
    ["segments"],
])
def test_disk_full_on_standard_output_exits_2(tmp_path, command):
    page = tmp_path / "p.html"
    page.write_text(f"<p>{CLAIM}</p>", encoding="utf-8")
    with open("/dev/full", "w") as full:
        proc = subprocess.run([sys.executable, "-m", "auditor", *command, str(page)], stdout=full,
                              stderr=subprocess.PIPE, text=True, env=_env(), timeout=120)
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.startswith("auditor: error: ") and "No space left on device" in proc.stderr
    assert "Traceback" not in proc.stderr and "Exception ignored" not in proc.stderr


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_disk_full_on_output_files_exits_2(tmp_path, capsys):
    page = tmp_path / "p.html"
    page.write_text(f"<p>{CLAIM}</p>", encoding="utf-8")
    rc = main(["check", "--no-config", "-o", "/dev/full", str(page)])
    err = capsys.readouterr().err
    assert rc == 2 and "cannot write the report to /dev/full: No space left on device" in err
    link = tmp_path / "full.jsonl"
    link.symlink_to("/dev/full")
    rc = main(["scan", "--no-config", "--quiet", "--jobs", "1", "--out", str(link), str(page)])
    err = capsys.readouterr().err
    assert rc == 2 and f"cannot write {link}: No space left on device; free some space" in err and "--resume" in err
    rc = main(["check", "--no-config", "--write-baseline", "/dev/full", str(page)])
    err = capsys.readouterr().err
    assert rc == 2 and "not a regular file" in err
    assert Path("/dev/full").is_char_device()


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_resume_after_disk_full_is_lossless(tmp_path, capsys, monkeypatch):
    """The disk fills after two records: exit 2; after freeing space --resume gives the
    same file as an uninterrupted scan."""
    from auditor.batch import runner as scan_cmd

    site = tmp_path / "site"
    site.mkdir()
    for i in range(6):
        (site / f"p{i}.html").write_text(f"<p>page {i} {CLAIM}</p>", encoding="utf-8")
    args = ["scan", "--no-config", "--quiet", "--jobs", "2", "--audit-date", "2026-09-10", "--fail-on", "warning"]
    ref = tmp_path / "ref.jsonl"
    main([*args, "--out", str(ref), str(site)])
    out = tmp_path / "r.jsonl"
    original = scan_cmd.Output.write
    written = []

    def filling(self, text):
        if len(written) == 2:  # the disk is full from now on
            full = os.open("/dev/full", os.O_WRONLY)
            os.dup2(full, self.fd)
            os.close(full)
        written.append(text)
        original(self, text)

    monkeypatch.setattr(scan_cmd.Output, "write", filling)
    rc = main([*args, "--out", str(out), str(site)])
    err = capsys.readouterr().err
    assert rc == 2 and "No space left on device; free some space and continue with" in err
    assert out.read_bytes().count(b"\n") == 2
    monkeypatch.setattr(scan_cmd.Output, "write", original)
    rc = main([*args, "--out", str(out), "--resume", str(site)])
    assert rc == 1
    assert out.read_bytes() == ref.read_bytes()


def test_internal_error_says_so_with_its_own_exit_code(tmp_path, capsys, monkeypatch):
    import auditor.audit.limits as limits

    def broken(*a, **k):
        raise RuntimeError("a bug")

    monkeypatch.setattr(limits, "check_page", broken)
    page = tmp_path / "p.html"
    page.write_text("<p>x</p>", encoding="utf-8")
    rc = main(["check", "--no-config", str(page)])
    err = capsys.readouterr().err
    assert rc == 3
    assert err.startswith("auditor: internal error: RuntimeError") and "a bug" in err
    assert "this is a bug in auditor" in err and "report it" in err and "Traceback" not in err
    monkeypatch.setenv("AUDITOR_DEBUG", "1")
    rc = main(["check", "--no-config", str(page)])
    assert rc == 3 and "Traceback" in capsys.readouterr().err


def test_deep_toml_config_and_missing_ignore_file_exit_2(tmp_path, capsys):
    page = tmp_path / "p.html"
    page.write_text("<p>x</p>", encoding="utf-8")
    deep = tmp_path / "deep.toml"
    deep.write_text("x = " + "[" * 50_000 + "]" * 50_000 + "\n", encoding="utf-8")
    rc = main(["check", "--config", str(deep), str(page)])
    err = capsys.readouterr().err
    assert rc == 2 and "nested too deeply" in err
    rc = main(["check", "--no-config", "--ignore-file", str(tmp_path / "missing"), str(page)])
    err = capsys.readouterr().err
    assert rc == 2 and err.startswith("auditor: error: cannot read ignore file")


# ---------------------------------------------------------------------------- cache folder


@pytest.fixture
def fresh_cache_dir(monkeypatch):
    from auditor.support import data

    monkeypatch.setattr(data, "_cache_dir", None)
    monkeypatch.setattr(data, "_refusal", None)
    return data


def test_cache_folder_is_created_private(tmp_path, monkeypatch, fresh_cache_dir):
    monkeypatch.setenv("AUDITOR_CACHE_DIR", str(tmp_path / "c"))
    d = fresh_cache_dir.cache_dir()
    assert d == tmp_path / "c" and (d.stat().st_mode & 0o777) == 0o700


def test_an_existing_own_cache_folder_is_made_private(tmp_path, monkeypatch, fresh_cache_dir):
    (tmp_path / "c").mkdir(mode=0o755)
    os.chmod(tmp_path / "c", 0o755)
    monkeypatch.setenv("AUDITOR_CACHE_DIR", str(tmp_path / "c"))
    assert fresh_cache_dir.cache_dir() == tmp_path / "c"
    assert ((tmp_path / "c").stat().st_mode & 0o777) == 0o700


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX owners and modes")
def test_unsafe_cache_folders_are_refused_and_caching_is_off(tmp_path, monkeypatch, capsys, fresh_cache_dir):
    shared = tmp_path / "shared"
    shared.mkdir()
    os.chmod(shared, 0o777)
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    planted = tmp / f"auditor-{os.getuid()}"
    planted.symlink_to(shared)  # a link planted in the shared temporary folder
    home_file = tmp_path / "home"
    home_file.write_text("", encoding="utf-8")  # ~/.cache cannot be made
    monkeypatch.setenv("AUDITOR_CACHE_DIR", str(shared))
    monkeypatch.setenv("HOME", str(home_file))
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setenv("TMPDIR", str(tmp))
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", None)
    with pytest.raises(OSError):
        fresh_cache_dir.cache_dir()
    err = capsys.readouterr().err
    assert "caching is off" in err and "can be written by other users (mode 0777)" in err
    assert "is a symbolic link" in err
    from auditor.support import cache

    assert cache.store("test", "k", {"a": 1}) is False and cache.load("test", "k") is None
    assert list(shared.iterdir()) == []
    # the rest still works without a cache
    page = tmp_path / "p.html"
    page.write_text(f"<p>{CLAIM}</p>", encoding="utf-8")
    assert main(["check", "--no-config", "--fail-on", "warning", str(page)]) == 1


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root to make a folder of another user")
def test_cache_folder_of_another_user_is_refused(tmp_path):
    from auditor.support.cache import make_private_dir

    other = tmp_path / "other"
    other.mkdir(mode=0o700)
    os.chown(other, 65534, 65534)
    assert "belongs to another user" in make_private_dir(other)


# ---------------------------------------------------------------------------- tar


def test_a_tar_member_gets_one_error_record(tmp_path, capsys):
    """A member too large to audit, whose skipped data then trips the ratio limit."""

    class Zeros(io.RawIOBase):
        def __init__(self, n):
            self.n = n

        def readable(self):
            return True

        def readinto(self, b):
            k = min(len(b), self.n)
            b[:k] = bytes(k)
            self.n -= k
            return k

    path = tmp_path / "zeros.tar.gz"
    with tarfile.open(path, "w:gz") as t:
        info = tarfile.TarInfo("big.html")
        info.size = 60 * 2**20
        t.addfile(info, io.BufferedReader(Zeros(info.size)))
    rc, doc, _ = _check_json(capsys, str(path))
    sources = [d["source"] for d in doc["documents"]]
    assert len(sources) == len(set(sources)) == 2, sources
    by = {d["source"]: d["findings"][0]["message"] for d in doc["documents"]}
    assert "declares 60 MiB" in by[f"{path}!/big.html"]
    assert "compression ratio" in by[str(path)] and "'big.html'" in by[str(path)]


# ---------------------------------------------------------------------------- determinism


def test_output_does_not_depend_on_hash_seed_or_jobs(tmp_path):
    """Sets and dicts iterate in hash order: two processes with different PYTHONHASHSEED
    (and job counts) must still write the same bytes, for scan and for check."""
    corpus = [str(p) for p in sorted((ROOT / "corpora" / "pages").iterdir())[::3]]  # a third: every format
    outs = []
    for seed, jobs in (("1", "1"), ("4242", "2")):
        out = tmp_path / f"s{seed}.jsonl"
        scan = subprocess.run([sys.executable, "-m", "auditor", "scan", "--no-config", "--quiet", "--jobs", jobs,
                               "--audit-date", "2026-09-10", "--out", str(out), *corpus],
                              capture_output=True, text=True, env=_env(PYTHONHASHSEED=seed), timeout=300, cwd=ROOT)
        check = subprocess.run([sys.executable, "-m", "auditor", "check", "--no-config", "--format", "json",
                                "--audit-date", "2026-09-10", *corpus],
                               capture_output=True, text=True, env=_env(PYTHONHASHSEED=seed), timeout=300, cwd=ROOT)
        assert scan.returncode == 1 and check.returncode == 1, (scan.stderr, check.stderr)
        outs.append((out.read_bytes(), check.stdout))
    assert outs[0][0] == outs[1][0]
    assert outs[0][1] == outs[1][1]
