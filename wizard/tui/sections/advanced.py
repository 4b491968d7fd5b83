"""Advanced: the event format, metrics, the default endpoint, the API's name, an HTTP API made elsewhere."""

from __future__ import annotations

from textual.containers import Horizontal
from textual.widgets import Button, Checkbox, Input, Label, Select

from ..guard import guarded_call, on
from ..screens.external_api import ExternalApiScreen
from ..widgets.fields import ChoiceField, FieldRow, TextField, Toggle
from ..widgets.text import update
from .base import Section, entry_bindings


class AdvancedSection(Section):
    KEY = "advanced"
    TITLE = "Advanced"
    SUMMARY = "**Advanced**: the event your functions get, metrics, the API's URL and name, an API made elsewhere."
    HELP = ("**Advanced.** The event format your functions receive (payload 2.0 is the simpler one), detailed "
            "metrics, the API's name, turning off the default execute-api URL (when you use a custom domain), or "
            "attaching the routes to an HTTP API that another stack owns (then CORS, logs and authorizers belong to "
            "that stack).")
    FIELD_HELP = {
        "payload": "The event format API Gateway sends your functions: 2.0 (simpler: cookies, a flat requestContext) "
        "or 1.0 (REST-style, with multiValueHeaders). A function can override it.",
        "metrics": "CloudWatch metrics per route (count, latency, 4xx, 5xx), at extra cost. Space toggles.",
        "disable-endpoint": "Turn off the https://{id}.execute-api... URL so callers must use your custom domain.",
        "api-name": "The HTTP API's name in the console. Empty: {stage}-{service}.",
        "external-api": "Attach the routes to an HTTP API another stack owns, or detach them (x). What that turns off "
        "is said first.",
    }
    OWNS = (("provider", "httpApi"),)
    BINDINGS = entry_bindings(("x", "external_api", "External API", "Attach to an HTTP API made elsewhere, or detach"))

    def form(self):
        yield FieldRow("Payload", ChoiceField([("2.0 (simpler event)", "2.0"), ("1.0 (REST-style event)", "1.0")], allow_blank=False,
                                              id="payload"), id="row-payload")
        yield FieldRow("Metrics", Toggle("detailed metrics per route", id="metrics"), id="row-metrics")
        yield FieldRow("Endpoint", Toggle("disable the default execute-api URL", id="disable-endpoint"), id="row-disable-endpoint")
        yield FieldRow("API name", TextField(id="api-name", placeholder="(stage-service)"), id="row-api-name")
        with Horizontal(id="row-external", classes="buttons"):
            yield Label("", id="external-state")
            yield Button("External API… (x)", id="external-api", compact=True)

    DEFAULT_CSS = """
    AdvancedSection #external-state { width: 1fr; }
    """

    def reload(self) -> None:
        http_api = self.session.service.provider.http_api
        for selector, value, key in (
            ("#payload", "1.0" if str(http_api.payload) in ("1", "1.0") else "2.0", "payload"),
            ("#metrics", bool(http_api.metrics), "metrics"),
            ("#disable-endpoint", bool(http_api.disable_default_endpoint), "disableDefaultEndpoint"),
            ("#api-name", http_api.name, "name"),
        ):
            field = self.query_one(selector)
            field.path = ("provider", "httpApi", key)
            field.show(value)
        update(self.query_one("#external-state"),
            f"Routes go to the HTTP API {http_api.id}, made elsewhere" if http_api.id else "This stack creates its HTTP API")

    @on(Select.Changed, "#payload")
    def _payload(self, event: Select.Changed) -> None:
        shown = "1.0" if str(self.session.service.provider.http_api.payload) in ("1", "1.0") else "2.0"
        if event.select.value != shown:
            self.session.set_payload(event.select.value)

    @on(Checkbox.Changed, "#metrics")
    def _metrics(self, event: Checkbox.Changed) -> None:
        if event.checkbox.value != bool(self.session.service.provider.http_api.metrics):
            self.session.update_http_api(metrics=True if event.checkbox.value else None)

    @on(Checkbox.Changed, "#disable-endpoint")
    def _endpoint(self, event: Checkbox.Changed) -> None:
        if event.checkbox.value != bool(self.session.service.provider.http_api.disable_default_endpoint):
            self.session.update_http_api(disable_default_endpoint=True if event.checkbox.value else None)

    @on(Input.Changed, "#api-name")
    def _name(self, event: Input.Changed) -> None:
        self.commit(event.input, self.session.service.provider.http_api.name,
                    lambda value, group: self.session.update_http_api(group, name=value))

    @on(Button.Pressed, "#external-api")
    def action_external_api(self) -> None:
        def answered(answer) -> None:
            if answer is None or answer.api_id == self.session.service.provider.http_api.id:
                return
            dropped = self.session.use_external_api(answer.api_id)
            if dropped:
                self.app.notify(f"Turned off for the external API: {', '.join(dropped)}", timeout=8)

        self.app.push_screen(ExternalApiScreen(self.session), guarded_call(self, answered))
