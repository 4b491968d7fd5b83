"""Time ``explain`` in-process on the seed example and on generated 1000- and 2000-route services,
and the inputs issue 11 found slow: 50,000 headers, and `routes`' shadowing of 5000+ routes.

The service is compiled once; each run parses a request and explains it (route
selection, authorizer, CORS, event). Routes are indexed once per compile (a tree of
segments, kept for the next request): "first" is the first request after a compile,
"next" every request after it. Target: under 20 ms for 1000 routes.

    python benchmarks/explain.py [--runs N]
"""

from __future__ import annotations

import argparse
import contextlib
import io
import statistics
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
try:  # the installed package when there is one (measure as a user runs it), else this checkout
    import wizard  # noqa: F401
except ImportError:
    sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from compile import SEED, generate_service, time_calls  # noqa: E402

from wizard.api import compile_text  # noqa: E402
from wizard.cli.main import main as cli  # noqa: E402
from wizard.explaining import Request, explain, routing  # noqa: E402
from wizard.explaining.shadowing import analyse  # noqa: E402

TARGET_MS = 20.0
# The last function's route: selection has to look at every route first.
REQUESTS = {"seed": "GET /get/for/any/42?verbose=1", "500x2": "POST /resource0499/items", "1000x2": "GET /resource0998/items/42"}


def _row(name: str, routes: int, what: str, answer: str, times: list[float], note: str = "") -> None:
    print(f"{name:8} {routes:6d}  {what:40} {answer:24} {statistics.median(times):9.2f} {min(times):9.2f}  {note}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args(argv)
    services = {"seed": SEED.read_text(), "500x2": generate_service(500, 2), "1000x2": generate_service(1000, 2)}
    print(f"explain, {args.runs} runs each (ms); wizard from {Path(sys.modules['wizard'].__file__).parent}\n")
    print(f"{'service':8} {'routes':>6}  {'request':40} {'answer':24} {'median':>9} {'min':>9}  target")
    for name, text in services.items():
        result = compile_text(text, "serverless.yml", env={}, checks=False)
        line = REQUESTS[name]

        def ask(line=line, result=result):
            return explain(result.service, result.http_api, Request.parse(line, ["Origin: https://app.example.com"]),
                           diagnostics=result.diagnostics)

        def first(ask=ask):
            routing._TABLES.clear()
            return ask()

        e = ask()
        answer = e.match.route.api_route_key if e.match else str(e.status)
        routes = len(result.http_api.routes)
        for label, func in (("first", first), ("next", ask)):
            times = time_calls(func, args.runs)
            verdict = f"< {TARGET_MS:g} ms: {'MET' if statistics.median(times) < TARGET_MS else 'MISSED'}" if routes >= 1000 else ""
            _row(name, routes, f"{line} ({label})", answer, times, verdict)

    print("\nissue 11's slow inputs (before: 37 s for 50,000 headers, 30 s for shadowing 5000 routes)\n")
    seed = str(SEED)
    headers = [arg for i in range(50_000) for arg in ("-H", f"X-H{i % 100}: {i}")]

    def many_headers():
        with contextlib.redirect_stdout(io.StringIO()):
            return cli(["explain", "PATCH /elo", seed, *headers, "--format", "json"])

    _row("seed", 7, "explain CLI, 50,000 -H", "PATCH /elo", time_calls(many_headers, 3))
    for functions in (2500, 5000):
        result = compile_text(generate_service(functions, 2), "serverless.yml", env={}, checks=False)
        _row(f"{functions}x2", len(result.http_api.routes), "routes' shadowing analysis", "-",
             time_calls(lambda result=result: analyse(result.http_api), 3))
    return 0


if __name__ == "__main__":
    sys.exit(main())
