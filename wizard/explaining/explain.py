"""Explain a request at design time: route, authorizer, CORS, and the event the function gets."""

from __future__ import annotations

import json

from ..jsvalues import truthy
from . import auth as auth_step
from . import cors as cors_step
from .event import event_v1, event_v2
from .request import Request
from .routing import select_route

NOT_FOUND = {"message": "Not Found"}


class Explanation:
    """Every step of what API Gateway does with the request, and the final answer."""

    __slots__ = ("request", "match", "auth", "cors", "event", "payload", "status", "response", "function")

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

    @property
    def rejected(self) -> bool:
        """API Gateway answers with an error (404, 401, 403), or refuses a CORS preflight."""
        if self.cors is not None and self.cors.preflight and self.cors.handled_by_gateway and not self.cors.allowed:
            return True
        return self.status is not None and self.status >= 400

    def to_dict(self) -> dict:
        route = None
        if self.match is not None:
            route = {
                "routeKey": self.match.route.api_route_key,
                "pathParameters": dict(self.match.parameters),
                "why": self.match.reason,
                "candidates": [r.api_route_key for r in self.match.candidates],
            }
        return {
            "request": {"method": self.request.method, "path": self.request.raw_path, "query": self.request.raw_query,
                        "headers": [list(h) for h in self.request.headers], "body": self.request.body},
            "route": route,
            "target": {"function": self.function.key, "payloadFormatVersion": self.payload} if self.function else None,
            "authorizer": self.auth.to_dict() if self.auth else None,
            "cors": self.cors.to_dict() if self.cors else None,
            "status": self.status,
            "response": self.response,
            "event": self.event,
        }


def explain(service, http_api, request: Request, now: float | None = None) -> Explanation:
    """What API Gateway does with ``request`` for this service, step by step."""
    out = Explanation(request)
    match = select_route(http_api, request.method, request.segments)
    catch_all_auth = match is not None and match.route.auth is not None and match.route.method == "ANY"
    out.cors = cors_step.evaluate(http_api.cors, request, catch_all_auth)
    if out.cors.preflight and out.cors.handled_by_gateway:
        out.match = match
        # A refused preflight also gets 204, just without CORS headers: the browser refuses.
        out.status = 204
        out.response = {"headers": dict(out.cors.headers)}
        return out
    if match is None:
        out.status = 404
        out.response = {"body": NOT_FOUND}
        return out
    out.match = match
    out.function = match.route.function
    settings = service.provider.http_api
    payload = out.function.http_api_payload if truthy(out.function.http_api_payload) else (
        settings.payload if truthy(settings.payload) else "2.0")
    out.payload = str(payload)
    out.auth = auth_step.evaluate(match.route, request, now)
    if out.auth.status is not None:
        out.status = out.auth.status
        out.response = {"body": {"message": "Unauthorized" if out.status == 401 else "Forbidden"}}
        return out
    build = event_v1 if out.payload == "1.0" else event_v2
    out.event = build(request, match, out.auth, service.region)
    return out


def to_text(explanation: Explanation, include_event: bool = True) -> str:
    """The explanation as a newcomer reads it: numbered steps, then the event (unless a pane shows it)."""
    e = explanation
    r = e.request
    query = f"?{r.raw_query}" if r.raw_query else ""
    lines = [f"{r.method} {r.raw_path}{query}", ""]
    step = 1

    def add(title: str, details: list[str]) -> None:
        nonlocal step
        lines.append(f"{step}. {title}")
        lines.extend(f"   {d}" for d in details)
        lines.append("")
        step += 1

    if e.match is None and e.status == 404:
        add("Route: none", ["no route matches this method and path and there is no $default route",
                            'API Gateway answers 404 {"message":"Not Found"}; no function runs'])
        return "\n".join(lines).rstrip() + "\n"
    gateway_preflight = e.cors is not None and e.cors.preflight and e.cors.handled_by_gateway
    if e.match is not None and not gateway_preflight:
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
        if gateway_preflight:
            verdict = "with CORS headers: the browser goes on" if e.cors.allowed else "without CORS headers: the browser refuses"
            lines.append(f"Result: API Gateway answers {e.status} itself, {verdict}; no route or function runs.")
            return "\n".join(lines).rstrip() + "\n"
    if e.auth is not None:
        add(f"Authorizer: {e.auth.kind}", e.auth.steps)
    if e.rejected:
        lines.append(f"Result: API Gateway answers {e.status} {json.dumps(e.response.get('body'))}; "
                     f"{e.function.key if e.function else 'no function'} is not invoked.")
    else:
        lines.append(f"Result: API Gateway invokes function {e.function.key} (Lambda integration, payload "
                     f"format {e.payload})" + (" with this event:" if include_event else "."))
        if include_event:
            lines.append("")
            lines.append(json.dumps(e.event, indent=2))
    return "\n".join(lines).rstrip() + "\n"
