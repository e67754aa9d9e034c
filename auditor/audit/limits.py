"""Per-page limits for check and scan: a time limit and a cap on findings.

A hostile or broken page must not hold a gate or a batch for good, nor fill memory
with findings: by default a page may take :data:`DEFAULT_PAGE_TIMEOUT` seconds and
report :data:`DEFAULT_MAX_FINDINGS` findings (``page-timeout`` / ``max-findings`` in
the configuration file, ``--page-timeout`` / ``--max-findings`` on the command line;
``0`` turns a limit off).

- A page over the time limit becomes an ``input-error`` record and the run goes on.
  ``scan`` stops the worker process; ``check`` audits in its own process, so it uses an
  interval timer (POSIX) that interrupts the page between two Python steps.
- A page over the findings cap keeps its first findings in page order and gets one more,
  ``auditor/findings-truncated`` (category ``input-error``, warning), saying how many
  were dropped.
"""
from __future__ import annotations

import signal
import threading
from contextlib import contextmanager
from typing import Iterator

from auditor.model.document import Document, Finding

DEFAULT_PAGE_TIMEOUT = 120.0  # seconds
DEFAULT_MAX_FINDINGS = 1000
TRUNCATED = "auditor/findings-truncated"

_TEXTS = {
    "title": {"en": "Findings truncated", "zh-Hans": "问题未全部报告", "zh-Hant": "問題未全部報告"},
    "message": {
        "en": "{dropped} more findings on this page are not reported: a page reports at most {limit}.",
        "zh-Hans": "本页另有 {dropped} 个问题未报告：每页最多报告 {limit} 个。",
        "zh-Hant": "本頁另有 {dropped} 個問題未報告：每頁最多報告 {limit} 個。",
    },
    "fix": {
        "en": "Fix the findings reported and audit the page again, or raise the cap with --max-findings "
              "(max-findings in the configuration file; 0 for no cap).",
        "zh-Hans": "请先修正已报告的问题后重新审核本页，或用 --max-findings 提高上限"
                   "（配置文件中为 max-findings；0 表示不设上限）。",
        "zh-Hant": "請先修正已報告的問題後重新審核本頁，或用 --max-findings 提高上限"
                   "（設定檔中為 max-findings；0 表示不設上限）。",
    },
}


def _text(name: str, locale: str) -> str:
    texts = _TEXTS[name]
    return texts.get(locale) or texts["en"]


def truncation_finding(doc: Document, dropped: int, limit: int, locale: str = "en") -> Finding:
    return Finding(
        rule=TRUNCATED,
        category="input-error",
        severity="warning",
        message=_text("message", locale).format(dropped=dropped, limit=limit),
        line=1,
        column=1,
        segment=None,
        evidence="",
        start=0,
        end=0,
        fix=_text("fix", locale),
        title=_text("title", locale),
        source=doc.source,
    )


def check_page(engine, doc: Document, ctx=None, max_findings: int | None = DEFAULT_MAX_FINDINGS) -> list[Finding]:
    """``engine``'s findings for ``doc``, at most ``max_findings`` (None or 0: all) and
    then the truncation notice."""
    limit = max_findings or None
    findings, dropped = engine.check_bounded(doc, ctx, limit)
    if dropped:
        findings.append(truncation_finding(doc, dropped, limit, getattr(engine, "locale", "en")))
    return findings


class PageTimeout(BaseException):
    """The page took longer than the time limit. A BaseException, as KeyboardInterrupt
    is: the pipeline's handlers for a page that fails to parse must not catch it."""


def timeout_message(seconds: float) -> str:
    return (f"auditing the page took longer than the page time limit of {seconds:g} s "
            f"(--page-timeout, page-timeout in the configuration file; 0 for none)")


@contextmanager
def page_deadline(seconds: float | None) -> Iterator[None]:
    """Raise :class:`PageTimeout` in the block after ``seconds`` (None or 0: never).

    Where there is no interval timer (Windows) or off the main thread, the block runs
    unbounded."""
    usable = bool(seconds) and hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable:
        yield
        return

    def expired(_signum, _frame):
        raise PageTimeout(timeout_message(seconds))

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
