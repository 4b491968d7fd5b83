"""Try a request: type a method, a path and headers; see what API Gateway would do with it.

The answers come from the core's ``explain`` on the service as it is now, so they follow
every edit made in the other sections without a deploy.
"""

from __future__ import annotations

import json
import re

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Input, Static, TextArea

from ..explaining import Request, RequestError, explain, to_text
from ..explaining.route_words import sample_request
from .code_view import CodeView
from .help_text import FIELDS, SECTIONS
from .sections import _field, _hint


class TrySection(VerticalScroll):
    HELP = SECTIONS["try"]

    def __init__(self, session, **kwargs) -> None:
        super().__init__(**kwargs)
        self.session = session
        self.explanation = None  # the last answer, for tests and the palette

    def compose(self) -> ComposeResult:
        yield _hint(SECTIONS["try"])
        yield _field("Request", Input(id="try-request", placeholder="GET /users/42?verbose=1", tooltip=FIELDS["try-request"]))
        headers = TextArea("", id="try-headers", soft_wrap=False, show_line_numbers=False, tooltip=FIELDS["try-headers"])
        headers.border_title = "Headers, one 'Name: value' per line"
        yield headers
        yield _field("Body", Input(id="try-body", placeholder="(none)", tooltip=FIELDS["try-body"]))
        with Horizontal(id="try-result"):
            answer = Static("", id="try-answer")
            answer.border_title = "What API Gateway does"
            yield answer
            event = CodeView(language="json", id="try-event")
            event.border_title = "The event your function receives"
            yield event

    def on_mount(self) -> None:
        self.query_one("#try-request", Input).value = sample_request(self.session.compile().http_api)
        self.reload()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id in ("try-request", "try-body"):
            self.reload()

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        if event.text_area.id == "try-headers":
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
            answer.update(Text(str(exc), style="bold red"))
            event_pane.load_text("")
            return
        result = self.session.compile()
        if result.http_api is None:
            answer.update(Text("The service does not compile yet: fix the errors under Problems first.", style="bold red"))
            event_pane.load_text("")
            return
        self.explanation = explain(result.service, result.http_api, request)
        # No-break spaces: a Static drops the leading spaces that indent each step's details.
        plain = to_text(self.explanation, include_event=False)
        text = Text(re.sub(r"(?m)^   ", "\u00a0" * 3, plain))
        text.highlight_regex(r"^\d+\. .*$", "bold")
        text.highlight_regex(r"^Result: .*$", "bold red" if self.explanation.rejected else "bold green")
        answer.update(text)
        event = self.explanation.event
        event_pane.load_text(json.dumps(event, indent=2) if event is not None else "")
        event_pane.display = event is not None
