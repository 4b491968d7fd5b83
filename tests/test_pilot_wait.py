"""The suite's Pilot waits only on busy widgets (tests/conftest.py: _wait_for_busy_pumps); every Pilot test relies on
it still returning only once each message queued at the call is handled, as Textual's own wait does, and on a pause
lasting until the work a widget asked to do after the next frame is done (_pause_until_after_frame_work)."""

from __future__ import annotations

import asyncio

from textual.app import App
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Label


class Worker(Widget, can_focus=True):
    class Nudge(Message):
        pass

    async def on_key(self, event) -> None:
        await asyncio.sleep(0.2)  # a handler that waits (a file, a process) uses no CPU: Pilot's idle check cannot see it
        self.app.query_one(Label).update(f"key {event.key} handled")

    async def on_worker_nudge(self, message: Nudge) -> None:
        await asyncio.sleep(0.05)
        self.app.nudged += 1

    async def after_frame(self) -> None:
        await asyncio.sleep(0.05)
        self.app.query_one(Label).update("redrawn after the frame")
        self.call_after_refresh(self.after_the_next)  # and more, once the frame after that is drawn

    def after_the_next(self) -> None:
        self.app.nudged += 10


class Busy(App):
    nudged = 0

    def compose(self):
        yield Label("nothing yet")
        yield Worker()


async def test_a_key_whose_handler_is_waiting_is_handled_before_press_returns():
    app = Busy()
    async with app.run_test() as pilot:
        app.query_one(Worker).focus()
        await pilot.press("x")
        assert str(app.query_one(Label).render()) == "key x handled"


async def test_messages_queued_on_a_widget_are_all_handled_before_pause_returns():
    app = Busy()
    async with app.run_test() as pilot:
        worker = app.query_one(Worker)
        for _ in range(3):
            worker.post_message(Worker.Nudge())
        await pilot.pause()
        assert app.nudged == 3


async def test_work_asked_for_after_the_next_frame_is_done_before_pause_returns():
    app = Busy()
    async with app.run_test() as pilot:
        await pilot.pause()
        worker = app.query_one(Worker)
        worker.call_after_refresh(worker.after_frame)
        await pilot.pause()
        assert str(app.query_one(Label).render()) == "redrawn after the frame"
        assert app.nudged == 10
