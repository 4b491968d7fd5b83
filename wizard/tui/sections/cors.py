"""CORS: off, Serverless's default, or custom; and the headers browsers get back, from the compiled API."""

from __future__ import annotations

from rich.text import Text
from textual.containers import Vertical
from textual.widgets import Checkbox, Input, RadioButton, RadioSet, Static

from ..guard import on
from ..widgets.fields import FieldRow, IntField, ListField, Toggle
from ..widgets.text import update
from .base import Section


class CorsSection(Section):
    KEY = "cors"
    TITLE = "CORS"
    SUMMARY = "**CORS**: which web pages on other sites may call the API from a browser."
    HELP = ("**CORS.** Browsers only let a web page on another origin call your API if the API says so. With CORS "
            "on, API Gateway answers the browser's preflight (OPTIONS) requests itself and adds the headers. To send "
            "cookies (credentials), list the exact origins of your web app. Off: servers, curl and mobile apps can "
            "still call the API; only browsers on other sites cannot.")
    FIELD_HELP = {
        "cors-mode": "Off (no CORS headers), Serverless's default (cors: true: any origin, common headers), or your own "
        "settings. ↑ ↓ moves, Enter or space picks.",
        "cors-origins": "Origins are scheme://host[:port] with no path, e.g. https://app.example.com, separated by "
        "commas. Empty: * (any origin).",
        "cors-headers": "Request headers a page may send, e.g. Content-Type, Authorization. Empty: Serverless's default "
        "list (Content-Type, X-Amz-Date, Authorization, X-Api-Key, X-Amz-Security-Token, X-Amz-User-Agent, X-Amzn-Trace-Id).",
        "cors-methods": "Methods a page may use, e.g. GET, POST. Empty: OPTIONS plus every method your routes use. * allows all.",
        "cors-exposed": "Response headers the page's JavaScript may read besides the basic ones, e.g. X-Request-Id.",
        "cors-max-age": "Seconds a browser may remember the preflight answer (0 to 86400) instead of asking before every call.",
        "cors-credentials": "Let the browser send cookies or Authorization with the call. Needs exact origins: browsers "
        "refuse credentials with the * origin.",
    }
    OWNS = (("provider", "httpApi", "cors"),)
    WHERE = ("provider", "httpApi", "cors")

    def form(self):
        yield Static("", classes="external-note")
        with RadioSet(id="cors-mode"):
            yield RadioButton("Off: browsers on other sites cannot call the API", id="cors-off", compact=True)
            yield RadioButton("Default (cors: true): any origin, common headers", id="cors-default", compact=True)
            yield RadioButton("Custom: say exactly who and what", id="cors-custom", compact=True)
        with Vertical(id="cors-fields"):
            yield FieldRow("Origins", ListField(id="cors-origins", placeholder="https://app.example.com  (empty: *)"), id="row-cors-origins")
            yield FieldRow("Headers", ListField(id="cors-headers", placeholder="(empty: the default list)"), id="row-cors-headers")
            yield FieldRow("Methods", ListField(id="cors-methods", placeholder="(empty: OPTIONS + your routes' methods)"),
                           id="row-cors-methods")
            yield FieldRow("Exposed", ListField(id="cors-exposed", placeholder="(none)"), id="row-cors-exposed")
            yield FieldRow("Max age (s)", IntField(id="cors-max-age", placeholder="(the browser's default)"), id="row-cors-max-age")
            yield FieldRow("Credentials", Toggle("Allow credentials (cookies, Authorization)", id="cors-credentials"),
                           id="row-cors-credentials")
        yield Static("", id="cors-effect")

    DEFAULT_CSS = """
    CorsSection #cors-mode { height: auto; margin-bottom: 1; }
    CorsSection #cors-fields { height: auto; margin-bottom: 1; }
    CorsSection #cors-effect { height: auto; }
    """

    def mode(self) -> str:
        cors = self.session.service.provider.http_api.cors
        return "off" if cors is None else ("default" if cors.is_default else "custom")

    def reload(self) -> None:
        cors = self.session.service.provider.http_api.cors
        mode = self.mode()
        button = self.query_one(f"#cors-{mode}", RadioButton)
        if not button.value:
            button.value = True  # its Changed finds the model holding it: no change
        self.query_one("#cors-fields").display = mode == "custom"
        custom = cors if mode == "custom" else None
        for selector, attribute, key in (
            ("#cors-origins", "allowed_origins", "allowedOrigins"), ("#cors-headers", "allowed_headers", "allowedHeaders"),
            ("#cors-methods", "allowed_methods", "allowedMethods"), ("#cors-exposed", "exposed_response_headers", "exposedResponseHeaders"),
            ("#cors-max-age", "max_age", "maxAge"), ("#cors-credentials", "allow_credentials", "allowCredentials"),
        ):
            field = self.query_one(selector)
            field.path = self.WHERE + (key,)
            field.show(getattr(custom, attribute) if custom is not None else None)
        self.show_external("CORS rules")
        self._show_effect()

    def _show_effect(self) -> None:
        """What a browser gets back from the API as it is now, header by header."""
        http_api = self.session.compile().http_api
        effect = self.query_one("#cors-effect", Static)
        cors = http_api.cors if http_api is not None else None
        if cors is None:
            update(effect, Text("Now: no CORS headers. A browser refuses a page on another origin the answers of this API "
                               "(calls from servers, curl or mobile apps are not affected).", style="italic"))
            return
        rows = [
            ("Access-Control-Allow-Origin", ", ".join(map(str, cors.allowed_origins))),
            ("Access-Control-Allow-Headers", ", ".join(map(str, cors.allowed_headers))),
            ("Access-Control-Allow-Methods", ", ".join(map(str, cors.allowed_methods))),
            ("Access-Control-Allow-Credentials", "true" if cors.allow_credentials else "(not sent)"),
            ("Access-Control-Expose-Headers", ", ".join(map(str, cors.exposed_response_headers or [])) or "(not sent)"),
            ("Access-Control-Max-Age", "(not sent)" if cors.max_age is None else str(cors.max_age)),
        ]
        text = Text("Now, API Gateway answers browsers with:\n", style="bold")
        for name, value in rows:
            text.append(f"{name}: ", style="bold")
            text.append(f"{value}\n")
        update(effect, text)

    @on(RadioSet.Changed, "#cors-mode")
    def _mode(self, event: RadioSet.Changed) -> None:
        pressed = event.radio_set.pressed_button
        mode = (pressed.id or "cors-off").removeprefix("cors-") if pressed is not None else "off"
        if mode != self.mode():
            self.session.set_cors_mode(mode)

    def _option(self, field, attribute: str) -> None:
        cors = self.session.service.provider.http_api.cors
        current = getattr(cors, attribute) if cors is not None and not cors.is_default else None
        self.commit(field, current, lambda value, group: self.session.set_cors_option(attribute, value, group))

    @on(Input.Changed, "#cors-origins")
    def _origins(self, event: Input.Changed) -> None:
        self._option(event.input, "allowed_origins")

    @on(Input.Changed, "#cors-headers")
    def _headers(self, event: Input.Changed) -> None:
        self._option(event.input, "allowed_headers")

    @on(Input.Changed, "#cors-methods")
    def _methods(self, event: Input.Changed) -> None:
        self._option(event.input, "allowed_methods")

    @on(Input.Changed, "#cors-exposed")
    def _exposed(self, event: Input.Changed) -> None:
        self._option(event.input, "exposed_response_headers")

    @on(Input.Changed, "#cors-max-age")
    def _max_age(self, event: Input.Changed) -> None:
        self._option(event.input, "max_age")

    @on(Checkbox.Changed, "#cors-credentials")
    def _credentials(self, event: Checkbox.Changed) -> None:
        cors = self.session.service.provider.http_api.cors
        if self.mode() == "custom" and bool(cors.allow_credentials) != event.checkbox.value:
            self.session.set_cors_option("allow_credentials", event.checkbox.value)
