"""Company profiles: the company-specific facts the recognizers and rules need.

A profile is a YAML file validated against ``rulesets/profile.schema.json``
(JSON Schema 2020-12). ``load_profile("northwind")`` reads the bundled
``auditor/bundled_rulesets/profiles/northwind.yaml``; ``load_profile(path)`` reads a
file. Errors raise :class:`ProfileError` with ``file:line: field: message``.

Everything in a :class:`Profile` is immutable and hashable, so recognizers can key
their compiled-pattern caches on the profile itself.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Mapping

from auditor.support import cache
from auditor.support import yamlschema
from auditor.support.resources import bundled_rulesets_dir
from auditor.support.yamlschema import field_name, line_for, load_marked, schema_errors
from auditor.support.errors import ProfileError

MARKETS = ("CN", "HK", "TW", "US", "EU", "GLOBAL")
PAGE_TYPES = ("news", "ad", "product", "ir", "disease", "hcp", "corporate", "other")
SCRIPTS = ("en", "zh-Hans", "zh-Hant")
DEFAULT_APPROVAL_PATTERN = r"CN-\d{6}"
DEFAULT_PROFILE = "generic"


# --------------------------------------------------------------------------- data


@dataclass(frozen=True)
class LocalizedNames:
    """Names per script; each a tuple (synonyms allowed)."""

    en: tuple[str, ...] = ()
    zh_hans: tuple[str, ...] = ()
    zh_hant: tuple[str, ...] = ()

    def get(self, script: str) -> tuple[str, ...]:
        return {"en": self.en, "zh-Hans": self.zh_hans, "zh-Hant": self.zh_hant}.get(script, ())

    def all(self) -> tuple[str, ...]:
        """Every name, in script order, without duplicates."""
        seen: dict[str, None] = {}
        for n in (*self.en, *self.zh_hans, *self.zh_hant):
            seen.setdefault(n, None)
        return tuple(seen)

    def first(self) -> str:
        names = self.all()
        return names[0] if names else ""

    def __bool__(self) -> bool:
        return bool(self.en or self.zh_hans or self.zh_hant)


@dataclass(frozen=True)
class Issuer:
    """Where the company is listed (which disclosure rules apply)."""

    sec_registrant: bool = False
    hkex_listed: bool = False
    hkex_18a: bool = False


@dataclass(frozen=True)
class ApprovalNumberFormat:
    """The shape of the company's internal approval numbers."""

    pattern: str = DEFAULT_APPROVAL_PATTERN
    labels: tuple[str, ...] = ()  # extra label words (built-in ones live in the recognizer)
    required_on: tuple[str, ...] = ("product-mention",)
    near_pattern: str | None = None  # shapes reported as malformed; None = derived from pattern


@dataclass(frozen=True)
class Product:
    """A product of the company: its names, codes, indications and where they are approved."""

    id: str
    name: LocalizedNames
    generic: LocalizedNames = LocalizedNames()
    codes: tuple[str, ...] = ()
    indications: tuple[tuple[str, LocalizedNames], ...] = ()  # (id, words)
    approved: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (market, indication ids or words)
    core: bool = False

    def approved_indications(self, market: str) -> tuple[str, ...]:
        """Indication ids approved in ``market`` (GLOBAL: in any market)."""
        if market == "GLOBAL":
            out: dict[str, None] = {}
            for _, inds in self.approved:
                for i in inds:
                    out.setdefault(i, None)
            return tuple(out)
        for m, inds in self.approved:
            if m == market:
                return inds
        return ()

    def is_approved_in(self, market: str) -> bool:
        return bool(self.approved_indications(market))

    def is_approved_anywhere(self) -> bool:
        return any(inds for _, inds in self.approved)

    def indication_words(self) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """(indication id, words naming it) for every known indication, including literal
        entries of ``approved`` that are not ids of ``indications``."""
        known = {i for i, _ in self.indications}
        out: list[tuple[str, tuple[str, ...]]] = [(i, names.all()) for i, names in self.indications]
        extra: dict[str, None] = {}
        for _, inds in self.approved:
            for i in inds:
                if i not in known:
                    extra.setdefault(i, None)
        out.extend((i, (i,)) for i in extra)
        return tuple(out)

    def names(self) -> tuple[str, ...]:
        """Brand and generic names in every script."""
        return tuple(dict.fromkeys((*self.name.all(), *self.generic.all())))


@dataclass(frozen=True)
class Profile:
    """A company profile: names, domains, market, products."""

    name: str
    company: LocalizedNames = LocalizedNames()
    domains: tuple[str, ...] = ()
    market: str = "CN"
    issuer: Issuer = Issuer()
    page_type_default: str = "news"
    approval_number: ApprovalNumberFormat = ApprovalNumberFormat()
    archive_months: int = 12
    products: tuple[Product, ...] = ()
    dev_code_patterns: tuple[str, ...] = ()
    description: str = ""
    source: str = field(default="", compare=False)  # file the profile came from

    def is_own_host(self, host: str) -> bool:
        """True when ``host`` is one of the profile's domains or a subdomain of one."""
        host = host.lower().rstrip(".")
        return any(host == d or host.endswith("." + d) for d in self.domains)

    def product_by_code(self, code: str) -> Product | None:
        key = _code_key(code)
        for p in self.products:
            if any(_code_key(c) == key for c in p.codes):
                return p
        return None


def _code_key(code: str) -> str:
    return re.sub(r"[\s\-‐‑–—－]", "", code).upper()


# ------------------------------------------------------------------- validation


@lru_cache(maxsize=1)
def _validator() -> "Draft202012Validator":  # noqa: F821 - jsonschema is imported when needed
    import json
    from importlib import resources  # (with jsonschema, only when a profile is validated)

    from jsonschema import Draft202012Validator  # ~180 ms, 78 modules; test_startup

    text = resources.files("auditor.bundled_rulesets").joinpath("profile.schema.json").read_text("utf-8")
    schema = json.loads(text)
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


@lru_cache(maxsize=1)
def _validation_stamp() -> str:
    """What parsing and validating a profile depends on besides its text (auditor.support.cache key)."""
    schema = (bundled_rulesets_dir() / "profile.schema.json").read_text("utf-8")
    code = cache.code_stamp(__file__, yamlschema.__file__, cache.module_file("yaml"), cache.module_file("jsonschema"))
    return f"{code}\0{schema}"


def profile_schema() -> dict:
    """The profile JSON Schema (for `auditor config` and editors)."""
    return _validator().schema


# ------------------------------------------------------------------------ loading


def _names(value: Any) -> LocalizedNames:
    if not value:
        return LocalizedNames()

    def tup(v: Any) -> tuple[str, ...]:
        if v is None:
            return ()
        if isinstance(v, str):
            return (v.strip(),)
        return tuple(s.strip() for s in v if s and s.strip())

    return LocalizedNames(tup(value.get("en")), tup(value.get("zh-Hans")), tup(value.get("zh-Hant")))


def _check_regex(pattern: str, path: tuple, marks: Mapping[tuple, int], fname: str):
    """The pattern compiled by RE2, as the recognizers run it (linear time: a pattern such
    as (a+)+b cannot stall an audit); ProfileError naming file, line and field if RE2
    cannot compile it (no look-around, no backreferences)."""
    import re2  # (only when a profile pattern is checked)

    opts = re2.Options()
    opts.log_errors = False
    try:
        return re2.compile(pattern, opts)
    except Exception as exc:  # re2's error class has no stable name across versions
        line = line_for(marks, path)
        why = exc.args[0].decode("utf-8", "replace") if exc.args and isinstance(exc.args[0], bytes) else exc
        raise ProfileError(f"{fname}:{line}: {field_name(path)}: invalid regular expression {pattern!r} "
                           f"(RE2 syntax: no look-around or backreferences): {why}") from None


def _build(data: Mapping, marks: Mapping[tuple, int], fname: str, source: str) -> Profile:
    an = data.get("approval_number") or {}
    pattern = an.get("pattern", DEFAULT_APPROVAL_PATTERN)
    if _check_regex(pattern, ("approval_number", "pattern"), marks, fname).fullmatch(""):
        line = line_for(marks, ("approval_number", "pattern"))
        raise ProfileError(f"{fname}:{line}: approval_number.pattern: the pattern matches the empty text")
    if an.get("near_pattern"):
        _check_regex(an["near_pattern"], ("approval_number", "near_pattern"), marks, fname)
    for i, pat in enumerate(data.get("dev_code_patterns") or ()):
        if _check_regex(pat, ("dev_code_patterns", i), marks, fname).fullmatch(""):
            line = line_for(marks, ("dev_code_patterns", i))
            raise ProfileError(f"{fname}:{line}: dev_code_patterns[{i}]: the pattern matches the empty text")

    products = []
    seen_ids: set[str] = set()
    for i, p in enumerate(data.get("products") or ()):
        name = _names(p.get("name"))
        codes = tuple(str(c).strip() for c in p.get("codes") or ())
        pid = p.get("id") or (name.en[0] if name.en else (codes[0] if codes else name.first()))
        if not pid:
            line = line_for(marks, ("products", i, "name"))
            raise ProfileError(f"{fname}:{line}: products[{i}].name: a product needs at least one name or code")
        if pid in seen_ids:
            line = line_for(marks, ("products", i))
            raise ProfileError(f"{fname}:{line}: products[{i}].id: duplicate product id {pid!r}")
        seen_ids.add(pid)
        indications = tuple((str(k), _names(v)) for k, v in (p.get("indications") or {}).items())
        approved = tuple(
            (m, tuple(str(x) for x in (inds or ()))) for m, inds in sorted((p.get("approved") or {}).items())
        )
        products.append(
            Product(
                id=str(pid),
                name=name,
                generic=_names(p.get("generic")),
                codes=codes,
                indications=indications,
                approved=approved,
                core=bool(p.get("core", False)),
            )
        )

    issuer = data.get("issuer") or {}
    return Profile(
        name=data["name"],
        company=_names(data.get("company")),
        domains=tuple(d.lower().rstrip(".") for d in data.get("domains") or ()),
        market=data.get("market", "CN"),
        issuer=Issuer(
            sec_registrant=bool(issuer.get("sec_registrant", False)),
            hkex_listed=bool(issuer.get("hkex_listed", False)),
            hkex_18a=bool(issuer.get("hkex_18a", False)),
        ),
        page_type_default=data.get("page_type_default", "news"),
        approval_number=ApprovalNumberFormat(
            pattern=pattern,
            labels=tuple(an.get("labels") or ()),
            required_on=tuple(an.get("required_on", ("product-mention",))),
            near_pattern=an.get("near_pattern"),
        ),
        archive_months=int(data.get("archive_months", 12)),
        products=tuple(products),
        dev_code_patterns=tuple(data.get("dev_code_patterns") or ()),
        description=str(data.get("description", "")),
        source=source,
    )


def parse_profile(text: str, source: str = "<profile>") -> Profile:
    """Parse and validate profile YAML text; ``source`` names the file in errors."""
    fname = Path(source).name if source and not source.startswith("<") else source
    # A text that parsed and validated before comes from the cache (auditor.support.cache).
    key = cache.digest("profile", [_validation_stamp(), text])
    cached = cache.load("profile", key, slot=source)
    if cached is not None:
        data, marks = cached
        return _build(data, marks, fname, source)
    try:
        data, marks = load_marked(text, fname)
    except ValueError as exc:
        raise ProfileError(str(exc)) from None
    if not isinstance(data, Mapping):
        raise ProfileError(f"{fname}:1: (top level): a profile must be a mapping of fields, got {type(data).__name__}")
    errors = schema_errors(_validator(), data, marks, fname)
    if errors:
        raise ProfileError("\n".join(errors))
    profile = _build(data, marks, fname, source)
    cache.store("profile", key, (data, marks), slot=source)
    return profile


def _bundled_dir():
    return bundled_rulesets_dir() / "profiles"


def bundled_profile_names() -> list[str]:
    d = _bundled_dir()
    return sorted(p.name[: -len(".yaml")] for p in d.iterdir() if p.name.endswith(".yaml"))


def load_profile(path_or_name: str | Path | None = None) -> Profile:
    """Load a profile by bundled name (``"generic"``, ``"northwind"`` ...) or file path.

    ``None`` loads the default ``generic`` profile.
    """
    if path_or_name is None:
        path_or_name = DEFAULT_PROFILE
    if isinstance(path_or_name, Path) or any(s in str(path_or_name) for s in ("/", "\\")) or str(
        path_or_name
    ).endswith((".yaml", ".yml")):
        path = Path(path_or_name)
        try:
            text = path.read_text(encoding="utf-8-sig")
        except OSError as exc:
            raise ProfileError(f"{path}: cannot read profile: {exc.strerror or exc}") from None
        except UnicodeDecodeError as exc:
            raise ProfileError(f"{path}: profile is not UTF-8 text: {exc}") from None
        return parse_profile(text, str(path))
    return _load_bundled(str(path_or_name))


@lru_cache(maxsize=32)
def _load_bundled(name: str) -> Profile:
    res = _bundled_dir().joinpath(f"{name}.yaml")
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.-]*", name) or not res.is_file():
        raise ProfileError(f"{name}: no bundled profile of that name (available: {', '.join(bundled_profile_names())})")
    return parse_profile(res.read_text(encoding="utf-8"), f"profiles/{name}.yaml")


def default_profile() -> Profile:
    return load_profile(DEFAULT_PROFILE)
