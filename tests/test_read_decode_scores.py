"""auditor.read.decode._scores: a candidate's decoding stops once it has more bad bytes than
_choose accepts; the scores must be those of decoding every candidate in full."""
from __future__ import annotations

import gzip

import pytest

from auditor.read import decode as dec

FALLBACKS = (None, *dec._CANDIDATES)


def straightforward_scores(sample: bytes, fallback: str | None) -> dict[str, int]:
    """Every candidate decoded in full, then those over the limit of bad bytes left out."""
    high = len(sample) - len(sample.translate(None, dec._ASCII))
    scores = {}
    for codec in (fallback, *dec._CANDIDATES) if fallback else dec._CANDIDATES:
        if codec in scores:
            continue
        text, errors = dec._decode(sample, codec, final=False)
        if codec != fallback and fallback is not None and errors * 50 > high:
            continue
        scores[codec] = dec._score(text, errors)
    return scores


def _samples(realpages_dir) -> list[bytes]:
    """Windows of real pages as served (Chinese ones partly UTF-8 labelled gb2312), and of
    their text re-encoded in the other candidate encodings."""
    zh = sorted((realpages_dir / "zh-news").glob("**/*.html"))[:12]
    en = sorted((realpages_dir / "aeb" / "html").glob("*.html.gz"))[:6]
    raw = [p.read_bytes() for p in zh] + [gzip.decompress(p.read_bytes()) for p in en]
    out = []
    for data in raw:
        text = dec.decode(data).text
        out.append(data)
        for codec in ("gb18030", "big5hkscs", "cp1252"):
            out.append(text.encode(codec, "replace"))
    return [dec._window(d) for d in out]


def test_scores_match_full_decoding_on_real_pages(realpages_dir):
    samples = _samples(realpages_dir)
    assert samples
    skipped = 0
    for sample in samples:
        for fallback in FALLBACKS:
            expected = straightforward_scores(sample, fallback)
            assert dec._scores(sample, fallback) == expected, fallback
            skipped += len(set(dec._CANDIDATES) - set(expected))
    assert skipped  # some decodings did stop early


@pytest.mark.parametrize("fallback", FALLBACKS)
def test_limit_is_exact_at_its_boundary(fallback):
    # 99 + n non-ASCII bytes allow (99 + n) // 50 bad ones: n stray 0xFF bytes (bad in all
    # candidates but cp1252) cross that limit at n = 2 or so
    text = "中" * 33  # 99 bytes of UTF-8
    for n in range(6):
        sample = ("<p>" + text + "</p>").encode("utf-8") + b"\xff" * n + b"<p>x</p>"
        assert dec._scores(sample, fallback) == straightforward_scores(sample, fallback), n
