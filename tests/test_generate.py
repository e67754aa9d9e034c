"""corpora/generate.py: deterministic, realistic synthetic pages in files, zip and WARC."""
from __future__ import annotations

import collections
import json
import zipfile

from auditor.read.decode import decode
from auditor.sources import ScanStats, iter_sources
from tests.test_scan_support import load_generator, make_corpus


def test_same_seed_same_bytes_other_seed_other_pages(tmp_path):
    a = make_corpus(tmp_path / "a", 12, seed=3, formats=("zip", "warc"))
    b = make_corpus(tmp_path / "b", 12, seed=3, formats=("zip", "warc"))
    c = make_corpus(tmp_path / "c", 12, seed=4, formats=("zip", "warc"))
    for name in ("pages.zip", "pages.warc.gz", "manifest.json"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    assert a == b and a["pages"] != c["pages"]


def test_default_sizes_languages_charsets_and_markup(tmp_path):
    gen = load_generator().Generator(seed=11)
    pages = list(gen.pages(60))
    sizes = [len(p.data) for p in pages]
    assert min(sizes) >= 30 * 1024 * 0.95 and max(sizes) <= 120 * 1024 * 1.1
    langs = collections.Counter(p.lang for p in pages)
    assert set(langs) == {"en", "zh-Hans", "zh-Hant"}
    assert {p.charset for p in pages} >= {"utf-8", "big5"} or {p.charset for p in pages} >= {"utf-8", "gb18030"}
    for p in pages:
        text = decode(p.data, f"text/html; charset={p.declared}").text
        assert f"charset={p.declared}" in text
        for needle in ("<nav", "<script", "<style", "<footer", 'rel="canonical"'):
            assert needle in text
        if p.pair:
            assert f'hreflang=' in text and p.pair in text
    pairs = [p for p in pages if p.pair]
    assert pairs and all(any(q.url == p.pair and q.pair == p.url for q in pages) for p in pairs)


def test_files_zip_and_warc_hold_the_same_pages(tmp_path):
    manifest = make_corpus(tmp_path, 20, seed=5)
    urls = [p["url"] for p in manifest["pages"]]
    stats = ScanStats()
    warc = list(iter_sources([str(tmp_path / "pages.warc.gz")], stats=stats))
    assert [i.source for i in warc] == urls
    assert all(i.content_type.startswith("text/html") for i in warc)
    assert stats.skipped["warc-request"] >= 20 and stats.skipped["warc-warcinfo"] == 1
    with zipfile.ZipFile(tmp_path / "pages.zip") as zf:
        names = zf.namelist()
        assert names == [p["path"] for p in manifest["pages"]]
        for item, name in zip(warc, names):
            assert zf.read(name) == item.data == (tmp_path / "files" / name).read_bytes()
    assert json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8")) == manifest


def test_manifest_counts_planted_findings(tmp_path):
    manifest = load_generator().generate(tmp_path, 80, 2, ("warc",), 4, 8)
    counts = manifest["expected_counts"]
    assert counts["unapproved-disclaimer-missing"] > 5 and counts["absolute-claim"] > 3
    assert counts.get("approval-number-duplicate", 0) >= 2
    for page in manifest["pages"]:
        if "no-disclaimer" in page["planted"]:
            assert "unapproved-disclaimer-missing" in page["expected"]
        if "language-version-disclaimer-missing" in page["planted"]:
            assert page["pair"]
