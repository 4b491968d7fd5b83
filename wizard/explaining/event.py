"""The Lambda events API Gateway sends for a request: the integration's, in payload format
2.0 or 1.0, and a Lambda request authorizer's, in its own payload format.

Shapes follow AWS's "Create AWS Lambda proxy integrations for HTTP APIs" and "Lambda
authorizers for HTTP APIs", checked against events captured from real API Gateway
(tests/events/). What only AWS knows (request id, time, account, API id, the caller's
address) comes from a ``Gateway``: stable placeholders by default, so an explained
event can be pasted into a unit test as it is; ``Gateway.live()`` for a local server.

What the captured events show, and these builders do:

- Headers are sorted by name. In 2.0 every name is lower-case and repeats are joined
  with commas; ``Cookie`` headers become ``cookies``. In 1.0 the headers API Gateway
  writes itself keep their canonical spelling (``Host``, ``User-Agent``,
  ``Content-Type``, ``Content-Length``, ``X-Amzn-Trace-Id``, ``X-Forwarded-*``) and the
  client's arrive lower-case (``accept``, ``authorization``: HTTP/2 clients, browsers and
  curl over https, send no other case); two spellings of a name are one header,
  ``headers`` holding its last value and ``multiValueHeaders`` all of them.
- Every request carries ``content-length``, ``0`` without a body; without a body 2.0
  has no ``body`` key and 1.0 has ``"body": null``.
- A body is text only for ``text/*``, ``application/json``, ``application/xml``,
  ``application/javascript`` and ``application/graphql``, in UTF-8 (``; charset=utf-8``
  or no charset); any other type or charset, a form post
  (``application/x-www-form-urlencoded``) included, and a body without Content-Type
  arrive base64-encoded with ``isBase64Encoded: true``. Measured against AWS by
  ministack (github.com/ministackorg/ministack pull 766) and floci (floci-io/floci pull
  2203) and seen in a captured form post (tests/events/README.md).
- The path arrives percent-decoded (``rawPath``, ``http.path``, 1.0's ``path``); the
  query string as sent (``rawQueryString``), its parameters decoded.
- 1.0's ``requestContext`` has no ``authorizer`` key when the route has none, and its
  ``identity`` has the captured fields, ``cognitoAmr`` included.
"""

from __future__ import annotations

import base64
import os
import time as _time

from ..jsvalues import number_to_string

ACCOUNT_ID = "123456789012"
API_ID = "api-id"
REQUEST_ID = "JKJaXmPLvHcESHA="
TIME_EPOCH = 1583798639428  # 10/Mar/2020:00:03:59 +0000
SOURCE_IP = "192.0.2.1"
TRACE_ID = "Root=1-5e66d96f-7491f09xmpl79d18acf3d050"
STAGE = "$default"  # Serverless always deploys the HTTP API's $default stage
_TEXT_TYPES = ("application/json", "application/xml", "application/javascript", "application/graphql")
# The headers API Gateway sets itself, spelled as 1.0 events spell them.
_CANONICAL = {name.lower(): name for name in (
    "Content-Length", "Content-Type", "Host", "User-Agent", "X-Amzn-Trace-Id", "X-Forwarded-For", "X-Forwarded-Port",
    "X-Forwarded-Proto")}
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


class Gateway:
    """What API Gateway itself contributes to an event: ids, the time, the caller's address.

    ``Gateway()`` gives fixed placeholders (explain); ``Gateway.live(source_ip)`` a fresh
    request id, trace id and the current time (a local server). ``domain_name`` None is
    ``{api_id}.execute-api.{region}.amazonaws.com``.
    """

    __slots__ = ("account_id", "api_id", "request_id", "time_epoch", "source_ip", "trace_id", "domain_name")

    def __init__(self, *, account_id: str = ACCOUNT_ID, api_id: str = API_ID, request_id: str = REQUEST_ID,
                 time_epoch: int = TIME_EPOCH, source_ip: str = SOURCE_IP, trace_id: str = TRACE_ID,
                 domain_name: str | None = None) -> None:
        self.account_id = account_id
        self.api_id = api_id
        self.request_id = request_id
        self.time_epoch = time_epoch
        self.source_ip = source_ip
        self.trace_id = trace_id
        self.domain_name = domain_name

    @classmethod
    def live(cls, source_ip: str = "127.0.0.1", *, domain_name: str | None = None, api_id: str = API_ID) -> Gateway:
        now = _time.time()
        request_id = base64.b64encode(os.urandom(10)).decode("ascii")
        trace_id = f"Root=1-{int(now):08x}-{os.urandom(12).hex()}"
        return cls(api_id=api_id, request_id=request_id, time_epoch=int(now * 1000), source_ip=source_ip,
                   trace_id=trace_id, domain_name=domain_name)

    def domain(self, region: str) -> str:
        return self.domain_name or f"{self.api_id}.execute-api.{region}.amazonaws.com"

    @property
    def time(self) -> str:
        """``10/Mar/2020:00:03:59 +0000``, the format of ``requestContext.time``."""
        t = _time.gmtime(self.time_epoch / 1000)
        return f"{t.tm_mday:02d}/{_MONTHS[t.tm_mon - 1]}/{t.tm_year}:{t.tm_hour:02d}:{t.tm_min:02d}:{t.tm_sec:02d} +0000"

    def route_arn(self, region: str, method: str, path: str) -> str:
        """The ARN an authorizer's IAM policy is matched against (``routeArn`` / ``methodArn``)."""
        return f"arn:aws:execute-api:{region}:{self.account_id}:{self.api_id}/{STAGE}/{method}{path}"


def is_text(content_type: str | None) -> bool:
    """Whether API Gateway passes a body of this Content-Type as text (else base64).

    A charset other than UTF-8 makes it binary: AWS was measured passing
    ``text/plain; charset=iso-8859-1`` base64-encoded and ``charset=utf-8`` as text
    (floci-io/floci pull 2203, from the capture in its issue 2172).
    """
    media, _, parameters = (content_type or "").partition(";")
    media = media.strip().lower()
    if not (media.startswith("text/") or media in _TEXT_TYPES):
        return False
    for parameter in parameters.split(";"):
        name, _, value = parameter.partition("=")
        if name.strip().lower() == "charset" and value.strip().strip('"').lower() not in ("utf-8", "utf8"):
            return False
    return True


def body_of(request) -> tuple[str | None, bool]:
    """(body, isBase64Encoded) as the event carries them; (None, False) without a body."""
    if not request.has_body:
        return None, False
    if is_text(request.header("Content-Type")):
        return request.body_text, False
    return base64.b64encode(request.body_bytes).decode("ascii"), True


def claim_string(value, nested: bool = False) -> str:
    """How HTTP APIs pass one JWT claim to Lambda: as a string, in Go's %v notation.

    Measured against AWS (floci-io/floci pull 2011, a Cognito-backed HTTP API): strings
    as they are, numbers and booleans as text, lists as ``[admin poweruser]``; objects
    arrive as ``map[key:value]`` with sorted keys (aws/aws-lambda-go issue 570, from
    CloudWatch). A null inside a list or object prints as Go's ``<nil>``.
    """
    if value is None:
        return "<nil>" if nested else "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return number_to_string(value)
    if isinstance(value, list):
        return "[" + " ".join(claim_string(v, True) for v in value) + "]"
    if isinstance(value, dict):
        return "map[" + " ".join(f"{k}:{claim_string(value[k], True)}" for k in sorted(value)) + "]"
    return str(value)


def claims_as_strings(claims: dict) -> dict:
    """The claims a function sees; a claim whose value is null is left out (measured, as above)."""
    return {key: claim_string(value) for key, value in claims.items() if value is not None}


def _header_pairs(request, gateway: Gateway, region: str) -> list[tuple[str, str]]:
    """The headers as the function gets them: the client's, then those API Gateway sets."""
    pairs = []
    forwarded_for: list[str] = []  # the client's X-Forwarded-For, to which API Gateway appends its caller
    trace = gateway.trace_id
    for name, value in request.headers:
        lower = name.lower()
        if lower in ("host", "content-length", "x-forwarded-port", "x-forwarded-proto"):
            continue  # API Gateway writes its own
        if lower == "x-forwarded-for":
            forwarded_for.append(value)
            continue
        if lower == "x-amzn-trace-id":
            trace = value
            continue
        pairs.append((name, value))
    body = request.body_bytes if request.has_body else b""
    pairs += [("content-length", str(len(body))), ("host", gateway.domain(region)), ("x-amzn-trace-id", trace),
              ("x-forwarded-for", ", ".join(forwarded_for + [gateway.source_ip])), ("x-forwarded-port", "443"), ("x-forwarded-proto", "https")]
    return pairs


def headers_v2(request, gateway: Gateway, region: str) -> tuple[dict[str, str], list[str]]:
    """2.0's ``headers`` (lower-case names, repeats joined by commas) and ``cookies``."""
    values: dict[str, list[str]] = {}
    cookies: list[str] = []
    for name, value in _header_pairs(request, gateway, region):
        lower = name.lower()
        if lower == "cookie":
            cookies.extend(c.strip() for c in value.split(";") if c.strip())
            continue
        values.setdefault(lower, []).append(value)
    return {name: ",".join(values[name]) for name in sorted(values)}, cookies


def headers_v1(request, gateway: Gateway, region: str) -> tuple[dict[str, str], dict[str, list[str]]]:
    """1.0's ``headers`` (the last value of each) and ``multiValueHeaders`` (all)."""
    multi: dict[str, list[str]] = {}
    for name, value in _header_pairs(request, gateway, region):
        lower = name.lower()
        multi.setdefault(_CANONICAL.get(lower, lower), []).append(value)
    names = sorted(multi)
    return {name: multi[name][-1] for name in names}, {name: multi[name] for name in names}


def _query_v2(request) -> dict[str, str]:
    values: dict[str, list[str]] = {}
    for key, value in request.query_pairs():
        values.setdefault(key, []).append(value)
    return {key: ",".join(v) for key, v in values.items()}


def _query_v1(request) -> tuple[dict[str, str] | None, dict[str, list[str]] | None]:
    multi: dict[str, list[str]] = {}
    for key, value in request.query_pairs():
        multi.setdefault(key, []).append(value)
    if not multi:
        return None, None
    return {key: v[-1] for key, v in multi.items()}, multi


def _context_v2(request, route_key: str, gateway: Gateway, region: str, authorizer: dict | None) -> dict:
    context: dict = {"accountId": gateway.account_id, "apiId": gateway.api_id}
    if authorizer is not None:
        context["authorizer"] = authorizer
    context.update({
        "domainName": gateway.domain(region),
        "domainPrefix": gateway.domain(region).split(".", 1)[0],
        "http": {"method": request.method, "path": request.path, "protocol": "HTTP/1.1",
                 "sourceIp": gateway.source_ip, "userAgent": request.header("User-Agent") or ""},
        "requestId": gateway.request_id,
        "routeKey": route_key,
        "stage": STAGE,
        "time": gateway.time,
        "timeEpoch": gateway.time_epoch,
    })
    return context


def _identity_v1(request, gateway: Gateway, iam: dict | None) -> dict:
    iam = iam or {}
    return {
        "accessKey": iam.get("accessKey"), "accountId": iam.get("accountId"), "caller": iam.get("callerId"),
        "cognitoAmr": None, "cognitoAuthenticationProvider": None, "cognitoAuthenticationType": None,
        "cognitoIdentityId": None, "cognitoIdentityPoolId": None, "principalOrgId": iam.get("principalOrgId"),
        "sourceIp": gateway.source_ip, "user": iam.get("userId"), "userAgent": request.header("User-Agent") or "",
        "userArn": iam.get("userArn"),
    }


def _context_v1(request, route, gateway: Gateway, region: str, authorizer: dict | None, iam: dict | None) -> dict:
    context: dict = {"accountId": gateway.account_id, "apiId": gateway.api_id}
    if authorizer is not None:
        context["authorizer"] = authorizer
    resource = _resource(route)
    context.update({
        "domainName": gateway.domain(region),
        "domainPrefix": gateway.domain(region).split(".", 1)[0],
        "extendedRequestId": gateway.request_id,
        "httpMethod": request.method,
        "identity": _identity_v1(request, gateway, iam),
        "path": request.path,
        "protocol": "HTTP/1.1",
        "requestId": gateway.request_id,
        "requestTime": gateway.time,
        "requestTimeEpoch": gateway.time_epoch,
        "resourceId": route.api_route_key,
        "resourcePath": resource,
        "stage": STAGE,
    })
    return context


def _resource(route) -> str:
    return "$default" if route.route_key == "*" else route.route_key.split(" ", 1)[1]


def event_v2(request, match, authorizer: dict | None, region: str, gateway: Gateway | None = None) -> dict:
    """The 2.0 event; ``authorizer`` is ``requestContext.authorizer`` (None: no key)."""
    gateway = gateway or Gateway()
    route_key = match.route.api_route_key
    headers, cookies = headers_v2(request, gateway, region)
    event: dict = {"version": "2.0", "routeKey": route_key, "rawPath": request.path, "rawQueryString": request.raw_query}
    if cookies:
        event["cookies"] = cookies
    event["headers"] = headers
    query = _query_v2(request)
    if query:
        event["queryStringParameters"] = query
    event["requestContext"] = _context_v2(request, route_key, gateway, region, authorizer)
    body, encoded = body_of(request)
    if body is not None:
        event["body"] = body
    if match.parameters:
        event["pathParameters"] = dict(match.parameters)
    event["isBase64Encoded"] = encoded
    return event


def event_v1(request, match, authorizer: dict | None, region: str, gateway: Gateway | None = None,
             iam: dict | None = None) -> dict:
    """The 1.0 event; ``iam`` fills ``identity`` on IAM-authorized routes."""
    gateway = gateway or Gateway()
    headers, multi_headers = headers_v1(request, gateway, region)
    query, multi_query = _query_v1(request)
    body, encoded = body_of(request)
    return {
        "version": "1.0",
        "resource": _resource(match.route),
        "path": request.path,
        "httpMethod": request.method,
        "headers": headers,
        "multiValueHeaders": multi_headers,
        "queryStringParameters": query,
        "multiValueQueryStringParameters": multi_query,
        "requestContext": _context_v1(request, match.route, gateway, region, authorizer, iam),
        "pathParameters": dict(match.parameters) or None,
        "stageVariables": None,
        "body": body,
        "isBase64Encoded": encoded,
    }


def authorizer_event(payload: str, request, match, identity: list[str], region: str,
                     gateway: Gateway | None = None) -> dict:
    """The event a Lambda request authorizer receives, in its payload format (1.0 or 2.0).

    ``identity`` is the values of its identity sources, in order. Neither format has the
    body; 2.0 is the integration's event with ``type``, ``routeArn`` and
    ``identitySource`` instead of ``authorizer``/``body``/``isBase64Encoded``; 1.0 is
    REST's request authorizer shape (``methodArn``, ``identitySource`` as one string).
    """
    gateway = gateway or Gateway()
    arn = gateway.route_arn(region, request.method, request.raw_path)
    if payload == "1.0":
        integration = event_v1(request, match, None, region, gateway)
        joined = ",".join(identity)
        return {
            "version": "1.0", "type": "REQUEST", "methodArn": arn, "identitySource": joined,
            "authorizationToken": joined, "resource": integration["resource"], "path": integration["path"],
            "httpMethod": integration["httpMethod"], "headers": integration["headers"],
            "queryStringParameters": integration["queryStringParameters"],
            "pathParameters": integration["pathParameters"] or {}, "stageVariables": integration["stageVariables"],
            "requestContext": integration["requestContext"],
        }
    integration = event_v2(request, match, None, region, gateway)
    event: dict = {"version": "2.0", "type": "REQUEST", "routeArn": arn, "identitySource": list(identity)}
    for key in ("routeKey", "rawPath", "rawQueryString", "cookies", "headers", "queryStringParameters",
                "requestContext", "pathParameters"):
        if key in integration:
            event[key] = integration[key]
    return event
