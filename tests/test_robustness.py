"""Whatever the input, the pipeline answers with diagnostics, never a traceback."""

from __future__ import annotations

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wizard.api import compile_text
from wizard.explaining import Request, RequestError, explain

SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-5, 5), st.text(max_size=8),
                    st.sampled_from(["GET /a", "*", "${self:service}", "${env:X}", "${ssm:/p}", "2.0", "aws", "/x/{id}", "{proxy+}"]))
KEYS = st.sampled_from(["service", "provider", "functions", "httpApi", "events", "handler", "cors", "authorizers", "name",
                        "method", "path", "authorizer", "logs", "resources", "Resources", "runtime", "timeout", "id",
                        "type", "scopes", "audience", "identitySource", "issuerUrl", "payload", "extensions", "x",
                        "tags", "environment", "stackTags"])
VALUES = st.recursive(SCALARS, lambda children: st.one_of(st.lists(children, max_size=3),
                                                          st.dictionaries(KEYS, children, max_size=4)), max_leaves=25)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(KEYS, VALUES, max_size=5))
def test_any_config_shape_gets_diagnostics_not_exceptions(config):
    config.setdefault("service", "svc")
    result = compile_text(yaml.safe_dump(config), "serverless.yml", env={})
    for d in result.diagnostics:
        assert d.code and d.message
    if result.http_api is not None and result.service is not None:
        try:
            explain(result.service, result.http_api, Request.parse("GET /a?x=1", ["Authorization: Bearer a.b.c"]))
        except RequestError:
            pass


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_any_text_gets_diagnostics_not_exceptions(text):
    result = compile_text(text, "serverless.yml", env={})
    assert result.template is None or result.errors == [] or result.template
    for d in result.errors:
        assert d.file == "serverless.yml"


def test_environment_and_tags_that_are_not_mappings_are_located_errors():
    text = "service: s\nprovider:\n  name: aws\n  tags: x\nfunctions:\n  a:\n    handler: h.m\n    environment: 3\n"
    result = compile_text(text, "serverless.yml", env={})
    assert [(d.code, d.line) for d in result.errors] == [("MAPPING_EXPECTED", 4), ("MAPPING_EXPECTED", 8)]
    assert result.template is None


JSON_VALUES = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(-10**30, 10**30), st.floats(allow_nan=False, allow_infinity=False),
              st.text(max_size=12)),
    lambda children: st.one_of(st.lists(children, max_size=4), st.dictionaries(st.text(max_size=6), children, max_size=4)),
    max_leaves=30)


@settings(max_examples=400, deadline=None)
@given(JSON_VALUES)
def test_the_template_writer_is_json_dumps_byte_for_byte(value):
    import json

    from wizard.compiling.output import indented_json

    assert indented_json(value) == json.dumps(value, indent=2, ensure_ascii=False, allow_nan=False)


def test_the_template_writer_refuses_what_json_dumps_refuses_and_handles_odd_keys():
    import json
    import math

    import pytest

    from wizard.compiling.output import indented_json, to_json
    from wizard.jsvalues import JsDate

    for bad in ({"a": math.inf}, [math.nan]):
        with pytest.raises(ValueError):
            indented_json(bad)
    assert to_json({"a": [math.inf, 1]}) == json.dumps({"a": [None, 1]}, indent=2)  # as JSON.stringify
    odd = {1: "x", False: [()], None: {"é": JsDate("2020-01-01T00:00:00.000Z")}, 2.5: ""}
    assert indented_json(odd) == json.dumps(odd, indent=2, ensure_ascii=False)
