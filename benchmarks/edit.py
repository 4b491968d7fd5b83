"""Time edit mode's work per keystroke: carrying the model's changes into the opened file.

``httpapi-wizard edit`` recomputes the serverless.yml it would save on every change
(``Session.serverless_yml``: the changes found between the model as loaded and the model
now, made in place in the file's text, each one read back), then compiles it. This
times both on the seed example and on a generated 200-route file, for a provider
setting, one route's path and a new route; medians and minimums next to the keystroke
budget of the wizard (< 50 ms seed, < 250 ms 200 routes, benchmarks/tui.py).

    python benchmarks/edit.py [--runs N]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "benchmarks"))

from compile import generate_service  # noqa: E402

from wizard import examples  # noqa: E402
from wizard.authoring.session import Session  # noqa: E402


def _text(name: str) -> str:
    if name == "seed":
        return Path(examples.path("seed")).read_text(encoding="utf-8")
    return generate_service(100, 2)


def _changes(session: Session):
    """(what, change) pairs, each made on a fresh session."""
    functions = list(session.service.functions.values())
    last = functions[-1]
    event = last.events[-1]
    method = event.route_key.split(" ")[0]
    yield "provider timeout", lambda s: s.set_service("timeout", 13)
    yield "a route's path", lambda s: s.update_route(last.key, len(last.events) - 1, method, "/bench/{changed}",
                                                     authorizer=event.authorizer.name if event.authorizer else None,
                                                     scopes=event.authorizer.scopes if event.authorizer else None)
    yield "a new route", lambda s: s.add_route(last.key, "POST", "/bench/new")


def measure(name: str, runs: int) -> list[tuple[str, list[float], list[float]]]:
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "serverless.yml"
        target.write_text(_text(name), encoding="utf-8")
        probe = Session.from_file(str(target))
        for what, change in _changes(probe):
            edit_ms, compile_ms = [], []
            for _ in range(runs + 1):  # the first run warms up
                session = Session.from_file(str(target))
                change(session)
                begin = time.perf_counter()
                text = session.serverless_yml()
                middle = time.perf_counter()
                session.compile(text)
                end = time.perf_counter()
                assert session.edit_error is None, session.edit_error
                edit_ms.append((middle - begin) * 1000)
                compile_ms.append((end - middle) * 1000)
            rows.append((what, edit_ms[1:], compile_ms[1:]))
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args(argv)
    budgets = {"seed": 50.0, "200 routes": 250.0}
    print(f"edit mode, per change (ms; median / min of {args.runs} runs)\n")
    print(f"{'service':11} {'change':17} {'edit in place':>15} {'compile':>15} {'together':>9}  budget")
    for name in ("seed", "200 routes"):
        for what, edit_ms, compile_ms in measure(name, args.runs):
            total = statistics.median(a + b for a, b in zip(edit_ms, compile_ms, strict=True))
            print(f"{name:11} {what:17} {statistics.median(edit_ms):7.1f} / {min(edit_ms):5.1f} "
                  f"{statistics.median(compile_ms):7.1f} / {min(compile_ms):5.1f} {total:9.1f}  "
                  f"< {budgets[name]:g}: {'MET' if total < budgets[name] else 'MISSED'}")
    print("\nedit in place: Session.serverless_yml() (find the changes, make each in the text, read it back);"
          "\ncompile: the compile of that text the preview shows; together: what a keystroke costs before painting.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
