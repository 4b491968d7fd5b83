"""explain(): route selection, authorizers, CORS and the event, as API Gateway does them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from wizard.api import compile_text
from wizard.explaining import Request, explain
from wizard.explaining.jwt import encode_unsigned

ISSUER = "https://issuer.example.com/pool"
NOW = 1_700_000_000


def service(routes=None, provider=None, functions=None):
    cfg = {"service": "svc", "provider": {"name": "aws", "runtime": "nodejs22.x", **(provider or {})}}
    cfg["functions"] = functions or {
        f"f{i}": {"handler": "h.f", "events": [{"httpApi": r}]} for i, r in enumerate(routes or [])
    }
    result = compile_text(yaml.safe_dump(cfg, sort_keys=False), "serverless.yml", env={})
    assert result.compile_errors == [], [d.format() for d in result.compile_errors]
    return result


def ask(result, line, *headers, body=None):
    return explain(result.service, result.http_api, Request.parse(line, headers, body), now=NOW)


# AWS's "Routing API requests" example, plus our own tricky cases.
AWS_ROUTES = ["GET /pets/dog/1", "GET /pets/dog/{id}", "GET /pets/{proxy+}", "ANY /{proxy+}", "*"]
ROUTING = [
    (AWS_ROUTES, "GET /pets/dog/1", "GET /pets/dog/1", {}),
    (AWS_ROUTES, "GET /pets/dog/2", "GET /pets/dog/{id}", {"id": "2"}),
    (AWS_ROUTES, "GET /pets/cat/1", "GET /pets/{proxy+}", {"proxy": "cat/1"}),
    (AWS_ROUTES, "POST /pets/dog/1", "ANY /{proxy+}", {"proxy": "pets/dog/1"}),
    # AWS's order: a full match, {param} routes included, before any greedy route
    # (issue 12: the greedy route used to win on its literal first segment)
    (["GET /pets/{proxy+}", "GET /{kind}/dog/1"], "GET /pets/dog/1", "GET /{kind}/dog/1", {"kind": "pets"}),
    (["GET /pets/{proxy+}", "GET /{kind}/dog/1"], "GET /pets/dog/2", "GET /pets/{proxy+}", {"proxy": "dog/2"}),
    (["ANY /{proxy+}", "GET /{a}/{b}"], "GET /x/y", "GET /{a}/{b}", {"a": "x", "b": "y"}),
    (["GET /{proxy+}", "ANY /{a}/{b}"], "GET /x/y", "ANY /{a}/{b}", {"a": "x", "b": "y"}),
    # among full matches the most specific: literal before variable, from the left
    (["GET /a/{x}/c", "GET /a/b/{y}", "GET /a/{p+}"], "GET /a/b/c", "GET /a/b/{y}", {"y": "c"}),
    (["GET /{x}/b/c", "GET /a/{y}/{z}"], "GET /a/b/c", "GET /a/{y}/{z}", {"y": "b", "z": "c"}),
    # among greedy matches the longest literal prefix
    (["ANY /{proxy+}", "GET /a/{p+}", "GET /a/b/{q+}"], "GET /a/b/c", "GET /a/b/{q+}", {"q": "c"}),
    (["GET /a/{x}/c", "GET /a/{p+}"], "GET /a/z/c", "GET /a/{x}/c", {"x": "z"}),
    (["GET /a/{x}/c", "GET /a/{p+}"], "GET /a/z/c/d", "GET /a/{p+}", {"p": "z/c/d"}),
    # ANY with and without a specific method on the same path
    (["ANY /items", "GET /items"], "GET /items", "GET /items", {}),
    (["ANY /items", "GET /items"], "DELETE /items", "ANY /items", {}),
    (["GET /items"], "POST /items", None, None),
    # $default
    (["GET /items", "*"], "POST /items", "$default", {}),
    (["*"], "GET /", "$default", {}),
    # trailing slashes: a different path, which only a greedy variable reaches
    (["GET /metrics"], "GET /metrics/", None, None),
    (["GET /metrics", "GET /metrics/{proxy+}"], "GET /metrics/", "GET /metrics/{proxy+}", {"proxy": ""}),
    (["GET /users/{id}"], "GET /users/", None, None),
    # percent-encoding: matched and passed decoded
    (["GET /files/{name}"], "GET /files/my%20report.pdf", "GET /files/{name}", {"name": "my report.pdf"}),
    (["GET /caf\u00e9"], "GET /caf%C3%A9", "GET /caf\u00e9", {}),
    # paths are case-sensitive
    (["GET /users"], "GET /Users", None, None),
    (["GET /users", "*"], "GET /USERS", "$default", {}),
]


@pytest.mark.parametrize("routes,line,route_key,params", ROUTING, ids=[f"{c[1]}->{c[2]}" for c in ROUTING])
def test_route_selection(routes, line, route_key, params):
    e = ask(service(routes), line)
    if route_key is None:
        assert e.status == 404 and e.response == {"body": {"message": "Not Found"}} and e.rejected
        return
    assert e.match.route.api_route_key == route_key
    assert e.match.parameters == params
    assert e.event["routeKey"] == route_key and e.event.get("pathParameters", {}) == params


def test_query_strings_and_encoding_in_the_event():
    e = ask(service(["GET /search"]), "GET /search?q=a%20b&q=c&tag=x+y&empty=")
    assert e.event["rawQueryString"] == "q=a%20b&q=c&tag=x+y&empty="
    assert e.event["queryStringParameters"] == {"q": "a b,c", "tag": "x y", "empty": ""}
    v1 = ask(service(["GET /search"], provider={"httpApi": {"payload": "1.0"}}), "GET /search?q=a&q=b")
    assert v1.event["multiValueQueryStringParameters"] == {"q": ["a", "b"]}
    assert v1.event["queryStringParameters"] == {"q": "b"}


# ----- authorizers -------------------------------------------------------------------

def jwt_service(scopes=None):
    event = {"httpApi": {"method": "GET", "path": "/me", "authorizer": {"name": "jwt", **({"scopes": scopes} if scopes else {})}}}
    return service(
        provider={"httpApi": {"authorizers": {"jwt": {"identitySource": "$request.header.Authorization", "issuerUrl": ISSUER, "audience": ["app"]}}}},
        functions={"me": {"handler": "h.me", "events": [event]}},
    )


def token(**claims):
    base = {"iss": ISSUER, "aud": "app", "exp": NOW + 600, "sub": "u1", "scope": "read write"}
    base.update(claims)
    return encode_unsigned({k: v for k, v in base.items() if v is not None})


@pytest.mark.parametrize(
    "header,status,words",
    [
        (f"Bearer {token()}", None, "iss, aud, exp, nbf and iat pass"),
        (token(), None, "iss, aud, exp, nbf and iat pass"),  # no Bearer prefix: accepted too
        (f"Bearer {token(exp=NOW - 5)}", 401, "expired"),
        (f"Bearer {token(nbf=NOW + 60)}", 401, "not valid for another"),
        (f"Bearer {token(aud='other')}", 401, "not one of the audiences"),
        (f"Bearer {token(aud=None, client_id='app')}", None, "pass"),
        (f"Bearer {token(iss='https://evil.example.com')}", 401, "iss is"),
        ("Bearer not-a-jwt", 401, "three dot-separated parts"),
        (None, 401, "no token"),
    ],
)
def test_jwt_outcomes(header, status, words):
    e = ask(jwt_service(), "GET /me", *([f"Authorization: {header}"] if header else []))
    assert e.auth.status == status
    assert any(words in step for step in e.auth.steps)
    if status is None:
        claims = e.event["requestContext"]["authorizer"]["jwt"]["claims"]
        assert claims["sub"] == "u1" and claims["exp"] == str(NOW + 600)
    else:
        assert e.event is None and e.rejected


def test_jwt_scopes():
    assert ask(jwt_service(["admin"]), "GET /me", f"Authorization: {token()}").auth.status == 403
    ok = ask(jwt_service(["admin", "write"]), "GET /me", f"Authorization: {token()}")
    # jwt.scopes is the token's whole list on a scoped route, null on one without (measured
    # against AWS by floci-io/floci pull 2011).
    assert ok.auth.status is None and ok.event["requestContext"]["authorizer"]["jwt"]["scopes"] == ["read", "write"]
    plain = ask(jwt_service(), "GET /me", f"Authorization: {token()}")
    assert plain.event["requestContext"]["authorizer"]["jwt"]["scopes"] is None
    scp = ask(jwt_service(["admin"]), "GET /me", f"Authorization: {token(scope=None, scp=['admin'])}")
    assert scp.auth.status is None
    assert any("signature" in s and "WITHOUT" in s for s in ok.auth.steps)  # said plainly


def lambda_service(ttl=None):
    authorizer = {"type": "request", "functionName": "auth", "identitySource": ["$request.header.X-Key", "$request.querystring.tenant"]}
    if ttl:
        authorizer["resultTtlInSeconds"] = ttl
    return service(
        provider={"httpApi": {"authorizers": {"key": authorizer}}},
        functions={"auth": {"handler": "h.auth"}, "api": {"handler": "h.api", "events": [{"httpApi": {"method": "GET", "path": "/data", "authorizer": "key"}}]}},
    )


def test_lambda_authorizer_identity_sources():
    missing = ask(lambda_service(), "GET /data", "X-Key: k1")
    assert missing.auth.status == 401 and "without invoking" in missing.auth.steps[-1]
    present = ask(lambda_service(ttl=300), "GET /data?tenant=t1", "x-key: k1")
    assert present.auth.status is None and present.event["requestContext"]["authorizer"] == {"lambda": {}}
    assert any("cached 300 s under the key 'k1 t1'" in s for s in present.auth.steps)


def test_iam_needs_a_signature():
    svc = service(functions={"api": {"handler": "h.api", "events": [{"httpApi": {"method": "GET", "path": "/x", "authorizer": {"type": "aws_iam"}}}]}})
    assert ask(svc, "GET /x").auth.status == 403
    signed = ask(svc, "GET /x", "Authorization: AWS4-HMAC-SHA256 Credential=AKIA.../20200310/us-east-1/execute-api/aws4_request, SignedHeaders=host, Signature=abc")
    assert signed.auth.status is None and "iam" in signed.event["requestContext"]["authorizer"]


# ----- CORS ------------------------------------------------------------------------------

def cors_service(cors, events=None, authorizers=None):
    http_api = {"cors": cors}
    if authorizers:
        http_api["authorizers"] = authorizers
    return service(provider={"httpApi": http_api}, functions={"api": {"handler": "h.api", "events": events or [{"httpApi": "POST /orders"}]}})


CUSTOM = {"allowedOrigins": ["https://app.example.com"], "allowedHeaders": ["Content-Type", "Authorization"], "allowedMethods": ["GET", "POST"],
          "allowCredentials": True, "exposedResponseHeaders": ["X-Request-Id"], "maxAge": 600}


def test_cors_preflight_allowed():
    e = ask(cors_service(CUSTOM), "OPTIONS /orders", "Origin: https://app.example.com", "Access-Control-Request-Method: POST",
            "Access-Control-Request-Headers: content-type")
    assert e.status == 204 and not e.rejected and e.function is None
    assert e.cors.headers == {
        "access-control-allow-origin": "https://app.example.com",
        "access-control-allow-methods": "GET,POST",
        "access-control-allow-headers": "content-type,authorization",
        "access-control-allow-credentials": "true",
        "access-control-max-age": "600",
    }


@pytest.mark.parametrize(
    "headers,words",
    [
        (("Origin: https://evil.example.com", "Access-Control-Request-Method: POST"), "not in allowedOrigins"),
        (("Origin: https://app.example.com", "Access-Control-Request-Method: DELETE"), "not in allowedMethods"),
        (("Origin: https://app.example.com", "Access-Control-Request-Method: POST", "Access-Control-Request-Headers: X-Secret"), "not in allowedHeaders"),
    ],
)
def test_cors_preflight_refused(headers, words):
    e = ask(cors_service(CUSTOM), "OPTIONS /orders", *headers)
    assert e.status == 204 and e.rejected and e.cors.headers == {} and any(words in s for s in e.cors.steps)


def test_cors_simple_request_headers():
    e = ask(cors_service(CUSTOM), "POST /orders", "Origin: https://app.example.com", body="{}")
    assert e.cors.headers == {"access-control-allow-origin": "https://app.example.com", "access-control-allow-credentials": "true",
                              "access-control-expose-headers": "X-Request-Id"}
    assert e.event is not None
    star = ask(cors_service(True), "POST /orders", "Origin: https://anyone.example")
    assert star.cors.headers == {"access-control-allow-origin": "*"}


def test_cors_headers_on_the_function_response():
    # AWS, "Configuring CORS for an HTTP API": "If you configure CORS for an API, API
    # Gateway ignores CORS headers returned from your backend integration" and adds the
    # configured ones to a CORS request; without CORS the function's headers pass as they are.
    returned = [("Access-Control-Allow-Origin", "*"), ("X-Id", "1"), ("access-control-max-age", "5")]
    allowed = ask(cors_service(CUSTOM), "POST /orders", "Origin: https://app.example.com")
    assert allowed.response_headers(returned) == [
        ("X-Id", "1"), ("access-control-allow-origin", "https://app.example.com"),
        ("access-control-allow-credentials", "true"), ("access-control-expose-headers", "X-Request-Id")]
    refused = ask(cors_service(CUSTOM), "POST /orders", "Origin: https://evil.example.com")
    assert refused.response_headers(returned) == [("X-Id", "1")]
    assert ask(cors_service(CUSTOM), "POST /orders").response_headers(returned) == [("X-Id", "1")]
    plain = ask(service(["POST /orders"]), "POST /orders", "Origin: https://app.example.com")
    assert plain.response_headers(returned) == returned


def test_authorized_catch_all_swallows_the_preflight():
    jwt = {"jwt": {"identitySource": "$request.header.Authorization", "issuerUrl": ISSUER, "audience": ["app"]}}
    svc = cors_service(True, events=[{"httpApi": {"path": "*", "authorizer": "jwt"}}], authorizers=jwt)
    e = ask(svc, "OPTIONS /orders", "Origin: https://app.example.com", "Access-Control-Request-Method: POST")
    assert e.status == 401 and e.match.route.api_route_key == "$default"
    assert any("OPTIONS /{proxy+}" in s for s in e.cors.steps)
    # AWS's remedy: an unauthenticated OPTIONS /{proxy+} outranks $default, so API Gateway
    # answers the preflight itself; other methods still reach the authorizer.
    fixed = cors_service(True, events=[{"httpApi": {"path": "*", "authorizer": "jwt"}}, {"httpApi": "OPTIONS /{proxy+}"}],
                         authorizers=jwt)
    preflight = ask(fixed, "OPTIONS /orders", "Origin: https://app.example.com", "Access-Control-Request-Method: POST")
    assert preflight.status == 204 and preflight.cors.allowed and preflight.function is None
    assert ask(fixed, "POST /orders", "Origin: https://app.example.com").status == 401


# ----- the event ----------------------------------------------------------------------

# AWS's example events for HTTP API Lambda integrations (developer guide, "Payload format
# structure"), reduced to what a request without mutual TLS carries, as key -> type; 1.0's
# identity as captured from API Gateway (tests/events/http-api-v1-*.json: cognitoAmr too).
AWS_V2 = {
    "version": str, "routeKey": str, "rawPath": str, "rawQueryString": str, "cookies": list, "headers": dict,
    "queryStringParameters": dict, "requestContext": {
        "accountId": str, "apiId": str, "authorizer": {"jwt": {"claims": dict, "scopes": list}}, "domainName": str,
        "domainPrefix": str, "http": {"method": str, "path": str, "protocol": str, "sourceIp": str, "userAgent": str},
        "requestId": str, "routeKey": str, "stage": str, "time": str, "timeEpoch": int,
    },
    "body": str, "pathParameters": dict, "isBase64Encoded": bool,
}
AWS_V1 = {
    "version": str, "resource": str, "path": str, "httpMethod": str, "headers": dict, "multiValueHeaders": dict,
    "queryStringParameters": dict, "multiValueQueryStringParameters": dict, "requestContext": {
        "accountId": str, "apiId": str, "authorizer": {"claims": dict, "scopes": list}, "domainName": str, "domainPrefix": str,
        "extendedRequestId": str, "httpMethod": str, "identity": {
            "accessKey": type(None), "accountId": type(None), "caller": type(None), "cognitoAmr": type(None),
            "cognitoAuthenticationProvider": type(None),
            "cognitoAuthenticationType": type(None), "cognitoIdentityId": type(None), "cognitoIdentityPoolId": type(None),
            "principalOrgId": type(None), "sourceIp": str, "user": type(None), "userAgent": str, "userArn": type(None),
        },
        "path": str, "protocol": str, "requestId": str, "requestTime": str, "requestTimeEpoch": int, "resourceId": str,
        "resourcePath": str, "stage": str,
    },
    "pathParameters": dict, "stageVariables": type(None), "body": str, "isBase64Encoded": bool,
}


def assert_shape(value, shape, where="event"):
    if isinstance(shape, dict):
        assert isinstance(value, dict), where
        assert set(value) == set(shape), f"{where}: {sorted(set(value) ^ set(shape))}"
        for key, sub in shape.items():
            assert_shape(value[key], sub, f"{where}.{key}")
    else:
        assert isinstance(value, shape), f"{where} is {type(value).__name__}, AWS sends {shape.__name__}"


@pytest.mark.parametrize("payload,shape", [("2.0", AWS_V2), ("1.0", AWS_V1)])
def test_event_shape_matches_aws(payload, shape):
    svc = service(
        provider={"httpApi": {"payload": payload, "authorizers": {"jwt": {"identitySource": "$request.header.Authorization", "issuerUrl": ISSUER, "audience": ["app"]}}}},
        functions={"api": {"handler": "h.api", "events": [{"httpApi": {"method": "POST", "path": "/my/{name}", "authorizer": {"name": "jwt", "scopes": ["write"]}}}]}},
    )
    e = ask(svc, "POST /my/path?parameter1=value1&parameter1=value2&parameter2=value", f"Authorization: Bearer {token()}",
            "Cookie: cookie1; cookie2", "Content-Type: application/json", "User-Agent: curl/8", body='{"hello": "world"}')
    assert_shape(e.event, shape)
    if payload == "2.0":
        assert e.event["cookies"] == ["cookie1", "cookie2"] and "cookie" not in e.event["headers"]
        assert all(k == k.lower() for k in e.event["headers"])
    assert json.loads(json.dumps(e.event)) == e.event  # ready to paste as JSON


def test_binary_bodies_are_base64():
    e = ask(service(["POST /upload"]), "POST /upload", "Content-Type: application/octet-stream", body="hi")
    assert e.event["isBase64Encoded"] is True and e.event["body"] == "aGk="


# ----- the seed example and the CLI --------------------------------------------------------

ROOT = Path(__file__).resolve().parents[1]


def test_seed_example_answers():
    from wizard.api import compile_file

    r = compile_file(str(ROOT / "wizard" / "examples" / "seed.yml"))

    def route(line, *headers):
        e = explain(r.service, r.http_api, Request.parse(line, headers), now=time.time())
        return e.status, e.match.route.api_route_key if e.match else None

    assert route("PATCH /elo") == (None, "PATCH /elo")
    assert route("GET /get/for/any/x") == (None, "GET /get/for/any/{param}")
    assert route("DELETE /any/method") == (None, "ANY /any/method")
    assert route("GET /something/else") == (None, "$default")
    assert route("POST /some-post") == (401, "POST /some-post")
    assert route("OPTIONS /elo", "Origin: https://a.example", "Access-Control-Request-Method: PATCH")[0] == 204


def run(*args):
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "wizard", *args], capture_output=True, text=True, env=env)


def test_cli_exit_codes_and_json():
    ok = run("explain", "GET /get/for/any/42?v=1", "--example", "seed", "--format", "json")
    assert ok.returncode == 0
    data = json.loads(ok.stdout)
    assert data["route"]["routeKey"] == "GET /get/for/any/{param}" and data["event"]["pathParameters"] == {"param": "42"}
    denied = run("explain", "POST /some-post", "--example", "seed")
    assert denied.returncode == 1 and "401" in denied.stdout
    assert run("explain", "FETCH /x", "--example", "seed").returncode == 2
    assert run("explain", "GET /x", "-H", "no colon", "--example", "seed").returncode == 2


def test_routes_marks_shadowing(tmp_path):
    f = tmp_path / "serverless.yml"
    f.write_text(yaml.safe_dump({"service": "s", "provider": {"name": "aws", "runtime": "nodejs22.x"}, "functions": {
        "a": {"handler": "h.a", "events": [{"httpApi": "GET /users/{id}"}, {"httpApi": "GET /users/me"}, {"httpApi": "ANY /users/me"}]}}}))
    rows = {r["routeKey"]: r for r in json.loads(run("routes", str(f), "--format", "json").stdout)}
    assert "GET /users/me" in rows["GET /users/{id}"]["shadowedBy"]
    assert rows["GET /users/me"]["shadows"].keys() == {"GET /users/{id}", "ANY /users/me"}
    assert rows["ANY /users/me"]["unreachable"] is False  # POST /users/me still reaches it
    assert rows["GET /users/{id}"]["unreachable"] is False
