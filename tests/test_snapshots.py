"""Every section of the wizard, as it looks at 80x24 and 120x40 (pytest-textual-snapshot).

Regenerate on purpose after a change to a screen: pytest tests/test_snapshots.py --snapshot-update
"""

from __future__ import annotations

import pytest

from wizard.authoring.session import Session
from wizard.tui.app import SECTION_TITLES, WizardApp


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
@pytest.mark.parametrize("section", list(SECTION_TITLES))
def test_section(snap_compare, section, size):
    async def open_section(pilot):
        await pilot.app.goto_section(section)
        await pilot.pause()

    app = WizardApp(Session.from_example("seed", "my-http-api"))
    assert snap_compare(app, terminal_size=size, run_before=open_section)


@pytest.mark.parametrize("section", ["routes", "authorizers"])
def test_light_theme_for_projectors(snap_compare, section):
    async def open_section(pilot):
        await pilot.app.goto_section(section)
        await pilot.pause()

    app = WizardApp(Session.from_example("seed", "my-http-api"), light=True)
    assert snap_compare(app, terminal_size=(120, 40), run_before=open_section)


def test_route_dialog_edits_in_place(snap_compare):
    async def edit_route(pilot):
        await pilot.app.goto_section("routes")
        await pilot.pause()
        pilot.app.query_one("#routes-table").move_cursor(row=5)
        pilot.app.action_edit_route()
        await pilot.pause()

    app = WizardApp(Session.from_example("seed", "my-http-api"))
    assert snap_compare(app, terminal_size=(80, 24), run_before=edit_route)
