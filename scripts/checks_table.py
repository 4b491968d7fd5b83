#!/usr/bin/env python3
"""Write the README's table of design-time checks from the rules (wizard/checking/registry.py).

    python scripts/checks_table.py           # rewrite the table (and the count) in README.md
    python scripts/checks_table.py --print   # print the table only

tests/test_checks.py fails when the README's table differs from the rules.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from wizard.checking import RULES  # noqa: E402

HEADER = "| code | severity | rule | |\n|---|---|---|---|\n"
COUNT = re.compile(r"`validate` runs \d+ checks")


def table() -> str:
    return HEADER + "".join(f"| `{r.code}` | {r.severity} | {r.summary} | [source]({r.source}) |\n" for r in RULES)


def rewritten(readme: str) -> str:
    start = readme.index(HEADER)
    end = readme.index("\n\n", start) + 1
    return COUNT.sub(f"`validate` runs {len(RULES)} checks", readme[:start] + table() + readme[end:])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--print", action="store_true", help="print the table instead of rewriting README.md")
    args = parser.parse_args(argv)
    if args.print:
        sys.stdout.write(table())
        return 0
    path = REPO / "README.md"
    path.write_text(rewritten(path.read_text(encoding="utf-8")), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
