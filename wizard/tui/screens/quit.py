"""Quitting with unsaved work: save first, quit without saving, or stay."""

from __future__ import annotations

from enum import Enum

from textual.containers import Horizontal
from textual.widgets import Button, Label

from ..guard import on
from .dialog import Dialog


class QuitChoice(Enum):
    SAVE = "save"
    DISCARD = "discard"
    STAY = "stay"


class QuitScreen(Dialog[QuitChoice]):
    TITLE = "Unsaved changes"
    CANCELLED = QuitChoice.STAY
    HELP = "Nothing is written until you save; quitting without saving also deletes the recovery copy of this work."

    def __init__(self, web: bool = False) -> None:
        super().__init__()
        self.web = web

    def body(self):
        yield Label("This project has changes that are not saved.", classes="question")
        with Horizontal(classes="buttons"):
            yield Button("Download, then quit" if self.web else "Save and quit", id="save", variant="primary")
            yield Button("Quit without saving", id="discard", variant="error")
            yield Button("Stay (esc)", id="stay")

    @on(Button.Pressed, "#save")
    def _save(self) -> None:
        self.dismiss(QuitChoice.SAVE)

    @on(Button.Pressed, "#discard")
    def _discard(self) -> None:
        self.dismiss(QuitChoice.DISCARD)

    @on(Button.Pressed, "#stay")
    def _stay(self) -> None:
        self.dismiss(QuitChoice.STAY)
