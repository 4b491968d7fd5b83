"""The wheel carries every package, the examples and the templates."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_every_package_is_listed_in_pyproject():
    listed = set(re.findall(r'"(wizard(?:\.\w+)*)"', (ROOT / "pyproject.toml").read_text().split("[tool.setuptools.package-dir]")[0]))
    found = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "wizard").rglob("__init__.py")}
    templates = {"wizard.templates"} | {"wizard.templates." + d.name for d in (ROOT / "templates").iterdir() if d.is_dir()}
    assert found | templates == listed
