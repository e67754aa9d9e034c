"""Reading a configuration file (settings and ``[[overrides]]``) and merging it with flags and defaults."""
from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any, Mapping, Sequence

from auditor.support.errors import ConfigError

from .keys import ALIASES, COMMAND_LINE, DEFAULT, KEYS, MAX_CONFIG_BYTES, OVERRIDE_KEYS, PYPROJECT
from .toml_lines import _key_lines, _where
from .discover import _config_for_paths, find_config
from .convert import _convert, _err, _tname, _unknown
from .overrides import Override
from .settings import Config, Setting


def read_file(path: Path) -> tuple[dict, dict[tuple[str, str], int], str]:
    """The auditor table of a config file, its key lines, and the table's display name."""
    # imported here: most runs find no configuration file, and tomllib's patterns cost start-up
    if sys.version_info >= (3, 11):
        import tomllib  # (see above)
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib

    try:
        with open(path, "rb") as fh:
            raw = fh.read(MAX_CONFIG_BYTES + 1)
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read configuration: {exc.strerror or exc}") from None
    if len(raw) > MAX_CONFIG_BYTES:
        raise ConfigError(f"{path}: configuration file larger than {MAX_CONFIG_BYTES // 2**20} MiB")
    try:
        text = raw.decode("utf-8-sig")
        data = tomllib.loads(text)
    except RecursionError:
        raise ConfigError(f"{path}: invalid TOML: arrays or tables nested too deeply") from None
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: configuration is not UTF-8 text: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    if path.name == PYPROJECT:
        tool = data.get("tool", {})
        table = tool.get("auditor", {}) if isinstance(tool, dict) else {}
        if not isinstance(table, dict):
            raise ConfigError(f"{path}: [tool.auditor] must be a table")
        return table, _key_lines(text, "tool.auditor"), "[tool.auditor]"
    return data, _key_lines(text, ""), "the top level"


def load_file(path: Path) -> tuple[dict[str, Setting], list[Override]]:
    """Validate a config file: settings (with origins) and overrides."""
    path = Path(path).resolve()
    data, lines, table_name = read_file(path)
    base = path.parent
    tkey = "tool.auditor" if path.name == PYPROJECT else ""
    settings: dict[str, Setting] = {}
    overrides: list[Override] = []
    for raw_key, value in data.items():
        key = ALIASES.get(raw_key, raw_key)
        where = _where(path, lines, tkey, raw_key)
        if key == "overrides":
            overrides = _load_overrides(path, value, lines, base, where)
            continue
        if key not in KEYS:
            raise _unknown(raw_key, list(KEYS) + ["overrides"], where, f"{table_name} of {path}")
        if key in settings:
            raise _err(where, raw_key, f"given twice (also as {key!r})")
        settings[key] = Setting(_convert(KEYS[key][0], key, value, where, base), where)
    return settings, overrides


def _load_overrides(path: Path, value: Any, lines: Mapping, base: Path, where: str) -> list[Override]:
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise _err(where, "overrides", f"expected an array of tables ([[overrides]]), got {_tname(value)}")
    out = []
    for i, table in enumerate(value):
        head = lines.get(("", f"overrides#{i}"))
        origin = f"{path}:{head}" if head else where
        values: dict[str, Any] = {}
        origins: dict[str, str] = {}
        for raw_key, v in table.items():
            key = ALIASES.get(raw_key, raw_key)
            kwhere = _where(path, lines, f"overrides#{i}", raw_key) if head else origin
            if key not in OVERRIDE_KEYS:
                raise _unknown(raw_key, OVERRIDE_KEYS, kwhere, f"overrides entry {i + 1} of {path}")
            if key == "paths":
                values[key] = _convert("strlist", key, v, kwhere, None)
            else:
                values[key] = _convert(KEYS[key][0], key, v, kwhere, base)
            origins[key] = kwhere
        if not values.get("paths"):
            raise _err(origin, "overrides", f"entry {i + 1} needs 'paths' (a list of globs)")
        paths = tuple(values.pop("paths"))
        out.append(Override(i, paths, values, origin, origins))
    return out


def load_config(
    flags: Mapping[str, Any] | None = None,
    *,
    config_file: str | None = None,
    isolated: bool = False,
    start: str | Path | None = None,
    paths: Sequence[str] = (),
) -> Config:
    """The effective configuration.

    ``flags`` maps config keys to command-line values (``None`` = not given).
    ``config_file`` names the file explicitly; ``isolated`` ignores any file.
    """
    flags = dict(flags or {})
    path: Path | None = None
    if config_file:
        path = Path(config_file).resolve()
        if not path.is_file():
            raise ConfigError(f"{config_file}: no such configuration file")
    elif not isolated:
        path = find_config(start) or _config_for_paths(paths)
    file_settings: dict[str, Setting] = {}
    overrides: list[Override] = []
    if path is not None:
        file_settings, overrides = load_file(path)
    settings: dict[str, Setting] = {}
    for key, (_kind, default) in KEYS.items():
        given = flags.get(key)
        if given is not None:
            settings[key] = Setting(given, COMMAND_LINE)
        elif key in file_settings:
            settings[key] = file_settings[key]
        else:
            settings[key] = Setting(list(default) if isinstance(default, list) else default, DEFAULT)
    root = path.parent if path is not None else Path(os.getcwd()).resolve()
    return Config(path=path, root=root, settings=settings, overrides=overrides)
