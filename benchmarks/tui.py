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


async def _frame_after(app, stamps: list[float], begin: float) -> float:
    """Milliseconds from ``begin`` to the first frame written after the preview was refreshed."""
    deadline = begin + 10
    while time.perf_counter() < deadline:
        done = getattr(app, "refreshed_at", 0.0)
        frames = [t for t in stamps if t > max(done, begin)]
        if done > begin and frames:
            return (frames[0] - begin) * 1000
        await asyncio.sleep(0.0005)
    raise RuntimeError("no frame within 10 s: is the app still painting?")


def _instrument(app) -> tuple[list[float], object]:
    """Record when each frame is painted and when the preview last finished updating."""
    stamps: list[float] = []
    # Headless, nothing reaches a terminal, but every frame still goes through _display.
    display = app._display

    def stamped_display(screen, renderable):
        if renderable is not None:
            stamps.append(time.perf_counter())
        display(screen, renderable)

    refresh = app.refresh_preview

    def timed_refresh():
        refresh()
        app.refreshed_at = time.perf_counter()

    app._display, app.refresh_preview = stamped_display, timed_refresh
    return stamps, refresh


BURST = "abcdefghijklmnopqrst"  # 20 keys that arrive together: a fast typist, a held key, a browser's packet


async def _burst_to_frame(app, pilot, stamps: list[float]) -> float:
    """Milliseconds from 20 keys arriving at once in Service's name to the first frame after the preview
    shows the last of them."""
    from textual import events

    app.query_one("#service-name").focus()  # its text selected, as Tab leaves it: the keys replace it
    await pilot.pause()
    final = f"service: {BURST}\n"
    begin = time.perf_counter()
    for key in BURST:  # as the terminal driver hands them over
        event = events.Key(key, key)
        event.set_sender(app)
        app._driver.send_message(event)
    while time.perf_counter() < begin + 30:
        if final in app.preview_yaml:
            frames = [t for t in stamps if t > app.refreshed_at]
            if frames:
                return (frames[0] - begin) * 1000
        await asyncio.sleep(0.0005)
    raise RuntimeError("the burst's last key never reached the preview within 30 s")


async def measure(name: str, runs: int) -> dict[str, list[float]]:
    """first screen; keystroke to the frame that shows the updated preview; the wizard's own
    work per change; the smallest change on screen, for scale; and a burst of keys to its frame."""
    out: dict[str, list[float]] = {"start": [], "keystroke": [], "refresh": [], "echo": [], "burst": []}
    for _ in range(runs):
        begin = time.perf_counter()
        app = WizardApp(session_for(name))
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            out["start"].append((time.perf_counter() - begin) * 1000)
            stamps, refresh = _instrument(app)
            field = app.query_one("#timeout")
            field.focus()
            await pilot.pause()
            for value in ("12", "13", "14"):
                begin = time.perf_counter()
                field.value = value  # what a keystroke in the field does
                out["keystroke"].append(await _frame_after(app, stamps, begin))
                assert f"timeout: {value}" in app.preview_yaml
                await pilot.pause()
                begin = time.perf_counter()
                refresh()  # compile, render, update both panes and the problems
                out["refresh"].append((time.perf_counter() - begin) * 1000)
                await pilot.pause()
                # The smallest change on screen (the header's subtitle), for scale.
                begin = time.perf_counter()
                count = len(stamps)
                app.sub_title = f"echo {value}"
                while len(stamps) == count and time.perf_counter() < begin + 10:
                    await asyncio.sleep(0.0005)
                out["echo"].append((stamps[count] - begin) * 1000)
                await pilot.pause()
            out["burst"].append(await _burst_to_frame(app, pilot, stamps))
            await pilot.pause()
    return out


# As `httpapi-wizard` starts it: the collector off until the first frame (cli.main, WizardApp.on_ready).
CHILD = """
import gc
gc.disable()
import asyncio, sys
from wizard.authoring.session import Session
from wizard.tui.app import WizardApp

async def main():
    app = WizardApp(Session.from_example("seed", "my-http-api"))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        print("ready", flush=True)

asyncio.run(main())
"""


def process_start(runs: int) -> float:
    """Median ms from launching Python to the first usable screen, imports included."""
    import os
    import subprocess

    env = dict(os.environ, PYTHONPATH=str(REPO))
    times = []
    for _ in range(runs):
        begin = time.perf_counter()
        child = subprocess.Popen([sys.executable, "-c", CHILD], env=env, stdout=subprocess.PIPE, text=True)
        child.stdout.readline()
        times.append((time.perf_counter() - begin) * 1000)
        child.wait()
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    targets = {"seed": 50.0, "200 routes": 250.0}
    print(f"wizard timings (ms, medians; {args.runs} app starts, 3 keystrokes each; headless test driver)\n")
    print(f"{'service':12} {'first screen':>13} {'keystroke->frame':>17} {'wizard work':>12} {'echo frame':>11} "
          f"{'20 keys->frame':>15}  targets")
    for name in ("seed", "200 routes"):
        m = {k: statistics.median(v) for k, v in asyncio.run(measure(name, args.runs)).items()}
        verdict = (f"first < 1000: {'MET' if m['start'] < 1000 else 'MISSED'}; "
                   f"update < {targets[name]:g}: {'MET' if m['keystroke'] < targets[name] else 'MISSED'}")
        print(f"{name:12} {m['start']:13.0f} {m['keystroke']:17.1f} {m['refresh']:12.1f} {m['echo']:11.1f} "
              f"{m['burst']:15.1f}  {verdict}")
    print(f"\nseed, from launching Python to the first usable screen (imports included): {process_start(args.runs):.0f} ms")
    print("\nfirst screen: from constructing the app (imports done) to the first screen;"
          "\nkeystroke->frame: from a field's new value to the first frame written to the terminal after the"
          "\n  preview was updated (the frame that shows it);"
          "\nwizard work: compile, render, update both panes and the problems (refresh_preview), synchronous;"
          "\necho frame: the header's subtitle changed, to the first frame: Textual's own cost of showing"
          "\n  the smallest change;"
          "\n20 keys->frame: 20 keys arriving together in Service's name (a fast typist, a held key, a"
          "\n  browser's packet), to the first frame after the preview shows the last of them.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
