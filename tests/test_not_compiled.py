"""What the compiler names as "not compiled", and what it does not.

A warning "not compiled" promises that Serverless v3.39 would put something in the template that
ours lacks. So it is given for what Serverless's own schema knows and compiles (plugins, the REST
API, the event kinds not built here), never for a key outside that schema: Serverless compiles
nothing from a plugin's key or a typo either (conformance case 0602: its template is Serverless's,
byte for byte), and the schema's "unrecognized property" already names it.
"""

from __future__ import annotations

import pytest

from wizard.api import compile_text

BASE = """\
service: svc
provider:
  name: aws
  runtime: nodejs20.x
{provider}functions:
  a:
    handler: index.a
{function}    events:
      - httpApi: GET /a
{events}{top}"""


def _compile(provider="", function="", events="", top=""):
    # The runtime checks judge AWS's calendar, not this: off.
    return compile_text(BASE.format(provider=provider, function=function, events=events, top=top), env={}, checks=False)


def _not_compiled(result):
    return [(d.code, d.path, d.message) for d in result.diagnostics if d.code.startswith("UNSUPPORTED_")]


def _schema(result):
    return [(d.path, d.message) for d in result.diagnostics if d.code == "CONFIG_SCHEMA"]


@pytest.mark.parametrize("where", [
    {"top": "constructs:\n  q: {type: queue}\n"},
    {"top": "stepFunctions: {stateMachines: {}}\n"},
    {"provider": "  timeot: 3\n"},
    {"function": "    summary: read by a documentation plugin\n"},
    {"function": "    iamRoleStatements: [{Effect: Allow, Action: 's3:*', Resource: '*'}]\n"},
    {"events": "      - myPluginEvent: {rate: 1}\n"},
])
def test_a_key_outside_serverless_schema_is_unrecognized_not_uncompiled(where):
    result = _compile(**where)
    assert _not_compiled(result) == []
    assert len(_schema(result)) == 1
    assert result.template is not None


def test_rest_settings_and_http_events_are_one_warning_naming_both():
    result = _compile(provider="  endpointType: REGIONAL\n  apiGateway: {minimumCompressionSize: 1024}\n",
                      events="      - http: GET /rest\n")
    assert _not_compiled(result) == [(
        "UNSUPPORTED_EVENT", ("functions", "a", "events"),
        '"http" events are not compiled (functions: a), provider.endpointType, provider.apiGateway; '
        "the REST API's resources are not in this template")]
    assert _schema(result) == []


@pytest.mark.parametrize("key", ["apiName: x", "endpointType: PRIVATE", "vpcEndpointIds: [vpce-1]",
                                 "apiGateway: {apiKeys: [k]}"])
def test_rest_settings_without_http_events_add_nothing_so_nothing_is_missing(key):
    # lib/plugins/aws/package/compile/events/api-gateway/index.js: no `http` event, no REST
    # resource (conformance case 0601, packaged by Serverless v3.39.0).
    assert _not_compiled(_compile(provider=f"  {key}\n")) == []


def test_a_setting_serverless_compiles_without_an_event_stays_named():
    # provider.cloudFront.cachePolicies makes AWS::CloudFront::CachePolicy resources by itself.
    result = _compile(provider="  cloudFront: {cachePolicies: {p: {MinTTL: 0, MaxTTL: 1, DefaultTTL: 0}}}\n")
    assert _not_compiled(result) == [
        ("UNSUPPORTED_PROVIDER_PROPERTY", ("provider", "cloudFront"), '"provider.cloudFront" is not compiled')]


@pytest.mark.parametrize(("plugins", "named"), [
    ("plugins:\n  - serverless-lift\n  - ./local-plugin\n", " (serverless-lift, ./local-plugin)"),
    ("plugins:\n  localPath: ./plugins\n  modules: [serverless-offline]\n", " (serverless-offline)"),
])
def test_plugins_are_named_in_their_warning(plugins, named):
    assert _not_compiled(_compile(top=plugins)) == [(
        "UNSUPPORTED_PLUGINS", ("plugins",), f"plugins are not run{named}; what they add to the template is missing")]


def test_a_plugins_setting_that_loads_none_is_not_a_warning():
    assert _not_compiled(_compile(top="plugins:\n  localPath: ./plugins\n  modules: []\n")) == []
