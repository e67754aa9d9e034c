"""Resuming a scan: what an interrupted output already holds, and which items to skip.

The output is written one complete line at a time (one ``write`` per line, then the
next), so a scan killed at any moment leaves complete lines and at most one torn line at
the end. :func:`read_output` drops a torn last line, reads the document records back
(their summary entries and cross-page facts are fed to the caller, so the final summary
covers both runs), and drops any cross-page records (they are recomputed over the whole
batch at the end). A file that ends with a summary record is a finished scan.

Items are identified by their source, their WARC record id (when they have one) and
their occurrence (the n-th item with the same source and record id), so a resumed scan
skips exactly the items already written, whatever order the inputs are listed in.
Identities are kept as 64-bit hashes in a sorted array: 8 bytes per page done.
"""
from __future__ import annotations

import bisect
import hashlib
import json
import os
from array import array
from dataclasses import dataclass, field
from typing import Callable

from auditor.support.errors import ResumeError


def item_key(source: str, record_id: str | None, occurrence: int) -> int:
    digest = hashlib.blake2b(f"{source}\0{record_id or ''}\0{occurrence}".encode("utf-8", "surrogatepass"),
                             digest_size=8).digest()
    return int.from_bytes(digest, "little", signed=True)


def record_key(rec: dict) -> int:
    return item_key(rec.get("source", ""), rec.get("record_id"), int(rec.get("occurrence", 1)))


class Occurrences:
    """Counts repeated (source, record id) pairs as items stream by.

    Items with a WARC record id are unique by definition and are not tracked; others
    are tracked by a 64-bit hash (a repeated source is rare: the same input named twice,
    a zip with two members of one name, an ARC file with two captures of a URL).
    """

    def __init__(self):
        self._seen: set[int] = set()  # sources seen once (most of them)
        self._repeats: dict[int, int] = {}  # and how often the repeated ones were seen

    def next(self, source: str, record_id: str | None) -> int:
        if record_id:
            return 1
        h = item_key(source, None, 0)
        if h not in self._seen:
            self._seen.add(h)
            return 1
        n = self._repeats.get(h, 1) + 1
        self._repeats[h] = n
        return n


@dataclass
class DoneSet:
    """Sorted 64-bit keys of the documents already written."""

    keys: array = field(default_factory=lambda: array("q"))

    def __contains__(self, key: int) -> bool:
        i = bisect.bisect_left(self.keys, key)
        return i < len(self.keys) and self.keys[i] == key

    def __len__(self) -> int:
        return len(self.keys)


@dataclass
class ResumeState:
    done: DoneSet
    documents: int  # document records kept
    complete: bool  # the file ends with a summary record: nothing left to do
    keep_bytes: int  # the length the file is cut to (torn line and cross-page records dropped)
    dropped_torn: bool = False
    summary: dict | None = None


def read_output(path: str, on_document: Callable[[dict], None]) -> ResumeState:
    """Read a partial JSONL scan output; ``on_document`` gets each document record."""
    keys: list[int] = []
    offset = 0
    keep = 0
    documents = 0
    complete = False
    torn = False
    summary = None
    with open(path, "rb") as f:
        for number, raw in enumerate(f, 1):
            if not raw.endswith(b"\n"):
                torn = True  # killed in the middle of a write: drop it, it is written again
                break
            try:
                rec = json.loads(raw)
            except ValueError:
                raise ResumeError(f"{path}: line {number} is not a JSON record; this file was not "
                                  f"written by auditor scan (or was edited): cannot resume it") from None
            kind = rec.get("type") if isinstance(rec, dict) else None
            if kind == "document":
                if complete:
                    raise ResumeError(f"{path}: line {number}: a document record after the summary")
                keys.append(record_key(rec))
                on_document(rec)
                documents += 1
                offset += len(raw)
                keep = offset
            elif kind == "crosspage":
                offset += len(raw)  # recomputed at the end of the resumed scan
            elif kind == "summary":
                complete = True
                summary = rec
                offset += len(raw)
                keep = offset
            else:
                raise ResumeError(f"{path}: line {number} is not an auditor scan record")
    keys.sort()
    return ResumeState(DoneSet(array("q", keys)), documents, complete, keep, torn, summary)


def truncate(path: str, length: int) -> None:
    with open(path, "r+b") as f:
        f.truncate(length)
        f.flush()
        os.fsync(f.fileno())
