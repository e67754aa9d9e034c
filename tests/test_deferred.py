"""auditor.support.deferred: a module imported inside ``defer`` is imported on first use,
behaves as the real module then, and nothing else in the process sees the stand-in."""
from __future__ import annotations

import os
import subprocess
import sys

PROBE = r"""
import sys
from auditor.support.deferred import Deferred, defer
assert "colorsys" not in sys.modules
with defer("colorsys", "sys"):
    import colorsys
    import sys as sys2
assert isinstance(colorsys, Deferred) and sys2 is sys  # an imported module is left alone
assert "colorsys" not in sys.modules  # not imported yet, and no stand-in left behind
assert colorsys.rgb_to_hsv(1.0, 0.0, 0.0) == (0.0, 1.0, 1.0)  # first use: imported
real = sys.modules["colorsys"]
assert not isinstance(real, Deferred) and colorsys.hls_to_rgb is real.hls_to_rgb
import colorsys as again
assert again is real
print("ok")
"""


def test_a_deferred_module_is_imported_on_first_use():
    done = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"


def test_a_chinese_check_leaves_tempfile_and_pickle_unimported():
    probe = ("import sys\nfrom auditor.read import zh\nzh.tokens('样例制药今日宣布')\n"
             "print(sorted(m for m in ('tempfile', 'pickle') if m in sys.modules))")
    env = dict(os.environ, AUDITOR_NO_CACHE="1")  # (writing a cache entry uses tempfile)
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, env=env)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "[]"


def test_a_function_from_a_deferred_module_imports_it_when_called():
    probe = r"""
import sys
from auditor.support.deferred import defer
assert "colorsys" not in sys.modules
with defer(colorsys=("rgb_to_hsv",)):
    from colorsys import rgb_to_hsv
assert "colorsys" not in sys.modules  # the from-import did not import it
assert rgb_to_hsv(1.0, 0.0, 0.0) == (0.0, 1.0, 1.0)  # the call did
import colorsys
assert colorsys.rgb_to_hsv(0.0, 1.0, 0.0) == rgb_to_hsv(0.0, 1.0, 0.0)
print("ok")
"""
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"


def test_a_chinese_check_leaves_hashlib_unimported():
    # jieba's `from hashlib import md5` names its own cache file only; OpenSSL's bindings
    # cost ~5 ms of a Chinese start-up
    probe = ("import sys\nfrom auditor.read import zh\nzh.tokens('样例制药今日宣布')\n"
             "print(sorted(m for m in ('hashlib', '_hashlib') if m in sys.modules))\n"
             "import jieba\nprint(jieba.md5(b'x').hexdigest())")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-2:] == ["[]", "9dd4e461268c8034f5c8564e155c67a6"]
