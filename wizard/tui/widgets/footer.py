"""The footer of keys, rebuilt only when the keys it shows change.

Textual's Footer rebuilds itself (a layout pass of the whole screen) whenever bindings
are refreshed, which happens after every focus change, keys shown or not: moving from
field to field cost a rebuild each time for the same keys.
"""

from __future__ import annotations

from textual.widgets import Footer


class KeysFooter(Footer):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._shown: tuple | None = None

    def bindings_changed(self, screen) -> None:
        shown = tuple((binding.key, binding.description, enabled, tooltip)
                      for _, binding, enabled, tooltip in screen.active_bindings.values() if binding.show)
        if shown == self._shown and self._bindings_ready:
            return
        self._shown = shown
        super().bindings_changed(screen)
