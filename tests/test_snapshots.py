"""Every section as it looks at 80x24 and 120x40 (pytest-textual-snapshot), in the state where its
form is longest, with the keyboard on its last control: the bottom of the form is where controls
used to be cut off (button rows drawn as their top edge, "Allow credentials").

Regenerate on purpose after a change to a screen: pytest tests/test_snapshots.py --snapshot-update
"""

from __future__ import annotations

import pytest

from wizard.authoring.session import Session
from wizard.tui.app import SECTION_TITLES, WizardApp

pytestmark = pytest.mark.cost(0.65)  # CPU-seconds per test, about (tests/conftest.py)

SIZES = {"80x24": (80, 24), "120x40": (120, 40)}


def longest(session: Session, section: str) -> None:
    """Put ``session`` in the state where ``section``'s form has the most to show."""
    if section == "cors":
        session.set_cors_mode("custom")
        for field, value in (("allowed_origins", ["https://app.example.com"]), ("allowed_headers", ["Content-Type", "Authorization"]),
                             ("allowed_methods", ["GET", "POST"]), ("exposed_response_headers", ["X-Request-Id"]),
                             ("max_age", 600), ("allow_credentials", True)):
            session.set_cors_option(field, value)
    elif section in ("authorizers", "authorizers-lambda"):
        session.add_authorizer("apiKey", "request", function_name="simple", identity_source=["$request.header.x-api-key"])
        session.update_authorizer("apiKey", result_ttl_in_seconds=300, enable_simple_responses=True)
    elif section == "functions":
        session.update_function("simple", memory_size=256, timeout=10, description="Says hello",
                                environment={"TABLE": "users"}, tags={"owner": "ana"})
    elif section == "logging":
        session.set_log_format('{"requestId":"$context.requestId","status":"$context.status"}')
        session.set_service("log_retention_in_days", 14)


def app_in(section: str, **kwargs) -> WizardApp:
    session = Session.from_example("seed", "my-http-api")
    longest(session, section)
    session.history.clear()
    return WizardApp(session, **kwargs)


async def to_the_last_control(pilot, section: str) -> None:
    key = section.split("-")[0]
    await pilot.app.goto_section(key, focus=True)
    await pilot.pause()
    current = pilot.app.current_section()
    if section == "authorizers-lambda":
        current.query_one("#authorizers-table").select("apiKey")
        await pilot.pause()
    controls = [w for w in current.query("*") if w.focusable]
    if controls:
        controls[-1].focus(scroll_visible=False)
    await pilot.pause()
    current.scroll_end(animate=False, immediate=True)  # the bottom of the form, where the last control is
    # A blinking cursor is caught on or off by chance (the Tags field's flipped under load): steady.
    for widget in pilot.app.screen.query("Input, TextArea"):
        widget.cursor_blink = False
    await pilot.pause()


@pytest.mark.parametrize("size", list(SIZES), ids=list(SIZES))
@pytest.mark.parametrize("section", [*SECTION_TITLES, "authorizers-lambda"])
def test_section(snap_compare, section, size):
    async def run_before(pilot):
        await to_the_last_control(pilot, section)

    assert snap_compare(app_in(section), terminal_size=SIZES[size], run_before=run_before)


def test_light_theme_for_projectors(snap_compare):
    async def run_before(pilot):
        await to_the_last_control(pilot, "routes")

    assert snap_compare(app_in("routes", light=True), terminal_size=(120, 40), run_before=run_before)


async def still(pilot) -> None:
    """No blinking cursor in a snapshot (it would be caught on or off by chance); the section behind a dialog
    at its top (focus scrolling may or may not have run yet)."""
    pilot.app.current_section().scroll_home(animate=False, immediate=True)
    for widget in pilot.app.screen.query("Input, TextArea"):
        widget.cursor_blink = False
    await pilot.pause()


def test_route_dialog_edits_in_place(snap_compare):
    async def run_before(pilot):
        await pilot.app.goto_section("routes", focus=True)
        await pilot.pause()
        pilot.app.query_one("#routes-table").move_cursor(row=5)
        await pilot.press("e")
        await pilot.pause()
        await still(pilot)

    assert snap_compare(app_in("routes"), terminal_size=(80, 24), run_before=run_before)


def test_new_authorizer_dialog_checks_as_you_type(snap_compare):
    async def run_before(pilot):
        await pilot.app.goto_section("authorizers", focus=True)
        await pilot.pause()
        await pilot.press("n", *"okta", "tab", "tab", "tab", *"http://issuer")
        await pilot.pause()
        await still(pilot)

    assert snap_compare(app_in("authorizers"), terminal_size=(100, 30), run_before=run_before)
