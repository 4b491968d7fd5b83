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

    def _holding_keys(self):
        """The pump a typed key waits for: the app (keys it has not handed out yet), else the widget
        with the keyboard; None when every key typed is handled."""
        for pump in (self.app, self.app.focused):
            if queued(pump, events.Key):
                return pump
        return None

    def run(self, work: Callable[[], object]) -> None:
        """``work()`` now, or once the keys waiting now are handled (once, however often asked)."""
        holder = self._holding_keys()
        if holder is None:
            self._due.pop(work, None)
            work()
            return
        self._due[work] = None
        self._post_behind(holder)

    def run_for_last_change(self, pump, work: Callable[[], object]) -> None:
        """``work()`` for a field's change, unless another waits behind it for ``pump``: that one does it (the
        handlers read the fields as they are then); and once the keys waiting now are handled (``run``)."""
        if not queued(pump, FIELD_CHANGES):
            self.run(work)

    def _post_behind(self, holder) -> None:
        # Queued behind the keys, in the queue that holds them: it runs when they are handled, and
        # asks nothing of anyone meanwhile (a callback that polled would draw frames for nothing).
        if not self._posted:
            self._posted = holder.call_later(self._catch_up) or self.app.call_later(self._catch_up)

    def _catch_up(self) -> None:
        self._posted = False
        if not self._due:
            return
        holder = self._holding_keys()
        if holder is not None:  # typed meanwhile: behind those keys in turn
            self._post_behind(holder)
            return
        due, self._due = list(self._due), {}
        for work in due:
            owner = getattr(work, "__self__", None)
            if getattr(owner, "is_attached", True):  # not for a dialog closed by a key of the burst (Enter)
                guarded_call(self.app, work)()
