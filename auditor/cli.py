"""The `auditor` command."""
from __future__ import annotations

import errno
import os
import sys
from importlib import import_module

from auditor import __version__
from auditor.support.errors import UsageError

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2
EXIT_INTERNAL = 3  # a bug in auditor (never 1: that means findings)


#: The subcommands, in the order `auditor --help` lists them (auditor.commands.<module>).
COMMANDS = ("check", "segments", "rules", "config", "report", "scan")


def build_parser(only: str | None = None) -> "argparse.ArgumentParser":  # noqa: F821 - imported below
    """The command-line parser; with ``only``, just that subcommand is registered.

    The commands' modules are imported here, not at the top: `auditor --version`
    (answered in main() before the parser is built) needs none of their dependencies, and
    `auditor check ...` only check's (tests/test_startup.py)."""
    # after main() installed the prebuilt regular expressions: gettext compiles one on import
    import argparse

    class Parser(argparse.ArgumentParser):
        """argparse's, with help as wide as argparse makes it, without argparse's import of
        shutil (and zlib, bz2, lzma) for the terminal width on every start."""

        def __init__(self, *args, **kwargs) -> None:
            kwargs.setdefault("formatter_class", _formatter(argparse.HelpFormatter))
            super().__init__(*args, **kwargs)

    parser = Parser(
        prog="auditor",
        description="Audit pharma and biotech web pages (English and Chinese) for regulatory disclaimers and content.",
    )
    parser.add_argument("--version", action="version", version=f"auditor {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS if only is None else (only,):
        import_module(f"auditor.commands.{name}").add_parser(sub)
    return parser


def _formatter(kind):
    def make(prog: str):
        return kind(prog, width=_columns() - 2)  # what argparse does when given no width

    return make


def _columns() -> int:
    """``shutil.get_terminal_size().columns``: $COLUMNS, else the terminal's, else 80."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns
        except (AttributeError, ValueError, OSError):
            columns = 0
        columns = columns or 80
    return columns


def main(argv: list[str] | None = None) -> int:
    own_command_line = argv is None
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv == ["--version"]:
        sys.stdout.write(f"auditor {__version__}\n")  # what argparse's version action prints
        return EXIT_OK
    from auditor.support import gcpause  # (tiny; not for --version)

    if own_command_line:
        gcpause.for_this_process()
    gcpause.pause()  # start-up makes only long-lived objects (auditor.support.gcpause)
    try:
        # the regular expressions prebuilt with the package (a third of a check's start-up)
        from auditor.support import recache  # not for --version (tests/test_startup.py)

        recache.install()
        # A command name first (the usual case): its parser alone parses the same way and
        # prints the same help and errors, since a subcommand's parser knows nothing of its
        # siblings. Anything else (no command, top-level options, a misspelt command) gets
        # the full parser and its listing of the commands.
        parser = build_parser(argv[0] if argv and argv[0] in COMMANDS else None)
        args = parser.parse_args(argv)
    finally:
        gcpause.resume()
    if not getattr(args, "run", None):
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        return args.run(args)
    except UsageError as exc:
        sys.stderr.write(f"auditor: error: {exc}\n")
        return EXIT_USAGE
    except BrokenPipeError:  # `auditor ... | head` is normal use
        _silence_stdout()
        return EXIT_OK
    except KeyboardInterrupt:
        return 130
    except OSError as exc:  # disk full, a read-only or vanished file system: the machine, not a bug
        _silence_stdout()
        sys.stderr.write(f"auditor: error: {_describe_os_error(exc)}\n")
        return EXIT_USAGE
    except MemoryError:
        sys.stderr.write("auditor: error: out of memory; audit fewer or smaller pages at once "
                         "(see --max-findings and the input size limits in the README)\n")
        return EXIT_USAGE
    except Exception as exc:  # noqa: BLE001 - a bug: say so, and how to report it
        return _internal_error(exc, argv)


# The commands after which the process may end without tearing the interpreter down
# (:func:`entry`): they close every file they write before returning.
ENDS_AT_ONCE = frozenset({"check"})


def entry() -> int:
    """The console script and ``python -m auditor``: :func:`main` on the process's own
    command line; after a command of :data:`ENDS_AT_ONCE`, the process ends there.

    An ordinary exit frees every module and object one by one, some 10 ms of a one-page
    check (more than the page's own checking on a small page), to hand memory back that
    the operating system takes back anyway. What such an exit does that can be seen from
    outside is done first: the ``atexit`` functions run and the standard streams are
    flushed. With another thread still running or a stream that cannot be flushed, the
    process exits the ordinary way, which waits for the thread or reports the stream."""
    code = main()
    if sys.argv[1:2] and sys.argv[1] in ENDS_AT_ONCE:
        _end_now(code)
    return code


def _end_now(code: int) -> None:
    threading = sys.modules.get("threading")
    if threading is not None and threading.active_count() > 1:
        return  # (the interpreter waits for it)
    import atexit  # (site has imported it; only at the end of a command)

    atexit._run_exitfuncs()  # (they run once: the ordinary exit finds none left)
    try:
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:
                stream.flush()
    except (OSError, ValueError):
        return
    os._exit(code)


def _describe_os_error(exc: OSError) -> str:
    what = exc.strerror or str(exc) or type(exc).__name__
    if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        what += "; free some space and run the command again"
    name = exc.filename if exc.filename is not None else None
    if name is None:
        return f"cannot write the output: {what}" if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG) \
            else f"input/output error: {what}"
    return f"{name}: {what}"


def _silence_stdout() -> None:
    """Point standard output at /dev/null so that the interpreter's last flush of a
    closed pipe or a full disk prints nothing more."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass


def _internal_error(exc: BaseException, argv) -> int:
    import traceback  # only for a bug (~2 ms, 2 modules no command needs)

    detail = " ".join(str(exc).split())[:300]
    where = ""
    tb = traceback.extract_tb(exc.__traceback__)
    if tb:
        last = tb[-1]
        where = f" at {os.path.basename(last.filename)}:{last.lineno}"
    sys.stderr.write(
        f"auditor: internal error: {type(exc).__name__}{where}: {detail}\n"
        f"auditor: this is a bug in auditor {__version__}, not a problem with your input or settings. "
        "Please report it with the command line, the auditor version and, if you can share it, "
        "the file that caused it. Set AUDITOR_DEBUG=1 to print the full traceback.\n")
    if os.environ.get("AUDITOR_DEBUG"):
        traceback.print_exception(exc, file=sys.stderr)
    return EXIT_INTERNAL
