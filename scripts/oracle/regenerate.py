#!/usr/bin/env python3
"""Regenerate the expected outputs of tests/conformance/cases/* with the REAL Serverless v3.39.0.

Usage:
    cd scripts/oracle && npm ci && python regenerate.py [CASE ...]

For every case folder (or only the ones named on the command line, by folder name or path)
this copies the case to a temporary directory, adds empty handler stub files, runs
`serverless package` offline with the options/env of `case.json`, and writes:

* success: expected/template.json (the exact bytes of
  .serverless/cloudformation-template-update-stack.json) and expected/warnings.txt
* failure: expected/error.json = {"code": ..., "message": ...}

The ServerlessError code is not printed by a normal run, so a failing case is run a second time
with `--debug=*`; the code is read from the `process: finalize { error: ... code: '...' }` dump.

Serverless is looked up in $SERVERLESS_BIN, then scripts/oracle/node_modules/.bin/serverless;
if neither exists, `npm install` is run in scripts/oracle. Standard library only (Python 3.10+).
"""

from __future__ import annotations

import argparse
import concurrent.futures
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ORACLE_DIR = Path(__file__).resolve().parent
REPO_ROOT = ORACLE_DIR.parent.parent
CASES_DIR = REPO_ROOT / "tests" / "conformance" / "cases"
TEMPLATE_REL = Path(".serverless") / "cloudformation-template-update-stack.json"
EXPECTED_SERVERLESS_VERSION = "3.39.0"
RUN_TIMEOUT_S = 300
# What the temporary service folder's path becomes in the recorded messages.
SERVICE_DIR = "<serviceDir>"

ANSI_RE = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07]*\x07")
# `✔ Service packaged (3s)` carries the packaging duration: dropped to keep outputs stable.
PACKAGED_RE = re.compile(r"^\S*\s*Service packaged \(\d+s\)\s*$")
DEPRECATION_SUMMARY_RE = re.compile(r"^\d+ deprecations? found: run 'serverless doctor'")
HANDLER_RE = re.compile(r"""^\s*(?:-\s*)?handler:\s*['"]?([^\s'"#]+)""", re.M)
DEBUG_CODE_RE = re.compile(r"^\s*code: '([^'\n]*)',?\s*$", re.M)
DEBUG_NAME_RE = re.compile(r"^\s*\[name\]: '([^'\n]*)'", re.M)


def find_serverless() -> Path:
    env_bin = os.environ.get("SERVERLESS_BIN")
    if env_bin:
        path = Path(env_bin)
        if not path.exists():
            sys.exit(f"SERVERLESS_BIN={env_bin} does not exist")
        return path
    local = ORACLE_DIR / "node_modules" / ".bin" / "serverless"
    if not local.exists():
        print(f"serverless not found in {local.parent}; running `npm install` in {ORACLE_DIR}")
        cmd = ["npm", "ci"] if (ORACLE_DIR / "package-lock.json").exists() else ["npm", "install"]
        subprocess.run(cmd, cwd=ORACLE_DIR, check=True)
    if not local.exists():
        sys.exit(f"serverless still missing at {local}")
    return local


def check_version(sls: Path) -> None:
    pkg = sls.resolve().parent.parent / "package.json"  # node_modules/serverless/package.json
    try:
        version = json.loads(pkg.read_text())["version"]
    except (OSError, KeyError, ValueError):
        print(f"warning: could not read the serverless version from {pkg}", file=sys.stderr)
        return
    if version != EXPECTED_SERVERLESS_VERSION:
        sys.exit(f"serverless {version} found at {sls}, expected {EXPECTED_SERVERLESS_VERSION}")


def load_case(case_dir: Path) -> dict:
    meta_path = case_dir / "case.json"
    meta = json.loads(meta_path.read_text()) if meta_path.exists() else {}
    meta.setdefault("options", {})
    meta.setdefault("env", {})
    return meta


def cli_options(options: dict) -> list[str]:
    args: list[str] = []
    for key, value in options.items():
        values = value if isinstance(value, list) else [value]
        for item in values:
            if item is True:
                args.append(f"--{key}")
            elif item is False or item is None:
                continue
            else:
                args += [f"--{key}", str(item)]
    return args


def add_handler_stubs(work: Path) -> None:
    """Create empty handler files (index.js, handler.py, src/x.js ...) that the case lacks."""
    for yml in list(work.glob("*.yml")) + list(work.glob("*.yaml")):
        text = yml.read_text(encoding="utf-8")
        python = re.search(r"runtime:\s*['\"]?python", text) is not None
        node = not python or re.search(r"runtime:\s*['\"]?nodejs", text) is not None
        for handler in HANDLER_RE.findall(text):
            if "::" in handler and "$" not in handler:
                # Java `com.example.Handler::method`: an empty source file keeps the zip non-empty
                java = work / (handler.split("::", 1)[0].replace(".", "/") + ".java")
                if java.resolve().is_relative_to(work.resolve()) and not java.exists():
                    java.parent.mkdir(parents=True, exist_ok=True)
                    java.touch()
                continue
            if "$" in handler or "." not in handler:
                continue  # variables, odd values: nothing to stub
            module = handler.rsplit(".", 1)[0]
            target = work / module
            if not target.resolve().is_relative_to(work.resolve()):
                continue
            if target.parent.exists() and any(target.parent.glob(target.name + ".*")):
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            if node:
                target.with_name(target.name + ".js").touch()
            if python:
                target.with_name(target.name + ".py").touch()


def clean_env(home: Path, case_env: dict) -> dict:
    env = {
        "PATH": os.environ.get("PATH", "/usr/local/bin:/usr/bin:/bin"),
        "HOME": str(home),
        "LANG": "C.UTF-8",
        "SLS_TELEMETRY_DISABLED": "1",
        "SLS_NOTIFICATIONS_MODE": "off",
        # print each deprecation in full ("Deprecation warning: ...") instead of the default
        # one-line summary ("1 deprecation found: run 'serverless doctor' for more details")
        "SLS_DEPRECATION_NOTIFICATION_MODE": "warn",
        "AWS_ACCESS_KEY_ID": "x",
        "AWS_SECRET_ACCESS_KEY": "y",
    }
    env.update({str(k): str(v) for k, v in case_env.items()})
    return env


def run_sls(sls: Path, work: Path, args: list[str], env: dict) -> tuple[int, str]:
    proc = subprocess.run(
        [str(sls), "package", *args],
        cwd=work,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        timeout=RUN_TIMEOUT_S,
    )
    return proc.returncode, ANSI_RE.sub("", proc.stdout.decode("utf-8", "replace"))


def extract_warnings(output: str) -> str:
    lines = output.splitlines()
    start = next(
        (i for i, line in enumerate(lines) if line.startswith(("Warning", "Deprecation"))), None
    )
    if start is None:
        return ""
    kept: list[str] = []
    for line in lines[start:]:
        line = line.rstrip()
        if PACKAGED_RE.match(line):
            continue
        if not line and (not kept or not kept[-1]):
            continue  # collapse the blank-line runs left by the dropped line
        kept.append(line)
    while kept and not kept[-1]:
        kept.pop()
    return "\n".join(kept) + "\n" if kept else ""


def extract_message(output: str) -> str:
    lines = output.splitlines()
    idx = max((i for i, line in enumerate(lines) if line.strip() == "Error:"), default=None)
    tail = lines if idx is None else lines[idx + 1 :]
    kept = [line.rstrip() for line in tail if not DEPRECATION_SUMMARY_RE.match(line)]
    return "\n".join(kept).strip()


def extract_code(debug_output: str) -> tuple[str | None, str | None]:
    marker = debug_output.rfind("process: finalize")
    dump = debug_output[marker:] if marker >= 0 else debug_output
    # the first `code:` after the marker belongs to the error itself (its own properties
    # come before `shouldBeSync`)
    dump = dump.split("shouldBeSync", 1)[0]
    code = DEBUG_CODE_RE.search(dump)
    name = DEBUG_NAME_RE.search(dump)
    return (code.group(1) if code else None), (name.group(1) if name else None)


def regenerate(case_dir: Path, sls: Path) -> tuple[str, str, float]:
    started = time.monotonic()
    meta = load_case(case_dir)
    expected = case_dir / "expected"
    with tempfile.TemporaryDirectory(prefix="sls-conf-") as tmp:
        tmp_path = Path(tmp)
        work = tmp_path / "svc"
        home = tmp_path / "home"
        home.mkdir()
        shutil.copytree(case_dir, work, ignore=shutil.ignore_patterns("expected", "case.json"))
        add_handler_stubs(work)
        env = clean_env(home, meta["env"])
        if meta.get("stack") == "new":
            # CloudFormation answers that the stack was never deployed (see new_stack.cjs).
            env["NODE_OPTIONS"] = f"--require {ORACLE_DIR / 'new_stack.cjs'}"
        args = cli_options(meta["options"])
        rc, output = run_sls(sls, work, args, env)
        template = work / TEMPLATE_REL
        if expected.exists():
            shutil.rmtree(expected)
        expected.mkdir()
        if rc == 0 and template.exists():
            (expected / "template.json").write_bytes(template.read_bytes())
            (expected / "warnings.txt").write_text(extract_warnings(output), encoding="utf-8")
            status = "ok"
            detail = f"{len(extract_warnings(output).splitlines())} warning lines"
        else:
            # js-yaml names the file by its absolute path, a temporary folder: made stable
            message = extract_message(output).replace(str(work.resolve()), SERVICE_DIR).replace(str(work), SERVICE_DIR)
            shutil.rmtree(work / ".serverless", ignore_errors=True)
            _, debug_output = run_sls(sls, work, [*args, "--debug=*"], env)
            code, name = extract_code(debug_output)
            error = {"code": code, "message": message}
            if code is None:
                # not a ServerlessError (a crash): the message is a stack trace with absolute
                # paths; keep only its first line ("TypeError: ...") and the error name
                message = message.splitlines()[0] if message else ""
                error = {"code": None, "name": name or message.split(":", 1)[0], "message": message}
            (expected / "error.json").write_text(
                json.dumps(error, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
            )
            status = "error"
            detail = f"{code or name}"
    return status, detail, time.monotonic() - started


def select_cases(names: list[str]) -> list[Path]:
    if not names:
        return sorted(p for p in CASES_DIR.iterdir() if (p / "serverless.yml").exists())
    selected = []
    for name in names:
        path = Path(name)
        if not path.is_dir():
            path = CASES_DIR / Path(name).name
        if not path.is_dir():  # a bare number or prefix such as `041`
            matches = sorted(CASES_DIR.glob(Path(name).name + "*"))
            if len(matches) == 1:
                path = matches[0]
        if not (path / "serverless.yml").exists():
            sys.exit(f"not a case folder: {name}")
        selected.append(path.resolve())
    return selected


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("cases", nargs="*", help="case folder names or paths (default: all)")
    parser.add_argument("-j", "--jobs", type=int, default=2, help="parallel runs (default 2)")
    ns = parser.parse_args()

    sls = find_serverless()
    check_version(sls)
    cases = select_cases(ns.cases)
    print(f"regenerating {len(cases)} case(s) with {sls} ({ns.jobs} in parallel)")
    started = time.monotonic()
    results: dict[str, tuple[str, str, float]] = {}
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, ns.jobs)) as pool:
        futures = {pool.submit(regenerate, case, sls): case for case in cases}
        for future in concurrent.futures.as_completed(futures):
            case = futures[future]
            try:
                results[case.name] = future.result()
            except Exception as exc:  # noqa: BLE001 - report and keep going
                results[case.name] = ("CRASH", f"{type(exc).__name__}: {exc}", 0.0)
            status, detail, secs = results[case.name]
            print(f"  {case.name:<45} {status:<6} {detail} ({secs:.1f}s)", flush=True)

    counts: dict[str, int] = {}
    for status, _, _ in results.values():
        counts[status] = counts.get(status, 0) + 1
    print("\nsummary: " + ", ".join(f"{n} {s}" for s, n in sorted(counts.items())))
    print(f"total time: {time.monotonic() - started:.1f}s")
    # Folder-number convention: an even hundred must succeed (0xx, 2xx, ...), an odd one must fail (1xx, 3xx, ...).
    mismatched = [
        name
        for name, (status, _, _) in sorted(results.items())
        if name[:1].isdigit() and status != ("ok" if int(name[:1]) % 2 == 0 else "error")
    ]
    if mismatched:
        print("UNEXPECTED outcome (0xx, 2xx... should succeed, 1xx, 3xx... should fail): " + ", ".join(mismatched))
    # The suite does not lint the templates on every run: they are linted here, when they change.
    lint = subprocess.run([sys.executable, str(REPO_ROOT / "scripts" / "lint_templates.py")], check=False)
    return 1 if mismatched or counts.get("CRASH") or lint.returncode else 0


if __name__ == "__main__":
    sys.exit(main())
