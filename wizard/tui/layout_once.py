"""One layout pass per change: the wizard's widgets are arranged once, not twice.

Textual arranges the whole screen, then hands each widget its new size; a widget whose content
size changed with it sets its virtual size as a reactive that asks for a layout, so every pass
that resized anything was followed by a second pass over the whole screen that found nothing to
change (a section opened, a dialog, a problem appearing: a quarter of the layout passes of a
session, 216 -> 159 in the keys-only build of the seed example). The pass already arranged every
widget at its size; only the request for another is dropped. A widget that changes its own
content size outside a layout pass (a field's text, a table's rows) still asks for one, and
scroll views keep their own handling (ScrollView._size_updated, SteadySize).

Textual is pinned exactly (pyproject.toml): this replaces one private method, checked against
that version by the TUI tests and the snapshots.
"""

from __future__ import annotations

from textual.widget import Widget


def install() -> None:
    """Make a layout pass set the virtual sizes it computes without asking for another pass (once per process)."""
    if getattr(Widget._size_updated, "lays_out_once", False):
        return
    size_updated = Widget._size_updated

    def _size_updated(self, size, virtual_size, container_size, layout: bool = True) -> bool:
        return size_updated(self, size, virtual_size, container_size, layout=False)

    _size_updated.lays_out_once = True
    Widget._size_updated = _size_updated
