import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))


@pytest.fixture(autouse=True)
def _wizard_state_dir(tmp_path_factory, monkeypatch):
    """The wizard's own files (recovery copies, its error log) go to a temporary folder, never the user's."""
    monkeypatch.setenv("HTTPAPI_WIZARD_STATE_DIR", str(tmp_path_factory.mktemp("wizard-state")))
