"""Probes: what a form says about a value before it goes in is what `validate` says once it is in.

A form never checks a value in its own code, so the three places that judge a value
(the form, the Problems panel, `validate`) cannot disagree; these tests hold the probes
to the compile of the same change made for real, and to `validate` on the saved file.
"""

from __future__ import annotations

import pytest

from wizard.api import compile_text
from wizard.authoring.session import Session
from wizard.authoring.session.probes import at, blocking, ordered


@pytest.fixture
def seed(tmp_path):
    return Session.from_example("seed", str(tmp_path / "p"))


def validate(session, path):
    """What `httpapi-wizard validate` says about ``path`` in the file saving would write."""
    result = compile_text(session.serverless_yml(), "serverless.yml", env={})
    return [(d.code, d.severity, d.message) for d in ordered(at(result.diagnostics, path))]


def said(diagnostics):
    return [(d.code, d.severity, d.message) for d in diagnostics]


FUNCTION_NAMES = ["café", "bad name", "getUser", "a-b", "x" * 70, ""]


@pytest.mark.parametrize("name", FUNCTION_NAMES)
def test_a_new_function_name_is_judged_as_validate_judges_it(seed, name):
    seed.add_function("aDashb", "handler.x")  # "a-b" becomes its logical id too
    probed = said(seed.probe_function(name, "handler.x"))
    seed.add_function(name, "handler.x")
    assert probed == said(seed.findings_at(("functions", name))) == validate(seed, ("functions", name))


CAFE = [
    # CloudFormation refuses the template: logical ids are A-Za-z0-9 (resources-section-structure.html).
    ("HTTPAPI-FUNCTION-LOGICAL-ID", "error", "function name 'café' becomes logical id CaféLambdaFunction, which "
     "CloudFormation rejects (logical ids are A-Za-z0-9); use letters, digits, - and _"),
    ("CONFIG_SCHEMA", "warning", "at 'functions': name 'café' must be alphanumeric"),
]


def test_cafe_gets_exactly_what_the_rule_and_the_schema_say(seed):
    findings = seed.probe_function("café", "handler.cafe")
    assert said(findings) == CAFE
    assert blocking(findings)


def test_a_name_already_taken_is_what_yaml_says_of_a_key_written_twice(seed):
    (finding,) = seed.probe_function("simple", "handler.simple")
    assert (finding.code, finding.reason, finding.severity) == ("CONFIGURATION_PARSE_ERROR", "YAML_SYNTAX", "error")
    assert finding.message == "duplicated mapping key \"simple\": there is already a function 'simple'"
    assert blocking([finding])
    assert seed.probe_function("simple", renaming="simple") == []  # keeping its own name is not taking it


def test_renaming_is_judged_on_the_name_alone(seed):
    seed.update_function("simple", handler="nothing")  # its handler's error is not the new name's
    assert said(seed.probe_function("better", renaming="simple")) == []
    assert said(seed.probe_function("café", renaming="simple")) == CAFE


@pytest.mark.parametrize("runtime,handler", [("nodejs22.x", "bootstrap"), ("java21", "src/users.get"), ("provided.al2023", "bin/hello")])
def test_a_handler_is_judged_by_the_runtime_rule(tmp_path, runtime, handler):
    session = Session.from_example("empty", str(tmp_path))
    session.set_service("runtime", runtime)
    probed = said(seed_handler := session.probe_function("api", handler))
    session.add_function("api", handler)
    assert probed == validate(session, ("functions", "api"))
    assert bool(seed_handler) is (runtime != "provided.al2023")


ROUTES = [
    dict(function="simple", method="PATCH", path="/elo"),  # another route's key
    dict(function="simple", method="GET", path="/users/{id}.json"),  # a partial variable
    dict(function="simple", method="GET", path="/a/{proxy+}/b"),  # greedy, not last
    dict(function="simple", method="GET", path="*"),  # a second catch-all
    dict(function="simple", method="GET", path="/me", authorizer="someJwtAuthorizer", scopes=["a"]),
    dict(function="simple", method="GET", path="/me", authorizer="aws_iam"),
    dict(function="simple", method="GET", path="/me", scopes=["orphan"]),
    dict(function="simple", method="GET", path="users"),
    dict(function="simple", method="GET", path=""),
]


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: f"{r['method']} {r['path']} {r.get('authorizer', '')}")
def test_a_route_is_judged_as_validate_judges_it(seed, route):
    route = dict(route)
    function, method, path = route.pop("function"), route.pop("method"), route.pop("path")
    probed = said(seed.probe_route(function, method, path, **route))
    before = {(d.code, d.message) for d in seed.compile().diagnostics}
    seed.add_route(function, method, path, **route)
    index = len(seed.service.functions[function].events) - 1
    where = ("functions", function, "events", index)
    new = [d for d in seed.compile().diagnostics if (d.code, d.message) not in before and not tuple(d.path[:4]) == where]
    assert probed == said(ordered(seed.findings_at(where) + [d for d in new if d.code.startswith(("HTTPAPI-ROUTE", "DUPLICATE"))]))


def test_a_route_edited_in_place_is_not_its_own_duplicate(seed):
    assert seed.probe_route("simple", "PATCH", "/elo", editing=("simple", 0)) == []
    assert [d.code for d in seed.probe_route("simple", "PATCH", "/elo", editing=("params", 0))] == ["DUPLICATE_HTTP_API_ROUTE"]


def test_scopes_on_a_lambda_authorizer_are_what_the_rule_says(seed):
    seed.add_authorizer("key", "request", function_name="simple", identity_source=["$request.header.k"])
    probed = said(seed.probe_route("simple", "GET", "/k", authorizer="key", scopes=["read"]))
    seed.add_route("simple", "GET", "/k", authorizer="key", scopes=["read"])
    assert probed and probed == validate(seed, ("functions", "simple", "events", 1))


def test_a_new_authorizer_is_judged_without_its_not_yet_being_used(seed):
    found = said(seed.probe_authorizer("okta", "jwt", issuer_url="http://issuer", audience=["a"]))
    assert [code for code, _, _ in found] == ["HTTPAPI-JWT-ISSUER"]
    seed.add_authorizer("okta", "jwt", issuer_url="http://issuer", audience=["a"])
    where = ("provider", "httpApi", "authorizers", "okta")
    assert found == [f for f in validate(seed, where) if f[0] != "HTTPAPI-AUTHORIZER-UNUSED"]
    assert [d.reason for d in seed.probe_authorizer("okta")] == ["YAML_SYNTAX"]
    assert seed.probe_authorizer("okta2", renaming="okta") == []


def test_findings_come_errors_first(seed):
    seed.set_service("timeout", 40)  # a warning
    seed.update_function("simple", handler="x")  # an error
    severities = [d.severity for d in seed.findings_at(("functions",)) + seed.findings_at(("provider",))]
    assert severities[0] == "error"
    assert [d.severity for d in ordered(seed.compile().diagnostics)] == sorted(
        (d.severity for d in seed.compile().diagnostics), key=["error", "warning", "info"].index)


def test_probes_change_nothing(seed):
    before = seed.serverless_yml()
    changes = []
    seed.subscribe(changes.append)
    seed.probe_function("x", "h.x")
    seed.probe_route("simple", "GET", "/x")
    seed.probe_authorizer("a", "jwt")
    seed.external_api_conflicts()
    assert seed.serverless_yml() == before and changes == [] and seed.history.depth == 0
