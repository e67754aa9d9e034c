"""auditor.read.decode._scores: a candidate's decoding stops once it has more bad bytes than
_choose accepts; the scores must be those of decoding every candidate in full."""
from __future__ import annotations

import gzip
import re

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


def straightforward_score(text: str, errors: int) -> int:
    """_score as each pattern counts over the whole text."""
    good = len(re.findall(dec._COMMON_TEXT_SRC, text)) + len(re.findall(dec._ISOLATED_LATIN_SRC, text))
    return good - 2 * (errors + len(re.findall(dec._BAD_TEXT_SRC, text)))


def test_score_matches_whole_text_counts(realpages_dir):
    # _score counts two of its classes on the non-ASCII characters and the UTF-8 bytes
    texts = [dec._decode(sample, codec, final=False)[0] for sample in _samples(realpages_dir)
             for codec in dec._CANDIDATES]
    texts += ["a\x01b\x1fc\x0e\x1b\x7f\x80\x9f\ue000\uf8ff é x\ud800y ’ 中，", "\x00\x08\x09", "é", ""]
    for text in texts:
        for errors in (0, 3):
            assert dec._score(text, errors) == straightforward_score(text, errors)


def test_counted_classes_are_what_score_assumes():
    # the common characters have no ASCII; the bad ones' ASCII part is _CONTROL
    assert not any(ch.isascii() for ch in dec._COMMON_TEXT_SRC[1:-1])
    bad = re.compile(dec._BAD_TEXT_SRC)
    assert bytes(b for b in range(128) if bad.match(chr(b))) == dec._CONTROL
