"""Build hooks: compile the gettext catalogs, and derive the bundled rulesets, profiles,
lexicons and tables once, so that wheels and installs ship them.

Project metadata lives in pyproject.toml; this file only adds a build_py step that
compiles auditor/locales/<locale>/LC_MESSAGES/*.po to .mo files with Babel (a build
requirement: [build-system] requires = [..., "Babel>=2.12,<3"]). The .mo files are
written next to the .po files (editable installs read them there) and into the build
directory (wheels pack them from there).

Update the catalogs after changing interface strings:

    pybabel extract -F babel.cfg -o auditor/locales/auditor.pot --add-location=file --sort-output \
        --project=auditor --version=0.1.0 --copyright-holder="auditor contributors" .
    pybabel update -i auditor/locales/auditor.pot -d auditor/locales -D auditor --ignore-obsolete
    # translate the new entries in auditor/locales/zh_Hans/... and zh_Hant/..., then:
    pybabel compile -d auditor/locales -D auditor --statistics

The prebuilt entries (auditor/support/data/prebuilt/, not tracked by git) are what the
first run after an install would otherwise build into the per-user cache: parsed and
validated rule files and profiles, lexicons, character tables, jieba's prefix dictionary,
and the regular expressions and dataclass methods a check compiles, found by checking
sample pages in a new process (auditor.commands.prebuild, auditor.support.cache,
auditor.support.recache). They need PyYAML, jsonschema, google-re2, lxml, jieba,
hanzidentifier and opencc in the build environment ([build-system] requires); without them
the package still builds, and the first run builds its own.
"""
from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
LOCALES = HERE / "auditor" / "locales"


def compile_catalogs(locales: Path = LOCALES) -> list[Path]:
    """Compile every .po under ``locales`` to a .mo beside it; fuzzy entries are left out."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    import io

    written = []
    for po in sorted(locales.glob("*/LC_MESSAGES/*.po")):
        with po.open("rb") as f:
            catalog = read_po(f, locale=po.parent.parent.name)
        mo = po.with_suffix(".mo")
        data = io.BytesIO()
        write_mo(data, catalog, use_fuzzy=False)
        # A tracked .mo that already says what the .po says is left alone, so that an
        # install never dirties a checkout (other Babel versions may order bytes differently).
        if not (mo.exists() and (mo.read_bytes() == data.getvalue() or _same_messages(mo, catalog))):
            mo.write_bytes(data.getvalue())
        written.append(mo)
    return written


def _same_messages(mo: Path, catalog) -> bool:
    from babel.messages.mofile import read_mo

    try:
        with mo.open("rb") as f:
            old = read_mo(f)
    except Exception:  # a damaged .mo is rewritten
        return False

    def plain(value):  # plural entries: a list or tuple of forms
        return tuple(value) if isinstance(value, (list, tuple)) else value

    def table(cat):
        return {(plain(m.id), m.context): plain(m.string) for m in cat if m.id and m.string and not m.fuzzy}

    return table(old) == table(catalog)


def prebuild() -> list[Path]:
    """Derive the prebuilt entries from this source tree (auditor.commands.prebuild)."""
    import sys

    sys.path.insert(0, str(HERE))
    try:
        from auditor.commands.prebuild import build

        return build()
    finally:
        sys.path.remove(str(HERE))


class BuildPyWithCatalogs(build_py):
    def run(self):
        import sys

        try:
            compiled = compile_catalogs()
        except ImportError:  # Babel missing from [build-system] requires: build, but say so
            sys.stderr.write("warning: Babel is not installed in the build environment; the message catalogs "
                             "(auditor/locales) were not compiled. Add Babel to [build-system] requires.\n")
            compiled = []
        try:
            prebuilt = prebuild()
        except Exception as exc:  # noqa: BLE001 - only a speed-up: build without it, but say so
            sys.stderr.write(f"warning: the bundled rulesets were not prebuilt ({type(exc).__name__}: {exc}); "
                             f"the first run after installing will build them. [build-system] requires "
                             f"PyYAML, jsonschema and google-re2 for this step.\n")
            prebuilt = []
        super().run()
        if not getattr(self, "editable_mode", False):
            for data in [*compiled, *prebuilt]:
                target = Path(self.build_lib) / data.relative_to(HERE)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(data, target)


setup(cmdclass={"build_py": BuildPyWithCatalogs})
