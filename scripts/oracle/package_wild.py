#!/usr/bin/env python3
"""Run the REAL `serverless package` (v3.39.0) on the wild corpus and keep what it wrote.

For each tests/corpus/wild/*.yml this copies the file alone into a temporary service folder
(as serverless.yml, with empty handler stubs), packages it offline as regenerate.py does
(clean environment, temp HOME, no options) and writes tests/corpus/wild-expected/<file>.json:

* packaged: {"template": <the template as Serverless wrote it>, "warnings": "<warning lines>"}
* refused:  {"error": "<the message Serverless printed>"}

tests/test_wild_oracle.py compares our compile of every packaged file with its template.
Many wild files do not package alone (plugins, files beside them, variables of a real
account): their record says so, and the test leaves them out.

Usage:
    cd scripts/oracle && python package_wild.py [--jobs N] [FILE ...]

FILE (a corpus file name or a prefix such as 003) packages only those and keeps the
records of the others. Serverless is found as regenerate.py finds it. Standard library only.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import json
import shutil
import sys
import tempfile
from pathlib import Path

from regenerate import (
    REPO_ROOT,
    TEMPLATE_REL,
    add_handler_stubs,
    check_version,
    clean_env,
    extract_message,
    extract_warnings,
    find_serverless,
    run_sls,
)

CORPUS = REPO_ROOT / "tests" / "corpus" / "wild"
RECORDS = REPO_ROOT / "tests" / "corpus" / "wild-expected"


def package(source: Path, sls: Path) -> dict:
    with tempfile.TemporaryDirectory(prefix="sls-wild-") as tmp:
        work = Path(tmp) / "service"
        home = Path(tmp) / "home"
        work.mkdir()
        home.mkdir()
        shutil.copy(source, work / "serverless.yml")
        add_handler_stubs(work)
        code, output = run_sls(sls, work, [], clean_env(home, {}))
        template = work / TEMPLATE_REL
        if code == 0 and template.exists():
            return {"template": json.loads(template.read_text(encoding="utf-8")), "warnings": extract_warnings(output)}
        return {"error": extract_message(output)}


def select(names: list[str]) -> list[Path]:
    files = sorted(CORPUS.glob("*.yml"))
    if not names:
        return files
    chosen = [f for f in files if any(f.name == n or f.name.startswith(n) for n in names)]
    if not chosen:
        sys.exit(f"no corpus file matches {' '.join(names)}")
    return chosen


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="*", help="corpus file names or prefixes (default: all)")
    parser.add_argument("-j", "--jobs", type=int, default=2)
    ns = parser.parse_args()
    sls = find_serverless()
    check_version(sls)
    files = select(ns.files)
    RECORDS.mkdir(parents=True, exist_ok=True)
    packaged = 0
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, ns.jobs)) as pool:
        futures = {pool.submit(package, f, sls): f for f in files}
        for future in concurrent.futures.as_completed(futures):
            source = futures[future]
            record = future.result()
            packaged += "template" in record
            (RECORDS / (source.stem + ".json")).write_text(
                json.dumps(record, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
            )
            outcome = "packaged" if "template" in record else "refused: " + record["error"].splitlines()[0][:80] if record["error"] else "refused"
            print(f"  {source.name:<80} {outcome}", flush=True)
    known = {f.stem for f in CORPUS.glob("*.yml")}
    for stale in RECORDS.glob("*.json"):
        if stale.stem not in known:
            stale.unlink()
    print(f"{packaged} of {len(files)} packaged")
    return 0


if __name__ == "__main__":
    sys.exit(main())
