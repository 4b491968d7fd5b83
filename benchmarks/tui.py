"""Time the wizard: start to first usable screen, and a keystroke to the updated preview.

Runs the real app headless (Textual's test driver) on the seed example and on a generated
200-route service; prints medians next to the targets (first screen < 1 s; preview update
< 50 ms for the seed example, < 250 ms for 200 routes).

    python benchmarks/tui.py [--runs N]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from compile import generate_service  # noqa: E402

from wizard.api import compile_text  # noqa: E402
from wizard.authoring.session import Session  # noqa: E402
from wizard.tui.app import WizardApp  # noqa: E402


def session_for(name: str) -> Session:
    if name == "seed":
        return Session.from_example("seed", "my-http-api")
    result = compile_text(generate_service(100, 2), "serverless.yml", env={})
    return Session(result.service, "my-http-api")


async def measure(name: str, runs: int) -> dict[str, list[float]]:
    """first screen; keystroke to preview on screen; the wizard's own work per change;
    and the test driver's cost of one idle frame, for scale."""
    out: dict[str, list[float]] = {"start": [], "keystroke": [], "refresh": [], "frame": []}
    for _ in range(runs):
        begin = time.perf_counter()
        app = WizardApp(session_for(name))
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            out["start"].append((time.perf_counter() - begin) * 1000)
            field = app.query_one("#timeout")
            for value in ("12", "13", "14"):
                begin = time.perf_counter()
                field.value = value  # what a keystroke in the field does
                await pilot.pause()
                assert f"timeout: {value}" in app.preview_yaml
                out["keystroke"].append((time.perf_counter() - begin) * 1000)
                begin = time.perf_counter()
                app.refresh_preview()  # compile, render, update both panes and the problems
                out["refresh"].append((time.perf_counter() - begin) * 1000)
                begin = time.perf_counter()
                app.query_one("#save-result").update(value)
                await pilot.pause()
                out["frame"].append((time.perf_counter() - begin) * 1000)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    targets = {"seed": 50.0, "200 routes": 250.0}
    print(f"wizard timings (ms, medians; {args.runs} app starts, 3 keystrokes each; headless test driver)\n")
    print(f"{'service':12} {'first screen':>13} {'keystroke->screen':>18} {'wizard work':>12} {'idle frame':>11}  targets")
    for name in ("seed", "200 routes"):
        m = {k: statistics.median(v) for k, v in asyncio.run(measure(name, args.runs)).items()}
        verdict = (f"first < 1000: {'MET' if m['start'] < 1000 else 'MISSED'}; "
                   f"update < {targets[name]:g}: {'MET' if m['keystroke'] < targets[name] else 'MISSED'}")
        print(f"{name:12} {m['start']:13.0f} {m['keystroke']:18.1f} {m['refresh']:12.1f} {m['frame']:11.1f}  {verdict}")
    print("\nwizard work: compile, render, update both panes and the problems (refresh_preview), synchronous;"
          "\nidle frame: what the test driver spends on a frame with no work, included in keystroke->screen.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
