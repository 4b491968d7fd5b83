"""A field whose text outgrows it, typed into with keys: what is typed stays in view.

A field's content size changes with each character typed; the field scrolls itself (and grows
a scrollbar) without the screen being laid out again for it (wizard/tui/widgets/steady.py).
Try a request's fields change no model: nothing else on the screen moves while they are typed.
"""

from __future__ import annotations

import pytest
from textual.screen import Screen
from tui_keys import app_for, burst, focus, open_section, record_calls

pytestmark = pytest.mark.cost(0.5)  # CPU-seconds per test, about (tests/conftest.py)


def count_layouts(monkeypatch) -> list:
    """A list that gets an item for each layout pass of a screen from now on."""
    return record_calls(monkeypatch, Screen, "_refresh_layout")


async def test_a_line_or_lines_longer_than_their_field_scroll_with_the_cursor_and_back(tmp_path):
    app = app_for(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "try")
        field = await focus(pilot, "#try-body")
        width = field.content_region.width
        body = '{"names": [' + ", ".join(f'"user-{n}"' for n in range(width // 5)) + "]}"
        assert len(body) > width
        await burst(pilot, *body)
        # The end of the text is in view, and the column after it, where the next letter goes.
        assert field.value == body and field.scroll_x == len(body) + 1 - width
        await burst(pilot, "home")
        assert field.scroll_x == 0
        await burst(pilot, "end", *["backspace"] * (len(body) - 2))
        assert field.value == '{"' and field.scroll_x == 0

        area = await focus(pilot, "#try-headers")
        assert not area.show_vertical_scrollbar
        keys = []
        for n in range(6):
            keys += (["enter"] if n else []) + list(f"X-Header-{n}: {n}")
        await burst(pilot, *keys)
        assert area.text.count("\n") == 5 and area.show_vertical_scrollbar
        row, _ = area.cursor_location
        assert row == 5 and area.scroll_y <= row < area.scroll_y + area.scrollable_content_region.height


async def test_typing_in_a_field_lays_out_nothing_when_nothing_changes_shape(tmp_path, monkeypatch):
    """Try a request's Body changes nothing else on the screen while it is typed (the request is sent
    with Enter): its keys are drawn without a layout pass of the screen. Each one was a layout of
    every widget on the screen (a fifth of a keystroke's time)."""
    app = app_for(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_section(pilot, "try")
        field = await focus(pilot, "#try-body")
        layouts = count_layouts(monkeypatch)
        body = '{"name": "ana", "team": "payments"}'
        assert len(body) < field.content_region.width  # (a text that outgrows it changes its scroll state: one layout)
        await burst(pilot, *body)
        assert field.value == body and len(layouts) == 0


async def test_a_message_appearing_under_a_field_takes_one_layout_pass(tmp_path, monkeypatch):
    """"-" in Memory is a draft: "write a whole number" appears under the field and moves the rows below
    it; deleting it takes the message away. One layout pass arranges each; Textual followed each such
    pass with a second one over the whole screen, for the sizes the first had just set
    (wizard/tui/layout_once.py)."""
    app = app_for(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_section(pilot, "service")
        field = await focus(pilot, "#memory")
        row = app.screen.query_one("#row-memory")
        await burst(pilot, "home", "shift+end", "-", "backspace")  # (the message's line is built the first time)
        assert field.value == "" and row.said == () and row.size.height == 1
        layouts = count_layouts(monkeypatch)
        await burst(pilot, "-")
        assert row.said == (("error", "write a whole number"),) and row.size.height == 2 and len(layouts) == 1
        await burst(pilot, "backspace")
        assert row.said == () and row.size.height == 1 and len(layouts) == 2
