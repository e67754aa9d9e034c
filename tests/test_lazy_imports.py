"""An import inside a function says why it is there (docs/architecture.md, "Imports run one
way"): a measured start-up cost, a real cycle, or a dependency tests/test_startup.py keeps
out of an English `check`. Checked for every package
but model/ so far."""
from __future__ import annotations

import ast

from tests.conftest import ROOT

FOLLOWING = ("audit", "batch", "commands", "gate", "model", "read", "recognize", "report", "rules", "sources", "support",
             "__init__.py", "__main__.py", "cli.py", "i18n.py")


def _imports_in_functions(path):
    lines = path.read_text(encoding="utf-8").splitlines()

    def visit(node, inside):
        for child in ast.iter_child_nodes(node):
            if inside and isinstance(child, (ast.Import, ast.ImportFrom)):
                yield child.lineno, lines
            yield from visit(child, inside or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)))

    yield from visit(ast.parse("\n".join(lines)), False)


def _says_why(lineno: int, lines: list[str]) -> bool:
    if "#" in lines[lineno - 1]:
        return True
    k = lineno - 2
    while k >= 0 and lines[k].strip().startswith(("import ", "from ")) and "#" not in lines[k]:
        k -= 1  # an import block under one comment
    above = lines[k].strip() if k >= 0 else ""
    return above.startswith("#") or ("#" in above and above.split("#")[0].rstrip().endswith(":")) or (
        k < lineno - 2 and "#" in above and above.startswith(("import ", "from ")))


def test_imports_inside_functions_say_why():
    silent = []
    for name in FOLLOWING:
        target = ROOT / "auditor" / name
        for path in sorted([target] if target.is_file() else target.rglob("*.py")):
            for lineno, lines in _imports_in_functions(path):
                if not _says_why(lineno, lines):
                    silent.append(f"{path.relative_to(ROOT)}:{lineno}: {lines[lineno - 1].strip()}")
    assert silent == []
