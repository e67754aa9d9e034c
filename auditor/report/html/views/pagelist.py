"""The interactive page list: the index the script reads, and its filters and table."""
from __future__ import annotations

from auditor.model.vocabulary import SEGMENT_KINDS, SEVERITIES
from auditor.report.html.escape import esc
from auditor.report.html.labels import _BCP47
from auditor.report.html.spool import CHUNK


class PageListView:
    """HtmlReport's interactive page list."""

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
