"""YAML that remembers where each field was written, validated by JSON Schema.

Rule files and profiles are written by people: an error must name the file, the
line and the field. The loader records the line of every mapping key and list
item; schema errors are mapped back to those lines.
"""
from __future__ import annotations

import re
from typing import Any, Iterable, Mapping

# PyYAML is imported inside each function ("(YAML only when read)"): ~60 ms and ~27
# modules, and a warm `auditor check` reads its rulesets from the cache, not from YAML
# (tests/test_startup.py).
_marked_loader: Any = None

#: Deepest nesting of mappings and lists a rule file, profile, lexicon or waiver file
#: may use. Real files nest a handful of levels; a 50,000-deep file would otherwise
#: exhaust the recursion limit while it is composed.
MAX_DEPTH = 64


def _strict_timestamp(loader: Any, node: Any) -> Any:
    """YAML's timestamp, but an impossible date (2026-02-30) is a YAML error at its line,
    not a ValueError from deep inside PyYAML."""
    import yaml  # (YAML only when read)

    try:
        return yaml.constructor.SafeConstructor.construct_yaml_timestamp(loader, node)
    except ValueError as exc:
        raise yaml.constructor.ConstructorError(
            None, None, f"{node.value!r} is not a valid date: {exc}", node.start_mark) from None


_safe_loader: Any = None


def safe_loader_class() -> Any:
    """The safe loader for YAML without recorded positions (lexicons, waiver files):
    libyaml's when present, with the strict timestamp. Use after :func:`check_hostile`."""
    global _safe_loader
    if _safe_loader is None:
        import yaml  # (YAML only when read)

        try:  # libyaml's loader is several times faster; both are safe loaders
            from yaml import CSafeLoader as base  # (YAML only when read)
        except ImportError:  # pragma: no cover
            from yaml import SafeLoader as base  # (YAML only when read)

        class StrictSafeLoader(base):
            pass

        StrictSafeLoader.add_constructor("tag:yaml.org,2002:timestamp", _strict_timestamp)
        _safe_loader = StrictSafeLoader
    return _safe_loader


def _line_at(text: str, position: int) -> int:
    return text.count("\n", 0, max(0, position)) + 1


def check_hostile(text: str, fname: str) -> None:
    """Refuse YAML that could exhaust time, memory or the stack before it is composed.

    One bounded check for every YAML file the auditor reads (rule files, profiles,
    lexicons, waiver files): NUL and other control characters, aliases (``*name``:
    a few lines of nested aliases expand to billions of nodes, and a recursive alias
    never ends) and nesting deeper than :data:`MAX_DEPTH`. Only the event stream is
    read (libyaml when present), which needs no recursion and no expansion.
    Raises ValueError('file:line: ...').
    """
    import yaml  # (YAML only when read)

    bad = re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", text)
    if bad:
        raise ValueError(f"{fname}:{_line_at(text, bad.start())}: invalid YAML: control character "
                         f"U+{ord(bad.group()):04X} is not allowed in a YAML file")
    try:
        from yaml import CSafeLoader as loader_cls  # (YAML only when read)
    except ImportError:  # pragma: no cover
        from yaml import SafeLoader as loader_cls  # (YAML only when read)
    depth = 0
    try:
        for event in yaml.parse(text, Loader=loader_cls):
            if isinstance(event, yaml.AliasEvent):
                raise ValueError(f"{fname}:{event.start_mark.line + 1}: invalid YAML: aliases (*{event.anchor}) "
                                 "are not allowed; write the value out")
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    raise ValueError(f"{fname}:{event.start_mark.line + 1}: invalid YAML: nested more than "
                                     f"{MAX_DEPTH} levels deep")
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else _line_at(text, getattr(exc, "position", 0) or 0)
        raise ValueError(f"{fname}:{line}: invalid YAML: {getattr(exc, 'problem', None) or exc}") from None


def _loader_class() -> Any:
    """MarkedLoader, defined on first use: importing PyYAML is not free, and a run whose
    rule files and profile come from the cache (auditor.support.cache) never needs it."""
    global _marked_loader
    if _marked_loader is not None:
        return _marked_loader
    import yaml  # (YAML only when read)

    class MarkedLoader(yaml.SafeLoader):
        """SafeLoader that records the source line of every mapping key and sequence item."""

        def __init__(self, stream: Any) -> None:
            super().__init__(stream)
            self.key_lines: dict[tuple, int] = {}
            self.duplicates: list[tuple[tuple, int]] = []

        def get_single_data(self) -> Any:
            node = self.get_single_node()
            if node is None:
                return None
            self._record(node, ())
            return self.construct_document(node)

        def _record(self, node: yaml.Node, path: tuple) -> None:
            if isinstance(node, yaml.MappingNode):
                seen: set = set()
                for key_node, value_node in node.value:
                    key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
                    kpath = path + (key,)
                    line = key_node.start_mark.line + 1
                    if key in seen:
                        self.duplicates.append((kpath, line))
                    seen.add(key)
                    self.key_lines[kpath] = line
                    self._record(value_node, kpath)
            elif isinstance(node, yaml.SequenceNode):
                for i, item in enumerate(node.value):
                    self.key_lines[path + (i,)] = item.start_mark.line + 1
                    self._record(item, path + (i,))

    MarkedLoader.add_constructor("tag:yaml.org,2002:timestamp", _strict_timestamp)
    _marked_loader = MarkedLoader
    return MarkedLoader


def __getattr__(name: str) -> Any:
    if name == "MarkedLoader":
        return _loader_class()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def load_marked(text: str, fname: str) -> tuple[Any, dict[tuple, int]]:
    """Parse YAML; raise ValueError('file:line: invalid YAML: ...') on syntax errors."""
    import yaml  # (YAML only when read)

    check_hostile(text, fname)
    loader = _loader_class()(text)
    try:
        data = loader.get_single_data()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else 1
        raise ValueError(f"{fname}:{line}: invalid YAML: {getattr(exc, 'problem', None) or exc}") from None
    finally:
        loader.dispose()
    if loader.duplicates:
        path, line = loader.duplicates[0]
        raise ValueError(f"{fname}:{line}: {field_name(path)}: field given twice")
    return data, loader.key_lines


def field_name(path: Iterable) -> str:
    out = ""
    for p in path:
        if isinstance(p, int):
            out += f"[{p}]"
        else:
            out += ("." if out else "") + str(p)
    return out or "(top level)"


def line_for(marks: Mapping[tuple, int], path: tuple) -> int:
    path = tuple(path)
    while path:
        if path in marks:
            return marks[path]
        path = path[:-1]
    return 1


def schema_errors(validator, data: Any, marks: Mapping[tuple, int], fname: str, prefix: tuple = ()) -> list[str]:
    """Readable 'file:line: field: problem' messages for every schema violation."""
    errors: list[tuple[int, str]] = []
    for err in validator.iter_errors(data):
        path = prefix + tuple(err.absolute_path)
        msg = err.message
        if err.validator == "required" and isinstance(err.instance, Mapping):
            missing = [r for r in err.validator_value if r not in err.instance]
            if missing:
                line = line_for(marks, path)
                errors.append((line, f"{fname}:{line}: {field_name(path + (missing[0],))}: required field is missing"))
                continue
        if err.validator == "additionalProperties" and isinstance(err.instance, Mapping):
            allowed = set(err.schema.get("properties", {}))
            extras = [k for k in err.instance if k not in allowed]
            if extras:
                kpath = path + (extras[0],)
                line = line_for(marks, kpath)
                errors.append((line, f"{fname}:{line}: {field_name(kpath)}: unknown field (allowed: {', '.join(sorted(allowed))})"))
                continue
        if err.validator == "enum":
            msg = f"{err.instance!r} is not one of: {', '.join(map(str, err.validator_value))}"
        elif err.validator == "oneOf" and err.context:
            # The alternative that got furthest says the most useful thing.
            best = max(err.context, key=lambda e: len(e.absolute_path))
            if best.absolute_path:
                path = prefix + tuple(best.absolute_path)
                msg = best.message
            elif "required" in str(err.schema.get("oneOf", "")):
                msg = "needs exactly one of: " + ", ".join(
                    alt["required"][0] for alt in err.schema["oneOf"] if "required" in alt
                )
        line = line_for(marks, path)
        errors.append((line, f"{fname}:{line}: {field_name(path)}: {msg}"))
    errors.sort()
    return [m for _, m in errors]
