"""Input side: files, directories, list files, stdin, zip/tar archives, WARC.

Every archive here is built with the real library (zipfile, tarfile, warcio's
WARCWriter) from small realistic pharma pages, in English and Chinese.
"""
from __future__ import annotations

import gzip
import io
import os
import struct
import sys
import tarfile
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from auditor.sources import (
    Limits, ScanStats, SourceConfigError, SourceItem, count_hint, iter_sources,
)
from auditor.sources.patterns import PathRules, parse_patterns

# ---------------------------------------------------------------------------------
# realistic pages

EN_PRESS = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Phase III results for AZD0000</title>
<meta property="article:published_time" content="2024-03-05T08:00:00Z"></head>
<body><nav class="menu"><a href="/">Home</a> <a href="/news">News</a></nav>
<main><article><h1>Phase III trial of AZD0000 meets primary endpoint</h1>
<p class="dateline">SHANGHAI, 5 March 2024 &ndash; Example Pharma today announced positive
top-line results from the Phase III trial of AZD0000 in adults with moderate asthma.</p>
<p><em>AZD0000 has not been approved in mainland China. This article does not recommend
any unapproved use.</em></p>
<h2>Forward-Looking Statements</h2>
<p>This release contains forward-looking statements; actual results may differ materially
due to risks including regulatory review timelines and clinical trial outcomes.</p>
<p class="source">Approval number: CN-123456</p></article></main>
<footer>&copy; 2024 Example Pharma &middot; <a href="/privacy">Privacy</a></footer>
</body></html>
"""

ZH_PRESS = """<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="{charset}"><title>AZD0000 三期临床研究结果公布</title></head>
<body><nav class="breadcrumb"><a href="/">首页</a> &gt; <a href="/news">新闻中心</a></nav>
<div class="article"><h1>AZD0000 三期临床研究达到主要终点</h1>
<p>2024年3月5日，上海——示例制药今日宣布 AZD0000 治疗中度哮喘成人患者的三期临床研究取得积极结果。</p>
<p class="disclaimer">本文涉及尚未在中国大陆获批准的产品或适应症，示例制药不推荐任何未获批准的使用。</p>
<p>审批编号：CN-654321</p></div>
<div class="modal" style="display:none">您正在离开示例制药中国网站，前往第三方网站。点击"取消"返回，点击"继续"前往。</div>
<footer>沪ICP备12345678号 互联网药品信息服务资格证书编号：(沪)-非经营性-2024-0001</footer>
</body></html>
"""

MD_NEWS = """# Example Pharma announces new data at ERS 2024

*Shanghai, 9 September 2024*

- [Home](/)
- [News](/news)

Example Pharma presented new long-term data for its approved asthma medicine.

## About Example Pharma

Example Pharma is a science-led biopharmaceutical company.
"""

EN_BYTES = EN_PRESS.encode("utf-8")
ZH_UTF8 = ZH_PRESS.format(charset="utf-8").encode("utf-8")
ZH_GBK = ZH_PRESS.format(charset="gbk").encode("gbk")
MD_BYTES = MD_NEWS.encode("utf-8")
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def collect(inputs, **kw):
    stats = kw.pop("stats", None) or ScanStats()
    items = list(iter_sources(inputs, stats=stats, **kw))
    return items, stats


def sources(items):
    return [i.source for i in items]


def errors(items):
    return [i for i in items if i.error]


def write(path, data: bytes):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


# ---------------------------------------------------------------------------------
# plain files and directories


def test_single_file_keeps_relative_path(tmp_path, monkeypatch):
    write(tmp_path / "site" / "en" / "news.html", EN_BYTES)
    monkeypatch.chdir(tmp_path)
    items, stats = collect(["site/en/news.html"])
    assert len(items) == 1
    item = items[0]
    assert item.source == "site/en/news.html"
    assert item.data == EN_BYTES
    assert item.error is None and item.content_type is None
    assert stats.items == 1 and stats.bytes == len(EN_BYTES)


def test_explicit_file_is_a_page_whatever_its_extension(tmp_path):
    path = write(tmp_path / "page.aspx", ZH_GBK)
    items, _ = collect([str(path)])
    assert [i.data for i in items] == [ZH_GBK]


def test_missing_path_gives_error_item_and_run_goes_on(tmp_path):
    good = write(tmp_path / "a.html", EN_BYTES)
    items, stats = collect([str(tmp_path / "nope.html"), str(good)])
    assert items[0].error and "no such file" in items[0].error
    assert items[0].source == str(tmp_path / "nope.html")
    assert items[1].data == EN_BYTES
    assert stats.errors == 1 and stats.items == 1


def make_site(root):
    # Created in reverse order on purpose: the walk must sort.
    write(root / "zh" / "新闻" / "2024.htm", ZH_UTF8)
    write(root / "zh" / "index.html", ZH_GBK)
    write(root / "en" / "news.html", EN_BYTES)
    write(root / "en" / "img" / "logo.png", PNG)
    write(root / "en" / "about.md", MD_BYTES)
    write(root / "README.txt", b"Site export of 2024-09-30\n")
    write(root / "robots.xml", b"<urlset/>")
    write(root / ".git" / "HEAD.html", b"ref: refs/heads/main")
    write(root / ".draft.html", EN_BYTES)
    write(root / "__MACOSX" / "en" / "._news.html", b"\x00\x05\x16\x07")
    return root


def test_directory_walk_sorted_page_like_hidden_skipped(tmp_path, monkeypatch):
    make_site(tmp_path / "site")
    monkeypatch.chdir(tmp_path)
    items, stats = collect(["site"])
    assert sources(items) == [
        "site/README.txt",
        "site/en/about.md",
        "site/en/news.html",
        "site/zh/index.html",
        "site/zh/新闻/2024.htm",
    ]
    assert items[3].data == ZH_GBK
    assert items[2].meta["path"] == os.path.join("site", "en", "news.html")
    assert stats.skipped["hidden"] == 3  # .git, .draft.html, __MACOSX
    assert stats.skipped["non-page"] == 2  # logo.png, robots.xml
    assert stats.items == 5


def test_directory_dot_gives_paths_without_prefix(tmp_path, monkeypatch):
    make_site(tmp_path / "site")
    monkeypatch.chdir(tmp_path / "site")
    items, _ = collect(["."])
    assert sources(items)[:2] == ["README.txt", "en/about.md"]
    items, _ = collect(["en/"])
    assert sources(items) == ["en/about.md", "en/news.html"]


def test_order_is_deterministic(tmp_path):
    root = make_site(tmp_path / "site")
    first, _ = collect([str(root)])
    second, _ = collect([str(root)])
    assert first == second
    assert sources(first) == sorted(sources(first), key=lambda s: s.split("/"))


def test_symlinked_directories_are_not_followed(tmp_path):
    root = make_site(tmp_path / "site")
    os.symlink(root / "en", root / "loop")
    os.symlink(root / "en" / "news.html", root / "zz-link.html")
    items, stats = collect([str(root)])
    names = [s.rsplit("/", 1)[-1] for s in sources(items)]
    assert "zz-link.html" in names  # file symlinks are read
    assert not any("/loop/" in s for s in sources(items))
    assert stats.skipped["not-regular"] == 1


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_named_pipes(tmp_path):
    import threading

    fifo = tmp_path / "site" / "pipe.html"
    fifo.parent.mkdir()
    os.mkfifo(fifo)
    write(tmp_path / "site" / "a.html", EN_BYTES)
    # in a directory: skipped, never opened (opening would block)
    items, stats = collect([str(tmp_path / "site")])
    assert sources(items) == [str(tmp_path / "site" / "a.html")]
    assert stats.skipped["not-regular"] == 1

    # named explicitly (or in an @list file): refused, never opened blocking (no writer
    # would hang the run forever); only regular files are read
    items, stats = collect([str(fifo)])
    assert [i.source for i in items] == [str(fifo)]
    assert "not a regular file (a named pipe (FIFO))" in items[0].error
    assert stats.skipped["not-regular"] == 1

    # a descriptor the caller holds (<(cmd), /dev/stdin) is still read as a stream, archives too
    import threading

    if not os.path.isdir("/dev/fd"):
        return
    for data, expected_members in ((ZH_GBK, None), (make_tgz(), TAR_MEMBERS), (make_zip(), ZIP_MEMBERS)):
        r, w = os.pipe()

        def feed(data=data, w=w):
            with os.fdopen(w, "wb") as f:
                f.write(data)

        writer = threading.Thread(target=feed)
        writer.start()
        name = f"/dev/fd/{r}"
        try:
            items, _ = collect([name])
        finally:
            writer.join(5)
            os.close(r)
        expected = [name] if expected_members is None else [f"{name}!/{m}" for m in expected_members]
        assert sources(items) == expected and not errors(items)


def test_file_over_max_file_bytes(tmp_path):
    root = tmp_path / "site"
    write(root / "big.html", b"<p>" + b"x" * 5000 + b"</p>")
    write(root / "small.html", EN_BYTES[:200])
    items, stats = collect([str(root)], limits=Limits(max_file_bytes=1000))
    assert items[0].error and "max_file_bytes=1000" in items[0].error
    assert items[0].source.endswith("big.html") and items[0].data is None
    assert items[1].data == EN_BYTES[:200]
    assert stats.skipped["too-large"] == 1


# ---------------------------------------------------------------------------------
# patterns, exclude, .auditorignore, ignore file


@pytest.mark.parametrize(
    "pattern, path, is_dir, expected",
    [
        ("*.md", "a.md", False, True),
        ("*.md", "en/deep/a.md", False, True),
        ("*.md", "en/a.html", False, False),
        ("drafts/", "en/drafts", True, True),
        ("drafts/", "en/drafts", False, False),
        ("/en/old", "en/old", True, True),
        ("/en/old", "zh/en/old", True, False),
        ("en/*.html", "en/a.html", False, True),
        ("en/*.html", "en/sub/a.html", False, False),
        ("**/archive/**", "zh/archive/2019/a.html", False, True),
        ("**/archive/**", "zh/archives/a.html", False, False),
        ("a/**/b.html", "a/b.html", False, True),
        ("a/**/b.html", "a/x/y/b.html", False, True),
        ("news-20[01][0-9].html", "news-2015.html", False, True),
        ("news-20[01][0-9].html", "news-2024.html", False, False),
        ("news-20[!2]?.html", "news-2019.html", False, True),
        ("??.txt", "ab.txt", False, True),
        ("??.txt", "abc.txt", False, False),
        ("\\#notes.md", "#notes.md", False, True),
        ("新闻/", "zh/新闻", True, True),
    ],
)
def test_pattern_semantics(pattern, path, is_dir, expected):
    assert PathRules(parse_patterns([pattern])).match_one(path, is_dir) is expected


def test_negation_last_match_wins_but_not_below_excluded_dirs():
    rules = PathRules(parse_patterns(["*.md", "!keep.md", "# comment", "", "old/"]))
    assert rules.excluded("a.md")
    assert not rules.excluded("docs/keep.md")
    assert rules.excluded("old/keep.md")  # the parent directory is excluded
    assert not rules.excluded("a.html")


def test_exclude_globs_relative_to_input_root(tmp_path):
    root = tmp_path / "site"
    write(root / "en" / "news.html", EN_BYTES)
    write(root / "en" / "drafts" / "wip.html", EN_BYTES)
    write(root / "zh" / "archive" / "2019" / "old.html", ZH_UTF8)
    write(root / "zh" / "index.html", ZH_UTF8)
    write(root / "notes.md", MD_BYTES)
    write(root / "keep.md", MD_BYTES)
    items, stats = collect(
        [str(root)], exclude=["drafts/", "/zh/archive/**", "*.md", "!keep.md"])
    rel = [os.path.relpath(s, root) for s in sources(items)]
    assert rel == ["en/news.html", "keep.md", "zh/index.html"]
    assert stats.skipped["excluded"] == 3  # drafts dir, archive/2019 dir, notes.md


def test_exclude_applies_to_explicit_files_and_archive_members(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "a.md", MD_BYTES)
    write(tmp_path / "b.html", EN_BYTES)
    zpath = tmp_path / "export.zip"
    with zipfile.ZipFile(zpath, "w") as zf:
        zf.writestr("site/a.md", MD_BYTES)
        zf.writestr("site/b.html", EN_BYTES)
    items, stats = collect(["a.md", "b.html", "export.zip"], exclude=["*.md"])
    assert sources(items) == ["b.html", "export.zip!/site/b.html"]
    assert stats.skipped["excluded"] == 2


def test_auditorignore_and_ignore_file(tmp_path):
    root = tmp_path / "site"
    write(root / ".auditorignore", "# generated pages\nlegacy/\n*.txt\n!licence.txt\n".encode())
    write(root / "legacy" / "old.html", EN_BYTES)
    write(root / "robots.txt", b"User-agent: *")
    write(root / "licence.txt", b"MIT")
    write(root / "en" / "news.html", EN_BYTES)
    write(root / "en" / "print" / "news.html", EN_BYTES)
    extra = write(tmp_path / "team.ignore", b"print/\n")
    items, stats = collect([str(root)], ignore_file=str(extra))
    rel = [os.path.relpath(s, root) for s in sources(items)]
    assert rel == ["en/news.html", "licence.txt"]
    assert stats.skipped["excluded"] == 3
    # --exclude comes last, so it can re-include what the ignore files exclude
    items, _ = collect([str(root)], ignore_file=str(extra), exclude=["!print/"])
    assert "en/print/news.html" in [os.path.relpath(s, root) for s in sources(items)]


def test_missing_ignore_file_is_a_usage_error_at_call_time(tmp_path):
    with pytest.raises(SourceConfigError, match="ignore file"):
        iter_sources([str(tmp_path)], ignore_file=str(tmp_path / "missing.ignore"))


def test_inputs_must_be_a_sequence():
    with pytest.raises(TypeError):
        iter_sources("site/")


# ---------------------------------------------------------------------------------
# list files and stdin


def test_list_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    make_site(tmp_path / "site")
    write(tmp_path / "extra.md", MD_BYTES)
    write(tmp_path / "more.txt", b"site/zh/index.html\n")
    write(tmp_path / "paths.txt", (
        "# pages to audit\n"
        "site/en/news.html\n"
        "\n"
        "  extra.md  \n"
        "site/zh\n"
        "missing.html\n"
        "@more.txt\n"
        "@paths.txt\n"
    ).encode())
    items, stats = collect(["@paths.txt"])
    assert sources(items) == [
        "site/en/news.html",
        "extra.md",
        "site/zh/index.html",
        "site/zh/新闻/2024.htm",
        "missing.html",
        "site/zh/index.html",
        "@paths.txt",
    ]
    assert "no such file" in items[4].error
    assert "includes itself" in items[6].error
    assert stats.errors == 2


def test_missing_list_file(tmp_path):
    items, _ = collect(["@" + str(tmp_path / "none.txt")])
    assert items[0].source.startswith("@") and "cannot read list file" in items[0].error


class FakeStdin(io.TextIOWrapper):
    """A text stdin backed by bytes, like the real one (``.buffer``)."""

    def __init__(self, data: bytes):
        super().__init__(io.BytesIO(data), encoding="utf-8")


def test_stdin_is_read_once(monkeypatch):
    monkeypatch.setattr(sys, "stdin", FakeStdin(ZH_GBK))
    items, stats = collect(["-", "-"])
    assert len(items) == 1
    assert items[0].source == "-" and items[0].data == ZH_GBK
    assert stats.skipped["duplicate-stdin"] == 1


def test_stdin_without_buffer(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO(MD_NEWS))
    items, _ = collect(["-"])
    assert items[0].data == MD_BYTES


def test_stdin_too_large(monkeypatch):
    monkeypatch.setattr(sys, "stdin", FakeStdin(EN_BYTES))
    items, _ = collect(["-"], limits=Limits(max_file_bytes=100))
    assert items[0].source == "-" and "max_file_bytes=100" in items[0].error


def test_list_from_stdin(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    make_site(tmp_path / "site")
    monkeypatch.setattr(sys, "stdin", FakeStdin(b"site/en/news.html\nsite/README.txt\n"))
    items, _ = collect(["@-", "-"])
    assert sources(items) == ["site/en/news.html", "site/README.txt"]


def test_archive_on_stdin(monkeypatch):
    monkeypatch.setattr(sys, "stdin", FakeStdin(make_tgz()))
    items, _ = collect(["-"])
    assert sources(items) == ["-!/site/en/news.html", "-!/site/zh/新闻.html",
                              "-!/site/zh/gbk.htm"]


# ---------------------------------------------------------------------------------
# zip


def make_zip(path=None, **kw) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED, **kw) as zf:
        zf.writestr("site/", b"")
        zf.writestr("site/en/news.html", EN_BYTES)
        zf.writestr("site/en/logo.png", PNG)
        zf.writestr("site/zh/新闻.html", ZH_UTF8)  # UTF-8 name flag set by zipfile
        zf.writestr("site/zh/gbk.htm", ZH_GBK, compress_type=zipfile.ZIP_STORED)
        zf.writestr("site/about.md", MD_BYTES)
        zf.writestr("site/old-export.zip", b"PK\x05\x06" + b"\x00" * 18)
        zf.writestr("__MACOSX/site/en/._news.html", b"\x00\x05\x16\x07")
    data = buf.getvalue()
    if path is not None:
        path.write_bytes(data)
    return data


ZIP_MEMBERS = ["site/en/news.html", "site/zh/新闻.html", "site/zh/gbk.htm", "site/about.md"]


def test_zip_members_in_archive_order(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    make_zip(tmp_path / "export.zip")
    items, stats = collect(["export.zip"])
    assert sources(items) == ["export.zip!/" + m for m in ZIP_MEMBERS]
    assert [i.data for i in items] == [EN_BYTES, ZH_UTF8, ZH_GBK, MD_BYTES]
    assert items[1].meta == {"archive": "export.zip", "member": "site/zh/新闻.html"}
    assert stats.skipped["nested-archive"] == 1
    assert stats.skipped["non-page"] == 1
    assert stats.skipped["hidden"] == 1
    assert not errors(items)


class GbkZipInfo(zipfile.ZipInfo):
    """Writes the name in GBK without the UTF-8 flag, as Windows zip tools in China do."""

    def _encodeFilenameFlags(self):
        return self.filename.encode("gbk"), self.flag_bits


def test_zip_gbk_member_names_without_utf8_flag(tmp_path):
    path = tmp_path / "cn.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr(GbkZipInfo("新闻/公告.html"), ZH_GBK)
    assert "新闻".encode("gbk") in path.read_bytes()
    items, _ = collect([str(path)])
    assert [i.meta.get("member") for i in items] == ["新闻/公告.html"]
    assert items[0].data == ZH_GBK
    assert count_hint([str(path)]) == 1


def test_archives_detected_by_magic_not_extension(tmp_path):
    root = tmp_path / "exports"
    root.mkdir()
    make_zip(root / "export.bin")
    write(root / "crawl.dat", build_warc(gz=True))
    write(root / "bundle", make_tgz())
    write(root / "fake.zip", EN_BYTES)  # named like a zip, but HTML: not expanded
    items, stats = collect([str(root)])
    rel = [os.path.relpath(s, root) for s in sources(items) if not s.startswith("https:")]
    assert rel[:3] == ["bundle!/site/en/news.html", "bundle!/site/zh/新闻.html",
                       "bundle!/site/zh/gbk.htm"]
    assert "export.bin!/site/en/news.html" in rel
    assert "https://www.example-pharma.cn/zh/news/2024-03-05" in sources(items)
    assert stats.skipped["non-page"] >= 1  # fake.zip in a directory: skipped
    # named explicitly, a file that claims to be an archive but is not says so
    items, _ = collect([str(root / "fake.zip")])
    assert "not a zip, tar or WARC archive" in items[0].error


def test_zip_bomb_member_is_refused_and_scan_continues(tmp_path):
    path = tmp_path / "bomb.zip"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("site/en/news.html", EN_BYTES)
        zf.writestr("site/bomb.html", b"\x00" * (30 * 1024 * 1024))
        zf.writestr("site/zh/gbk.htm", ZH_GBK)
    assert path.stat().st_size < 100_000
    after = write(tmp_path / "after.html", EN_BYTES)
    items, stats = collect([str(path), str(after)])
    assert sources(items) == [f"{path}!/site/en/news.html", f"{path}!/site/bomb.html",
                              f"{path}!/site/zh/gbk.htm", str(after)]
    bomb = items[1]
    assert bomb.data is None
    assert "max_ratio=200" in bomb.error and "'site/bomb.html'" in bomb.error
    assert str(path) in bomb.error
    assert items[2].data == ZH_GBK
    assert stats.skipped["compression-ratio"] == 1


def test_zip_member_over_size_limit(tmp_path):
    path = tmp_path / "e.zip"
    make_zip(path)
    assert len(ZH_GBK) < 800 < len(ZH_UTF8)
    items, stats = collect([str(path)], limits=Limits(max_member_bytes=800))
    assert sources(items) == [f"{path}!/{m}" for m in ZIP_MEMBERS]
    big = [i for i in items if i.error]
    assert len(big) == 2 and all("max_member_bytes=800" in i.error for i in big)
    assert "'site/en/news.html'" in big[0].error and str(path) in big[0].error
    assert [i.data for i in items[2:]] == [ZH_GBK, MD_BYTES]
    assert stats.skipped["too-large"] == 2


def test_zip_member_count_limit(tmp_path):
    path = tmp_path / "e.zip"
    make_zip(path)
    items, stats = collect([str(path)], limits=Limits(max_members=4))
    # members 1-4 are: the directory, news.html, logo.png, 新闻.html
    assert sources(items)[:2] == [f"{path}!/site/en/news.html", f"{path}!/site/zh/新闻.html"]
    assert "max_members=4" in items[-1].error and items[-1].source == str(path)
    assert stats.skipped["member-limit"] == 1


def test_zip_total_limit(tmp_path):
    path = tmp_path / "e.zip"
    make_zip(path)
    items, stats = collect([str(path)], limits=Limits(max_total_bytes=len(EN_BYTES) + 10))
    assert items[0].data == EN_BYTES
    assert "max_total_bytes" in items[1].error and len(items) == 2


def test_zip_path_traversal_names(tmp_path):
    path = tmp_path / "evil.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("../../etc/passwd.html", b"root:x:0:0")
        zf.writestr("/var/www/index.html", EN_BYTES)
        zf.writestr("site/../../escape.html", EN_BYTES)
        zf.writestr("C:\\Windows\\evil.html", EN_BYTES)
        zf.writestr("./site/en/news.html", EN_BYTES)
        zf.writestr("site\\zh\\gbk.htm", ZH_GBK)
    items, stats = collect([str(path)])
    bad = items[:4]
    assert all(i.error and "unsafe name" in i.error and i.data is None for i in bad)
    assert "path traversal" in bad[0].error and "absolute path" in bad[1].error
    assert bad[0].source == f"{path}!/../../etc/passwd.html"
    assert sources(items[4:]) == [f"{path}!/site/en/news.html", f"{path}!/site/zh/gbk.htm"]
    assert stats.skipped["unsafe-name"] == 4


def test_encrypted_zip_member(tmp_path):
    data = bytearray(make_zip())
    # set the "encrypted" flag of the first page member in both headers
    name = "site/en/news.html".encode()
    for sig, flag_at in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        pos = 0
        while True:
            pos = data.find(sig, pos)
            name_at = pos + (30 if sig == b"PK\x03\x04" else 46)
            if data[name_at:name_at + len(name)] == name:
                break
            pos += 4
        flags = struct.unpack_from("<H", data, pos + flag_at)[0]
        struct.pack_into("<H", data, pos + flag_at, flags | 1)
    path = write(tmp_path / "locked.zip", bytes(data))
    items, stats = collect([str(path)])
    assert "encrypted" in items[0].error and items[0].source.endswith("news.html")
    assert [i.data for i in items[1:]] == [ZH_UTF8, ZH_GBK, MD_BYTES]
    assert stats.skipped["encrypted"] == 1


def test_truncated_zip_recovers_complete_members(tmp_path):
    data = make_zip()
    gbk_at = data.find(b"site/zh/gbk.htm")  # local header name of the stored member
    cut = gbk_at + 100  # inside its data
    path = write(tmp_path / "cut.zip", data[:cut])
    items, stats = collect([str(path)])
    assert [i.data for i in items[:2]] == [EN_BYTES, ZH_UTF8]
    last = items[-1]
    assert len(items) == 3
    assert "truncated" in last.error and "site/zh/gbk.htm" in last.error
    assert last.source == f"{path}!/site/zh/gbk.htm"
    assert stats.errors == 1


def test_zip_cut_in_central_directory(tmp_path):
    data = make_zip()
    cd = data.find(b"PK\x01\x02")
    path = write(tmp_path / "cut.zip", data[:cd + 30])
    items, _ = collect([str(path)])
    assert [i.data for i in items[:4]] == [EN_BYTES, ZH_UTF8, ZH_GBK, MD_BYTES]
    assert "central directory" in items[-1].error and len(items) == 5


class NoSeek(io.RawIOBase):
    """A write-only stream without seek/tell: zipfile writes data descriptors."""

    def __init__(self):
        self.buf = bytearray()

    def writable(self):
        return True

    def write(self, b):
        self.buf += b
        return len(b)


def test_streamed_zip_with_data_descriptors_on_stdin(monkeypatch):
    out = NoSeek()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("site/en/news.html", EN_BYTES)
        zf.writestr("site/bomb.html", b"\x00" * (30 * 1024 * 1024))
        zf.writestr("site/zh/gbk.htm", ZH_GBK)
    data = bytes(out.buf)
    assert struct.unpack_from("<H", data, 6)[0] & 0x8  # sizes in data descriptors
    monkeypatch.setattr(sys, "stdin", FakeStdin(data))
    items, stats = collect(["-"])
    assert items[0].source == "-!/site/en/news.html" and items[0].data == EN_BYTES
    # Without sizes, the end of a bomb can only be found by inflating it: stop there.
    assert "max_ratio" in items[1].error and "site/bomb.html" in items[1].error
    assert len(items) == 2
    assert stats.skipped["compression-ratio"] == 1


def test_streamed_zip_reads_all_members(monkeypatch):
    out = NoSeek()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, data in (("a/news.html", EN_BYTES), ("b/新闻.html", ZH_UTF8),
                           ("c/about.md", MD_BYTES)):
            zf.writestr(name, data)
    monkeypatch.setattr(sys, "stdin", FakeStdin(bytes(out.buf)))
    items, _ = collect(["-"])
    assert [(i.source, i.data) for i in items] == [
        ("-!/a/news.html", EN_BYTES), ("-!/b/新闻.html", ZH_UTF8), ("-!/c/about.md", MD_BYTES)]


# ---------------------------------------------------------------------------------
# tar


def make_tgz(mode="w:gz", extra=()) -> bytes:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode=mode) as tf:
        def add(name, data=b"", kind=tarfile.REGTYPE, link=""):
            info = tarfile.TarInfo(name)
            info.type = kind
            info.linkname = link
            info.size = len(data) if kind == tarfile.REGTYPE else 0
            info.mtime = 1709625600
            tf.addfile(info, io.BytesIO(data) if data else None)
        add("./site", kind=tarfile.DIRTYPE)
        add("./site/en/news.html", EN_BYTES)
        add("./site/en/logo.png", PNG)
        add("./site/en/latest.html", kind=tarfile.SYMTYPE, link="news.html")
        add("./site/zh/新闻.html", ZH_UTF8)
        add("./site/.cache/x.html", EN_BYTES)
        for name, data in extra:
            add(name, data)
        add("./site/zh/gbk.htm", ZH_GBK)
    return buf.getvalue()


TAR_MEMBERS = ["site/en/news.html", "site/zh/新闻.html", "site/zh/gbk.htm"]


@pytest.mark.parametrize("mode, name", [("w:gz", "export.tar.gz"), ("w:gz", "export.tgz"),
                                        ("w", "export.tar"), ("w:bz2", "export.tar.bz2"),
                                        ("w:xz", "export.txz")])
def test_tar_archives(tmp_path, monkeypatch, mode, name):
    monkeypatch.chdir(tmp_path)
    write(tmp_path / name, make_tgz(mode))
    items, stats = collect([name])
    assert sources(items) == [f"{name}!/{m}" for m in TAR_MEMBERS]
    assert [i.data for i in items] == [EN_BYTES, ZH_UTF8, ZH_GBK]
    assert items[2].meta == {"archive": name, "member": "site/zh/gbk.htm"}
    assert stats.skipped["not-regular"] == 1  # the symlink
    assert stats.skipped["hidden"] == 1 and stats.skipped["non-page"] == 1


def test_truncated_tar_gz(tmp_path):
    data = make_tgz(extra=[("./site/zh/big.html", os.urandom(200_000))])
    path = write(tmp_path / "cut.tar.gz", data[: len(data) * 2 // 3])
    after = write(tmp_path / "after.md", MD_BYTES)
    items, stats = collect([str(path), str(after)])
    assert [i.data for i in items[:2]] == [EN_BYTES, ZH_UTF8]
    err = items[2]
    assert err.error and "truncated" in err.error and str(path) in err.error
    assert items[3].source == str(after)
    assert stats.errors == 1


def test_truncated_plain_tar(tmp_path):
    data = make_tgz("w")
    header = data.find(b"./site/zh/gbk.htm")
    cut = header + 512 + 100  # inside the last member's data
    path = write(tmp_path / "cut.tar", data[:cut])
    items, _ = collect([str(path)])
    assert [i.data for i in items[:2]] == [EN_BYTES, ZH_UTF8]
    assert "truncated" in items[2].error and "site/zh/gbk.htm" in items[2].error
    # cut exactly after a member: no end-of-archive marker
    path = write(tmp_path / "cut2.tar", data[:header])
    items, _ = collect([str(path)])
    assert [i.data for i in items[:2]] == [EN_BYTES, ZH_UTF8]
    assert "end-of-archive marker" in items[2].error


def test_tar_bomb_stops_archive_not_scan(tmp_path):
    data = make_tgz(extra=[("./site/bomb.html", b"\x00" * (30 * 1024 * 1024))])
    path = write(tmp_path / "bomb.tgz", data)
    after = write(tmp_path / "after.html", EN_BYTES)
    items, stats = collect([str(path), str(after)])
    assert [i.data for i in items[:2]] == [EN_BYTES, ZH_UTF8]
    assert "max_ratio=200" in items[2].error and str(path) in items[2].error
    assert items[3].source == str(after)
    assert stats.skipped["compression-ratio"] == 1


def test_tar_member_limits(tmp_path):
    path = write(tmp_path / "e.tgz", make_tgz())
    items, stats = collect([str(path)], limits=Limits(max_member_bytes=800))
    assert [bool(i.error) for i in items] == [True, True, False]
    assert "max_member_bytes=800" in items[0].error
    assert sources(items) == [f"{path}!/{m}" for m in TAR_MEMBERS]
    items, _ = collect([str(path)], limits=Limits(max_members=3))
    assert items[0].data == EN_BYTES and "max_members=3" in items[1].error
    items, _ = collect([str(path)], limits=Limits(max_total_bytes=5000))
    assert "max_total_bytes" in items[-1].error


def test_tar_path_traversal(tmp_path):
    data = make_tgz(extra=[("../../etc/cron.html", b"x"), ("/etc/motd.html", b"x")])
    path = write(tmp_path / "evil.tgz", data)
    items, stats = collect([str(path)])
    bad = errors(items)
    assert [i.source for i in bad] == [f"{path}!/../../etc/cron.html", f"{path}!//etc/motd.html"]
    assert all("unsafe name" in i.error for i in bad)
    assert [i.data for i in items if not i.error] == [EN_BYTES, ZH_UTF8, ZH_GBK]
    assert stats.skipped["unsafe-name"] == 2


def test_nested_archives_are_counted_not_expanded(tmp_path):
    inner = make_zip()
    data = make_tgz(extra=[("./site/inner.zip", inner), ("./site/crawl.warc.gz", b"x")])
    path = write(tmp_path / "outer.tgz", data)
    items, stats = collect([str(path)])
    assert len(items) == 3
    assert stats.skipped["nested-archive"] == 2


# ---------------------------------------------------------------------------------
# WARC

ZH_URL = "https://www.example-pharma.cn/zh/news/2024-03-05"
EN_URL = "https://www.example-pharma.com/en/news/phase-iii"
GZ_URL = "https://www.example-pharma.cn/zh/news/chunked"


def _http(status, headers):
    return StatusAndHeaders(status, headers, protocol="HTTP/1.1")


def _chunked(body: bytes, size: int = 37) -> bytes:
    out = b""
    for i in range(0, len(body), size):
        part = body[i:i + size]
        out += b"%x\r\n" % len(part) + part + b"\r\n"
    return out + b"0\r\n\r\n"


def build_warc(gz: bool, extra=None) -> bytes:
    buf = io.BytesIO()
    w = WARCWriter(buf, gzip=gz)
    w.write_record(w.create_warcinfo_record("crawl.warc", {"software": "test-crawler/1.0"}))
    w.write_record(w.create_warc_record(
        EN_URL, "request", payload=io.BytesIO(b""),
        http_headers=StatusAndHeaders("GET /en/news/phase-iii HTTP/1.1",
                                      [("Host", "www.example-pharma.com")],
                                      is_http_request=True)))
    w.write_record(w.create_warc_record(
        EN_URL, "response", payload=io.BytesIO(EN_BYTES),
        http_headers=_http("200 OK", [
            ("Content-Type", "text/html; charset=utf-8"),
            ("Date", "Tue, 05 Mar 2024 09:00:00 GMT"),
            ("Last-Modified", "Tue, 05 Mar 2024 08:00:00 GMT")]),
        warc_headers_dict={"WARC-Date": "2024-03-05T09:00:01Z"}))
    w.write_record(w.create_warc_record(
        EN_URL, "metadata", payload=io.BytesIO(b"outlink: https://www.example-pharma.com/\r\n"),
        warc_content_type="application/warc-fields"))
    w.write_record(w.create_warc_record(
        ZH_URL, "response", payload=io.BytesIO(ZH_GBK),
        http_headers=_http("200 OK", [("Content-Type", "text/html; charset=GBK")])))
    w.write_record(w.create_revisit_record(
        ZH_URL, "sha1:3I42H3S6NNFQ2MSVX7XZKYAYSCX5QBYJ", ZH_URL, "2024-03-01T00:00:00Z",
        http_headers=_http("200 OK", [("Content-Type", "text/html; charset=GBK")])))
    w.write_record(w.create_warc_record(
        "https://www.example-pharma.cn/zh/gone", "response",
        payload=io.BytesIO(b"<html><body>404 Not Found</body></html>"),
        http_headers=_http("404 Not Found", [("Content-Type", "text/html")])))
    w.write_record(w.create_warc_record(
        "https://www.example-pharma.cn/img/logo.png", "response", payload=io.BytesIO(PNG),
        http_headers=_http("200 OK", [("Content-Type", "image/png")])))
    w.write_record(w.create_warc_record(
        GZ_URL, "response", payload=io.BytesIO(_chunked(gzip.compress(ZH_UTF8))),
        http_headers=_http("200 OK", [("Content-Type", "text/html;charset=UTF-8"),
                                      ("Transfer-Encoding", "chunked"),
                                      ("Content-Encoding", "gzip")])))
    w.write_record(w.create_warc_record(
        "https://www.example-pharma.cn/robots.txt", "resource", payload=io.BytesIO(b"x"),
        warc_content_type="application/octet-stream"))
    w.write_record(w.create_warc_record(
        "file:///export/about.html", "resource", payload=io.BytesIO(MD_BYTES),
        warc_content_type="text/plain; charset=utf-8"))
    for rec in (extra or ()):
        w.write_record(rec(w))
    return buf.getvalue()


WARC_PAGES = [EN_URL, ZH_URL, GZ_URL, "file:///export/about.html"]


@pytest.mark.parametrize("gz", [False, True])
def test_warc_pages_and_skips(tmp_path, gz):
    path = write(tmp_path / ("crawl.warc.gz" if gz else "crawl.warc"), build_warc(gz))
    items, stats = collect([str(path)])
    assert sources(items) == WARC_PAGES
    en, zh, chunked, resource = items
    assert en.data == EN_BYTES and en.content_type == "text/html; charset=utf-8"
    assert en.meta["url"] == EN_URL and en.meta["archive"] == str(path)
    assert en.meta["date"] == "2024-03-05T09:00:01Z"  # capture date (WARC-Date)
    assert en.meta["http_date"] == "2024-03-05T09:00:00Z"
    assert en.meta["last_modified"] == "2024-03-05T08:00:00Z"
    assert en.meta["status"] == 200 and en.meta["record_type"] == "response"
    assert zh.data == ZH_GBK and zh.content_type == "text/html; charset=GBK"
    assert chunked.data == ZH_UTF8  # de-chunked and gunzipped
    assert resource.data == MD_BYTES and resource.meta["record_type"] == "resource"
    assert not errors(items)
    assert dict(stats.skipped) == {
        "warc-warcinfo": 1, "warc-request": 1, "warc-metadata": 1, "warc-revisit": 1,
        "warc-non-2xx": 1, "warc-non-html": 2,
    }


def test_warc_whole_file_gzip(tmp_path):
    # `gzip crawl.warc` makes one gzip member, not one per record: still readable
    path = write(tmp_path / "crawl.warc.gz", gzip.compress(build_warc(gz=False)))
    items, _ = collect([str(path)])
    assert sources(items) == WARC_PAGES


@pytest.mark.parametrize("gz", [False, True])
def test_truncated_warc(tmp_path, gz):
    data = build_warc(gz)
    if gz:
        cut = data.find(b"\x1f\x8b", len(data) // 2) + 40
    else:
        cut = data.find(ZH_GBK) + 200
    path = write(tmp_path / "cut.warc", data[:cut])
    after = write(tmp_path / "after.html", EN_BYTES)
    items, stats = collect([str(path), str(after)])
    assert items[0].source == EN_URL and items[0].data == EN_BYTES
    errs = errors(items)
    assert len(errs) == 1 and "truncated" in errs[0].error and str(path) in errs[0].error
    assert items[-1].source == str(after)
    assert stats.items == len(items) - 1


def test_corrupt_warc_record_stops_file(tmp_path):
    data = build_warc(gz=False)
    pos = data.find(b"WARC/1.", data.find(ZH_GBK))  # the record after the GBK page
    data = data[:pos] + b"GARBAGE NOT A RECORD\r\n" + data[pos + 10:]
    path = write(tmp_path / "bad.warc", data)
    items, _ = collect([str(path)])
    assert sources(items)[:2] == [EN_URL, ZH_URL]
    assert "damaged" in items[2].error and len(items) == 3


def test_warc_record_over_limit_and_bad_encoding(tmp_path):
    big = b"<html><body>" + b"<p>Example Pharma</p>" * 3000 + b"</body></html>"

    def big_page(w):
        return w.create_warc_record(
            "https://www.example-pharma.com/big", "response", payload=io.BytesIO(big),
            http_headers=_http("200 OK", [("Content-Type", "text/html")]))

    def brotli(w):
        return w.create_warc_record(
            "https://www.example-pharma.com/br", "response", payload=io.BytesIO(b"\x8b\x02"),
            http_headers=_http("200 OK", [("Content-Type", "text/html"),
                                          ("Content-Encoding", "br")]))

    def last(w):
        return w.create_warc_record(
            "https://www.example-pharma.com/last", "response", payload=io.BytesIO(EN_BYTES),
            http_headers=_http("200 OK", [("Content-Type", "application/xhtml+xml")]))

    path = write(tmp_path / "c.warc.gz", build_warc(True, [big_page, brotli, last]))
    items, stats = collect([str(path)], limits=Limits(max_member_bytes=len(big) - 1))
    by = {i.source: i for i in items}
    assert "max_member_bytes" in by["https://www.example-pharma.com/big"].error
    assert "Content-Encoding" in by["https://www.example-pharma.com/br"].error
    assert by["https://www.example-pharma.com/last"].data == EN_BYTES
    assert stats.skipped["too-large"] == 1


def test_warc_stored_decoded_despite_content_encoding(tmp_path):
    def decoded(w):  # crawlers often store the decoded body and keep the header
        return w.create_warc_record(
            "https://www.example-pharma.com/decoded", "response", payload=io.BytesIO(EN_BYTES),
            http_headers=_http("200 OK", [("Content-Type", "text/html"),
                                          ("Content-Encoding", "gzip")]))
    path = write(tmp_path / "d.warc", build_warc(False, [decoded]))
    items, _ = collect([str(path)])
    assert items[-1].source.endswith("/decoded") and items[-1].data == EN_BYTES


def _arc(records) -> bytes:
    desc = b"1 0 Example Pharma crawl\nURL IP-address Archive-date Content-type Archive-length\n"
    out = b"filedesc://crawl.arc 0.0.0.0 20240305090000 text/plain %d\n" % len(desc) + desc
    out += b"\n"
    for url, ctype, body in records:
        http = b"HTTP/1.1 200 OK\r\nContent-Type: " + ctype + b"\r\n\r\n" + body
        out += b"%s 192.0.2.1 20240305090000 %s %d\n" % (url, ctype, len(http)) + http + b"\n"
    return out


@pytest.mark.parametrize("gz", [False, True])
def test_arc_files_are_read_deterministically(tmp_path, gz):
    data = _arc([(b"http://www.example-pharma.com/en/news", b"text/html", EN_BYTES),
                 (b"http://www.example-pharma.com/logo.png", b"image/png", PNG)])
    path = write(tmp_path / "crawl.arc", gzip.compress(data) if gz else data)
    first, stats = collect([path])  # a pathlib.Path works too
    second, _ = collect([str(path)])
    assert first == second  # no made-up record ids
    assert sources(first) == ["http://www.example-pharma.com/en/news"]
    assert first[0].data == EN_BYTES and "record_id" not in first[0].meta
    assert first[0].meta["date"] == "2024-03-05T09:00:00Z"
    assert stats.skipped["warc-non-html"] == 1


# ---------------------------------------------------------------------------------
# count_hint, stats, robustness


def test_count_hint(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    make_site(tmp_path / "site")
    make_zip(tmp_path / "export.zip")
    write(tmp_path / "e.tgz", make_tgz())
    write(tmp_path / "list.txt", b"site/en\n# c\nexport.zip\n")
    assert count_hint(["site"]) == 5
    assert count_hint(["export.zip"]) == 4
    assert count_hint(["site", "export.zip", "-", "missing.html"]) == 11
    assert count_hint(["@list.txt"]) == 6
    assert count_hint(["site"], exclude=["*.md"]) == 4
    assert count_hint(["e.tgz"]) is None
    write(tmp_path / "c.warc.gz", build_warc(True))
    assert count_hint(["site", "c.warc.gz"]) is None
    items, _ = collect(["site", "export.zip", "missing.html"])
    assert len(items) == count_hint(["site", "export.zip", "missing.html"])


def test_stats_as_dict_is_sorted(tmp_path):
    items, stats = collect([str(make_site(tmp_path / "site"))])
    d = stats.as_dict()
    assert list(d["skipped"]) == sorted(d["skipped"])
    assert d["items"] == len(items) and stats.total_skipped == 5


def test_source_item_is_frozen_and_hashable():
    item = SourceItem("a.html", b"x", meta={"path": "a.html"})
    with pytest.raises(AttributeError):
        item.source = "b"  # type: ignore[misc]
    assert hash(item) == hash(SourceItem("a.html", b"x", meta={"other": 1}))
    with pytest.raises(ValueError):
        Limits(max_members=0)


_SAMPLES = {}


def _sample(kind: str) -> bytes:
    if kind not in _SAMPLES:
        _SAMPLES[kind] = {"zip": make_zip, "tgz": make_tgz,
                          "warcgz": lambda: build_warc(True),
                          "warc": lambda: build_warc(False)}[kind]()
    return _SAMPLES[kind]


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(kind=st.sampled_from(["zip", "tgz", "warcgz", "warc"]),
       cut=st.floats(0, 1), flips=st.lists(st.tuples(st.floats(0, 1), st.integers(1, 255)),
                                           max_size=3))
def test_damaged_archives_never_raise(tmp_path, kind, cut, flips):
    data = bytearray(_sample(kind))
    for where, xor in flips:
        data[int(where * (len(data) - 1))] ^= xor
    data = bytes(data[: max(1, int(cut * len(data)))])
    path = tmp_path / f"fuzz.{kind}"
    path.write_bytes(data)
    stats = ScanStats()
    items = list(iter_sources([str(path)], stats=stats))
    for item in items:
        assert isinstance(item, SourceItem)
        assert (item.data is None) != (item.error is None)
    assert stats.items + stats.errors == len(items)


def test_memory_stays_bounded_for_large_skipped_members(tmp_path):
    # A 12 MiB non-page member in a tar.gz is skipped by streaming through it.
    import tracemalloc

    blob = os.urandom(1 << 20) * 12  # repeats beyond the deflate window: incompressible
    data = make_tgz(extra=[("./site/video.mp4", blob)])
    path = write(tmp_path / "v.tgz", data)
    del blob, data
    tracemalloc.start()
    items, stats = collect([str(path)])
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert [i.data for i in items] == [EN_BYTES, ZH_UTF8, ZH_GBK]
    assert peak < 8 * 1024 * 1024
