#!/usr/bin/env python3
"""Regenerate the non-UTF-8 sample pages in corpora/pages/ from their UTF-8 sources.

Every page that is not stored as UTF-8 has a UTF-8 source under corpora/src/ with the
same file name. This script rewrites the page's declared charset (the first
``<meta charset=...>`` or ``<meta http-equiv="Content-Type" content="...charset=...">``)
to the *declared label* and encodes the text to the *target encoding*. The declared label
may deliberately differ from the real encoding (a mislabelled page).

    python corpora/make_encoded.py           # (re)write the encoded pages
    python corpora/make_encoded.py --check   # exit 1 if any page is missing or stale
    python corpora/make_encoded.py NAME...   # only the named pages

The output is deterministic: same sources, same bytes. Encoding is strict, so a character
the target encoding cannot represent is an error here, not a silent '?' in the corpus.
"""
from __future__ import annotations

import argparse
import codecs
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SRC = HERE / "src"
PAGES = HERE / "pages"

# (source/page file name, target encoding, declared label, byte-order mark)
PAGES_TABLE: tuple[tuple[str, str, str, bool], ...] = (
    ("pg-01-gbk-gmp-workshop.html", "gbk", "gbk", False),
    ("pg-02-gb2312-archive-2024.html", "gbk", "gb2312", False),  # has a GBK-only character
    ("pg-04-gbk-cms-right-column-comments.html", "gbk", "gbk", False),
    ("au-08-mislabelled-utf8-gbk.html", "gbk", "utf-8", False),  # says UTF-8, is GBK
    ("kt-01-big5-kt318-tw.html", "big5", "big5", False),
    ("hb-01-big5-hbl0925-hk.html", "big5", "big5", False),
    ("hx-06-utf16le-bom-interim.html", "utf-16-le", "utf-16", True),
)

_META_CHARSET = re.compile(r'(<meta\s+charset=")([^"]*)(")', re.I)
_META_HTTP_EQUIV = re.compile(r'(<meta\s+http-equiv="Content-Type"\s+content="[^"]*?charset=)([^";]*)(")', re.I)

_BOMS = {"utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE, "utf-8": codecs.BOM_UTF8}


def declare(text: str, label: str) -> str:
    """Set the page's declared charset to ``label`` (the first declaration only)."""
    for pattern in (_META_CHARSET, _META_HTTP_EQUIV):
        new, n = pattern.subn(lambda m: m.group(1) + label + m.group(3), text, count=1)
        if n:
            return new
    raise ValueError("no <meta charset> declaration to rewrite")


def build(name: str, encoding: str, label: str, bom: bool) -> bytes:
    text = (SRC / name).read_text(encoding="utf-8")
    text = declare(text, label)
    try:
        data = text.encode(encoding, errors="strict")
    except UnicodeEncodeError as exc:
        bad = text[exc.start:exc.end]
        line = text.count("\n", 0, exc.start) + 1
        raise SystemExit(f"{name}: line {line}: {bad!r} cannot be encoded as {encoding}") from None
    if bom:
        data = _BOMS[encoding] + data
    return data


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="verify instead of writing")
    parser.add_argument("names", nargs="*", help="only these pages (default: all)")
    args = parser.parse_args(argv)
    unknown = set(args.names) - {row[0] for row in PAGES_TABLE}
    if unknown:
        parser.error("not in PAGES_TABLE: " + ", ".join(sorted(unknown)))
    stale = []
    for name, encoding, label, bom in PAGES_TABLE:
        if args.names and name not in args.names:
            continue
        data = build(name, encoding, label, bom)
        target = PAGES / name
        if args.check:
            if not target.exists() or target.read_bytes() != data:
                stale.append(name)
            continue
        if not target.exists() or target.read_bytes() != data:
            target.write_bytes(data)
            print(f"wrote {target.relative_to(HERE.parent)} ({encoding}, declared {label!r}, {len(data)} bytes)")
    if stale:
        print("stale or missing encoded pages: " + ", ".join(stale), file=sys.stderr)
        print("run: python corpora/make_encoded.py", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
