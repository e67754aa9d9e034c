"""The rule table of rulesets/cn-pharma/README.md is generated from the rule files and must not drift."""
from __future__ import annotations

import subprocess
import sys

import pytest

from auditor.cli import main
from auditor.rules.loader import load_ruleset
from auditor.rules.table import BEGIN, END, markdown_table, replace_table
from tests.conftest import ROOT

RULESET = ROOT / "rulesets" / "cn-pharma"


def test_readme_table_is_the_generated_one():
    readme = (RULESET / "README.md").read_text(encoding="utf-8")
    table = markdown_table(load_ruleset(RULESET).rules)
    assert replace_table(readme, table) == readme, (
        "rulesets/cn-pharma/README.md: the rule table is out of date; run python scripts/update_rule_table.py")


def test_table_has_one_row_per_rule_with_gates_and_severity_overrides():
    rules = load_ruleset(RULESET).rules
    rows = markdown_table(rules).splitlines()[2:]
    assert [row.split(" | ")[0] for row in rows] == [f"| `{r.short_id}`" for r in rules]
    by_id = {row.split("`")[1]: row.split(" | ") for row in rows}
    assert by_id["absolute-terms"][2] == "warning (error when `page_type` in ad)"
    assert by_id["archive-notice"][3] == "`page_age_months` ≥ the profile's `archive_months`"
    assert by_id["fls-legend-required-hk"][3] == "`hkex_listed`; not `sec_registrant`; `page_type` in news, ir"
    assert by_id["approval-number-conflict"][3] == "—"


def test_cli_markdown_matches_the_library(capsys):
    assert main(["rules", "list", "--format", "markdown"]) == 0
    assert capsys.readouterr().out == markdown_table(load_ruleset(RULESET).rules)


def test_pipes_in_text_are_escaped_and_markers_are_required():
    from auditor.rules.model import Rule

    rule = Rule(id="x/a", short_id="a", ruleset="x", category="c", severity="info", kind="forbid",
                title={"en": "a | b"}, message={"en": "m"}, references=("r|1",))
    row = markdown_table([rule]).splitlines()[2]
    assert "a \\| b" in row and "r\\|1" in row
    with pytest.raises(ValueError):
        replace_table("no markers here", "| t |\n")
    assert replace_table(f"a\n{BEGIN}\nold\n{END}\nb", "new\n") == f"a\n{BEGIN}\nnew\n{END}\nb"


def test_update_script_check_mode_passes_on_the_repository():
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "update_rule_table.py"), "--check"],
                          cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
