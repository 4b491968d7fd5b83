"""The redraws a change calls for, done once the keys already typed behind it are handled.

Each change redraws the preview, the Problems panel and the findings under the fields: a
compile of the whole service, a few milliseconds for the seed example and tens of them for
200 routes. Keys typed while it runs wait in a queue, and when each of them compiled the
service again, a fast typist (a held backspace, keys a browser sends in one packet) fell
further behind with every key. Here a redraw asked for while more keys wait is put off
until the last of them is handled: a key with nothing behind it redraws at once, in its
own frame, as before. The widgets still show the model's values after every key (each
section puts them back synchronously); only what is compiled from the model waits.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from textual import events
from textual.widgets import Input, TextArea

from .guard import guarded_call

# A field's change: each key's reaches the form as a message, queued behind the keys still to handle.
FIELD_CHANGES = (Input.Changed, TextArea.Changed)


def queued(pump, kinds) -> bool:
    """Whether a message of ``kinds`` waits in ``pump``'s queue (Textual's own queue: Textual is pinned exactly)."""
    queue = getattr(pump, "_message_queue", None)
    return any(isinstance(message, kinds) for message in getattr(queue, "values", ()))


class AfterKeys:
    def __init__(self, app) -> None:
        self.app = app
        self._due: dict[Callable[[], object], None] = {}  # in the order first asked for, each once
        self._posted = False

    def keys_waiting(self) -> bool:
        """Keys typed and not handled yet: queued for the app, or for the widget they go to."""
        return queued(self.app, events.Key) or queued(self.app.focused, events.Key)

    def run(self, work: Callable[[], object]) -> None:
        """``work()`` now, or once the keys waiting now are handled (once, however often asked)."""
        if not self.keys_waiting():
            self._due.pop(work, None)
            work()
            return
        self._due[work] = None
        if not self._posted:
            self._posted = self.app.call_later(self._catch_up)

    def run_for_last_change(self, pump, work: Callable[[], object]) -> None:
        """``work()`` for a field's change, unless another waits behind it for ``pump``: that one does it (the
        handlers read the fields as they are then); and once the keys waiting now are handled (``run``)."""
        if not queued(pump, FIELD_CHANGES):
            self.run(work)

    def _catch_up(self) -> None:
        self._posted = False
        if not self._due:
            return
        if self.keys_waiting():
            # Asked again from the event loop's next turn, not the app's queue: the widget the keys
            # wait for runs first (an app that called itself back at once would never let it).
            asyncio.get_running_loop().call_soon(self._post)
            self._posted = True
            return
        due, self._due = list(self._due), {}
        for work in due:
            owner = getattr(work, "__self__", None)
            if getattr(owner, "is_attached", True):  # not for a dialog closed by a key of the burst (Enter)
                guarded_call(self.app, work)()

    def _post(self) -> None:
        self._posted = self.app.call_later(self._catch_up)
