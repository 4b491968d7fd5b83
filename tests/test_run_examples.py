"""Every built-in example, scaffolded by `httpapi-wizard new --example X --no-input`, served by
`httpapi-wizard run` and called over real HTTP on each of its routes (issue 13: "Tests that
start `run` on a free port over scaffolded projects").

What each answer must be comes from `explain` on the same request (issue 13: route
selection and CORS "exactly as `explain` decides them: one engine, never two"): when
explain says API Gateway answers itself, run gives that status and body; when explain
says the function is invoked, the scaffolded handler answers 200 with its greeting and the
route key its event carries. The CORS headers of a cross-origin request are the ones
explain lists. A new example is covered by being added: nothing here names its routes.
"""

from __future__ import annotations

import json
import re

import pytest
from test_run_server import cli, needs_node, scaffold, servers

from wizard.examples import names

run = pytest.fixture(servers, name="run")

ORIGIN = "https://app.example.com"


def _cli(*args: str) -> dict | list:
    """``httpapi-wizard ARGS --format json`` in the working folder (the project's)."""
    code, out, err = cli(*args, "--format", "json")
    assert code in (0, 1), err
    return json.loads(out)


def _request_for(route_key: str) -> tuple[str, str]:
    """A concrete request that the route key matches: a value for every path variable."""
    if route_key == "$default":
        return "GET", "/no/route/has/this/path"
    method, path = route_key.split(" ", 1)
    path = re.sub(r"\{[^}/]+\+\}", "rest/of/path", path)
    path = re.sub(r"\{[^}/]+\}", "value-1", path)
    return ("DELETE" if method in ("ANY", "*") else method), path


def _cors_headers(headers) -> dict[str, str]:
    return {name.lower(): value for name, value in headers if name.lower().startswith("access-control-")}


@needs_node
@pytest.mark.parametrize("example", names())
def test_every_route_of_every_example_answers_over_http_as_explain_says(tmp_path, monkeypatch, run, example):
    folder = scaffold(tmp_path, example)
    monkeypatch.chdir(folder)
    routes = _cli("routes")
    server = run(folder)
    requests = [_request_for(route["routeKey"]) for route in routes] or [("GET", "/")]
    for method, path in requests:
        explained = _cli("explain", f"{method} {path}", "-H", f"Origin: {ORIGIN}")
        status, headers, body = server.request(method, path, headers={"Origin": ORIGIN})
        where = f"{example}: {method} {path}"
        if explained["status"] is None:  # the function is invoked: the scaffolded handler answers
            function = explained["target"]["function"]
            answer = json.loads(body)
            assert status == 200, (where, body)
            assert answer["message"] == f"Hello from {function}", where
            assert answer["route"] == explained["route"]["routeKey"], where
        else:
            assert status == explained["status"], (where, body)
            assert json.loads(body) == explained["response"]["body"], where
        assert _cors_headers(headers) == {k.lower(): v for k, v in explained["cors"]["headers"].items()}, where
    assert server.stop() == 0
