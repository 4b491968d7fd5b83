"""A problem in full: its whole message, where it is, the rule's source; Enter goes to the field."""

from __future__ import annotations

from textual.containers import Horizontal
from textual.widgets import Button, Static

from ..guard import on
from .dialog import Dialog

SEVERITY = {"error": "Error", "warning": "Warning", "info": "Note"}


class ProblemScreen(Dialog[bool]):
    """Answers True to go to the field concerned."""

    CANCELLED = False
    HELP = ("Every problem comes from the compiler or a design-time check; `httpapi-wizard validate` lists the same. "
            "Errors stop a deploy; warnings are what AWS or Serverless would do that you may not want.")

    def __init__(self, diagnostic, section_title: str) -> None:
        super().__init__()
        self.diagnostic = diagnostic
        self.section_title = section_title

    def title_text(self) -> str:
        return f"{SEVERITY.get(self.diagnostic.severity, self.diagnostic.severity)} {self.diagnostic.code}"

    def body(self):
        d = self.diagnostic
        where = ".".join(str(p) for p in d.path) or "(the whole file)"
        location = f"line {d.line}, column {d.column}" if d.line else "no line (the file as saving writes it)"
        yield Static(d.message, id="problem-message", classes="question")
        yield Static(f"At {where}: {location}.", classes="question")
        if d.source:
            yield Static(f"Source: {d.source}", classes="question")
        with Horizontal(classes="buttons"):
            yield Button(f"Go to {self.section_title}", id="go", variant="primary")
            yield Button("Close (esc)", id="close")

    @on(Button.Pressed, "#go")
    def _go(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#close")
    def _close(self) -> None:
        self.dismiss(False)
