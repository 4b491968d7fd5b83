"""Rendering a model as serverless.yml: what is written reads back as the same model.

Property: for generated services, render -> load -> model equals the model, and its
compiled template equals compiling the model directly. Strings are drawn with quotes,
colons, '#', braces, '${', newlines and non-ASCII text on purpose.
"""

from __future__ import annotations

import copy

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wizard.authoring.render import render_serverless_yml
from wizard.authoring.yaml_text import scalar
from wizard.compiling.pipeline import compile_service
from wizard.loading.yaml_loader import load_yaml
from wizard.model.build import build_service

pytestmark = pytest.mark.cost(0.3)  # CPU-seconds per test, about (tests/conftest.py)

TRICKY = st.sampled_from(["a: b", "x #y", "it's", 'say "hi"', "{x}", "${self:service}", "${AWS::Region}", "line1\nline2",
                          "a\nprovider: evil", "a\r\n# b", "a\rb", "x\u2028y", "x\x85y",
                          "café ☕", "yes", "0755", "2.0", "", " lead", "trail ", "-", "*", "@x", "a,b", "!t", "&a", "%", "`"])
TEXT = st.one_of(TRICKY, st.text(st.characters(blacklist_categories=("Cs",)), max_size=12))
NAME = st.from_regex(r"[a-z][a-zA-Z0-9]{0,7}", fullmatch=True)
PATH = st.lists(st.one_of(st.from_regex(r"[a-z][a-z0-9-]{0,6}", fullmatch=True), st.just("{id}")), min_size=1, max_size=3).map(
    lambda parts: "/" + "/".join(parts)
)
METHOD = st.sampled_from(["GET", "POST", "PUT", "PATCH", "DELETE", "ANY", "*"])
ISSUER = "https://issuer.example.com/pool"


@st.composite
def raw_service(draw):
    authorizers = {}
    for key in draw(st.lists(NAME, max_size=2, unique=True)):
        authorizers[key] = {"identitySource": "$request.header.Authorization", "issuerUrl": ISSUER,
                            "audience": draw(st.one_of(st.just("app"), st.lists(TEXT, min_size=1, max_size=2)))}
    http_api = {}
    if draw(st.booleans()):
        http_api["cors"] = draw(st.one_of(st.just(True), st.fixed_dictionaries({}, optional={
            "allowedOrigins": st.lists(st.sampled_from(["https://a.example.com", "http://localhost:3000"]), max_size=2),
            "allowCredentials": st.booleans(), "maxAge": st.integers(0, 86400),
            "exposedResponseHeaders": st.lists(TEXT, max_size=2)})))
    if authorizers:
        http_api["authorizers"] = authorizers
    if draw(st.booleans()):
        http_api["payload"] = draw(st.sampled_from(["1.0", "2.0"]))
    if draw(st.booleans()):
        http_api["name"] = draw(TEXT.filter(bool))
    provider = {"name": "aws", "runtime": draw(st.sampled_from(["nodejs22.x", "python3.12"]))}
    if draw(st.booleans()):
        provider["memorySize"] = draw(st.integers(128, 3008))
    if draw(st.booleans()):
        provider["tags"] = draw(st.dictionaries(NAME, TEXT, max_size=2))
    if draw(st.booleans()):
        provider["environment"] = draw(st.dictionaries(st.from_regex(r"[A-Z][A-Z0-9_]{0,6}", fullmatch=True), TEXT, max_size=3))
    if http_api:
        provider["httpApi"] = http_api
    if draw(st.booleans()):
        provider["logs"] = {"httpApi": draw(st.one_of(st.just(True), st.just({"format": '{"id":"$context.requestId"}'})))}
    functions = {}
    for key in draw(st.lists(NAME, min_size=1, max_size=3, unique=True)):
        fn = {"handler": f"src/{key}.handler"}
        if draw(st.booleans()):
            fn["description"] = draw(TEXT)
        if draw(st.booleans()):
            fn["timeout"] = draw(st.integers(1, 29))
        events = []
        for _ in range(draw(st.integers(0, 2))):
            method, path = draw(METHOD), draw(PATH)
            if authorizers and draw(st.booleans()):
                auth = {"name": draw(st.sampled_from(sorted(authorizers)))}
                if draw(st.booleans()):
                    auth["scopes"] = draw(st.lists(TEXT, min_size=1, max_size=2))
                events.append({"httpApi": {"method": method, "path": path, "authorizer": auth}})
            elif draw(st.booleans()):
                events.append({"httpApi": f"{'GET' if method == '*' else method} {path}"})
            else:
                events.append({"httpApi": {"method": method, "path": path}})
        if events:
            fn["events"] = events
        functions[key] = fn
    # Any name: the header comment repeats it, and a line break in it once ended the comment (issue 11's probes).
    service = draw(st.one_of(st.from_regex(r"[a-z][a-z0-9-]{1,10}", fullmatch=True), TEXT.filter(bool)))
    return {"service": service, "provider": provider, "functions": functions}


def compiled(service):
    template, diagnostics, _ = compile_service(service)
    return template, sorted(d.code for d in diagnostics)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(raw_service())
def test_render_reads_back_as_the_same_service(raw):
    model, _ = build_service(copy.deepcopy(raw))
    text = render_serverless_yml(model)
    loaded, _ = load_yaml(text)
    again, _ = build_service(loaded)
    assert again == model, text
    assert compiled(again) == compiled(model)


@given(TEXT)
def test_every_string_survives_as_a_yaml_scalar(text):
    import yaml

    written = scalar(text)
    assert load_yaml(f"v: {written}\n")[0]["v"] == text
    assert yaml.safe_load(f"v: {written}\n")["v"] == text


def test_seed_example_renders_as_an_author_would():
    from wizard.api import compile_file

    text = render_serverless_yml(compile_file("wizard/examples/seed.yml").service)
    assert text.startswith("# seed-example: an HTTP API on AWS Lambda")
    assert "\nprovider:\n  name: aws\n  runtime: nodejs22.x\n" in text
    assert text.index("provider:") < text.index("functions:")
    assert "      - httpApi: PATCH /elo\n" in text and "          method: '*'\n" in text
