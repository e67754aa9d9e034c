"""Project configuration: ``[tool.auditor]`` in pyproject.toml or an ``auditor.toml``.

Discovery: from the current directory upwards, the first directory that has an
``auditor.toml`` (top-level keys) or a ``pyproject.toml`` with a ``[tool.auditor]``
table wins; in one directory ``auditor.toml`` wins over ``pyproject.toml``. When there
is none, the same search runs upwards from the folder that holds every path to audit
(as black finds its project root), so ``auditor check corpora/pages`` uses
``corpora/auditor.toml``. A
``pyproject.toml`` without ``[tool.auditor]`` is passed over (it belongs to the
Python project, not to us).

Precedence: command-line flags, then the file, then the defaults; a flag replaces the
file's value (lists are not merged). Relative paths in the file (rulesets, profile
files, waiver file, baseline) are relative to the file; ``exclude`` and override
``paths`` globs are matched against page paths relative to the file's directory.

Per-path overrides (``[[tool.auditor.overrides]]`` / ``[[overrides]]``) apply in order
to pages whose path matches one of their ``paths`` globs; ``profile``, ``ruleset``,
``default-ruleset``, ``select`` and ``fail-on`` replace the value, ``ignore`` adds to it
(as Ruff's per-file ignores do).

Rulesets: ``ruleset`` lists the rulesets added to the bundled cn-pharma ruleset;
``default-ruleset = false`` (``--no-default-ruleset``) leaves the bundled one out.

Every value remembers where it came from (``file:line``, ``command line`` or
``default``) for ``auditor config``. An unknown key or a value of the wrong type is a
:class:`ConfigError` (exit 2) naming the key and the file.
"""
from __future__ import annotations

from auditor.support.errors import ConfigError

from .keys import (
    ALIASES, COMMAND_LINE, CONFIG_FILE, DEFAULT, DEFAULT_TEXT, KEYS, MAX_CONFIG_BYTES, OVERRIDE_KEYS,
    PYPROJECT, SEVERITY_NAMES,
)
from .discover import find_config
from .convert import resolve_path
from .overrides import Override, PathSettings
from .settings import Config, relative_to, Setting
from .load import load_config, load_file, read_file
from .cli import describe, flags_from_args, input_format, load_for_args

__all__ = [
    "ALIASES",
    "COMMAND_LINE",
    "Config",
    "CONFIG_FILE",
    "ConfigError",
    "DEFAULT",
    "DEFAULT_TEXT",
    "describe",
    "find_config",
    "flags_from_args",
    "input_format",
    "KEYS",
    "load_config",
    "load_file",
    "load_for_args",
    "MAX_CONFIG_BYTES",
    "Override",
    "OVERRIDE_KEYS",
    "PathSettings",
    "PYPROJECT",
    "read_file",
    "relative_to",
    "resolve_path",
    "Setting",
    "SEVERITY_NAMES",
]
