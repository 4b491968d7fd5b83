"""Dialogs: add a route, confirm, help. Each returns its answer through ``dismiss``."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select

from ..authoring.session import METHODS
from .help_text import FIELDS

# The authorizer choice "an authorizer of the external HTTP API, by its id".
BY_ID = "\tby-id"


class RouteScreen(ModalScreen[dict | None]):
    """Method, path, function, authorizer and scopes of a route, checked as you type.

    Adds a route, or edits the route ``editing`` ((function, index)) when given.
    """

    BINDINGS = [("escape", "cancel", "Cancel")]

    def __init__(self, session, editing: tuple[str, int] | None = None) -> None:
        super().__init__()
        self.session = session
        self.editing = editing

    def compose(self) -> ComposeResult:
        functions = list(self.session.service.functions)
        event = None
        function = functions[0] if functions else Select.NULL
        if self.editing is not None:
            function = self.editing[0]
            event = self.session.service.functions[function].events[self.editing[1]]
        catch_all = event is not None and event.route_path == "*"
        method = "*" if catch_all else (str(event.method).upper() if event is not None and event.method else "GET")
        method = "ANY" if method == "*" and not catch_all else method
        auth = event.authorizer if event is not None else None
        authorizer = "" if auth is None else ("aws_iam" if auth.type == "aws_iam" else (BY_ID if auth.id else auth.name or ""))
        authorizers = [("no authorizer: open to anyone", ""), ("IAM: signed AWS requests", "aws_iam")] + [
            (f"{k} ({'Lambda' if a.type == 'request' else 'JWT'})", k) for k, a in self.session.service.provider.http_api.authorizers.items()
        ]
        if self.session.service.provider.http_api.id or authorizer == BY_ID:
            authorizers.append(("an authorizer of the external API, by id", BY_ID))
        if authorizer and authorizer not in [value for _, value in authorizers]:
            authorizers.append((f"{authorizer} (not defined)", authorizer))
        with VerticalScroll(id="dialog", classes="route-dialog") as dialog:
            dialog.border_title = "Edit the route" if event is not None else "Add a route"
            with Horizontal(classes="pair"):
                yield Select([(m, m) for m in METHODS] + [("* catch-all", "*")], value=method, allow_blank=False,
                             id="route-method", tooltip=FIELDS["route-method"])
                yield Input("" if catch_all or event is None else str(event.route_path or ""), placeholder="/users/{id}",
                            id="route-path", tooltip=FIELDS["route-path"], disabled=catch_all)
            with Horizontal(classes="pair"):
                yield Select([(f, f) for f in functions], value=function, id="route-function", prompt="function",
                             tooltip=FIELDS["route-function"])
                yield Select(authorizers, value=authorizer, allow_blank=False, id="route-authorizer",
                             tooltip=FIELDS["route-authorizer"])
            scopes = ", ".join(auth.scopes or []) if auth is not None else ""
            with Horizontal(classes="pair"):
                yield Input(str(auth.id) if auth is not None and auth.id else "", placeholder="the external authorizer's id",
                            id="route-authorizer-id", tooltip=FIELDS["route-authorizer-id"])
                yield Input(scopes, placeholder="scopes, comma-separated (JWT only)", id="route-scopes", tooltip=FIELDS["route-scopes"])
            yield Label(FIELDS["route-path"], id="route-hint", classes="hint")
            with Horizontal(classes="buttons"):
                yield Button("Save" if event is not None else "Add", variant="primary", id="add")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#dialog").can_focus = False
        path = self.query_one("#route-path", Input)
        (self.query_one("#route-method", Select) if path.disabled else path).focus()
        self.query_one("#route-authorizer-id").display = self.query_one("#route-authorizer", Select).value == BY_ID
        if self.editing is not None:
            self._show_check()

    def _values(self):
        method = self.query_one("#route-method", Select).value
        path = "*" if method == "*" else self.query_one("#route-path", Input).value.strip()
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
        authorizer = self.query_one("#route-authorizer", Select).value
        scopes = self.query_one("#route-scopes", Input).value.strip()
        kind = self.session.service.provider.http_api.authorizers.get(authorizer)
        if scopes and (not authorizer or authorizer == "aws_iam" or (kind is not None and kind.type == "request")):
            return ["scopes only apply with a JWT authorizer: clear them or pick one"]
        if authorizer == BY_ID and not self.query_one("#route-authorizer-id", Input).value.strip():
            return ["give the id of the external API's authorizer (aws apigatewayv2 get-authorizers --api-id ...)"]
        return self.session.route_problems(function, method, path, self.editing)

    def _show_check(self) -> None:
        problems = self._check()
        hint = self.query_one("#route-hint", Label)
        _, path, _ = self._values()
        from ..explaining.route_words import describe_path

        hint.update("\n".join(problems) if problems else "OK. " + describe_path(path))
        hint.set_class(bool(problems), "error")

    def on_input_changed(self, event: Input.Changed) -> None:
        self._show_check()

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "route-method":
            path = self.query_one("#route-path", Input)
            path.disabled = event.value == "*"
            path.placeholder = "(none: * answers every path)" if path.disabled else "/users/{id}"
        if event.select.id == "route-authorizer":
            self.query_one("#route-authorizer-id").display = event.value == BY_ID
        if self.is_mounted:
            self._show_check()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter in a field saves, as the Save button does."""
        self.query_one("#add", Button).press()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "cancel":
            self.dismiss(None)
            return
        if self._check():
            self._show_check()
            return
        authorizer = self.query_one("#route-authorizer", Select).value or None
        method, path, function = self._values()
        self.dismiss({
            "method": method, "path": path, "function": function,
            "authorizer": None if authorizer == BY_ID else authorizer,
            "authorizer_id": self.query_one("#route-authorizer-id", Input).value.strip() if authorizer == BY_ID else None,
            "scopes": [x.strip() for x in self.query_one("#route-scopes", Input).value.split(",") if x.strip()] or None,
        })

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
        from textual.widgets import Markdown  # markdown-it is only needed once help is asked for

        with Vertical(id="dialog"):
            yield Markdown(self.text)
            yield Button("Close", id="close")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(None)

    def action_close(self) -> None:
        self.dismiss(None)
