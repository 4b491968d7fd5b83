"""The rule fixtures under tests/checks/<CODE>/, and what `validate --format json` says about them.

Each rule's folder holds ``bad*.yml`` files (each trips the rule, one branch of it per
file) with a ``.json`` snapshot beside each, and ``good*.yml`` files (near misses that
must not trip it). A fixture may name the day date-dependent rules judge by in a
``# as-of: YYYY-MM-DD`` line; the others are judged as of ``AS_OF``, so that the
snapshots do not change with the calendar. ``scripts/check_snapshots.py`` rewrites
the snapshots.
"""

from __future__ import annotations

import contextlib
import io
import json
import re
from pathlib import Path

FIXTURES = Path(__file__).parent / "checks"
# The day wizard/checking/data/runtimes.py was last checked against AWS's page.
AS_OF = "2026-11-26"
FIELDS = ("code", "severity", "path", "line", "column", "message")
_AS_OF_LINE = re.compile(r"^# as-of: (\d{4}-\d{2}-\d{2})\s*$", re.M)


def folders() -> list[Path]:
    return sorted(p for p in FIXTURES.iterdir() if p.is_dir())


def bad_files(folder: Path | None = None) -> list[Path]:
    return sorted(folder.glob("bad*.yml")) if folder else sorted(FIXTURES.glob("*/bad*.yml"))


def good_files(folder: Path | None = None) -> list[Path]:
    return sorted(folder.glob("good*.yml")) if folder else sorted(FIXTURES.glob("*/good*.yml"))


def snapshot_path(bad: Path) -> Path:
    return bad.with_suffix(".json")


def as_of(fixture: Path) -> str:
    found = _AS_OF_LINE.search(fixture.read_text(encoding="utf-8"))
    return found.group(1) if found else AS_OF


def validate_json(fixture: Path, *extra: str) -> tuple[int, list[dict]]:
    """The exit code and output of ``httpapi-wizard validate --format json`` on ``fixture``."""
    from wizard.cli.main import main

    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        code = main(["validate", "--format", "json", "--as-of", as_of(fixture), *extra, str(fixture)])
    return code, json.loads(out.getvalue())


def findings(fixture: Path, code: str | None = None) -> list[dict]:
    """The findings of ``code`` (the fixture's folder name) on ``fixture``, with the fields a snapshot keeps."""
    code = code or fixture.parent.name
    _, diagnostics = validate_json(fixture)
    return [{field: d[field] for field in FIELDS} for d in diagnostics if d["code"] == code]


def snapshot_text(found: list[dict]) -> str:
    return json.dumps(found, indent=2, ensure_ascii=False) + "\n"
