"""Try a request: type a method, a path and headers; see what API Gateway would do with it.

The answers come from the core's ``explain`` on the service as it is now, so they follow
every edit made in the other sections without a deploy. The request typed here is not
part of the service: it is this section's own input, kept while the wizard runs.
"""

from __future__ import annotations

import json
import re

from rich.text import Text
from textual.containers import Horizontal
from textual.widgets import Input, Static, TextArea

from ...explaining import Request, RequestError, explain, to_text
from ...explaining.route_words import sample_request
from ..guard import on
from ..widgets.code_view import CodeView
from ..widgets.fields import FieldRow, PlainInput, PlainTextArea
from ..widgets.text import update
from .base import Section


class TrySection(Section):
    KEY = "try"
    TITLE = "Try a request"
    SUMMARY = "**Try a request**: what API Gateway would do with it, and the exact event your function gets."
    HELP = ("**Try a request.** Ask what API Gateway would do with a request, before you deploy: which route answers "
            "it and with which path parameters, what the authorizer decides (a JWT is decoded but its signature is "
            "not checked: only AWS can), what CORS adds or refuses, and the exact event your function receives. "
            "Paste the event into a unit test. The answer follows every change you make in the other sections.")
    FIELD_HELP = {
        "try-request": "A method and a path with its query string, e.g. GET /users/42?verbose=1 (a full URL works too).",
        "try-headers": "One header per line, e.g. Authorization: Bearer eyJ... or Origin: https://app.example.com. Add "
        "Access-Control-Request-Method to an OPTIONS request to try a CORS preflight.",
        "try-body": "The request body, passed to your function as the event's body.",
        "try-event": "The event your function receives, as JSON: ↑ ↓ scroll it.",
    }
    OWNS = ()

    def __init__(self, session, **kwargs) -> None:
        super().__init__(session, **kwargs)
        self.explanation = None  # the last answer, for tests and the palette

    def form(self):
        yield FieldRow("Request", PlainInput(id="try-request", placeholder="GET /users/42?verbose=1", compact=True), id="row-try-request")
        yield FieldRow("Headers", PlainTextArea("", id="try-headers", soft_wrap=False, show_line_numbers=False, compact=True,
                                                placeholder="Authorization: Bearer eyJ..."), id="row-try-headers")
        yield FieldRow("Body", PlainInput(id="try-body", placeholder="(none)", compact=True), id="row-try-body")
        with Horizontal(id="try-result"):
            answer = Static("", id="try-answer")
            answer.border_title = "What API Gateway does"
            yield answer
            event = CodeView(language="json", id="try-event")
            event.border_title = "The event your function receives"
            yield event

    DEFAULT_CSS = """
    TrySection #row-try-headers TextArea { height: 3; }
    TrySection #try-result { height: auto; margin-top: 1; }
    TrySection #try-answer { width: 1fr; height: auto; min-height: 12; border: round $panel; padding: 0 1; }
    TrySection #try-event { width: 1fr; height: 30; border: round $panel; }
    TrySection #try-result.narrow { layout: vertical; }
    TrySection #try-result.narrow #try-answer, TrySection #try-result.narrow #try-event { width: 100%; }
    """

    def prepare(self) -> None:
        self.query_one("#try-request", Input).value = sample_request(self.session.compile().http_api)

    def ask(self, line: str) -> None:
        """Try ``line`` (the Routes section's t)."""
        field = self.query_one("#try-request", Input)
        field.value = line
        field.focus()
        self.reload()

    def reload(self) -> None:
        """Explain the request against the service as it is now."""
        answer = self.query_one("#try-answer", Static)
        event_pane = self.query_one("#try-event", CodeView)
        headers = [line for line in self.query_one("#try-headers", TextArea).text.splitlines() if line.strip()]
        body = self.query_one("#try-body", Input).value or None
        self.explanation = None
        try:
            request = Request.parse(self.query_one("#try-request", Input).value, headers, body)
        except RequestError as exc:
            self._say(Text(str(exc), style="bold red"))
            return
        result = self.session.compile()
        if result.http_api is None:
            self._say(Text("The service does not compile yet: fix the errors under Problems first.", style="bold red"))
            return
        try:
            self.explanation = explain(result.service, result.http_api, request)
        except Exception as exc:  # noqa: BLE001 - a request explain cannot take is said here; the wizard goes on
            self.app.log_exception(exc, "Try a request")
            self._say(Text(f"This request cannot be explained ({type(exc).__name__}: {exc}). Nothing else is affected; "
                           "the details are in the wizard's log.", style="bold red"))
            return
        # No-break spaces: a Static drops the leading spaces that indent each step's details.
        plain = to_text(self.explanation, include_event=False)
        text = Text(re.sub(r"(?m)^   ", "\u00a0" * 3, plain))
        text.highlight_regex(r"^\d+\. .*$", "bold")
        text.highlight_regex(r"^Result: .*$", "bold red" if self.explanation.rejected else "bold green")
        update(answer, text)
        event = self.explanation.event
        event_pane.load_text(json.dumps(event, indent=2) if event is not None else "")
        event_pane.display = event is not None

    def _say(self, text: Text) -> None:
        update(self.query_one("#try-answer"), text)
        pane = self.query_one("#try-event", CodeView)
        pane.load_text("")
        pane.display = False

    @on(Input.Changed, "#try-request")
    @on(Input.Changed, "#try-body")
    @on(TextArea.Changed, "#try-headers")
    def _typed(self) -> None:
        self.reload()
