"""Dialogs: add a route, confirm, help. Each returns its answer through ``dismiss``."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Markdown, Select

from ..authoring.session import METHODS
from .help_text import FIELDS


class AddRouteScreen(ModalScreen[tuple | None]):
    """Method, path and function of a new route, checked as you type."""

    BINDINGS = [("escape", "cancel", "Cancel")]

    def __init__(self, session) -> None:
        super().__init__()
        self.session = session

    def compose(self) -> ComposeResult:
        functions = list(self.session.service.functions)
        with Vertical(id="dialog"):
            yield Label("Add a route")
            yield Select([(m, m) for m in METHODS], value="GET", allow_blank=False, id="route-method")
            yield Input(placeholder="/users/{id}", id="route-path", tooltip=FIELDS["route-path"])
            yield Select([(f, f) for f in functions], value=functions[0] if functions else Select.NULL, id="route-function")
            authorizers = [("no authorizer: open to anyone", "")] + [("IAM: signed AWS requests", "aws_iam")] + [
                (f"{k} ({'Lambda' if a.type == 'request' else 'JWT'})", k) for k, a in self.session.service.provider.http_api.authorizers.items()
            ]
            yield Select(authorizers, value="", allow_blank=False, id="route-authorizer")
            yield Input(placeholder="scopes, comma-separated (JWT only)", id="route-scopes")
            yield Label(FIELDS["route-path"], id="route-hint", classes="hint")
            with Horizontal():
                yield Button("Add", variant="primary", id="add")
                yield Button("Cancel", id="cancel")

    def _values(self):
        method = self.query_one("#route-method", Select).value
        path = self.query_one("#route-path", Input).value.strip()
        function = self.query_one("#route-function", Select).value
        return method, path, function

    def _check(self) -> list[str]:
        method, path, function = self._values()
        if not path:
            return ["write a path, starting with /"]
        if not path.startswith("/") and path != "*":
            return ["a path starts with /"]
        if function is Select.NULL:
            return ["add a function first"]
        return self.session.route_problems(function, method, path)

    def on_input_changed(self, event: Input.Changed) -> None:
        problems = self._check()
        hint = self.query_one("#route-hint", Label)
        hint.update("\n".join(problems) if problems else "OK: " + self._explain_path())
        hint.set_class(bool(problems), "error")

    def _explain_path(self) -> str:
        _, path, _ = self._values()
        parts = [p for p in path.split("/") if p.startswith("{")]
        words = [f"{p} takes the rest of the path" if p.endswith("+}") else f"{p} takes one segment" for p in parts]
        return "; ".join(words) or "a fixed path"

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "cancel":
            self.dismiss(None)
            return
        if self._check():
            self.on_input_changed(None)
            return
        authorizer = self.query_one("#route-authorizer", Select).value or None
        scopes = [x.strip() for x in self.query_one("#route-scopes", Input).value.split(",") if x.strip()] or None
        self.dismiss((*self._values(), authorizer, scopes))

    def action_cancel(self) -> None:
        self.dismiss(None)


class ConfirmScreen(ModalScreen[bool]):
    BINDINGS = [("escape", "no", "Cancel")]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(self.question)
            with Horizontal():
                yield Button("Yes", variant="error", id="yes")
                yield Button("No", id="no")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_no(self) -> None:
        self.dismiss(False)


class HelpScreen(ModalScreen[None]):
    BINDINGS = [("escape", "close", "Close"), ("f1", "close", "Close")]

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Markdown(self.text)
            yield Button("Close", id="close")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(None)

    def action_close(self) -> None:
        self.dismiss(None)
