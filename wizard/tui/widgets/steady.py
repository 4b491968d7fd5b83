"""Scroll views that lay out the screen only when their own size follows their content, and
repaint on a layout pass only when something they show depends on changed."""

from __future__ import annotations

from textual.geometry import Size
from textual.reactive import Reactive


class ContentSizedInside:
    """Mixed into a scrolling widget (a field, a table, the preview): its content's size changing
    lays out the screen only when the widget's own size follows it.

    Textual's virtual size asks for a layout of the whole screen whenever it changes, and an
    Input's changes with every character typed (its text's width), a problems table's with the
    width of a message: each keystroke in a field arranged every widget on the screen again. A
    widget whose width (height) is not ``auto`` keeps its size whatever its content's width
    (height): only its own scroll state needs updating, and its repaint.
    """

    virtual_size = Reactive(Size(0, 0), repaint=True)

    def watch_virtual_size(self, old, new) -> None:
        styles = self.styles
        if (old.width != new.width and styles.has_rule("width") and styles.width.is_auto) or (
                old.height != new.height and styles.has_rule("height") and styles.height.is_auto):
            self.refresh(layout=True)
        elif self.size:  # laid out already (before that, its first layout sets all of it)
            self._scroll_update(new)


class SteadySize(ContentSizedInside):
    """Mixed into a ScrollView (a field, the preview): a layout pass that leaves its size, its
    container and its content's size as they were leaves it alone.

    Textual's ScrollView compares the size a layout pass gives it with the size of its own
    content, which differ whenever the content is not exactly as large as the view. So every
    layout pass anywhere on the screen (one per keystroke in a field: an Input's content grows
    with its text) repainted every field and both previews, and refreshing their scrollbars
    arranged the whole screen once more: a keystroke in the Service form took 27 ms, now 21 ms.
    Scrolling, resizing and a content that grows or shrinks still go through Textual's own
    update (the content's size is part of what is compared).

    Not for a DataTable: it widens its columns after its rows change and leaves the repaint to
    the next layout pass (a new problem's code was left cut at its header's width on screen).
    """

    _laid_out: tuple | None = None

    def _size_updated(self, size, virtual_size, container_size, layout: bool = True) -> bool:
        seen = (size, self.virtual_size, container_size)
        if seen == self._laid_out:
            return False
        self._laid_out = seen
        return super()._size_updated(size, virtual_size, container_size, layout)
