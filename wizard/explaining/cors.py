"""What API Gateway's CORS support does with a request (HTTP APIs, "Configuring CORS")."""

from __future__ import annotations

import re

from ..jsvalues import js_string


class CorsOutcome:
    """``preflight``: API Gateway answers it itself (``handled``) unless a catch-all route
    with an authorizer takes it; ``headers``: what it adds to the response."""

    __slots__ = ("applies", "preflight", "handled_by_gateway", "allowed", "headers", "steps")

    def __init__(self) -> None:
        self.applies = False
        self.preflight = False
        self.handled_by_gateway = False
        self.allowed = False
        self.headers: dict[str, str] = {}
        self.steps: list[str] = []

    def to_dict(self) -> dict:
        return {"configured": self.applies, "preflight": self.preflight, "answeredByApiGateway": self.handled_by_gateway,
                "allowed": self.allowed, "headers": dict(self.headers), "steps": list(self.steps)}


def _origin_allowed(origin: str, allowed: list) -> str | None:
    """The Access-Control-Allow-Origin value for ``origin``, or None."""
    for item in allowed:
        if not isinstance(item, str):
            continue  # a CloudFormation function or a list: never an origin a browser sends
        if item == "*":
            return "*"
        if item == origin:
            return origin
        if "*" in item and re.fullmatch(re.escape(item).replace(r"\*", "[^/]+"), origin):
            return origin
    return None


def _listed(value: str, allowed: list) -> bool:
    return "*" in allowed or value.lower() in (a.lower() for a in allowed if isinstance(a, str))


def evaluate(cors, request, catch_all_with_auth: bool) -> CorsOutcome:
    """``cors`` is the resolved EffectiveCors (None: CORS not configured)."""
    out = CorsOutcome()
    origin = request.header("Origin")
    wanted_method = request.header("Access-Control-Request-Method")
    out.preflight = request.method == "OPTIONS" and origin is not None and wanted_method is not None
    if cors is None:
        out.steps.append("CORS is not configured on the API: responses carry only the headers your function sets"
                         + (", and browsers block cross-origin reads unless it sets them" if origin else ""))
        return out
    out.applies = True
    if origin is None:
        out.steps.append("no Origin header: not a cross-origin browser request, CORS does not apply")
        return out
    if out.preflight and catch_all_with_auth:
        out.steps.append("this preflight matches a route that takes OPTIONS and has an authorizer: the authorizer sees "
                         "it (browsers send no token with preflights), so it fails before CORS applies; add an "
                         "unauthenticated 'OPTIONS /{proxy+}' route")
        return out
    allow_origin = _origin_allowed(origin, cors.allowed_origins)
    if allow_origin is None:
        out.steps.append(f"origin {origin} is not in allowedOrigins {cors.allowed_origins}: no CORS headers, the browser blocks it")
        out.handled_by_gateway = out.preflight
        return out
    if out.preflight:
        out.handled_by_gateway = True
        if not _listed(wanted_method, cors.allowed_methods):
            out.steps.append(f"method {wanted_method} is not in allowedMethods {cors.allowed_methods}: the preflight fails")
            return out
        asked = [h.strip() for h in (request.header("Access-Control-Request-Headers") or "").split(",") if h.strip()]
        refused = [h for h in asked if not _listed(h, cors.allowed_headers)]
        if refused:
            out.steps.append(f"headers {refused} are not in allowedHeaders: the preflight fails")
            return out
        out.allowed = True
        out.headers["access-control-allow-origin"] = allow_origin
        out.headers["access-control-allow-methods"] = ",".join(map(js_string, cors.allowed_methods))
        out.headers["access-control-allow-headers"] = ",".join(map(js_string, cors.allowed_headers)).lower()
        if cors.allow_credentials:
            out.headers["access-control-allow-credentials"] = "true"
        if cors.max_age is not None:
            out.headers["access-control-max-age"] = str(cors.max_age)
        out.steps.append("API Gateway answers the preflight itself with 204 and these headers; no function runs")
        return out
    out.allowed = True
    out.headers["access-control-allow-origin"] = allow_origin
    if cors.allow_credentials:
        out.headers["access-control-allow-credentials"] = "true"
    if cors.exposed_response_headers:
        out.headers["access-control-expose-headers"] = ",".join(map(js_string, cors.exposed_response_headers))
    out.steps.append("API Gateway adds these headers to the function's response (and ignores CORS headers the function sets)")
    return out


def response_headers(outcome: CorsOutcome | None, headers: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The headers of the function's response as the client gets them.

    With CORS configured, API Gateway "ignores CORS headers returned from your backend
    integration" and adds its own (``outcome.headers``) to a cross-origin request whose
    origin it allows; without CORS the function's headers pass untouched.
    """
    if outcome is None or not outcome.applies:
        return list(headers)
    kept = [(name, value) for name, value in headers if not name.lower().startswith("access-control-")]
    return kept + list(outcome.headers.items())
