"""The report's input: pages and findings in compact form, spooled to a temporary file.

Pages are kept as one JSON line each, so memory does not grow with the pages' text; the
static HTML and the script's data chunks are made from the spool at write().
"""
from __future__ import annotations

import json
from typing import Iterable, Mapping, Sequence

from auditor.model.vocabulary import LANGUAGES, SEGMENT_KINDS, SEVERITIES
from auditor.report.html.escape import _as_int, clean, script_json
from auditor.rules.explain import translate_explanation

CHUNK = 100  # page views per JSON block


def text_from_segments(segments: Sequence[Mapping]) -> str:
    """Rebuild a page's reading-order text from its segment records (joined by "\\n";
    offsets are kept even where a record is inconsistent)."""
    parts: list[str] = []
    pos = 0
    for seg in sorted(segments, key=lambda s: _as_int(s.get("start"))):
        start, end = _as_int(seg.get("start")), _as_int(seg.get("end"))
        if start < pos or end < start:
            continue
        if start > pos:
            parts.append("\n" * (start - pos))
        t = clean(seg.get("text", ""))[: end - start]
        parts.append(t + " " * (end - start - len(t)))
        pos = end
    return "".join(parts)


# --------------------------------------------------------------------------- the report

class _Page:
    """What the index, the summary and the static table keep of one page."""

    __slots__ = ("id", "source", "url", "lang", "waived", "flat", "counts", "error", "section", "shape")

    def __init__(self, id, source, url, lang, waived, flat, counts, error):
        self.id, self.source, self.url, self.lang = id, source, url, lang
        self.waived, self.flat, self.counts, self.error = waived, flat, counts, error
        self.section = "/"
        self.shape = (None, None)  # (text length, segment id -> kind) for findings added later

    def count(self, findings) -> None:
        for f in findings:
            self.counts[f["s"]] += 1
            self.flat += [f["s"], f["c"], f["r"], f["k"]]

    def worst_key(self):
        e, w, i = self.counts
        return (-e, -w, -i, self.source)



class Collector:
    """HtmlReport's input side: interning of rules and categories, pages, late findings."""

    # ---- interning
    def _cat(self, cat: str) -> int:
        i = self._cat_index.get(cat)
        if i is None:
            i = self._cat_index[cat] = len(self.categories)
            self.categories.append(cat)
        return i

    def _rule(self, f: Mapping) -> int:
        rid = clean(f.get("rule", ""))
        i = self._rule_index.get(rid)
        title = clean(f.get("title", ""))
        if not title and rid in self.rule_texts:
            title = self.rule_texts[rid].text("title", self.locale)
        if i is None:
            i = self._rule_index[rid] = len(self.rules)
            refs = f.get("references")
            refs = [clean(r) for r in refs if isinstance(r, str)] if isinstance(refs, (list, tuple)) else []
            self.rules.append({"id": rid, "title": title, "cat": self._cat(clean(f.get("category", ""))),
                               "refs": refs, "fix": clean(f.get("fix", ""))})
        elif title and not self.rules[i]["title"]:
            self.rules[i]["title"] = title
        return i

    # ---- input
    def _finding(self, f: Mapping, n: int | None, kind_of: Mapping[int, int]) -> dict:
        """A finding record in the report's compact form; ``n`` is the page text's length
        (None when the results carry no text: offsets are then meaningless)."""
        r = self._rule(f)
        sev = f.get("severity")
        start = max(0, min(n, _as_int(f.get("start")))) if n is not None else 0
        end = max(start, min(n, _as_int(f.get("end")))) if n is not None else 0
        seg = f.get("segment")
        out = {
            "r": r,
            "s": SEVERITIES.index(sev) if sev in SEVERITIES else 2,
            "c": self._cat(clean(f.get("category", ""))),
            "k": kind_of.get(_as_int(seg, -2), -1) if seg is not None else -1,
            "a": start,
            "b": end,
            "l": _as_int(f.get("line")),
            "o": _as_int(f.get("column")),
            "m": clean(f.get("message", "")),
            "e": clean(f.get("evidence", "")),
        }
        fix = clean(f.get("fix", ""))
        if fix != self.rules[r]["fix"]:
            out["x"] = fix
        if f.get("explanation"):
            out["y"] = clean(f.get("explanation"))
        w = f.get("waiver")
        if isinstance(w, dict):
            out["w"] = {k: clean(w.get(k)) for k in ("reason", "approver", "until", "source", "line")
                        if w.get(k) not in (None, "")}
        elif w:
            out["w"] = {"reason": clean(w)}
        return out

    def add(self, record: Mapping, *, text: str | None = None, url: str | None = None,
            error: str | None = None) -> None:
        """One page: a jsonout.document_record (with or without segments)."""
        pid = len(self.pages)
        source = clean(record.get("source", ""))
        lang = clean(record.get("language", "und"))
        segs_in = [s for s in (record.get("segments") or []) if isinstance(s, dict)]
        if text is None:
            text = text_from_segments(segs_in) if segs_in else None
        else:
            text = clean(text)
        n = len(text) if text is not None else None
        segs = []
        kind_of: dict[int, int] = {}
        for s in segs_in:
            kind = s.get("kind")
            k = SEGMENT_KINDS.index(kind) if kind in SEGMENT_KINDS else -1
            start = max(0, min(n or 0, _as_int(s.get("start"))))
            end = max(start, min(n or 0, _as_int(s.get("end"))))
            slang = s.get("lang") if s.get("lang") in LANGUAGES else "und"
            kind_of[_as_int(s.get("id"), -1)] = k
            segs.append([start, end, k, slang, 1 if s.get("hidden") else 0])
        segs.sort(key=lambda s: (s[0], s[1]))
        active = [self._finding(f, n, kind_of) for f in (record.get("findings") or []) if isinstance(f, dict)]
        waived = [self._finding(f, n, kind_of) for f in (record.get("waived") or []) if isinstance(f, dict)]
        moved = [f for f in active if "w" in f]  # a waived finding listed with the active ones
        if moved:
            active = [f for f in active if "w" not in f]
            waived = moved + waived
        for f in waived:
            f.setdefault("w", {})
        error = clean(error or record.get("error") or "") or None
        if error is None and any(self.categories[f["c"]] == "input-error" for f in active):
            error = next(f["m"] for f in active if self.categories[f["c"]] == "input-error")
        page = {"i": pid, "src": source, "fmt": clean(record.get("format", "")),
                "enc": clean(record.get("encoding", "")), "lang": lang, "text": text, "segs": segs,
                "f": active, "w": waived}
        if record.get("decode_errors"):
            page["dec"] = _as_int(record.get("decode_errors"))
        if error:
            page["err"] = error
        row = _Page(pid, source, clean(url) if url else None, lang, len(waived), [], [0, 0, 0], bool(error))
        row.count(active)
        row.shape = (n, kind_of if kind_of else None)
        self.pages.append(row)
        occurrence = max(1, _as_int(record.get("occurrence"), 1))
        self._by_source.setdefault((source, occurrence), pid)
        self._spool.write(json.dumps(page, ensure_ascii=False, separators=(",", ":")) + "\n")

    def add_findings(self, record: Mapping) -> bool:
        """Findings for a page added before, e.g. a scan's ``{"type": "crosspage"}`` record
        (checks across pages, known only at the end); False when there is no such page."""
        key = (clean(record.get("source", "")), max(1, _as_int(record.get("occurrence"), 1)))
        pid = self._by_source.get(key)
        if pid is None:
            return False
        row = self.pages[pid]
        n, kind_of = row.shape
        found = [self._finding(f, n, kind_of or {}) for f in (record.get("findings") or []) if isinstance(f, dict)]
        active = [f for f in found if "w" not in f]
        row.count(active)
        row.waived += len(found) - len(active)
        self._extra.setdefault(pid, []).extend(found)
        return True

    def _spooled(self) -> Iterable[dict]:
        self._spool.seek(0)
        for line in self._spool:
            page = json.loads(line)
            extra = self._extra.get(page["i"])
            if extra:
                page["f"] = sorted(page["f"] + [f for f in extra if "w" not in f], key=lambda f: (f["a"], f["b"]))
                page["w"] = page["w"] + [f for f in extra if "w" in f]
            # Results written in English are explained in the report's locale too (known
            # only at write time).
            locale = getattr(self, "locale", "en")
            for f in (*page["f"], *page["w"]):
                if f.get("y"):
                    f["y"] = translate_explanation(f["y"], locale)
            yield page

    def _chunks(self) -> Iterable[str]:
        chunk: list[dict] = []
        for page in self._spooled():
            chunk.append(page)
            if len(chunk) == CHUNK:
                yield self._chunk_html(chunk)
                chunk = []
        if chunk:
            yield self._chunk_html(chunk)

    @staticmethod
    def _chunk_html(chunk: list[dict]) -> str:
        cid = chunk[0]["i"] // CHUNK
        return f'<script type="application/json" id="auditor-chunk-{cid}">{script_json(chunk)}</script>\n'
