"""Naming dialogs: a new function, a new authorizer, a new name for either. Checked as you type by the
session's probes (what `validate` would say once the name is in the file)."""

from __future__ import annotations

from dataclasses import dataclass

from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Select

from ...authoring.session.edits import DEFAULT_IDENTITY_SOURCE, suggest_handler
from ...authoring.session.probes import blocking
from ..guard import on
from ..widgets.fields import ChoiceField, FieldRow, FindingsText, ListField, TextField
from ..widgets.text import Hint
from .dialog import Dialog


def _say(rows: dict[tuple, FieldRow], general: FindingsText | None, findings) -> None:
    """Each finding under the row of the deepest path it falls under (else under ``general``)."""
    said: dict[int, list] = {id(row): [] for row in rows.values()}
    rest = []
    for d in findings:
        path = tuple(d.path)
        best = max((p for p in rows if path[: len(p)] == p), key=len, default=None)
        (said[id(rows[best])] if best is not None else rest).append((d.severity, d.message))
    for row in rows.values():
        row.say(said[id(row)])
    if general is not None:
        general.say(rest)


@dataclass(frozen=True)
class NewFunction:
    name: str
    handler: str


class NewFunctionScreen(Dialog[NewFunction | None]):
    TITLE = "New function"
    HELP = "A function is code of yours that answers requests; its routes are added under Routes."
    FIELD_HELP = {
        "new-fn-name": "Its key in serverless.yml and part of the Lambda function's name: letters, digits, - and _ "
        "(Serverless's schema), e.g. getUser.",
        "new-fn-handler": "Where Lambda finds the code, in the runtime's form (file.export for Node.js and Python: "
        "src/users.get). Filled in from the name until you change it.",
    }

    def __init__(self, session) -> None:
        super().__init__()
        self.session = session
        self.suggested = ""

    def body(self):
        yield FieldRow("Name", TextField(id="new-fn-name", placeholder="getUser"), id="row-new-fn-name")
        yield FieldRow("Handler", TextField(id="new-fn-handler", placeholder="handler.getUser"), id="row-new-fn-handler")
        yield Hint("Saving writes a handler file for it (never over one you already have).", classes="question")
        with Horizontal(classes="buttons"):
            yield Button("Add", id="add", variant="primary", disabled=True)
            yield Button("Cancel (esc)", id="cancel")

    def _values(self) -> tuple[str, str]:
        return (self.query_one("#new-fn-name", Input).value.strip(), self.query_one("#new-fn-handler", Input).value.strip())

    def _check(self) -> bool:
        name, handler = self._values()
        findings = self.session.probe_function(name, handler) if name else []
        _say({("functions", name): self.query_one("#row-new-fn-name", FieldRow),
              ("functions", name, "handler"): self.query_one("#row-new-fn-handler", FieldRow)}, None, findings)
        ok = bool(name and handler) and not blocking(findings)
        self.query_one("#add", Button).disabled = not ok
        return ok

    @on(Input.Changed, "#new-fn-name")
    def _name(self, event: Input.Changed) -> None:
        handler = self.query_one("#new-fn-handler", Input)
        if handler.value in ("", self.suggested):  # not typed by the user: follow the name
            self.suggested = suggest_handler(event.input.value.strip(), self.session.service.provider.runtime) if event.input.value.strip() else ""
            handler.value = self.suggested
        self.app.after_keys.run_for_last_change(self, self._check)  # typed fast: checked once

    @on(Input.Changed, "#new-fn-handler")
    def _handler(self) -> None:
        self.app.after_keys.run_for_last_change(self, self._check)

    @on(Input.Submitted)
    @on(Button.Pressed, "#add")
    def _add(self) -> None:
        if self._check():
            self.dismiss(NewFunction(*self._values()))

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)


class RenameScreen(Dialog[str | None]):
    """A new name for the function or authorizer ``old``; ``probe(name)`` says what the checks say of it."""

    HELP = "Renaming keeps everything else: the routes of a function go with it, the routes that name an authorizer follow it."
    FIELD_HELP = {"new-name": "Letters, digits, - and _; the checks say as you type what `validate` would."}

    def __init__(self, kind: str, old: str, probe, help_text: str = "") -> None:
        super().__init__()
        self.kind = kind
        self.old = old
        self.probe = probe
        if help_text:
            self.HELP = help_text

    def title_text(self) -> str:
        return f"Rename the {self.kind} {self.old}"

    def body(self):
        yield FieldRow("New name", TextField(id="new-name"), id="row-new-name")
        with Horizontal(classes="buttons"):
            yield Button("Rename", id="rename", variant="primary")
            yield Button("Cancel (esc)", id="cancel")

    def prepare(self) -> None:
        field = self.query_one("#new-name", Input)
        field.value = self.old

    def _check(self) -> bool:
        name = self.query_one("#new-name", Input).value.strip()
        findings = self.probe(name) if name else []
        self.query_one("#row-new-name", FieldRow).say([(d.severity, d.message) for d in findings])
        ok = bool(name) and not blocking(findings)
        self.query_one("#rename", Button).disabled = not ok
        return ok

    @on(Input.Changed, "#new-name")
    def _changed(self) -> None:
        self.app.after_keys.run_for_last_change(self, self._check)  # typed fast: checked once

    @on(Input.Submitted, "#new-name")
    @on(Button.Pressed, "#rename")
    def _rename(self) -> None:
        if self._check():
            self.dismiss(self.query_one("#new-name", Input).value.strip())

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)


@dataclass(frozen=True)
class NewAuthorizer:
    name: str
    kind: str  # "jwt" or "request" (Lambda)
    identity_source: list[str]
    issuer_url: str | None = None
    audience: list[str] | None = None
    function_name: str | None = None


class NewAuthorizerScreen(Dialog[NewAuthorizer | None]):
    TITLE = "New authorizer"
    HELP = ("A **JWT** authorizer lets API Gateway check a token from an identity provider (Cognito, Auth0, Okta...); "
            "a **Lambda** authorizer runs a function of yours that says yes or no. IAM needs no definition: pick it "
            "per route.")
    FIELD_HELP = {
        "new-auth-name": "Its key under provider.httpApi.authorizers; routes name it. Letters, digits, - and _.",
        "new-auth-kind": "JWT: API Gateway checks a token itself, no code of yours. Lambda: a function of yours decides.",
        "new-auth-sources": "Where the credentials are: $request.header.Authorization for a bearer token.",
        "new-auth-issuer": "The https:// URL of the identity provider, e.g. https://cognito-idp.<region>.amazonaws.com/<userPoolId>.",
        "new-auth-audience": "The app client ids a token may be issued to (its aud or client_id), comma-separated.",
        "new-auth-function": "The function of this service that decides.",
    }

    def __init__(self, session) -> None:
        super().__init__()
        self.session = session

    def body(self):
        yield FieldRow("Name", TextField(id="new-auth-name", placeholder="cognito"), id="row-new-auth-name")
        yield FieldRow("Kind", ChoiceField([("JWT: a token from an identity provider", "jwt"), ("Lambda: a function of yours decides", "request")],
                                           allow_blank=False, id="new-auth-kind"), id="row-new-auth-kind")
        yield FieldRow("Token from", ListField(id="new-auth-sources"), id="row-new-auth-sources")
        with Vertical(id="new-jwt"):
            yield FieldRow("Issuer URL", TextField(id="new-auth-issuer", placeholder="https://cognito-idp.us-east-1.amazonaws.com/us-east-1_xxx"),
                           id="row-new-auth-issuer")
            yield FieldRow("Audiences", ListField(id="new-auth-audience", placeholder="app-client-id"), id="row-new-auth-audience")
        with Vertical(id="new-lambda"):
            yield FieldRow("Function", ChoiceField([(k, k) for k in self.session.service.functions], prompt="(a function of this service)",
                                                   id="new-auth-function"), id="row-new-auth-function")
        yield FindingsText(id="new-auth-other")
        with Horizontal(classes="buttons"):
            yield Button("Add", id="add", variant="primary", disabled=True)
            yield Button("Cancel (esc)", id="cancel")

    DEFAULT_CSS = """
    NewAuthorizerScreen #new-jwt, NewAuthorizerScreen #new-lambda { height: auto; }
    """

    def prepare(self) -> None:
        self.query_one("#new-auth-sources", Input).value = DEFAULT_IDENTITY_SOURCE
        self._show_kind()

    def _answer(self) -> NewAuthorizer:
        kind = self.query_one("#new-auth-kind", ChoiceField).read() or "jwt"
        jwt = kind == "jwt"
        return NewAuthorizer(
            name=self.query_one("#new-auth-name", Input).value.strip(), kind=kind,
            identity_source=self.query_one("#new-auth-sources", ListField).read() or [],
            issuer_url=self.query_one("#new-auth-issuer", TextField).read() if jwt else None,
            audience=self.query_one("#new-auth-audience", ListField).read() if jwt else None,
            function_name=None if jwt else self.query_one("#new-auth-function", ChoiceField).read(),
        )

    def _show_kind(self) -> None:
        jwt = (self.query_one("#new-auth-kind", ChoiceField).read() or "jwt") == "jwt"
        self.query_one("#new-jwt").display = jwt
        self.query_one("#new-lambda").display = not jwt

    def _check(self) -> bool:
        answer = self._answer()
        where = ("provider", "httpApi", "authorizers", answer.name)
        findings = self.session.probe_authorizer(
            answer.name, answer.kind, identity_source=answer.identity_source, issuer_url=answer.issuer_url,
            audience=answer.audience, function_name=answer.function_name) if answer.name else []
        rows = {where: self.query_one("#row-new-auth-name", FieldRow),
                where + ("identitySource",): self.query_one("#row-new-auth-sources", FieldRow)}
        if answer.kind == "jwt":
            rows[where + ("issuerUrl",)] = self.query_one("#row-new-auth-issuer", FieldRow)
            rows[where + ("audience",)] = self.query_one("#row-new-auth-audience", FieldRow)
        else:
            rows[where + ("functionName",)] = self.query_one("#row-new-auth-function", FieldRow)
        _say(rows, self.query_one("#new-auth-other", FindingsText), findings)
        ok = bool(answer.name) and not blocking(findings)
        self.query_one("#add", Button).disabled = not ok
        return ok

    @on(Select.Changed, "#new-auth-kind")
    def _kind(self) -> None:
        self._show_kind()
        self._check()

    @on(Input.Changed)
    @on(Select.Changed, "#new-auth-function")
    def _changed(self) -> None:
        self.app.after_keys.run_for_last_change(self, self._check)  # typed fast: checked once

    @on(Input.Submitted)
    @on(Button.Pressed, "#add")
    def _add(self) -> None:
        if self._check():
            self.dismiss(self._answer())

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)
