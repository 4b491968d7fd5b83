#!/usr/bin/env python3
"""Rewrite the snapshots of the rule fixtures: tests/checks/<CODE>/bad*.json.

Each snapshot is what `httpapi-wizard validate --format json` reports of the folder's
code for the bad file beside it (code, severity, path, line, column, message), judged
as of the fixture's `# as-of:` day or tests/check_fixtures.AS_OF.

    python scripts/check_snapshots.py            # rewrite every snapshot
    python scripts/check_snapshots.py --check    # only list the snapshots that differ (exit 1 if any)
    python scripts/check_snapshots.py CODE ...   # only these rules' folders

Review the diff before committing: a snapshot records what users see.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))

from check_fixtures import bad_files, findings, folders, snapshot_path, snapshot_text  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("codes", nargs="*", metavar="CODE", help="only these rules (folder names)")
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if a snapshot differs")
    args = parser.parse_args(argv)
    chosen = [f for f in folders() if not args.codes or f.name in args.codes]
    differ = 0
    for folder in chosen:
        for bad in bad_files(folder):
            text = snapshot_text(findings(bad))
            target = snapshot_path(bad)
            if target.exists() and target.read_text(encoding="utf-8") == text:
                continue
            differ += 1
            print(f"{'differs' if args.check else 'wrote'}: {target.relative_to(REPO)}")
            if not args.check:
                target.write_text(text, encoding="utf-8")
    return 1 if args.check and differ else 0


if __name__ == "__main__":
    sys.exit(main())
