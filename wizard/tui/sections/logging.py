"""Logging: access logs (Serverless's format or one built from $context variables) and how long logs are kept."""

from __future__ import annotations

from textual.widgets import Checkbox, Input, Select, Static

from ...checking.data.log_variables import CONTEXT_VARIABLES, RETENTION_DAYS
from ...model.http_api import DEFAULT_ACCESS_LOG_FORMAT
from ...model.service import Provider
from ..guard import on
from ..widgets.fields import ChoiceField, FieldRow, TextField, Toggle
from ..widgets.text import update
from .base import Section

SAMPLE_CONTEXT = {"requestId": "JKJaXmPLvHcESHA=", "identity.sourceIp": "192.0.2.1", "requestTime": "10/Mar/2020:00:03:59 +0000",
                  "httpMethod": "GET", "routeKey": "GET /users/{id}", "status": "200", "protocol": "HTTP/1.1",
                  "responseLength": "42", "path": "/users/42", "responseLatency": "35", "integrationLatency": "31"}


def example_line(fmt: str | None) -> str:
    """What one request would log with ``fmt`` (Serverless's default when None), with sample values."""
    line = fmt or DEFAULT_ACCESS_LOG_FORMAT
    for name in sorted(SAMPLE_CONTEXT, key=len, reverse=True):
        line = line.replace(f"$context.{name}", SAMPLE_CONTEXT[name])
    return line


class LoggingSection(Section):
    KEY = "logging"
    TITLE = "Logging"
    SUMMARY = "**Logging**: one line per request in CloudWatch Logs, and how long logs are kept."
    HELP = ("**Logging.** Access logs write one line per request to CloudWatch Logs. The format must be one line "
            "(JSON, CSV, XML or CLF) and include `$context.requestId`. Retention applies to the functions' logs and "
            "the access logs; empty keeps them forever.")
    FIELD_HELP = {
        "logs-on": "Write one line per request to CloudWatch Logs (a log group Serverless creates). Space toggles.",
        "log-format": "Empty: Serverless's JSON format. Otherwise one line with $context variables, e.g. "
        "$context.requestId $context.status. Pick variables below to add them.",
        "log-variable": "Adds a $context variable to the format: as one more field of a JSON format, else at the end.",
        "log-retention": "Days CloudWatch keeps the logs; empty keeps them forever (and you pay for them).",
    }
    OWNS = (("provider", Provider.yaml_key("access_logs")), ("provider", Provider.yaml_key("log_retention_in_days")))

    def form(self):
        yield Static("", classes="external-note")
        yield FieldRow("Access logs", Toggle("write one line per request", id="logs-on"), id="row-logs-on")
        yield FieldRow("Format", TextField(id="log-format", placeholder="(Serverless's default: JSON)"), id="row-log-format")
        yield FieldRow("Add variable", ChoiceField([(f"$context.{v}", v) for v in sorted(CONTEXT_VARIABLES)],
                                                   prompt="pick a $context variable to add", id="log-variable"), id="row-log-variable")
        yield FieldRow("Keep (days)", ChoiceField([(str(d), d) for d in sorted(RETENTION_DAYS)], prompt="(forever)", id="log-retention"),
                       id="row-log-retention")
        yield Static("", id="log-example", classes="summary")

    DEFAULT_CSS = """
    LoggingSection #log-example { height: auto; color: $text-muted; margin-top: 1; }
    """

    def reload(self) -> None:
        provider = self.session.service.provider
        logs = provider.access_logs
        on_ = self.query_one("#logs-on", Toggle)
        on_.path = ("provider", "logs", "httpApi")
        on_.show(logs is not None)
        fmt = self.query_one("#log-format", TextField)
        fmt.path = ("provider", "logs", "httpApi", "format")
        fmt.show(logs.format if logs is not None else None)
        retention = self.query_one("#log-retention", ChoiceField)
        retention.path = ("provider", Provider.yaml_key("log_retention_in_days"))
        retention.show(provider.log_retention_in_days)
        self.query_one("#log-variable", ChoiceField).show(None)
        external = self.show_external("access logs")
        retention.disabled = False  # the functions' logs are this stack's either way
        fmt.disabled = self.query_one("#log-variable").disabled = external or logs is None
        update(self.query_one("#log-example"),
            f"A request would log:\n{example_line(logs.format)}" if logs is not None else "No access logs: nothing is written per request.")

    @on(Checkbox.Changed, "#logs-on")
    def _on(self, event: Checkbox.Changed) -> None:
        if event.checkbox.value != (self.session.service.provider.access_logs is not None):
            self.session.set_access_logs(event.checkbox.value)

    @on(Input.Changed, "#log-format")
    def _format(self, event: Input.Changed) -> None:
        logs = self.session.service.provider.access_logs
        if logs is None:
            return
        self.commit(event.input, logs.format, lambda value, group: self.session.set_log_format(value, group))

    @on(Select.Changed, "#log-variable")
    def _variable(self, event: Select.Changed) -> None:
        variable = event.select.read()
        if variable is not None and self.session.service.provider.access_logs is not None:
            self.session.add_log_variable(variable)

    @on(Select.Changed, "#log-retention")
    def _retention(self, event: Select.Changed) -> None:
        self.commit(event.select, self.session.service.provider.log_retention_in_days,
                    lambda value, group: self.session.set_service("log_retention_in_days", value))
