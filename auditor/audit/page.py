"""One page through the audit, the same for ``auditor check``, ``auditor scan`` and Dask.

A :class:`PageAuditor` is built once from the resolved configuration: the engines (one per
distinct per-path setting, all built up front so that their rules are known to waivers
and reports, and so that forked workers share them) and the waivers. :meth:`PageAuditor.check`
then turns one Document into its findings with the waivers applied.
"""
from __future__ import annotations

from typing import NamedTuple

from auditor.audit.engines import EngineCache
from auditor.audit import limits
from auditor.gate.config import ConfigError
from auditor.gate.waivers import BUILTIN_TEXTS, WaiverFileError, Waivers, known_targets, load_waiver_file
from auditor.model.document import Document, Finding


class PageResult(NamedTuple):
    engine: object  # the auditor.rules.engine.Engine that checked the page
    findings: list[Finding]  # waivers applied
    ctx: object  # the engine's DocContext for the page (None for input errors)


def check_rule_names(cfg, known: set) -> None:
    """A misspelt rule or category in select/ignore would silently do nothing: exit 2."""
    places = [(key, cfg[key], cfg.origin(key)) for key in ("select", "ignore")]
    for o in cfg.overrides:
        places += [(key, o.values[key], o.origins.get(key, o.origin)) for key in ("select", "ignore") if key in o.values]
    for key, values, origin in places:
        bad = [v for v in values if v not in known]
        if bad:
            raise ConfigError(f"{origin}: {key}: unknown rule, category or ruleset {bad[0]!r} "
                              "(see 'auditor rules list')")


class PageAuditor:
    """Engines and waivers for one configuration; raises ConfigError (exit 2) for bad rulesets,
    profiles or waiver files. ``check_names`` also refuses unknown names in select/ignore."""

    def __init__(self, cfg, *, check_names: bool = False):
        self.cfg = cfg
        self.engines = EngineCache(cfg)
        self.engine = self.engines.get(cfg.base())
        prebuild = getattr(cfg, "for_path_override", None)
        if prebuild is not None:
            for o in cfg.overrides:
                self.engines.get(prebuild(o))
        known = known_targets(self.engines.all_rules())
        if check_names:
            check_rule_names(cfg, known | {r.ruleset for r in self.engines.all_rules()} | set(BUILTIN_TEXTS))
        try:
            file_waivers = load_waiver_file(cfg["waiver-file"], known) if cfg["waiver-file"] else []
        except WaiverFileError as exc:
            raise ConfigError(str(exc)) from None
        self.waivers = Waivers(audit_date=self.engine.audit_date, locale=cfg["locale"], known=known,
                               file_waivers=file_waivers, report_unused=bool(cfg["report-unused-suppressions"]),
                               ignore=cfg["ignore"])

    def engine_for(self, source: str):
        """The engine of the per-path setting that applies to ``source``."""
        return self.engines.get(self.cfg.for_path(source)) if self.cfg.overrides else self.engine

    def check(self, doc: Document) -> PageResult:
        """The page's findings (input-error for an unreadable page), waivers applied."""
        engine = self.engine_for(doc.source)
        ctx = None if doc.error else engine.context(doc)
        findings = limits.check_page(engine, doc, ctx, max_findings=self.cfg["max-findings"])
        return PageResult(engine, self.waivers.apply(doc, findings), ctx)
