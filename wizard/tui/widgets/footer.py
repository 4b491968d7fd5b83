"""The footer of keys: the keys of the screen it is on, as many as fit, rebuilt only when they change.

Textual's Footer rebuilds itself (a layout pass of the whole screen) whenever bindings
are refreshed, which happens after every focus change, keys shown or not: moving from
field to field cost a rebuild each time for the same keys. It also cuts the row at the
terminal's edge, so at 80 columns Functions' four keys pushed "f1 Help" off the screen.
This footer drops the keys a newcomer can do without (each is in F1 and the palette)
until the row fits, and never draws the keys of a screen that is not on top: each
dialog has a footer of its own.
"""

from __future__ import annotations

from typing import NamedTuple

from rich.cells import cell_len
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

# Actions the footer leaves out first when the row does not fit, in this order: F1 and the
# palette list them all. What is not named here (a section's keys, Help, Save, Undo) stays.
DROPPED_FIRST = ("toggle_format", "redo", "quit", "save", "undo")
# Below this width the keys are drawn without padding (Textual's compact footer).
COMPACT_BELOW = 100


class _Key(NamedTuple):
    """What one key of the footer shows (a FooterKey's own fields, in its order)."""

    key: str
    key_display: str
    description: str
    action: str
    disabled: bool
    tooltip: object


class KeysFooter(Footer):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._shown: tuple | None = None
        self.dropped: list[str] = []  # the actions left out for want of room, for tests

    def _keys(self) -> list[tuple]:
        """(binding, enabled, tooltip) of each key shown, one per action, in the screen's order."""
        seen: dict[str, tuple] = {}
        for _, binding, enabled, tooltip in self.screen.active_bindings.values():
            if binding.show and binding.action not in seen:
                seen[binding.action] = (binding, enabled, tooltip)
        return list(seen.values())

    def _state(self, keys: list[tuple] | None = None) -> tuple:
        keys = self._keys() if keys is None else keys
        return self.app.size.width, tuple((b.key, b.description, enabled) for b, enabled, _ in keys)

    def _width(self, key: _Key) -> int:
        # Compact: "key words" and a margin; else padding around the key and after the words.
        return cell_len(key.key_display) + cell_len(key.description) + (2 if self.compact else 3)

    def _plan(self) -> tuple[list[_Key], list[_Key]]:
        """The keys due now, as plain values (the screen's, then the palette's), as many as fit."""
        bindings = self._keys()
        # Under a dialog this footer is hidden by the dialog's own: it is redrawn when the dialog closes.
        self._shown = self._state(bindings) if self.screen is self.app.screen else None
        self.compact = self.app.size.width < COMPACT_BELOW
        keys = [_Key(b.key, self.app.get_key_display(b), b.description, b.action, not enabled, tooltip)
                for b, enabled, tooltip in bindings]
        room = self.app.size.width
        palette = []
        if self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE:
            found = self.screen.active_bindings.get(self.app.COMMAND_PALETTE_BINDING)
            if found is not None:
                b = found.binding
                palette = [_Key(b.key, self.app.get_key_display(b), b.description, b.action, not found.enabled,
                                b.tooltip or b.description)]
                room -= self._width(palette[0]) + 1  # its left border
        self.dropped = []
        for action in DROPPED_FIRST:
            if sum(map(self._width, keys)) <= room:
                break
            if any(key.action == action for key in keys):
                keys = [key for key in keys if key.action != action]
                self.dropped.append(action)
        return keys, palette

    def compose(self):
        if not self._bindings_ready:
            return
        keys, palette = self._plan()
        self.styles.grid_size_columns = len(keys)
        yield from (self._key(key) for key in keys)
        yield from (self._key(key, "-command-palette") for key in palette)

    async def recompose(self) -> None:
        """The keys now due, drawn in the key widgets already there: a key whose words change is
        redrawn in place, and only a difference in their number mounts or removes one. Textual's
        recompose removed every key and mounted new ones, each styled from scratch, for the two or
        three keys a focus change or a section alters (half the cost of opening a section). The keys
        due are compared as plain values: a key widget is built only to be mounted."""
        if not self.is_attached or self._pruning:
            return
        old = list(self.query_children(FooterKey))
        if not old or not self._bindings_ready:
            await super().recompose()
            return
        new_keys, new_palette = self._plan()
        old_palette = [key for key in old if key.has_class("-command-palette")]
        if len(old_palette) != len(new_palette):
            await super().recompose()
            return
        self.styles.grid_size_columns = len(new_keys)
        old_keys = [key for key in old if not key.has_class("-command-palette")]
        async with self.batch():
            for shown, due in [*zip(old_keys, new_keys, strict=False), *zip(old_palette, new_palette, strict=True)]:
                _redraw(shown, due)
            if len(old_keys) > len(new_keys):
                await self.remove_children(old_keys[len(new_keys):])
            elif len(new_keys) > len(old_keys):
                extra = [self._key(key) for key in new_keys[len(old_keys):]]
                if old_palette:
                    await self.mount_all(extra, before=old_palette[0])
                else:
                    await self.mount_all(extra)

    def _key(self, due: _Key, classes: str = "") -> FooterKey:
        key = FooterKey(due.key, due.key_display, due.description, due.action, classes=classes,
                        disabled=due.disabled, tooltip=due.tooltip)
        # Born compact or not, with the class to match: left to its watcher, the key would take
        # the default, then the footer's value, restyling itself each time (a third of the
        # footer's cost, paid on every rebuild: every section opened, every resize).
        key.set_reactive(FooterKey.compact, self.compact)
        key.set_class(self.compact, "-compact", update=False)
        return key.data_bind(compact=Footer.compact)

    def bindings_changed(self, screen) -> None:
        self._bindings_ready = True
        if screen is not self.screen or not self.is_attached or self.screen is not self.app.screen:
            return
        if self._state() != self._shown:
            self.call_after_refresh(self.recompose)

    def on_resize(self) -> None:
        if self._bindings_ready and self.screen is self.app.screen and self._state() != self._shown:
            self.call_after_refresh(self.recompose)


def _redraw(shown: FooterKey, due: _Key) -> None:
    """Make the mounted key ``shown`` draw the key ``due``."""
    if (shown.key, shown.key_display, shown.description, shown.action, shown._disabled, shown.tooltip) == due:
        return
    # Only a key that now takes more or fewer columns moves the others: a layout pass of the whole
    # screen. Greyed out or back, or other words of the same length, it is repainted where it is.
    resized = (cell_len(shown.key_display), cell_len(shown.description)) != (cell_len(due.key_display), cell_len(due.description))
    shown.key, shown.key_display, shown.description, shown.action = due.key, due.key_display, due.description, due.action
    shown._disabled = due.disabled
    shown.set_class(due.disabled, "-disabled")
    if shown.tooltip != due.tooltip:
        shown.tooltip = due.tooltip
    shown.refresh(layout=resized)
