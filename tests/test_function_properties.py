"""Every property of v3.39's function schema is compiled, and so are provider.tracing, layers,
kmsKeyArn, vpc, ecr, runtimeManagement and top-level layers (issue 15, item 4).

The templates themselves are pinned by the conformance cases 200-212 and 300-302, each packaged
by the real serverless v3.39.0 (scripts/oracle/regenerate.py); these tests pin the rule over the
whole schema and over the wild corpus."""

from __future__ import annotations

import json

import pytest
from conformance_cases import CASES_DIR, Case, error_cases, masked
from wild import FILES

from wizard.api import compile_file, compile_text
from wizard.model.build import FUNCTION_KEYS_COMPILED, PROVIDER_KEYS_COMPILED, TOP_LEVEL_KEYS_COMPILED
from wizard.model.schema import SCHEMA

_FUNCTION_SCHEMA = next(iter(SCHEMA["properties"]["functions"]["patternProperties"].values()))


def test_every_property_of_the_function_schema_is_compiled():
    assert set(_FUNCTION_SCHEMA["properties"]) <= FUNCTION_KEYS_COMPILED
    assert {"tracing", "layers", "kmsKeyArn", "vpc", "ecr", "runtimeManagement"} <= PROVIDER_KEYS_COMPILED
    assert "layers" in TOP_LEVEL_KEYS_COMPILED


_NOT_COMPILED = ("UNSUPPORTED_FUNCTION_PROPERTY", "UNSUPPORTED_PROVIDER_PROPERTY", "UNSUPPORTED_SECTION")


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_no_wild_file_is_told_a_function_property_is_not_compiled(path):
    """What remains named as not compiled is outside v3.39's function schema (a plugin's key, a typo),
    REST API settings (``provider.apiGateway``...), or a plugin's top-level section."""
    result = compile_file(str(path), env={}, lenient=True)
    for d in result.diagnostics:
        if d.code in _NOT_COMPILED:
            key = d.path[-1] if d.code != "UNSUPPORTED_SECTION" else d.path[0]
            if d.code == "UNSUPPORTED_FUNCTION_PROPERTY":
                assert key not in _FUNCTION_SCHEMA["properties"], d.format()
            else:
                assert key not in ("tracing", "layers", "kmsKeyArn", "vpc", "ecr", "runtimeManagement"), d.format()


def _compile(text: str):
    return compile_text(text, env={})


def test_a_destination_needs_a_supported_target_and_an_existing_function():
    base = "service: s\nprovider:\n  name: aws\nfunctions:\n  a:\n    handler: h.a\n    destinations:\n      onFailure: {}\n"
    bad = _compile(base.format("arn:aws:s3:::bucket"))
    assert [(d.code, d.message, d.path) for d in bad.compile_errors] == [
        ("UNSUPPORTED_DESTINATION_TARGET", "Unsupported destination target arn:aws:s3:::bucket",
         ("functions", "a", "destinations", "onFailure"))]
    missing = _compile(base.format("b"))
    assert [(d.code, d.message) for d in missing.compile_errors] == [
        ("FUNCTION_MISSING_IN_SERVICE", 'Function "b" doesn\'t exist in this Service')]
    queue = _compile(base.format("arn:aws:sqs:us-east-1:123456789012:q"))
    role = queue.template["Resources"]["IamRoleLambdaExecution"]["Properties"]["Policies"][0]["PolicyDocument"]
    assert role["Statement"][-1] == {"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "arn:aws:sqs:us-east-1:123456789012:q"}


def test_a_granted_destination_is_granted_once_and_statements_merge_without_repeats():
    text = """service: s
provider:
  name: aws
  kmsKeyArn: arn:aws:kms:us-east-1:123456789012:key/k
  tracing: {lambda: true}
functions:
  a: {handler: h.a, destinations: {onSuccess: b}}
  b: {handler: h.b, destinations: {onSuccess: b}, tracing: Active}
  c: {handler: h.c, kmsKeyArn: arn:aws:kms:us-east-1:123456789012:key/k}
"""
    statements = _compile(text).template["Resources"]["IamRoleLambdaExecution"]["Properties"]["Policies"][0][
        "PolicyDocument"]["Statement"]
    assert [s["Action"] for s in statements[2:]] == [
        ["kms:Decrypt"], ["xray:PutTraceSegments", "xray:PutTelemetryRecords"], "lambda:InvokeFunction"]


def test_an_image_by_tag_or_built_from_a_path_is_said_to_be_known_only_at_deploy_time():
    text = """service: s
provider:
  name: aws
  ecr:
    images:
      built: {path: ./app}
functions:
  a: {image: 123456789012.dkr.ecr.us-east-1.amazonaws.com/app:latest}
  b: {image: built}
  c: {image: 123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:latest}
"""
    result = _compile(text)
    assert [(d.code, d.path) for d in result.compile_errors] == [
        ("LAMBDA_ECR_REGION_MISMATCH_ERROR", ("functions", "c", "image"))]
    assert result.compile_errors[0].message == (
        'The region "eu-west-1" of the ECR image "123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:latest" '
        'must match provider region "us-east-1".')
    ok = _compile(text.replace("  c: {image: 123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:latest}\n", ""))
    assert [(d.code, d.path) for d in ok.diagnostics if d.code.startswith("IMAGE_")] == [
        ("IMAGE_DIGEST_AT_DEPLOY_TIME", ("functions", "a", "image")),
        ("IMAGE_BUILT_AT_DEPLOY_TIME", ("provider", "ecr", "images", "built")),
    ]


def test_top_level_layers_are_written_back_by_new():
    from wizard.authoring.render import render_serverless_yml
    from wizard.model.build import build_service

    service, _ = build_service({"service": "s", "provider": {"name": "aws"},
                                "layers": {"common": {"path": "layer", "retain": True}}})
    assert "\nlayers:\n  common:\n    path: layer\n    retain: true\n" in render_serverless_yml(service)


def test_the_layer_cases_need_a_stack_that_does_not_exist_yet():
    """Serverless asks CloudFormation for the last layer hash while packaging: the case says so, and
    regenerate.py answers as AWS does for a first deploy."""
    case = Case(CASES_DIR / "212-top-level-layers")
    assert case.meta["stack"] == "new"
    assert masked(case.compile().template) == masked(json.loads(case.expected_template.read_text()))


_FUNCTION_ERROR_CASES = [c for c in error_cases() if c.name.startswith("3")]


@pytest.mark.parametrize("case", _FUNCTION_ERROR_CASES, ids=lambda c: c.name)
def test_function_errors_carry_serverless_code_and_message(case):
    expected = json.loads(case.expected_error.read_text())
    result = case.compile()
    assert result.template is None
    assert [(d.code, d.message) for d in result.compile_errors if not d.code.startswith("HTTPAPI-")] == [
        (expected["code"], expected["message"])]


def test_there_are_function_error_cases():
    assert len(_FUNCTION_ERROR_CASES) >= 6


def test_vpc_null_survives_new_and_keeps_the_provider_vpc_off_the_function():
    from wizard.authoring.render import render_serverless_yml
    from wizard.model.build import build_service

    text = """service: s
provider:
  name: aws
  vpc: {securityGroupIds: [sg-1], subnetIds: [subnet-1]}
functions:
  a: {handler: h.a, vpc: null}
"""
    service, _ = build_service(__import__("yaml").safe_load(text))
    rendered = render_serverless_yml(service)
    assert "    vpc: null\n" in rendered
    again = _compile(rendered).template["Resources"]["ALambdaFunction"]["Properties"]
    assert "VpcConfig" not in again
    inherited = _compile(text.replace("vpc: null", "timeout: 6")).template["Resources"]["ALambdaFunction"]["Properties"]
    assert inherited["VpcConfig"] == {"SecurityGroupIds": ["sg-1"], "SubnetIds": ["subnet-1"]}
