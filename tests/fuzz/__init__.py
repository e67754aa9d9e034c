"""Fuzzing harness (issue 13): hostile variations of the corpus pages and rule files.

Targets, each a function of one input that must return normally for *every* input:

- ``decode``: bytes (and a Content-Type) -> text, or ``InputError``;
- ``html``, ``markdown``, ``text``: each parser on decoded text; block offsets stay inside
  the page text;
- ``rules``: a mutated bundled rule file loads or is refused with ``RulesetError``; a
  mutated profile loads or is refused with ``ProfileError``;
- ``check``: the full check of a page (decode, parse, segment, rules, JSON and text
  report), which must never raise and must give the same JSON twice.

Inputs are the pages in ``corpora/pages`` (the seeds) changed by a list of edits:
insertions of hostile fragments (markup that breaks parsers, control characters, byte
order marks, deep nesting, huge attribute lists), deletions, duplications, truncation,
byte flips and splices of two seeds. Hypothesis picks the edits and shrinks a failure.

The test suite runs every target for a few seconds (``tests/test_fuzz.py``); a longer
session is ``python -m tests.fuzz --minutes 10`` (see ``--help``).
"""
from __future__ import annotations

import functools
import json
import os
import tempfile
import time
from pathlib import Path

from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "corpora" / "pages"
BUNDLED = ROOT / "auditor" / "bundled_rulesets"
RULES = BUNDLED / "cn-pharma" / "rules"
PROFILES = BUNDLED / "profiles"
MAX_SEED_BYTES = 64 * 1024  # long enough for every structure in the corpus, short enough for speed

FRAGMENTS = [
    b"<", b">", b"</", b"/>", b"<!--", b"-->", b"<!DOCTYPE html [ <!ENTITY x 'y'> ]>", b"<![CDATA[", b"]]>",
    b"<?xml version='1.0' encoding='gb18030'?>", b"<meta charset=\"big5\">", b"<meta charset=utf-16>",
    b"<script>", b"</script>", b"<style>", b"</style>", b"<template>", b"<noscript>", b"<plaintext>",
    b"</html>", b"</body>", b"<html>", b"<body>", b"<nav>", b"<footer>", b"<main>", b"<table><tr><td>",
    b"<div hidden>", b"<div style='display:none'>", b"<a href='https://x.example/'>", b"<br>", b"<p>",
    b"<div " + b" ".join(b"a%d=x" % i for i in range(2000)) + b">",
    b"<div>" * 3000, b"<b><i>" * 500, b"&", b"&#0;", b"&#x110000;", b"&amp", b"&nbsp;", b"&#xD800;",
    b"\x00", b"\x1b[31m", b"\x07", b"\r", b"\r\n", b"\n\n", b"\t", b"\x0c", b"\xef\xbb\xbf", b"\xff\xfe",
    b"\xfe\xff", b"\xed\xa0\x80", b"\xc3", b"\xe4\xb8", b"\x80\x81", b"\xa1\xa1", b"\xe2\x80\xae",
    b"\xe2\x80\xa8", b"\xef\xbf\xbf",
    b"# ", b"## ", b"---\n", b"---\ntitle: x\n---\n", b"* ", b"1. ", b"> ", b"```", b"| a | b |\n|---|---|\n",
    b"[x](http://y.example/)", b"![i](", b"**", b"__", b"`", b"\\", b"[", b"](", b"[^1]:",
    "审批编号：".encode(), "国药准字H20200001".encode(), "沪药广审（文）第2024010001号".encode(),
    "最好".encode(), "治愈".encode(), "前瞻性陈述".encode(), "本公司不推荐".encode(), "在研".encode(),
    "臺灣".encode("big5", "replace"), "中文".encode("gb18030"), "中文".encode("utf-16-le"),
    b"AZD1234", b"forward-looking statements", b"investigational", b"not approved", b"safe and effective",
    b"July 1, 2026", b"2026-02-30", b"2026\xe5\xb9\xb47\xe6\x9c\x881\xe6\x97\xa5",
    b"<!-- auditor-disable-file -->", b"<!-- auditor-disable-next-line absolute-claim -- ok until=2026-02-30 -->",
    b"<!-- auditor-enable -->", b"x" * 5000, "审".encode() * 3000,
]

YAML_FRAGMENTS = [
    ": ", "- ", "&a ", "*a", "!!python/object:os.system ", "!!binary ", "{", "}", "[", "]", "'", '"', "\\",
    "\n  ", "\n", "\t", "#", "|", ">", "---\n", "...\n", "\x00", "\ufeff", "{x}", "{evidence}", "{value!r}",
    "{0}", "{evidence.__class__}", "1e26", "-1", ".nan", "999999999999999999999", "null", "~", "true",
    "(a+)+b", "[", "(?P<x>", "\\p{Han}", "(?=x)", "*" * 10, "x" * 200,
    "kind: forbid\n", "kind: require\n", "kind: format\n", "kind: consistent\n", "severity: error\n",
    "category: absolute-claim\n", "min_count: 100000000000\n", "near: 1e9\n", "scope: [content]\n",
]


@functools.lru_cache(maxsize=None)
def seeds() -> tuple[tuple[str, bytes], ...]:
    """The corpus pages (name, first MAX_SEED_BYTES bytes); a tiny stand-in when absent."""
    pages = []
    if CORPUS.is_dir():
        for p in sorted(CORPUS.iterdir()):
            if p.is_file():
                pages.append((p.name, p.read_bytes()[:MAX_SEED_BYTES]))
    return tuple(pages) or (("seed.html", b"<html><body><p>hello</p></body></html>"), ("seed.md", b"# hello\n"))


@functools.lru_cache(maxsize=None)
def text_seeds(folder: Path) -> tuple[tuple[str, str], ...]:
    return tuple((p.name, p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.yaml")))


def _edit(data, edits, fragments, other):
    """Apply ``edits`` (from :func:`edits`) to ``data`` (bytes or str)."""
    for op, frac, n, k in edits:
        pos = int(frac * len(data))
        if op == "insert":
            data = data[:pos] + fragments[k % len(fragments)] * (1 + n % 4) + data[pos:]
        elif op == "delete":
            data = data[:pos] + data[pos + n:]
        elif op == "duplicate":
            data = data[:pos] + data[pos:pos + n] * (2 + k % 50) + data[pos:]
        elif op == "truncate":
            data = data[:pos]
        elif op == "flip" and data:
            i = min(pos, len(data) - 1)
            if isinstance(data, bytes):
                data = data[:i] + bytes([data[i] ^ (1 << (k % 8))]) + data[i + 1:]
            else:
                data = data[:i] + chr((ord(data[i]) ^ (1 << (k % 16))) % 0xD800) + data[i + 1:]
        elif op == "splice":
            o = other[k % len(other)]
            data = data[:pos] + o[int((n % 100) / 100 * len(o)):]
    return data


def edits(max_size: int = 8):
    return st.lists(st.tuples(st.sampled_from(("insert", "insert", "insert", "delete", "duplicate", "truncate",
                                                "flip", "splice")),
                              st.floats(0, 1), st.integers(0, 4096), st.integers(0, 10**6)),
                    max_size=max_size)


@st.composite
def pages(draw):
    """``(name, data)``: a corpus page with edits; the name keeps the seed's extension."""
    all_seeds = seeds()
    name, data = draw(st.sampled_from(all_seeds))
    return name, _edit(data, draw(edits()), FRAGMENTS, [d for _n, d in all_seeds])


@st.composite
def texts(draw):
    """Decoded page text with edits (made from :func:`pages`)."""
    from auditor.read.decode import InputError, decode

    name, data = draw(pages())
    try:
        return decode(data).text
    except InputError:
        return data.decode("utf-8", "replace")


@st.composite
def yaml_files(draw, folder: Path):
    """``(name, text)``: a bundled rule file or profile with edits."""
    files = text_seeds(folder)
    name, text = draw(st.sampled_from(files))
    return name, _edit(text, draw(edits(6)), YAML_FRAGMENTS, [t for _n, t in files])


# ---------------------------------------------------------------------------- targets


def target_decode(data: bytes, content_type: str | None = None) -> None:
    from auditor.read.decode import InputError, decode

    try:
        decoded = decode(data, content_type)
    except InputError:
        return
    assert isinstance(decoded.text, str)


def target_parse(text: str, fmt: str) -> None:
    from auditor.read.parse import parse

    page = parse(text, fmt)
    n = len(page.text)
    for b in page.blocks:
        assert 0 <= b.start <= b.end <= n, (b.start, b.end, n)


def target_rule_file(name: str, text: str) -> None:
    from auditor.rules.loader import RulesetError, load_rule_file

    lexicons = _bundled_lexicons()
    with tempfile.TemporaryDirectory(prefix="auditor-fuzz-") as d:
        path = Path(d) / name
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        try:
            load_rule_file(path, "cn-pharma", lexicons)
        except RulesetError:
            pass


def target_profile(name: str, text: str) -> None:
    from auditor.recognize.profile import ProfileError, load_profile

    with tempfile.TemporaryDirectory(prefix="auditor-fuzz-") as d:
        path = Path(d) / name
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        try:
            load_profile(str(path))
        except ProfileError:
            pass


def target_check(name: str, data: bytes) -> None:
    """The full check of one page, as `auditor check` runs it, twice: same JSON."""
    import io

    from auditor.audit.limits import check_page
    from auditor.read.pipeline import load_document
    from auditor.report import ReportOptions, writer_class
    from auditor.report.jsonout import document_record

    engine = _engine()
    records = []
    for _ in range(2):
        doc = load_document(data, name)
        findings = check_page(engine, doc)
        records.append(json.dumps(document_record(doc, findings, segments=True), ensure_ascii=False, sort_keys=True))
        out = io.StringIO()
        writer = writer_class("text")(out, ReportOptions(locale="en", color=False, rules=engine.rules,
                                                          audit_date=engine.audit_date))
        writer.document(doc, findings)
        writer.close()
        assert "\x1b" not in out.getvalue()
    assert records[0] == records[1]


@functools.lru_cache(maxsize=None)
def _engine():
    import datetime as dt

    from auditor.audit.engines import AuditOptions, build_engine

    return build_engine(AuditOptions(audit_date=dt.date(2026, 9, 10)))


@functools.lru_cache(maxsize=None)
def _bundled_lexicons():
    from auditor.read.lexicon import load_lexicons

    return load_lexicons(BUNDLED / "cn-pharma" / "lexicons")


def no_cache() -> None:
    """Fuzzed rule files must not fill the user's cache folder."""
    os.environ["AUDITOR_NO_CACHE"] = "1"


class Counter:
    """Inputs tried and the slowest, per target (for the long run's report)."""

    def __init__(self):
        self.tried = 0
        self.slowest = 0.0

    def timed(self, fn, *args):
        t0 = time.perf_counter()
        try:
            return fn(*args)
        finally:
            self.tried += 1
            self.slowest = max(self.slowest, time.perf_counter() - t0)


CONTENT_TYPES = [None, "text/html", "text/html; charset=gbk", "text/html; charset=utf-16", "text/plain",
                 "text/html; charset=bogus", "text/markdown; charset=big5"]
TARGETS = ("decode", "html", "markdown", "text", "rules", "profile", "check")


def properties(counters: dict | None = None) -> dict:
    """One Hypothesis test per target (apply ``settings`` to choose the budget)."""
    from collections import defaultdict

    from hypothesis import given

    c = counters if counters is not None else defaultdict(Counter)

    @given(pages(), st.sampled_from(CONTENT_TYPES))
    def decode(page, content_type):
        c["decode"].timed(target_decode, page[1], content_type)

    def parser(fmt):
        @given(texts())
        def prop(text):
            c[fmt].timed(target_parse, text, fmt)

        prop.__name__ = fmt
        return prop

    @given(yaml_files(RULES))
    def rules(f):
        c["rules"].timed(target_rule_file, *f)

    @given(yaml_files(PROFILES))
    def profile(f):
        c["profile"].timed(target_profile, *f)

    @given(pages())
    def check(page):
        c["check"].timed(target_check, *page)

    return {"decode": decode, "html": parser("html"), "markdown": parser("markdown"), "text": parser("text"),
            "rules": rules, "profile": profile, "check": check}
