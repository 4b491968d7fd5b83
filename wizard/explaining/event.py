"""The Lambda event API Gateway sends for a request, in payload format 2.0 or 1.0.

Shapes follow AWS's "Working with AWS Lambda proxy integrations for HTTP APIs". What
only AWS knows (request id, time, account, API id, source IP) gets stable placeholder
values, so the event can be pasted into a unit test as it is.
"""

from __future__ import annotations

import base64
import json

ACCOUNT_ID = "123456789012"
API_ID = "api-id"
REQUEST_ID = "JKJaXmPLvHcESHA="
TIME = "10/Mar/2020:00:03:59 +0000"
TIME_EPOCH = 1583798639428
SOURCE_IP = "192.0.2.1"
TRACE_ID = "Root=1-5e66d96f-7491f09xmpl79d18acf3d050"
# Bodies of these types reach the function as text; anything else is base64-encoded.
_TEXT_TYPES = ("text/", "application/json", "application/xml", "application/javascript",
               "application/x-www-form-urlencoded", "application/graphql", "+json", "+xml")


def _claims_as_strings(claims: dict) -> dict:
    """HTTP APIs pass JWT claims to Lambda as strings (lists as "[a b]")."""
    out = {}
    for key, value in claims.items():
        if isinstance(value, bool):
            out[key] = "true" if value else "false"
        elif isinstance(value, list):
            out[key] = "[" + " ".join(str(v) for v in value) + "]"
        elif isinstance(value, dict):
            out[key] = json.dumps(value, separators=(",", ":"))
        else:
            out[key] = str(value)
    return out


def _body(request) -> tuple[str | None, bool]:
    if request.body is None:
        return None, False
    content_type = (request.header("Content-Type") or "").lower()
    if not content_type or any(t in content_type for t in _TEXT_TYPES):
        return request.body, False
    return base64.b64encode(request.body.encode("utf-8")).decode("ascii"), True


def _gateway_headers(request, region: str) -> list[tuple[str, str]]:
    """Headers API Gateway adds or rewrites on the way to the function."""
    added = [("host", f"{API_ID}.execute-api.{region}.amazonaws.com"), ("x-amzn-trace-id", TRACE_ID),
             ("x-forwarded-for", SOURCE_IP), ("x-forwarded-port", "443"), ("x-forwarded-proto", "https")]
    if request.body is not None:
        added.append(("content-length", str(len(request.body.encode("utf-8")))))
    present = {n.lower() for n, _ in request.headers}
    return [(n, v) for n, v in added if n not in present]


def event_v2(request, match, outcome, region: str) -> dict:
    route = match.route
    headers: dict[str, str] = {}
    cookies: list[str] = []
    for name, value in list(request.headers) + _gateway_headers(request, region):
        lower = name.lower()
        if lower == "cookie":
            cookies.extend(c.strip() for c in value.split(";") if c.strip())
            continue
        headers[lower] = f"{headers[lower]},{value}" if lower in headers else value
    event: dict = {"version": "2.0", "routeKey": route.api_route_key, "rawPath": request.raw_path,
                   "rawQueryString": request.raw_query}
    if cookies:
        event["cookies"] = cookies
    event["headers"] = headers
    query: dict[str, str] = {}
    for key, value in request.query_pairs():
        query[key] = f"{query[key]},{value}" if key in query else value
    if query:
        event["queryStringParameters"] = query
    context: dict = {"accountId": ACCOUNT_ID, "apiId": API_ID}
    authorizer = _authorizer_v2(outcome)
    if authorizer is not None:
        context["authorizer"] = authorizer
    context.update(
        {
            "domainName": f"{API_ID}.execute-api.{region}.amazonaws.com",
            "domainPrefix": API_ID,
            "http": {"method": request.method, "path": request.raw_path, "protocol": "HTTP/1.1",
                     "sourceIp": SOURCE_IP, "userAgent": request.header("User-Agent") or ""},
            "requestId": REQUEST_ID,
            "routeKey": route.api_route_key,
            "stage": "$default",
            "time": TIME,
            "timeEpoch": TIME_EPOCH,
        }
    )
    event["requestContext"] = context
    body, encoded = _body(request)
    if body is not None:
        event["body"] = body
    if match.parameters:
        event["pathParameters"] = dict(match.parameters)
    event["isBase64Encoded"] = encoded
    return event


def _authorizer_v2(outcome):
    if outcome.kind == "jwt":
        return {"jwt": {"claims": _claims_as_strings(outcome.claims or {}), "scopes": outcome.scopes}}
    if outcome.kind == "request":
        return {"lambda": outcome.context or {}}
    if outcome.kind == "aws_iam":
        return {"iam": {"accessKey": "AKIAIOSFODNN7EXAMPLE", "accountId": ACCOUNT_ID, "callerId": "AIDACKCEVSQ6C2EXAMPLE",
                        "cognitoIdentity": None, "principalOrgId": None,
                        "userArn": f"arn:aws:iam::{ACCOUNT_ID}:user/caller", "userId": "AIDACKCEVSQ6C2EXAMPLE"}}
    return None


def event_v1(request, match, outcome, region: str) -> dict:
    route = match.route
    headers: dict[str, str] = {}
    multi_headers: dict[str, list[str]] = {}
    for name, value in list(request.headers) + _gateway_headers(request, region):
        headers[name] = value  # the last value wins in the single-value map
        multi_headers.setdefault(name, []).append(value)
    query: dict[str, str] = {}
    multi_query: dict[str, list[str]] = {}
    for key, value in request.query_pairs():
        query[key] = value
        multi_query.setdefault(key, []).append(value)
    resource = "$default" if route.route_key == "*" else route.route_key.split(" ", 1)[1]
    authorizer = None
    if outcome.kind == "jwt":
        authorizer = {"claims": _claims_as_strings(outcome.claims or {}), "scopes": outcome.scopes}
    elif outcome.kind == "request":
        authorizer = outcome.context or {}
    body, encoded = _body(request)
    return {
        "version": "1.0",
        "resource": resource,
        "path": request.raw_path,
        "httpMethod": request.method,
        "headers": headers,
        "multiValueHeaders": multi_headers,
        "queryStringParameters": query or None,
        "multiValueQueryStringParameters": multi_query or None,
        "requestContext": {
            "accountId": ACCOUNT_ID,
            "apiId": API_ID,
            "authorizer": authorizer,
            "domainName": f"{API_ID}.execute-api.{region}.amazonaws.com",
            "domainPrefix": API_ID,
            "extendedRequestId": REQUEST_ID,
            "httpMethod": request.method,
            "identity": {
                "accessKey": None, "accountId": None, "caller": None, "cognitoAuthenticationProvider": None,
                "cognitoAuthenticationType": None, "cognitoIdentityId": None, "cognitoIdentityPoolId": None,
                "principalOrgId": None, "sourceIp": SOURCE_IP, "user": None,
                "userAgent": request.header("User-Agent") or "", "userArn": None,
            },
            "path": request.raw_path,
            "protocol": "HTTP/1.1",
            "requestId": REQUEST_ID,
            "requestTime": TIME,
            "requestTimeEpoch": TIME_EPOCH,
            "resourceId": route.api_route_key,
            "resourcePath": resource,
            "stage": "$default",
        },
        "pathParameters": dict(match.parameters) or None,
        "stageVariables": None,
        "body": body,
        "isBase64Encoded": encoded,
    }
