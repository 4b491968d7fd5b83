"""Benchmark httpapi-wizard's compile against PyYAML and `serverless package`.

Prints, side by side:
  1. in-process ``compile_text`` time on the seed example and generated services
     (200x5, 500x2, 1000x2 = functions x routes per function), next to PyYAML's load
     of the same text;
  2. the CLI as a whole process (``httpapi-wizard compile`` and ``python -m wizard compile``)
     on the seed example, next to a bare Python process that loads the file with PyYAML and
     dumps JSON, and to the interpreter's own start-up; the rows run in turn, round after
     round; with ``--instructions``, the same processes' instruction counts (valgrind);
  3. ``serverless package`` (v3) as a whole process, when Node and Serverless are found,
     each run followed by runs of the CLI so that the ratio compares like with like.

Run it from a virtual environment with the package installed (``pip install .``), as a
user would: an interpreter whose site-packages holds .pth files that import modules
starts slower, which hides how much of a process is ours. Targets are printed next to
the numbers; nothing is asserted.

    python benchmarks/compile.py [--runs N] [--no-serverless] [--with-serverless-large]
                                 [--instructions] [--json]
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from wizard.api import compile_text  # noqa: E402
from wizard.compiling.output import to_json  # noqa: E402

SEED = REPO / "wizard" / "examples" / "seed.yml"
YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
BARE_PYTHON = "import sys,json,yaml; json.dumps(yaml.load(open(sys.argv[1]), Loader=getattr(yaml,'CSafeLoader',yaml.SafeLoader)))"
# (functions, routes per function); 500x2 is the "1000-route service" of the target (200x5 has 1000 routes too).
GENERATED = [(200, 5), (500, 2), (1000, 2)]
TARGET_ROUTES = 1000
TARGET_COMPILE_MS = 100.0
TARGET_COMPILE_OVER_YAML = 3.0
TARGET_CLI_OVER_BARE = 1.5
TARGET_SLS_OVER_CLI = 30.0
# (method, path under the function's resource); a function takes the first k of these.
ROUTE_SHAPES = [
    ("GET", "/items/{itemId}"),
    ("POST", "/items"),
    ("GET", "/items"),
    ("PUT", "/items/{itemId}"),
    ("DELETE", "/items/{itemId}/tags/{tag}"),
]
MIN_RUNS = 3
IN_PROCESS_BUDGET_S = 1.0  # per measurement: big services get fewer runs (at least MIN_RUNS)
CLI_ROWS = {
    "cli_module": "python -m wizard compile",
    "cli_script": "httpapi-wizard compile",
    "cli_module_no_pyc": "python -m wizard compile, no .pyc (PYTHONDONTWRITEBYTECODE)",
}
HANDLER_RE = re.compile(r"""^\s*(?:-\s*)?handler:\s*['"]?([^\s'"#]+)""", re.M)


# --- generated services -------------------------------------------------------------------


def generate_service(functions: int, routes_per_function: int) -> str:
    """A deterministic serverless.yml with ``functions`` x ``routes_per_function`` HTTP API routes.

    Every third function's routes use the JWT authorizer (with scopes, object form);
    the others use the string form ``'METHOD /path'``.
    """
    lines = [
        f"service: bench-{functions}x{routes_per_function}",
        "frameworkVersion: '3'",
        "",
        "provider:",
        "  name: aws",
        "  runtime: nodejs22.x",
        "  region: eu-west-1",
        "  memorySize: 512",
        "  timeout: 10",
        "  environment:",
        "    TABLE_NAME: ${self:service}-${sls:stage}-items",
        "  httpApi:",
        "    cors: true",
        "    authorizers:",
        "      jwtAuth:",
        "        identitySource: $request.header.Authorization",
        "        issuerUrl: https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_bench",
        "        audience:",
        "          - benchClientId",
        "  logs:",
        "    httpApi: true",
        "",
        "functions:",
    ]
    for index in range(functions):
        lines.extend(_function_lines(index, routes_per_function))
    return "\n".join(lines) + "\n"


def _function_lines(index: int, routes: int) -> list[str]:
    name = f"resource{index:04d}"
    lines = [f"  {name}:", f"    handler: handler.{name}", "    events:"]
    secured = index % 3 == 0
    for method, suffix in ROUTE_SHAPES[:routes]:
        path = f"/{name}{suffix}"
        if secured:
            lines += [
                "      - httpApi:",
                f"          method: {method}",
                f"          path: {path}",
                "          authorizer:",
                "            name: jwtAuth",
                "            scopes:",
                f"              - {name}.{'read' if method == 'GET' else 'write'}",
            ]
        else:
            lines.append(f"      - httpApi: '{method} {path}'")
    return lines


# --- timing helpers -----------------------------------------------------------------------


def time_calls(func, runs: int, budget_s: float | None = None, warm_up: bool = True) -> list[float]:
    """Milliseconds of ``runs`` calls of ``func``, after one warm-up call (unless the caller did it).

    With ``budget_s``, stops early (after at least MIN_RUNS) once the timed calls took that long.
    """
    if warm_up:
        func()
    times = []
    for _ in range(runs):
        gc.collect()
        start = time.perf_counter()
        func()
        times.append((time.perf_counter() - start) * 1000)
        if budget_s is not None and len(times) >= MIN_RUNS and sum(times) > budget_s * 1000:
            break
    return times


def time_process(argv: list[str], runs: int, cwd: str | None = None, env: dict | None = None) -> list[float]:
    """Milliseconds of ``runs`` whole-process runs of ``argv`` (output discarded), after a warm-up."""

    def run():
        done = subprocess.run(argv, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if done.returncode != 0:
            raise RuntimeError(f"{' '.join(argv)} exited {done.returncode}")

    return time_calls(run, runs)


def summary(times: list[float]) -> dict:
    return {"median_ms": statistics.median(times), "min_ms": min(times), "runs": len(times)}


def ratio(a: float | None, b: float | None) -> float | None:
    return a / b if a is not None and b else None


# --- 1. in-process ------------------------------------------------------------------------


def count_routes(template: dict | None) -> int | None:
    if not template:
        return None
    return sum(1 for r in template.get("Resources", {}).values() if r.get("Type") == "AWS::ApiGatewayV2::Route")


def bench_in_process(name: str, text: str, runs: int) -> dict:
    # The compile path alone, as `httpapi-wizard compile` runs it (benchmarks/checks.py times the checks).
    result = compile_text(text, f"{name}.yml", checks=False)  # also the warm-up
    routes = count_routes(result.template)
    errors = [str(d) for d in result.diagnostics if d.is_error]
    compile_times = summary(time_calls(lambda: compile_text(text, f"{name}.yml", checks=False), runs, IN_PROCESS_BUDGET_S, warm_up=False))
    json_times = summary(time_calls(lambda: to_json(result.template), runs, IN_PROCESS_BUDGET_S)) if result.template else None
    yaml_times = summary(time_calls(lambda: yaml.load(text, Loader=YAML_LOADER), runs, IN_PROCESS_BUDGET_S))
    row = {
        "service": name,
        "routes": routes,
        "kb": len(text.encode()) / 1024,
        "resources": len(result.template.get("Resources", {})) if result.template else None,
        "errors": errors[:3],
        "compile": compile_times,
        "to_json": json_times,
        "yaml_load": yaml_times,
        "compile_over_yaml": ratio(compile_times["median_ms"], yaml_times["median_ms"]),
    }
    if routes == TARGET_ROUTES:
        row["target"] = {
            "compile_ms_lt": TARGET_COMPILE_MS,
            "compile_over_yaml_le": TARGET_COMPILE_OVER_YAML,
            "met": compile_times["median_ms"] < TARGET_COMPILE_MS and row["compile_over_yaml"] <= TARGET_COMPILE_OVER_YAML,
        }
    return row


# --- 2. whole process ---------------------------------------------------------------------


def subprocess_env(pycache: str | None) -> dict:
    """The environment for child Pythons: the repo importable, same for the CLI and the baseline.

    With ``pycache``, bytecode is written to (and read from) that folder, as for an installed package,
    even when PYTHONDONTWRITEBYTECODE is set here; wizard/ itself is not written to.
    """
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    if pycache:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = pycache
    return env


def time_interleaved(commands: dict[str, list[str]], runs: int, env: dict | None = None) -> dict[str, list[float]]:
    """Milliseconds of ``runs`` rounds; each round runs every command once, in turn.

    Round-robin, so that a busy moment of a shared machine slows every row alike
    instead of whichever row happened to be running.
    """

    def run(argv):
        done = subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if done.returncode != 0:
            raise RuntimeError(f"{' '.join(argv)} exited {done.returncode}")

    for argv in commands.values():  # warm-up: bytecode written, files in the page cache
        run(argv)
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, argv in commands.items():
            start = time.perf_counter()
            run(argv)
            times[name].append((time.perf_counter() - start) * 1000)
    return times


def cli_argv(path: Path) -> list[str]:
    """The CLI as users run it: the installed console script, else ``python -m wizard``."""
    script = shutil.which("httpapi-wizard")
    return [script, "compile", str(path)] if script else [sys.executable, "-m", "wizard", "compile", str(path)]


def bench_processes(path: Path, runs: int, pycache: str) -> dict:
    env = subprocess_env(pycache)
    commands = {
        "python_start": [sys.executable, "-c", "pass"],
        "bare_python": [sys.executable, "-c", BARE_PYTHON, str(path)],
        "cli_module": [sys.executable, "-m", "wizard", "compile", str(path)],
    }
    script = shutil.which("httpapi-wizard")
    if script:
        commands["cli_script"] = [script, "compile", str(path)]
    rows = {name: summary(times) for name, times in time_interleaved(commands, runs, env).items()}
    if os.environ.get("PYTHONDONTWRITEBYTECODE"):
        rows["cli_module_no_pyc"] = summary(time_process(commands["cli_module"], runs, env=subprocess_env(None)))
    bare = rows["bare_python"]
    for key in CLI_ROWS:
        if key in rows:
            rows[key]["over_bare"] = ratio(rows[key]["median_ms"], bare["median_ms"])
    return {"file": path.name, "console_script": script, **rows}


def count_instructions(argv: list[str], env: dict) -> float | None:
    """Millions of instructions of one whole-process run, under valgrind's callgrind.

    Unlike wall-clock time, this does not move with a shared machine's load, so the
    ratios it gives are repeatable to the percent.
    """
    done = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *argv],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )
    found = re.search(r"Collected : (\d+)", done.stderr)
    return int(found.group(1)) / 1e6 if found else None


def bench_instructions(path: Path, pycache: str) -> dict:
    env = subprocess_env(pycache)
    script = shutil.which("httpapi-wizard")
    commands = {
        "python_start": [sys.executable, "-c", "pass"],
        "bare_python": [sys.executable, "-c", BARE_PYTHON, str(path)],
        "cli_module": [sys.executable, "-m", "wizard", "compile", str(path)],
    }
    if script:  # through the interpreter: valgrind would otherwise trace the shebang's launcher
        commands["cli_script"] = [sys.executable, script, "compile", str(path)]
    for argv in commands.values():
        subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # bytecode written
    counts = {name: count_instructions(argv, env) for name, argv in commands.items()}
    return {"file": path.name, **counts}


# --- 3. serverless ------------------------------------------------------------------------


def find_serverless() -> str | None:
    if not shutil.which("node"):
        return None
    candidates = [
        os.environ.get("SERVERLESS_BIN"),
        "/work/oracle/node_modules/.bin/serverless",
        str(REPO / "scripts" / "oracle" / "node_modules" / ".bin" / "serverless"),
    ]
    return next((c for c in candidates if c and Path(c).exists()), None)


def prepare_service(text: str, root: Path) -> Path:
    """A fresh service folder under ``root``: serverless.yml plus empty handler stub files."""
    service = Path(tempfile.mkdtemp(dir=root))
    (service / "serverless.yml").write_text(text)
    for handler in HANDLER_RE.findall(text):
        if "$" not in handler and "." in handler:
            stub = service / (handler.rsplit(".", 1)[0] + ".js")
            stub.parent.mkdir(parents=True, exist_ok=True)
            stub.touch()
    return service


def bench_serverless(sls: str, text: str, runs: int, cli: list[str], cli_env: dict) -> dict:
    """``serverless package`` offline, each run in a fresh copy of the service.

    Every serverless run is followed by three runs of our CLI on the same file, so that
    the ratio compares the two under the same load (a run of serverless takes seconds,
    long enough for a shared machine to change pace).
    """
    with tempfile.TemporaryDirectory(prefix="bench-sls-") as tmp:
        root = Path(tmp)
        home = root / "home"
        home.mkdir()
        env = {
            "PATH": os.environ.get("PATH", "/usr/local/bin:/usr/bin:/bin"),
            "HOME": str(home),
            "SLS_TELEMETRY_DISABLED": "1",
            "SLS_NOTIFICATIONS_MODE": "off",
            "AWS_ACCESS_KEY_ID": "x",
            "AWS_SECRET_ACCESS_KEY": "y",
        }
        services = iter([prepare_service(text, root) for _ in range(runs + 1)])
        cli_times: list[float] = []

        def run():
            done = subprocess.run([sls, "package"], cwd=next(services), env=env, capture_output=True, text=True)
            if done.returncode != 0:
                raise RuntimeError(f"serverless package exited {done.returncode}:\n{done.stdout[-2000:]}{done.stderr[-2000:]}")
            cli_times.extend(time_process(cli, 3, env=cli_env))

        sls_times = time_calls(run, runs)
        return {**summary(sls_times), "cli": summary(cli_times[3:])}  # the warm-up's CLI runs are dropped


# --- report -------------------------------------------------------------------------------


def fmt(value: float | None, spec: str = ".1f") -> str:
    return "-" if value is None else format(value, spec)


def table(header: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    lines = [
        "  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths, strict=True)))
        for r in [header, *rows]
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def verdict(ok: bool) -> str:
    return "MET" if ok else "MISSED"


def report_in_process(rows: list[dict]) -> str:
    header = [
        "service",
        "routes",
        "KB",
        "resources",
        "runs",
        "compile med",
        "compile min",
        "to_json med",
        "yaml med",
        "compile/yaml",
        "target",
    ]
    out = []
    for r in rows:
        target = r.get("target")
        out.append(
            [
                r["service"],
                fmt(r["routes"], "d") if r["routes"] is not None else "-",
                fmt(r["kb"]),
                fmt(r["resources"], "d") if r["resources"] is not None else "-",
                str(r["compile"]["runs"]),
                fmt(r["compile"]["median_ms"], ".2f"),
                fmt(r["compile"]["min_ms"], ".2f"),
                fmt(r["to_json"]["median_ms"], ".2f") if r["to_json"] else "-",
                fmt(r["yaml_load"]["median_ms"], ".2f"),
                fmt(r["compile_over_yaml"], ".2f") + "x",
                f"<{TARGET_COMPILE_MS:.0f} ms & <={TARGET_COMPILE_OVER_YAML:g}x: {verdict(target['met'])}" if target else "",
            ]
        )
    notes = [f"  ! {r['service']}: compile errors: {'; '.join(r['errors'])}" for r in rows if r["errors"]]
    title = f"1. in-process compile_text (ms; PyYAML {yaml.__version__} with {YAML_LOADER.__name__})"
    legend = (
        f"   NxM = N functions x M routes (1 in 3 functions JWT-secured); target applies to the {TARGET_ROUTES}-route"
        f" services (500x2 and 200x5)\n   runs = timed compile runs (fewer than --runs, at least {MIN_RUNS}, once one"
        f" measurement passes {IN_PROCESS_BUDGET_S:g} s)"
    )
    return "\n".join([title, legend, "", table(header, out), *notes])


def report_processes(procs: list[dict]) -> str:
    header = ["file", "process", "median ms", "min ms", "ratio", "target"]
    out = []
    for p in procs:
        start = p["python_start"]
        out.append([p["file"], "python -c pass (the interpreter's start-up)", fmt(start["median_ms"]), fmt(start["min_ms"]), "", ""])
        out.append(
            [
                p["file"],
                "bare python (PyYAML load + json.dumps)",
                fmt(p["bare_python"]["median_ms"]),
                fmt(p["bare_python"]["min_ms"]),
                "1.00x",
                "",
            ]
        )
        for key, label in CLI_ROWS.items():
            if key in p:
                r = p[key]
                ok = r["over_bare"] <= TARGET_CLI_OVER_BARE
                target = (
                    f"<={TARGET_CLI_OVER_BARE:g}x bare: {verdict(ok)}"
                    if p["file"] == SEED.name and key != "cli_module_no_pyc"
                    else ""
                )
                out.append([p["file"], label, fmt(r["median_ms"]), fmt(r["min_ms"]), fmt(r["over_bare"], ".2f") + "x", target])
    notes = [] if procs[0]["console_script"] else ["   httpapi-wizard: not on PATH (skipped)"]
    title = (
        "2. whole process (ms, output to /dev/null; rows run in turn, round after round; bytecode cached in a\n"
        "   temporary PYTHONPYCACHEPREFIX after the warm-up). Run it from a virtual environment: .pth files in\n"
        "   the interpreter's site-packages run in every process and inflate every row alike."
    )
    return "\n".join([title, "", table(header, out), *notes])


def report_serverless(sls: dict | None) -> str:
    title = "3. serverless package (whole process, offline)"
    if sls is None:
        return f"{title}\n   serverless: not found (skipped)"
    if sls.get("skipped"):
        return f"{title}\n   serverless: {sls['skipped']}"
    header = ["file", "median ms", "min ms", "CLI", "CLI median ms", "serverless/CLI", "target"]
    out = []
    for r in sls["rows"]:
        ok = r["over_cli"] is not None and r["over_cli"] >= TARGET_SLS_OVER_CLI
        out.append(
            [
                r["file"],
                fmt(r["median_ms"]),
                fmt(r["min_ms"]),
                r["cli"],
                fmt(r["cli_median_ms"]),
                fmt(r["over_cli"], ".1f") + "x",
                f">={TARGET_SLS_OVER_CLI:g}x: {verdict(ok)}",
            ]
        )
    note = "   CLI: three runs after each serverless run, so both are timed under the same load"
    return "\n".join([title, f"   {sls['bin']}", note, "", table(header, out)])


def report_instructions(rows: list[dict] | None) -> str:
    title = "2b. whole process, instructions (millions, valgrind callgrind; steady where wall-clock is not)"
    if rows is None:
        return f"{title}\n   valgrind: not found (skipped)"
    labels = {"python_start": "python -c pass", "bare_python": "bare python (PyYAML load + json.dumps)", **CLI_ROWS}
    out = []
    for row in rows:
        bare = row["bare_python"]
        for key, label in labels.items():
            if row.get(key) is not None:
                share = ratio(row[key], bare)
                target = ""
                if key in ("cli_module", "cli_script"):
                    target = f"<={TARGET_CLI_OVER_BARE:g}x bare: {verdict(share <= TARGET_CLI_OVER_BARE)}"
                out.append([row["file"], label, fmt(row[key]), fmt(share, ".2f") + "x", target])
    return "\n".join([title, "", table(["file", "process", "M instructions", "ratio", "target"], out)])


def environment() -> dict:
    return {
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "pyyaml": yaml.__version__,
        "yaml_loader": YAML_LOADER.__name__,
        "cpus": os.cpu_count(),
    }


# --- main ---------------------------------------------------------------------------------


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=10, help="timed runs per in-process / CLI measurement (default: 10)")
    parser.add_argument(
        "--serverless-runs", type=int, default=3, help="timed runs per `serverless package` measurement (default: 3)"
    )
    parser.add_argument("--no-serverless", action="store_true", help="skip `serverless package`")
    parser.add_argument(
        "--with-serverless-large", action="store_true", help="also time serverless (and the CLI) on the 200x5 service"
    )
    parser.add_argument(
        "--instructions", action="store_true", help="also count the whole processes' instructions (needs valgrind)"
    )
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    return parser.parse_args(argv)


def run_serverless(args: argparse.Namespace, services: dict[str, str], files: list[Path], pycache: str) -> dict | None:
    if args.no_serverless:
        return {"skipped": "skipped (--no-serverless)"}
    sls = find_serverless()
    if not sls:
        return None
    rows = []
    for path in files:
        cli = cli_argv(path)
        timing = bench_serverless(sls, services[path.name], args.serverless_runs, cli, subprocess_env(pycache))
        cli_median = timing.pop("cli")["median_ms"]
        label = "python -m wizard compile" if cli[0] == sys.executable else "httpapi-wizard compile"
        rows.append({"file": path.name, **timing, "cli": label, "cli_median_ms": cli_median,
                     "over_cli": ratio(timing["median_ms"], cli_median)})
    return {"bin": sls, "rows": rows}


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    seed_text = SEED.read_text()
    services = {SEED.name: seed_text}
    rows = [bench_in_process("seed", seed_text, args.runs)]
    for functions, per in GENERATED:
        text = generate_service(functions, per)
        services[f"{functions}x{per}.yml"] = text
        rows.append(bench_in_process(f"{functions}x{per}", text, args.runs))

    with tempfile.TemporaryDirectory(prefix="bench-files-") as tmp:
        tmp_path = Path(tmp)
        files = [SEED]
        if args.with_serverless_large and not args.no_serverless:
            large = tmp_path / "200x5.yml"
            large.write_text(services[large.name])
            files.append(large)
        pycache = tmp_path / "pycache"
        procs = [bench_processes(path, args.runs, str(pycache)) for path in files]
        counts = None
        if args.instructions and shutil.which("valgrind"):
            counts = [bench_instructions(path, str(pycache)) for path in files]
        sls = run_serverless(args, services, files, str(pycache))

    results = {"environment": environment(), "in_process": rows, "processes": procs, "serverless": sls}
    if args.instructions:
        results["instructions"] = counts
    if args.json:
        print(json.dumps(results, indent=2))
    else:
        env = results["environment"]
        print(
            f"httpapi-wizard compile benchmark  (Python {env['python']}, {env['platform']}, {env['cpus']} CPUs, runs={args.runs})\n"
        )
        reports = [report_in_process(rows), report_processes(procs)]
        if args.instructions:
            reports.append(report_instructions(counts))
        print(*reports, report_serverless(sls), sep="\n\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
