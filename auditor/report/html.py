"""A self-contained HTML audit report for compliance reviewers.

One file, no network: CSS and JS are inline and pinned by a Content-Security-Policy
with their sha256 hashes. Everything a reviewer needs is in the HTML itself, so the
report reads with JavaScript off; JavaScript only adds filtering, sorting, pagination
and click-to-scroll.

How a 10,000-page report stays fast (the DOM stays small):

* the summary is static HTML (a few hundred nodes);
* the page table and each page's view are rendered by the script on demand from
  inert JSON data: one ``<script type="application/json">`` index (a row per page,
  findings as small integers for filtering) and the page views in chunks of
  ``CHUNK`` pages, parsed only when a page is opened;
* the no-JavaScript version (the full table and every page view as HTML) sits in
  one ``<noscript>`` element: with scripting on, browsers parse its contents as a
  single raw text node, so it costs no DOM.

Page text is attacker-controlled. Python escapes every string it writes
(``html.escape``), JSON in script blocks has ``<``, ``>``, ``&``, U+2028 and
U+2029 escaped, data never goes into attributes (only whitelisted class names,
languages and numeric ids do), the script builds the page views with
``textContent`` only, and invisible direction overrides and control characters
are shown as visible ``U+202E`` markers.

Both ways in build the same report: :class:`HtmlWriter` (``auditor check --format
html``) takes Documents and Findings as the audit goes; ``auditor report`` feeds the
JSONL records of a finished scan to :class:`HtmlReport` with :meth:`HtmlReport.add`.
Page data is spooled to temporary files, so memory does not grow with page text.
"""
from __future__ import annotations

import base64
import hashlib
import html
import json
import re
import tempfile
from collections import Counter
from functools import lru_cache
from importlib import resources
from typing import Any, Iterable, Mapping, Sequence, TextIO

from auditor.i18n import gettext_for
from auditor.model.document import CATEGORIES, LANGUAGES, SEGMENT_KINDS, SEVERITIES
from auditor.report import ReportOptions
from auditor.rules.explain import translate_explanation

CHUNK = 100  # page views per JSON block
TOP_SECTIONS = 15  # site sections listed in the summary; the rest are summed up


def N_(s: str) -> str:
    """Mark a string for extraction (pybabel's default keywords include N_)."""
    return s


SEVERITY_LABELS = {"error": N_("error"), "warning": N_("warning"), "info": N_("info")}
# Used by auditor/report/text.py through gettext; listed here so extraction finds them.
_TEXT_SUMMARY = (N_("fix"), N_("waived"))

KIND_LABELS = {
    "content": N_("Content"),
    "navigation": N_("Navigation"),
    "third_party_notice": N_("Third-party notice"),
    "archive_notice": N_("Archive notice"),
    "disclaimer": N_("Disclaimer"),
    "forward_looking": N_("Forward-looking statements"),
    "boilerplate": N_("Boilerplate"),
    "metadata": N_("Metadata"),
}

LANGUAGE_LABELS = {
    "en": N_("English"),
    "zh-Hans": N_("Simplified Chinese"),
    "zh-Hant": N_("Traditional Chinese"),
    "mixed": N_("Mixed languages"),
    "und": N_("Undetermined"),
}

CATEGORY_LABELS = {
    "unapproved-disclaimer-missing": N_("Unapproved-product disclaimer missing"),
    "fls-missing": N_("Forward-looking statements without a cautionary section"),
    "fls-boilerplate": N_("Cautionary section names no specific risk"),
    "approval-number-missing": N_("Approval number missing"),
    "approval-number-malformed": N_("Approval number malformed"),
    "approval-number-conflict": N_("Conflicting approval numbers"),
    "approval-number-duplicate": N_("Approval number reused on other pages"),
    "third-party-notice-missing": N_("Leaving-site notice missing"),
    "archive-notice-missing": N_("Archive notice missing"),
    "absolute-claim": N_("Absolute claim"),
    "notice-language-mismatch": N_("Notice not in the page's language"),
    "date-inconsistent": N_("Dates disagree"),
    "unapproved-disclaimer-incomplete": N_("Unapproved-product disclaimer incomplete"),
    "investigational-claim": N_("Efficacy or safety claim about an investigational product"),
    "approval-number-expired": N_("Approval number expired"),
    "statutory-number-missing": N_("ICP or drug-information licence number missing"),
    "ad-approval-number-invalid": N_("Advertisement approval number invalid"),
    "prohibited-claim": N_("Claim prohibited in drug advertising"),
    "third-party-notice-incomplete": N_("Leaving-site notice incomplete"),
    "script-mismatch": N_("Simplified/Traditional script mismatch"),
    "input-error": N_("Page could not be read"),
}

_BCP47 = {"en": "en", "zh-Hans": "zh-Hans-CN", "zh-Hant": "zh-Hant-TW"}

# Interface strings: one place, marked for extraction (f-strings hide calls from pybabel).
UI = {
    "page": N_("Page"),
    "pages": N_("Pages"),
    "section": N_("Section"),
    "language": N_("Language"),
    "waived": N_("Waived"),
    "findings": N_("Findings"),
    "pageText": N_("Page text"),
    "segmentKinds": N_("Segment kinds"),
    "segmentKind": N_("Segment kind"),
    "noFindings": N_("No findings on this page."),
    "waivedFindings": N_("Waived findings"),
    "fix": N_("Fix"),
    "why": N_("Why it matched"),
    "references": N_("References"),
    "rule": N_("Rule"),
    "reason": N_("Reason"),
    "approver": N_("Approved by"),
    "expires": N_("Expires"),
    "waiverSource": N_("Waiver source"),
    "expired": N_("expired"),
    "wholePage": N_("Applies to the whole page"),
    "lineCol": N_("line {line}, column {column}"),
    "allPages": N_("All pages"),
    "prevPage": N_("Previous page"),
    "nextPage": N_("Next page"),
    "prev": N_("Previous"),
    "next": N_("Next"),
    "showing": N_("Showing {from}–{to} of {total} pages"),
    "noMatch": N_("No pages match the filters."),
    "hiddenByFilters": N_("{count} findings on this page are hidden by the filters."),
    "showAll": N_("Show all"),
    "hiddenOnPage": N_("hidden on the page"),
    "pageError": N_("This page could not be read: {error}"),
    "noText": N_("The results do not include the text of this page."),
    "format": N_("Format"),
    "encoding": N_("Encoding"),
    "undecodable": N_("Undecodable bytes"),
    "ctl": N_("Invisible control character"),
    "topLevel": N_("Top level"),
    "pageOf": N_("Page {n} of {total}"),
    "print": N_("Print or save as PDF"),
    "title": N_("Audit report"),
    "auditDate": N_("Audit date: {date}"),
    "generated": N_("Generated by auditor {version}"),
    "summary": N_("Summary"),
    "pagesAudited": N_("Pages audited"),
    "pagesWithFindings": N_("Pages with findings"),
    "unreadable": N_("Pages that could not be read"),
    "byCategory": N_("By category"),
    "byLanguage": N_("By language"),
    "bySection": N_("By site section"),
    "category": N_("Category"),
    "categories": N_("Categories"),
    "total": N_("Total"),
    "withFindings": N_("With findings"),
    "moreSections": N_("{count} more sections"),
    "noJs": N_("JavaScript is off: every page is listed below, worst first. Filtering and sorting need JavaScript."),
    "severity": N_("Severity"),
    "allCategories": N_("All categories"),
    "allRules": N_("All rules"),
    "allLanguages": N_("All languages"),
    "allKinds": N_("All segment kinds"),
    "allSections": N_("All sections"),
    "search": N_("Search pages"),
    "clear": N_("Clear filters"),
    "badLines": N_("{count} lines of the results could not be read and were left out."),
}

# Invisible characters that can disguise text: C0/C1 controls (but tab and newline),
# line/paragraph separators, bidirectional marks, embeddings, overrides and isolates. Shown as "U+XXXX" markers.
CONTROL_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]")
_SURROGATE_RE = re.compile("[\ud800-\udfff]")
_JSON_ESCAPE_RE = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_URL_SOURCE_RE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
_SAFE_REF_RE = re.compile(r"^https?://[^\s<>\"'`\\]+$", re.IGNORECASE)


# --------------------------------------------------------------------------- helpers

def esc(s: Any) -> str:
    return html.escape("" if s is None else str(s), quote=True)


def clean(s: Any) -> str:
    """A string safe to encode as UTF-8 (lone surrogates from JSON become U+FFFD)."""
    s = "" if s is None else str(s)
    return _SURROGATE_RE.sub("\ufffd", s) if _SURROGATE_RE.search(s) else s


def script_json(obj: Any) -> str:
    """JSON for a ``<script type="application/json">`` block: no ``</script>`` or
    ``<!--`` can form, and U+2028/2029 cannot end a line."""
    s = json.dumps(obj, ensure_ascii=False, separators=(",", ":"), sort_keys=False)
    s = s.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
    # Line separators, bidi overrides and C1 controls as escapes: the file carries none raw.
    return _JSON_ESCAPE_RE.sub(lambda m: f"\\u{ord(m.group()):04x}", s)


def plain(s: Any) -> str:
    """Text where no markup is possible (<title>, <option>): controls as "[U+202E]"."""
    return CONTROL_RE.sub(lambda m: f"[U+{ord(m.group()):04X}]", "" if s is None else str(s))


def _as_int(v: Any, default: int = 0) -> int:
    try:
        return int(v)
    except (TypeError, ValueError):
        return default


def safe_reference_url(ref: str) -> str | None:
    """An http(s) URL that may be a link; anything else is shown as text."""
    return ref if _SAFE_REF_RE.match(ref) else None


@lru_cache(maxsize=4)
def asset(name: str) -> str:
    return resources.files("auditor.report.html_assets").joinpath(name).read_text(encoding="utf-8")


def csp_hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def content_security_policy(script: str, style: str) -> str:
    return (f"default-src 'none'; script-src {csp_hash(script)}; style-src {csp_hash(style)}; "
            "img-src data:; base-uri 'none'; form-action 'none'")


def section_of(source: str, url: str | None, common: Sequence[str]) -> str:
    """The site section of a page: the first URL path segment, or the first path
    component below the folder all sources share ("/" at the top level)."""
    target = url or source
    if _URL_SOURCE_RE.match(target):
        from urllib.parse import urlsplit

        try:
            path = urlsplit(target).path
        except ValueError:
            path = ""
        parts = [p for p in path.split("/") if p]
        return "/" + parts[0] if len(parts) > 1 or (parts and "." not in parts[0]) else "/"
    parts = _path_parts(target)[len(common):]
    return parts[0] if len(parts) > 1 else "/"


def _path_parts(source: str) -> list[str]:
    return [p for p in re.split(r"[/\\!]", source) if p and p != "."]


def _common_dir(sources: Iterable[str]) -> list[str]:
    common: list[str] | None = None
    for s in sources:
        if _URL_SOURCE_RE.match(s):
            continue
        d = _path_parts(s)[:-1]
        if common is None:
            common = d
        else:
            n = 0
            while n < min(len(common), len(d)) and common[n] == d[n]:
                n += 1
            common = common[:n]
    return common or []


def common_prefix(sources: Sequence[str]) -> str:
    """The folder part all sources share ("corpora/pages/"), shown muted in the page table."""
    if len(sources) < 2:
        return ""
    import os

    prefix = os.path.commonprefix(list(sources))
    cut = max(prefix.rfind("/"), prefix.rfind("\\"), prefix.rfind("!"))
    return prefix[:cut + 1] if cut >= 0 else ""


class _Text:
    """Escaped text with visible markers for invisible control characters."""

    def __init__(self, title: str):
        self.title = esc(title)

    def __call__(self, s: Any) -> str:
        s = "" if s is None else str(s)
        if not CONTROL_RE.search(s):
            return html.escape(s, quote=True)
        out, pos = [], 0
        for m in CONTROL_RE.finditer(s):
            out.append(html.escape(s[pos:m.start()], quote=True))
            out.append(f'<span class="ctl" title="{self.title}">U+{ord(m.group()):04X}</span>')
            pos = m.end()
        out.append(html.escape(s[pos:], quote=True))
        return "".join(out)


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


class HtmlReport:
    """Collects pages (as jsonout document records) and writes the report."""

    def __init__(self, locale: str = "en", *, title: str | None = None, audit_date=None,
                 rules: Sequence = (), tool_version: str | None = None, notes: Sequence[str] = ()):
        from auditor import __version__

        self.set_locale(locale)
        self.title = title
        self.audit_date = audit_date
        self.version = tool_version or __version__
        self.notes = list(notes)
        self.rule_texts = {r.id: r for r in rules}
        self.pages: list[_Page] = []
        self.rules: list[dict] = []  # [{"id", "title", "cat", "refs", "fix"}]
        self._rule_index: dict[str, int] = {}
        self.categories: list[str] = []
        self._cat_index: dict[str, int] = {}
        # One JSON line per page; the static HTML and the script's chunks are made from
        # it at write(), so memory does not grow with the pages' text.
        self._spool = tempfile.TemporaryFile("w+", encoding="utf-8", newline="\n")
        self._by_source: dict[tuple[str, int], int] = {}
        self._extra: dict[int, list[dict]] = {}  # findings that came after their page (cross-page checks)

    def set_locale(self, locale: str) -> None:
        """The interface language; may change until write()."""
        self.locale = locale if locale in _BCP47 else "en"
        self._ = gettext_for(self.locale)
        self.L = {k: self._(v) for k, v in UI.items()}
        self._nums: dict[int, str] = {}
        self.text = _Text(self.L["ctl"])

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
            for f in (*page["f"], *page["w"]):
                if f.get("y"):
                    f["y"] = translate_explanation(f["y"], self.locale)
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

    # ---- formatting
    def num(self, n: int) -> str:
        text = self._nums.get(n)
        if text is None:
            from auditor.rules.messages import format_number

            text = self._nums[n] = format_number(n, self.locale)
        return text

    def date(self, value) -> str:
        from auditor.rules.messages import format_date

        try:
            return format_date(value, self.locale) if value else ""
        except (ValueError, TypeError):
            return str(value)

    def sev_label(self, i: int) -> str:
        return self._(SEVERITY_LABELS[SEVERITIES[i]])

    def kind_label(self, k: int) -> str:
        return self._(KIND_LABELS[SEGMENT_KINDS[k]]) if 0 <= k < len(SEGMENT_KINDS) else ""

    def lang_label(self, code: str) -> str:
        return self._(LANGUAGE_LABELS[code]) if code in LANGUAGE_LABELS else code

    def cat_label(self, cat: str) -> str:
        return self._(CATEGORY_LABELS[cat]) if cat in CATEGORY_LABELS else cat

    def section_label(self, section: str) -> str:
        return self.L["topLevel"] if section == "/" else section

    # ---- static HTML (summary, no-JS table and page views)
    def _page_html(self, page: dict) -> str:
        """One page's view as static HTML (the no-JavaScript version, inside <noscript>).
        Mirrors renderPage() in report.js; ids are the same, so links work in both."""
        _, t, pid = self._, self.text, page["i"]
        out = [f'<article class="pageview" id="p{pid}">',
               f'<h2 class="src"><span class="d">{t(page["src"])}</span></h2>',
               self._page_meta(page),
               '<div class="cols"><section class="textcol">',
               f'<h3>{esc(self.L["pageText"])}</h3>']
        if page.get("err"):
            out.append(f'<p class="pageerr">{t(self.L["pageError"].format(error=page["err"]))}</p>')
        labelled: set = set()
        if page["text"] is None:
            out.append(f'<p class="notext">{esc(self.L["noText"])}</p>')
        else:
            out.append(self._text_html(page, labelled))
        out.append('</section><section class="findcol">')
        out.append(f'<h3>{esc(self.L["findings"])} <span class="count">{esc(self.num(len(page["f"])))}</span></h3>')
        if page["f"]:
            out.append('<ol class="findings">')
            for n, f in enumerate(page["f"], 1):
                out.append(self._finding_html(pid, n, f, waived=False, marked=(False, n) in labelled))
            out.append("</ol>")
        else:
            out.append(f'<p class="none">{esc(self.L["noFindings"])}</p>')
        if page["w"]:
            out.append(f'<h3 class="waivedh">{esc(self.L["waivedFindings"])} <span class="count">{esc(self.num(len(page["w"])))}</span></h3>')
            out.append('<ol class="findings waived">')
            for n, f in enumerate(page["w"], 1):
                out.append(self._finding_html(pid, n, f, waived=True, marked=(True, n) in labelled))
            out.append("</ol>")
        out.append("</section></div>")
        out.append(f'<p class="back"><a href="#pages">{esc(self.L["allPages"])}</a></p></article>\n')
        return "".join(out)

    def _page_meta(self, page: dict) -> str:
        t = self.text
        items = [(self.L["language"], self.lang_label(page["lang"])), (self.L["format"], page["fmt"]),
                 (self.L["encoding"], page["enc"])]
        if page.get("dec"):
            items.append((self.L["undecodable"], self.num(page["dec"])))
        return '<dl class="pagemeta">' + "".join(
            f"<div><dt>{esc(k)}</dt><dd>{t(v)}</dd></div>" for k, v in items if v) + "</dl>"

    def _legend(self) -> str:
        chips = "".join(f'<li><span class="chip k-{k}">{esc(self.kind_label(i))}</span></li>'
                        for i, k in enumerate(SEGMENT_KINDS))
        return (f'<div class="legend"><span class="lt">{esc(self.L["segmentKinds"])}</span>'
                f'<ul>{chips}</ul></div>')

    def _text_html(self, page: dict, labelled: set) -> str:
        """Segments shaded by kind; evidence as numbered <mark>s (overlaps split into pieces)."""
        _, t, pid, text = self._, self.text, page["i"], page["text"]
        marks = [(f["a"], f["b"], n, f["s"], False) for n, f in enumerate(page["f"], 1) if f["b"] > f["a"]]
        marks += [(f["a"], f["b"], n, f["s"], True) for n, f in enumerate(page["w"], 1) if f["b"] > f["a"]]
        blocks = [(s[0], s[1], s[2], s[3], s[4]) for s in page["segs"]] or [(0, len(text), -1, "und", 0)]
        out = ['<div class="pagetext">']
        for start, end, k, slang, hidden in blocks:
            kind = SEGMENT_KINDS[k] if k >= 0 else "none"
            lang_attr = f' lang="{slang}"' if slang in ("en", "zh-Hans", "zh-Hant") else ""
            label = self.kind_label(k)
            extra = []
            if slang != page["lang"] and slang in LANGUAGE_LABELS:
                extra.append(self.lang_label(slang))
            if hidden:
                extra.append(self.L["hiddenOnPage"])
            out.append(f'<div class="seg k-{kind}"><div class="segl">{esc(label)}'
                       + "".join(f' · {esc(x)}' for x in extra) + f'</div><div class="segt"{lang_attr}>')
            cuts = {start, end}
            for a, b, *_rest in marks:
                if a < end and b > start:
                    cuts.add(max(a, start))
                    cuts.add(min(b, end))
            cuts = sorted(cuts)
            for a, b in zip(cuts, cuts[1:]):
                piece = t(text[a:b])
                on = [m for m in marks if m[0] <= a < m[1]]
                if not on:
                    out.append(piece)
                    continue
                sev = min(m[3] for m in on if not m[4]) if any(not m[4] for m in on) else None
                cls = "ev " + (f"sev-{SEVERITIES[sev]}" if sev is not None else "waived")
                if len(on) > 1:
                    cls += " multi"
                labels = []
                for _m0, _m1, n, _s, w in on:
                    if (w, n) not in labelled:  # the number goes on the first piece of the evidence
                        labelled.add((w, n))
                        ident, target = (f"p{pid}-v{n}", f"p{pid}-w{n}") if w else (f"p{pid}-m{n}", f"p{pid}-f{n}")
                        labels.append(f'<a class="num" id="{ident}" href="#{target}">{"W" if w else ""}{n}</a>')
                out.append(f'<mark class="{cls}">{"".join(labels)}{piece}</mark>')
            out.append("</div></div>")
        out.append("</div>")
        return "".join(out)

    def _finding_html(self, pid: int, n: int, f: dict, *, waived: bool, marked: bool) -> str:
        t = self.text
        rule = self.rules[f["r"]]
        sev = SEVERITIES[f["s"]]
        ident = f"p{pid}-w{n}" if waived else f"p{pid}-f{n}"
        target = f"p{pid}-v{n}" if waived else f"p{pid}-m{n}"
        num = f"W{n}" if waived else str(n)
        spanned = f["b"] > f["a"]
        head = (f'<a class="num" href="#{target}">{num}</a>' if marked else f'<span class="num">{num}</span>')
        out = [f'<li class="finding sev-{sev}" id="{ident}"><div class="fhead">{head}'
               f'<span class="sev">{esc(self.sev_label(f["s"]))}</span>'
               f'<span class="ftitle d">{t(rule["title"] or rule["id"])}</span></div>',
               f'<p class="msg d">{t(f["m"])}</p>']
        if f["e"]:
            out.append(f'<blockquote class="evq d">{t(f["e"])}</blockquote>')
        elif not spanned:
            out.append(f'<p class="whole">{esc(self.L["wholePage"])}</p>')
        dl = []
        fix = f.get("x", rule["fix"])
        if fix:
            dl.append((self.L["fix"], f'<span class="d">{t(fix)}</span>'))
        if f.get("y"):
            dl.append((self.L["why"], f'<span class="d">{t(f["y"])}</span>'))
        if rule["refs"]:
            items = []
            for ref in rule["refs"]:
                url = safe_reference_url(ref)
                items.append(f'<li><a href="{esc(url)}" rel="noopener noreferrer" target="_blank">{t(ref)}</a></li>'
                             if url else f"<li>{t(ref)}</li>")
            dl.append((self.L["references"], f'<ul class="refs">{"".join(items)}</ul>'))
        where = [t(rule["id"]), t(self.cat_label(self.categories[f["c"]]))]
        if f["l"]:
            where.append(esc(self.L["lineCol"].format(line=self.num(f["l"]), column=self.num(f["o"]))))
        if f["k"] >= 0:
            where.append(esc(self.kind_label(f["k"])))
        dl.append((self.L["rule"], " · ".join(where)))
        if waived:
            w = f.get("w") or {}
            if w.get("reason"):
                dl.append((self.L["reason"], f'<span class="d">{t(w["reason"])}</span>'))
            if w.get("approver"):
                dl.append((self.L["approver"], f'<span class="d">{t(w["approver"])}</span>'))
            if w.get("until"):
                dl.append((self.L["expires"], t(self._until(w["until"]))))
            if w.get("source"):
                src = w["source"] + (f":{w['line']}" if w.get("line") else "")
                dl.append((self.L["waiverSource"], f'<span class="d">{t(src)}</span>'))
        out.append('<dl class="fdl">' + "".join(f"<dt>{esc(k)}</dt><dd>{v}</dd>" for k, v in dl) + "</dl></li>")
        return "".join(out)

    def _until(self, until: str) -> str:
        import datetime as dt

        text = self.date(until)
        try:
            day = dt.date.fromisoformat(str(until)[:10])
        except ValueError:
            return text
        try:
            today = dt.date.fromisoformat(str(self.audit_date)[:10]) if self.audit_date else dt.date.today()
        except ValueError:
            today = dt.date.today()
        return f"{text} ({self.L['expired']})" if day < today else text

    # ---- summary
    def _summary_html(self) -> str:
        t = self.text
        sev, cats, langs, sections = Counter(), Counter(), Counter(), Counter()
        cat_sev: dict[str, list[int]] = {}
        lang_pages, sec_pages, sec_with = Counter(), Counter(), Counter()
        with_findings = errors_in = 0
        waived = sum(p.waived for p in self.pages)
        for p in self.pages:
            lang_pages[p.lang] += 1
            sec_pages[p.section] += 1
            total = sum(p.counts)
            with_findings += bool(total)
            sec_with[p.section] += bool(total)
            errors_in += p.error
            langs[p.lang] += total
            sections[p.section] += total
            for j in range(0, len(p.flat), 4):
                s, c = p.flat[j], self.categories[p.flat[j + 1]]
                sev[s] += 1
                cats[c] += 1
                cat_sev.setdefault(c, [0, 0, 0])[s] += 1
        total = sum(sev.values())

        def card(label, value, cls="", f="", v=""):
            data = f' data-f="{f}" data-v="{esc(v)}"' if f else ""
            return (f'<div class="card {cls}"{data}><div class="cv">{esc(self.num(value))}</div>'
                    f'<div class="cl{" cap" if f == "sev" else ""}">{esc(label)}</div></div>')

        out = ['<section id="summary" aria-labelledby="summary-h">',
               f'<h2 id="summary-h">{esc(self.L["summary"])}</h2><div class="cards">',
               card(self.L["pagesAudited"], len(self.pages)),
               card(self.L["pagesWithFindings"], with_findings),
               card(self.L["findings"], total)]
        for i, s in enumerate(SEVERITIES):
            out.append(card(self.sev_label(i), sev[i], f"sev-{s}", "sev", str(i)))
        if waived:
            out.append(card(self.L["waived"], waived, "waivedc"))
        if errors_in:
            out.append(card(self.L["unreadable"], errors_in, "sev-error"))
        out.append("</div>")
        # by category, with severities
        out.append('<div class="tables">')
        if cats:
            rows = []
            for c, n in sorted(cats.items(), key=lambda kv: (-kv[1], kv[0])):
                e, w, i = cat_sev[c]
                rows.append(f'<tr><th scope="row"><span class="flt" data-f="cat" data-v="{self._cat_index[c]}">'
                            f'{t(self.cat_label(c))}</span><span class="cid d">{t(c)}</span></th>'
                            f'<td>{esc(self.num(e)) if e else ""}</td><td>{esc(self.num(w)) if w else ""}</td>'
                            f'<td>{esc(self.num(i)) if i else ""}</td><td class="tot">{esc(self.num(n))}</td>'
                            f'<td class="barc">{self._bar(n, max(cats.values()))}</td></tr>')
            out.append(f'<table class="st bycat"><caption>{esc(self.L["byCategory"])}</caption><thead><tr>'
                       f'<th scope="col">{esc(self.L["category"])}</th>'
                       + "".join(f'<th scope="col" class="sev-{s} cap">{esc(self.sev_label(i))}</th>' for i, s in enumerate(SEVERITIES))
                       + f'<th scope="col">{esc(self.L["total"])}</th><th></th></tr></thead><tbody>{"".join(rows)}</tbody></table>')
        # by language
        rows = []
        for code, n in sorted(lang_pages.items(), key=lambda kv: (-kv[1], kv[0])):
            v = self._lang_values().index(code)
            rows.append(f'<tr><th scope="row"><span class="flt d" data-f="lang" data-v="{v}">{t(self.lang_label(code))}</span></th>'
                        f'<td>{esc(self.num(n))}</td><td class="tot">{esc(self.num(langs[code]))}</td></tr>')
        out.append(f'<table class="st"><caption>{esc(self.L["byLanguage"])}</caption><thead><tr>'
                   f'<th scope="col">{esc(self.L["language"])}</th><th scope="col">{esc(self.L["pages"])}</th>'
                   f'<th scope="col">{esc(self.L["findings"])}</th></tr></thead><tbody>{"".join(rows)}</tbody></table>')
        # by site section
        secs = sorted(sec_pages.items(), key=lambda kv: (-sections[kv[0]], -kv[1], kv[0]))
        rows = []
        values = self._section_values()
        for name, n in secs[:TOP_SECTIONS]:
            rows.append(f'<tr><th scope="row"><span class="flt d" data-f="section" data-v="{values.index(name)}">'
                        f'{t(self.section_label(name))}</span></th><td>{esc(self.num(n))}</td>'
                        f'<td>{esc(self.num(sec_with[name]))}</td><td class="tot">{esc(self.num(sections[name]))}</td></tr>')
        if len(secs) > TOP_SECTIONS:
            rest = secs[TOP_SECTIONS:]
            label = self.L["moreSections"].format(count=self.num(len(rest)))
            rows.append(f'<tr class="more"><th scope="row">{esc(label)}</th><td>{esc(self.num(sum(n for _s, n in rest)))}</td>'
                        f'<td>{esc(self.num(sum(sec_with[s] for s, _n in rest)))}</td>'
                        f'<td class="tot">{esc(self.num(sum(sections[s] for s, _n in rest)))}</td></tr>')
        out.append(f'<table class="st"><caption>{esc(self.L["bySection"])}</caption><thead><tr>'
                   f'<th scope="col">{esc(self.L["section"])}</th><th scope="col">{esc(self.L["pages"])}</th>'
                   f'<th scope="col">{esc(self.L["withFindings"])}</th><th scope="col">{esc(self.L["findings"])}</th>'
                   f'</tr></thead><tbody>{"".join(rows)}</tbody></table>')
        out.append("</div></section>")
        return "".join(out)

    @staticmethod
    def _bar(n: int, top: int) -> str:
        # A bar without a style attribute (the CSP allows none): width in 5% steps as a class.
        step = max(1, round(20 * n / top)) if top else 0
        return f'<span class="bar w{step * 5}"></span>'

    def _lang_values(self) -> list[str]:
        if not hasattr(self, "_langs"):
            self._langs = sorted({p.lang for p in self.pages}, key=lambda c: (c not in LANGUAGES, LANGUAGES.index(c) if c in LANGUAGES else 0, c))
        return self._langs

    def _section_values(self) -> list[str]:
        if not hasattr(self, "_sections"):
            self._sections = sorted({p.section for p in self.pages}, key=lambda s: (s != "/", s))
        return self._sections

    def _static_table(self) -> str:
        t = self.text
        head = "".join(f'<th scope="col" class="cap">{esc(h)}</th>' for h in (
            self.L["page"], self.L["section"], self.L["language"], *(self.sev_label(i) for i in range(3)), self.L["waived"]))
        rows = []
        prefix = self._prefix
        for p in sorted(self.pages, key=_Page.worst_key):
            e, w, i = p.counts
            cells = "".join(f"<td>{esc(self.num(v)) if v else ''}</td>" for v in (e, w, i, p.waived))
            rest = p.source[len(prefix):]
            rows.append(f'<tr><th scope="row"><a class="d" href="#p{p.id}"><span class="pre">{t(prefix)}</span>{t(rest)}</a></th>'
                        f'<td class="d">{t(self.section_label(p.section))}</td><td>{t(self.lang_label(p.lang))}</td>{cells}</tr>')
        return (f'<section class="static-pages" id="pages"><h2>{esc(self.L["pages"])}</h2>'
                f'<p class="nojs">{esc(self.L["noJs"])}</p>'
                f'<table class="pt"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table></section>')

    # ---- the data the script reads
    def _index(self) -> dict:
        langs, sections = self._lang_values(), self._section_values()
        lang_i = {c: i for i, c in enumerate(langs)}
        sec_i = {s: i for i, s in enumerate(sections)}
        return {
            "v": 1,
            "locale": self.locale,
            "numLocale": _BCP47[self.locale],
            "auditDate": str(self.audit_date)[:10] if self.audit_date else "",
            "chunk": CHUNK,
            "prefix": self._prefix,
            "L": self.L,
            "sev": [[s, self.sev_label(i)] for i, s in enumerate(SEVERITIES)],
            "kinds": [[k, self.kind_label(i)] for i, k in enumerate(SEGMENT_KINDS)],
            "langs": [[c, self.lang_label(c)] for c in langs],
            "sections": [[s, self.section_label(s)] for s in sections],
            "cats": [[c, self.cat_label(c)] for c in self.categories],
            "rules": self.rules,
            # a page: [id, source, section, language, waived, [sev, cat, rule, kind, ...], input error]
            "pages": [[p.id, p.source, sec_i[p.section], lang_i[p.lang], p.waived, p.flat, 1 if p.error else 0]
                      for p in self.pages],
        }

    def _controls(self) -> str:
        sev = "".join(f'<label class="sevck cap sev-{s}"><input type="checkbox" name="sev" value="{i}" checked> '
                      f'{esc(self.sev_label(i))}</label>' for i, s in enumerate(SEVERITIES))

        def select(name, label, all_label):
            return (f'<label class="sel"><span>{esc(label)}</span><select name="{name}">'
                    f'<option value="-1">{esc(all_label)}</option></select></label>')

        return (f'<section id="pagelist" hidden aria-labelledby="pages-h"><h2 id="pages-h">{esc(self.L["pages"])}</h2>'
                f'<form id="filters" class="filters" role="search"><fieldset class="sevs"><legend>{esc(self.L["severity"])}</legend>{sev}</fieldset>'
                + select("cat", self.L["category"], self.L["allCategories"])
                + select("rule", self.L["rule"], self.L["allRules"])
                + select("lang", self.L["language"], self.L["allLanguages"])
                + select("kind", self.L["segmentKind"], self.L["allKinds"])
                + select("section", self.L["section"], self.L["allSections"])
                + f'<label class="sel q"><span>{esc(self.L["search"])}</span><input type="search" name="q" autocomplete="off"></label>'
                f'<button type="reset" class="clear">{esc(self.L["clear"])}</button></form>'
                f'<p id="status" class="status" aria-live="polite"></p>'
                f'<table class="pt" id="pagetable"><thead><tr>'
                + "".join(f'<th scope="col" data-sort="{key}"><button type="button" class="cap">{esc(label)}</button></th>'
                          for key, label in (("source", self.L["page"]), ("section", self.L["section"]), ("lang", self.L["language"]),
                                             ("e", self.sev_label(0)), ("w", self.sev_label(1)), ("i", self.sev_label(2)),
                                             ("waived", self.L["waived"]), ("cats", self.L["categories"])))
                + f'</tr></thead><tbody></tbody></table><nav class="pager" aria-label="{esc(self.L["pages"])}">'
                f'<button type="button" data-go="-1">{esc(self.L["prev"])}</button><span class="pos"></span>'
                f'<button type="button" data-go="1">{esc(self.L["next"])}</button></nav></section>')

    # ---- output
    def write(self, out: TextIO) -> None:
        common = _common_dir(p.url or p.source for p in self.pages)
        for p in self.pages:
            p.section = section_of(p.source, p.url, common)
        self._prefix = common_prefix([p.source for p in self.pages])
        script, style = asset("report.js"), asset("report.css")
        title = self.title or self.L["title"]
        meta = []
        if self.audit_date:
            meta.append(self.L["auditDate"].format(date=self.date(self.audit_date)))
        meta.append(self.L["generated"].format(version=self.version))
        body_cls = "single" if len(self.pages) == 1 else "batch"
        out.write(
            f'<!DOCTYPE html>\n<html lang="{esc(self.locale)}">\n<head>\n<meta charset="utf-8">\n'
            f'<meta http-equiv="Content-Security-Policy" content="{html.escape(content_security_policy(script, style), quote=False)}">\n'
            '<meta name="referrer" content="no-referrer">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f'<meta name="generator" content="auditor {esc(self.version)}">\n'
            f'<title>{esc(plain(title))}</title>\n<link rel="icon" href="data:,">\n<style>{style}</style>\n</head>\n'
            f'<body class="{body_cls}">\n<header class="top"><h1 class="d">{self.text(title)}</h1>'
            f'<p class="meta">{" · ".join(self.text(m) for m in meta)}</p>'
            + "".join(f'<p class="note">{self.text(n)}</p>' for n in self.notes)
            + f'<button type="button" id="printbtn" hidden>{esc(self.L["print"])}</button></header>\n<main>\n'
            f'<div id="batch">{self._summary_html()}\n{self._controls()}</div>\n'
            '<div id="view" hidden></div>\n')
        # The index and the script come before the bulk of the file, so the table is
        # interactive while the browser still parses the page data and the no-JS version.
        out.write(f'<script type="application/json" id="auditor-index">{script_json(self._index())}</script>\n')
        out.write(f"<script>{script}</script>\n")
        for block in self._chunks():
            out.write(block)
        out.write(f'<noscript>\n{self._legend()}\n')
        if len(self.pages) > 1:
            out.write(self._static_table())
        for page in self._spooled():
            out.write(self._page_html(page))
        out.write("</noscript>\n</main>\n</body>\n</html>\n")
        self._spool.close()


class HtmlWriter:
    """``auditor check --format html``: the writer protocol over :class:`HtmlReport`."""

    def __init__(self, out: TextIO, opts: ReportOptions):
        self.out, self.opts = out, opts
        self.report = HtmlReport(opts.locale, audit_date=opts.audit_date, rules=opts.rules,
                                 title=(opts.extra or {}).get("title"))

    def document(self, doc, findings) -> None:
        from auditor.report.jsonout import document_record

        rec = document_record(doc, findings, segments=True)
        self.report.add(rec, text=doc.text, url=(doc.meta or {}).get("url"), error=doc.error)

    def close(self) -> None:
        self.report.write(self.out)
