"""Real pages nobody here wrote (../shared/realpages): decode, segment and check without error."""
from __future__ import annotations

import datetime as dt
import re
from collections import Counter

import pytest

from auditor.audit.inputs import document_from_item
from auditor.recognize.profile import load_profile
from auditor.support.resources import bundled_ruleset
from auditor.rules.engine import Engine
from auditor.rules.loader import load_ruleset
from auditor.sources import iter_sources

# UTF-8 read as Latin-1/cp1252 leaves these behind.
MOJIBAKE = re.compile("Ã[\u0080-\u00bf]|â€|æ–°|ä¸|Â\u00a0")


@pytest.fixture(scope="module")
def documents(realpages_dir):
    docs = [document_from_item(item) for item in iter_sources([str(realpages_dir)])]
    assert len(docs) >= 200
    return docs


def test_every_real_page_decodes_and_segments(documents):
    for doc in documents:
        assert doc.error is None, f"{doc.source}: {doc.error}"
        assert doc.text.strip(), f"{doc.source}: no text"
        assert doc.segments, f"{doc.source}: no segments"
        assert doc.decode_errors < 20, f"{doc.source}: {doc.decode_errors} undecodable bytes"
        assert not MOJIBAKE.search(doc.text), f"{doc.source}: mojibake {MOJIBAKE.search(doc.text).group()!r}"
        # Segments tile the text in order and carry valid source positions.
        last = 0
        for seg in doc.segments:
            assert last <= seg.start < seg.end <= len(doc.text)
            assert seg.line >= 1 and seg.column >= 1
            last = seg.end


def test_real_page_languages(documents):
    zh = [d for d in documents if "/zh-news/" in d.source]
    en = [d for d in documents if "/aeb/" in d.source]
    zh_langs = Counter(d.language for d in zh)
    assert sum(zh_langs[k] for k in ("zh-Hans", "zh-Hant")) >= 0.9 * len(zh), zh_langs
    en_langs = Counter(d.language for d in en)
    assert en_langs["en"] >= 0.8 * len(en), en_langs


def test_real_pages_check_without_error(documents):
    engine = Engine([load_ruleset(bundled_ruleset())], load_profile("generic"), audit_date=dt.date(2026, 11, 21))
    for doc in documents:
        for f in engine.check(doc):
            assert f.category != "input-error", f"{doc.source}: {f.message}"
            assert 0 <= f.start <= f.end <= len(doc.text)
            assert doc.text[f.start:f.end] == f.evidence
