"""auditor.read.lang._below_hangul: a search for the first character at or above U+1100
must tell what ``max(text) < "\\u1100"`` tells."""
from __future__ import annotations

import gzip

from auditor.read import lang
from auditor.read.decode import decode


def _texts(realpages_dir) -> list[str]:
    """The non-ASCII characters of real pages' text, in pieces (as _by_script_counts sees them)."""
    pages = sorted((realpages_dir / "zh-news").glob("**/*.html"))[:8]
    raw = [p.read_bytes() for p in pages]
    raw += [gzip.decompress(p.read_bytes()) for p in sorted((realpages_dir / "aeb" / "html").glob("*.html.gz"))[:8]]
    out = []
    for data in raw:
        text = decode(data).text
        for i in range(0, len(text), 2000):
            out.append(lang.split_ascii(text[i : i + 2000])[1])
    return out


EDGES = ["é", "\u10ff", "\u1100", "é\u10ffü", "é\u1100", "\u3042", "\U00020000", "é\ud800", "ÀÉ—“”"]


def test_below_hangul_is_max_below_u1100_at_the_edges():
    # (no real pages needed: the boundary characters, astral and a lone surrogate)
    assert any(max(t) < "\u1100" for t in EDGES) and any(max(t) >= "\u1100" for t in EDGES)
    for text in EDGES:
        assert lang._below_hangul(text) == (max(text) < "\u1100"), ascii(text)


def test_below_hangul_is_max_below_u1100(realpages_dir):
    texts = [t for t in _texts(realpages_dir) if t] + EDGES
    assert any(max(t) < "\u1100" for t in texts) and any(max(t) >= "\u1100" for t in texts)
    for text in texts:
        assert lang._below_hangul(text) == (max(text) < "\u1100"), ascii(text[:40])
