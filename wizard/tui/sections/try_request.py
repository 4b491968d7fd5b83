"""Try a request: type a method, a path and headers; see what API Gateway would do with it.

The answers come from the core's ``explain`` on the service as it is now, so they follow
every edit made in the other sections without a deploy. The request typed here is not
part of the service: it is this section's own input, kept while the wizard runs.

Send (ctrl+r, or Enter in the request line) runs the request: the core's ``Sender``
(running/send.py) starts the functions on this machine and decides what is said; this
section only shows its answer (status, headers, body, the functions' log) beside the
explanation. It runs as an async worker, so the wizard stays live while a function runs.
In a browser (``serve``) Send exists only when the server was started with ``--allow-run``.
"""

from __future__ import annotations

import http
import json
import os
import re

from rich.text import Text
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Button, Input, Static, TextArea

from ...explaining import Request, RequestError, explain, to_text
from ...explaining.route_words import sample_request
from ..guard import guarded_call, on
from ..widgets.code_view import CodeView
from ..widgets.fields import FieldRow, PlainInput, PlainTextArea
from ..widgets.text import Hint, update
from .base import Section

# A body longer than this is shown cut, with its size: the whole of it is the function's.
SHOWN_BODY = 20_000
SEND_HELP = ("**Send** (ctrl+r, or Enter in the request line) runs the request on this machine: API Gateway's "
             "decision as above, then your function in a warm worker process, as `httpapi-wizard run` does. The "
             "response (status, headers, body) and what the function logged show beside the explanation. An "
             "unsaved new project runs the handlers saving will write, from a temporary folder; a saved or opened "
             "one runs the files in its folder, so your edits to them count. A change in the wizard restarts the "
             "functions it affects; they all stop when the wizard ends.")


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
        "try-send": "Run the request on this machine: your function answers (ctrl+r).",
        "try-response": "What came back: the status, every header, then the body exactly as the client gets it.",
        "try-log": "What the functions wrote while answering (console.log, print), then why an answer is an error.",
    }
    OWNS = ()
    BINDINGS = [Binding("ctrl+r", "send", "Send", tooltip="Run the request on this machine (your function answers)")]

    def __init__(self, session, **kwargs) -> None:
        super().__init__(session, **kwargs)
        self.explanation = None  # the last answer, for tests and the palette
        self.sender = None  # the core's Sender, made on the first Send
        self.outcome = None  # the last Send's Outcome, for tests
        self._progress = None

    def form(self):
        yield FieldRow("Request", PlainInput(id="try-request", placeholder="GET /users/42?verbose=1", compact=True), id="row-try-request")
        yield FieldRow("Headers", PlainTextArea("", id="try-headers", soft_wrap=False, show_line_numbers=False, compact=True,
                                                placeholder="Authorization: Bearer eyJ..."), id="row-try-headers")
        yield FieldRow("Body", PlainInput(id="try-body", placeholder="(none)", compact=True), id="row-try-body")
        with Horizontal(id="try-send-row", classes="buttons"):
            yield Button("Send (ctrl+r)", id="try-send", variant="primary", compact=True)
            yield Hint("Runs the request on this machine: your function answers.", id="try-send-status")
        with Horizontal(id="try-sent"):
            response = Static("", id="try-response")
            response.border_title = "Response"
            yield response
            log = Static("", id="try-log")
            log.border_title = "Log"
            yield log
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
    TrySection #try-send-row { margin: 1 0 0 0; }
    TrySection #try-send-status { width: 1fr; }
    TrySection #try-send-status.-error { color: $error; }
    TrySection #try-sent { display: none; }
    TrySection #try-sent.-shown { display: block; }
    TrySection #try-response, TrySection #try-log { width: 1fr; height: auto; min-height: 6; border: round $panel; padding: 0 1; }
    TrySection #try-response.-ok { border: round $success; }
    TrySection #try-response.-error { border: round $error; }
    TrySection #try-sent.narrow { layout: vertical; }
    TrySection #try-sent.narrow #try-response, TrySection #try-sent.narrow #try-log { width: 100%; }
    """

    @property
    def can_send(self) -> bool:
        """Send runs code on this machine: always in a terminal, in a browser only when ``serve --allow-run``."""
        return getattr(self.app, "allow_run", True)

    def prepare(self) -> None:
        self.query_one("#try-request", Input).value = sample_request(self.session.compile().http_api)
        self.query_one("#try-send-row").display = self.can_send
        if self.can_send:
            self.HELP = f"{TrySection.HELP}\n\n{SEND_HELP}"
        else:  # no key in the footer, none in F1's list
            self.BINDINGS = []
            self.HELP = (f"{TrySection.HELP}\n\nSend (running the request with your functions) is off here: this "
                         "wizard runs in a browser, and running code on the server is allowed only when it was started "
                         "with `httpapi-wizard serve --allow-run`.")

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
        self.app.after_keys.run_for_last_change(self, self.reload)  # typed fast: explained once

    # ----- Send ----------------------------------------------------------------------------------

    def action_state(self, action: str) -> bool | None:
        if action == "send":
            return self.can_send
        return super().action_state(action)

    @on(Button.Pressed, "#try-send")
    def _send_pressed(self) -> None:
        self.action_send()

    @on(Input.Submitted, "#try-request")
    def _request_submitted(self) -> None:
        if self.can_send:
            self.action_send()

    def action_send(self) -> None:
        """Run the request typed here (in a worker: the wizard stays live while the function runs)."""
        if not self.can_send:
            return
        sender = self._sender()
        headers = [line for line in self.query_one("#try-headers", TextArea).text.splitlines() if line.strip()]
        body = self.query_one("#try-body", Input).value or None
        try:
            request = Request.parse(self.query_one("#try-request", Input).value, headers, body)
        except RequestError as exc:
            self._status(str(exc), error=True)
            return
        if sender.busy:  # the running Send goes on
            self.app.notify(sender.busy_message(), severity="warning")
            return
        self.run_worker(self._send(sender, sender.send(request)), group="try-send", exit_on_error=False)

    def _sender(self):
        if self.sender is None:
            from ...running.send import Sender

            # In a browser the staged files go in the session's own folder (its working directory, removed
            # with the session), not in the server's temporary folder.
            self.sender = Sender(self.session, scratch=os.getcwd() if self.app.in_browser else None)
            self.session.subscribe(self._follow)
            # Whatever ends the app stops the functions (the app awaits its closers when it unmounts).
            self.app.closers.append(self._close_sender)
        return self.sender

    def _follow(self, change) -> None:
        if change.model_changed and self.sender is not None:
            self.sender.changed()  # running functions whose settings changed restart

    async def _close_sender(self) -> None:
        if self.sender is not None:
            self.session.unsubscribe(self._follow)
            await self.sender.aclose()

    async def _send(self, sender, sending) -> None:
        """Show the progress of ``sending`` (the Sender's awaitable, already under way), then its outcome."""
        self._progress = self.set_interval(0.25, guarded_call(self, lambda: self._status(sender.progress())))
        try:
            outcome = await sending
        except Exception as exc:  # noqa: BLE001 - said here and logged; the wizard goes on
            self.app.log_exception(exc, "Send")
            self._status(f"The request could not be run ({type(exc).__name__}: {exc}); details in the wizard's log.",
                         error=True)
            return
        finally:
            self._progress.stop()
        self.show_outcome(outcome)

    def _status(self, text: str, error: bool = False) -> None:
        status = self.query_one("#try-send-status", Hint)
        status.set_class(error, "-error")
        status.say(text)

    def show_outcome(self, outcome) -> None:
        """Show what a Send gave: the response, then the log and notes, beside the explanation."""
        self.outcome = outcome
        if outcome.exchange is None:
            self._status(outcome.refused, error=True)
            return
        exchange = outcome.exchange
        answer = exchange.answer
        self._status(outcome.source.said if outcome.source is not None else "")
        sent = self.query_one("#try-sent")
        sent.add_class("-shown")
        sent.set_class(self.app.size.width < 100, "narrow")
        response = self.query_one("#try-response", Static)
        response.border_title = f"Response to {outcome.request_line} ({exchange.latency_ms:.0f} ms)"
        response.set_class(answer.status < 400, "-ok")
        response.set_class(answer.status >= 400, "-error")
        update(response, response_text(exchange))
        log = self.query_one("#try-log", Static)
        names = [name for name in (exchange.authorizer, exchange.function) if name]
        log.border_title = f"Log of {' and '.join(names)}" if names else "Log"
        update(log, log_text(exchange, outcome.notes))
        # The answer is what the user waited for: into view (on a short terminal it is below the fields).
        self.call_after_refresh(response.scroll_visible, animate=False)


def response_text(exchange) -> Text:
    """Status line, headers, a blank line, the body: as the client gets them."""
    answer = exchange.answer
    try:
        reason = http.HTTPStatus(answer.status).phrase
    except ValueError:
        reason = ""
    text = Text()
    text.append(f"{answer.status} {reason}".rstrip() + "\n", style="bold green" if answer.status < 400 else "bold red")
    for name, value in answer.headers:
        text.append(f"{name}: ", style="bold")
        text.append(f"{value}\n")
    text.append("\n")
    shown = exchange.to_dict()
    body = shown["body"]
    if shown["bodyIsBase64"]:
        text.append(f"({len(answer.body)} bytes that are not UTF-8 text; base64:)\n", style="italic")
    if len(body) > SHOWN_BODY:
        text.append(body[:SHOWN_BODY])
        text.append(f"\n… ({len(body) - SHOWN_BODY} more characters)", style="italic")
    elif body:
        text.append(body)
    else:
        text.append("(no body)", style="italic")
    return text


def log_text(exchange, notes: list[str]) -> Text:
    """What each function wrote (the authorizer's first), then why an answer is an error."""
    text = Text()
    parts = [(name, invocation) for name, invocation in ((exchange.authorizer, exchange.authorizer_invocation),
                                                         (exchange.function, exchange.invocation))
             if invocation is not None]
    for name, invocation in parts:
        if len(parts) > 1:
            text.append(f"{name}:\n", style="bold")
        text.append(invocation.log or "(nothing written)\n", style="" if invocation.log else "italic")
    if not parts:
        text.append("No function ran: API Gateway answered itself.\n", style="italic")
    for note in notes:
        text.append(f"! {note}\n", style="bold red" if exchange.answer.status >= 400 else "yellow")
    text.rstrip()
    return text
