"""Sections for functions, authorizers, logging and advanced settings."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Checkbox, DataTable, Input, Label, Select, Static, Switch, TextArea

from ..authoring.pairs import format_environment, parse_environment, parse_tags
from ..checking.data.log_variables import CONTEXT_VARIABLES, RETENTION_DAYS
from ..model.http_api import DEFAULT_ACCESS_LOG_FORMAT
from .help_text import FIELDS, SECTIONS
from .legacy_session import LegacySession
from .sections import _field, _hint, changed, current_runtimes, external_note, refill, show_external, tags_area

SAMPLE_CONTEXT = {"requestId": "JKJaXmPLvHcESHA=", "identity.sourceIp": "192.0.2.1", "requestTime": "10/Mar/2020:00:03:59 +0000",
                  "httpMethod": "GET", "routeKey": "GET /users/{id}", "status": "200", "protocol": "HTTP/1.1",
                  "responseLength": "42", "path": "/users/42", "responseLatency": "35", "integrationLatency": "31"}


def _csv(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


class FunctionsSection(VerticalScroll):
    HELP = SECTIONS["functions"]

    def __init__(self, session, **kwargs) -> None:
        super().__init__(**kwargs)
        self.session = session
        # The function the form shows; the table keeps it selected.
        self.loaded: str | None = None

    def compose(self) -> ComposeResult:
        yield _hint(SECTIONS["functions"])
        table = DataTable(id="functions-table", cursor_type="row")
        table.add_columns("function", "handler", "memory", "timeout", "routes")
        yield table
        yield _field("Name", Input(id="fn-name", placeholder="getUser", tooltip=FIELDS["fn-name"]))
        yield _field("Handler", Input(id="fn-handler", placeholder="src/users.get", tooltip=FIELDS["fn-handler"]))
        yield _field("Memory (MB)", Input(id="fn-memory", type="integer", placeholder="(service default)"))
        yield _field("Timeout (s)", Input(id="fn-timeout", type="integer", placeholder="(service default)"))
        yield _field("Runtime", Select([(r, r) for r in current_runtimes()], prompt="(service default)", id="fn-runtime",
                                       tooltip=FIELDS["fn-runtime"]))
        yield _field("Description", Input(id="fn-description", placeholder="(none)", tooltip=FIELDS["fn-description"]))
        environment = TextArea("", id="fn-environment", soft_wrap=False, tooltip=FIELDS["fn-environment"])
        environment.border_title = "Environment variables, one KEY=value per line"
        yield environment
        yield tags_area("fn-tags", None)
        yield Label("", id="fn-problems", classes="hint")
        with Horizontal():
            yield Button("Add / update", id="fn-save", variant="primary")
            yield Button("Duplicate", id="fn-duplicate")
            yield Button("Delete", id="fn-delete", variant="error")

    def on_mount(self) -> None:
        self.reload()

    def reload(self) -> None:
        refill(self.query_one("#functions-table", DataTable),
               [((key, fn.handler or "", str(fn.memory_size or ""), str(fn.timeout or ""), str(len(fn.events))), key)
                for key, fn in self.session.service.functions.items()], self.loaded)

    def selected(self) -> str | None:
        table = self.query_one("#functions-table", DataTable)
        if table.row_count == 0:
            return None
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.data_table.id != "functions-table" or event.row_key is None:
            return
        fn = self.session.service.functions.get(event.row_key.value)
        if fn is not None and fn.key != self.loaded:
            self.loaded = fn.key
            self.query_one("#fn-name", Input).value = fn.key
            self.query_one("#fn-handler", Input).value = fn.handler or ""
            self.query_one("#fn-memory", Input).value = str(fn.memory_size or "")
            self.query_one("#fn-timeout", Input).value = str(fn.timeout or "")
            runtime = self.query_one("#fn-runtime", Select)
            if fn.runtime and fn.runtime not in current_runtimes():
                runtime.set_options([(f"{fn.runtime} (retired)", fn.runtime)] + [(r, r) for r in current_runtimes()])
            runtime.value = fn.runtime if fn.runtime else Select.NULL
            self.query_one("#fn-description", Input).value = str(fn.description or "")
            area = self.query_one("#fn-environment", TextArea)
            # Only plain text values can round-trip through KEY=value lines; anything else
            # (!Ref, ${...} for the whole block, lists) is shown but left to the file.
            editable = fn.environment is None or (isinstance(fn.environment, dict) and all(
                isinstance(v, str) for v in fn.environment.values()))
            area.text = format_environment(fn.environment) if isinstance(fn.environment, dict) else str(fn.environment or "")
            area.read_only = not editable
            area.border_subtitle = "" if editable else "holds CloudFormation values: edit them in serverless.yml"
            fresh = tags_area("fn-tags", fn.tags)
            tags = self.query_one("#fn-tags", TextArea)
            tags.text, tags.read_only, tags.border_subtitle = fresh.text, fresh.read_only, fresh.border_subtitle

    def problems(self) -> list[str]:
        name = self.query_one("#fn-name", Input).value.strip()
        handler = self.query_one("#fn-handler", Input).value.strip()
        editing = name if name in self.session.service.functions else None
        _, env_problems = parse_environment(self.query_one("#fn-environment", TextArea).text)
        _, tag_problems = parse_tags(self.query_one("#fn-tags", TextArea).text)
        return (LegacySession.function_problems(self.session, name, handler, editing) + env_problems
                + [f"tags, {problem}" for problem in tag_problems])

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id in ("fn-name", "fn-handler"):
            self._show_problems()

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        if event.text_area.id in ("fn-environment", "fn-tags"):
            self._show_problems()

    def _show_problems(self) -> None:
        problems = self.problems()
        label = self.query_one("#fn-problems", Label)
        label.update("\n".join(problems) or "OK")
        label.set_class(bool(problems), "error")

    def save_function(self) -> bool:
        if self.problems():
            return False
        name = self.query_one("#fn-name", Input).value.strip()
        handler = self.query_one("#fn-handler", Input).value.strip()
        memory = self.query_one("#fn-memory", Input).value.strip()
        timeout = self.query_one("#fn-timeout", Input).value.strip()
        if name not in self.session.service.functions:
            self.session.add_function(name, handler)
        runtime = self.query_one("#fn-runtime", Select).value
        area = self.query_one("#fn-environment", TextArea)
        fn = self.session.service.functions[name]
        environment, _ = parse_environment(area.text)
        if area.read_only or (isinstance(fn.environment, dict) and area.text == format_environment(fn.environment)):
            environment = fn.environment  # untouched: keep the values exactly as written (numbers stay numbers)
        tags_area_ = self.query_one("#fn-tags", TextArea)
        tags, _ = parse_tags(tags_area_.text)
        if tags_area_.read_only or (isinstance(fn.tags, dict) and tags_area_.text == format_environment(fn.tags)):
            tags = fn.tags
        self.session.update_function(name, handler=handler, tags=tags or None, memory_size=int(memory) if memory.isdigit() else None,
                                     timeout=int(timeout) if timeout.isdigit() else None,
                                     runtime=None if runtime is Select.NULL else runtime,
                                     description=self.query_one("#fn-description", Input).value.strip() or None,
                                     environment=environment or None)
        self.loaded = name
        changed(self)
        return True


class AuthorizersSection(VerticalScroll):
    """The table of authorizers and a form that adds one or edits the selected one."""

    HELP = SECTIONS["authorizers"]

    def __init__(self, session, **kwargs) -> None:
        super().__init__(**kwargs)
        self.session = session
        # The authorizer the form was filled from (saving replaces it), or None (saving adds).
        self.loaded: str | None = None

    def compose(self) -> ComposeResult:
        yield _hint(SECTIONS["authorizers"])
        yield external_note("authorizers")
        table = DataTable(id="authorizers-table", cursor_type="row")
        table.add_columns("authorizer", "type", "checks", "used by")
        yield table
        yield _field("Name", Input(id="auth-key", placeholder="cognito", tooltip=FIELDS["auth-key"]))
        yield _field("Kind", Select([("JWT: a token from an identity provider", "jwt"), ("Lambda: your function decides", "request")],
                                    value="jwt", allow_blank=False, id="auth-kind", tooltip=FIELDS["auth-kind"]))
        yield _field("Token from", Input("$request.header.Authorization", id="auth-sources", tooltip=FIELDS["auth-sources"]))
        with Vertical(id="jwt-fields"):
            yield _field("Issuer URL", Input(id="jwt-issuer", placeholder="https://cognito-idp.us-east-1.amazonaws.com/us-east-1_xxx",
                                             tooltip=FIELDS["jwt-issuer"]))
            yield _field("Audiences", Input(id="jwt-audience", placeholder="app-client-id", tooltip=FIELDS["jwt-audience"]))
        with Vertical(id="lambda-fields"):
            yield _field("Function", Select([], id="lambda-function", prompt="(a function of this service)", tooltip=FIELDS["lambda-function"]))
            yield _field("Or its ARN", Input(id="lambda-arn", placeholder="arn:aws:lambda:us-east-1:123456789012:function:auth",
                                             tooltip=FIELDS["lambda-arn"]))
            yield _field("Cache (s)", Input(id="lambda-ttl", type="integer", placeholder="0 to 3600; empty: AWS's default",
                                            tooltip=FIELDS["lambda-ttl"]))
            yield _field("Payload", Select([("2.0", "2.0"), ("1.0", "1.0")], value="2.0", allow_blank=False, id="lambda-payload",
                                           tooltip=FIELDS["lambda-payload"]))
            yield Checkbox("Simple responses ({\"isAuthorized\": true})", id="lambda-simple", tooltip=FIELDS["lambda-simple"])
            yield Checkbox("Managed externally (you grant API Gateway the right to call it)", id="lambda-managed",
                           tooltip=FIELDS["lambda-managed"])
        yield Label("", id="auth-problems", classes="hint")
        with Horizontal():
            yield Button("Add authorizer", id="auth-save", variant="primary")
            yield Button("New", id="auth-new")
            yield Button("Delete", id="delete-authorizer", variant="error")
        yield _hint(SECTIONS["iam"])

    def on_mount(self) -> None:
        self._show_kind("jwt")
        self.reload()

    def reload(self) -> None:
        rows = []
        for key, auth in self.session.service.provider.http_api.authorizers.items():
            if auth.type == "request":
                kind, checks = "Lambda", f"function {auth.function_name or auth.function_arn}"
            else:
                kind, checks = "JWT", f"{auth.issuer_url}"
            used = self.session.routes_using(key)
            rows.append(((key, kind, checks, ", ".join(used) or "(no route)"), key))
        refill(self.query_one("#authorizers-table", DataTable), rows, self.loaded)
        show_external(self, self.session, "#auth-save")
        functions = list(self.session.service.functions)
        select = self.query_one("#lambda-function", Select)
        if getattr(select, "shown_functions", None) != functions:
            value = select.value
            select.set_options([(k, k) for k in functions])
            select.shown_functions = functions
            if value in functions:
                select.value = value

    def selected(self) -> str | None:
        table = self.query_one("#authorizers-table", DataTable)
        if table.row_count == 0:
            return None
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value

    def _show_kind(self, kind: str) -> None:
        self.query_one("#jwt-fields").display = kind == "jwt"
        self.query_one("#lambda-fields").display = kind == "request"

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.data_table.id != "authorizers-table" or event.row_key is None:
            return
        auth = self.session.service.provider.http_api.authorizers.get(event.row_key.value)
        if auth is not None and auth.key != self.loaded:  # the table refilling must not undo the form's edits
            self.load(auth)

    def load(self, auth) -> None:
        """Fill the form from ``auth``; saving then replaces it."""
        self.loaded = auth.key
        sources = auth.identity_source
        sources = sources if isinstance(sources, list) else ([sources] if sources else [])
        self.query_one("#auth-key", Input).value = auth.key
        self.query_one("#auth-kind", Select).value = "request" if auth.type == "request" else "jwt"
        self.query_one("#auth-sources", Input).value = ", ".join(str(s) for s in sources)
        audience = auth.audience if isinstance(auth.audience, list) else ([auth.audience] if auth.audience else [])
        self.query_one("#jwt-issuer", Input).value = str(auth.issuer_url or "")
        self.query_one("#jwt-audience", Input).value = ", ".join(str(a) for a in audience)
        select = self.query_one("#lambda-function", Select)
        select.value = auth.function_name if auth.function_name in self.session.service.functions else Select.NULL
        self.query_one("#lambda-arn", Input).value = str(auth.function_arn or "")
        self.query_one("#lambda-ttl", Input).value = "" if auth.result_ttl_in_seconds is None else str(auth.result_ttl_in_seconds)
        self.query_one("#lambda-payload", Select).value = "1.0" if str(auth.payload_version) in ("1", "1.0") else "2.0"
        self.query_one("#lambda-simple", Checkbox).value = auth.enable_simple_responses is True
        self.query_one("#lambda-managed", Checkbox).value = auth.managed_externally is True
        self.query_one("#auth-save", Button).label = f"Save {auth.key}"

    def clear(self) -> None:
        self.loaded = None
        for field in ("#auth-key", "#jwt-issuer", "#jwt-audience", "#lambda-arn", "#lambda-ttl"):
            self.query_one(field, Input).value = ""
        self.query_one("#auth-sources", Input).value = "$request.header.Authorization"
        self.query_one("#lambda-function", Select).value = Select.NULL
        self.query_one("#auth-save", Button).label = "Add authorizer"
        self.query_one("#auth-key", Input).focus()

    def authorizer(self):
        """The authorizer the form describes, built by the session."""
        kind = self.query_one("#auth-kind", Select).value
        function = self.query_one("#lambda-function", Select).value
        ttl = self.query_one("#lambda-ttl", Input).value.strip()
        return LegacySession.make_authorizer(self.session,
            self.query_one("#auth-key", Input).value.strip(), kind,
            identity_sources=_csv(self.query_one("#auth-sources", Input).value),
            issuer_url=self.query_one("#jwt-issuer", Input).value.strip(),
            audience=_csv(self.query_one("#jwt-audience", Input).value),
            function_name=None if function is Select.NULL else function,
            function_arn=self.query_one("#lambda-arn", Input).value.strip(),
            ttl=int(ttl) if ttl.lstrip("-").isdigit() else None,
            simple_responses=self.query_one("#lambda-simple", Checkbox).value,
            payload_version=self.query_one("#lambda-payload", Select).value,
            managed_externally=self.query_one("#lambda-managed", Checkbox).value,
            replacing=self.loaded,
        )

    def problems(self) -> list[str]:
        return LegacySession.authorizer_problems(self.session, self.authorizer(), self.loaded)

    def _show_problems(self) -> None:
        problems = self.problems()
        label = self.query_one("#auth-problems", Label)
        label.update("\n".join(problems) or "OK")
        label.set_class(bool(problems), "error")

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id in ("auth-key", "auth-sources", "jwt-issuer", "jwt-audience", "lambda-arn", "lambda-ttl"):
            self._show_problems()

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "auth-kind":
            self._show_kind(event.value)
            sources = self.query_one("#auth-sources", Input)
            sources.parent.query_one(Label).update("Token from" if event.value == "jwt" else "Identity from")
        if event.select.id in ("auth-kind", "lambda-function", "lambda-payload"):
            self._show_problems()

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        self._show_problems()

    def save_authorizer(self) -> bool:
        if self.problems():
            self._show_problems()
            return False
        authorizer = self.authorizer()
        self.session.set_authorizer(authorizer, self.loaded)
        self.loaded = authorizer.key
        self.query_one("#auth-save", Button).label = f"Save {authorizer.key}"
        changed(self)
        return True

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "auth-save":
            self.app.action_save_authorizer()
        elif event.button.id == "auth-new":
            self.clear()


class LoggingSection(VerticalScroll):
    HELP = SECTIONS["logging"]

    def __init__(self, session, **kwargs) -> None:
        super().__init__(**kwargs)
        self.session = session

    def compose(self) -> ComposeResult:
        logs = self.session.service.provider.access_logs
        yield _hint(SECTIONS["logging"])
        yield external_note("access logs")
        yield _field("Access logs", Switch(value=logs is not None, id="logs-on"))
        yield _field("Format", Input(logs.format or "" if logs else "", id="log-format", placeholder="(Serverless's default)",
                                     tooltip=FIELDS["log-format"]))
        yield _field("Add variable", Select([(f"$context.{v}", v) for v in sorted(CONTEXT_VARIABLES)], id="log-variable",
                                           prompt="pick a $context variable"))
        days = self.session.service.provider.log_retention_in_days
        yield _field("Keep (days)", Select([(str(d), d) for d in sorted(RETENTION_DAYS)], id="log-retention",
                                          value=days if days in RETENTION_DAYS else Select.NULL, prompt="forever"))
        yield Static("", id="log-example", classes="hint")
        yield Button("Apply logging", id="apply-logs", variant="primary")

    def on_mount(self) -> None:
        self._example()
        self.reload()

    def reload(self) -> None:
        show_external(self, self.session, "#apply-logs")

    def _example(self) -> None:
        fmt = self.query_one("#log-format", Input).value or DEFAULT_ACCESS_LOG_FORMAT
        line = fmt
        for name in sorted(SAMPLE_CONTEXT, key=len, reverse=True):
            line = line.replace(f"$context.{name}", SAMPLE_CONTEXT[name])
        self.query_one("#log-example", Static).update(f"A request would log:\n{line}")

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "log-format":
            self._example()

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "log-variable" and event.value is not Select.NULL:
            field = self.query_one("#log-format", Input)
            base = field.value or DEFAULT_ACCESS_LOG_FORMAT
            name = str(event.value).split(".")[-1]
            field.value = base[:-1] + f',"{name}":"$context.{event.value}"}}' if base.endswith("}") else f"{base} $context.{event.value}"

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id != "apply-logs":
            return
        self.session.set_access_logs(self.query_one("#logs-on", Switch).value, self.query_one("#log-format", Input).value.strip())
        days = self.query_one("#log-retention", Select).value
        self.session.set_service("log_retention_in_days", None if days is Select.NULL else days)
        changed(self)


class AdvancedSection(VerticalScroll):
    HELP = SECTIONS["advanced"]

    def __init__(self, session, **kwargs) -> None:
        super().__init__(**kwargs)
        self.session = session

    def compose(self) -> ComposeResult:
        h = self.session.service.provider.http_api
        yield _hint(SECTIONS["advanced"])
        yield _field("Payload", Select([("2.0 (simpler event)", "2.0"), ("1.0 (REST-style event)", "1.0")],
                                       value=str(h.payload) if h.payload in ("1.0", "2.0") else "2.0", id="payload", allow_blank=False))
        yield _field("Metrics", Checkbox("detailed metrics per route", value=bool(h.metrics), id="metrics"))
        yield _field("Endpoint", Checkbox("disable the default execute-api URL", value=bool(h.disable_default_endpoint), id="disable-endpoint"))
        yield _field("API name", Input(str(h.name or ""), placeholder="(stage-service)", id="api-name"))
        yield _field("External API id", Input(h.id if isinstance(h.id, str) else "", placeholder="(create one)", id="api-id",
                                              tooltip=FIELDS["api-id"]))
        yield Button("Apply", id="apply-advanced", variant="primary")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id != "apply-advanced":
            return
        h = self.session.service.provider.http_api
        payload = self.query_one("#payload", Select).value
        api_id = self.query_one("#api-id", Input).value.strip() or None
        fields = {
            # 2.0 is the default: written only if the file already spells it out.
            "payload": payload if payload != "2.0" or str(h.payload) in ("2", "2.0") else None,
            "metrics": True if self.query_one("#metrics", Checkbox).value else None,
            "disable_default_endpoint": True if self.query_one("#disable-endpoint", Checkbox).value else None,
            "name": self.query_one("#api-name", Input).value.strip() or None,
            "id": api_id,
        }
        conflicts = self.session.external_api_conflicts() if api_id and api_id != h.id else []

        def apply(yes: bool = True) -> None:
            if not yes:
                return
            dropped = self.session.update_http_api(**fields)
            if dropped:
                self.app.notify(f"Turned off for the external API: {', '.join(dropped)}", timeout=8)
            changed(self)

        if conflicts:
            from .screens import ConfirmScreen

            named = self.session.routes_naming_authorizers()
            question = (f"The HTTP API {api_id} is created elsewhere, so its CORS, access logs and authorizers are set "
                        f"where it is defined (Serverless refuses them here). Turn off {', '.join(conflicts)}?")
            if named:
                question += (f" {len(named)} route(s) name an authorizer of this stack ({', '.join(named)}): give each "
                             "the id of the external API's authorizer (Routes, e).")
            self.app.push_screen(ConfirmScreen(question), apply)
        else:
            apply()

    def reload(self) -> None:
        """Show the settings as they are now (after an undo, say)."""
        h = self.session.service.provider.http_api
        self.query_one("#payload", Select).value = "1.0" if str(h.payload) in ("1", "1.0") else "2.0"
        self.query_one("#metrics", Checkbox).value = bool(h.metrics)
        self.query_one("#disable-endpoint", Checkbox).value = bool(h.disable_default_endpoint)
        self.query_one("#api-name", Input).value = str(h.name or "")
        self.query_one("#api-id", Input).value = h.id if isinstance(h.id, str) else ""
