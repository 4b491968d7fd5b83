#!/usr/bin/env python3
"""Run the REAL `serverless package` (v3.39.0) on every rule fixture and record what it did.

The design-time checks report what Serverless lets through and AWS then rejects, so every
fixture (bad and good) must package without a Serverless error. This writes
tests/checks/serverless-v3.39.json: for each fixture, whether it packaged, how many
resources the template has, and the authorization of each authorized route (type and
scopes), which tests/test_checks.py compares with our compile.

Usage:
    cd scripts/oracle && npm ci && python package_check_fixtures.py [--jobs N] [FIXTURE ...]

FIXTURE (e.g. HTTPAPI-ROUTE-SCOPES/good.yml) packages only those and keeps the record of
the others; records of fixtures that no longer exist are dropped.

Serverless is found as regenerate.py finds it. Standard library only.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import json
import re
import shutil
import sys
import tempfile
from pathlib import Path

from regenerate import REPO_ROOT, TEMPLATE_REL, add_handler_stubs, check_version, clean_env, find_serverless, run_sls

FIXTURES = REPO_ROOT / "tests" / "checks"
RECORD = FIXTURES / "serverless-v3.39.json"
# Handlers in flow mappings too (`f1: {handler: src/f.handler, ...}`), which regenerate.py's pattern skips.
FLOW_HANDLER = re.compile(r"\{\s*handler:\s*([\w./-]+)\.\w+\s*[,}]")


def authorized_routes(template: dict) -> dict:
    out = {}
    for resource in template.get("Resources", {}).values():
        props = resource.get("Properties", {})
        if resource.get("Type") == "AWS::ApiGatewayV2::Route" and "AuthorizationType" in props:
            out[props["RouteKey"]] = [props["AuthorizationType"], props.get("AuthorizationScopes")]
    return dict(sorted(out.items()))


def package(fixture: Path, sls: Path) -> dict:
    with tempfile.TemporaryDirectory(prefix="check-fixture-") as tmp:
        work = Path(tmp) / "service"
        home = Path(tmp) / "home"
        work.mkdir()
        home.mkdir()
        shutil.copy(fixture, work / "serverless.yml")
        add_handler_stubs(work)
        for module in set(FLOW_HANDLER.findall(fixture.read_text(encoding="utf-8"))):
            (work / module).parent.mkdir(parents=True, exist_ok=True)
            (work / module).with_suffix(".js").touch()
        code, output = run_sls(sls, work, [], clean_env(home, {}))
        template_file = work / TEMPLATE_REL
        if code != 0 or not template_file.exists():
            return {"packaged": False, "output": output.strip().splitlines()[-20:]}
        template = json.loads(template_file.read_text())
        return {"packaged": True, "resources": len(template["Resources"]), "authorized_routes": authorized_routes(template)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=1, help="serverless processes at a time (default 1)")
    parser.add_argument("fixtures", nargs="*", help="only these fixtures (relative to tests/checks)")
    args = parser.parse_args(argv)
    sls = find_serverless()
    check_version(sls)
    every = sorted(FIXTURES.glob("*/*.yml"))
    names = {str(f.relative_to(FIXTURES)) for f in every}
    unknown = sorted(set(args.fixtures) - names)
    if unknown:
        sys.exit(f"no such fixture: {', '.join(unknown)}")
    fixtures = [f for f in every if str(f.relative_to(FIXTURES)) in set(args.fixtures)] if args.fixtures else every
    kept = json.loads(RECORD.read_text(encoding="utf-8")) if args.fixtures and RECORD.exists() else {}
    record = {name: result for name, result in kept.items() if name in names}
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        for fixture, result in zip(fixtures, pool.map(lambda f: package(f, sls), fixtures), strict=True):
            name = str(fixture.relative_to(FIXTURES))
            record[name] = result
            print(f"{'packaged' if result['packaged'] else 'FAILED  '} {name}", flush=True)
    record = {name: record[name] for name in (str(f.relative_to(FIXTURES)) for f in every) if name in record}
    RECORD.write_text(json.dumps(record, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    failed = [name for name, result in record.items() if not result["packaged"]]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
