"""Output equivalence of two checkouts: every page read and checked by both, compared.

A speed change must leave the output as it was. This runs ``load_document`` and
``Engine.check`` (bundled cn-pharma ruleset, generic profile, a fixed audit date) on every
page of ``../shared/realpages``, ``../shared/seeds`` and ``corpora/pages``, once with this
checkout and once with ``--compare DIR`` (each in a new process, ``PYTHONPATH`` set to the
checkout, the same ``PYTHONHASHSEED`` so that sets print alike), and compares per page
everything a user can see: text, language, format, meta, blocks, segments (kind, start,
end, language ...), links, comments and findings. Prints the pages that differ and exits
1 when any does.

    .venv/bin/python benchmarks/equivalence.py --compare ../wt-base [--pages DIR ...]

Not a test (it needs a second checkout); ``tests/test_fastpath_equivalence.py`` and the
equivalence tests beside it compare each shortcut with the code it replaced.
"""
from __future__ import annotations

import argparse
import datetime as dt
import gzip
import hashlib
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
DEFAULT_FOLDERS = (SHARED / "realpages", SHARED / "seeds", ROOT / "corpora" / "pages")
AUDIT_DATE = dt.date(2026, 6, 30)


def page_files(folders) -> list[Path]:
    out = []
    for folder in folders:
        if folder.is_dir():
            out += sorted(p for p in folder.glob("**/*") if p.is_file() and p.name != "README.md")
    return out


def page_record(path: Path, engine, lexicons) -> str:
    """Everything observable of one page, as one line of text."""
    from auditor.read.pipeline import load_document

    data = path.read_bytes()
    name = str(path)
    if path.suffix == ".gz":
        data, name = gzip.decompress(data), name[:-3]
    doc = load_document(data, name, lexicons=lexicons)
    findings = engine.check(doc)
    record = [doc.format, doc.encoding, doc.text, doc.language, doc.error, sorted(doc.meta.items(), key=str),
              [repr(b) for b in doc.blocks], [repr(s) for s in doc.segments], [repr(k) for k in doc.links],
              [repr(c) for c in doc.comments], [repr(f) for f in findings]]
    return repr(record).encode("utf-8", "backslashreplace").decode("utf-8")


def dump(out: Path, folders) -> None:
    """Write ``path<TAB>digest<TAB>record`` per page (run in the checkout under test)."""
    from auditor.audit.engines import AuditOptions, build_engine
    from auditor.read.pipeline import default_lexicons

    engine = build_engine(AuditOptions(audit_date=AUDIT_DATE))
    lexicons = default_lexicons()
    with out.open("w", encoding="utf-8") as fh:
        for path in page_files(folders):
            record = page_record(path, engine, lexicons)
            digest = hashlib.sha1(record.encode("utf-8")).hexdigest()
            fh.write(f"{path}\t{digest}\t{record}\n")


def run_dump(checkout: Path, out: Path, folders) -> dict[str, tuple[str, str]]:
    env = dict(os.environ, PYTHONPATH=str(checkout), PYTHONHASHSEED="0")
    args = [sys.executable, __file__, "--dump", str(out)] + [a for f in folders for a in ("--pages", str(f))]
    subprocess.run(args, env=env, check=True)
    pages = {}
    for line in out.read_text(encoding="utf-8").splitlines():
        path, digest, record = line.split("\t", 2)
        pages[path] = (digest, record)
    return pages


def first_difference(a: str, b: str) -> str:
    i = next((k for k, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
    return f"at character {i}: {a[max(0, i - 60):i + 60]!r}\n    vs {b[max(0, i - 60):i + 60]!r}"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--compare", type=Path, help="the other checkout (its repository root)")
    ap.add_argument("--pages", type=Path, action="append", help="a folder of pages (repeatable; default: "
                    "../shared/realpages, ../shared/seeds, corpora/pages)")
    ap.add_argument("--dump", type=Path, help=argparse.SUPPRESS)  # (the child process's part)
    args = ap.parse_args(argv)
    folders = args.pages or list(DEFAULT_FOLDERS)
    if args.dump:
        dump(args.dump, folders)
        return 0
    if args.compare is None:
        ap.error("--compare DIR is required")
    with tempfile.TemporaryDirectory() as tmp:
        ours = run_dump(ROOT, Path(tmp) / "ours.txt", folders)
        theirs = run_dump(args.compare.resolve(), Path(tmp) / "theirs.txt", folders)
    differ = [p for p in sorted(set(ours) | set(theirs)) if ours.get(p, ("",))[0] != theirs.get(p, ("",))[0]]
    for path in differ:
        a, b = ours.get(path, ("", "(missing)"))[1], theirs.get(path, ("", "(missing)"))[1]
        print(f"DIFFERS {path}\n    {first_difference(a, b)}")
    print(f"{len(ours)} pages: {len(ours) - len(differ)} identical, {len(differ)} differ "
          f"({ROOT} vs {args.compare})")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
