"""Attach the routes to an HTTP API another stack owns (or detach them): what that turns off, said first."""

from __future__ import annotations

from dataclasses import dataclass

from textual.containers import Horizontal
from textual.widgets import Button, Input, Static

from ..guard import on
from ..widgets.fields import FieldRow, TextField
from .dialog import Dialog


@dataclass(frozen=True)
class ExternalApi:
    """The answer: the id of the HTTP API to attach to, or None to create one in this stack."""

    api_id: str | None


class ExternalApiScreen(Dialog[ExternalApi | None]):
    TITLE = "An HTTP API made elsewhere"
    HELP = ("With an HTTP API created by another stack (or by hand), this service adds its routes to it instead of "
            "creating one. That API's CORS, access logs and authorizers are set where it is defined: Serverless "
            "refuses them here, so they are turned off, and routes take its authorizers by id.")
    FIELD_HELP = {"external-id": "The HTTP API's id, e.g. a1b2c3d4e5 (aws apigatewayv2 get-apis lists them)."}

    def __init__(self, session) -> None:
        super().__init__()
        self.session = session

    def body(self):
        current = self.session.service.provider.http_api.id
        yield FieldRow("API id", TextField(id="external-id", placeholder="a1b2c3d4e5"), id="row-external-id")
        conflicts = self.session.external_api_conflicts() if not current else []
        named = self.session.routes_naming_authorizers()
        words = ("Attaching turns off " + ", ".join(conflicts) + ", which that API sets itself.") if conflicts else \
            "Nothing of this service needs turning off."
        if named:
            words += (f" {len(named)} route(s) name an authorizer of this stack ({', '.join(named)}): give each the id of "
                      "the external API's authorizer (Routes, e).")
        yield Static(words, id="external-effect", classes="question")
        with Horizontal(classes="buttons"):
            yield Button("Attach", id="attach", variant="primary")
            if current:
                yield Button("Detach: create an API here", id="detach")
            yield Button("Cancel (esc)", id="cancel")

    def prepare(self) -> None:
        current = self.session.service.provider.http_api.id
        self.query_one("#external-id", TextField).show(current if isinstance(current, str) else None)
        self._check()

    def _check(self) -> bool:
        ok = bool(self.query_one("#external-id", Input).value.strip())
        self.query_one("#attach", Button).disabled = not ok
        return ok

    @on(Input.Changed, "#external-id")
    def _typed(self) -> None:
        self._check()

    @on(Input.Submitted, "#external-id")
    @on(Button.Pressed, "#attach")
    def _attach_chosen(self) -> None:
        if self._check():
            self.dismiss(ExternalApi(self.query_one("#external-id", Input).value.strip()))

    @on(Button.Pressed, "#detach")
    def _detach_chosen(self) -> None:
        self.dismiss(ExternalApi(None))

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)
