"""Sections for functions, authorizers, logging and advanced settings."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Checkbox, DataTable, Input, Label, Select, Static, Switch, TextArea

from ..authoring.pairs import format_environment, parse_environment
from ..checking.data.log_variables import CONTEXT_VARIABLES, RETENTION_DAYS
from ..model.http_api import DEFAULT_ACCESS_LOG_FORMAT
from .help_text import FIELDS, SECTIONS
from .sections import Changed, _field, _hint, current_runtimes

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
        yield Label("", id="fn-problems", classes="hint")
        with Horizontal():
            yield Button("Add / update", id="fn-save", variant="primary")
            yield Button("Duplicate", id="fn-duplicate")
            yield Button("Delete", id="fn-delete", variant="error")

    def on_mount(self) -> None:
        self.reload()

    def reload(self) -> None:
        table = self.query_one("#functions-table", DataTable)
        table.clear()
        for key, fn in self.session.service.functions.items():
            table.add_row(key, fn.handler or "", str(fn.memory_size or ""), str(fn.timeout or ""), str(len(fn.events)), key=key)

    def selected(self) -> str | None:
        table = self.query_one("#functions-table", DataTable)
        if table.row_count == 0:
            return None
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.data_table.id != "functions-table" or event.row_key is None:
            return
        fn = self.session.service.functions.get(event.row_key.value)
        if fn is not None:
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

    def problems(self) -> list[str]:
        name = self.query_one("#fn-name", Input).value.strip()
        handler = self.query_one("#fn-handler", Input).value.strip()
        editing = name if name in self.session.service.functions else None
        _, env_problems = parse_environment(self.query_one("#fn-environment", TextArea).text)
        return self.session.function_problems(name, handler, editing) + env_problems

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id in ("fn-name", "fn-handler"):
            self._show_problems()

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        if event.text_area.id == "fn-environment":
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
        self.session.update_function(name, handler=handler, memory_size=int(memory) if memory.isdigit() else None,
                                     timeout=int(timeout) if timeout.isdigit() else None,
                                     runtime=None if runtime is Select.NULL else runtime,
                                     description=self.query_one("#fn-description", Input).value.strip() or None,
                                     environment=environment or None)
        self.post_message(Changed())
        return True


class AuthorizersSection(VerticalScroll):
    HELP = SECTIONS["authorizers"]

    def __init__(self, session, **kwargs) -> None:
        super().__init__(**kwargs)
        self.session = session

    def compose(self) -> ComposeResult:
        yield _hint(SECTIONS["authorizers"])
        table = DataTable(id="authorizers-table", cursor_type="row")
        table.add_columns("authorizer", "type", "checks", "used by")
        yield table
        yield _field("Name", Input(id="auth-key", placeholder="cognito"))
        yield _field("Token from", Input("$request.header.Authorization", id="jwt-source", tooltip=FIELDS["jwt-source"]))
        yield _field("Issuer URL", Input(id="jwt-issuer", placeholder="https://cognito-idp.us-east-1.amazonaws.com/us-east-1_xxx",
                                         tooltip=FIELDS["jwt-issuer"]))
        yield _field("Audiences", Input(id="jwt-audience", placeholder="app-client-id", tooltip=FIELDS["jwt-audience"]))
        yield _field("Or function", Select([], id="lambda-function", prompt="(a Lambda authorizer: pick its function)"))
        with Horizontal():
            yield Button("Add JWT", id="add-jwt", variant="primary")
            yield Button("Add Lambda", id="add-lambda")
            yield Button("Delete", id="delete-authorizer", variant="error")

    def on_mount(self) -> None:
        self.reload()

    def reload(self) -> None:
        table = self.query_one("#authorizers-table", DataTable)
        table.clear()
        for key, auth in self.session.service.provider.http_api.authorizers.items():
            if auth.type == "request":
                kind, checks = "Lambda", f"function {auth.function_name or auth.function_arn}"
            else:
                kind, checks = "JWT", f"{auth.issuer_url}"
            used = self.session.routes_using(key)
            table.add_row(key, kind, checks, ", ".join(used) or "(no route)", key=key)
        functions = [(k, k) for k in self.session.service.functions]
        self.query_one("#lambda-function", Select).set_options(functions)

    def selected(self) -> str | None:
        table = self.query_one("#authorizers-table", DataTable)
        if table.row_count == 0:
            return None
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value

    def on_button_pressed(self, event: Button.Pressed) -> None:
        key = self.query_one("#auth-key", Input).value.strip()
        if event.button.id == "add-jwt" and key:
            self.session.set_jwt_authorizer(key, self.query_one("#jwt-source", Input).value.strip(),
                                            self.query_one("#jwt-issuer", Input).value.strip(),
                                            _csv(self.query_one("#jwt-audience", Input).value))
            self.post_message(Changed())
        elif event.button.id == "add-lambda" and key:
            function = self.query_one("#lambda-function", Select).value
            if function is Select.NULL:
                self.app.notify("Pick the authorizer's function", severity="warning")
                return
            self.session.set_lambda_authorizer(key, function, [self.query_one("#jwt-source", Input).value.strip()])
            self.post_message(Changed())


class LoggingSection(VerticalScroll):
    HELP = SECTIONS["logging"]

    def __init__(self, session, **kwargs) -> None:
        super().__init__(**kwargs)
        self.session = session

    def compose(self) -> ComposeResult:
        logs = self.session.service.provider.access_logs
        yield _hint(SECTIONS["logging"])
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
        self.post_message(Changed())


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
        payload = self.query_one("#payload", Select).value
        self.session.set_http_api("payload", None if payload == "2.0" else payload)
        self.session.set_http_api("metrics", True if self.query_one("#metrics", Checkbox).value else None)
        self.session.set_http_api("disable_default_endpoint", True if self.query_one("#disable-endpoint", Checkbox).value else None)
        self.session.set_http_api("name", self.query_one("#api-name", Input).value.strip() or None)
        self.session.set_http_api("id", self.query_one("#api-id", Input).value.strip() or None)
        self.post_message(Changed())
