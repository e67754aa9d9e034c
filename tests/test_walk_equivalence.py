"""Work the HTML walk does for later stages gives what those stages computed themselves.

The walk hands mainbody each block's chain of ancestors (its owner and the owner's
ancestors below <body>), collected on the way down; mainbody used to climb the tree for
each block's owner with ``getparent``. These tests climb the tree the old way and compare,
on the corpus, the hostile inputs and (when present) the real pages. No timings here.
"""
from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from auditor.read.decode import decode
from auditor.read.parse import html

ROOT = Path(__file__).resolve().parent.parent


def _climb(el) -> tuple:
    """An element and its ancestors below <body>, nearest first (mainbody's old _chain)."""
    path = []
    while el is not None:
        tag = el.tag
        if type(tag) is not str or tag in ("body", "html"):
            break
        path.append(el)
        el = el.getparent()
    return tuple(path)


def _walk(source: str) -> html._Walker | None:
    prepared = html._prepare(source)
    root, fatal = html._build_tree(prepared)
    if root is None or fatal:
        return None
    walker = html._Walker(prepared)
    walker.walk(root)
    return walker


def _check(source: str) -> int:
    walker = _walk(source)
    if walker is None:
        return 0
    assert len(walker.chains) == len(walker.blocks)
    for chain in walker.chains:
        assert chain == (_climb(chain[0]) if chain else ())
    return len(walker.chains)


def _html_files(folder: Path):
    for path in sorted(folder.iterdir()):
        if path.suffix in (".html", ".htm"):
            yield path


def test_walk_chains_equal_climbing_the_tree_on_the_corpus():
    blocks = sum(_check(decode(p.read_bytes()).text) for p in _html_files(ROOT / "corpora" / "pages"))
    assert blocks > 500


def test_walk_chains_equal_climbing_the_tree_on_hostile_and_odd_markup():
    odd = [
        "<p>before body?</p><body><div><a href='/x'><div>block in a link</div></a></div></body>",
        "<title>t</title><html><body><table><tr><td><span>cell<br>two</span></td></tr></table>",
        "<div><input type=submit value=Send><ul><li>one<li>two</ul><noscript><div>x</noscript></div>",
        "<body><body class=x><div>nested body tag</div></body></body>",
        "<svg><text>skipped</text></svg><div hidden><p>hidden text</p></div><o:p>office</o:p>",
        "text without any markup",
    ]
    for source in odd:
        _check(source)
    for path in _html_files(ROOT / "tests" / "hostile"):
        _check(decode(path.read_bytes()).text)


def test_walk_chains_equal_climbing_the_tree_on_real_pages(realpages_dir):
    pages = sorted((realpages_dir / "aeb" / "html").glob("*.html.gz"))[::6]
    pages += sorted((realpages_dir / "zh-news").glob("**/*.html"))[::3]
    if not pages:
        pytest.skip("no real pages")
    blocks = 0
    for path in pages:
        data = path.read_bytes()
        blocks += _check(decode(gzip.decompress(data) if path.suffix == ".gz" else data).text)
    assert blocks > 1000


def test_with_cues_is_the_block_replace_makes():
    from dataclasses import replace

    from auditor.model.document import Block
    from auditor.read.parse import with_cues

    block = Block(start=3, end=9, line=2, column=5, tag="h2", heading=2, cues=frozenset({"nav"}), link_chars=4,
                  hidden=True)
    made = with_cues(block, frozenset({"nav", "core"}))
    expected = replace(block, cues=frozenset({"nav", "core"}))
    assert made == expected and repr(made) == repr(expected) and hash(made) == hash(expected)
    assert made.__dict__ == expected.__dict__ and list(made.__dict__) == list(expected.__dict__)
    assert block.cues == frozenset({"nav"})  # the original is left alone
