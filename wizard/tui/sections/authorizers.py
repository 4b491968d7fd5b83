"""Authorizers: the table of JWT and Lambda authorizers, and the form of the selected one (changed as you type)."""

from __future__ import annotations

from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Checkbox, DataTable, Input, Label, Select, Static

from ..guard import guarded_call, on
from ..screens.names import NewAuthorizerScreen
from ..widgets.fields import ChoiceField, FieldRow, IntField, ListField, TextField, Toggle
from ..widgets.tables import EntryTable
from ..widgets.text import Hint, update
from .base import Findings, Section, entry_bindings

IAM = ("**IAM** needs no definition here: pick it per route (Routes, edit the route, authorizer \"IAM\"). Callers then "
       "sign requests with AWS credentials (SigV4) and need execute-api:Invoke permission.")


class AuthorizersSection(Section):
    KEY = "authorizers"
    TITLE = "Authorizers"
    SUMMARY = "**Authorizers**: who may call the routes that name one. The form changes the selected one as you type."
    HELP = ("**Authorizers.** They check a request before your function runs. A **JWT** authorizer checks a token "
            "from an identity provider (Cognito, Auth0, ...); a **Lambda** authorizer runs a function of yours to "
            "decide; **IAM** (chosen per route) needs requests signed with AWS credentials. A route uses an "
            "authorizer by naming it (Routes, e).")
    FIELD_HELP = {
        "authorizers-table": "The authorizers, their kind, what they check and the routes that use them. ↑ ↓ selects "
        "one for the form below; n adds one, r renames it (its routes follow), d deletes it (its routes become open).",
        "auth-kind": "JWT: API Gateway itself checks a token issued by Cognito, Auth0, Okta...; no code of yours. "
        "Lambda: a function of yours looks at the request (headers, query string...) and says yes or no.",
        "auth-sources": "Where the credentials are, e.g. $request.header.Authorization. A Lambda authorizer may list "
        "several, comma-separated ($request.querystring.key, $context.routeKey...): a request missing one is refused "
        "with 401 before your function runs. A JWT authorizer takes one.",
        "jwt-issuer": "The https:// URL of your identity provider, e.g. https://cognito-idp.<region>.amazonaws.com/<userPoolId>.",
        "jwt-audience": "Client ids the token may be issued to (its aud or client_id claim), separated by commas.",
        "lambda-function": "The function of this service that decides (it answers allow or deny).",
        "lambda-arn": "Or the ARN of a function outside this service; giving one clears the other.",
        "lambda-ttl": "Seconds API Gateway remembers the answer for the same identity (0 to 3600); empty or 0 asks "
        "your function every time. Caching needs at least one identity source.",
        "lambda-payload": "The event format your authorizer function receives: 2.0 (simpler) or 1.0 (REST-style).",
        "lambda-simple": "With payload 2.0 your function may answer just {\"isAuthorized\": true/false} instead of an IAM policy.",
        "lambda-managed": "Checked: Serverless does not add the permission that lets API Gateway call the function; you "
        "manage it elsewhere (e.g. a function in another stack).",
        "auth-new": "Add a JWT or Lambda authorizer (n).",
        "auth-rename": "Give the selected authorizer another name; the routes that use it follow (r).",
        "auth-delete": "Delete the selected authorizer; its routes become open, after asking (d).",
    }
    OWNS = (("provider", "httpApi", "authorizers"),)
    BINDINGS = entry_bindings(
        ("n", "new_authorizer", "New", "Add an authorizer"),
        ("r", "rename_authorizer", "Rename", "Rename the selected authorizer"),
        ("d", "delete_authorizer", "Delete", "Delete the selected authorizer"),
    )

    def __init__(self, session, **kwargs) -> None:
        super().__init__(session, **kwargs)
        self.selected: str | None = None

    def form(self):
        yield Static("", classes="external-note")
        yield EntryTable("authorizer", "kind", "checks", "used by", id="authorizers-table")
        with Horizontal(classes="buttons"):
            yield Button("New (n)", id="auth-new", variant="primary", compact=True)
            yield Button("Rename (r)", id="auth-rename", compact=True)
            yield Button("Delete (d)", id="auth-delete", variant="error", compact=True)
        yield Label("No authorizers: every route is open unless it picks IAM. New (n) adds one.", id="auth-empty",
                    classes="entry-title")
        with Vertical(id="auth-form"):
            yield Label("", id="auth-title", classes="entry-title")
            yield Findings(id="auth-findings")
            yield FieldRow("Kind", ChoiceField([("JWT: a token from an identity provider", "jwt"), ("Lambda: your function decides", "request")],
                                               allow_blank=False, id="auth-kind"), id="row-auth-kind")
            yield FieldRow("Token from", ListField(id="auth-sources", placeholder="$request.header.Authorization"), id="row-auth-sources")
            with Vertical(id="jwt-fields"):
                yield FieldRow("Issuer URL", TextField(id="jwt-issuer", placeholder="https://cognito-idp.us-east-1.amazonaws.com/us-east-1_xxx"),
                               id="row-jwt-issuer")
                yield FieldRow("Audiences", ListField(id="jwt-audience", placeholder="app-client-id"), id="row-jwt-audience")
            with Vertical(id="lambda-fields"):
                yield FieldRow("Function", ChoiceField([], prompt="(a function of this service)", id="lambda-function"), id="row-lambda-function")
                yield FieldRow("Or its ARN", TextField(id="lambda-arn", placeholder="arn:aws:lambda:us-east-1:123456789012:function:auth"),
                               id="row-lambda-arn")
                yield FieldRow("Cache (s)", IntField(id="lambda-ttl", placeholder="0 to 3600; empty: AWS's default"), id="row-lambda-ttl")
                yield FieldRow("Payload", ChoiceField([("2.0", "2.0"), ("1.0", "1.0")], allow_blank=False, id="lambda-payload"),
                               id="row-lambda-payload")
                yield FieldRow("Responses", Toggle("Simple responses ({\"isAuthorized\": true})", id="lambda-simple"), id="row-lambda-simple")
                yield FieldRow("Permission", Toggle("Managed externally (you grant API Gateway the right to call it)", id="lambda-managed"),
                               id="row-lambda-managed")
        yield Hint(IAM, classes="iam")

    DEFAULT_CSS = """
    AuthorizersSection #auth-form, AuthorizersSection #jwt-fields, AuthorizersSection #lambda-fields { height: auto; }
    AuthorizersSection .iam { margin-top: 1; }
    """

    def entry_key(self) -> str | None:
        return self.selected

    def reload(self) -> None:
        authorizers = self.session.service.provider.http_api.authorizers
        rows = []
        for key, auth in authorizers.items():
            if auth.type == "request":
                kind, checks = "Lambda", f"function {auth.function_name or auth.function_arn or '?'}"
            else:
                kind, checks = "JWT", str(auth.issuer_url or "?")
            rows.append(((key, kind, checks, ", ".join(self.session.routes_using(key)) or "(no route)"), key))
        table = self.query_one("#authorizers-table", EntryTable)
        table.refill(rows, self.selected)
        if self.selected not in authorizers:
            self.selected = table.selected_key
        auth = authorizers.get(self.selected) if self.selected else None
        self.query_one("#auth-form").display = auth is not None
        self.query_one("#auth-empty").display = auth is None
        external = self.show_external("authorizers")
        self.query_one("#auth-new", Button).disabled = external
        for button in ("#auth-rename", "#auth-delete"):
            self.query_one(button, Button).disabled = auth is None or external
        if auth is None:
            return
        where = ("provider", "httpApi", "authorizers", auth.key)
        lambda_kind = auth.type == "request"
        update(self.query_one("#auth-title"), f"{'Lambda' if lambda_kind else 'JWT'} authorizer {auth.key}")
        self.query_one("#auth-findings", Findings).path = where
        self.query_one("#jwt-fields").display = not lambda_kind
        self.query_one("#lambda-fields").display = lambda_kind
        update(self.query_one("#row-auth-sources Label"), "Identity from" if lambda_kind else "Token from")
        function = self.query_one("#lambda-function", ChoiceField)
        function.offer([(k, k) for k in self.session.service.functions])
        for selector, value, key in (
            ("#auth-kind", "request" if lambda_kind else "jwt", "type"),
            ("#auth-sources", auth.identity_source, "identitySource"),
            ("#jwt-issuer", auth.issuer_url, "issuerUrl"),
            ("#jwt-audience", auth.audience, "audience"),
            ("#lambda-function", auth.function_name, "functionName"),
            ("#lambda-arn", auth.function_arn, "functionArn"),
            ("#lambda-ttl", auth.result_ttl_in_seconds, "resultTtlInSeconds"),
            ("#lambda-payload", "1.0" if str(auth.payload_version) in ("1", "1.0") else "2.0", "payloadVersion"),
            ("#lambda-simple", auth.enable_simple_responses is True, "enableSimpleResponses"),
            ("#lambda-managed", auth.managed_externally is True, "managedExternally"),
        ):
            field = self.query_one(selector)
            field.path = where + (key,)
            field.show(value)

    def select_for(self, path: tuple) -> None:
        if len(path) > 3 and path[:3] == ("provider", "httpApi", "authorizers"):
            self.selected = path[3]

    @on(DataTable.RowHighlighted, "#authorizers-table")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        key = event.row_key.value if event.row_key is not None else None
        # Refilling the table moves its cursor on the way: only where it rests now is a choice.
        if key != event.data_table.selected_key:
            return
        if key is not None and key != self.selected:
            self.selected = key
            self.session.seal()
            self.refresh_from_model()

    def _auth(self):
        return self.session.service.provider.http_api.authorizers.get(self.selected)

    def _setting(self, field, attribute: str) -> None:
        auth = self._auth()
        if auth is None:
            return
        key = self.selected
        self.commit(field, getattr(auth, attribute),
                    lambda value, group: self.session.update_authorizer(key, group, **{attribute: value}))

    @on(Select.Changed, "#auth-kind")
    def _kind(self, event: Select.Changed) -> None:
        auth = self._auth()
        kind = event.select.value
        if auth is not None and kind in ("jwt", "request") and (auth.type == "request") != (kind == "request"):
            self.session.set_authorizer_kind(auth.key, kind)

    @on(Input.Changed, "#auth-sources")
    def _sources(self, event: Input.Changed) -> None:
        auth = self._auth()
        if auth is None:
            return
        current = auth.identity_source if isinstance(auth.identity_source, list) or auth.identity_source is None else [auth.identity_source]
        key = self.selected
        self.commit(event.input, current, lambda value, group: self.session.update_authorizer(key, group, identity_source=value))

    @on(Input.Changed, "#jwt-issuer")
    def _issuer(self, event: Input.Changed) -> None:
        self._setting(event.input, "issuer_url")

    @on(Input.Changed, "#jwt-audience")
    def _audience(self, event: Input.Changed) -> None:
        auth = self._auth()
        if auth is None:
            return
        current = auth.audience if isinstance(auth.audience, list) or auth.audience is None else [auth.audience]
        key = self.selected
        self.commit(event.input, current, lambda value, group: self.session.update_authorizer(key, group, audience=value))

    @on(Select.Changed, "#lambda-function")
    def _function(self, event: Select.Changed) -> None:
        auth = self._auth()
        if auth is not None and event.select.read() != auth.function_name and event.select.read() is not None:
            self.session.set_authorizer_function(auth.key, function_name=event.select.read())

    @on(Input.Changed, "#lambda-arn")
    def _arn(self, event: Input.Changed) -> None:
        auth = self._auth()
        if auth is None:
            return
        key = self.selected

        def change(value, group) -> None:
            # An ARN clears the function picked in the service; clearing the ARN keeps that function.
            if value:
                self.session.set_authorizer_function(key, function_arn=value, group=group)
            else:
                self.session.set_authorizer_function(key, function_name=auth.function_name, group=group)

        self.commit(event.input, auth.function_arn, change)

    @on(Input.Changed, "#lambda-ttl")
    def _ttl(self, event: Input.Changed) -> None:
        self._setting(event.input, "result_ttl_in_seconds")

    @on(Select.Changed, "#lambda-payload")
    def _payload(self, event: Select.Changed) -> None:
        auth = self._auth()
        if auth is None:
            return
        shown = "1.0" if str(auth.payload_version) in ("1", "1.0") else "2.0"
        if event.select.value != shown:
            self.session.update_authorizer(auth.key, payload_version=event.select.value)

    @on(Checkbox.Changed, "#lambda-simple")
    def _simple(self, event: Checkbox.Changed) -> None:
        auth = self._auth()
        if auth is not None and (auth.enable_simple_responses is True) != event.checkbox.value:
            self.session.update_authorizer(auth.key, enable_simple_responses=event.checkbox.value)

    @on(Checkbox.Changed, "#lambda-managed")
    def _managed(self, event: Checkbox.Changed) -> None:
        auth = self._auth()
        if auth is not None and (auth.managed_externally is True) != event.checkbox.value:
            self.session.update_authorizer(auth.key, managed_externally=event.checkbox.value)

    # ----- entries ------------------------------------------------------------------------------

    @on(Button.Pressed, "#auth-new")
    def action_new_authorizer(self) -> None:
        if self.session.service.provider.http_api.id:
            self.app.notify("The routes go to an HTTP API made elsewhere: its authorizers are set there", severity="warning")
            return

        def added(answer) -> None:
            if answer is None:
                return
            self.session.add_authorizer(answer.name, answer.kind, issuer_url=answer.issuer_url, audience=answer.audience,
                                        function_name=answer.function_name, identity_source=answer.identity_source)
            self.selected = answer.name
            self.refresh_from_model()

        self.app.push_screen(NewAuthorizerScreen(self.session), guarded_call(self, added))

    @on(Button.Pressed, "#auth-rename")
    def action_rename_authorizer(self) -> None:
        key = self.selected
        if key is None:
            return
        self.ask_rename("authorizer", key, lambda name: self.session.probe_authorizer(name, renaming=key),
                        self.session.rename_authorizer, self.FIELD_HELP["auth-rename"])

    @on(Button.Pressed, "#auth-delete")
    def action_delete_authorizer(self) -> None:
        key = self.selected
        if key is None:
            return
        used = self.session.routes_using(key)
        question = f"Delete the authorizer {key}?" + (f" {len(used)} route(s) become open: {', '.join(used)}." if used else "")
        self.ask_delete(question, lambda: self.session.delete_authorizer(key))

    def action_state(self, action: str) -> bool | None:
        if action in ("rename_authorizer", "delete_authorizer") and self.selected is None:
            return None
        return True
