"""Whatever the input, the pipeline answers with located diagnostics, never a traceback.

Every result must satisfy ``assert_sound``: each diagnostic has a code, a known severity
and a message; each error is located (file, line, column); the template is there exactly
when no error of Serverless's own stops it, and then it is what the writer can write. The
inputs that once crashed (issue 11, item 8) are pinned one by one below, and the wild
corpus is mutated at scale in tests/test_fuzz.py.
"""

from __future__ import annotations

import json
import re

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wizard.api import compile_text
from wizard.explaining import Request, explain, to_text

CODE = re.compile(r"[A-Z][A-Z0-9_-]*\Z")


def assert_sound(result, path: str = "serverless.yml") -> None:
    """What every compile result promises, whatever the input."""
    from wizard.compiling.output import to_json

    for d in result.diagnostics:
        assert CODE.match(d.code), d
        assert d.severity in ("error", "warning", "info"), d
        assert isinstance(d.message, str) and d.message.strip(), d
    for d in result.errors:
        assert d.file == path and d.line is not None and d.line >= 1 and d.column is not None and d.column >= 1, d.format()
    if result.compile_errors:
        assert result.template is None, [d.format() for d in result.compile_errors]
    else:
        assert result.template is not None and result.service is not None and result.http_api is not None
        assert isinstance(result.template["Resources"], dict) and result.template["Resources"]
        json.loads(to_json(result.template))


SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-5, 5), st.text(max_size=8),
                    st.sampled_from(["GET /a", "*", "${self:service}", "${env:X}", "${ssm:/p}", "2.0", "aws", "/x/{id}", "{proxy+}"]))
KEYS = st.sampled_from(["service", "provider", "functions", "httpApi", "events", "handler", "cors", "authorizers", "name",
                        "method", "path", "authorizer", "logs", "resources", "Resources", "runtime", "timeout", "id",
                        "type", "scopes", "audience", "identitySource", "issuerUrl", "payload", "extensions", "x",
                        "tags", "environment", "stackTags"])
VALUES = st.recursive(SCALARS, lambda children: st.one_of(st.lists(children, max_size=3),
                                                          st.dictionaries(KEYS, children, max_size=4)), max_leaves=25)


# Mostly valid services with random values where the keys are: many compile, so the
# template's promises are tested too, not only the errors'.
EVENTS = st.lists(st.one_of(st.sampled_from(["GET /a", "POST /a/{id}", "*", "ANY /b/{proxy+}"]),
                            st.fixed_dictionaries({}, optional={"method": SCALARS, "path": SCALARS, "authorizer": VALUES})),
                  max_size=3).map(lambda events: [{"httpApi": e} for e in events])
FUNCTIONS = st.dictionaries(st.sampled_from(["a", "b", "c-d"]),
                            st.fixed_dictionaries({"handler": st.just("h.main")}, optional={"events": EVENTS, "x": VALUES}),
                            max_size=3)
SERVICES = st.fixed_dictionaries(
    {"service": st.just("svc"), "provider": st.fixed_dictionaries({"name": st.just("aws")}, optional={
        "httpApi": st.dictionaries(KEYS, VALUES, max_size=3), "runtime": SCALARS, "tags": VALUES, "logs": VALUES})},
    optional={"functions": FUNCTIONS, "resources": VALUES, "custom": VALUES})


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.dictionaries(KEYS, VALUES, max_size=5), SERVICES))
def test_any_config_shape_gets_diagnostics_not_exceptions(config):
    config.setdefault("service", "svc")
    result = compile_text(yaml.safe_dump(config), "serverless.yml", env={})
    assert_sound(result)
    if result.http_api is not None and result.service is not None:
        e = explain(result.service, result.http_api, Request.parse("GET /a?x=1", ["Authorization: Bearer a.b.c"]))
        assert e.status in {None, 401, 403, 404, 500}, e.status
        assert (e.status is None) == (e.event is not None)  # either the function gets an event, or API Gateway answers
        json.dumps(e.to_dict())
        to_text(e)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_any_text_gets_diagnostics_not_exceptions(text):
    assert_sound(compile_text(text, "serverless.yml", env={}))


@pytest.mark.parametrize("text", ["", "# only a comment\n", "\x00", "a: \x07b\n", "abc\ndéf: \x00\n", "a: \ud800\n",
                                  "- a list\n", "just text", "a: 'unclosed"])
def test_text_that_is_no_configuration_gets_a_located_error(text):
    result = compile_text(text, "serverless.yml", env={})
    assert_sound(result)
    assert result.template is None and result.errors


def test_environment_and_tags_that_are_not_mappings_are_located_errors():
    text = "service: s\nprovider:\n  name: aws\n  tags: x\nfunctions:\n  a:\n    handler: h.m\n    environment: 3\n"
    result = compile_text(text, "serverless.yml", env={})
    assert [(d.code, d.line) for d in result.errors] == [("MAPPING_EXPECTED", 4), ("MAPPING_EXPECTED", 8)]
    assert result.template is None


# ----- issue 11, item 8: each input that crashed, and what it gets now -----------------------------

BASE = "service: svc\nprovider:\n  name: aws\n  runtime: nodejs20.x\n"
FUNCTION = "functions:\n  a:\n    handler: index.a\n    events:\n      - httpApi: 'GET /x'\n"
JWT = ("  httpApi:\n    authorizers:\n      j:\n        NAME\n        issuerUrl: https://x.example.com\n        audience: [a]\n"
       "        identitySource: $request.header.Authorization\n")


def located(result):
    """(code, line, column) of each error of Serverless's own (the checks' left out)."""
    return [(d.code, d.line, d.column) for d in result.compile_errors]


def test_resources_resources_that_is_a_scalar_or_a_list_is_a_located_error():
    # Serverless v3.39 writes the value in place of every resource of the stack (checked with
    # `serverless package`): a template CloudFormation refuses. We stop at the line instead.
    for value in ("5", "[1, 2]", "abc"):
        result = compile_text(BASE + FUNCTION + f"resources:\n  Resources: {value}\n", env={})
        assert_sound(result)
        assert located(result) == [("MAPPING_EXPECTED", 11, 3)]
        assert result.compile_errors[0].message.startswith("resources.Resources must be a mapping of logical ids to resources")
    result = compile_text(BASE + FUNCTION + "resources:\n  Outputs: [x]\n", env={})
    assert located(result) == [("MAPPING_EXPECTED", 11, 3)]


def test_an_authorizer_name_that_is_a_mapping_or_a_list_is_a_located_error():
    # Serverless crashes on it (TypeError: resourceName.replace is not a function; tests/conformance 182).
    for value, kind in (("{a: 1}", "a mapping"), ("[b, c]", "a list")):
        text = BASE + JWT.replace("NAME", f"name: {value}") + FUNCTION.replace("- httpApi: 'GET /x'", "- httpApi:\n          method: GET\n          path: /x\n          authorizer: j")
        result = compile_text(text, env={})
        assert_sound(result)
        assert located(result) == [("HTTP_API_AUTHORIZER_NAME_NOT_A_STRING", 8, 9)]
        assert result.compile_errors[0].message.endswith(f"not {kind}")


def test_a_function_name_of_a_lambda_authorizer_that_is_a_mapping_is_not_found_as_serverless_says():
    text = BASE + "  httpApi:\n    authorizers:\n      j:\n        type: request\n        functionName: {a: 1}\n" + FUNCTION
    result = compile_text(text, env={})
    assert_sound(result)
    assert [d.message for d in result.compile_errors] == ['Function "[object Object]" for HTTP API authorizer "j" not found in service.']


def test_a_route_authorizer_name_that_is_a_mapping_is_an_unknown_authorizer():
    text = BASE + JWT.replace("NAME", "name: j") + FUNCTION.replace("- httpApi: 'GET /x'", "- httpApi:\n          method: GET\n          path: /x\n          authorizer:\n            name: {x: 1}")
    result = compile_text(text, env={})
    assert_sound(result)
    assert [d.message for d in result.compile_errors] == ["Event references not configured authorizer '[object Object]'"]


def test_integers_past_4300_digits_or_1_8e308_are_strings_as_in_js_yaml():
    for literal in ("9" * 5000, "1" + "0" * 400, "0x" + "f" * 300, "-" + "7" * 310):
        key = literal[:1000]  # YAML allows no longer implicit key
        result = compile_text(BASE + f"custom:\n  n: {literal}\n  k:\n    {key}: 1\n" + FUNCTION, env={})
        assert_sound(result)
        assert result.template is not None
    result = compile_text(BASE.replace("nodejs20.x", "nodejs20.x\n  timeout: 1" + "0" * 400) + FUNCTION, env={})
    assert result.template["Resources"]["ALambdaFunction"]["Properties"]["Timeout"] == float("inf")  # written as null
    result = compile_text(BASE + "custom:\n  n: !!int 1" + "0" * 400 + "\n" + FUNCTION, env={})
    assert located(result) == [("CONFIGURATION_PARSE_ERROR", 6, 6)]  # an explicit !!int that is no int


def test_impossible_dates_roll_over_as_date_utc_does():
    result = compile_text(BASE + FUNCTION + "resources:\n  Resources:\n    B:\n      Type: AWS::S3::Bucket\n"
                          "      Metadata: {a: 2024-02-30, b: 2023-00-00, c: 0000-01-01, d: 2023-1-1 25:61:61.5+1:30}\n", env={})
    assert_sound(result)
    assert result.template["Resources"]["B"]["Metadata"] == {
        "a": "2024-03-01T00:00:00.000Z", "b": "2022-11-30T00:00:00.000Z", "c": "1900-01-01T00:00:00.000Z",
        "d": "2023-01-02T00:32:01.500Z"}


def test_a_recursive_alias_is_a_located_error_at_the_alias():
    # custom: is line 10; a list item has no place of its own, so the list's is given
    for text, where in (("custom: &a\n  x: *a\n", (11, 3)), ("custom: &a\n  - 1\n  - *a\n", (10, 9)),
                        ("custom: &a\n  <<: *a\n", (11, 3))):
        result = compile_text(BASE + FUNCTION + text, env={})
        assert_sound(result)
        assert located(result) == [("INVALID_CONFIGURATION_STRUCTURE", *where)], located(result)
        assert result.errors[0].reason == "YAML_RECURSIVE_ALIAS"


def test_nesting_deeper_than_the_stages_can_walk_is_a_located_error():
    deep = "custom:\n" + "".join(" " * (2 * i) + f"  k{i}:\n" for i in range(150))
    result = compile_text(BASE + FUNCTION + deep, env={})
    assert_sound(result)
    assert located(result) == [("YAML_TOO_DEEP", 110, 201)]
    flow = compile_text(BASE + FUNCTION + "custom: " + "[" * 100000 + "]" * 100000 + "\n", env={})
    assert_sound(flow)
    assert [(d.code, d.reason) for d in flow.compile_errors] == [("CONFIGURATION_PARSE_ERROR", "YAML_SYNTAX")]


def test_log_retention_as_a_cloudformation_function_is_no_design_time_error():
    result = compile_text(BASE.replace("nodejs20.x", "nodejs22.x\n  logRetentionInDays: !Ref X") + FUNCTION, env={})
    assert_sound(result)
    assert result.template["Resources"]["ALogGroup"]["Properties"]["RetentionInDays"] == {"Ref": "X"}
    assert "HTTPAPI-LOG-RETENTION" not in {d.code for d in result.diagnostics}


def test_a_file_that_includes_itself_stops_at_the_nest_depth(tmp_path):
    path = tmp_path / "serverless.yml"
    text = BASE + FUNCTION + "custom:\n  x: ${file(serverless.yml)}\n"
    path.write_text(text)
    result = compile_text(text, str(path), env={})
    assert_sound(result, str(path))
    assert [(d.code, d.reason) for d in result.errors] == [("VARIABLES_RESOLUTION_ERROR", "EXCESSIVE_RESOLVED_PROPERTIES_NEST_DEPTH")]
    assert result.errors[0].message == 'Cannot resolve variable at "' + ".".join(["custom.x"] * 11) + '": Excessive property variables nest depth'


def test_166_chained_self_references_resolve_and_their_loop_is_circular():
    chain = "custom:\n  a0: v\n" + "".join(f"  a{i}: ${{self:custom.a{i - 1}}}\n" for i in range(1, 1001))
    result = compile_text(BASE + FUNCTION + chain, env={})
    assert_sound(result)
    assert result.service is not None and result.template is not None
    loop = "custom:\n  a0: ${self:custom.a166}\n" + "".join(f"  a{i}: ${{self:custom.a{i - 1}}}\n" for i in range(1, 167))
    result = compile_text(BASE + FUNCTION + loop, env={})
    assert_sound(result)
    # Once, at custom.a1, whose variable closes the loop begun at a0, naming a2 that needs it: the
    # words of `serverless package` (tests/conformance 183).
    assert [(d.reason, d.line) for d in result.errors] == [("VARIABLE_CIRCULAR_REFERENCE", 12)]
    assert result.errors[0].message == ('Cannot resolve variable at "custom.a1": Circular reference among "custom.a1" '
                                        'and "custom.a2" properties')


CRASHERS = {
    "impossible-date": BASE + FUNCTION + "custom:\n  d: 2024-02-30\n",
    "log-retention-ref": BASE.replace("nodejs20.x", "nodejs20.x\n  logRetentionInDays: !Ref X") + FUNCTION,
    "scopes-ref": BASE + JWT.replace("NAME", "name: j") + FUNCTION.replace(
        "- httpApi: 'GET /x'", "- httpApi:\n          method: GET\n          path: /x\n          authorizer:\n            name: j\n"
        "            scopes: [!Ref X]"),
    "resources-scalar": BASE + FUNCTION + "resources:\n  Resources: 5\n",
    "resources-list": BASE + FUNCTION + "resources:\n  Resources: [1]\n",
    "extension-scalar": BASE + FUNCTION + "resources:\n  extensions:\n    ALambdaFunction:\n      Properties: 5\n",
    "authorizer-name-mapping": BASE + JWT.replace("NAME", "name: {a: 1}") + FUNCTION,
    "authorizer-function-list": BASE + "  httpApi:\n    authorizers:\n      j:\n        type: request\n        functionName: [a, b]\n" + FUNCTION,
    "integer-5000-digits": BASE.replace("nodejs20.x", "nodejs20.x\n  timeout: " + "9" * 5000) + FUNCTION,
    "integer-past-double": BASE.replace("nodejs20.x", "nodejs20.x\n  memorySize: 1" + "0" * 400) + FUNCTION,
    "recursive-alias": BASE + FUNCTION + "custom: &a\n  x: *a\n",
    "file-includes-itself": BASE + FUNCTION + "custom:\n  x: ${file(serverless.yml)}\n",
    "self-chain-166": BASE + FUNCTION + "custom:\n  a0: v\n" + "".join(f"  a{i}: ${{self:custom.a{i - 1}}}\n" for i in range(1, 167)),
    "self-loop-166": BASE + FUNCTION + "custom:\n  a0: ${self:custom.a166}\n" + "".join(f"  a{i}: ${{self:custom.a{i - 1}}}\n" for i in range(1, 167)),
}


@pytest.mark.parametrize("name", CRASHERS)
def test_what_crashed_the_cli_exits_0_1_or_2_with_located_messages(name, tmp_path, capsys, monkeypatch):
    from wizard.cli.main import main

    monkeypatch.delenv("HTTPAPI_WIZARD_DEBUG", raising=False)
    path = tmp_path / "serverless.yml"
    path.write_text(CRASHERS[name])
    for command in (["compile"], ["validate"], ["routes"], ["routes", "--format", "json"], ["explain", "GET /x"]):
        code = main([*command, str(path)])
        out, err = capsys.readouterr()
        assert code in (0, 1, 2), (command, err[-2000:])
        assert "Traceback" not in err and "internal error" not in err, (command, err[-2000:])
        for line in err.splitlines() + (out.splitlines() if command == ["validate"] else []):
            if " error " in line:
                assert re.match(re.escape(str(path)) + r":\d+:\d+: error [A-Z]", line), line


def test_a_dotenv_that_is_not_utf8_is_read_as_node_reads_it(tmp_path):
    (tmp_path / ".env").write_bytes(b"A=caf\xe9\n")
    text = BASE.replace("nodejs20.x", "nodejs22.x\n  environment:\n    A: ${env:A}") + "useDotenv: true\n" + FUNCTION
    result = compile_text(text, str(tmp_path / "serverless.yml"), env={})
    assert_sound(result, str(tmp_path / "serverless.yml"))
    assert result.template["Resources"]["ALambdaFunction"]["Properties"]["Environment"]["Variables"] == {"A": "caf\ufffd"}
