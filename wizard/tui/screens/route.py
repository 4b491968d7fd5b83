"""The route dialog: method, path, function, authorizer and scopes, checked as you type.

What it says about a route is what the compiler and the checks say once the route is in
the file (``Session.probe_route``); when they say nothing, the path is explained in words.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.containers import Horizontal
from textual.widgets import Button, Input, Label, Select

from ...authoring.session.edits import METHODS
from ...authoring.session.probes import blocking
from ...explaining.route_words import describe_path
from ..guard import on
from ..widgets.fields import ChoiceField, FieldRow, FindingsText, ListField, TextField
from ..widgets.text import update
from .dialog import Dialog

# The authorizer choice "an authorizer of the external HTTP API, by its id".
BY_ID = "\tby-id"
OPEN = ""


@dataclass(frozen=True)
class RouteAnswer:
    function: str
    method: str  # an HTTP method, ANY, or "*" for the catch-all route
    path: str  # "*" for the catch-all route
    authorizer: str | None = None  # an authorizer's name, "aws_iam", or None (open)
    authorizer_id: str | None = None  # an authorizer of an external HTTP API, by id
    scopes: list[str] | None = None

    def route(self) -> dict:
        """The keyword arguments of ``Session.add_route`` (and ``update_route``)."""
        return {"authorizer": self.authorizer, "authorizer_id": self.authorizer_id, "scopes": self.scopes}


class RouteScreen(Dialog[RouteAnswer | None]):
    """Adds a route, or edits the route ``editing`` ((function, index)) when given."""

    HELP = ("**Routes.** A route is a method and a path, like `GET /users/{id}`. API Gateway sends each request to "
            "the function of the route that matches it best. `{id}` matches one path segment and hands it to your "
            "function; `{proxy+}` matches the rest of the path; `ANY` matches every method; the catch-all `*` "
            "answers what no other route matches.")
    FIELD_HELP = {
        "route-method": "The HTTP method the route answers. ANY answers every method; the catch-all * answers every "
        "request that no other route matches (a good place for a friendly 404).",
        "route-path": "Starts with /, no trailing slash. Use {name} for a path parameter and {name+} at the end for "
        "the rest of the path.",
        "route-function": "The function API Gateway calls when this route matches.",
        "route-authorizer": "Who may call the route: anyone, a caller with a valid token (JWT), whoever your Lambda "
        "authorizer lets in, or AWS principals that sign their requests (IAM).",
        "route-authorizer-id": "With an HTTP API created elsewhere, its authorizers live there too: give the id of one "
        "(aws apigatewayv2 get-authorizers --api-id <api id> lists them).",
        "route-scopes": "With a JWT authorizer: the token must carry at least one of these scopes (its scope or scp "
        "claim), e.g. user.read. Leave empty to accept any valid token. Scopes go with an authorizer.",
    }

    def __init__(self, session, editing: tuple[str, int] | None = None) -> None:
        super().__init__()
        self.session = session
        self.editing = editing

    def title_text(self) -> str:
        return "Edit the route" if self.editing is not None else "Add a route"

    def body(self):
        service = self.session.service
        functions = list(service.functions)
        authorizers = [("no authorizer: open to anyone", OPEN), ("IAM: signed AWS requests", "aws_iam")] + [
            (f"{k} ({'Lambda' if a.type == 'request' else 'JWT'})", k) for k, a in service.provider.http_api.authorizers.items()]
        event = service.functions[self.editing[0]].events[self.editing[1]] if self.editing is not None else None
        auth = event.authorizer if event is not None else None
        if service.provider.http_api.id or (auth is not None and auth.id is not None):
            authorizers.append(("an authorizer of the external API, by id", BY_ID))
        if auth is not None and auth.name and auth.name not in service.provider.http_api.authorizers:
            authorizers.append((f"{auth.name} (not defined)", auth.name))
        yield FieldRow("Method", ChoiceField([(m, m) for m in METHODS] + [("* catch-all", "*")], allow_blank=False, id="route-method"),
                       id="row-route-method")
        yield FieldRow("Path", TextField(id="route-path", placeholder="/users/{id}"), id="row-route-path")
        yield FieldRow("Function", ChoiceField([(f, f) for f in functions], prompt="(add a function first)", id="route-function"),
                       id="row-route-function")
        yield FieldRow("Authorizer", ChoiceField(authorizers, allow_blank=False, id="route-authorizer"), id="row-route-authorizer")
        yield FieldRow("Authorizer id", TextField(id="route-authorizer-id", placeholder="the external authorizer's id"),
                       id="row-route-authorizer-id")
        yield FieldRow("Scopes", ListField(id="route-scopes", placeholder="comma-separated, e.g. user.read"), id="row-route-scopes")
        yield FindingsText(id="route-findings")
        yield Label("", id="route-hint", classes="question")
        with Horizontal(classes="buttons"):
            yield Button("Save" if event is not None else "Add", variant="primary", id="add")
            yield Button("Cancel (esc)", id="cancel")

    DEFAULT_CSS = """
    RouteScreen #route-hint { color: $text-muted; height: auto; }
    RouteScreen #route-findings { margin-top: 1; }
    """

    def prepare(self) -> None:
        service = self.session.service
        functions = list(service.functions)
        if self.editing is not None:
            function, index = self.editing
            event = service.functions[function].events[index]
            catch_all = event.route_path == "*"
            method = "*" if catch_all else (str(event.method).upper() if event.method else "GET")
            method = "ANY" if method == "*" else method
            auth = event.authorizer
            authorizer = OPEN if auth is None else ("aws_iam" if auth.type == "aws_iam" else (BY_ID if auth.id is not None else auth.name or OPEN))
            self.query_one("#route-method", ChoiceField).show(method)
            self.query_one("#route-path", TextField).show(None if catch_all else event.route_path)
            self.query_one("#route-function", ChoiceField).show(function)
            self.query_one("#route-authorizer", ChoiceField).show(authorizer)
            self.query_one("#route-authorizer-id", TextField).show(str(auth.id) if auth is not None and auth.id is not None else None)
            self.query_one("#route-scopes", ListField).show(auth.scopes if auth is not None else None)
        else:
            self.query_one("#route-method", ChoiceField).show("GET")
            self.query_one("#route-function", ChoiceField).show(functions[0] if functions else None)
            self.query_one("#route-authorizer", ChoiceField).show(OPEN)
        self._arrange()
        self._check()

    def first_control(self):
        """The path, which is what one comes to write (the method when it is the catch-all)."""
        path = self.query_one("#route-path", Input)
        return path if not path.disabled else self.query_one("#route-method")

    def answer(self) -> RouteAnswer:
        method = self.query_one("#route-method", ChoiceField).read() or "GET"
        authorizer = self.query_one("#route-authorizer", ChoiceField).read() or OPEN
        scopes = self.query_one("#route-scopes", ListField).read() if authorizer != OPEN else None
        return RouteAnswer(
            function=self.query_one("#route-function", ChoiceField).read() or "",
            method=method,
            path="*" if method == "*" else self.query_one("#route-path", Input).value.strip(),
            authorizer=None if authorizer in (OPEN, BY_ID) else authorizer,
            authorizer_id=self.query_one("#route-authorizer-id", Input).value.strip() if authorizer == BY_ID else None,
            scopes=scopes,
        )

    def _arrange(self) -> None:
        """The path goes with a method (not with the catch-all); an id with "by id"; scopes with an authorizer."""
        method = self.query_one("#route-method", ChoiceField).read()
        path = self.query_one("#route-path", Input)
        path.disabled = method == "*"
        path.placeholder = "(none: * answers every path)" if path.disabled else "/users/{id}"
        authorizer = self.query_one("#route-authorizer", ChoiceField).read()
        self.query_one("#row-route-authorizer-id").display = authorizer == BY_ID
        scopes = self.query_one("#route-scopes", Input)
        scopes.disabled = authorizer in (OPEN, None)
        scopes.placeholder = "(scopes go with an authorizer)" if scopes.disabled else "comma-separated, e.g. user.read"

    def _check(self) -> bool:
        answer = self.answer()
        hint = self.query_one("#route-hint", Label)
        if not answer.function:
            findings = []
            update(hint, "Add a function first (Functions, n): a route calls one.")
            ok = False
        elif not answer.path:
            # Nothing typed yet: what the checks say of an empty path is no news to someone about to type it.
            findings = []
            update(hint, "Type the path the route answers, e.g. /users/{id} (F1 explains paths).")
            ok = False
        else:
            findings = self.session.probe_route(answer.function, answer.method, answer.path, editing=self.editing, **answer.route())
            ok = not blocking(findings)
            update(hint, ("OK. " if not findings else "") + describe_path(answer.path) if answer.path and (ok or answer.path == "*") else "")
        self.query_one("#route-findings", FindingsText).say([(d.severity, d.message) for d in findings])
        self.query_one("#add", Button).disabled = not ok
        return ok

    @on(Select.Changed)
    def _select(self) -> None:
        if self.is_mounted:
            self._arrange()
            self._check()

    @on(Input.Changed)
    def _typed(self) -> None:
        self.app.after_keys.run_for_last_change(self, self._check)  # typed fast: checked once

    @on(Input.Submitted)
    @on(Button.Pressed, "#add")
    def _save(self) -> None:
        """Enter in a field saves, as the button does."""
        if self._check():
            self.dismiss(self.answer())

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)
