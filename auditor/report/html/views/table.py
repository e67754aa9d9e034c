"""The no-JavaScript page table (inside <noscript>), worst pages first."""
from __future__ import annotations

from auditor.report.html.escape import esc
from auditor.report.html.spool import _Page


class TableView:
    """HtmlReport's static page table."""

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
