"""What API Gateway does with a request, scenario by scenario, each checked against its source.

Every scenario is a serverless.yml (routes and provider.httpApi), one request (or a few,
for the authorizer cache), and what AWS does with it, with the source that says so:
AWS's HTTP API documentation (URL and the sentence), an event captured from a real
HTTP API (a file in tests/events/ or a published capture, cited by repository, path
and commit), or a measurement of AWS published by an emulator's maintainers. Only what
the source states is pinned; what it leaves open is left out.

An expectation is a path into ``explain --format json`` (``Explanation.to_dict()``)
and the value found there: ``ABSENT`` when the key must not be there, ``Tokens`` for a
comma-separated header value compared as a set. Three more views: ``client_headers``
(the function's response headers as the client gets them, from ``function_headers``),
``authorizer_calls`` (how many times the Lambda authorizer ran over the requests),
``authorizer_event`` (what it received on the last request).
"""

from __future__ import annotations

import base64
import json
import re
from pathlib import Path

import pytest
import yaml

from wizard.api import compile_text
from wizard.explaining import Gateway, Request, cached, decide
from wizard.explaining.jwt import encode_unsigned

NOW = 1_700_000_000
ISSUER = "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_example"
AWS = "https://docs.aws.amazon.com/apigateway/latest/developerguide/"
ROUTES = AWS + "http-api-develop-routes.html"
PAYLOAD = AWS + "http-api-develop-integrations-lambda.html"
CORS = AWS + "http-api-cors.html"
JWT = AWS + "http-api-jwt-authorizer.html"
JWT_TROUBLE = AWS + "http-api-troubleshooting-jwt.html"
LAMBDA_AUTH = AWS + "http-api-lambda-authorizer.html"
IAM = AWS + "http-api-access-control-iam.html"
KC_401 = "https://repost.aws/knowledge-center/api-gateway-401-error-lambda-authorizer"
KC_CACHE = "https://repost.aws/knowledge-center/api-gateway-lambda-authorization-errors"
# A live capture of payload 2.0 through a $default route (hotsock/voker, MIT licence,
# vokerhttp/testdata/apigwv2-request.json at 59c7289, "captured from CloudWatch ... after
# public requests"): the request sent, and what AWS made of it.
VOKER = "hotsock/voker vokerhttp/testdata/apigwv2-request.json @59c7289 (live capture, us-west-2)"
VOKER_GATEWAY = Gateway(account_id="910345601053", api_id="sjzepsqsu5", request_id="ATfSmjLgPHcESJw=",
                        time_epoch=1783711145766, source_ip="68.8.83.18",
                        trace_id="Root=1-6a5145a9-1bae89e2512ec92d5d9438a0")
VOKER_BODY = '{"message":"hello from the public internet","unicode":"lambda-\u03bb"}'


class _Absent:
    def __repr__(self) -> str:
        return "ABSENT"


ABSENT = _Absent()


class Tokens:
    """A comma-separated header value, compared as a set of case-insensitive tokens."""

    def __init__(self, *tokens: str) -> None:
        self.tokens = {t.lower() for t in tokens}

    def __eq__(self, other) -> bool:
        return isinstance(other, str) and {t.strip().lower() for t in other.split(",") if t.strip()} == self.tokens

    def __repr__(self) -> str:
        return f"Tokens({sorted(self.tokens)})"


class Scenario:
    __slots__ = ("name", "config", "requests", "expect", "source", "options")

    def __init__(self, name, config, request, expect, source, **options) -> None:
        self.name = name
        self.config = config
        self.requests = request if isinstance(request, list) else [request]
        self.expect = expect
        self.source = source
        self.options = options


# ----- building serverless.yml --------------------------------------------------------------

def api(*routes, payload="2.0", functions=None, **http_api):
    """A service whose function ``f<i>`` answers route ``i`` (a route key or an httpApi dict)."""
    fns = {f"f{i}": {"handler": "h.f", "events": [{"httpApi": r}]} for i, r in enumerate(routes)}
    fns.update(functions or {})
    return {"service": "svc", "provider": {"name": "aws", "runtime": "nodejs20.x", "region": "us-east-1",
                                           "httpApi": {"payload": payload, **http_api}}, "functions": fns}


def route(key: str, **event):
    method, _, path = key.partition(" ")
    return {"method": method, "path": path, **event} if key != "*" else {"method": "*", "path": "*", **event}


def req(line: str, *headers: str, body=None):
    return (line, list(headers), body)


JWT_AUTH = {"jwt": {"identitySource": "$request.header.Authorization", "issuerUrl": ISSUER, "audience": ["app"]}}


def jwt_api(scopes=None, payload="2.0", source="$request.header.Authorization", key="GET /me"):
    authorizer = {"name": "jwt", **({"scopes": scopes} if scopes else {})}
    authorizers = {"jwt": {**JWT_AUTH["jwt"], "identitySource": source}}
    return api(route(key, authorizer=authorizer), payload=payload, authorizers=authorizers)


def claims(**extra):
    base = {"iss": ISSUER, "aud": "app", "exp": NOW + 600, "iat": NOW - 60, "sub": "u1"}
    base.update(extra)
    return {k: v for k, v in base.items() if v is not _DROP}


_DROP = object()


def bearer(**extra) -> str:
    return "Authorization: Bearer " + encode_unsigned(claims(**extra))


def lambda_api(*routes, payload="2.0", simple=True, ttl=0, sources=("$request.header.X-Token",), authorizer_payload=None):
    authorizer = {"type": "request", "functionName": "auth", "enableSimpleResponses": simple,
                  "payloadVersion": authorizer_payload or ("2.0" if simple else "1.0"), "resultTtlInSeconds": ttl}
    if sources is not None:
        authorizer["identitySource"] = list(sources)
    return api(*[route(r, authorizer={"name": "lam"}) for r in routes or ["GET /me"]], payload=payload,
               authorizers={"lam": authorizer}, functions={"auth": {"handler": "auth.handler"}})


ALLOW = {"isAuthorized": True, "context": {"user": "u1", "tier": "gold"}}


def policy(effect: str, resource: str, context=None):
    return {"principalId": "u1", "policyDocument": {"Version": "2012-10-17", "Statement": [
        {"Action": "execute-api:Invoke", "Effect": effect, "Resource": resource}]}, **({"context": context} if context else {})}


ROUTE_ARN = "arn:aws:execute-api:us-east-1:123456789012:api-id/$default/"
CORS_CONFIG = {"allowedOrigins": ["https://app.example.com"], "allowedHeaders": ["Content-Type", "Authorization"],
               "allowedMethods": ["GET", "POST"], "allowCredentials": True, "exposedResponseHeaders": ["x-request-id"],
               "maxAge": 600}
ORIGIN = "Origin: https://app.example.com"


def preflight(path: str, method: str = "POST", *headers: str, origin: str = ORIGIN):
    return req(f"OPTIONS {path}", origin, f"Access-Control-Request-Method: {method}", *headers)


# ----- the scenarios --------------------------------------------------------------------------

AWS_EXAMPLE = ["GET /pets/dog/1", "GET /pets/dog/{id}", "GET /pets/{proxy+}", "ANY /{proxy+}", "*"]
NO_ROUTE = {"status": 404, "response": {"body": {"message": "Not Found"}}, "route": None, "event": None}


def picks(route_key: str, parameters: dict | None = None) -> dict:
    out = {"status": None, "route.routeKey": route_key}
    if parameters is not None:
        out["route.pathParameters"] = parameters
    return out


ROUTING = [
    Scenario("aws example: a static route", api(*AWS_EXAMPLE), req("GET /pets/dog/1"), picks("GET /pets/dog/1", {}),
             ROUTES + ' table: "GET /pets/dog/1 | GET /pets/dog/1 | The request fully matches this static route."'),
    Scenario("aws example: a route with a variable", api(*AWS_EXAMPLE), req("GET /pets/dog/2"),
             picks("GET /pets/dog/{id}", {"id": "2"}),
             ROUTES + ' table: "GET /pets/dog/2 | GET /pets/dog/{id} | The request fully matches this route."'),
    Scenario("aws example: the greedy route under /pets", api(*AWS_EXAMPLE), req("GET /pets/cat/1"),
             picks("GET /pets/{proxy+}", {"proxy": "cat/1"}),
             ROUTES + ' table: "GET /pets/cat/1 | GET /pets/{proxy+} | The request doesn\'t fully match a route. The '
             'route with a GET method and a greedy path variable catches this request."'),
    Scenario("aws example: ANY /{proxy+} before $default", api(*AWS_EXAMPLE), req("POST /test/5"),
             picks("ANY /{proxy+}", {"proxy": "test/5"}),
             ROUTES + ' table: "POST /test/5 | ANY /{proxy+} | ... Routes with greedy path variables have higher '
             'priority than the $default route."'),
    Scenario("a full match with a variable beats a greedy match with a longer literal prefix",
             api("GET /pets/{proxy+}", "GET /{kind}/dog/1"), req("GET /pets/dog/1"),
             picks("GET /{kind}/dog/1", {"kind": "pets"}),
             ROUTES + ' "API Gateway selects the route with the most-specific match, using the following priorities: '
             '1. Full match for a route and method. 2. Match for a route and method with a greedy path variable"'),
    Scenario("the greedy route takes what the full match does not",
             api("GET /pets/{proxy+}", "GET /{kind}/dog/1"), req("GET /pets/dog/2"),
             picks("GET /pets/{proxy+}", {"proxy": "dog/2"}), ROUTES + ' priorities 1 and 2 (as above)'),
    Scenario("a literal segment beats a variable at the same place",
             api("GET /users/{id}", "GET /users/me"), req("GET /users/me"), picks("GET /users/me", {}),
             ROUTES + ' "selects the route with the most-specific match" (GET /pets/dog/1 over GET /pets/dog/{id})'),
    Scenario("the variable takes every other segment", api("GET /users/{id}", "GET /users/me"), req("GET /users/42"),
             picks("GET /users/{id}", {"id": "42"}), ROUTES + ' table row 2'),
    Scenario("two variables beat a greedy route", api("ANY /{proxy+}", "GET /{a}/{b}"), req("GET /x/y"),
             picks("GET /{a}/{b}", {"a": "x", "b": "y"}), ROUTES + ' priorities 1 and 2'),
    Scenario("a named method beats ANY on the same path", api("ANY /items", "GET /items"), req("GET /items"),
             picks("GET /items", {}),
             ROUTES + ' "you can use the ANY method to match all methods that you haven\'t defined for a resource"'),
    Scenario("ANY takes the methods no route names", api("ANY /items", "GET /items"), req("DELETE /items"),
             picks("ANY /items", {}), ROUTES + ' (as above)'),
    Scenario("a method no route takes is 404", api("GET /items"), req("POST /items"), NO_ROUTE,
             ROUTES + ' "If no routes match a request, API Gateway returns {"message":"Not Found"} to the client."'),
    Scenario("$default takes what no route matches", api("GET /items", "*"), req("POST /items"),
             {"status": None, "route.routeKey": "$default", "event.routeKey": "$default", "event.rawPath": "/items"},
             ROUTES + ' "The $default route catches requests that don\'t explicitly match other routes in your API." '
             '"When the $default route receives a request, API Gateway sends the full request path to the integration."'),
    Scenario("a greedy route beats $default", api("ANY /{proxy+}", "*"), req("GET /anything/at/all"),
             picks("ANY /{proxy+}", {"proxy": "anything/at/all"}),
             ROUTES + ' "Routes with greedy path variables have higher priority than the $default route."'),
    Scenario("$default answers the root", api("*"), req("GET /"),
             {"route.routeKey": "$default", "event.rawPath": "/", "event.requestContext.http.path": "/",
              "event.pathParameters": ABSENT}, "tests/events/apigw-v2-request-no-authorizer.json (GET / via $default)"),
    Scenario("a greedy variable needs a child resource", api("GET /pets/{proxy+}"), req("GET /pets"), NO_ROUTE,
             ROUTES + ' "A greedy path variable catches all child resources of a route."'),
    Scenario("a greedy variable takes slashes", api("GET /files/{path+}"), req("GET /files/a/b/c.txt"),
             picks("GET /files/{path+}", {"path": "a/b/c.txt"}), ROUTES + ' (as above)'),
    Scenario("a plain variable takes one segment only", api("GET /files/{name}"), req("GET /files/a/b"), NO_ROUTE,
             ROUTES + ' "the GET /pets/{petID} route catches a GET request that a client submits to .../pets/6"; only '
             'a greedy variable "catches all child resources"'),
    Scenario("a trailing slash is another path", api("GET /metrics"), req("GET /metrics/"), NO_ROUTE,
             "storacha/w3infra pull 166: 'AWS API Gateway does not know trailing slash... and Grafana Agent puts "
             "trailing slash', fixed by adding GET /metrics/{proxy+}"),
    Scenario("a trailing slash reaches a greedy route with an empty value",
             api("GET /metrics", "GET /metrics/{proxy+}"), req("GET /metrics/"),
             picks("GET /metrics/{proxy+}", {"proxy": ""}),
             "storacha/w3infra pull 166 (as above); tests/events/http-api-v1-post-no-body.json: POST /handler/ to "
             "ANY /handler/{proxy+} gives pathParameters {\"proxy\": \"\"}"),
    Scenario("captured: POST /handler/ to ANY /handler/{proxy+}", api("ANY /handler/{proxy+}", payload="1.0"),
             req("POST /handler/", "accept: */*"),
             {"route.routeKey": "ANY /handler/{proxy+}", "event.pathParameters": {"proxy": ""},
              "event.path": "/handler/", "event.resource": "/handler/{proxy+}", "event.body": None},
             "tests/events/http-api-v1-post-no-body.json"),
    Scenario("a variable does not take an empty segment", api("GET /users/{id}"), req("GET /users/"), NO_ROUTE,
             "storacha/w3infra pull 166 (a trailing slash is not the route's path)"),
    Scenario("percent-encoded path parameters arrive decoded", api("GET /files/{name}"),
             req("GET /files/my%20report%2B1.pdf"), picks("GET /files/{name}", {"name": "my report+1.pdf"}),
             ROUTES + ' "API Gateway decodes URL-encoded request parameters before passing them to your backend '
             'integration."'),
    Scenario("a literal route matches its percent-encoded spelling", api("GET /a-b"), req("GET /a%2Db"),
             picks("GET /a-b", {}),
             "honojs/hono issue 2156 (HTTP API decodes the path: POST /RSC/%40id%2F... arrives as rawPath "
             "/RSC/@id/...)"),
    Scenario("HEAD is a method of its own: a GET route does not take it", api("GET /items"), req("HEAD /items"),
             NO_ROUTE, ROUTES + ' "1. Full match for a route and method."'),
    Scenario("ANY takes HEAD", api("ANY /items"), req("HEAD /items"), picks("ANY /items", {}),
             ROUTES + ' "the ANY method to match all methods that you haven\'t defined for a resource"'),
    Scenario("without CORS an OPTIONS request is routed like any other", api("ANY /items"),
             preflight("/items"), {"status": None, "route.routeKey": "ANY /items", "cors.answeredByApiGateway": False},
             CORS + ' "If you configure CORS for an API, API Gateway automatically sends a response to preflight '
             'OPTIONS requests" (only then)'),
    Scenario("without CORS and without a route taking OPTIONS, a preflight is 404", api("GET /items"),
             preflight("/items"), NO_ROUTE, ROUTES + ' "If no routes match a request ... {"message":"Not Found"}"'),
    Scenario("an OPTIONS route answers OPTIONS", api("OPTIONS /items", "GET /items"), req("OPTIONS /items"),
             picks("OPTIONS /items", {}), ROUTES + ' "Full match for a route and method."'),
    Scenario("a literal tail after a variable beats a greedy sibling", api("GET /a/{x}/c", "GET /a/{p+}"),
             req("GET /a/z/c"), picks("GET /a/{x}/c", {"x": "z"}), ROUTES + ' priorities 1 and 2'),
    Scenario("past the literal tail the greedy sibling answers", api("GET /a/{x}/c", "GET /a/{p+}"),
             req("GET /a/z/c/d"), picks("GET /a/{p+}", {"p": "z/c/d"}), ROUTES + ' priorities 1 and 2'),
    Scenario("repeated slashes count as one", api("GET /hello"), req("GET //hello"), picks("GET /hello", {}),
             "localstack/localstack issue 8170 (a LocalStack maintainer comparing with AWS): invoking an HTTP API's "
             "base URL with a trailing slash, GET //hello: \"AWS: works (e.g., returns hello world)\""),
    Scenario("repeated slashes inside the path count as one", api("GET /prod/orders"), req("GET /prod//orders"),
             picks("GET /prod/orders", {}),
             "localstack/localstack issue 11253: \"In the AWS service, both of these work correctly, regardless of "
             "whether the path is /prod/orders or /prod//orders.\""),
    Scenario("paths are matched as sent, case included", api("GET /users"), req("GET /Users"), NO_ROUTE,
             ROUTES + ' "Full match for a route and method" (a route key is matched as written; RFC 3986 6.2.2.1: '
             'only scheme and host are case-insensitive)'),
]


def cors_api(*routes, cors=None, **http_api):
    return api(*(routes or ("GET /items", "POST /items")), cors=CORS_CONFIG if cors is None else cors, **http_api)


PREFLIGHT_OK = {"cors.preflight": True, "cors.allowed": True, "cors.answeredByApiGateway": True, "event": None,
                "target": None, "cors.headers.access-control-allow-origin": "https://app.example.com",
                "cors.headers.access-control-allow-methods": Tokens("GET", "POST"),
                "cors.headers.access-control-allow-headers": Tokens("Content-Type", "Authorization"),
                "cors.headers.access-control-allow-credentials": "true", "cors.headers.access-control-max-age": "600"}
PREFLIGHT_REFUSED = {"cors.answeredByApiGateway": True, "cors.allowed": False, "event": None, "target": None,
                     "cors.headers.access-control-allow-origin": ABSENT}

CORS_SCENARIOS = [
    Scenario("a preflight is answered by API Gateway with the configured headers", cors_api(),
             preflight("/items", "POST", "Access-Control-Request-Headers: content-type,authorization"), PREFLIGHT_OK,
             CORS + ' "API Gateway automatically sends a response to preflight OPTIONS requests, even if there isn\'t '
             'an OPTIONS route configured for your API." and its table of headers: Access-Control-Allow-Origin '
             '(allowOrigins), -Credentials, -Max-Age, -Allow-Methods, -Allow-Headers'),
    Scenario("a preflight for a path no route has is still answered", cors_api(), preflight("/nothing/here"),
             PREFLIGHT_OK, CORS + ' "even if there isn\'t an OPTIONS route configured for your API"'),
    Scenario("a preflight from an origin not allowed gets no CORS headers", cors_api(),
             preflight("/items", origin="Origin: https://evil.example.net"), PREFLIGHT_REFUSED,
             CORS + ' Access-Control-Allow-Origin comes from allowOrigins'),
    Scenario("a preflight for a method not allowed gets no CORS headers", cors_api(), preflight("/items", "DELETE"),
             PREFLIGHT_REFUSED, CORS + ' Access-Control-Allow-Methods comes from allowMethods'),
    Scenario("a preflight for a header not allowed gets no CORS headers", cors_api(),
             preflight("/items", "POST", "Access-Control-Request-Headers: x-secret"), PREFLIGHT_REFUSED,
             CORS + ' Access-Control-Allow-Headers comes from allowHeaders'),
    Scenario("header names in a preflight match whatever their case", cors_api(),
             preflight("/items", "POST", "Access-Control-Request-Headers: CONTENT-TYPE"), PREFLIGHT_OK,
             "https://fetch.spec.whatwg.org/#cors-preflight-fetch (header names are byte-case-insensitive) and "
             + CORS + ' example "allowHeaders: authorization, *"'),
    Scenario("allowedOrigins * allows every origin with *", cors_api(cors={"allowedOrigins": ["*"]}),
             preflight("/items", "GET", origin="Origin: https://anyone.example.org"),
             {"cors.allowed": True, "event": None, "cors.headers.access-control-allow-origin": "*"},
             CORS + ' allowOrigins example "* (allow all origins)"'),
    Scenario("an origin pattern https://* allows any https origin", cors_api(cors={"allowedOrigins": ["https://*"]}),
             preflight("/items", "GET", origin="Origin: https://shop.example.org"),
             {"cors.allowed": True, "event": None,
              "cors.headers.access-control-allow-origin": "https://shop.example.org"},
             CORS + ' allowOrigins example "https://* (allow any origin that begins with https://)"'),
    Scenario("an origin pattern https://* does not allow http", cors_api(cors={"allowedOrigins": ["https://*"]}),
             preflight("/items", "GET", origin="Origin: http://shop.example.org"), PREFLIGHT_REFUSED,
             CORS + ' (as above)'),
    Scenario("an actual request gets the CORS headers on the function's response", cors_api(),
             req("GET /items", ORIGIN),
             {"status": None, "route.routeKey": "GET /items", "cors.headers.access-control-allow-origin":
              "https://app.example.com", "cors.headers.access-control-allow-credentials": "true",
              "cors.headers.access-control-expose-headers": Tokens("x-request-id"),
              "cors.headers.access-control-allow-methods": ABSENT},
             CORS + ' "For a CORS request, API Gateway adds the configured CORS headers to the response from an '
             'integration." (Access-Control-Expose-Headers: exposeHeaders)'),
    Scenario("without an Origin header no CORS headers are added", cors_api(), req("GET /items"),
             {"status": None, "cors.headers": {}},
             CORS + ' "To return CORS headers, your request must contain an origin header."'),
    Scenario("an actual request from an origin not allowed still reaches the function", cors_api(),
             req("GET /items", "Origin: https://evil.example.net"),
             {"status": None, "route.routeKey": "GET /items", "cors.headers": {}},
             CORS + ' (CORS headers are added to the integration\'s response; the browser enforces them)'),
    Scenario("OPTIONS with Origin but no Access-Control-Request-Method is not a preflight",
             cors_api("ANY /items"), req("OPTIONS /items", ORIGIN),
             {"status": None, "route.routeKey": "ANY /items", "cors.preflight": False},
             CORS + ' "For the OPTIONS method, your request must contain an origin header and an '
             'Access-Control-Request-Method header."'),
    Scenario("cors: true allows every origin and the routes' methods", api("GET /items", cors=True),
             preflight("/items", "GET", "Access-Control-Request-Headers: authorization,x-amz-date",
                       origin="Origin: https://anyone.example.org"),
             {"cors.allowed": True, "event": None, "cors.headers.access-control-allow-origin": "*",
              "cors.headers.access-control-allow-methods": Tokens("OPTIONS", "GET"),
              "cors.headers.access-control-allow-headers": Tokens(
                  "Content-Type", "X-Amz-Date", "Authorization", "X-Api-Key", "X-Amz-Security-Token",
                  "X-Amz-User-Agent", "X-Amzn-Trace-Id"),
              "cors.headers.access-control-allow-credentials": ABSENT},
             "/work/shared/reference/serverless-httpapi.md §1.3 (Serverless v3.39: cors: true -> AllowOrigins *, the "
             "seven default AllowHeaders, AllowMethods OPTIONS plus the routes' methods) and " + CORS),
    Scenario("cors: true refuses a method no route has", api("GET /items", cors=True),
             preflight("/items", "DELETE", origin="Origin: https://anyone.example.org"),
             {**PREFLIGHT_REFUSED}, "/work/shared/reference/serverless-httpapi.md §1.3 and " + CORS),
    Scenario("a preflight to ANY /{proxy+} with an authorizer runs the authorizer first",
             api(route("ANY /{proxy+}", authorizer={"name": "jwt"}), cors=CORS_CONFIG, authorizers=JWT_AUTH),
             preflight("/items"),
             {"status": 401, "response.body": {"message": "Unauthorized"}, "cors.answeredByApiGateway": False,
              "route.routeKey": "ANY /{proxy+}", "authorizer.type": "jwt", "event": None},
             CORS + ' "The $default route catches requests for all methods and routes that you haven\'t explicitly '
             'defined, including OPTIONS requests. To support unauthorized OPTIONS requests, add an OPTIONS /{proxy+} '
             'route"; anomalyco/sst issue 5493: "ANY /user" with a JWT authorizer fails the preflight ("It does not '
             'have HTTP ok status") where "GET /user" works'),
    Scenario("a preflight to a GET route with an authorizer is answered by API Gateway",
             api(route("GET /user", authorizer={"name": "jwt"}), cors=CORS_CONFIG, authorizers=JWT_AUTH),
             preflight("/user", "GET"), {**PREFLIGHT_OK, "authorizer": None},
             "anomalyco/sst issue 5493: with the JWT authorizer on \"GET /user\" \"WORKS FINE\"; " + CORS),
    Scenario("a preflight caught by $default with an authorizer runs the authorizer",
             api(route("*", authorizer={"name": "jwt"}), cors=CORS_CONFIG, authorizers=JWT_AUTH),
             preflight("/items"), {"status": 401, "route.routeKey": "$default", "cors.answeredByApiGateway": False},
             CORS + ' "Configuring CORS for an HTTP API with a $default route and an authorizer"'),
    Scenario("an unauthorized OPTIONS /{proxy+} route lets preflights through",
             api(route("ANY /{proxy+}", authorizer={"name": "jwt"}), "OPTIONS /{proxy+}", cors=CORS_CONFIG,
                 authorizers=JWT_AUTH),
             preflight("/items"), {**PREFLIGHT_OK, "authorizer": None},
             CORS + ' "The OPTIONS /{proxy+} route has higher priority than the $default route. As a result, it enables '
             'clients to submit OPTIONS requests to your API without authorization."'),
    Scenario("API Gateway replaces the CORS headers the function sets", cors_api(), req("GET /items", ORIGIN),
             {"client_headers": [("content-type", "application/json"), ("x-request-id", "r1"),
                                 ("access-control-allow-origin", "https://app.example.com"),
                                 ("access-control-allow-credentials", "true"),
                                 ("access-control-expose-headers", "x-request-id")]},
             CORS + ' "If you configure CORS for an API, API Gateway ignores CORS headers returned from your backend '
             'integration."',
             function_headers=[("content-type", "application/json"), ("Access-Control-Allow-Origin", "*"),
                               ("x-request-id", "r1")]),
    Scenario("without CORS the function's CORS headers pass through", api("GET /items"), req("GET /items", ORIGIN),
             {"client_headers": [("Access-Control-Allow-Origin", "*")]},
             CORS + ' (API Gateway adds and ignores CORS headers only "If you configure CORS for an API")',
             function_headers=[("Access-Control-Allow-Origin", "*")]),
]


def token_of(**extra) -> str:
    return encode_unsigned(claims(**extra))


ALLOWED = {"status": None, "authorizer.allowed": True}
UNAUTHORIZED = {"status": 401, "response.body": {"message": "Unauthorized"}, "event": None}
FORBIDDEN = {"status": 403, "response.body": {"message": "Forbidden"}, "event": None}

JWT_SCENARIOS = [
    Scenario("a valid token: claims as strings, scopes null on a route without scopes", jwt_api(),
             req("GET /me", bearer(email="a@example.com", email_verified=True)),
             {**ALLOWED, "event.requestContext.authorizer.jwt.claims": {
                 "iss": ISSUER, "aud": "app", "exp": str(NOW + 600), "iat": str(NOW - 60), "sub": "u1",
                 "email": "a@example.com", "email_verified": "true"},
              "event.requestContext.authorizer.jwt.scopes": None,
              "event.headers.authorization": "Bearer " + token_of(email="a@example.com", email_verified=True)},
             "DefinitelyTyped/DefinitelyTyped pull 75458 (an event captured from a JWT route without scopes: "
             '"scopes": null, "exp": "1787996002" as a string, the authorization header kept); ' + JWT +
             ' "API Gateway passes the claims in the token to the API route\'s integration"'),
    Scenario("the token may come without the Bearer prefix", jwt_api(),
             req("GET /me", "Authorization: " + token_of()), ALLOWED,
             JWT + ' "The identitySource can include only the token, or the token prefixed with Bearer."'),
    Scenario("no token is 401", jwt_api(), req("GET /me"), UNAUTHORIZED,
             JWT + ' "Check the identitySource for a token." "If any of these steps fail, API Gateway denies the API '
             'request."; ' + JWT_TROUBLE + ' "My API returns 401 {"message":"Unauthorized"}"'),
    Scenario("a token that is not a JWT is 401", jwt_api(), req("GET /me", "Authorization: Bearer opaque-token"),
             UNAUTHORIZED, JWT + ' "2. Decode the token."'),
    Scenario("another issuer is 401", jwt_api(), req("GET /me", bearer(iss="https://other.example.com")),
             UNAUTHORIZED, JWT + ' "iss – Must match the issuer that is configured for the authorizer."'),
    Scenario("aud that does not match is 401 even when client_id would", jwt_api(),
             req("GET /me", bearer(aud="other-app", client_id="app")), UNAUTHORIZED,
             JWT_TROUBLE + ' "API Gateway validates client_id only if aud is not present. When both aud and client_id '
             'are present, API Gateway evaluates aud."'),
    Scenario("aud that matches wins over a client_id that does not", jwt_api(),
             req("GET /me", bearer(client_id="other-app")), ALLOWED, JWT_TROUBLE + ' (as above)'),
    Scenario("without aud, client_id is checked", jwt_api(), req("GET /me", bearer(aud=_DROP, client_id="app")),
             ALLOWED, JWT_TROUBLE + ' "API Gateway validates client_id only if aud is not present."'),
    Scenario("without aud, a client_id that does not match is 401", jwt_api(),
             req("GET /me", bearer(aud=_DROP, client_id="other-app")), UNAUTHORIZED, JWT_TROUBLE),
    Scenario("a token with neither aud nor client_id is 401", jwt_api(), req("GET /me", bearer(aud=_DROP)),
             UNAUTHORIZED, JWT + ' "aud or client_id – Must match one of the audience entries"'),
    Scenario("aud as a list matches when one entry does", jwt_api(), req("GET /me", bearer(aud=["x", "app"])),
             ALLOWED, "RFC 7519 4.1.3: aud is an array of strings or a single string; " + JWT),
    Scenario("an expired token is 401", jwt_api(), req("GET /me", bearer(exp=NOW - 30)), UNAUTHORIZED,
             JWT + ' "exp – Must be after the current time in UTC."'),
    Scenario("no leeway: exp one second ago is 401", jwt_api(), req("GET /me", bearer(exp=NOW - 1)), UNAUTHORIZED,
             JWT + ' "exp – Must be after the current time in UTC." (no clock skew is documented)'),
    Scenario("exp equal to now is not after now: 401", jwt_api(), req("GET /me", bearer(exp=NOW)), UNAUTHORIZED,
             JWT + ' "exp – Must be after the current time in UTC."'),
    Scenario("nbf in the future is 401", jwt_api(), req("GET /me", bearer(nbf=NOW + 120)), UNAUTHORIZED,
             JWT + ' "nbf – Must be before the current time in UTC."'),
    Scenario("iat in the future is 401", jwt_api(), req("GET /me", bearer(iat=NOW + 120)), UNAUTHORIZED,
             JWT + ' "iat – Must be before the current time in UTC."'),
    Scenario("a token not signed with RSA is 401", jwt_api(),
             req("GET /me", "Authorization: Bearer " + encode_unsigned(claims(), {"alg": "HS256", "kid": "k1"})),
             UNAUTHORIZED, JWT + ' "Currently, only RSA-based algorithms are supported."'),
    Scenario("a token without kid is 401", jwt_api(),
             req("GET /me", "Authorization: Bearer " + encode_unsigned(claims(), {"alg": "RS256"})), UNAUTHORIZED,
             JWT + ' "kid – The token must have a header claim that matches the key in the jwks_uri that signed the '
             'token."'),
    Scenario("a scope in scope satisfies the route", jwt_api(["write"]),
             req("GET /me", bearer(scope="read write")),
             {**ALLOWED, "event.requestContext.authorizer.jwt.scopes": ["read", "write"]},
             JWT + ' "scope or scp – The token must include at least one of the scopes in the route\'s '
             'authorizationScopes."; floci-io/floci pull 2011 (measured: the token\'s scopes in jwt.scopes)'),
    Scenario("a scope in scp satisfies the route", jwt_api(["write"]), req("GET /me", bearer(scp=["write"])),
             ALLOWED, JWT + ' "scope or scp"'),
    Scenario("a token without the route's scope is 403", jwt_api(["admin"]), req("GET /me", bearer(scope="read")),
             FORBIDDEN, JWT + ' "the token must include at least one of the route\'s scopes"; floci-io/floci pull '
             '2011: token failures are 401, "only the scope mismatch returns 403 Forbidden"'),
    Scenario("a token without any scope claim on a route with scopes is 403", jwt_api(["admin"]),
             req("GET /me", bearer()), FORBIDDEN, JWT + ' (as above)'),
    Scenario("a token from the query string", jwt_api(source="$request.querystring.access_token"),
             req(f"GET /me?access_token={token_of()}"), ALLOWED,
             "https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/apis-apiid-authorizers.html "
             '(identitySource: "For JWT, a single entry that specifies where to extract the JSON Web Token (JWT) from '
             'inbound requests. Currently only header-based and query parameter-based selections are supported")'),
    Scenario("a token source naming the Cookie header gets the whole header, not a JWT: 401",
             jwt_api(source="$request.header.Cookie"), req("GET /me", f"Cookie: token={token_of()}; theme=dark"),
             UNAUTHORIZED, "https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/apis-apiid-authorizers.html "
             "(only header and query string selections: a cookie is not selected by name) and " + JWT +
             ' "2. Decode the token."'),
    Scenario("a claim whose value is null is left out", jwt_api(), req("GET /me", bearer(nickname=None)),
             {**ALLOWED, "event.requestContext.authorizer.jwt.claims.nickname": ABSENT},
             "floci-io/floci pull 2011 (measured on a Cognito-backed HTTP API: null claims are omitted)"),
    Scenario("payload 1.0 puts claims and scopes under requestContext.authorizer", jwt_api(["write"], payload="1.0"),
             req("GET /me", bearer(scope="write")),
             {**ALLOWED, "event.requestContext.authorizer.claims.sub": "u1",
              "event.requestContext.authorizer.scopes": ["write"], "event.requestContext.authorizer.jwt": ABSENT},
             PAYLOAD + ' 1.0 example: "authorizer": {"claims": null, "scopes": null}'),
]


def lambda_view(**extra):
    return {"status": None, "authorizer.type": "request", **extra}


LAMBDA_SCENARIOS = [
    Scenario("a missing identity source is 401 and the authorizer is not invoked", lambda_api(), req("GET /me"),
             {**UNAUTHORIZED, "authorizer_calls": 0},
             LAMBDA_AUTH + ' "If the client\'s request doesn\'t include the identity sources, API Gateway doesn\'t '
             'invoke your Lambda authorizer, and the client receives a 401 error."', answers=[ALLOW]),
    Scenario("an empty identity source is 401 as well", lambda_api(), req("GET /me", "X-Token: "),
             {**UNAUTHORIZED, "authorizer_calls": 0},
             KC_401 + ' "401 Unauthorized errors usually occur when the configured identity sources are missing, '
             'null, empty, or invalid"', answers=[ALLOW]),
    Scenario("header identity sources match whatever the case", lambda_api(), req("GET /me", "x-token: abc"),
             lambda_view(authorizer_calls=1),
             LAMBDA_AUTH + ' identity sources: "$request.header.name | Header names are case-insensitive."',
             answers=[ALLOW]),
    Scenario("query string identity sources are case-sensitive",
             lambda_api(sources=("$request.querystring.token",)), req("GET /me?Token=abc"),
             {**UNAUTHORIZED, "authorizer_calls": 0},
             LAMBDA_AUTH + ' "$request.querystring.name | Query string names are case-sensitive."', answers=[ALLOW]),
    Scenario("a simple response allows and passes its context as authorizer.lambda", lambda_api(),
             req("GET /me", "X-Token: abc"),
             lambda_view(authorizer_calls=1, **{"event.requestContext.authorizer.lambda": {"user": "u1", "tier": "gold"}}),
             LAMBDA_AUTH + ' simple response {"isAuthorized": true/false, "context": {...}}; aws/aws-lambda-go '
             'events/testdata/apigw-v2-request-lambda-authorizer.json ("authorizer": {"lambda": {...}})',
             answers=[ALLOW]),
    Scenario("a simple response isAuthorized false is 403", lambda_api(), req("GET /me", "X-Token: abc"),
             {"status": 403, "event": None, "authorizer_calls": 1},
             LAMBDA_AUTH + ' "the authorizer\'s response fully allows or denies" (simple responses); denial is 403 '
             'Forbidden, identity-source failures 401 (' + KC_401 + ')', answers=[{"isAuthorized": False}]),
    Scenario("an answer in neither format is 500", lambda_api(), req("GET /me", "X-Token: abc"),
             {"status": 500, "response.body": {"message": "Internal Server Error"}, "event": None},
             LAMBDA_AUTH + ' "If API Gateway can\'t invoke your Lambda authorizer, or your Lambda authorizer returns a '
             'response in an invalid format, clients receive a 500 Internal Server Error."', answers=[{"allowed": 1}]),
    Scenario("an authorizer that fails is 500", lambda_api(), req("GET /me", "X-Token: abc"),
             {"status": 500, "event": None}, LAMBDA_AUTH + ' (as above)', answers=[RuntimeError("boom")]),
    Scenario("a context that is not an object is 500", lambda_api(), req("GET /me", "X-Token: abc"),
             {"status": 500, "event": None}, LAMBDA_AUTH + ' "returns a response in an invalid format ... 500"',
             answers=[{"isAuthorized": True, "context": "user=u1"}]),
    Scenario("an IAM policy allowing the route ARN allows", lambda_api(simple=False), req("GET /me", "X-Token: abc"),
             lambda_view(authorizer_calls=1),
             LAMBDA_AUTH + ' payload 1.0: "Lambda authorizers must return an IAM policy that allows or denies access '
             'to your API route"', answers=[policy("Allow", ROUTE_ARN + "GET/me")]),
    Scenario("an IAM policy with a wildcard resource allows", lambda_api(simple=False),
             req("GET /me", "X-Token: abc"), lambda_view(), KC_CACHE + ' "return a wildcard (*/*) resource"',
             answers=[policy("Allow", "arn:aws:execute-api:us-east-1:123456789012:api-id/*/*")]),
    Scenario("an explicit Deny is 403", lambda_api(simple=False), req("GET /me", "X-Token: abc"),
             {"status": 403, "event": None},
             "https://repost.aws/knowledge-center/api-gateway-403-error-lambda-authorizer (an IAM policy document with "
             "an explicit deny: 403)", answers=[policy("Deny", ROUTE_ARN + "GET/me")]),
    Scenario("a policy for another route is 403", lambda_api(simple=False), req("GET /me", "X-Token: abc"),
             {"status": 403, "event": None},
             "https://repost.aws/knowledge-center/api-gateway-403-error-lambda-authorizer (a policy that doesn't allow "
             "the caller: 403)", answers=[policy("Allow", ROUTE_ARN + "GET/other")]),
    Scenario("a cached answer serves the same identity without invoking again", lambda_api(ttl=300),
             [req("GET /me", "X-Token: abc"), req("GET /me", "X-Token: abc")],
             lambda_view(authorizer_calls=1),
             LAMBDA_AUTH + ' "If a client specifies the same parameters in identity sources within the configured TTL, '
             'API Gateway uses the cached authorizer result, rather than invoking your Lambda function."',
             answers=[ALLOW]),
    Scenario("another identity is not served from the cache", lambda_api(ttl=300),
             [req("GET /me", "X-Token: abc"), req("GET /me", "X-Token: xyz")], lambda_view(authorizer_calls=2),
             LAMBDA_AUTH + ' "API Gateway uses the authorizer\'s identity sources as the cache key."',
             answers=[ALLOW, ALLOW]),
    Scenario("without caching every request invokes the authorizer", lambda_api(ttl=0),
             [req("GET /me", "X-Token: abc"), req("GET /me", "X-Token: abc")], lambda_view(authorizer_calls=2),
             LAMBDA_AUTH + ' "You can enable caching for a Lambda authorizer by specifying an '
             'authorizerResultTtlInSeconds."', answers=[ALLOW, ALLOW]),
    Scenario("the cached answer is shared by every route using the authorizer",
             lambda_api("GET /me", "GET /other", ttl=300),
             [req("GET /me", "X-Token: abc"), req("GET /other", "X-Token: abc")], lambda_view(authorizer_calls=1),
             LAMBDA_AUTH + ' "By default, API Gateway uses the cached authorizer response for all routes of an API '
             'that use the authorizer."', answers=[ALLOW]),
    Scenario("a cached policy for one route denies another", lambda_api("GET /me", "GET /other", simple=False, ttl=300),
             [req("GET /me", "X-Token: abc"), req("GET /other", "X-Token: abc")],
             {"status": 403, "authorizer_calls": 1},
             KC_CACHE + ' "The additional requests fail, because the paths don\'t match the explicit API Gateway API '
             '\'Resource\' element defined in the cached IAM policy."', answers=[policy("Allow", ROUTE_ARN + "GET/me")]),
    Scenario("$context.routeKey in the identity sources caches per route",
             lambda_api("GET /me", "GET /other", ttl=300, sources=("$request.header.X-Token", "$context.routeKey")),
             [req("GET /me", "X-Token: abc"), req("GET /other", "X-Token: abc")], lambda_view(authorizer_calls=2),
             LAMBDA_AUTH + ' "To cache responses per route, add $context.routeKey to your authorizer\'s identity '
             'sources."', answers=[ALLOW, ALLOW]),
    Scenario("without identity sources the authorizer is always invoked", lambda_api(sources=None),
             req("GET /me"), lambda_view(authorizer_calls=1),
             "aws/aws-lambda-rust-runtime pull 860, quoting AWS: \"When caching is turned off, it is not necessary to "
             "specify an identity source. API Gateway directly passes the request to the authorizer Lambda function.\"",
             answers=[ALLOW]),
    Scenario("the 2.0 authorizer event: identitySource as a list, routeArn, no body",
             lambda_api("POST /me"), req("POST /me?a=1", "X-Token: abc", "Content-Type: application/json", body='{"x":1}'),
             {"authorizer_event.version": "2.0", "authorizer_event.type": "REQUEST",
              "authorizer_event.identitySource": ["abc"], "authorizer_event.routeArn": ROUTE_ARN + "POST/me",
              "authorizer_event.routeKey": "POST /me", "authorizer_event.rawQueryString": "a=1",
              "authorizer_event.body": ABSENT, "authorizer_event.isBase64Encoded": ABSENT},
             LAMBDA_AUTH + ' payload format 2.0 example; tests/events/http-api-lambda-authorizer-v2-request.json',
             answers=[ALLOW]),
    Scenario("the 1.0 authorizer event: identitySource joined with commas, methodArn",
             lambda_api(simple=False, sources=("$request.header.X-User", "$request.querystring.id")),
             req("GET /me?id=123", "X-User: user1"),
             {"authorizer_event.version": "1.0", "authorizer_event.type": "REQUEST",
              "authorizer_event.identitySource": "user1,123", "authorizer_event.authorizationToken": "user1,123",
              "authorizer_event.methodArn": ROUTE_ARN + "GET/me", "authorizer_event.httpMethod": "GET",
              "authorizer_event.pathParameters": {}},
             LAMBDA_AUTH + ' payload format 1.0 example ("identitySource": "user1,123", "authorizationToken": '
             '"user1,123", "pathParameters": {})', answers=[policy("Allow", ROUTE_ARN + "GET/me")]),
]

IAM_ROUTE = api(route("GET /hello", authorizer={"type": "aws_iam"}))
SIGV4 = ("Authorization: AWS4-HMAC-SHA256 Credential=ASIAEXAMPLEKEY/20231214/us-east-1/execute-api/aws4_request, "
         "SignedHeaders=host;x-amz-date, Signature=289b5fcef3d1156f019cc1140cb5565cc052880a5a0d5586c753e3e3c75556f9")

IAM_SCENARIOS = [
    Scenario("an unsigned request to an IAM route is 403", IAM_ROUTE, req("GET /hello"), FORBIDDEN,
             IAM + ' "When IAM authorization is enabled, clients must use Signature Version 4 (SigV4) to sign their '
             'requests with AWS credentials."'),
    Scenario("a bearer token is not a signature: 403", IAM_ROUTE,
             req("GET /hello", "Authorization: Bearer " + token_of()), FORBIDDEN, IAM + ' (as above)'),
    Scenario("a SigV4 Authorization header goes on, its access key in authorizer.iam", IAM_ROUTE,
             req("GET /hello", SIGV4, "X-Amz-Date: 20231214T203121Z"),
             {"status": None, "event.requestContext.authorizer.iam.accessKey": "ASIAEXAMPLEKEY",
              "event.headers.authorization": SIGV4.split(": ", 1)[1]},
             "tests/events/http-api-v2-iam-request.json (authorizer.iam.accessKey is the credential's key; the "
             "authorization header is kept)"),
    Scenario("a presigned query string goes on, the signature unchecked offline", IAM_ROUTE,
             req("GET /hello?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAPRESIGNED%2F20231214%2Fus-east-1"
                 "%2Fexecute-api%2Faws4_request&X-Amz-Date=20231214T203121Z&X-Amz-SignedHeaders=host&X-Amz-Signature="
                 "abc123"),
             {"status": None, "event.requestContext.authorizer.iam.accessKey": "AKIAPRESIGNED"},
             IAM + ' (SigV4 as a presigned query string is SigV4: '
             'https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html); issue 12 item 6'),
]


def event_of(key="*", payload="2.0"):
    return api(key, payload=payload)


FORM = "Content-Type: application/x-www-form-urlencoded"


def body_scenario(name: str, content_type: str | None, body: str, as_text: bool, source: str) -> Scenario:
    """A body of ``content_type`` arrives as it is (``as_text``) or base64-encoded, with its byte count."""
    headers = [f"Content-Type: {content_type}"] if content_type else []
    encoded = base64.b64encode(body.encode()).decode()
    return Scenario(name, event_of(), req("POST /x", *headers, body=body),
                    {"event.body": body if as_text else encoded, "event.isBase64Encoded": not as_text,
                     "event.headers.content-length": str(len(body.encode()))}, source)

EVENT_SCENARIOS = [
    Scenario("captured: payload 2.0 through $default, field for field", event_of(),
             req("POST /capture/space%20value?repeat=one&repeat=two&redirect=https%3A%2F%2Fexample.com%2Fa%2Fb"
                 "&literalPlus=a+b&encodedPlus=a%2Bb&empty=",
                 "accept: */*", "content-type: application/json", "user-agent: curl/8.7.1",
                 "x-voker-probe: first", "x-voker-probe: second", "cookie: session=abc123; theme=dark",
                 body=VOKER_BODY),
             {"event.rawPath": "/capture/space value",
              "event.rawQueryString": "repeat=one&repeat=two&redirect=https%3A%2F%2Fexample.com%2Fa%2Fb&literalPlus=a+b"
                                      "&encodedPlus=a%2Bb&empty=",
              "event.cookies": ["session=abc123", "theme=dark"],
              "event.headers": {"accept": "*/*", "content-length": "66", "content-type": "application/json",
                                "host": "sjzepsqsu5.execute-api.us-east-1.amazonaws.com", "user-agent": "curl/8.7.1",
                                "x-amzn-trace-id": "Root=1-6a5145a9-1bae89e2512ec92d5d9438a0",
                                "x-forwarded-for": "68.8.83.18", "x-forwarded-port": "443", "x-forwarded-proto": "https",
                                "x-voker-probe": "first,second"},
              "event.queryStringParameters": {"empty": "", "encodedPlus": "a+b", "literalPlus": "a b",
                                              "redirect": "https://example.com/a/b", "repeat": "one,two"},
              "event.requestContext.http": {"method": "POST", "path": "/capture/space value", "protocol": "HTTP/1.1",
                                            "sourceIp": "68.8.83.18", "userAgent": "curl/8.7.1"},
              "event.requestContext.routeKey": "$default", "event.requestContext.stage": "$default",
              "event.requestContext.time": "10/Jul/2026:19:19:05 +0000", "event.body": VOKER_BODY,
              "event.isBase64Encoded": False},
             VOKER + " (its host is us-west-2; this service is in us-east-1)", gateway=VOKER_GATEWAY),
    Scenario("2.0 header names are lower-cased", event_of(),
             req("GET /x", "X-Custom-Header: v", "Accept-Language: en"),
             {"event.headers.x-custom-header": "v", "event.headers.accept-language": "en",
              "event.headers.X-Custom-Header": ABSENT}, PAYLOAD + ' "Header names are lowercased."'),
    Scenario("2.0 joins repeated headers with commas", event_of(),
             req("GET /x", "X-Tag: a", "x-tag: b"), {"event.headers.x-tag": "a,b"},
             PAYLOAD + ' "Duplicate headers are combined with commas and included in the headers field."'),
    Scenario("2.0 joins repeated query parameters with commas", event_of(), req("GET /x?p=1&p=2&q=x"),
             {"event.queryStringParameters": {"p": "1,2", "q": "x"}, "event.rawQueryString": "p=1&p=2&q=x",
              "event.multiValueQueryStringParameters": ABSENT},
             PAYLOAD + ' "Duplicate query strings are combined with commas and included in the queryStringParameters '
             'field."'),
    Scenario("2.0 without a query has no queryStringParameters", event_of(), req("GET /"),
             {"event.rawQueryString": "", "event.queryStringParameters": ABSENT},
             "tests/events/apigw-v2-request-no-authorizer.json"),
    Scenario("2.0 keeps a parameter without a value as an empty string", event_of(), req("GET /x?flag&empty="),
             {"event.queryStringParameters": {"flag": "", "empty": ""}, "event.rawQueryString": "flag&empty="},
             VOKER + ' ("empty=" -> "empty": "")'),
    Scenario("2.0 cookies: each cookie on its own, no cookie header", event_of(),
             req("GET /x", "Cookie: a=1; b=2", "Cookie: c=3"),
             {"event.cookies": ["a=1", "b=2", "c=3"], "event.headers.cookie": ABSENT},
             PAYLOAD + ' "Format 2.0 includes a new cookies field. All cookie headers in the request are combined ... '
             'and added to the cookies field."; ' + VOKER),
    Scenario("2.0 without a body: no body key, content-length 0", event_of(), req("GET /"),
             {"event.body": ABSENT, "event.isBase64Encoded": False, "event.headers.content-length": "0"},
             "tests/events/apigw-v2-request-no-authorizer.json"),
    Scenario("2.0 POST without a body still has content-length 0", event_of("ANY /handler"), req("POST /handler"),
             {"event.headers.content-length": "0", "event.body": ABSENT}, "tests/events/http-api-v2-post-no-body.json"),
    Scenario("a form post arrives base64-encoded", event_of("ANY /handler"), req("POST /handler", FORM, body="request body"),
             {"event.body": "cmVxdWVzdCBib2R5", "event.isBase64Encoded": True, "event.headers.content-length": "12"},
             "tests/events/http-api-v2-form-post.json (curl -d)"),
    body_scenario("a body without Content-Type arrives base64-encoded", None, "hello world", False,
                  "ministackorg/ministack pull 766 (verified against real AWS: \"everything else — including a missing "
                  "Content-Type ... — is base64-encoded\"); floci-io/floci pull 2203 (\"missing Content-Type\")"),
    body_scenario("application/octet-stream arrives base64-encoded", "application/octet-stream", "hello world", False,
                  "floci-io/floci issue 2172 (an event captured on AWS: \"content-type\": \"application/octet-stream\", "
                  "\"body\": \"aGVsbG8gd29ybGQ=\", \"isBase64Encoded\": true)"),
    body_scenario("application/json arrives as text", "application/json", '{"a":1}', True,
                  "ministackorg/ministack pull 766 (measured: text only for text/*, application/json, application/xml, "
                  "application/javascript)"),
    body_scenario("application/json with charset=utf-8 arrives as text", "application/json; charset=utf-8", '{"a":1}',
                  True, "floci-io/floci pull 2203: \"#2172 measured charset=utf-8 only on text/plain and "
                  "application/json\""),
    body_scenario("text/plain in another charset arrives base64-encoded", "text/plain; charset=iso-8859-1",
                  "hello world", False, "floci-io/floci pull 2203: \"measured text/plain; charset=iso-8859-1 as Base64, "
                  "so the parameter demonstrably changes the answer\""),
    body_scenario("text/csv arrives as text", "text/csv", "a,b\n1,2", True,
                  "floci-io/floci pull 2203 (one case per measured row: text/csv) and ministack pull 766 (text/*)"),
    body_scenario("application/xml arrives as text", "application/xml", "<a/>", True,
                  "ministackorg/ministack pull 766; floci pull 2203"),
    body_scenario("application/javascript arrives as text", "application/javascript", "f()", True,
                  "ministackorg/ministack pull 766; floci pull 2203"),
    body_scenario("application/graphql arrives as text", "application/graphql", "{ me { id } }", True,
                  "floci-io/floci pull 2203 (test matrix \"derived from the real AWS capture in #2172, one case per "
                  "measured row\": application/graphql as text)"),
    body_scenario("multipart/form-data arrives base64-encoded", "multipart/form-data; boundary=test", "hello world",
                  False, "floci-io/floci pull 2203"),
    body_scenario("image/png arrives base64-encoded", "image/png", "hello world", False, "floci-io/floci pull 2203"),
    Scenario("content-length counts bytes, not characters", event_of(),
             req("POST /x", "Content-Type: application/json", body='"\u03bb"'),
             {"event.headers.content-length": "4"}, VOKER + ' (content-length 66 for a 65-character body with \u03bb)'),
    Scenario("2.0 rawPath and http.path arrive percent-decoded", event_of(), req("GET /caf%C3%A9/a%20b"),
             {"event.rawPath": "/caf\u00e9/a b", "event.requestContext.http.path": "/caf\u00e9/a b"},
             VOKER + ' (rawPath "/capture/space value" for /capture/space%20value); honojs/hono issue 2156'),
    Scenario("2.0 rawQueryString stays as sent", event_of(), req("GET /x?scope=openid%20profile&next=%2Fhome"),
             {"event.rawQueryString": "scope=openid%20profile&next=%2Fhome",
              "event.queryStringParameters": {"scope": "openid profile", "next": "/home"}},
             "ministackorg/ministack issue 1035 (\"On real AWS rawQueryString stays percent-encoded\"); " + ROUTES +
             ' "API Gateway decodes URL-encoded request parameters"'),
    Scenario("2.0 has no stageVariables when the stage has none", event_of(), req("GET /"),
             {"event.stageVariables": ABSENT}, "tests/events/apigw-v2-request-no-authorizer.json"),
    Scenario("2.0 requestContext without an authorizer has no authorizer key", event_of(), req("GET /"),
             {"event.requestContext.authorizer": ABSENT, "event.requestContext.domainPrefix": "api-id",
              "event.requestContext.http.protocol": "HTTP/1.1"},
             "tests/events/apigw-v2-request-no-authorizer.json"),
    Scenario("2.0 pathParameters decoded", event_of("GET /users/{id}"), req("GET /users/a%2Bb%40c"),
             {"event.pathParameters": {"id": "a+b@c"}, "event.routeKey": "GET /users/{id}"},
             ROUTES + ' "API Gateway decodes URL-encoded request parameters before passing them to your backend '
             'integration."'),
    Scenario("1.0: the gateway's headers canonical, the client's lower-case", event_of("ANY /handler/{proxy+}", "1.0"),
             req("POST /handler/", "Accept: */*", "User-Agent: curl/7.77.0"),
             {"event.headers.Content-Length": "0", "event.headers.User-Agent": "curl/7.77.0",
              "event.headers.accept": "*/*", "event.headers.Accept": ABSENT, "event.headers.content-length": ABSENT},
             "tests/events/http-api-v1-post-no-body.json; issue 12 item 3"),
    Scenario("1.0: repeated headers, the last in headers and all in multiValueHeaders", event_of(payload="1.0"),
             req("GET /x", "x-probe: first", "x-probe: second"),
             {"event.headers.x-probe": "second", "event.multiValueHeaders.x-probe": ["first", "second"]},
             "hotsock/voker vokerhttp/testdata/apigwv1-request.json @59c7289 (a live capture of the 1.0 format: "
             "\"x-voker-probe\": \"second\" and [\"first\", \"second\"]); " + PAYLOAD + ' 1.0 example'),
    Scenario("1.0: a repeated query parameter, the last in queryStringParameters", event_of(payload="1.0"),
             req("GET /x?x=1&x=2&x=3"),
             {"event.queryStringParameters": {"x": "3"}, "event.multiValueQueryStringParameters": {"x": ["1", "2", "3"]}},
             "floci-io/floci pull 3548 (captured on AWS: ?x=1&x=2&x=3 -> {\"x\":\"3\"}, multi [\"1\",\"2\",\"3\"]); "
             "dherault/serverless-offline issue 469"),
    Scenario("1.0: a trailing empty value wins", event_of(payload="1.0"), req("GET /x?x=1&x="),
             {"event.queryStringParameters": {"x": ""}, "event.multiValueQueryStringParameters": {"x": ["1", ""]}},
             "floci-io/floci pull 3548 (captured: ?x=1&x= -> {\"x\":\"\"})"),
    Scenario("1.0 without a query: both maps null", event_of("ANY /handler/{proxy+}", "1.0"), req("POST /handler/"),
             {"event.queryStringParameters": None, "event.multiValueQueryStringParameters": None},
             "tests/events/http-api-v1-post-no-body.json"),
    Scenario("1.0 without a body: body null, content-length 0", event_of("ANY /handler/{proxy+}", "1.0"),
             req("POST /handler/"), {"event.body": None, "event.isBase64Encoded": False,
                                     "event.headers.Content-Length": "0"},
             "tests/events/http-api-v1-post-no-body.json"),
    Scenario("1.0 requestContext without an authorizer has no authorizer key", event_of("ANY /handler/{proxy+}", "1.0"),
             req("POST /handler/"), {"event.requestContext.authorizer": ABSENT,
                                     "event.requestContext.identity.cognitoAmr": None},
             "tests/events/http-api-v1-post-no-body.json; issue 12 item 3"),
    Scenario("1.0 keeps the Cookie header", event_of(payload="1.0"), req("GET /x", "Cookie: a=1; b=2"),
             {"event.headers.cookie": "a=1; b=2", "event.cookies": ABSENT},
             "hotsock/voker vokerhttp/testdata/apigwv1-request.json @59c7289 (\"cookie\": \"session=abc123; "
             "theme=dark\")"),
    Scenario("1.0 path arrives percent-decoded", event_of("GET /files/{name}", "1.0"), req("GET /files/a%20b"),
             {"event.path": "/files/a b", "event.requestContext.path": "/files/a b",
              "event.pathParameters": {"name": "a b"}},
             "middleapi/standard-server pull 93: \"API Gateway HTTP APIs deliver the request path url-decoded, for "
             "payload format 1.0 path and 2.0 rawPath alike\""),
    Scenario("1.0 form post arrives base64-encoded", event_of(payload="1.0"), req("POST /x", FORM, body="a=1"),
             {"event.body": "YT0x", "event.isBase64Encoded": True},
             "tests/events/http-api-v2-form-post.json (the body rules are the integration's, whatever the format)"),
    Scenario("a #fragment never reaches API Gateway", event_of("GET /docs"), req("GET /docs?page=2#intro"),
             {"route.routeKey": "GET /docs", "event.rawPath": "/docs", "event.rawQueryString": "page=2",
              "notes": ["the fragment #intro stays in the browser: clients do not send it, so API Gateway never sees "
                        "it"]},
             "https://www.rfc-editor.org/rfc/rfc9110#section-7.1 (the target URI's fragment is not sent: the request "
             "target is its path and query); issue 12 item 5"),
    Scenario("scopes written beside the authorizer are dropped: any valid token passes",
             api({"method": "GET", "path": "/me", "authorizer": {"name": "jwt"}, "scopes": ["admin"]},
                 authorizers=JWT_AUTH), req("GET /me", bearer(scope="read")),
             {**ALLOWED, "findings.0.code": "CONFIG_SCHEMA", "findings.0.path": "functions.f0.events.0.httpApi.scopes",
              "findings.0.meaning": "Serverless drops 'scopes' written beside 'authorizer:' (it belongs under it), so "
                                    "this route checks no scope: any valid token passes"},
             "/work/shared/reference/serverless-httpapi.md (httpApi event schema: additionalProperties false, a "
             "warning in configValidationMode warn; scopes belong under authorizer) and " + JWT +
             ' ("If you configure scopes for a route")'),
    Scenario("1.0 stageVariables null", event_of(payload="1.0"), req("GET /x"), {"event.stageVariables": None},
             PAYLOAD + ' 1.0 example: "stageVariables": null'),
]

SCENARIOS = ROUTING + CORS_SCENARIOS + JWT_SCENARIOS + LAMBDA_SCENARIOS + IAM_SCENARIOS + EVENT_SCENARIOS


# ----- running them ---------------------------------------------------------------------------

_COMPILED: dict[str, object] = {}


def compiled(config: dict):
    text = yaml.safe_dump(config, sort_keys=False)
    if text not in _COMPILED:
        result = compile_text(text, "serverless.yml", env={})
        assert result.compile_errors == [], [d.format() for d in result.compile_errors]
        _COMPILED[text] = result
    return _COMPILED[text]


def _authorizer(answers: list, calls: list):
    def authorize(call):
        calls.append(call)
        answer = answers[min(len(calls), len(answers)) - 1]
        if isinstance(answer, Exception):
            raise answer
        return answer
    return cached(authorize)


def run(scenario: Scenario) -> dict:
    result = compiled(scenario.config)
    calls: list = []
    options = {"now": NOW, "gateway": scenario.options.get("gateway"), "diagnostics": result.diagnostics}
    if "answers" in scenario.options:
        options["authorize"] = _authorizer(scenario.options["answers"], calls)
    explanation = None
    for line, headers, body in scenario.requests:
        explanation = decide(result.service, result.http_api, Request.parse(line, headers, body), **options)
    view = json.loads(json.dumps(explanation.to_dict()))
    view["authorizer_calls"] = len(calls)
    view["authorizer_event"] = explanation.auth.authorizer_event if explanation.auth else None
    if "function_headers" in scenario.options:
        view["client_headers"] = explanation.response_headers(scenario.options["function_headers"])
    return view


def lookup(view: dict, path: str):
    node = view
    for part in path.split("."):
        if isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        elif isinstance(node, dict) and part in node:
            node = node[part]
        else:
            return ABSENT
    return node


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s.name for s in SCENARIOS])
def test_scenario(scenario):
    view = run(scenario)
    wrong = {path: (lookup(view, path), expected) for path, expected in scenario.expect.items()
             if not _same(lookup(view, path), expected)}
    assert not wrong, f"{scenario.name}\nsource: {scenario.source}\n" + "\n".join(
        f"  {path}: got {got!r}, AWS: {expected!r}" for path, (got, expected) in wrong.items())


def _same(got, expected) -> bool:
    if expected is ABSENT or got is ABSENT:
        return got is expected
    if isinstance(expected, list) and expected and isinstance(expected[0], tuple):
        return [tuple(item) for item in got] == expected
    return expected == got


_CITATION = re.compile(r"https://\S+|tests/events/\S+\.json|/work/shared/reference/\S+|[\w-]+/[\w.-]+ (?:pull|issue) \d+|"
                       r"[\w-]+/[\w.-]+ \S+ @[0-9a-f]{7}")


def test_every_scenario_cites_its_source():
    for scenario in SCENARIOS:
        assert _CITATION.search(scenario.source), (scenario.name, scenario.source)
        assert scenario.expect, scenario.name
        for cited in (part for part in scenario.source.split() if part.startswith("tests/events/")):
            path = cited.rstrip(";:,)")
            assert (Path(__file__).parent.parent / path).is_file(), path


def test_the_scenario_names_are_unique_and_many():
    names = [s.name for s in SCENARIOS]
    assert len(names) == len(set(names))
    assert len(SCENARIOS) >= 120


def test_the_form_post_capture_matches_base64_of_its_body():
    # The captured form post's body is base64 of what curl -d sent: the rule above rests on it.
    captured = json.loads((Path(__file__).parent / "events" / "http-api-v2-form-post.json").read_text())
    assert base64.b64decode(captured["body"]) == b"request body" and captured["isBase64Encoded"] is True

