"""Driving the wizard with keys only, as a user does (for the Pilot tests)."""

from __future__ import annotations

from textual.widgets import Input, Select, TextArea

from wizard.authoring.session import Session
from wizard.tui.app import WizardApp
from wizard.tui.widgets.fields import Bound


def app_for(tmp_path, example: str = "seed", **kwargs) -> WizardApp:
    return WizardApp(Session.from_example(example, str(tmp_path / "project")), **kwargs)


async def open_section(pilot, key: str):
    """Go to the section ``key`` as the palette's "Go to" does (the keyboard lands in it)."""
    await pilot.app.goto_section(key, focus=True)
    await pilot.pause()
    return pilot.app.current_section()


async def burst(pilot, *keys: str) -> None:
    """Press ``keys`` as a fast typist does: the same key events Pilot's ``press`` sends, through the
    driver, without waiting for a repaint between them (the app keeps their order: KeysInOrder).
    One repaint at the end instead of one per key keeps long typing cheap for the test suite."""
    import unicodedata

    from textual import events
    from textual.keys import REPLACED_KEYS, _character_to_key, _get_unicode_name_from_key

    for key in keys:
        if len(key) == 1 and not key.isalnum():
            key = _character_to_key(key)
        original = REPLACED_KEYS.get(key, key)
        try:
            char = unicodedata.lookup(_get_unicode_name_from_key(original))
        except KeyError:
            char = key if len(key) == 1 else None
        event = events.Key(key, char)
        event.set_sender(pilot.app)
        pilot.app._driver.send_message(event)
    await pilot.pause()
    await pilot.pause()


async def focus(pilot, selector: str):
    """Put the keyboard on ``selector`` of the screen on top (a Pilot shortcut for Tab-walking)."""
    widget = pilot.app.screen.query_one(selector)
    widget.focus()
    await pilot.pause()
    assert pilot.app.focused is widget, f"{selector} cannot take the keyboard"
    return widget


async def type_into(pilot, selector: str, text: str) -> None:
    """Replace what the field ``selector`` holds by ``text``, with keys."""
    widget = await focus(pilot, selector)
    if isinstance(widget, TextArea):
        keys = ["f7", "backspace"]  # select all, delete
        for line_number, line in enumerate(text.split("\n")):
            keys += (["enter"] if line_number else []) + list(line)
        await burst(pilot, *keys)
        return
    # Select the field's text (home, shift+end): typing replaces it.
    await burst(pilot, "home", "shift+end", *(text or ["backspace"]))


async def choose(pilot, selector: str, label: str) -> None:
    """Pick the option of the select ``selector`` whose label starts with ``label``: open it, type, Enter."""
    widget = await focus(pilot, selector)
    assert isinstance(widget, Select)
    await pilot.press("enter")
    await burst(pilot, *label)
    await pilot.press("enter")
    await pilot.pause()


async def toggle(pilot, selector: str) -> None:
    await focus(pilot, selector)
    await pilot.press("space")


def shown(section) -> dict[str, object]:
    """What every bound field of ``section`` shows, read back as a model value."""
    return {w.id: w.read() for w in section.query("*") if isinstance(w, Bound) and w.display and w.parent.display}


def shows_model(section, expected: dict) -> None:
    """Every field of ``expected`` shows exactly the model's value."""
    actual = shown(section)
    wrong = {key: (actual.get(key), value) for key, value in expected.items() if actual.get(key) != value}
    assert not wrong, f"fields showing a value the model does not hold (shown, model): {wrong}"


def record_calls(monkeypatch, owner, name: str) -> list:
    """A list that gets the arguments of each call of ``owner.name`` (a method or a module's function) from now on."""
    calls: list = []
    real = getattr(owner, name)
    monkeypatch.setattr(owner, name, lambda *args, **kwargs: (calls.append(args), real(*args, **kwargs))[1])
    return calls


def problems_codes(app) -> list[str]:
    return [d.code for d in app.problems]


__all__ = ["app_for", "open_section", "burst", "focus", "type_into", "choose", "toggle", "shown", "shows_model", "problems_codes", "record_calls", "Input"]
