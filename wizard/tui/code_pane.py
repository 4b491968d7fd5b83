"""A read-only code pane that highlights only what is near the screen.

Textual's TextArea re-runs the syntax query over the whole document after every edit:
on a 200-route template (some 10,000 lines of JSON) that costs more per keystroke than
compiling the service. Only the lines around the viewport can be seen, so only those
are highlighted; scrolling past them highlights the new ones. This leans on TextArea's
private highlight map, which is why Textual is pinned to an exact version.
"""

from __future__ import annotations

from textual.widgets import TextArea

# Lines highlighted above and below the visible ones: scrolling within them needs no query.
MARGIN = 120


class CodePane(TextArea):
    _window: tuple[int, int] = (0, 0)

    def _visible_rows(self) -> tuple[int, int]:
        top = int(self.scroll_y)
        return top, top + max(self.size.height, 1)

    def _build_highlight_map(self) -> None:
        self._line_cache.clear()
        highlights = self._highlights
        highlights.clear()
        if not self._highlight_query:
            return
        top, bottom = self._visible_rows()
        start, end = max(top - MARGIN, 0), bottom + MARGIN
        self._window = (start, end)
        captures = self.document.query_syntax_tree(self._highlight_query, start_point=(start, 0), end_point=(end, 0))
        for name, nodes in captures.items():
            for node in nodes:
                (first_row, first_column), (last_row, last_column) = node.start_point, node.end_point
                if first_row == last_row:
                    highlights[first_row].append((first_column, last_column, name))
                    continue
                highlights[first_row].append((first_column, None, name))
                for row in range(max(first_row + 1, start), min(last_row, end + 1)):
                    highlights[row].append((0, None, name))
                highlights[last_row].append((0, last_column, name))

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        top, bottom = self._visible_rows()
        start, end = self._window
        if (top < start or bottom > end) and self._highlight_query:
            self._build_highlight_map()
            self.refresh()

    def on_resize(self) -> None:
        if self._visible_rows()[1] > self._window[1]:
            self._build_highlight_map()
