"""Rewrite the rule table of rulesets/cn-pharma/README.md from the rule files.

    python scripts/update_rule_table.py          # rewrite the table between the markers
    python scripts/update_rule_table.py --check  # exit 1 if the table is out of date

The table is ``auditor rules list --format markdown``; tests/test_rule_table.py fails when
the README and the rules disagree.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from auditor.rules.loader import load_ruleset
from auditor.rules.table import markdown_table, replace_table

ROOT = Path(__file__).resolve().parents[1]
RULESET = ROOT / "rulesets" / "cn-pharma"


def updated_readme() -> tuple[Path, str, str]:
    readme = RULESET / "README.md"
    text = readme.read_text(encoding="utf-8")
    return readme, text, replace_table(text, markdown_table(load_ruleset(RULESET).rules))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="only check; exit 1 if the table is out of date")
    args = ap.parse_args()
    readme, old, new = updated_readme()
    if old == new:
        return 0
    if args.check:
        sys.stderr.write(f"{readme}: the rule table is out of date; run python scripts/update_rule_table.py\n")
        return 1
    readme.write_text(new, encoding="utf-8")
    print(f"rewrote the rule table in {readme}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
