"""KeyedText keeps its key as pieces and counts an offset out when asked for; it used to
list one offset per key character. These tests compare it with that listing (the old code,
kept here as the reference) on generated snippets and on the corpus's sources: the same key,
every key character's offset and, for every position, the first key character at or after it."""
from __future__ import annotations

import bisect
from array import array
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from auditor.model.positions import _DROP_CHAR, _KEY_RUN, _SPECIAL, KeyedText, _unescape

ROOT = Path(__file__).resolve().parent.parent


def _listed_text(text: str, start: int, end: int) -> tuple[str, list[int]]:
    parts, offsets = [], array("q")
    for m in _KEY_RUN.finditer(text, start, end):
        parts.append(m.group())
        offsets.extend(range(m.start(), m.end()))
    return "".join(parts), list(offsets)


def _listed_source(source: str, start: int, end: int, fmt: str) -> tuple[str, list[int]]:
    special = _SPECIAL.get(fmt)
    if special is None:
        return _listed_text(source, start, end)
    parts: list[str] = []
    offsets = array("q")

    def runs(a: int, e: int) -> None:
        key, offs = _listed_text(source, a, e)
        parts.append(key)
        offsets.extend(offs)

    pos = start
    for m in special.finditer(source, start, end):
        if m.start() > pos:
            runs(pos, m.start())
        pos = m.end()
        if m.lastgroup == "ent":
            token = m.group()
            decoded = _unescape(token)
            tail = 0
            if token[-1] != ";":
                while tail < len(decoded) - 1 and decoded[-1 - tail] == token[-1 - tail]:
                    tail += 1
            ch = _DROP_CHAR.sub("", decoded[:len(decoded) - tail])
            parts.append(ch)
            offsets.extend([m.start()] * len(ch))
            if tail:
                runs(m.end() - tail, m.end())
        elif m.lastgroup == "auto":
            runs(m.start("auto"), m.end("auto"))
    if pos < end:
        runs(pos, end)
    return "".join(parts), list(offsets)


def _same(keyed: KeyedText, listed: tuple[str, list[int]], start: int, end: int) -> None:
    key, offsets = listed
    assert keyed.key == key
    assert [keyed.offset(i) for i in range(len(key))] == offsets
    for pos in range(start, end + 1):
        assert keyed.index_at(pos) == bisect.bisect_left(offsets, pos)


SNIPPET = st.lists(st.sampled_from([
    "a", "中文", " ", "\n", "\t  ", "\u200b", "*", "_", "#", ">", "|", "[x]", "&amp;", "&copy2024", "&nbsp;",
    "&#x41;", "&#65", "&bogus;", "<b>", "</p>", "<!-- c -->", "<script>x y</script>", "<br/>",
    "](http://e.com/a b)", "![i](p.png)", "<https://e.com/x>", "word", "12", "，", "…",
]), max_size=40).map("".join)


@settings(max_examples=400, deadline=None)
@given(SNIPPET, st.sampled_from(["html", "markdown", "text"]), st.data())
def test_pieces_give_the_listed_offsets(snippet, fmt, data):
    start = data.draw(st.integers(0, len(snippet)))
    end = data.draw(st.integers(start, len(snippet)))
    _same(KeyedText.of_source(snippet, start, end, fmt), _listed_source(snippet, start, end, fmt), start, end)
    _same(KeyedText.of_text(snippet, start, end), _listed_text(snippet, start, end), start, end)


def test_pieces_give_the_listed_offsets_on_corpus_sources():
    checked = 0
    for path in sorted((ROOT / "corpora" / "pages").iterdir()):
        fmt = {".html": "html", ".htm": "html", ".md": "markdown"}.get(path.suffix, "text")
        source = path.read_text(encoding="utf-8", errors="replace")
        for start in range(0, len(source), 1500):
            end = min(len(source), start + 3000)
            _same(KeyedText.of_source(source, start, end, fmt), _listed_source(source, start, end, fmt), start, end)
            checked += 1
    assert checked > 50
