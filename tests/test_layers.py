"""Imports run one way: from the commands down to the model, with i18n and support below all.

Each package of ``auditor`` belongs to one layer; a module may import from its own layer or
from any layer below it, never from one above. The few imports that still climb are listed
in KNOWN_CLIMBS with the reason; the list may only shrink (a new climb fails, and so does an
entry that no longer climbs, so the list never goes stale).
"""
from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1] / "auditor"

# Top to bottom; docs/architecture.md draws the same order.
LAYERS = [
    ("cli", "__main__", "commands"),
    ("batch",),
    ("audit",),
    ("report",),
    ("gate",),
    ("rules",),
    ("recognize",),
    ("sources",),
    ("read",),
    ("model",),
    ("i18n", "support", "__init__", "bundled_rulesets"),
]
RANK = {name: i for i, names in enumerate(LAYERS) for name in names}

# importer package -> imported package: why it still climbs (to be removed, never added to)
KNOWN_CLIMBS: dict[tuple[str, str], str] = {}


def package_of(dotted: str) -> str:
    parts = dotted.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def module_name(path: Path) -> str:
    rel = path.relative_to(ROOT.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def imports_of(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    me = module_name(path)
    is_pkg = path.name == "__init__.py"
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names if a.name.startswith("auditor")]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = me.split(".")
                base = base[: len(base) - node.level + (1 if is_pkg else 0)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if not target.startswith("auditor"):
                continue
            if target == "auditor":  # from auditor import X: X is the package imported
                found += [(node.lineno, f"auditor.{a.name}") for a in node.names]
            else:
                found.append((node.lineno, target))
        elif isinstance(node, ast.Call) and getattr(node.func, "id", None) == "__import__":
            arg = node.args[0] if node.args else None
            if isinstance(arg, ast.Constant) and str(arg.value).startswith("auditor"):
                found.append((node.lineno, arg.value))
    return found


def climbs() -> dict[tuple[str, str], list[str]]:
    out: dict[tuple[str, str], list[str]] = {}
    for path in sorted(ROOT.rglob("*.py")):
        if "bundled_rulesets" in path.parts:
            continue
        me = module_name(path)
        mine = package_of(me)
        for line, target in imports_of(path):
            theirs = package_of(target)
            if theirs not in RANK:
                continue
            if RANK[theirs] < RANK[mine]:
                out.setdefault((mine, theirs), []).append(f"{path.relative_to(ROOT.parent)}:{line} imports {target}")
    return out


def test_every_package_has_a_layer():
    packages = {p.name for p in ROOT.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    packages |= {p.stem for p in ROOT.glob("*.py")}
    assert packages - set(RANK) == set(), "give each new package a layer in LAYERS (and in docs/architecture.md)"


def test_imports_run_one_way():
    found = climbs()
    new = {k: v for k, v in found.items() if k not in KNOWN_CLIMBS}
    assert not new, "imports that climb a layer:\n" + "\n".join(x for v in new.values() for x in v)


def test_known_climbs_are_still_needed():
    gone = set(KNOWN_CLIMBS) - set(climbs())
    assert not gone, f"these climbs are gone: remove them from KNOWN_CLIMBS: {sorted(gone)}"
