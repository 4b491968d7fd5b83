"""The architecture holds: the core never imports the TUI, and the compile path stays light.

Loading, model, compiling, checking, explaining and authoring are a library usable in CI
without a terminal; only ``wizard/tui`` may import Textual (or Rich, which it brings).
"""

from __future__ import annotations

import ast
import gc
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "wizard"
CORE = ["loading", "model", "compiling", "checking", "explaining", "authoring"]
UI_ONLY = ("textual", "rich", "textual_serve")


def _imports(path: Path) -> list[tuple[int, str]]:
    """(line, module) of every import in ``path``, relative ones made absolute."""
    # No garbage collection while CPython 3.11 builds the tree: a finalizer of another test's garbage that
    # raises in there (an asyncio transport closed after its loop: "Event loop is closed") is turned into
    # "SystemError: AST constructor recursion depth mismatch" and fails this test for what it does not test.
    # The finalizer's error is still reported, as pytest reports any (PytestUnraisableExceptionWarning).
    text = path.read_text(encoding="utf-8")
    collecting = gc.isenabled()
    gc.disable()
    try:
        tree = ast.parse(text)
    finally:
        if collecting:
            gc.enable()
    package = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts[:-1])
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            out.append((node.lineno, module))
    return out


CORE_FILES = sorted(p for layer in CORE for p in (PACKAGE / layer).rglob("*.py")) + [
    PACKAGE / "api.py", PACKAGE / "diagnostics.py", PACKAGE / "jsvalues.py"]


@pytest.mark.parametrize("path", CORE_FILES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_core_imports_nothing_of_the_ui(path):
    for line, module in _imports(path):
        top = module.split(".")[0]
        assert top not in UI_ONLY, f"{path.relative_to(PACKAGE)}:{line} imports {module}"
        assert not module.startswith(("wizard.tui", "wizard.cli")), f"{path.relative_to(PACKAGE)}:{line} imports {module}"


def test_the_compile_path_loads_no_ui_and_no_authoring_libraries():
    """`httpapi-wizard compile` imports what compiling needs, nothing more (its start-up time is the product)."""
    seed = PACKAGE / "examples" / "seed.yml"
    probe = (
        "import sys, io, contextlib\n"
        "from wizard.cli.main import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    code = main(['compile', {str(seed)!r}])\n"
        "heavy = sorted({m.split('.')[0] for m in sys.modules} & {'textual', 'rich', 'jinja2', 'ruamel', 'hashlib'})\n"
        "print(code, heavy)\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=PACKAGE.parent, check=True)
    assert result.stdout.strip() == "0 []", result.stdout + result.stderr
