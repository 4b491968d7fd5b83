"""Lambda request authorizers: the call API Gateway makes, and what it makes of the answer.

Only running the authorizer function decides a request, so the engine hands an
``AuthorizerCall`` (the function, its event, the cache key) to an ``authorize``
callback and reads the answer here, as AWS documents it ("Lambda authorizers for HTTP
APIs", response formats):

- simple responses (``enableSimpleResponses``, payload 2.0): ``{"isAuthorized": bool,
  "context": {...}}``; false is 403;
- IAM policies (every other case): ``policyDocument`` statements allowing
  ``execute-api:Invoke`` on the request's route ARN (``*`` and ``?`` wildcards); an
  explicit Deny wins; no Allow is 403;
- anything else (not an object, no boolean ``isAuthorized``, no policy, a ``context``
  that is not an object), or a function that fails, is 500 Internal Server Error.

``cached(authorize)`` wraps a callback with API Gateway's result cache: answers are
kept ``resultTtlInSeconds`` per authorizer and identity-source values, and a cached
policy is evaluated again for each route (the cached answer is shared by every route
using the authorizer, which is why one route's policy can deny another).
"""

from __future__ import annotations

import re
import time

ALLOWED, DENIED, FAILED = "allowed", "denied", "failed"


class AuthorizerCall:
    """One invocation of a Lambda request authorizer, for an ``authorize`` callback.

    ``authorizer`` is the model's Authorizer (its ``key``, ``function_name`` or
    ``function_arn``, ``payload_version``, ``enable_simple_responses``,
    ``result_ttl_in_seconds``); ``function`` the service's Function when
    ``functionName`` names one (None for an ARN); ``event`` what it receives;
    ``cache_key`` (authorizer key, identity values) or None when caching is off; ``ttl``
    the seconds an answer is kept.
    """

    __slots__ = ("authorizer", "function", "event", "payload", "simple", "cache_key", "ttl", "route_arn", "from_cache")

    def __init__(self, authorizer, function, event: dict, payload: str, simple: bool, cache_key, ttl: int,
                 route_arn: str) -> None:
        self.authorizer = authorizer
        self.function = function
        self.event = event
        self.payload = payload
        self.simple = simple
        self.cache_key = cache_key
        self.ttl = ttl
        self.route_arn = route_arn
        self.from_cache = False  # set by ``cached`` when the answer came from its cache


class AuthorizerFailed(Exception):
    """Raised by an ``authorize`` callback when the function failed (threw, timed out):
    API Gateway answers 500."""


class Verdict:
    """What the answer means: ``outcome`` ALLOWED/DENIED/FAILED, the ``context`` passed
    on to the integration, the ``principal_id`` of a policy answer, and why."""

    __slots__ = ("outcome", "context", "principal_id", "why")

    def __init__(self, outcome: str, why: str, context: dict | None = None, principal_id=None) -> None:
        self.outcome = outcome
        self.why = why
        self.context = context or {}
        self.principal_id = principal_id


def _glob(pattern: str, flags: int = 0) -> re.Pattern:
    return re.compile("".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern), flags | re.DOTALL)


def _as_list(value) -> list:
    return value if isinstance(value, list) else [value]


def _statement_applies(statement: dict, route_arn: str) -> bool:
    actions = [a for a in _as_list(statement.get("Action")) if isinstance(a, str)]
    resources = [r for r in _as_list(statement.get("Resource")) if isinstance(r, str)]
    return (any(_glob(a, re.IGNORECASE).fullmatch("execute-api:Invoke") for a in actions)
            and any(_glob(r).fullmatch(route_arn) for r in resources))


def _policy(answer: dict, route_arn: str) -> Verdict:
    document = answer.get("policyDocument")
    statements = document.get("Statement") if isinstance(document, dict) else None
    if statements is None:
        return Verdict(FAILED, "the answer has no policyDocument with a Statement: API Gateway answers 500")
    statements = [s for s in _as_list(statements) if isinstance(s, dict)]
    effects = [s.get("Effect") for s in statements if _statement_applies(s, route_arn)]
    context = answer.get("context")
    principal = answer.get("principalId")
    if "Deny" in effects:
        return Verdict(DENIED, f"its policy denies execute-api:Invoke on {route_arn}: 403", context, principal)
    if "Allow" in effects:
        return Verdict(ALLOWED, f"its policy allows execute-api:Invoke on {route_arn}", context, principal)
    return Verdict(DENIED, f"its policy allows nothing on {route_arn}: 403", context, principal)


def interpret(answer, simple: bool, route_arn: str) -> Verdict:
    """What API Gateway does with the authorizer function's ``answer`` (its JSON result)."""
    if not isinstance(answer, dict):
        return Verdict(FAILED, f"the authorizer returned {type(answer).__name__}, not an object: API Gateway answers 500")
    context = answer.get("context")
    if context is not None and not isinstance(context, dict):
        return Verdict(FAILED, "the authorizer's context is not an object: API Gateway answers 500")
    if simple:
        authorized = answer.get("isAuthorized")
        if not isinstance(authorized, bool):
            return Verdict(FAILED, "a simple response needs a boolean isAuthorized: API Gateway answers 500")
        if authorized:
            return Verdict(ALLOWED, "the authorizer answered isAuthorized: true", context)
        return Verdict(DENIED, "the authorizer answered isAuthorized: false: 403", context)
    return _policy(answer, route_arn)


def cached(authorize, clock=time.monotonic):
    """``authorize`` with API Gateway's result cache in front of it (see the module)."""
    store: dict = {}

    def call(request: AuthorizerCall):
        if request.cache_key is None or request.ttl <= 0:
            return authorize(request)
        now = clock()
        hit = store.get(request.cache_key)
        if hit is not None and hit[0] > now:
            request.from_cache = True
            return hit[1]
        answer = authorize(request)
        store[request.cache_key] = (now + request.ttl, answer)
        return answer

    call.store = store
    return call
