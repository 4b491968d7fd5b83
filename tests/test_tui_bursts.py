"""Keys typed faster than the wizard compiles: the screen catches up once they are in (wizard/tui/after_keys.py).

Each change redraws the preview, the Problems panel and the findings under the fields from a
compile of the whole service. A burst (a fast typist, a held key, keys a browser sends in one
packet) is handled key by key, each key putting its value in the model at once; the compile
is done once the keys behind a key are handled, not for each of them. A key with nothing
behind it redraws in its own keystroke.
"""

from __future__ import annotations

import contextlib

import pytest
from tui_keys import app_for, burst, focus, open_section, record_calls

pytestmark = pytest.mark.cost(0.5)  # CPU-seconds per test, about (tests/conftest.py)

NAME_RULE = 'at \'service\': must match pattern "^[a-zA-Z][0-9a-zA-Z-]+$"'


@contextlib.asynccontextmanager
async def in_the_service_name(tmp_path, monkeypatch):
    """The seed example with the keyboard at the end of Service's name: (app, pilot, field, compiles from now on)."""
    app = app_for(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_section(pilot, "service")
        field = await focus(pilot, "#service-name")
        await burst(pilot, "end")
        # Each compile of the session's model: (session, the serverless.yml text compiled).
        yield app, pilot, field, record_calls(monkeypatch, type(app.session), "_compile_text")


async def test_a_burst_of_keys_is_compiled_once_they_are_in_and_everything_shows_the_last(tmp_path, monkeypatch):
    async with in_the_service_name(tmp_path, monkeypatch) as (app, pilot, field, compiles):
        typed = "-workshop_api"
        await burst(pilot, *typed)
        name = "seed-example" + typed
        assert app.session.service.service == name and field.value == name
        # Thirteen changes, each in the model at once: compiled at the end (and at most once before, while the
        # app was still handing the keys to the field), not thirteen times.
        assert 1 <= len(compiles) <= 2, len(compiles)
        assert f"\nservice: {name}\n" in compiles[-1][1]
        assert f"\nservice: {name}\n" in app.preview_yaml
        assert ("warning", NAME_RULE) in field.parent.parent.said  # under the field: the "_" typed
        assert any(d.code == "CONFIG_SCHEMA" and d.path == ("service",) for d in app.problems)


async def test_a_burst_that_ends_in_a_key_changing_nothing_still_redraws(tmp_path, monkeypatch):
    """The last change's redraw was put off for the keys behind it; those keys change nothing (the cursor
    moves), so no later change redraws: the redraw put off is done once they are handled."""
    async with in_the_service_name(tmp_path, monkeypatch) as (app, pilot, field, compiles):
        await burst(pilot, "_", "x", "left", "left", "home")
        name = "seed-example_x"
        assert app.session.service.service == name and field.cursor_position == 0
        assert f"\nservice: {name}\n" in compiles[-1][1] and f"\nservice: {name}\n" in app.preview_yaml
        assert ("warning", NAME_RULE) in field.parent.parent.said
        assert any(d.code == "CONFIG_SCHEMA" and d.path == ("service",) for d in app.problems)


async def test_a_key_alone_redraws_in_its_own_keystroke(tmp_path, monkeypatch):
    async with in_the_service_name(tmp_path, monkeypatch) as (app, pilot, field, compiles):
        seen: list = []
        # What the preview holds when the field's change is handled: the change's own signal, not a later message.
        app.session_changed.subscribe(app, lambda change: seen.append(app.preview_yaml), immediate=True)
        await pilot.press("_")
        assert field.value == "seed-example_"
        assert len(compiles) == 1 and seen and "\nservice: seed-example_\n" in seen[0]
        assert ("warning", NAME_RULE) in field.parent.parent.said


async def test_a_request_typed_in_one_burst_is_explained_once_it_is_in(tmp_path, monkeypatch):
    from wizard.tui.sections import try_request

    app = app_for(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        section = await open_section(pilot, "try")
        field = await focus(pilot, "#try-request")
        explained = record_calls(monkeypatch, try_request, "explain")  # (service, http_api, request)
        await burst(pilot, "home", "shift+end", *"PATCH /elo")
        assert field.value == "PATCH /elo"
        assert 1 <= len(explained) <= 2, len(explained)
        assert (explained[-1][2].method, explained[-1][2].path) == ("PATCH", "/elo")
        assert "PATCH /elo" in str(section.query_one("#try-answer").render())


async def test_a_dialog_typed_into_fast_checks_once_and_enter_in_the_same_burst_closes_it_cleanly(tmp_path, monkeypatch):
    """The route dialog checks each path with a trial compile: typed in one burst, once. Enter at the end of the
    burst saves and closes the dialog, with nothing reported."""
    app = app_for(tmp_path)
    reported: list = []
    monkeypatch.setattr(app, "report_exception", lambda exc, where: reported.append((where, exc)))
    async with app.run_test(size=(120, 40)) as pilot:
        await open_section(pilot, "routes")
        await pilot.press("a")
        await pilot.pause()
        assert app.focused.id == "route-path"
        probes = record_calls(monkeypatch, type(app.session), "probe_route")  # (session, function, method, path)
        await burst(pilot, *"/burst/{id}")
        assert 1 <= len(probes) <= 2, len(probes)
        assert probes[-1][3] == "/burst/{id}"
        assert "OK." in str(app.screen.query_one("#route-hint").render())
        await burst(pilot, *"/x", "enter")
        assert "GET /burst/{id}/x" in [e.route_key for _, e in app.session.service.http_api_events()]
        assert not app.screen.is_modal  # the dialog closed
        assert reported == []



class _Queue:
    def __init__(self) -> None:
        self.values: list = []


class _Pump:
    """What AfterKeys reads of a Textual message pump: its queue (and, for the app, what has the keyboard)."""

    def __init__(self) -> None:
        self._message_queue = _Queue()
        self.posted: list = []
        self.focused = None
        self.is_attached = True

    def call_later(self, callback) -> bool:
        self.posted.append(callback)
        return True


class _Note(_Pump):
    def __init__(self, name: str, done: list) -> None:
        super().__init__()
        self.name, self.done = name, done

    def mark(self) -> None:
        self.done.append(self.name)


def test_work_put_off_runs_once_the_keys_are_handled_and_not_for_a_widget_removed_meanwhile():
    """AfterKeys itself: while a key waits, work is put off (each piece once, in order); once the keys are
    handled it runs, but not for a widget removed in between (a dialog that Enter, in the burst, closed)."""
    from textual import events

    from wizard.tui.after_keys import AfterKeys

    app, field = _Pump(), _Pump()
    app.focused = field
    done: list = []
    kept, removed = _Note("kept", done), _Note("removed", done)
    after = AfterKeys(app)
    field._message_queue.values.append(events.Key("a", "a"))
    after.run(kept.mark)
    after.run(removed.mark)
    after.run(kept.mark)
    assert done == [] and len(field.posted) == 1 and app.posted == []  # one catch-up, queued behind the key
    field._message_queue.values.append(events.Key("b", "b"))  # "a" handled, "b" typed meanwhile
    field.posted.pop()()
    assert done == [] and len(field.posted) == 1  # behind "b" in turn
    field._message_queue.values.clear()  # the keys are handled
    removed.is_attached = False
    field.posted.pop()()
    assert done == ["kept"]
    after.run(kept.mark)  # nothing waits: at once
    assert done == ["kept", "kept"] and app.posted == field.posted == []
