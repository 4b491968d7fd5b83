"""What a route's authorizer does with a request: JWT, Lambda (request) or IAM.

JWT, as "Controlling access to HTTP APIs with JWT authorizers" lists the checks, in its
order: the token at the identity source (bare or after ``Bearer ``), decoded; an RSA
algorithm and a ``kid`` (the signature itself only with ``verify_jwt``); ``iss`` equal to
the issuer; ``aud`` or ``client_id`` one of the audiences; ``exp`` after now; ``nbf`` and
``iat`` before now; one of the route's scopes in ``scope``/``scp``. ``client_id`` counts
only when the token has no ``aud``. A claim that is not
what RFC 7519 says it is (an ``exp`` that is text, a ``scope`` that is a number) fails
as a JOSE library fails it: 401, or 403 for scopes. Every failure but scopes is 401.

Lambda request authorizers: a missing, empty identity source is 401 before the function
is invoked; otherwise the function decides (``lambda_authorizer``).

IAM: the request must be signed with Signature Version 4, in the ``Authorization``
header or as a presigned query string (``X-Amz-Signature``); unsigned is 403. The
signature and the caller's policy cannot be checked offline, and the explanation says so.
"""

from __future__ import annotations

import json
import math
import time

from ..model.service import AWS_IAM, REQUEST
from . import jwt
from . import lambda_authorizer as lambda_auth
from .event import ACCOUNT_ID, STAGE, authorizer_event

RSA_ALGORITHMS = ("RS256", "RS384", "RS512", "PS256", "PS384", "PS512")
UNKNOWN = "(known to API Gateway)"


class AuthOutcome:
    """``status`` is None when the request gets through, else 401/403/500.

    ``pending``: a Lambda authorizer decides and no callback ran it, so the outcome
    assumes it allows with an empty context. ``authorizer_event``: what that function
    receives. ``iam``: the caller identity of an IAM-authorized request.
    """

    __slots__ = ("kind", "status", "steps", "claims", "scopes", "context", "pending", "authorizer_event",
                 "principal_id", "iam", "identity")

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self.status: int | None = None
        self.steps: list[str] = []
        self.claims: dict | None = None
        self.scopes: list | None = None
        self.context: dict | None = None
        self.pending = False
        self.authorizer_event: dict | None = None
        self.principal_id = None
        self.iam: dict | None = None
        self.identity: list[str] | None = None

    def deny(self, status: int, why: str) -> AuthOutcome:
        self.status = status
        self.steps.append(why)
        return self

    def to_dict(self) -> dict:
        out = {"type": self.kind, "status": self.status, "allowed": self.status is None, "steps": list(self.steps),
               "claims": self.claims, "scopes": self.scopes}
        if self.kind == "request":
            out.update({"decidedBy": "the authorizer function" if self.pending else "API Gateway",
                        "pending": self.pending, "identitySource": self.identity, "context": self.context,
                        "event": self.authorizer_event})
        return out


class Situation:
    """What the authorizer steps need besides the route: the request, where and when."""

    __slots__ = ("service", "request", "match", "region", "gateway", "now")

    def __init__(self, service, request, match, region: str, gateway, now: float) -> None:
        self.service = service
        self.request = request
        self.match = match
        self.region = region
        self.gateway = gateway
        self.now = now


def _stage_variables(service) -> dict:
    """The stage's variables: Serverless sets none; ``resources.extensions`` may add some."""
    resources = getattr(service, "resources", None)
    try:
        variables = resources["extensions"]["HttpApiStage"]["Properties"]["StageVariables"]
    except (KeyError, TypeError, IndexError):
        return {}
    return variables if isinstance(variables, dict) else {}


def identity_value(situation: Situation, source) -> str | None:
    """The value an identity source selects from the request, or None when it is missing."""
    request = situation.request
    if not isinstance(source, str):
        return None
    if source.startswith("$request.header."):
        return request.header(source[len("$request.header."):])
    if source.startswith("$request.querystring."):
        return request.query(source[len("$request.querystring."):])
    if source.startswith("$stageVariables."):
        value = _stage_variables(situation.service).get(source[len("$stageVariables."):])
        return value if isinstance(value, str) else None
    if source.startswith("$context."):
        gateway, match = situation.gateway, situation.match
        known = {
            "routeKey": match.route.api_route_key if match else None, "httpMethod": request.method,
            "path": request.raw_path, "stage": STAGE, "requestId": gateway.request_id, "apiId": gateway.api_id,
            "accountId": gateway.account_id, "domainName": gateway.domain(situation.region),
            "identity.sourceIp": gateway.source_ip, "identity.userAgent": request.header("User-Agent"),
        }
        name = source[len("$context."):]
        return known[name] if name in known else UNKNOWN
    return None


def evaluate(route, situation: Situation, *, verify_jwt=None, authorize=None) -> AuthOutcome:
    auth = route.auth
    if auth is None:
        outcome = AuthOutcome("none")
        outcome.steps.append("the route has no authorizer: API Gateway invokes the function for anyone")
        return outcome
    if auth.type == AWS_IAM:
        return _iam(situation.request)
    if auth.type == REQUEST:
        return _lambda(auth, situation, authorize)
    return _jwt(auth, situation, verify_jwt)


# ----- IAM ------------------------------------------------------------------------------

def _access_key(credential: str | None) -> str | None:
    """The access key id of a SigV4 credential scope ``AKIA.../date/region/service/aws4_request``."""
    return credential.strip().split("/", 1)[0] or None if credential else None


def _iam(request) -> AuthOutcome:
    outcome = AuthOutcome("aws_iam")
    header = request.header("Authorization") or ""
    if header.startswith("AWS4-HMAC-SHA256"):
        credential = header.partition("Credential=")[2].partition(",")[0]
        outcome.steps.append("the request is signed with Signature Version 4 in its Authorization header")
    elif request.query("X-Amz-Signature") is not None:
        credential = request.query("X-Amz-Credential")
        outcome.steps.append("the request is presigned: Signature Version 4 in its query string (X-Amz-Signature)")
    else:
        return outcome.deny(403, "IAM authorization needs a request signed with AWS Signature Version 4 (an "
                            "'Authorization: AWS4-HMAC-SHA256 ...' header, or a presigned URL's X-Amz-Signature); "
                            "without one API Gateway answers 403")
    outcome.steps.append("the signature cannot be checked offline: API Gateway verifies it (a wrong or expired one "
                         "is 403) and the caller's IAM policy must allow execute-api:Invoke on this route")
    key = _access_key(credential) or "AKIAIOSFODNN7EXAMPLE"
    outcome.iam = {"accessKey": key, "accountId": ACCOUNT_ID, "callerId": "AIDACKCEVSQ6C2EXAMPLE",
                   "cognitoIdentity": None, "principalOrgId": None,
                   "userArn": f"arn:aws:iam::{ACCOUNT_ID}:user/caller", "userId": "AIDACKCEVSQ6C2EXAMPLE"}
    return outcome


# ----- Lambda request authorizers -------------------------------------------------------

def _sources(config) -> list:
    source = config.identity_source
    if isinstance(source, list):
        return source
    return [source] if source else []


def _lambda(auth, situation: Situation, authorize) -> AuthOutcome:
    outcome = AuthOutcome("request")
    config = auth.authorizer
    if config is None:  # an external authorizer id: nothing here says what it does
        outcome.pending = True
        outcome.context = {}
        outcome.steps.append(f"the route uses the authorizer with id {auth.id!r}, defined outside this service: "
                             "what it decides is not known here")
        return outcome
    values = []
    for source in _sources(config):
        value = identity_value(situation, source)
        if value in (None, ""):
            why = (" (Serverless sets no stage variables)" if isinstance(source, str)
                   and source.startswith("$stageVariables.") else "")
            return outcome.deny(401, f"identity source {source} is missing from the request{why}: API Gateway "
                                "answers 401 without invoking the authorizer function")
        values.append(value)
        outcome.steps.append(f"identity source {source} is present")
    outcome.identity = values
    payload = str(config.payload_version) if config.payload_version else "2.0"
    simple = bool(config.enable_simple_responses) and payload == "2.0"
    request, match, region, gateway = situation.request, situation.match, situation.region, situation.gateway
    outcome.authorizer_event = authorizer_event(payload, request, match, values, region, gateway)
    route_arn = gateway.route_arn(region, request.method, request.raw_path)
    ttl = config.result_ttl_in_seconds if isinstance(config.result_ttl_in_seconds, int) else 0
    cache_key = (config.key, tuple(values)) if ttl > 0 and values else None
    target = config.function_name or "the function at functionArn"
    form = 'a simple response {"isAuthorized": true|false}' if simple else "an IAM policy"
    outcome.steps.append(f"API Gateway invokes {target} with an authorizer event, payload {payload}; it answers with {form}")
    if cache_key is not None:
        outcome.steps.append(f"its answer is cached {ttl} s under the key {' '.join(values)!r}, for every route using "
                             "this authorizer")
    if authorize is None:
        outcome.pending = True
        outcome.context = {}
        outcome.steps.append("what it decides is up to your code: if it allows, API Gateway invokes the route's "
                             "function (the context it returns under requestContext.authorizer); if it denies, 403 "
                             '{"message":"Forbidden"}; if it fails or answers anything else, 500')
        return outcome
    function = situation.service.functions.get(config.function_name) if isinstance(config.function_name, str) else None
    call = lambda_auth.AuthorizerCall(config, function, outcome.authorizer_event, payload, simple, cache_key, ttl,
                                      route_arn)
    try:
        answer = authorize(call)
    except Exception as exc:  # the function threw, timed out or could not run
        return outcome.deny(500, f"the authorizer function failed ({exc}): API Gateway answers 500")
    if call.from_cache:
        outcome.steps.append("the answer comes from API Gateway's authorizer cache")
    verdict = lambda_auth.interpret(answer, simple, route_arn)
    if verdict.outcome == lambda_auth.FAILED:
        return outcome.deny(500, verdict.why)
    if verdict.outcome == lambda_auth.DENIED:
        return outcome.deny(403, verdict.why)
    outcome.context = verdict.context
    outcome.principal_id = verdict.principal_id
    outcome.steps.append(verdict.why)
    return outcome


# ----- JWT ------------------------------------------------------------------------------

def _audiences(config) -> list:
    audience = config.audience
    return [a for a in (audience if isinstance(audience, list) else [audience]) if isinstance(a, str)]


def token_scopes(claims: dict) -> list[str] | None:
    """The token's scopes: ``scp`` (a list or a space-separated string) first, else ``scope``.

    The order and forms floci-io/floci pull 2011 measured on AWS; None when it has neither.
    """
    for name in ("scp", "scope"):
        value = claims.get(name)
        if isinstance(value, list) and value:
            return [v if isinstance(v, str) else json.dumps(v) for v in value]
        if isinstance(value, str) and value.strip():
            return value.split()
    return None


def _jwt(auth, situation: Situation, verify_jwt) -> AuthOutcome:
    outcome = AuthOutcome("jwt")
    config = auth.authorizer
    if config is None:
        outcome.pending = True
        outcome.steps.append(f"the route uses the JWT authorizer with id {auth.id!r}, defined outside this service: "
                             "its issuer and audience are not known here")
        outcome.claims = {}
        outcome.scopes = list(auth.scopes) if auth.scopes else None
        return outcome
    source = config.identity_source if isinstance(config.identity_source, str) else (
        (config.identity_source or [None])[0] if isinstance(config.identity_source, list) else None)
    raw = identity_value(situation, source) if isinstance(source, str) and source else None  # not a CloudFormation function
    if not raw:
        return outcome.deny(401, f"no token at {source}: API Gateway answers 401 Unauthorized")
    token = raw[7:].strip() if raw[:7].lower() == "bearer " else raw.strip()
    outcome.steps.append(f"the token comes from {source}" + (" (the 'Bearer ' prefix is removed)" if token != raw.strip() else ""))
    try:
        header, claims = jwt.decode(token)
    except jwt.TokenError as exc:
        return outcome.deny(401, f"the token is not a valid JWT: {exc}: 401")
    alg = header.get("alg")
    if alg not in RSA_ALGORITHMS:
        return outcome.deny(401, f"the token is signed with {alg!r}; API Gateway accepts only RSA algorithms "
                            f"({', '.join(RSA_ALGORITHMS)}): 401")
    kid = header.get("kid")
    if not isinstance(kid, str) or not kid:
        return outcome.deny(401, "the token's header has no kid: API Gateway picks the issuer's key by it: 401")
    if verify_jwt is None:
        outcome.steps.append("decoded WITHOUT verifying its signature: API Gateway also checks it against the issuer's "
                             f"keys (kid {kid}, RSA only), which this explanation cannot do")
    else:
        problem = verify_jwt(token, header, config)
        if problem:
            return outcome.deny(401, f"the signature does not verify: {problem}: 401")
        outcome.steps.append(f"the signature verifies with the issuer's key {kid}")
    outcome.claims = claims
    return _jwt_claims(outcome, auth, config, claims, situation.now)


def _seconds(value: float) -> int:
    return int(value) if math.isfinite(value) and abs(value) < 1e18 else 0


def _jwt_claims(outcome: AuthOutcome, auth, config, claims: dict, now: float) -> AuthOutcome:
    issuer = config.issuer_url
    if isinstance(issuer, str) and claims.get("iss") != issuer:
        return outcome.deny(401, f"iss is {claims.get('iss')!r} but the authorizer expects {issuer!r}: 401")
    audiences = _audiences(config)
    # "API Gateway validates client_id only if aud is not present. When both aud and
    # client_id are present, API Gateway evaluates aud." (Troubleshooting JWT authorizers)
    name = "aud" if "aud" in claims else "client_id"
    value = claims.get(name)
    token_auds = value if isinstance(value, list) else [value]
    if audiences and not any(isinstance(a, str) and a in audiences for a in token_auds):
        other = " (client_id is checked only when the token has no aud)" if name == "aud" and "client_id" in claims else ""
        return outcome.deny(401, f"{name} {value!r} is not one of the audiences {audiences}{other}: 401")
    if "exp" not in claims:
        return outcome.deny(401, "the token has no exp claim: 401")
    dates = {}
    for name in ("exp", "nbf", "iat"):
        if name in claims:
            dates[name] = jwt.numeric_date(claims[name])
            if dates[name] is None:
                return outcome.deny(401, f"{name} is {claims[name]!r}, not a NumericDate (seconds since 1970): 401")
    if dates["exp"] <= now:
        return outcome.deny(401, f"the token expired {_seconds(now - dates['exp'])} s ago (exp {_seconds(dates['exp'])}): 401")
    if dates.get("nbf") is not None and dates["nbf"] > now:
        return outcome.deny(401, f"the token is not valid for another {_seconds(dates['nbf'] - now)} s "
                            f"(nbf {_seconds(dates['nbf'])}): 401")
    if dates.get("iat") is not None and dates["iat"] > now:
        return outcome.deny(401, f"the token was issued {_seconds(dates['iat'] - now)} s in the future "
                            f"(iat {_seconds(dates['iat'])}): 401")
    outcome.steps.append("iss, aud, exp, nbf and iat pass")
    required = list(auth.scopes or [])
    if required:
        # The event's jwt.scopes: the token's whole list on a route with scopes, null on one
        # without (measured by floci-io/floci pull 2011).
        granted = token_scopes(claims) or []
        matched = [s for s in required if s in granted]
        if not matched:
            return outcome.deny(403, f"the route requires one of the scopes {required}; the token has {granted}: 403 Forbidden")
        outcome.scopes = granted
        outcome.steps.append(f"scope {matched[0]!r} satisfies the route's scopes {required}")
    return outcome


def now_or(now: float | None) -> float:
    return time.time() if now is None else now
