import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpora"
SHARED = Path(os.environ.get("AUDITOR_SHARED", ROOT.parent / "shared"))
REALPAGES = SHARED / "realpages"
ARTIFACTS = ROOT / "test-artifacts"


@pytest.fixture(scope="session")
def realpages_dir():
    if not REALPAGES.is_dir():
        pytest.skip(f"real pages not available at {REALPAGES}")
    return REALPAGES
