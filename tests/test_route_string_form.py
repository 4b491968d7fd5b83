"""The string form of an httpApi event, `'METHOD /path'` or `'*'`.

Serverless v3.39 splits it with http-api.js's methodPathPattern,
/^(?:\\*|(ANY|GET|POST|PUT|PATCH|OPTIONS|HEAD|DELETE) (\\/\\S*))$/i, and crashes with a TypeError
when it does not match (conformance case 129; `* /users` checked the same way with
`serverless package`: "object null is not iterable"). Such a file cannot be deployed with v3.39,
so it is an error here, located, instead of a template Serverless would never write.
"""

from __future__ import annotations

import pytest

from wizard.api import compile_text

TEXT = """\
service: svc
provider:
  name: aws
  runtime: nodejs20.x
functions:
  a:
    handler: index.a
    events:
      - httpApi: {route}
"""


def _compile(route: str):
    return compile_text(TEXT.format(route=route), "serverless.yml", env={}, checks=False)


@pytest.mark.parametrize("route", ["'* /users'", "'GET users'", "'FETCH /x'", "'GET  /x'", "'GET /x y'",
                                   "'GET\t/x'", "'/x'", "'GET /x\u3000'", "'GET'"])
def test_a_string_serverless_cannot_split_is_a_located_error(route):
    result = _compile(route)
    assert result.template is None
    errors = [(d.code, d.path, d.line, d.column, d.message) for d in result.errors]
    written = route.strip("'")
    assert errors == [(
        "INVALID_HTTP_API_EVENT", ("functions", "a", "events", 0, "httpApi"), 9, 9,
        f"Invalid httpApi event '{written}' in function a: write 'METHOD /path' with one space "
        "(METHOD: ANY, GET, POST, PUT, PATCH, OPTIONS, HEAD or DELETE), or '*' alone")]


@pytest.mark.parametrize(("route", "key"), [
    ("'get /users'", "GET /users"),  # the pattern ignores case; the route key is upper-cased
    ("'ANY /users/{id}'", "ANY /users/{id}"),
    ("'PATCH /'", "PATCH /"),
    ("'*'", "$default"),
])
def test_a_string_serverless_splits_is_its_route(route, key):
    result = _compile(route)
    routes = [r["Properties"]["RouteKey"] for r in result.template["Resources"].values()
              if r["Type"] == "AWS::ApiGatewayV2::Route"]
    assert routes == [key]
