"""The event kinds other than httpApi (schedule, s3, sqs, sns, stream, eventBridge, websocket).

What each compiles to is pinned by the conformance cases 04xx/14xx, packaged by the real
serverless v3.39.0; these tests pin the model's declarations and what the cases cannot show.
"""

from __future__ import annotations

import textwrap

import pytest

from wizard.api import compile_text
from wizard.model.events import KINDS, SqsEvent, WebsocketEvent, event_keys, read_event, write_event
from wizard.model.schema_events import EVENTS


def _object_branch(schema: dict) -> dict:
    if schema.get("type") == "object":
        return schema
    return next(b for b in schema["anyOf"] if b.get("type") == "object")


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_each_kinds_fields_are_the_keys_of_its_serverless_schema(kind):
    # compile/events/<kind>: defineFunctionEvent lists the keys; the model reads exactly those,
    # and the few the plugin reads beyond its schema (cognitoUserPool's lambdaVersion).
    cls = KINDS[kind]
    assert set(event_keys(cls)) == set(_object_branch(EVENTS[kind])["properties"]) | cls.BEYOND_SCHEMA
    assert not cls.BEYOND_SCHEMA & set(_object_branch(EVENTS[kind])["properties"])


def test_each_field_declares_its_yaml_key():
    assert SqsEvent.yaml_key("batch_size") == "batchSize"
    assert WebsocketEvent.yaml_key("route_response_selection_expression") == "routeResponseSelectionExpression"
    for cls in KINDS.values():
        assert set(event_keys(cls)) == cls.yaml_keys()


@pytest.mark.parametrize(
    "kind, value",
    [
        ("sqs", {"arn": "arn:aws:sqs:us-east-1:1:q", "batchSize": 5, "filterPatterns": [{"body": {"a": [1]}}]}),
        ("schedule", "rate(1 hour)"),
        ("eventBridge", {"eventBus": {"Fn::ImportValue": "bus"}, "pattern": {"source": ["x"]}, "deadLetterQueueArn": "arn:aws:sqs:us-east-1:1:d"}),
        ("websocket", {"route": "$connect", "authorizer": {"name": "auth", "identitySource": ["route.request.header.A"]}}),
        ("cognitoUserPool", {"pool": "P", "trigger": "CustomSMSSender", "kmsKeyId": {"Fn::GetAtt": ["K", "Arn"]}, "lambdaVersion": "V1_0"}),
        ("alb", {"listenerArn": {"Ref": "L"}, "priority": 1, "conditions": {"path": ["/x"]}, "healthCheck": True}),
        ("kafka", {"accessConfigurations": {"saslPlainAuth": ["arn:aws:secretsmanager:us-east-1:1:secret:s"]}, "topic": "t"}),
        ("cloudwatchLog", "/aws/lambda/x"),
    ],
)
def test_an_event_reads_and_writes_back_the_same_yaml(kind, value):
    event = read_event(kind, value, ("functions", "f", "events", 0, kind))
    assert write_event(event) == value
    assert event.index == 0


def _compile(yml: str, lenient: bool = False):
    return compile_text(textwrap.dedent(yml), path="serverless.yml", env={}, lenient=lenient)


def test_a_schedule_text_serverless_cannot_parse_back_is_an_error_at_the_event():
    # schedule.js splices the description into JSON text unescaped: JSON.parse throws.
    result = _compile(
        """\
        service: s
        provider: {name: aws, runtime: nodejs20.x}
        functions:
          a:
            handler: index.a
            events:
              - schedule: {rate: [rate(1 hour)], description: 'say "hi"'}
        """
    )
    assert result.template is None
    [error] = [d for d in result.errors if d.code == "SCHEDULE_NOT_VALID_JSON"]
    assert error.path == ("functions", "a", "events", 0, "schedule")
    assert (error.line, error.column) == (7, 9)  # the event's key


def test_a_stream_arn_known_only_at_deploy_time_still_compiles():
    # ${cf:...} stays a placeholder offline; the mapping is named after its text.
    result = _compile(
        """\
        service: s
        provider: {name: aws, runtime: nodejs20.x}
        functions:
          a:
            handler: index.a
            events:
              - stream: {type: dynamodb, arn: '${cf:other.StreamArn}'}
        """,
        lenient=True,
    )
    assert result.template is not None
    mapping = result.template["Resources"]["AEventSourceMappingDynamodbCfotherStreamArn"]
    assert mapping["Properties"]["EventSourceArn"] == "${cf:other.StreamArn}"


def test_a_queue_name_serverless_cannot_derive_is_an_error_not_a_crash():
    result = _compile(
        """\
        service: s
        provider: {name: aws, runtime: nodejs20.x}
        functions:
          a:
            handler: index.a
            events:
              - sqs: {arn: {Ref: Queue}}
        """
    )
    assert [d.code for d in result.errors if d.code.startswith("EVENT")] == ["EVENT_NAME_NOT_DERIVABLE"]


def test_a_schedule_mapping_without_rate_is_an_error_not_a_template():
    # schedule.js reads `rate.length`: Serverless crashes with a TypeError.
    result = _compile(
        """\
        service: s
        provider: {name: aws, runtime: nodejs20.x}
        functions:
          a:
            handler: index.a
            events:
              - schedule: {enabled: true}
        """
    )
    assert result.template is None
    assert [(d.code, d.path) for d in result.errors if d.code.startswith("SCHEDULE")] == [
        ("SCHEDULE_RATE_MISSING", ("functions", "a", "events", 0, "schedule"))
    ]


def test_no_wild_file_is_told_its_compiled_event_kinds_are_not_compiled():
    from wild import FILES

    from wizard.api import compile_file

    named = set()
    for path in FILES:
        result = compile_file(str(path), env={}, lenient=True)
        for d in result.diagnostics:
            if d.code == "UNSUPPORTED_EVENT":
                named.add(d.message.split('"')[1])
    assert named.isdisjoint(KINDS)
    assert "http" in named  # REST events stay named, one warning per kind


def test_every_event_case_compiles_whole():
    """The conformance cases of the event kinds (04xx) name nothing as not compiled: their
    templates equal Serverless's because every kind and provider setting they use is compiled."""
    from conformance_cases import success_cases

    cases = [c for c in success_cases() if c.name.startswith("04")]
    assert len(cases) >= 26
    for case in cases:
        named = [d.format() for d in case.compile().diagnostics if d.code.startswith("UNSUPPORTED_")]
        assert named == [], case.name


@pytest.mark.parametrize(
    "event, code",
    [
        # cognito-user-pool.js derives the pool's and the trigger's logical ids with String#replace.
        ("cognitoUserPool: {pool: {a: 1}, trigger: PreSignUp}", "COGNITO_POOL_NOT_A_STRING"),
        ("cognitoUserPool: {pool: P, trigger: [PreSignUp]}", "COGNITO_TRIGGER_NOT_A_STRING"),
        ("cognitoUserPool: pool-name", "COGNITO_POOL_NOT_A_STRING"),
        # cloud-watch-log.js calls replace on the log group; cloud-watch-event.js stringifies the pattern.
        ("cloudwatchLog: [a, b]", "CLOUDWATCH_LOG_GROUP_NOT_A_STRING"),
        ("cloudwatchLog: {logGroup: /aws/x, filter: [a, b]}", "CLOUDWATCH_LOG_FILTER_NOT_A_STRING"),
        ("cloudwatchEvent: {name: x}", "CLOUDWATCH_EVENT_PATTERN_MISSING"),
        ("cloudwatchEvent: {event: {source: [x]}, inputPath: {a: 1}}", "CLOUDWATCH_EVENT_VALUE_NOT_TEXT"),
        ("iot: {sql: SELECT, name: {a: 1}}", "IOT_VALUE_NOT_TEXT"),
        ("alexaSmartHome: [a, b]", "ALEXA_APP_ID_NOT_TEXT"),
        ("alexaSkill: {appId: {a: 1}}", "ALEXA_APP_ID_NOT_TEXT"),
        ("alb: {priority: 1, conditions: {path: /x}}", "ALB_LISTENER_ARN_NOT_TEXT"),
        ("msk: {arn: 'arn:aws:kafka:us-east-1:1:cluster', topic: t}", "MSK_CLUSTER_NAME_NOT_DERIVABLE"),
        ("activemq: {arn: a, basicAuthArn: b}", "MQ_QUEUE_NOT_TEXT"),
        ("kafka: {topic: t, bootstrapServers: [b]}", "KAFKA_ACCESS_CONFIGURATIONS_MISSING"),
        # websockets/lib/permissions.js reads the permission of an authorizer with neither arn nor name.
        ("websocket: {route: $connect, authorizer: {identitySource: [x]}}", "WEBSOCKETS_AUTHORIZER_NOT_NAMED"),
    ],
)
def test_where_serverless_crashes_on_an_event_it_is_a_located_error(event, code):
    # Serverless v3.39 throws a TypeError (no code, no location): ours names the event. (Values
    # its schema coerces first, as Ajv's coerceTypes does, are not these: `pool: 7` is "7".)
    result = _compile(
        f"""\
        service: s
        provider: {{name: aws, runtime: nodejs20.x}}
        functions:
          a:
            handler: index.a
            events:
              - {event}
        """
    )
    assert result.template is None
    [error] = [d for d in result.errors if d.code == code]
    kind = event.split(":")[0]
    assert error.path == ("functions", "a", "events", 0, kind)
    assert (error.line, error.column) == (7, 9)  # the event's key
    assert "Serverless v3.39" in error.message


def test_a_number_where_the_schema_wants_text_is_coerced_before_the_event_compiles():
    # Ajv (coerceTypes: 'array') turns `pool: 7` into "7" and `filter: 5` into "5" in place.
    result = _compile(
        """\
        service: s
        provider: {name: aws, runtime: nodejs20.x}
        functions:
          a:
            handler: index.a
            events:
              - cognitoUserPool: {pool: 7, trigger: PreSignUp}
              - cloudwatchLog: {logGroup: /aws/x, filter: 5}
        """,
        lenient=True,
    )
    resources = result.template["Resources"]
    assert resources["CognitoUserPool7"]["Properties"]["UserPoolName"] == "7"
    assert resources["ALogsSubscriptionFilterCloudWatchLog1"]["Properties"]["FilterPattern"] == "5"


def test_a_custom_resources_statement_on_text_already_granted_is_added_once():
    """custom-resources/index.js skips a statement whose Resource is `===` one there: the
    cognito-idp statement on '*' is granted once for two functions on existing pools, while
    statements on mappings (compared by identity) are all added."""
    result = _compile(
        """\
        service: s
        provider: {name: aws, runtime: nodejs20.x}
        functions:
          a:
            handler: index.a
            events:
              - cognitoUserPool: {pool: P, trigger: PreSignUp, existing: true}
          b:
            handler: index.b
            events:
              - cognitoUserPool: {pool: Q, trigger: PreSignUp, existing: true}
        """
    )
    role = result.template["Resources"]["IamRoleCustomResourcesLambdaExecution"]
    statements = role["Properties"]["Policies"][0]["PolicyDocument"]["Statement"]
    assert [s["Resource"] for s in statements].count("*") == 1
    assert [s["Action"][0] for s in statements] == [
        "cognito-idp:ListUserPools", "lambda:AddPermission", "lambda:AddPermission", "iam:PassRole",
    ]


_ODD_VALUES = [
    None, "", "text", "arn:aws:kafka:us-east-1:1:cluster/C/x", 'a"b\\n', 0, 5, 1.5, True, False, [], ["a"], ["a", "b"],
    [{"name": "n", "values": ["v"]}], {}, {"Ref": "X"}, {"Fn::ImportValue": "e"}, {"a": 1}, {"path": "/x"},
    {"saslPlainAuth": ["s"], "vpcSubnet": ["subnet-1"], "vpcSecurityGroup": ["sg-1"]}, "CustomSMSSender", "AT_TIMESTAMP",
]


@pytest.mark.parametrize("seed", range(4))
def test_no_value_in_any_event_kind_makes_the_compiler_raise(seed):
    """Each kind's keys given values of every shape (what Serverless crashes on included): the
    result is sound, a template or located errors, never an exception."""
    import json
    import random

    from test_robustness import assert_sound

    rng = random.Random(seed)
    for _ in range(40):
        kind = rng.choice(sorted(KINDS))
        keys = sorted(event_keys(KINDS[kind]))
        events = [
            {kind: rng.choice(_ODD_VALUES)} if rng.random() < 0.15
            else {kind: {k: rng.choice(_ODD_VALUES) for k in rng.sample(keys, rng.randint(0, len(keys)))}}
            for _ in range(rng.randint(1, 3))
        ]
        provider = {"name": "aws", "runtime": "nodejs20.x", "alb": rng.choice([None, {"authorizers": {"x": rng.choice(_ODD_VALUES)}}])}
        text = json.dumps({"service": "s", "provider": provider, "functions": {
            "a": {"handler": "index.a", "events": events}, "b": {"handler": "index.b", "events": events[:1]}}})
        for lenient in (False, True):
            assert_sound(compile_text(text, path="serverless.yml", env={}, lenient=lenient))
