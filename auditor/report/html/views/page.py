"""One page's view as static HTML: its text shaded by segment kind, evidence marked, findings listed."""
from __future__ import annotations

import datetime as dt

from auditor.model.vocabulary import SEGMENT_KINDS, SEVERITIES
from auditor.report.html.escape import esc, safe_reference_url
from auditor.report.html.labels import LANGUAGE_LABELS


class PageView:
    """HtmlReport's page views (the no-JavaScript version; report.js renders the same)."""

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
