"""F1: how to move first, then what the focused field is, what the section is for, and its keys."""

from __future__ import annotations

from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Button, Static

from ..guard import on
from ..widgets.text import help_content
from .dialog import Dialog, DialogBox

HOW_TO_MOVE = (
    "**How to move.** Tab and shift+Tab go from field to field; ↑ ↓ move in the sections list, in tables and in "
    "lists; Enter opens or confirms (a section's form, a table row, a dialog, a list); Escape closes a dialog, "
    "or goes from a form back to the sections list. ctrl+p finds any "
    "action by name (with an empty search, the current section's). Every change shows at once in the "
    "serverless.yml and CloudFormation panes; ctrl+z / ctrl+y undo and redo (typing in one field is one step); "
    "ctrl+s saves; ctrl+q quits."
)


class HelpBox(DialogBox, can_focus=True):
    """The help's frame takes the keyboard: it opens on its first line ("How to move") and ↑ ↓ PgUp PgDn
    read on. With the keyboard on the Close button below, a help taller than the terminal (80x24) opened
    scrolled to its end, that first line out of sight."""


class HelpScreen(Dialog[None]):
    TITLE = "Help"
    BINDINGS = [Binding("escape,f1,q,enter", "cancel", "Close")]
    BOX = HelpBox
    DEFAULT_CSS = """
    HelpScreen > HelpBox:focus { border: thick $accent; }
    """

    def __init__(self, *, field: str = "", section: str = "", bindings=(), title: str = "Help") -> None:
        super().__init__()
        self.field = field
        self.section = section
        self.bindings = [b for b in bindings if isinstance(b, Binding) and b.show and b.action not in ("cancel", "help")]
        self.heading = title

    def title_text(self) -> str:
        return f"Help: {self.heading}"

    def body(self):
        parts = [HOW_TO_MOVE]
        if self.field:
            parts.append(f"**This field.** {self.field}")
        if self.section:
            parts.append(self.section)
        if self.bindings:
            keys = ", ".join(f"`{b.key_display or b.key}` {b.description.lower()}" for b in self.bindings)
            parts.append(f"**Keys here.** {keys}.")
        yield Static(help_content("\n\n".join(parts)), id="help-text")
        with Horizontal(classes="buttons"):
            yield Button("Close (esc)", id="close", variant="primary")

    def first_control(self):
        return self.query_one(HelpBox)

    @on(Button.Pressed, "#close")
    def _close(self) -> None:
        self.dismiss(None)
