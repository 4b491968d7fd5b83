"""Time ``explain`` in-process on the seed example and on generated 1000- and 2000-route services.

The service is compiled once; each run parses a request and explains it (route
selection, authorizer, CORS, event). Target: under 20 ms for 1000 routes.

    python benchmarks/explain.py [--runs N]
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from compile import SEED, generate_service, time_calls  # noqa: E402

from wizard.api import compile_text  # noqa: E402
from wizard.explaining import Request, explain  # noqa: E402

TARGET_MS = 20.0
# The last function's route: selection has to look at every route first.
REQUESTS = {"seed": "GET /get/for/any/42?verbose=1", "500x2": "POST /resource0499/items", "1000x2": "GET /resource0998/items/42"}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args(argv)
    services = {"seed": SEED.read_text(), "500x2": generate_service(500, 2), "1000x2": generate_service(1000, 2)}
    print(f"explain, {args.runs} runs each (ms)\n")
    print(f"{'service':8} {'routes':>6}  {'request':32} {'answer':24} {'median':>7} {'min':>7}  target")
    for name, text in services.items():
        result = compile_text(text, "serverless.yml", env={}, checks=False)
        line = REQUESTS[name]
        def ask(line=line, result=result):
            return explain(result.service, result.http_api, Request.parse(line, ["Origin: https://app.example.com"]))

        times = time_calls(ask, args.runs)
        e = ask()
        answer = e.match.route.api_route_key if e.match else str(e.status)
        verdict = f"< {TARGET_MS:g} ms: {'MET' if statistics.median(times) < TARGET_MS else 'MISSED'}" if len(result.http_api.routes) >= 1000 else ""
        print(f"{name:8} {len(result.http_api.routes):6d}  {line:32} {answer:24} {statistics.median(times):7.2f} {min(times):7.2f}  {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
