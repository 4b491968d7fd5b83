"""A yes/no question; the keyboard starts on the answer that acts, Escape says no."""

from __future__ import annotations

from textual.containers import Horizontal
from textual.widgets import Button, Label

from ..guard import on
from .dialog import Dialog


class ConfirmScreen(Dialog[bool]):
    TITLE = "Are you sure?"
    CANCELLED = False

    def __init__(self, question: str, confirm: str = "Yes", cancel: str = "Cancel") -> None:
        super().__init__()
        self.question = question
        self.confirm_label = confirm
        self.cancel_label = cancel

    def body(self):
        yield Label(self.question, classes="question")
        with Horizontal(classes="buttons"):
            yield Button(self.confirm_label, variant="error", id="confirm")
            yield Button(f"{self.cancel_label} (esc)", id="cancel")

    @on(Button.Pressed, "#confirm")
    def _yes(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#cancel")
    def _no(self) -> None:
        self.dismiss(False)
