"""The summary: counts by severity, category, language and site section."""
from __future__ import annotations

from collections import Counter

from auditor.model.vocabulary import LANGUAGES, SEVERITIES
from auditor.report.html.escape import esc

TOP_SECTIONS = 15  # site sections listed in the summary; the rest are summed up


class SummaryView:
    """HtmlReport's summary section."""

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
