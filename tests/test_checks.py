"""Every design-time check: a configuration that trips it and a near miss that does not."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from wizard.api import compile_text
from wizard.checking import RULES

JWT = {"identitySource": "$request.header.Authorization", "issuerUrl": "https://issuer.example.com", "audience": ["app"]}
LAMBDA = {"type": "request", "functionName": "auth", "identitySource": "$request.header.X-Key"}


def config(routes=("GET /a",), provider=None, functions=None, cors=None, authorizers=None, logs=None):
    """A small valid service; each argument changes one part of it."""
    http_api = {}
    if cors is not None:
        http_api["cors"] = cors
    if authorizers is not None:
        http_api["authorizers"] = authorizers
    provider_cfg = {"name": "aws", "runtime": "nodejs22.x", **(provider or {})}
    if http_api:
        provider_cfg["httpApi"] = http_api
    if logs is not None:
        provider_cfg["logs"] = {"httpApi": logs}
    if functions is None:
        functions = {"api": {"handler": "src/handler.api", "events": [{"httpApi": r} for r in routes]}}
    return {"service": "svc", "provider": provider_cfg, "functions": functions}


def route(path="GET /a", **authorizer):
    method, _, p = path.partition(" ")
    return {"httpApi": {"method": method, "path": p, "authorizer": authorizer}}


def with_auth_fn(cfg):
    cfg["functions"]["auth"] = {"handler": "src/auth.check"}
    return cfg


def fns(n, routes_each=1):
    return {f"f{i}": {"handler": "h.f", "events": [{"httpApi": f"GET /f{i}/r{j}"} for j in range(routes_each)]} for i in range(n)}


CASES = {
    "HTTPAPI-ROUTE-VARIABLE-CONFLICT": (
        config(["GET /users/{id}", "DELETE /users/{userId}/posts"]),
        config(["GET /users/{id}", "DELETE /users/{id}/posts", "ANY /users/{proxy+}"]),
    ),
    "HTTPAPI-ROUTE-GREEDY-NOT-LAST": (config(["GET /a/{p+}/b"]), config(["GET /a/{p+}"])),
    "HTTPAPI-ROUTE-PARTIAL-VARIABLE": (config(["GET /e/{id}.json"]), config(["GET /e/{id}"])),
    "HTTPAPI-ROUTE-EMPTY-SEGMENT": (config(["GET /a/", "GET /b//c"]), config(["GET /", "GET /b/c"])),
    "HTTPAPI-ROUTE-INVALID-CHARACTERS": (config(["GET /a|b"]), config(["GET /a-b_c.d~e/$x:y"])),
    "HTTPAPI-ROUTE-DUPLICATE-VARIABLE": (config(["GET /a/{id}/b/{id}"]), config(["GET /a/{id}/b/{bid}"])),
    "HTTPAPI-ROUTE-DEFAULT-TWICE": (
        config(functions={"a": {"handler": "h.a", "events": [{"httpApi": "*"}]}, "b": {"handler": "h.b", "events": [{"httpApi": "*"}]}}),
        config(functions={"a": {"handler": "h.a", "events": [{"httpApi": "*"}]}, "b": {"handler": "h.b", "events": [{"httpApi": "GET /b"}]}}),
    ),
    "HTTPAPI-LOGICAL-ID-COLLISION": (config(["GET /Users", "GET /users"]), config(["GET /users", "GET /users/{id}", "GET /users/id"])),
    "HTTPAPI-ROUTE-REDUNDANT": (
        config(["ANY /a", "GET /a", "ANY /b/{proxy+}", "POST /b/c"]),
        config(functions={"one": {"handler": "h.one", "events": [{"httpApi": "ANY /a"}]}, "two": {"handler": "h.two", "events": [{"httpApi": "GET /a"}]}}),
    ),
    "HTTPAPI-QUOTA": (config(functions=fns(301)), config(functions=fns(60, 5))),
    "HTTPAPI-STACK-RESOURCES": (config(functions=fns(90)), config(functions=fns(40))),
    "HTTPAPI-CORS-CREDENTIALS-WILDCARD": (
        config(cors={"allowCredentials": True}),
        config(cors={"allowCredentials": True, "allowedOrigins": ["https://app.example.com"]}),
    ),
    "HTTPAPI-CORS-ORIGIN-FORMAT": (
        config(cors={"allowedOrigins": ["https://app.example.com/", "app.example.com"]}),
        config(cors={"allowedOrigins": ["https://app.example.com", "http://localhost:3000", "https://*.example.com", "*"]}),
    ),
    "HTTPAPI-CORS-MAX-AGE": (config(cors={"maxAge": 86401}), config(cors={"maxAge": 86400})),
    "HTTPAPI-CORS-METHOD": (config(cors={"allowedMethods": ["GET", "ANY"]}), config(cors={"allowedMethods": ["GET", "*", "delete"]})),
    "HTTPAPI-CORS-AUTHORIZED-CATCH-ALL": (
        config(cors=True, authorizers={"jwt": JWT}, functions={"api": {"handler": "h.api", "events": [{"httpApi": {"path": "*", "authorizer": "jwt"}}]}}),
        config(
            cors=True,
            authorizers={"jwt": JWT},
            functions={
                "api": {"handler": "h.api", "events": [{"httpApi": {"path": "*", "authorizer": "jwt"}}]},
                "preflight": {"handler": "h.options", "events": [{"httpApi": "OPTIONS /{proxy+}"}]},
            },
        ),
    ),
    "HTTPAPI-JWT-ISSUER": (
        config(authorizers={"jwt": {**JWT, "issuerUrl": "http://issuer.example.com"}}, functions={"api": {"handler": "h.a", "events": [route(name="jwt")]}}),
        config(authorizers={"jwt": JWT}, functions={"api": {"handler": "h.a", "events": [route(name="jwt")]}}),
    ),
    "HTTPAPI-JWT-AUDIENCE": (
        config(authorizers={"jwt": {**JWT, "audience": []}}, functions={"api": {"handler": "h.a", "events": [route(name="jwt")]}}),
        config(authorizers={"jwt": {**JWT, "audience": [f"c{i}" for i in range(50)]}}, functions={"api": {"handler": "h.a", "events": [route(name="jwt")]}}),
    ),
    "HTTPAPI-IDENTITY-SOURCE": (
        with_auth_fn(
            config(
                authorizers={"jwt": {**JWT, "identitySource": "Authorization"}, "key": {**LAMBDA, "identitySource": ["header.X-Key"]}},
                functions={"api": {"handler": "h.a", "events": [route(name="jwt"), route("GET /b", name="key")]}},
            )
        ),
        with_auth_fn(
            config(
                authorizers={"jwt": {**JWT, "identitySource": "$request.querystring.token"}, "key": {**LAMBDA, "identitySource": ["$request.header.X-Key", "$context.routeKey"]}},
                functions={"api": {"handler": "h.a", "events": [route(name="jwt"), route("GET /b", name="key")]}},
            )
        ),
    ),
    "HTTPAPI-AUTHORIZER-QUOTA": (
        config(authorizers={f"a{i}": JWT for i in range(11)}, functions={"api": {"handler": "h.a", "events": [route(f"GET /r{i}", name=f"a{i}") for i in range(11)]}}),
        config(authorizers={f"a{i}": JWT for i in range(10)}, functions={"api": {"handler": "h.a", "events": [route(f"GET /r{i}", name=f"a{i}") for i in range(10)]}}),
    ),
    "HTTPAPI-AUTHORIZER-NAME": (
        config(authorizers={"my.auth": JWT}, functions={"api": {"handler": "h.a", "events": [route(name="my.auth")]}}),
        config(authorizers={"my-auth_2": JWT}, functions={"api": {"handler": "h.a", "events": [route(name="my-auth_2")]}}),
    ),
    "HTTPAPI-ROUTE-SCOPES": (
        config(authorizers={"jwt": JWT}, functions={"api": {"handler": "h.a", "events": [route(name="jwt", scopes=[f"s{i}" for i in range(11)])]}}),
        config(authorizers={"jwt": JWT}, functions={"api": {"handler": "h.a", "events": [route(name="jwt", scopes=[f"s{i}" for i in range(10)])]}}),
    ),
    "HTTPAPI-LAMBDA-AUTHORIZER": (
        with_auth_fn(config(authorizers={"key": {**LAMBDA, "enableSimpleResponses": True, "payloadVersion": "1.0"}}, functions={"api": {"handler": "h.a", "events": [route(name="key")]}})),
        with_auth_fn(config(authorizers={"key": {**LAMBDA, "enableSimpleResponses": True, "resultTtlInSeconds": 3600}}, functions={"api": {"handler": "h.a", "events": [route(name="key")]}})),
    ),
    "HTTPAPI-AUTHORIZER-UNUSED": (
        config(authorizers={"jwt": JWT}),
        config(authorizers={"jwt": JWT}, functions={"api": {"handler": "h.a", "events": [route(name="jwt")]}}),
    ),
    "HTTPAPI-PAYLOAD-VERSION": (config(provider={"httpApi": {"payload": 2.0}}), config(provider={"httpApi": {"payload": "2.0"}})),
    "HTTPAPI-FUNCTION-TIMEOUT": (config(provider={"timeout": 30}), config(provider={"timeout": 28})),
    "HTTPAPI-FUNCTION-MEMORY": (config(provider={"memorySize": 64}), config(provider={"memorySize": 128})),
    "HTTPAPI-FUNCTION-HANDLER": (
        config(functions={"api": {"handler": "handler", "events": [{"httpApi": "GET /a"}]}}),
        config(functions={"api": {"handler": "src/users/handler.get_user", "events": [{"httpApi": "GET /a"}]}}),
    ),
    "HTTPAPI-FUNCTION-RUNTIME": (config(provider={"runtime": "nodejs16.x"}), config(provider={"runtime": "nodejs22.x"})),
    "HTTPAPI-RUNTIME-NEWER-THAN-SERVERLESS": (
        config(provider={"runtime": "python3.13"}), config(provider={"runtime": "python3.11"})
    ),
    "HTTPAPI-LOG-FORMAT": (
        config(logs={"format": '{"requestId": "$context.requestId", "status": }'}),
        config(logs={"format": '{"requestId": "$context.requestId", "status": $context.status}'}),
    ),
    "HTTPAPI-LOG-REQUEST-ID": (
        config(logs={"format": '{"ip": "$context.identity.sourceIp"}'}),
        config(logs={"format": "$context.identity.sourceIp - [$context.requestTime] $context.requestId"}),
    ),
    "HTTPAPI-LOG-VARIABLE": (
        config(logs={"format": '{"requestId": "$context.requestId", "who": "$context.user"}'}),
        config(logs={"format": '{"requestId": "$context.requestId", "sub": "$context.authorizer.claims.sub"}'}),
    ),
    "HTTPAPI-LOG-RETENTION": (config(provider={"logRetentionInDays": 10}), config(provider={"logRetentionInDays": 1096})),
}


def codes(cfg) -> dict[str, list]:
    result = compile_text(yaml.safe_dump(cfg, sort_keys=False), "serverless.yml", env={})
    out: dict[str, list] = {}
    for d in result.diagnostics:
        out.setdefault(d.code, []).append(d)
    return out


def test_every_rule_has_cases():
    assert set(CASES) == {r.code for r in RULES}


@pytest.mark.parametrize("code", sorted(CASES))
def test_check_trips(code):
    found = codes(CASES[code][0])
    assert code in found, sorted(found)
    for d in found[code]:
        assert d.line and d.source.startswith("https://") and d.message


@pytest.mark.parametrize("code", sorted(CASES))
def test_check_near_miss(code):
    found = codes(CASES[code][1])
    assert code not in found, [d.format() for d in found[code]]


def test_seed_example_is_clean():
    from wizard.api import compile_file

    result = compile_file("wizard/examples/seed.yml")
    findings = [d for d in result.diagnostics if d.code.startswith("HTTPAPI-")]
    # Only the note that explains Serverless's warning about nodejs22.x.
    assert [(d.code, d.severity, d.line) for d in findings] == [("HTTPAPI-RUNTIME-NEWER-THAN-SERVERLESS", "info", 9)]


def test_a_newer_runtime_is_explained_where_serverless_warns():
    found = codes(config(provider={"runtime": "nodejs22.x"}, functions={
        "a": {"handler": "a.h", "runtime": "python3.13"}, "b": {"handler": "b.h", "runtime": "nodejs20.x"},
        "c": {"handler": "c.h"},
    }))
    warned = {d.path for d in found["CONFIG_SCHEMA"]}
    explained = {d.path: d for d in found["HTTPAPI-RUNTIME-NEWER-THAN-SERVERLESS"]}
    assert set(explained) == warned == {("provider", "runtime"), ("functions", "a", "runtime")}
    assert "python3.13" in explained[("functions", "a", "runtime")].message
    assert all(d.severity == "info" for d in explained.values())


# Conformance cases that Serverless compiles but AWS would reject: written on purpose to
# pin Serverless's behaviour. Every other case must raise no error from the checks.
AWS_REJECTS = {
    "005-logical-id-normalisation": {"HTTPAPI-ROUTE-EMPTY-SEGMENT"},  # 'GET /a//b/'
    "013-cors-allow-credentials-true": {"HTTPAPI-CORS-CREDENTIALS-WILDCARD"},
    "023-request-authorizer-function-name": {"HTTPAPI-LAMBDA-AUTHORIZER"},  # simple responses with 1.0
    "036-payload-unquoted": {"HTTPAPI-PAYLOAD-VERSION"},
    "070-ajv-coercion": {"HTTPAPI-PAYLOAD-VERSION"},
    # Numbers past 1.8e308: Infinity, written as null (issue 11, item 8).
    "088-integer-past-double-range": {"HTTPAPI-FUNCTION-TIMEOUT"},
    "089-float-past-double-range": {"HTTPAPI-FUNCTION-TIMEOUT"},
    "090-integer-over-4300-digits": {"HTTPAPI-FUNCTION-MEMORY"},
}
# Depends on today's date: Serverless v3's runtimes are past AWS's creation block.
DATED = {"HTTPAPI-FUNCTION-RUNTIME"}


def _conformance_cases():
    from conformance_cases import success_cases

    return success_cases()


@pytest.mark.parametrize("case", _conformance_cases(), ids=lambda c: c.name)
def test_checks_accept_what_aws_accepts(case):
    result = case.compile()
    errors = {d.code for d in result.errors if d.code.startswith("HTTPAPI-") and d.code not in DATED}
    assert errors == AWS_REJECTS.get(case.name, set())


def test_the_readme_lists_every_rule_with_its_severity():
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text()
    for rule in RULES:
        assert f"| `{rule.code}` | {rule.severity} | {rule.summary} |" in readme, rule.code
    assert f"`validate` runs {len(RULES)} checks" in readme
