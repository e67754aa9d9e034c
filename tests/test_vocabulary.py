"""Each vocabulary is defined once (auditor/model/vocabulary.py); everything that repeats it
(the rule schema, the contracts, the report labels, the rules' default scope) must agree."""
from __future__ import annotations

import json
import re

from auditor.model import vocabulary as v
from auditor.report.html.labels import CATEGORY_LABELS, KIND_LABELS, LANGUAGE_LABELS, SEVERITY_LABELS
from auditor.rules.engine import LANG_NAMES
from auditor.rules.model import ALL_KINDS
from tests.conftest import ROOT


def test_rule_schema_enums_are_the_vocabularies():
    defs = json.loads((ROOT / "rulesets" / "schema.json").read_text(encoding="utf-8"))["$defs"]
    assert tuple(defs["kind"]["enum"]) == v.SEGMENT_KINDS
    assert tuple(defs["lang"]["enum"]) == v.LANGUAGES
    assert tuple(defs["severity"]["enum"]) == v.SEVERITIES
    assert tuple(defs["category"]["enum"]) == v.CATEGORIES


def test_contracts_document_lists_every_kind_and_category_in_order():
    text = (ROOT / "docs" / "contracts.md").read_text(encoding="utf-8")
    kinds = text[text.index("## 1. Segment kinds"):text.index("## 2.")]
    cats = text[text.index("## 2. Finding categories"):text.index("## 3.")]
    assert tuple(re.findall(r"`([a-z_]+)`", kinds)) == v.SEGMENT_KINDS
    assert tuple(re.findall(r"^\| `([a-z-]+)` \|", cats, re.M)) == v.CATEGORIES


def test_labels_and_names_cover_each_vocabulary():
    assert set(KIND_LABELS) == set(v.SEGMENT_KINDS)
    assert set(LANGUAGE_LABELS) == set(v.LANGUAGES)
    assert set(SEVERITY_LABELS) == set(v.SEVERITIES)
    assert set(CATEGORY_LABELS) == set(v.CATEGORIES)
    assert LANG_NAMES is v.LANGUAGE_NAMES
    for names in v.LANGUAGE_NAMES.values():
        assert set(names) == set(v.LANGUAGES)
    assert ALL_KINDS is v.SEGMENT_KINDS
    assert set(v.SEVERITY_RANK) == set(v.SEVERITIES)
    assert sorted(v.SEVERITIES, key=v.SEVERITY_RANK.get, reverse=True) == list(v.SEVERITIES)


def _members(cls: str) -> set[int]:
    pattern = re.compile(cls)
    return {cp for cp in range(0x30000) if not 0xD800 <= cp < 0xE000 and pattern.fullmatch(chr(cp))}


def test_han_ranges_are_defined_once_and_agree():
    from auditor.support import chars

    han = _members(chars.HAN_CLASS)
    assert {cp for cp in range(0x30000) if chars.is_han(chr(cp))} == han
    assert min(han) == ord(chars.HAN_FIRST)
    assert _members(chars.CJK_BASIC_CLASS) <= han <= _members(chars.HAN_FULL_CLASS) <= _members(f"[{chars.WIDE_CLASS}]")
    assert _members(f"[{chars.HAN_A_TO_BASIC}]") - han == set(range(0x4DC0, 0x4E00))  # the Yijing symbols only
    jieba = set(range(ord(chars.JIEBA_HAN_FIRST), ord(chars.JIEBA_HAN_LAST) + 1))
    assert jieba < _members(chars.CJK_BASIC_CLASS)
    assert min(_members(f"[{chars.WIDE_CLASS}]")) == ord(chars.WIDE_FIRST)


def test_the_html_reports_unsafe_set_is_the_others_minus_named_parts():
    from auditor.support import chars

    unsafe, marked = _members(chars.UNSAFE_CLASS), _members(chars.HTML_MARKED_CLASS)
    not_marked = _members(f"[\t\n{chars.ZERO_WIDTH}{chars.WORD_JOINER_AND_INVISIBLE_OPERATORS}{chars.BOM}]")
    assert marked == (unsafe - not_marked) | {ord(chars.ARABIC_LETTER_MARK)}
    assert _members(chars.SCRIPT_JSON_ESCAPED_CLASS) == marked - set(range(0x20))
