"""Take the README's screenshots from the real app: one SVG per section, 120x40.

    python scripts/screenshots.py            # writes screenshots/*.svg
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from wizard.authoring.session import Session  # noqa: E402
from wizard.tui.app import SECTION_TITLES, WizardApp  # noqa: E402

SECTIONS = tuple(SECTION_TITLES)


async def shoot(out: Path) -> list[Path]:
    written = []
    with tempfile.TemporaryDirectory() as tmp:
        app = WizardApp(Session.from_example("seed", str(Path(tmp) / "my-http-api")))
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            for index, section in enumerate(SECTIONS):
                app.query_one("#sections").index = index
                await pilot.pause()
                if section == "try":  # a request with a path parameter, a query and a browser's Origin
                    app.query_one("#try-request").value = "GET /get/for/any/42?verbose=1"
                    app.query_one("#try-headers").text = "Origin: https://app.example.com"
                    await pilot.pause()
                path = out / f"{index + 1:02d}-{section}.svg"
                app.save_screenshot(str(path))
                written.append(path)
            app.query_one("#sections").index = SECTIONS.index("routes")
            await pilot.pause()
            app.action_add_route()
            await pilot.pause()
            app.screen.query_one("#route-path").value = "/users/{id}.json"
            await pilot.pause()
            path = out / f"{len(SECTIONS) + 1:02d}-add-route-checked-as-you-type.svg"
            app.save_screenshot(str(path))
            written.append(path)
            app.screen.dismiss(None)
            await pilot.pause()
            table = app.query_one("#routes-table")
            table.move_cursor(row=[table.get_row(r)[0] for r in table.rows].index("POST /some-post"))
            app.action_edit_route()
            await pilot.pause()
            path = out / f"{len(SECTIONS) + 2:02d}-edit-route-in-place.svg"
            app.save_screenshot(str(path))
            written.append(path)
        light = WizardApp(Session.from_example("seed", str(Path(tmp) / "my-http-api")), light=True)
        async with light.run_test(size=(120, 40)) as pilot:
            light.query_one("#sections").index = SECTIONS.index("cors")
            await pilot.pause()
            path = out / f"{len(SECTIONS) + 3:02d}-light-theme-for-projectors.svg"
            light.save_screenshot(str(path))
            written.append(path)
    return written


def main() -> int:
    out = ROOT / "screenshots"
    out.mkdir(exist_ok=True)
    for path in asyncio.run(shoot(out)):
        print(path.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
