"""A field whose text outgrows it, typed into with keys: what is typed stays in view.

A field's content size changes with each character typed; the field scrolls itself (and grows
a scrollbar) without the screen being laid out again for it (wizard/tui/widgets/steady.py).
"""

from __future__ import annotations

import pytest
from textual.screen import Screen
from tui_keys import app_for, burst, focus, open_section

pytestmark = pytest.mark.cost(0.6)  # CPU-seconds per test, about (tests/conftest.py)


async def test_a_line_longer_than_its_field_scrolls_with_the_cursor_and_back(tmp_path):
    app = app_for(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "service")
        field = await focus(pilot, "#service-name")
        width = field.content_region.width
        name = "workshop-api-" + "x" * (2 * width)
        await burst(pilot, "home", "shift+end", *name)
        assert field.value == name and app.session.service.service == name
        # The end of the text is in view, and the column after it, where the next letter goes.
        assert field.scroll_x == len(name) + 1 - width
        await burst(pilot, "home")
        assert field.scroll_x == 0
        await burst(pilot, "end", *["backspace"] * (len(name) - len("workshop")))
        assert field.value == "workshop" and field.scroll_x == 0


@pytest.mark.parametrize("section, selector", [("functions", "#fn-environment"), ("try", "#try-headers")])
async def test_more_lines_than_a_text_area_shows_give_it_a_scrollbar_and_keep_the_last_in_view(tmp_path, section, selector):
    # Try a request's headers change no model: nothing else on the screen moves while they are typed.
    app = app_for(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_section(pilot, section)
        area = await focus(pilot, selector)
        assert not area.show_vertical_scrollbar
        keys = ["f7", "backspace"]
        for n in range(9):
            keys += (["enter"] if n else []) + list(f"NAME_{n}=value")
        await burst(pilot, *keys)
        assert area.text.count("\n") == 8 and area.show_vertical_scrollbar
        row, _ = area.cursor_location
        assert row == 8 and area.scroll_y <= row < area.scroll_y + area.scrollable_content_region.height


async def test_typing_in_a_field_lays_out_nothing_when_nothing_changes_shape(tmp_path, monkeypatch):
    """Try a request's Body changes nothing else on the screen while it is typed (the request is sent
    with Enter): its keys are drawn without a layout pass of the screen. Each one was a layout of
    every widget on the screen (a fifth of a keystroke's time)."""
    app = app_for(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_section(pilot, "try")
        field = await focus(pilot, "#try-body")
        layouts = []
        refresh_layout = Screen._refresh_layout
        monkeypatch.setattr(Screen, "_refresh_layout", lambda screen, *a, **k: (layouts.append(1), refresh_layout(screen, *a, **k)))
        body = '{"name": "ana", "team": "payments"}'
        assert len(body) < field.content_region.width  # (a text that outgrows it changes its scroll state: one layout)
        await burst(pilot, *body)
        assert field.value == body and len(layouts) == 0
