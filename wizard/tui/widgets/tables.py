"""A table of entries (functions, routes, authorizers, problems), refilled from the model."""

from __future__ import annotations

from textual.widgets import DataTable

from .steady import ContentSizedInside


class EntryTable(ContentSizedInside, DataTable):
    """Rows are (cells, key) pairs; the cursor stays on its entry across refills."""

    DEFAULT_CSS = """
    EntryTable { height: auto; max-height: 10; margin-bottom: 1; }
    """

    def __init__(self, *columns: str, **kwargs) -> None:
        super().__init__(cursor_type="row", zebra_stripes=False, **kwargs)
        self.add_columns(*columns)
        self.shown_rows: list[tuple[tuple, str]] = []

    def refill(self, rows: list[tuple[tuple, str]], select: str | None = None) -> None:
        """Show ``rows``, the cursor on ``select`` or on the row it was on.

        Unchanged rows are left alone: this runs after every change, and a 200-route table
        rebuilt per keystroke would cost more than the change itself.
        """
        keys = [key for _, key in rows]
        if self.shown_rows == rows:
            if select in keys and self.cursor_row != keys.index(select):
                self.move_cursor(row=keys.index(select))
            return
        row = self.cursor_row
        old_keys = [key for _, key in self.shown_rows]
        select = select if select in keys else (old_keys[row] if 0 <= row < len(old_keys) else None)
        self.clear()
        for cells, key in rows:
            self.add_row(*cells, key=key)
        self.shown_rows = list(rows)
        if rows:
            self.move_cursor(row=keys.index(select) if select in keys else min(max(row, 0), len(rows) - 1))

    @property
    def selected_key(self) -> str | None:
        """The key of the row under the cursor (None when the table is empty)."""
        if not self.shown_rows or not 0 <= self.cursor_row < len(self.shown_rows):
            return None
        return self.shown_rows[self.cursor_row][1]

    def select(self, key: str) -> bool:
        keys = [k for _, k in self.shown_rows]
        if key not in keys:
            return False
        self.move_cursor(row=keys.index(key))
        return True
