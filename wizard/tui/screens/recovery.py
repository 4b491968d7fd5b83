"""Unsaved work found from an earlier run: what it holds, and restore it or discard it."""

from __future__ import annotations

from enum import Enum

from rich.syntax import Syntax
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Static

from ..guard import on
from .dialog import Dialog


class RecoveryChoice(Enum):
    RESTORE = "restore"
    DISCARD = "discard"
    LATER = "later"  # keep the copy, open without it; the next start asks again


class RecoveryScreen(Dialog[RecoveryChoice]):
    TITLE = "Unsaved work was found"
    CANCELLED = RecoveryChoice.LATER
    HELP = ("The wizard keeps a copy of unsaved work outside the project (see the README, Recovery) and offers it back "
            "when a run ended without saving: a crash, a closed terminal, a killed process. Restoring is one step "
            "that ctrl+z undoes; discarding deletes the copy; Escape leaves it for the next start.")

    def __init__(self, copy, diff: str, warnings: list[str]) -> None:
        super().__init__()
        self.copy = copy
        self.diff = diff
        self.warnings = warnings

    def body(self):
        what = "the new project" if self.copy.mode == "new" else "serverless.yml"
        yield Static(f"A run of the wizard on {self.copy.project} ended on {self.copy.when} without saving. "
                     f"Its copy of {what} differs from what opens now by:", classes="question")
        for warning in self.warnings:
            yield Static(warning, classes="question recovery-warning")
        with VerticalScroll(id="recovery-diff"):
            yield Static(Syntax(self.diff, "diff", word_wrap=True) if self.diff else "(no difference)")
        with Horizontal(classes="buttons"):
            yield Button("Restore it", id="restore", variant="primary")
            yield Button("Discard it", id="discard", variant="error")
            yield Button("Decide later (esc)", id="later")

    DEFAULT_CSS = """
    /* A share of the terminal, not a fixed 16 lines: at 80x24 the question above and the buttons below fit too. */
    RecoveryScreen #recovery-diff { height: auto; max-height: 40vh; border: round $panel; }
    RecoveryScreen .recovery-warning { color: $text-warning; }
    """

    def first_control(self):
        return self.query_one("#restore", Button)

    @on(Button.Pressed, "#restore")
    def _restore(self) -> None:
        self.dismiss(RecoveryChoice.RESTORE)

    @on(Button.Pressed, "#discard")
    def _discard(self) -> None:
        self.dismiss(RecoveryChoice.DISCARD)

    @on(Button.Pressed, "#later")
    def _later(self) -> None:
        self.dismiss(RecoveryChoice.LATER)
