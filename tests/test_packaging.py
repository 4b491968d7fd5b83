"""The wheel carries every package, the examples and the templates."""

from __future__ import annotations

import fnmatch
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_every_package_is_listed_in_pyproject():
    listed = set(re.findall(r'"(wizard(?:\.\w+)*)"', (ROOT / "pyproject.toml").read_text().split("[tool.setuptools.package-dir]")[0]))
    found = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "wizard").rglob("__init__.py")}
    templates = {"wizard.templates"} | {"wizard.templates." + d.name for d in (ROOT / "templates").iterdir() if d.is_dir()}
    assert found | templates == listed




def test_the_node_bootstrap_ships_as_package_data():
    """`run` starts its Node.js workers with a script that is not a module: package-data must list it."""
    section = re.search(r'"wizard\.running" = \[(.*?)\]', (ROOT / "pyproject.toml").read_text()).group(1)
    patterns = re.findall(r'"([^"]+)"', section)
    scripts = sorted(p.name for p in (ROOT / "wizard" / "running").iterdir() if p.suffix in (".mjs", ".js", ".cjs"))
    assert "bootstrap_node.mjs" in scripts
    for script in scripts:
        assert any(fnmatch.fnmatch(script, pattern) for pattern in patterns), f"{script} is missing from package-data"
