"""GitHub Actions workflow commands (``--format github``): annotations on the pull request.

Each active finding becomes ``::error file=PATH,line=L,col=C,title=RULE::MESSAGE``
(``::warning`` for warnings, ``::notice`` for info); waived findings are not
annotated. Values are escaped as GitHub's runner expects: ``%``, CR and LF in the
message, and also ``:`` and ``,`` in properties. A summary line closes the output.
"""
from __future__ import annotations

import os
from typing import TextIO

from auditor.support.chars import escape_unsafe
from auditor.report.options import ReportOptions
from auditor.i18n import count_noun

COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(s: str) -> str:
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(s: str) -> str:
    return escape_data(s).replace(":", "%3A").replace(",", "%2C")


def workspace_path(source: str) -> str:
    """Paths relative to the current directory (the checkout, in Actions) when possible."""
    if source == "-" or "://" in source:
        return source
    outer, sep, member = source.partition("!/")
    absolute = os.path.abspath(outer)
    rel = os.path.relpath(absolute, os.getcwd())
    path = absolute if rel == ".." or rel.startswith(".." + os.sep) else rel
    return path.replace(os.sep, "/") + (sep + member if sep else "")


def command(f, path: str) -> str:
    path = escape_unsafe(path)  # a newline in a file name must not start a new command
    props = [f"file={escape_property(path)}"]
    if f.line:
        props.append(f"line={int(f.line)}")
    if f.column:
        props.append(f"col={int(f.column)}")
    props.append(f"title={escape_property(f.rule)}")
    message = f.message or f.title or f.rule
    if f.fix:
        message += "\n" + f.fix
    return f"::{COMMANDS.get(f.severity, 'warning')} {','.join(props)}::{escape_data(escape_unsafe(message, keep=chr(10)))}"


class GithubWriter:
    def __init__(self, out: TextIO, opts: ReportOptions):
        self.out, self.opts = out, opts
        self.counts = {"error": 0, "warning": 0, "info": 0}
        self.pages = 0
        self.waived = 0

    def document(self, doc, findings) -> None:
        self.pages += 1
        path = workspace_path(doc.source)
        for f in findings:
            if f.waiver:
                self.waived += 1
                continue
            self.counts[f.severity] = self.counts.get(f.severity, 0) + 1
            self.out.write(command(f, path) + "\n")

    def close(self) -> None:
        total = sum(self.counts.values())
        parts = ", ".join(count_noun(n, s) for s, n in self.counts.items() if n)
        pages = count_noun(self.pages, "page")
        line = f"auditor: {count_noun(total, 'finding')} ({parts}) in {pages}" if total else \
            f"auditor: no findings in {pages}"
        if self.waived:
            line += f"; {self.waived} waived"
        self.out.write(line + "\n")
