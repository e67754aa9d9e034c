"""A WARC written by an independent tool: GNU wget crawling a local web server.

The hand-written corpus pages and generated pages are served by http.server on
127.0.0.1; ``wget --warc-file`` records the crawl (per-record gzip, request, response,
warcinfo, metadata and resource records, as wget writes them); the scan of that WARC
must give each page the findings a scan of the files gives it.
"""
from __future__ import annotations

import functools
import http.server
import shutil
import subprocess
import threading

import pytest

from tests.test_scan_support import ROOT, documents, main, make_corpus, read_jsonl

WGET = shutil.which("wget")
pytestmark = pytest.mark.skipif(WGET is None, reason="wget is not installed (apt-get install -y wget)")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def crawl(tmp_path_factory):
    root = tmp_path_factory.mktemp("wget")
    site = root / "site"
    (site / "corpus").mkdir(parents=True)
    for page in sorted((ROOT / "corpora" / "pages").glob("*.html")):
        shutil.copy(page, site / "corpus" / page.name)
    make_corpus(root / "gen", 12, seed=21, formats=("files",))
    shutil.copytree(root / "gen" / "files", site / "gen")
    handler = functools.partial(_Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}"
        rels = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
        (root / "urls.txt").write_text("".join(f"{base}/{r}\n" for r in rels), encoding="utf-8")
        p = subprocess.run([WGET, "--no-verbose", "--tries=3", "--timeout=30", "--no-proxy",
                            "--warc-file", str(root / "crawl"), "--input-file", str(root / "urls.txt"),
                            "--output-document", "/dev/null"],
                           capture_output=True, text=True, timeout=300)
        assert p.returncode == 0, f"wget exited {p.returncode}: {p.stderr[-2000:]}"
    finally:
        server.shutdown()
        server.server_close()
    return root, site, base, rels


@pytest.fixture(scope="module")
def warc_records(crawl):
    root = crawl[0]
    assert (root / "crawl.warc.gz").is_file()
    main(root / "crawl.warc.gz", "--out", root / "warc.jsonl", "--no-crosspage")
    return read_jsonl(root / "warc.jsonl")


def test_wget_warc_scans_like_the_files(crawl, warc_records, tmp_path):
    root, site, base, rels = crawl
    main(site, "--out", tmp_path / "files.jsonl", "--no-crosspage")
    from_warc = {d["source"][len(base) + 1:]: d for d in documents(warc_records) if d["source"].startswith(base)}
    from_files = {d["source"].split("/site/", 1)[1]: d for d in documents(read_jsonl(tmp_path / "files.jsonl"))}
    # Name what differs, so a failure explains itself.
    assert not sorted(set(rels) - set(from_warc)) and not sorted(set(rels) - set(from_files)), \
        (sorted(set(rels) - set(from_warc)), sorted(set(rels) - set(from_files)))
    assert not sorted(set(from_warc) - set(rels)) and not sorted(set(from_files) - set(rels)), \
        (sorted(set(from_warc) - set(rels)), sorted(set(from_files) - set(rels)))
    assert sorted(from_warc) == sorted(from_files) == rels
    for rel in rels:
        w, f = from_warc[rel], from_files[rel]
        assert w["record_id"].startswith("<urn:uuid:")
        assert (w["language"], w["encoding"], w["segment_count"]) == (f["language"], f["encoding"], f["segment_count"]), rel
        assert [(x["rule"], x["evidence"], x["line"]) for x in w["findings"]] == \
               [(x["rule"], x["evidence"], x["line"]) for x in f["findings"]], rel
    summary = warc_records[-1]
    # One request record per page, more when wget retried a request (a busy machine).
    assert summary["sources"]["skipped"]["warc-request"] >= len(rels)
    assert summary["sources"]["skipped"]["warc-warcinfo"] == 1


def test_wget_metadata_records_are_not_audited_as_pages(warc_records):
    assert not [d for d in documents(warc_records) if d["source"].startswith("metadata:")]
