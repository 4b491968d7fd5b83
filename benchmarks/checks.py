"""Time the design-time checks alone, as the wizard runs them on every keystroke.

Prints the median and minimum of ``run_checks`` on the seed example and on generated
services of 1000 and 2000 routes, next to the targets (5 ms and 50 ms). The service
is compiled once; only the checks are timed.

    python benchmarks/checks.py [--runs N]
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
from wizard.checking import RULES, run_checks  # noqa: E402

TARGETS_MS = {"seed": 5.0, "500x2": 50.0}


def time_checks(text: str, runs: int) -> tuple[list[float], int, int]:
    result = compile_text(text, "serverless.yml", env={}, checks=False)
    times = time_calls(lambda: run_checks(result.service, result.http_api, result.template), runs)
    findings = len(run_checks(result.service, result.http_api, result.template))
    return times, len(result.http_api.routes), findings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args(argv)
    services = {"seed": SEED.read_text(), "500x2": generate_service(500, 2), "1000x2": generate_service(1000, 2)}
    print(f"design-time checks: {len(RULES)} rules, {args.runs} runs each (ms)\n")
    print(f"{'service':8} {'routes':>6} {'findings':>8} {'median':>8} {'min':>8}  target")
    for name, text in services.items():
        times, routes, findings = time_checks(text, args.runs)
        median, best = statistics.median(times), min(times)
        target = TARGETS_MS.get(name)
        verdict = f"< {target:g} ms: {'MET' if median < target else 'MISSED'}" if target else ""
        print(f"{name:8} {routes:6d} {findings:8d} {median:8.2f} {best:8.2f}  {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
