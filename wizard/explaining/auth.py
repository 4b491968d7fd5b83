"""What a route's authorizer does with a request: JWT, Lambda (request) or IAM."""

from __future__ import annotations

import time

from ..model.service import AWS_IAM, REQUEST
from . import jwt


class AuthOutcome:
    """``status`` is None when the request gets through, else 401/403/500."""

    __slots__ = ("kind", "status", "steps", "claims", "scopes", "context")

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self.status: int | None = None
        self.steps: list[str] = []
        self.claims: dict | None = None
        self.scopes: list | None = None
        self.context: dict | None = None

    def deny(self, status: int, why: str) -> AuthOutcome:
        self.status = status
        self.steps.append(why)
        return self

    def to_dict(self) -> dict:
        return {"type": self.kind, "status": self.status, "allowed": self.status is None, "steps": list(self.steps),
                "claims": self.claims, "scopes": self.scopes}


def identity_value(request, source: str) -> str | None:
    """The value an identity source selects from the request, or None."""
    if not isinstance(source, str):
        return None
    if source.startswith("$request.header."):
        return request.header(source[len("$request.header."):])
    if source.startswith("$request.querystring."):
        return request.query(source[len("$request.querystring."):])
    if source.startswith("$context.") or source.startswith("$stageVariables."):
        return "(known to API Gateway)"
    return None


def evaluate(route, request, now: float | None = None) -> AuthOutcome:
    auth = route.auth
    if auth is None:
        outcome = AuthOutcome("none")
        outcome.steps.append("the route has no authorizer: API Gateway invokes the function for anyone")
        return outcome
    if auth.type == AWS_IAM:
        return _iam(request)
    if auth.type == REQUEST:
        return _lambda(auth, request)
    return _jwt(auth, request, time.time() if now is None else now)


def _iam(request) -> AuthOutcome:
    outcome = AuthOutcome("aws_iam")
    signature = request.header("Authorization") or ""
    if not signature.startswith("AWS4-HMAC-SHA256"):
        return outcome.deny(403, "IAM authorization needs a request signed with AWS Signature Version 4 "
                            "(an 'Authorization: AWS4-HMAC-SHA256 ...' header); without one API Gateway answers 403")
    outcome.steps.append("the request carries a SigV4 signature; API Gateway verifies it and the caller's IAM policy "
                         "must allow execute-api:Invoke on this route (not checked here)")
    return outcome


def _lambda(auth, request) -> AuthOutcome:
    outcome = AuthOutcome("request")
    config = auth.authorizer
    sources = config.identity_source if isinstance(config.identity_source, list) else (
        [config.identity_source] if config.identity_source else [])
    values = []
    for source in sources:
        value = identity_value(request, source)
        if value in (None, ""):
            return outcome.deny(401, f"identity source {source} is missing from the request: API Gateway answers 401 "
                                "without invoking the authorizer function")
        values.append(value)
        outcome.steps.append(f"identity source {source} is present")
    target = config.function_name or "the function at functionArn"
    simple = " (simple response: {\"isAuthorized\": true|false})" if config.enable_simple_responses else " (an IAM policy response)"
    outcome.steps.append(f"API Gateway invokes {target} with payload {config.payload_version or '2.0'}{simple}; "
                         "what it decides is up to your code")
    ttl = config.result_ttl_in_seconds
    if ttl and values:
        outcome.steps.append(f"its answer is cached {ttl} s under the key {' '.join(values)!r}, for every route using this authorizer")
    outcome.context = {}
    return outcome


def _jwt(auth, request, now: float) -> AuthOutcome:
    outcome = AuthOutcome("jwt")
    config = auth.authorizer
    source = config.identity_source if isinstance(config.identity_source, str) else (
        config.identity_source[0] if isinstance(config.identity_source, list) and config.identity_source else None)
    raw = identity_value(request, source) if isinstance(source, str) and source else None  # not a CloudFormation function
    if not raw:
        return outcome.deny(401, f"no token at {source}: API Gateway answers 401 Unauthorized")
    token = raw[7:].strip() if raw[:7].lower() == "bearer " else raw.strip()
    outcome.steps.append(f"the token comes from {source}" + (" (the 'Bearer ' prefix is removed)" if token != raw.strip() else ""))
    try:
        header, claims = jwt.decode(token)
    except jwt.TokenError as exc:
        return outcome.deny(401, f"the token is not a valid JWT: {exc}")
    outcome.steps.append("decoded WITHOUT verifying its signature: API Gateway also checks it against the issuer's "
                         f"keys (kid {header.get('kid', '?')}, RSA only), which this explanation cannot do")
    outcome.claims = claims
    issuer = config.issuer_url
    if isinstance(issuer, str) and claims.get("iss") != issuer:
        return outcome.deny(401, f"iss is {claims.get('iss')!r} but the authorizer expects {issuer!r}: 401")
    audiences = config.audience if isinstance(config.audience, list) else [config.audience]
    token_aud = claims.get("aud", claims.get("client_id"))
    token_auds = token_aud if isinstance(token_aud, list) else [token_aud]
    if not any(a in audiences for a in token_auds if a is not None):
        return outcome.deny(401, f"aud/client_id {token_aud!r} is not one of the audiences {audiences}: 401")
    exp, nbf = claims.get("exp"), claims.get("nbf")
    if not isinstance(exp, (int, float)):
        return outcome.deny(401, "the token has no exp claim: 401")
    if exp <= now:
        return outcome.deny(401, f"the token expired {int(now - exp)} s ago (exp {int(exp)}): 401")
    if isinstance(nbf, (int, float)) and nbf > now:
        return outcome.deny(401, f"the token is not valid for another {int(nbf - now)} s (nbf {int(nbf)}): 401")
    outcome.steps.append("iss, aud, exp and nbf pass")
    granted = claims.get("scope", claims.get("scp"))
    granted = granted.split() if isinstance(granted, str) else list(granted or [])
    required = list(auth.scopes or [])
    if required:
        matched = [s for s in required if s in granted]
        if not matched:
            return outcome.deny(403, f"the route requires one of the scopes {required}; the token has {granted}: 403 Forbidden")
        outcome.scopes = matched
        outcome.steps.append(f"scope {matched[0]!r} satisfies the route's scopes {required}")
    return outcome
