"""The `auditor` command."""
from __future__ import annotations

import argparse
import sys

from auditor import __version__
from auditor.support.errors import UsageError

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


def build_parser() -> argparse.ArgumentParser:
    # Imported here, not at the top: `auditor --version` (answered in main() before the
    # parser is built) needs none of the commands' dependencies; tests/test_startup.py.
    from auditor.commands import check, report, rules, scan, segments
    from auditor.commands import config as config_cmd

    parser = argparse.ArgumentParser(
        prog="auditor",
        description="Audit pharma and biotech web pages (English and Chinese) for regulatory disclaimers and content.",
    )
    parser.add_argument("--version", action="version", version=f"auditor {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in (check, segments, rules, config_cmd, report, scan):
        module.add_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    if (sys.argv[1:] if argv is None else list(argv)) == ["--version"]:
        sys.stdout.write(f"auditor {__version__}\n")  # what argparse's version action prints
        return EXIT_OK
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "run", None):
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        return args.run(args)
    except UsageError as exc:
        sys.stderr.write(f"auditor: error: {exc}\n")
        return EXIT_USAGE
    except BrokenPipeError:  # `auditor ... | head` is normal use
        return EXIT_OK
    except KeyboardInterrupt:
        return 130
