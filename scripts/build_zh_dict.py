#!/usr/bin/env python3
"""Build auditor/support/data/zh_dict.txt: a small jieba dictionary.

jieba's bundled ``dict.txt`` has ~349,000 entries (5 MB); building jieba's
prefix dictionary from it costs ~0.4 s per process.  Pharma pages need far
less: this script keeps

* the ``--top`` most frequent words (default 60,000; ties broken by the word,
  so the cut is deterministic),
* every single character of jieba's dictionary, so no character loses its
  frequency, and
* ``EXTRA_WORDS`` below: compounds that contain an absolute-claim trigger
  (最, 第一 ...) without being a claim, which jieba's dictionary lacks or
  ranks too low to survive the cut.  They keep the trigger from matching
  inside them (第一 in 第一作者).

Ruleset lexicon terms are added at run time by ``auditor.read.zh.add_words``; they
do not belong here.

Output: one ``word frequency`` pair per line (no part-of-speech tags; jieba
ignores them for segmentation), sorted by code point, UTF-8, ``\\n`` line
ends.  Run it again after upgrading jieba and commit the result:

    python scripts/build_zh_dict.py            # writes auditor/support/data/zh_dict.txt
    python scripts/build_zh_dict.py --check    # exit 1 if the file is stale
"""
from __future__ import annotations

import argparse
import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "auditor" / "support" / "data" / "zh_dict.txt"
MAX_BYTES = 1_500_000

# word -> frequency.  Frequencies are of the order of jieba's for words of
# similar use; high enough for the compound to beat its parts.  Only words
# that are never claims belong here: not 第一款 or 第一项, which are also
# "the first (product)" in 全球第一款药物.
EXTRA_WORDS = {
    "第一作者": 300,   # first author (publications)
    "第一时间": 2000,  # immediately
    "第一季度": 1500,  # first quarter (investor news)
    "第一阶段": 800,   # first stage / phase
    "第一部分": 800,   # part one
    "第一条": 1500,    # article 1 (citations of laws)
    "第一章": 800,     # chapter 1
    "第一节": 800,     # section 1
}


def jieba_dict_path() -> Path:
    spec = importlib.util.find_spec("jieba")  # does not import jieba
    if spec is None or spec.origin is None:
        sys.exit("jieba is not installed")
    return Path(spec.origin).parent / "dict.txt"


def read_entries(path: Path) -> dict[str, int]:
    entries: dict[str, int] = {}
    with path.open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            parts = line.strip().split(" ")
            if len(parts) < 2:
                continue
            word, freq = parts[0], parts[1]
            try:
                entries[word] = max(int(freq), entries.get(word, 0))
            except ValueError:
                sys.exit(f"{path}:{lineno}: bad frequency {freq!r}")
    return entries


def select(entries: dict[str, int], top: int) -> dict[str, int]:
    ranked = sorted(entries.items(), key=lambda kv: (-kv[1], kv[0]))
    chosen = dict(ranked[:top])
    for word, freq in entries.items():
        if len(word) == 1:
            chosen[word] = freq
    for word, freq in EXTRA_WORDS.items():
        chosen[word] = max(freq, entries.get(word, 0))
    return chosen


def render(chosen: dict[str, int]) -> bytes:
    lines = [f"{word} {chosen[word]}\n" for word in sorted(chosen)]
    return "".join(lines).encode("utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--source", type=Path, default=None, help="jieba dict.txt (default: the installed one)")
    ap.add_argument("--output", type=Path, default=OUTPUT)
    ap.add_argument("--top", type=int, default=60_000)
    ap.add_argument("--check", action="store_true", help="only compare with the existing output")
    args = ap.parse_args(argv)

    source = args.source or jieba_dict_path()
    chosen = select(read_entries(source), args.top)
    data = render(chosen)
    if len(data) > MAX_BYTES:
        print(f"error: {len(data)} bytes is over the {MAX_BYTES} byte budget; lower --top", file=sys.stderr)
        return 1
    if args.check:
        current = args.output.read_bytes() if args.output.exists() else b""
        if current != data:
            print(f"{args.output} is stale: run scripts/build_zh_dict.py", file=sys.stderr)
            return 1
        print(f"{args.output} is up to date ({len(chosen)} words)")
        return 0
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_bytes(data)
    print(f"wrote {args.output}: {len(chosen)} words, {len(data)} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
