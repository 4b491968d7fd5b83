"""Take the README's screenshots from the real app: one SVG per section showing its whole form, and the dialogs.

    python scripts/screenshots.py            # writes screenshots/*.svg

Each section is taken in a terminal tall enough for its whole form (120 columns), in the
state where the form has the most to show (CORS custom, a Lambda authorizer beside the
JWT one, a function with every setting, Try a request after a Send); the dialogs and the
light theme at 120x40.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from test_snapshots import longest  # noqa: E402

from wizard.authoring.session import Session  # noqa: E402
from wizard.tui.app import SECTION_TITLES, WizardApp  # noqa: E402

SECTIONS = tuple(SECTION_TITLES)


def app_in(folder: Path, section: str, **kwargs) -> WizardApp:
    session = Session.from_example("seed", str(folder / "my-http-api"))
    longest(session, section)
    session.history.clear()
    return WizardApp(session, **kwargs)


async def whole_form(folder: Path, section: str, path: Path) -> None:
    """The section in a terminal as tall as its form needs (the editor takes the rest when the form is taller)."""
    key = section.split("-")[0]
    for height in (50, 60, 70, 80):
        app = app_in(folder, section)
        async with app.run_test(size=(120, height)) as pilot:
            await pilot.app.goto_section(key)
            await pilot.pause()
            current = app.current_section()
            if section == "authorizers-lambda":
                current.query_one("#authorizers-table").select("apiKey")
                await pilot.pause()
            if key == "try":  # a request with a path parameter, a query and a browser's Origin, sent
                current.ask("GET /get/for/any/42?verbose=1")
                current.query_one("#try-headers").text = "Origin: https://app.example.com"
                await pilot.pause()
                await pilot.press("ctrl+r")  # Send: the scaffolded handler answers (Node.js)
                for _ in range(200):
                    if current.outcome is not None:
                        break
                    await pilot.pause(0.05)
                await pilot.pause()
                current.scroll_home(animate=False, immediate=True)
                await pilot.pause()
            if current.max_scroll_y == 0 or height == 80:
                for widget in app.screen.query("Input, TextArea"):
                    widget.cursor_blink = False
                await pilot.pause()
                app.save_screenshot(str(path))
                return


async def shoot(out: Path) -> list[Path]:
    written = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for index, section in enumerate(SECTIONS):
            path = out / f"{index + 1:02d}-{section}.svg"
            await whole_form(folder, "authorizers-lambda" if section == "authorizers" else section, path)
            written.append(path)
        app = app_in(folder, "routes")
        async with app.run_test(size=(120, 40)) as pilot:
            await app.goto_section("routes", focus=True)
            await pilot.pause()
            await pilot.press("a", *"/users/{id}.json")
            await pilot.pause()
            for widget in app.screen.query("Input"):
                widget.cursor_blink = False
            path = out / f"{len(SECTIONS) + 1:02d}-add-route-checked-as-you-type.svg"
            app.save_screenshot(str(path))
            written.append(path)
            await pilot.press("escape")
            table = app.query_one("#routes-table")
            table.select("someFunction\t0")
            await pilot.press("e")
            await pilot.pause()
            for widget in app.screen.query("Input"):
                widget.cursor_blink = False
            path = out / f"{len(SECTIONS) + 2:02d}-edit-route-in-place.svg"
            app.save_screenshot(str(path))
            written.append(path)
        light = app_in(folder, "cors", light=True)
        async with light.run_test(size=(120, 40)) as pilot:
            await light.goto_section("cors")
            await pilot.pause()
            path = out / f"{len(SECTIONS) + 3:02d}-light-theme-for-projectors.svg"
            light.save_screenshot(str(path))
            written.append(path)
        app = app_in(folder, "functions")
        async with app.run_test(size=(120, 40)) as pilot:
            await app.goto_section("functions", focus=True)
            await pilot.pause()
            await pilot.press("n", *"getUser")
            await pilot.pause()
            for widget in app.screen.query("Input"):
                widget.cursor_blink = False
            path = out / f"{len(SECTIONS) + 4:02d}-new-function.svg"
            app.save_screenshot(str(path))
            written.append(path)
    return written


def main() -> int:
    out = ROOT / "screenshots"
    out.mkdir(exist_ok=True)
    for old in out.glob("*.svg"):
        old.unlink()
    for path in asyncio.run(shoot(out)):
        print(path.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
