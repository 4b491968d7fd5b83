"""Benchmark `httpapi-wizard run` against serverless-offline 13.10 on the seed example.

Prints, side by side:
  1. sequential requests per second, and p50 / p99 latency, over the seed example's open
     routes (PATCH /elo, POST /post/just/to/this/path, ANY /any/method, GET
     /get/for/any/{param} and $default), one keep-alive connection, one request at a time;
  2. the time from launching the server to its first answered request (a cold worker
     included), over several launches.

Both servers serve the same scaffolded project (``httpapi-wizard new --example seed``);
serverless-offline gets it without the JWT route, with which it refuses to start
("Serverless Offline only supports retrieving JWT from the headers"). It is npm-installed
(serverless 3.39.0 and serverless-offline 13.10) into a temporary folder when Node and
npm are present, or taken from ``--offline-dir`` (a folder whose node_modules holds both).
The measurement blocks of the two servers alternate, so that a busy moment of a shared
machine slows both alike. Run it from a virtual environment with the package installed
(``pip install .``). Targets are printed next to the numbers; nothing is asserted.

    python benchmarks/run.py [--requests N] [--launches N] [--no-offline] [--offline-dir DIR] [--json]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
OFFLINE_VERSION = "13.10"
SERVERLESS_VERSION = "3.39.0"
ROUTES = [("PATCH", "/elo"), ("POST", "/post/just/to/this/path"), ("GET", "/any/method"), ("GET", "/get/for/any/42"),
          ("GET", "/not/a/route")]
FIRST = ("GET", "/get/for/any/1")
BLOCKS = 10
# Measured here on the seed example (issue 13): serverless-offline's numbers, and the targets.
TARGET_FIRST_ANSWER_S = 1.0


def cli() -> list[str]:
    script = shutil.which("httpapi-wizard")
    return [script] if script else [sys.executable, "-m", "wizard"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def scaffold(root: Path) -> Path:
    folder = root / "seed"
    subprocess.run([*cli(), "new", str(folder), "--example", "seed", "--no-input"], check=True, capture_output=True)
    return folder


def first_answer(process: subprocess.Popen, port: int, started: float, limit_s: float = 120) -> float:
    """Seconds from ``started`` to the first request answered 200 (polling every 2 ms)."""
    method, path = FIRST
    while time.perf_counter() - started < limit_s:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode}")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            connection.request(method, path)
            response = connection.getresponse()
            response.read()
            connection.close()
            if response.status == 200:
                return time.perf_counter() - started
        except OSError:
            pass
        time.sleep(0.002)
    raise RuntimeError(f"no answer within {limit_s} s")


class Server:
    """A server process on its own port: ``launch()`` returns the seconds to its first answer."""

    def __init__(self, name: str, argv, cwd: Path, env: dict | None = None) -> None:
        self.name = name
        self.argv = argv  # a function of the port
        self.cwd = cwd
        self.env = env
        self.process: subprocess.Popen | None = None
        self.port = 0

    def launch(self) -> float:
        self.stop()
        self.port = free_port()
        started = time.perf_counter()
        self.process = subprocess.Popen(self.argv(self.port), cwd=self.cwd, env=self.env, stdout=subprocess.DEVNULL,
                                        stderr=subprocess.DEVNULL, start_new_session=True)
        return first_answer(self.process, self.port, started)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, 2)  # Ctrl+C to the whole group: serverless spawns node children
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, 9)
                self.process.wait()
        self.process = None


def timed_requests(port: int, count: int) -> list[float]:
    """Milliseconds of ``count`` sequential requests over one keep-alive connection."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    times = []
    body = b'{"hello":"world"}'
    headers = {"Content-Type": "application/json"}
    try:
        for index in range(count):
            method, path = ROUTES[index % len(ROUTES)]
            start = time.perf_counter()
            connection.request(method, path, body=body if method in ("POST", "PATCH") else None, headers=headers)
            response = connection.getresponse()
            response.read()
            times.append((time.perf_counter() - start) * 1000)
            if response.status != 200:
                raise RuntimeError(f"{method} {path} answered {response.status}")
    finally:
        connection.close()
    return times


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def throughput(servers: list[Server], requests: int) -> dict[str, dict]:
    per_block = max(1, requests // BLOCKS)
    for server in servers:
        timed_requests(server.port, len(ROUTES) * 20)  # warm: every worker started, JITs warm
    times: dict[str, list[float]] = {s.name: [] for s in servers}
    wall: dict[str, float] = {s.name: 0.0 for s in servers}
    for _ in range(BLOCKS):
        for server in servers:
            start = time.perf_counter()
            times[server.name] += timed_requests(server.port, per_block)
            wall[server.name] += time.perf_counter() - start
    return {name: {"requests": len(t), "requests_per_s": len(t) / wall[name], "p50_ms": statistics.median(t),
                   "p99_ms": percentile(t, 99), "mean_ms": statistics.fmean(t)} for name, t in times.items()}


def install_offline(root: Path) -> Path:
    folder = root / "offline"
    folder.mkdir()
    (folder / "package.json").write_text('{"name": "bench-offline", "private": true}')
    subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--loglevel=error",
                    f"serverless@{SERVERLESS_VERSION}", f"serverless-offline@{OFFLINE_VERSION}"],
                   cwd=folder, check=True, capture_output=True)
    return folder


def offline_project(seed: Path, modules: Path, root: Path) -> Path:
    """The seed project without its JWT route, with the serverless-offline plugin."""
    folder = root / "seed-offline"
    shutil.copytree(seed, folder)
    text = (folder / "serverless.yml").read_text()
    text = text[: text.index("  someFunction:")] + "\nplugins:\n  - serverless-offline\n"
    (folder / "serverless.yml").write_text(text)
    (folder / "node_modules").symlink_to(modules / "node_modules")
    return folder


def offline_version(modules: Path) -> str:
    return json.loads((modules / "node_modules" / "serverless-offline" / "package.json").read_text())["version"]


def report(results: dict, launches: dict, versions: dict) -> str:
    names = list(results)
    ours = results.get("httpapi-wizard run")
    offline = results.get("serverless-offline")
    rows = [
        ["requests/s (sequential)"] + [f"{results[n]['requests_per_s']:.0f}" for n in names],
        ["p50 latency (ms)"] + [f"{results[n]['p50_ms']:.2f}" for n in names],
        ["p99 latency (ms)"] + [f"{results[n]['p99_ms']:.2f}" for n in names],
        ["launch to first answer (s)"] + [f"{statistics.median(launches[n]):.2f}" for n in names],
    ]
    targets = []
    if offline:
        targets.append(("throughput at least serverless-offline's", ours["requests_per_s"] >= offline["requests_per_s"]))
        targets.append(("p99 no worse than serverless-offline's", ours["p99_ms"] <= offline["p99_ms"]))
    targets.append((f"first answered request under {TARGET_FIRST_ANSWER_S:g} s",
                    statistics.median(launches["httpapi-wizard run"]) < TARGET_FIRST_ANSWER_S))
    header = [""] + [f"{n} {versions[n]}" for n in names]
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    lines = ["  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths, strict=True)))
             for r in [header, *rows]]
    lines.insert(1, "  ".join("-" * w for w in widths))
    lines.append("")
    lines += [f"target: {text}: {'MET' if ok else 'MISSED'}" for text, ok in targets]
    requests = results[names[0]]["requests"]
    lines.append(f"({requests} requests per server over {len(ROUTES)} routes, one keep-alive connection; launches: "
                 + ", ".join(f"{n} {len(launches[n])}" for n in names) + ")")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=5000, help="timed requests per server (default 5000)")
    parser.add_argument("--launches", type=int, default=5, help="launches of run timed to the first answer (default 5)")
    parser.add_argument("--offline-launches", type=int, default=2, help="launches of serverless-offline (default 2)")
    parser.add_argument("--no-offline", action="store_true", help="measure httpapi-wizard run alone")
    parser.add_argument("--offline-dir", type=Path, help="a folder whose node_modules has serverless and serverless-offline")
    parser.add_argument("--json", action="store_true", help="print the numbers as JSON")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-run-") as tmp:
        root = Path(tmp)
        seed = scaffold(root)
        ours = Server("httpapi-wizard run", lambda port: [*cli(), "run", "--port", str(port)], seed)
        servers = [ours]
        versions = {ours.name: subprocess.run([*cli(), "--version"], capture_output=True, text=True).stdout.split()[-1]}
        launches = {ours.name: []}
        modules = args.offline_dir
        if not args.no_offline and modules is None and shutil.which("node") and shutil.which("npm"):
            print(f"installing serverless@{SERVERLESS_VERSION} and serverless-offline@{OFFLINE_VERSION} ...", file=sys.stderr)
            modules = install_offline(root)
        if not args.no_offline and modules is not None:
            env = dict(os.environ, SLS_TELEMETRY_DISABLED="1", SLS_NOTIFICATIONS_MODE="off", AWS_ACCESS_KEY_ID="x",
                       AWS_SECRET_ACCESS_KEY="y")
            sls = str(Path(modules).resolve() / "node_modules" / ".bin" / "serverless")
            offline = Server("serverless-offline",
                             lambda port: [sls, "offline", "start", "--httpPort", str(port), "--lambdaPort", str(free_port())],
                             offline_project(seed, Path(modules).resolve(), root), env)
            servers.append(offline)
            versions[offline.name] = offline_version(Path(modules).resolve())
            launches[offline.name] = []
        elif not args.no_offline:
            print("no node and npm: measuring httpapi-wizard run alone", file=sys.stderr)
        try:
            for server in servers:
                count = args.launches if server is ours else args.offline_launches
                for _ in range(count):
                    launches[server.name].append(server.launch())
            results = throughput(servers, args.requests)
        finally:
            for server in servers:
                server.stop()
    if args.json:
        print(json.dumps({"throughput": results, "launch_to_first_answer_s": launches, "versions": versions}, indent=2))
    else:
        print(report(results, launches, versions))
    return 0


if __name__ == "__main__":
    sys.exit(main())
