"""Decide a request as API Gateway does: route, CORS, authorizer, and the event the function gets.

``decide`` is the one engine: ``explain`` (the CLI and the wizard's Try a request) calls
it without callbacks and tells what it cannot know; ``run`` calls it with a JWT
verifier and a Lambda authorizer runner and serves what it answers.
"""

from __future__ import annotations

import json

from ..jsvalues import truthy
from . import auth as auth_step
from . import cors as cors_step
from .event import Gateway, claims_as_strings, event_v1, event_v2
from .findings import relevant
from .request import Request
from .routing import select_route

NOT_FOUND = {"message": "Not Found"}
MESSAGES = {401: "Unauthorized", 403: "Forbidden", 404: "Not Found", 500: "Internal Server Error"}


class Explanation:
    """Every step of what API Gateway does with the request, and the final answer.

    ``status`` None: the function answers (``function``, ``payload``, ``event``);
    otherwise API Gateway answers ``status`` with ``response`` (``{"body": ...}`` or a
    preflight's ``{"headers": ...}``) and no function runs.
    """

    __slots__ = ("request", "match", "auth", "cors", "event", "payload", "status", "response", "function", "findings",
                 "notes")

    def __init__(self, request: Request) -> None:
        self.request = request
        self.match = None
        self.auth = None
        self.cors = None
        self.event = None
        self.payload = None
        self.status: int | None = None  # None: the function answers
        self.response: dict | None = None
        self.function = None
        self.findings: list = []
        self.notes: list[str] = []

    @property
    def rejected(self) -> bool:
        """API Gateway answers with an error (404, 401, 403, 500), or refuses a CORS preflight."""
        if self.cors is not None and self.cors.preflight and self.cors.handled_by_gateway and not self.cors.allowed:
            return True
        return self.status is not None and self.status >= 400

    @property
    def preflight_answered(self) -> bool:
        """API Gateway answered a CORS preflight itself (204, allowed or not)."""
        return self.cors is not None and self.cors.preflight and self.cors.handled_by_gateway

    def response_headers(self, headers: list[tuple[str, str]]) -> list[tuple[str, str]]:
        """The headers of the function's response as the client gets them (CORS applied)."""
        return cors_step.response_headers(self.cors, headers)

    def to_dict(self) -> dict:
        route = None
        if self.match is not None:
            route = {
                "routeKey": self.match.route.api_route_key,
                "pathParameters": dict(self.match.parameters),
                "why": self.match.reason,
                "candidates": [r.api_route_key for r in self.match.candidates],
            }
        r = self.request
        return {
            "request": {"method": r.method, "path": r.raw_path, "query": r.raw_query,
                        "headers": [list(h) for h in r.headers], "body": r.body_text},
            "route": route,
            "target": {"function": self.function.key, "payloadFormatVersion": self.payload} if self.function else None,
            "authorizer": self.auth.to_dict() if self.auth else None,
            "cors": self.cors.to_dict() if self.cors else None,
            "status": self.status,
            "response": self.response,
            "event": self.event,
            "findings": [f.to_dict() for f in self.findings],
            "notes": list(self.notes),
        }


Decision = Explanation


def _authorizer_for_event(outcome, payload: str):
    if outcome.kind == "jwt":
        claims = claims_as_strings(outcome.claims or {})
        return {"claims": claims, "scopes": outcome.scopes} if payload == "1.0" else {
            "jwt": {"claims": claims, "scopes": outcome.scopes}}
    if outcome.kind == "request":
        context = dict(outcome.context or {})
        if payload == "1.0":
            if outcome.principal_id is not None:
                context["principalId"] = outcome.principal_id
            return context
        return {"lambda": context}
    if outcome.kind == "aws_iam" and payload != "1.0":
        return {"iam": outcome.iam}
    return None


def _payload(service, function) -> str:
    settings = service.provider.http_api
    payload = function.http_api_payload if truthy(function.http_api_payload) else (
        settings.payload if truthy(settings.payload) else "2.0")
    return str(payload)


def decide(service, http_api, request: Request, *, now: float | None = None, verify_jwt=None, authorize=None,
           diagnostics=None, gateway: Gateway | None = None) -> Explanation:
    """What API Gateway does with ``request`` for this service, step by step (see the package)."""
    gateway = gateway or Gateway()
    out = Explanation(request)
    if request.fragment:
        out.notes.append(f"the fragment #{request.fragment} stays in the browser: clients do not send it, so API "
                         "Gateway never sees it")
    match = select_route(http_api, request.method, request.segments)
    # A route that takes OPTIONS (ANY, $default, or OPTIONS itself) runs its authorizer on a
    # preflight before CORS applies (AWS, "Configuring CORS for an HTTP API with a $default
    # route and an authorizer").
    preflight_authorized = match is not None and match.route.auth is not None and match.route.method in ("ANY", "OPTIONS")
    out.cors = cors_step.evaluate(http_api.cors, request, preflight_authorized)
    out.match = match
    out.findings = relevant(diagnostics, match, out.cors.applies)
    if out.cors.preflight and out.cors.handled_by_gateway:
        # A refused preflight also gets 204, just without CORS headers: the browser refuses.
        out.status = 204
        out.response = {"headers": dict(out.cors.headers)}
        return out
    if match is None:
        out.status = 404
        out.response = {"body": NOT_FOUND}
        return out
    out.function = match.route.function
    out.payload = _payload(service, out.function)
    situation = auth_step.Situation(service, request, match, service.region, gateway, auth_step.now_or(now))
    out.auth = auth_step.evaluate(match.route, situation, verify_jwt=verify_jwt, authorize=authorize)
    if out.auth.status is not None:
        out.status = out.auth.status
        out.response = {"body": {"message": MESSAGES[out.status]}}
        return out
    authorizer = _authorizer_for_event(out.auth, out.payload)
    if out.payload == "1.0":
        out.event = event_v1(request, match, authorizer, service.region, gateway, iam=out.auth.iam)
    else:
        out.event = event_v2(request, match, authorizer, service.region, gateway)
    return out


def explain(service, http_api, request: Request, now: float | None = None, **options) -> Explanation:
    """``decide`` without callbacks: what is known from the configuration alone."""
    return decide(service, http_api, request, now=now, **options)


def to_text(explanation: Explanation, include_event: bool = True) -> str:
    """The explanation as a newcomer reads it: numbered steps, then the event (unless a pane shows it)."""
    e = explanation
    r = e.request
    query = f"?{r.raw_query}" if r.raw_query else ""
    lines = [f"{r.method} {r.raw_path}{query}", ""]
    lines += [f"Note: {note}" for note in e.notes]
    if e.notes:
        lines.append("")
    step = 1

    def add(title: str, details: list[str]) -> None:
        nonlocal step
        lines.append(f"{step}. {title}")
        lines.extend(f"   {d}" for d in details)
        lines.append("")
        step += 1

    def done() -> str:
        text = "\n".join(lines).rstrip() + "\n"
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate from a token's JSON: shown, never a crash on print
            text = text.encode("utf-8", "surrogatepass").decode("utf-8", "replace")
        return text

    if e.findings:
        add("Configuration findings that bear on this request", [f.text() for f in e.findings])
    if e.match is None and e.status == 404:
        add("Route: none", ["no route matches this method and path and there is no $default route",
                            'API Gateway answers 404 {"message":"Not Found"}; no function runs'])
        return done()
    if e.match is not None and not e.preflight_answered:
        details = [e.match.reason]
        if e.match.parameters:
            details.append("path parameters: " + ", ".join(f"{k}={v!r}" for k, v in e.match.parameters.items()))
        others = [c.api_route_key for c in e.match.candidates[1:]]
        if others:
            details.append("also matched, but less specific: " + ", ".join(others))
        add(f"Route: {e.match.route.api_route_key}", details)
    if e.cors is not None and (e.cors.applies or r.header("Origin")):
        details = list(e.cors.steps)
        details += [f"{k}: {v}" for k, v in e.cors.headers.items()]
        add("CORS" + (" preflight" if e.cors.preflight else ""), details)
        if e.preflight_answered:
            verdict = "with CORS headers: the browser goes on" if e.cors.allowed else "without CORS headers: the browser refuses"
            lines.append(f"Result: API Gateway answers {e.status} itself, {verdict}; no route or function runs.")
            return done()
    if e.auth is not None:
        add(f"Authorizer: {e.auth.kind}", e.auth.steps)
    if e.rejected:
        lines.append(f"Result: API Gateway answers {e.status} {json.dumps(e.response.get('body'))}; "
                     f"{e.function.key if e.function else 'no function'} is not invoked.")
        return done()
    condition = "if the authorizer allows it, " if e.auth is not None and e.auth.pending else ""
    lines.append(f"Result: {condition}API Gateway invokes function {e.function.key} (Lambda integration, payload "
                 f"format {e.payload})" + (" with this event:" if include_event else "."))
    if include_event:
        lines.append("")
        lines.append(json.dumps(e.event, indent=2, ensure_ascii=False))
        if e.auth is not None and e.auth.authorizer_event is not None:
            lines.append("")
            lines.append("The authorizer function receives this event:")
            lines.append("")
            lines.append(json.dumps(e.auth.authorizer_event, indent=2, ensure_ascii=False))
    return done()
