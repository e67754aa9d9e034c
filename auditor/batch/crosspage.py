"""Checks across the pages of a batch, run at its end.

- ``approval-number-duplicate``: the same approval number on different pages (pages
  that are one page, the same URL or canonical URL, or language versions of each other,
  count as one); each page gets a finding listing the others;
- language-version parity, for versions of a page paired by ``<link rel=alternate
  hreflang>`` (``doc.meta["alternates"]`` matched against the other version's URL or
  canonical URL) or by a path mapping (``--pair-paths /en/=/zh/``, applied to URLs and
  to source paths): ``approval-number-conflict`` when the versions carry different
  approval numbers, and ``unapproved-disclaimer-missing`` on the version that lacks the
  unapproved-product disclaimer the other one carries.

Only small facts per page are kept (:func:`auditor.audit.facts.page_facts`: URL,
canonical, alternates, approval numbers with their first position, whether the
disclaimer is there), and they are kept in a temporary SQLite database rather than in
memory, so millions of pages need no more memory than a few.
"""
from __future__ import annotations

import json
import os
import shutil
import sqlite3
import tempfile
from dataclasses import dataclass, replace
from typing import Iterator, Sequence
from urllib.parse import urljoin, urlsplit

from auditor.audit.facts import page_facts
from auditor.model.document import Finding
from auditor.model.vocabulary import LANGUAGE_NAMES
from auditor.report.jsonout import finding_record
from auditor.rules.builtin import CROSSPAGE_RULES, DUPLICATE, VERSION_DISCLAIMER, VERSION_NUMBER
from auditor.rules.builtin import VERSION_LANGUAGE_NAMES as _VERSION_NAMES
from auditor.rules.engine import rule_selected
from auditor.rules.explain import translate_explanation
from auditor.rules.model import Rule

LISTED = 5  # other pages named in a duplicate finding

_LANG_NAMES = {loc: {**LANGUAGE_NAMES[loc], **_VERSION_NAMES[loc]} for loc in LANGUAGE_NAMES}


def crosspage_rules() -> list:
    """Rule objects for the cross-page checks (for --select/--ignore and SARIF metadata)."""
    return [Rule(id=rid, short_id=rid.split("/", 1)[1], ruleset="auditor", category=r["category"],
                 severity=r["severity"], kind="crosspage", title=r["title"], message=r["message"], fix=r["fix"],
                 description="Built-in check across the pages of a batch.")
            for rid, r in CROSSPAGE_RULES.items()]


def parse_pair_paths(values: Sequence[str]) -> list[tuple[str, str]]:
    """``["/en/=/zh/"]`` -> ``[("/en/", "/zh/")]`` (ValueError on a bad value)."""
    out = []
    for value in values or ():
        a, sep, b = value.partition("=")
        if not sep or not a or not b or a == b:
            raise ValueError(f"--pair-paths {value!r}: expected FROM=TO, for example /en/=/zh/")
        out.append((a, b))
    return out


def url_ident(url: str, base: str | None = None) -> str:
    """A URL as an identity: relative ones resolved, scheme, fragment and default port
    dropped, host lower-cased, an empty path as ``/``. Non-URLs are returned as given."""
    url = url.strip()
    if base:
        try:
            url = urljoin(base, url)
        except ValueError:
            return url
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    if not parts.netloc:
        return url
    host = (parts.hostname or "").lower()
    try:
        port = parts.port
    except ValueError:
        port = None
    if port and not ((parts.scheme == "http" and port == 80) or (parts.scheme == "https" and port == 443)):
        host = f"{host}:{port}"
    return f"//{host}{parts.path or '/'}" + (f"?{parts.query}" if parts.query else "")


def _idents(source: str, facts: dict) -> list[str]:
    out = []
    url = facts.get("url")
    if url:
        out.append(url_ident(url))
    canonical = facts.get("canonical")
    if canonical:
        out.append(url_ident(canonical, url))
    if "://" in source:
        out.append(url_ident(source))
    out.append(source)
    return list(dict.fromkeys(out))


def _mapped(idents: Sequence[str], source: str, mapping: Sequence[tuple[str, str]]) -> list[str]:
    out = []
    for ident in (*idents, source):
        for a, b in mapping:
            if a in ident:
                out.append(ident.replace(a, b, 1))
    return list(dict.fromkeys(out))


@dataclass
class PageOut:
    """The cross-page findings of one page, in the page's output order."""

    ordinal: int
    source: str
    language: str
    findings: list[Finding]


class CrossPage:
    """Collects facts page by page (:meth:`add`), then :meth:`findings` at the end."""

    def __init__(self, *, pair_paths: Sequence[tuple[str, str]] = (), locale: str = "en",
                 select: Sequence[str] = (), ignore: Sequence[str] = (), directory: str | None = None):
        self.mapping = list(pair_paths)
        self.locale = locale
        self.enabled = {r.id for r in crosspage_rules() if rule_selected(r, select, ignore)}
        self._dir = tempfile.mkdtemp(prefix="auditor-crosspage-", dir=directory)
        self.db = sqlite3.connect(os.path.join(self._dir, "facts.sqlite"))
        self.db.executescript("""
            PRAGMA journal_mode = OFF;
            PRAGMA synchronous = OFF;
            PRAGMA temp_store = FILE;
            CREATE TABLE docs (id INTEGER PRIMARY KEY, source TEXT, lang TEXT, disclaimer INT);
            CREATE TABLE idents (ident TEXT, id INT);
            CREATE TABLE links (id INT, target TEXT);
            CREATE TABLE nums (number TEXT, id INT, line INT, col INT, start INT, stop INT, evidence TEXT);
        """)
        self._pending = 0
        self.pages = 0

    def close(self) -> None:
        try:
            self.db.close()
        finally:
            shutil.rmtree(self._dir, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # -- collecting ---------------------------------------------------------------

    def add(self, ordinal: int, source: str, language: str, facts: dict | None) -> None:
        """One page's facts (``None`` for a page that could not be audited)."""
        if not facts or not self.enabled:
            return
        db = self.db
        if self._pending == 0:
            db.execute("BEGIN")
        db.execute("INSERT INTO docs VALUES (?, ?, ?, ?)", (ordinal, source, language, int(bool(facts.get("disclaimer")))))
        idents = _idents(source, facts)
        db.executemany("INSERT INTO idents VALUES (?, ?)", [(i, ordinal) for i in idents])
        base = facts.get("url") or (source if "://" in source else None)
        targets = [url_ident(href, base) for _lang, href in facts.get("alternates", ())]
        targets += _mapped(idents, source, self.mapping)
        if targets:
            db.executemany("INSERT INTO links VALUES (?, ?)", [(ordinal, t) for t in dict.fromkeys(targets)])
        nums = facts.get("approval_numbers")
        if nums:
            db.executemany("INSERT INTO nums VALUES (?, ?, ?, ?, ?, ?, ?)",
                           [(n[0], ordinal, n[1], n[2], n[3], n[4], n[5]) for n in nums])
        self.pages += 1
        self._pending += 1
        if self._pending >= 2000:
            db.execute("COMMIT")
            self._pending = 0

    # -- checking -----------------------------------------------------------------

    def findings(self) -> Iterator[PageOut]:
        """Every page with cross-page findings, in output order."""
        db = self.db
        if self._pending:
            db.execute("COMMIT")
            self._pending = 0
        if not self.enabled or not self.pages:
            return
        db.executescript("""
            CREATE INDEX idents_ident ON idents (ident);
            CREATE INDEX idents_id ON idents (id);
            CREATE INDEX nums_number ON nums (number);
            CREATE INDEX nums_id ON nums (id);
            CREATE TEMP TABLE pairs AS
              SELECT DISTINCT min(l.id, i.id) AS a, max(l.id, i.id) AS b
              FROM links l JOIN idents i ON i.ident = l.target
              WHERE i.id != l.id;
            CREATE TEMP TABLE out (id INT, rule TEXT, data TEXT);
        """)
        # language versions: distinct pages in different languages
        db.execute("""DELETE FROM pairs WHERE
                        (SELECT lang FROM docs WHERE id = a) = (SELECT lang FROM docs WHERE id = b)
                        OR EXISTS (SELECT 1 FROM idents x JOIN idents y ON x.ident = y.ident
                                   WHERE x.id = a AND y.id = b)""")
        db.execute("CREATE INDEX pairs_a ON pairs (a)")
        if VERSION_DISCLAIMER in self.enabled:
            self._parity_disclaimer()
        if VERSION_NUMBER in self.enabled:
            self._parity_numbers()
        if DUPLICATE in self.enabled:
            self._duplicates()
        current: PageOut | None = None
        rows = db.execute("""SELECT o.id, d.source, d.lang, o.data FROM out o JOIN docs d ON d.id = o.id
                             ORDER BY o.id, o.rule, o.rowid""")
        for ordinal, source, lang, data in rows:
            if current is None or current.ordinal != ordinal:
                if current is not None:
                    yield current
                current = PageOut(ordinal, source, lang, [])
            current.findings.append(_finding_from_json(data, source))
        if current is not None:
            yield current

    def _lang_name(self, lang: str) -> str:
        names = _LANG_NAMES.get(self.locale, _LANG_NAMES["en"])
        return names.get(lang, lang)

    def _emit(self, ordinal: int, rule: str, values: dict, *, line=1, column=1, start=0, end=0,
              evidence: str = "", explanation: str = "") -> None:
        r = CROSSPAGE_RULES[rule]
        loc = self.locale

        def text(name: str) -> str:
            texts = r[name]
            return (texts.get(loc) or texts["en"]).format(**values)

        f = {"rule": rule, "category": r["category"], "severity": r["severity"], "message": text("message"),
             "line": line, "column": column, "evidence": evidence, "start": start, "end": end,
             "fix": text("fix"), "title": text("title"), "explanation": translate_explanation(explanation, loc)}
        self.db.execute("INSERT INTO out VALUES (?, ?, ?)", (ordinal, rule, json.dumps(f, ensure_ascii=False)))

    def _parity_disclaimer(self) -> None:
        db = self.db
        rows = db.execute("""SELECT p.a, p.b, da.disclaimer, db_.disclaimer, da.source, db_.source, da.lang, db_.lang
                             FROM pairs p JOIN docs da ON da.id = p.a JOIN docs db_ ON db_.id = p.b
                             WHERE da.disclaimer != db_.disclaimer ORDER BY p.a, p.b""").fetchall()
        for a, b, has_a, _has_b, src_a, src_b, lang_a, lang_b in rows:
            missing, other, other_src, lang, other_lang = (b, a, src_a, lang_b, lang_a) if has_a else (a, b, src_b, lang_a, lang_b)
            self._emit(missing, VERSION_DISCLAIMER,
                       {"other": other_src, "other_lang": self._lang_name(other_lang), "lang": self._lang_name(lang)},
                       explanation=f"paired with {other_src} by an alternate link or --pair-paths; "
                                   f"that version has the unapproved-product disclaimer")

    def _numbers(self, ordinal: int) -> list[tuple]:
        return self.db.execute("SELECT number, line, col, start, stop, evidence FROM nums WHERE id = ? "
                               "ORDER BY start, number", (ordinal,)).fetchall()

    def _parity_numbers(self) -> None:
        db = self.db
        pairs = db.execute("""SELECT p.a, p.b, da.source, db_.source, da.lang, db_.lang
                              FROM pairs p JOIN docs da ON da.id = p.a JOIN docs db_ ON db_.id = p.b
                              WHERE EXISTS (SELECT 1 FROM nums WHERE id = p.a)
                                AND EXISTS (SELECT 1 FROM nums WHERE id = p.b)
                              ORDER BY p.a, p.b""").fetchall()
        for a, b, src_a, src_b, lang_a, lang_b in pairs:
            na, nb = self._numbers(a), self._numbers(b)
            if {n[0] for n in na} == {n[0] for n in nb}:
                continue
            for mine, theirs, me, other_src, other_lang in ((na, nb, a, src_b, lang_b), (nb, na, b, src_a, lang_a)):
                first = mine[0]
                self._emit(me, VERSION_NUMBER,
                           {"mine": ", ".join(n[0] for n in mine), "theirs": ", ".join(n[0] for n in theirs),
                            "other": other_src, "other_lang": self._lang_name(other_lang)},
                           line=first[1], column=first[2], start=first[3], end=first[4], evidence=first[5],
                           explanation=f"language versions paired by an alternate link or --pair-paths; "
                                       f"{other_src} carries {', '.join(n[0] for n in theirs)}")

    def _duplicates(self) -> None:
        db = self.db
        numbers = [r[0] for r in db.execute(
            "SELECT number FROM nums GROUP BY number HAVING COUNT(DISTINCT id) > 1 ORDER BY number")]
        for number in numbers:
            rows = db.execute("""SELECT n.id, d.source, n.line, n.col, n.start, n.stop, n.evidence
                                 FROM nums n JOIN docs d ON d.id = n.id WHERE n.number = ? ORDER BY n.id""",
                              (number,)).fetchall()
            ids = [r[0] for r in rows]
            group = self._groups(ids)
            if len(set(group.values())) < 2:
                continue  # one page (several captures) or language versions of one page
            for ordinal, source, line, col, start, stop, evidence in rows:
                # named in source order (not output order: a resumed scan writes the same text);
                # several captures of one other page are named once
                others = sorted({r[1] for r in rows if group[r[0]] != group[ordinal]})
                shown = ", ".join(others[:LISTED]) + (f" (+{len(others) - LISTED})" if len(others) > LISTED else "")
                self._emit(ordinal, DUPLICATE, {"number": number, "count": len(others), "pages": shown},
                           line=line, column=col, start=start, end=stop, evidence=evidence,
                           explanation=f"approval number {number} is printed on {len(set(group.values()))} "
                                       f"different pages of this batch")

    def _groups(self, ids: list[int]) -> dict[int, int]:
        """Union pages that are one page (a shared URL or canonical) or language versions."""
        parent = {i: i for i in ids}

        def root(i: int) -> int:
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        def union(a: int, b: int) -> None:
            ra, rb = root(a), root(b)
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)

        db = self.db
        for chunk_start in range(0, len(ids), 500):
            chunk = ids[chunk_start:chunk_start + 500]
            marks = ",".join("?" * len(chunk))
            for a, b in db.execute(f"""SELECT x.id, y.id FROM idents x JOIN idents y ON x.ident = y.ident
                                       WHERE x.id IN ({marks}) AND y.id != x.id""", chunk):
                if b in parent:
                    union(a, b)
            for a, b in db.execute(f"SELECT a, b FROM pairs WHERE a IN ({marks})", chunk):
                if b in parent:
                    union(a, b)
        return {i: root(i) for i in ids}


def _finding_from_json(data: str, source: str) -> Finding:
    d = json.loads(data)
    rule = CROSSPAGE_RULES[d["rule"]]
    return Finding(rule=d["rule"], category=d["category"], severity=d["severity"], message=d["message"],
                   line=d["line"], column=d["column"], segment=None, evidence=d["evidence"], start=d["start"],
                   end=d["end"], fix=d["fix"], title=d["title"], explanation=d["explanation"], source=source,
                   references=tuple(rule.get("references", ())))


def crosspage_record(page: PageOut) -> dict:
    return {"type": "crosspage", "source": page.source, "language": page.language,
            "findings": [finding_record(f) for f in page.findings]}


# ---------------------------------------------------------------------------- check


class CrossPageWriter:
    """Wraps a report writer for ``auditor check``: documents are held until the end,
    then written with the cross-page findings added to the pages they concern.

    With a single document nothing is held (no cross-page check can apply)."""

    def __init__(self, writer, engine, *, pair_paths: Sequence[tuple[str, str]] = (), locale: str = "en",
                 select: Sequence[str] = (), ignore: Sequence[str] = ()):
        self.writer = writer
        self.engine = engine
        self.options = dict(pair_paths=pair_paths, locale=locale, select=select, ignore=ignore)
        self.held: list = []

    def document(self, doc, findings) -> None:
        facts = None
        if not doc.error:
            try:
                facts = page_facts(self.engine, doc)
            except Exception:  # noqa: BLE001 - facts are a bonus; the page's own findings stand
                facts = None
        # the decoded source is only needed to locate evidence, done by now
        self.held.append((replace(doc, source_text="", norm=None), list(findings), facts))

    def close(self) -> list[Finding]:
        """Write everything; returns the cross-page findings (for the exit code)."""
        extra: dict[int, list[Finding]] = {}
        if len(self.held) > 1:
            with CrossPage(**self.options) as cp:
                for i, (doc, _findings, facts) in enumerate(self.held):
                    cp.add(i, doc.source, doc.language, facts)
                for page in cp.findings():
                    extra[page.ordinal] = page.findings
        for i, (doc, findings, _facts) in enumerate(self.held):
            more = extra.get(i)
            if more:
                findings = sorted(findings + more, key=lambda f: (f.start, f.end, f.rule))
            self.writer.document(doc, findings)
        self.held = []
        self.writer.close()
        return [f for fs in extra.values() for f in fs]
