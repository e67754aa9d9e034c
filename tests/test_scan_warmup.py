"""The scan's warm-up (Auditor.warm_up, run in the parent before the workers fork): what
loads lazily on real pages is loaded by it, so that the workers share it instead of each
loading its own copy on its first such page; and a warmed-up process writes the same
records as one that was not warmed up."""
from __future__ import annotations

import gzip
import json
import subprocess
import sys

from tests.conftest import ROOT

# In a new process each: what a process has loaded depends on what ran in it before.
_LOADED_AFTER_WARM_UP = """
import sys
from auditor.batch.worker import Auditor, new_spec
from auditor.gate.config import load_config
from auditor.read import lang
before = set(sys.modules)
Auditor(new_spec(load_config({}, isolated=True))).warm_up()
print(lang._factory is not None, " ".join(sorted(set(sys.modules) - before)))
"""

_RECORDS = """
import json, sys
from auditor.batch.worker import Auditor, new_spec
from auditor.gate.config import load_config
from auditor.sources import SourceItem
auditor = Auditor(new_spec(load_config({}, isolated=True)))
if sys.argv[1] == "warm":
    auditor.warm_up()
pages = json.load(sys.stdin)
for name, data in pages:
    print(auditor.audit(SourceItem(source=name, data=data.encode("latin-1"))).text)
"""


def _run(code: str, *args: str, stdin: str | None = None) -> str:
    out = subprocess.run([sys.executable, "-c", code, *args], input=stdin, capture_output=True, text=True,
                         cwd=ROOT, timeout=300)
    assert out.returncode == 0, out.stderr
    return out.stdout


def test_the_warm_up_loads_langdetect_and_the_chinese_codecs():
    factory, modules = _run(_LOADED_AFTER_WARM_UP).split(" ", 1)
    loaded = set(modules.split())
    assert factory == "True"  # langdetect's profiles
    assert {"langdetect.detector_factory", "encodings.gb18030", "encodings.big5hkscs"} <= loaded


def test_warmed_up_records_equal_cold_ones_on_real_pages(realpages_dir):
    # English pages that ask langdetect (undeclared foreign-looking text) and Chinese pages
    # in legacy encodings: what the warm-up loads, on its first real use
    pages = []
    for p in sorted((realpages_dir / "aeb" / "html").glob("*.html.gz"))[::3]:
        pages.append((p.name[:-3], gzip.decompress(p.read_bytes())))
    for p in sorted((realpages_dir / "zh-news").glob("**/*.html"))[::3]:
        pages.append((str(p.relative_to(realpages_dir)), p.read_bytes()))
    stdin = json.dumps([(name, data.decode("latin-1")) for name, data in pages])
    warm = _run(_RECORDS, "warm", stdin=stdin).splitlines()
    cold = _run(_RECORDS, "cold", stdin=stdin).splitlines()
    assert len(warm) == len(pages)
    assert warm == cold
