"""Company profiles: bundled profiles, loading by path, schema errors with file/line/field."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from auditor.recognize.profile import (
    DEFAULT_APPROVAL_PATTERN,
    Profile,
    ProfileError,
    bundled_profile_names,
    default_profile,
    load_profile,
    parse_profile,
    profile_schema,
)

SCHEMA_PATH = Path(__file__).resolve().parents[1] / "rulesets" / "profile.schema.json"


def test_bundled_profiles_are_listed_and_load():
    names = bundled_profile_names()
    assert {"generic", "northwind", "kestrel"} <= set(names)
    for name in names:
        p = load_profile(name)
        assert isinstance(p, Profile)
        assert p.name == name


def test_generic_is_the_default():
    p = default_profile()
    assert p == load_profile(None) == load_profile("generic")
    assert p.market == "CN"
    assert p.products == ()
    assert not p.company
    assert p.domains == ()
    assert p.approval_number.pattern == DEFAULT_APPROVAL_PATTERN == r"CN-\d{6}"
    assert p.archive_months == 12
    assert p.page_type_default == "news"


def test_northwind_profile_facts():
    p = load_profile("northwind")
    assert "Northwind Biosciences" in p.company.en
    assert "诺风生物" in p.company.zh_hans
    assert p.domains == ("northwind-bio.com.cn", "northwind-bio.com")
    assert p.is_own_host("www.northwind-bio.com.cn")
    assert p.is_own_host("NORTHWIND-BIO.COM")
    assert not p.is_own_host("northwind-bio.com.evil.example")
    assert not p.is_own_host("notnorthwind-bio.com")
    xelvora = next(x for x in p.products if x.id == "xelvora")
    assert "泽沃拉" in xelvora.name.zh_hans
    assert xelvora.approved_indications("CN") == ("nsclc",)
    assert xelvora.is_approved_in("CN") and not xelvora.is_approved_in("HK")
    nwb = p.product_by_code("nwb 2207")
    assert nwb is not None and nwb.id == "nwb-2207"
    assert not nwb.is_approved_anywhere()
    assert p.issuer.sec_registrant


def test_kestrel_profile_facts():
    p = load_profile("kestrel")
    assert p.market == "HK"
    assert p.issuer.hkex_listed and p.issuer.hkex_18a
    assert "紅隼生技" in p.company.zh_hant
    kt = p.product_by_code("KT-318")
    assert kt is not None and kt.core
    corvessa = next(x for x in p.products if x.id == "corvessa")
    assert corvessa.is_approved_in("CN") and not corvessa.is_approved_in("HK")
    assert corvessa.is_approved_in("GLOBAL")


def test_profiles_are_hashable_and_comparable(tmp_path):
    a = load_profile("northwind")
    src = Path(a.source) if Path(a.source).is_file() else None
    copy = tmp_path / "nw.yaml"
    copy.write_text((SCHEMA_PATH.parent / "profiles" / "northwind.yaml").read_text("utf-8"), "utf-8")
    b = load_profile(copy)
    assert a == b and hash(a) == hash(b)  # the source path does not take part in equality
    assert b.source == str(copy)
    assert src is None or src.exists()
    assert {a: 1}[b] == 1


def test_load_by_path_string(tmp_path):
    f = tmp_path / "acme.yml"
    f.write_text("name: acme\nmarket: TW\ndomains: [acme.com.tw]\n", "utf-8")
    p = load_profile(str(f))
    assert p.name == "acme" and p.market == "TW" and p.domains == ("acme.com.tw",)
    assert p.approval_number.pattern == DEFAULT_APPROVAL_PATTERN


def test_unknown_bundled_name():
    with pytest.raises(ProfileError) as exc:
        load_profile("no-such-company")
    assert "no-such-company" in str(exc.value)
    assert "northwind" in str(exc.value)  # lists what is available


def test_missing_file(tmp_path):
    with pytest.raises(ProfileError) as exc:
        load_profile(tmp_path / "absent.yaml")
    assert "absent.yaml" in str(exc.value)


# --- schema ---------------------------------------------------------------------


def test_schema_is_valid_2020_12_with_descriptions():
    schema = json.loads(SCHEMA_PATH.read_text("utf-8"))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)
    for name, prop in schema["properties"].items():
        assert prop.get("description"), f"{name} has no description"
    assert profile_schema()["title"] == schema["title"]


def _error(tmp_path, text: str, fname: str = "broken.yaml") -> str:
    f = tmp_path / fname
    f.write_text(text, "utf-8")
    with pytest.raises(ProfileError) as exc:
        load_profile(f)
    return str(exc.value)


def test_error_names_file_line_and_field_for_bad_enum(tmp_path):
    msg = _error(tmp_path, "name: acme\ndomains: [acme.com]\nmarket: MARS\n")
    assert msg.startswith("broken.yaml:3: market:"), msg
    assert "MARS" in msg


def test_error_in_nested_list_item_points_at_its_line(tmp_path):
    text = (
        "name: acme\n"  # 1
        "products:\n"  # 2
        "  - id: a\n"  # 3
        "    codes:\n"  # 4
        "      - AC-101\n"  # 5
        "      - 42\n"  # 6
    )
    msg = _error(tmp_path, text)
    assert "broken.yaml:6:" in msg, msg
    assert "products[0].codes[1]" in msg


def test_error_for_unknown_field(tmp_path):
    text = "name: acme\nissuer:\n  sec_registrant: true\n  nasdaq: yes\n"
    msg = _error(tmp_path, text)
    assert "broken.yaml:4:" in msg and "issuer.nasdaq" in msg and "unknown field" in msg, msg


def test_error_for_missing_required_field(tmp_path):
    msg = _error(tmp_path, "market: CN\n")
    assert "broken.yaml:1:" in msg and "name" in msg and "required" in msg, msg


def test_error_for_wrong_type(tmp_path):
    msg = _error(tmp_path, "name: acme\narchive_months: twelve\n")
    assert "broken.yaml:2: archive_months:" in msg, msg


def test_error_for_bad_regex(tmp_path):
    text = "name: acme\napproval_number:\n  pattern: 'CN-(\\d{6}'\n"
    msg = _error(tmp_path, text)
    assert "broken.yaml:3: approval_number.pattern:" in msg and "regular expression" in msg, msg


def test_error_for_bad_dev_code_pattern(tmp_path):
    text = "name: acme\ndev_code_patterns:\n  - '\\bAC-\\d{3}\\b'\n  - '[unclosed'\n"
    msg = _error(tmp_path, text)
    assert "broken.yaml:4: dev_code_patterns[1]:" in msg, msg


def test_error_for_yaml_syntax(tmp_path):
    msg = _error(tmp_path, "name: acme\nproducts: [\n  - x\n")
    assert msg.startswith("broken.yaml:"), msg
    assert re.match(r"broken\.yaml:\d+:", msg)


def test_error_for_duplicate_key(tmp_path):
    msg = _error(tmp_path, "name: acme\nmarket: CN\nmarket: HK\n")
    assert "broken.yaml:3: market:" in msg, msg


def test_error_for_non_mapping(tmp_path):
    msg = _error(tmp_path, "- just\n- a list\n")
    assert "broken.yaml:1:" in msg


def test_all_errors_are_reported(tmp_path):
    msg = _error(tmp_path, "name: acme\nmarket: XX\npage_type_default: blog\n")
    assert "broken.yaml:2: market:" in msg and "broken.yaml:3: page_type_default:" in msg, msg


def test_parse_profile_text_with_product_registry():
    p = parse_profile(
        """
name: acme
products:
  - name: {en: Acmevir, zh-Hans: 艾克韦}
    codes: [AC-101]
    approved: {CN: [hepatitis B]}
""",
        "acme.yaml",
    )
    (prod,) = p.products
    assert prod.id == "Acmevir"
    assert prod.approved_indications("CN") == ("hepatitis B",)
    assert ("hepatitis B", ("hepatitis B",)) in prod.indication_words()
