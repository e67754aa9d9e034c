"""The import graph of auditor/: modules, internal imports, cycles and the longest import chain.

    python scripts/import_graph.py [REPO] [all|top]

``top`` counts module-level imports only, ``all`` also the imports inside functions (the
lazy ones). docs/architecture.md quotes its numbers; tests/test_layers.py enforces the
direction of the imports.
"""
import ast
import sys
from pathlib import Path
from functools import lru_cache
root = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).resolve().parents[1]) / "auditor"
mode = sys.argv[2] if len(sys.argv) > 2 else "all"  # "all" or "top"

def modname(p):
    parts = list(p.relative_to(root.parent).with_suffix("").parts)
    if parts[-1] == "__init__": parts = parts[:-1]
    return ".".join(parts)

files = [p for p in sorted(root.rglob("*.py")) if "bundled_rulesets" not in p.parts]
mods = {modname(p): p for p in files}
def resolve(target):
    # the deepest existing module for a dotted name
    while target and target not in mods:
        target = target.rpartition(".")[0]
    return target or None

graph = {m: set() for m in mods}
for m, p in mods.items():
    tree = ast.parse(p.read_text())
    is_pkg = p.name == "__init__.py"
    def visit(node, infunc):
        for ch in ast.iter_child_nodes(node):
            f = infunc or isinstance(ch, (ast.FunctionDef, ast.AsyncFunctionDef))
            if isinstance(ch, (ast.Import, ast.ImportFrom)) and (mode == "all" or not infunc):
                targets = []
                if isinstance(ch, ast.Import):
                    targets = [a.name for a in ch.names]
                else:
                    if ch.level:
                        base = m.split(".")
                        base = base[: len(base) - ch.level + (1 if is_pkg else 0)]
                        mod = ".".join(base + ([ch.module] if ch.module else []))
                    else:
                        mod = ch.module or ""
                    # "from pkg import sub" depends on the submodule; "from pkg import name" on pkg
                    targets = [f"{mod}.{a.name}" if f"{mod}.{a.name}" in mods else mod for a in ch.names]
                for t in targets:
                    if t.startswith("auditor"):
                        r = resolve(t)
                        if r and r != m: graph[m].add(r)
            visit(ch, f)
    visit(tree, False)

# SCCs (Tarjan)
index, low, stack, on, sccs, counter = {}, {}, [], set(), [], [0]
sys.setrecursionlimit(10000)
def strong(v):
    index[v] = low[v] = counter[0]; counter[0] += 1; stack.append(v); on.add(v)
    for w in graph[v]:
        if w not in index: strong(w); low[v] = min(low[v], low[w])
        elif w in on: low[v] = min(low[v], index[w])
    if low[v] == index[v]:
        comp = []
        while True:
            w = stack.pop(); on.discard(w); comp.append(w)
            if w == v: break
        sccs.append(comp)
for v in graph:
    if v not in index: strong(v)
comp_of = {v: i for i, c in enumerate(sccs) for v in c}
cycles = [sorted(c) for c in sccs if len(c) > 1]
cg = {i: {comp_of[w] for v in c for w in graph[v]} - {i} for i, c in enumerate(sccs)}
@lru_cache(None)
def depth(i):
    return 1 + max((depth(j) for j in cg[i]), default=0)
best = max(range(len(sccs)), key=depth)
chain = [best]
while cg[chain[-1]]:
    chain.append(max(cg[chain[-1]], key=depth))
print(f"{mode}: modules {len(mods)}, internal edges {sum(len(s) for s in graph.values())}, "
      f"cycles {len(cycles)}, longest chain {depth(best)} modules")
print("  " + " -> ".join("/".join(sorted(sccs[i])) for i in chain))
for c in cycles: print("  cycle:", c)
