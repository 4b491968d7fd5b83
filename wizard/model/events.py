"""The function events other than ``httpApi`` that the compiler builds (schedule, s3, sqs, ...).

Each kind is a Record whose fields declare their YAML key (``batch_size = yaml("batchSize")``,
see record.py): reading and writing an event (:func:`read_event`, :func:`write_event`) and
the keys each kind knows derive from that one declaration. Values are kept as written (after variable
resolution and the schema's coercion), because Serverless's JavaScript decides on them
with ``||`` and ``typeof``: ``None`` is a key left out, and ``shorthand`` holds an event
written as a plain value (``- sqs: arn:aws:sqs:...``) instead of a mapping.
"""

from __future__ import annotations

from .record import Record, factory, yaml


class Trigger(Record):
    """What every event kind has: where it is, and its plain-value form if written so."""

    # The event's value when it is not a mapping (``- schedule: rate(1 hour)``).
    shorthand: object = None
    # ``("functions", key, "events", n, kind)``.
    path: tuple = ()
    # The keys the mapping form writes: a key written as null (None here) is not a key left out.
    written_keys: tuple = ()

    KIND = ""
    # Keys the plugin reads that its schema does not list (each one a schema warning).
    BEYOND_SCHEMA = frozenset()

    @property
    def is_mapping(self) -> bool:
        return self.shorthand is None

    @property
    def index(self) -> int:
        """The event's place in the function's ``events`` (0-based)."""
        return self.path[3]


class ScheduleEvent(Trigger):
    KIND = "schedule"
    rate: object = yaml("rate")
    enabled: object = yaml("enabled")
    name: object = yaml("name")
    description: object = yaml("description")
    input: object = yaml("input")
    input_path: object = yaml("inputPath")
    input_transformer: object = yaml("inputTransformer")
    method: object = yaml("method")
    timezone: object = yaml("timezone")


class SqsEvent(Trigger):
    KIND = "sqs"
    arn: object = yaml("arn")
    batch_size: object = yaml("batchSize")
    enabled: object = yaml("enabled")
    maximum_batching_window: object = yaml("maximumBatchingWindow")
    function_response_type: object = yaml("functionResponseType")
    filter_patterns: object = yaml("filterPatterns")
    maximum_concurrency: object = yaml("maximumConcurrency")


class SnsEvent(Trigger):
    KIND = "sns"
    arn: object = yaml("arn")
    topic_name: object = yaml("topicName")
    display_name: object = yaml("displayName")
    filter_policy: object = yaml("filterPolicy")
    filter_policy_scope: object = yaml("filterPolicyScope")
    redrive_policy: object = yaml("redrivePolicy")


class StreamEvent(Trigger):
    KIND = "stream"
    arn: object = yaml("arn")
    type: object = yaml("type")
    batch_size: object = yaml("batchSize")
    parallelization_factor: object = yaml("parallelizationFactor")
    starting_position: object = yaml("startingPosition")
    starting_position_timestamp: object = yaml("startingPositionTimestamp")
    enabled: object = yaml("enabled")
    consumer: object = yaml("consumer")
    batch_window: object = yaml("batchWindow")
    maximum_retry_attempts: object = yaml("maximumRetryAttempts")
    bisect_batch_on_function_error: object = yaml("bisectBatchOnFunctionError")
    maximum_record_age_in_seconds: object = yaml("maximumRecordAgeInSeconds")
    function_response_type: object = yaml("functionResponseType")
    destinations: object = yaml("destinations")
    tumbling_window_in_seconds: object = yaml("tumblingWindowInSeconds")
    filter_patterns: object = yaml("filterPatterns")


class S3Event(Trigger):
    KIND = "s3"
    bucket: object = yaml("bucket")
    event: object = yaml("event")
    existing: object = yaml("existing")
    force_deploy: object = yaml("forceDeploy")
    rules: object = yaml("rules")


class EventBridgeEvent(Trigger):
    KIND = "eventBridge"
    event_bus: object = yaml("eventBus")
    schedule: object = yaml("schedule")
    name: object = yaml("name")
    description: object = yaml("description")
    enabled: object = yaml("enabled")
    pattern: object = yaml("pattern")
    input: object = yaml("input")
    input_path: object = yaml("inputPath")
    input_transformer: object = yaml("inputTransformer")
    retry_policy: object = yaml("retryPolicy")
    dead_letter_queue_arn: object = yaml("deadLetterQueueArn")


class WebsocketEvent(Trigger):
    KIND = "websocket"
    route: object = yaml("route")
    route_response_selection_expression: object = yaml("routeResponseSelectionExpression")
    authorizer: object = yaml("authorizer")


class CognitoUserPoolEvent(Trigger):
    KIND = "cognitoUserPool"
    pool: object = yaml("pool")
    trigger: object = yaml("trigger")
    existing: object = yaml("existing")
    force_deploy: object = yaml("forceDeploy")
    kms_key_id: object = yaml("kmsKeyId")
    # Read by cognito-user-pool.js though its schema does not list it (a warning, then used).
    lambda_version: object = yaml("lambdaVersion")

    BEYOND_SCHEMA = frozenset(("lambdaVersion",))


class IotFleetProvisioningEvent(Trigger):
    KIND = "iotFleetProvisioning"
    enabled: object = yaml("enabled")
    provisioning_role_arn: object = yaml("provisioningRoleArn")
    template_body: object = yaml("templateBody")
    template_name: object = yaml("templateName")


class CloudwatchEventEvent(Trigger):
    KIND = "cloudwatchEvent"
    event: object = yaml("event")
    input: object = yaml("input")
    input_path: object = yaml("inputPath")
    input_transformer: object = yaml("inputTransformer")
    description: object = yaml("description")
    name: object = yaml("name")
    enabled: object = yaml("enabled")


class CloudwatchLogEvent(Trigger):
    KIND = "cloudwatchLog"
    log_group: object = yaml("logGroup")
    filter: object = yaml("filter")


class IotEvent(Trigger):
    KIND = "iot"
    sql: object = yaml("sql")
    sql_version: object = yaml("sqlVersion")
    name: object = yaml("name")
    enabled: object = yaml("enabled")
    description: object = yaml("description")


class AlexaSkillEvent(Trigger):
    KIND = "alexaSkill"
    app_id: object = yaml("appId")
    enabled: object = yaml("enabled")


class AlexaSmartHomeEvent(Trigger):
    KIND = "alexaSmartHome"
    app_id: object = yaml("appId")
    enabled: object = yaml("enabled")


class AlbEvent(Trigger):
    KIND = "alb"
    authorizer: object = yaml("authorizer")
    conditions: object = yaml("conditions")
    health_check: object = yaml("healthCheck")
    listener_arn: object = yaml("listenerArn")
    multi_value_headers: object = yaml("multiValueHeaders")
    priority: object = yaml("priority")
    target_group_name: object = yaml("targetGroupName")


class KafkaEvent(Trigger):
    KIND = "kafka"
    access_configurations: object = yaml("accessConfigurations")
    batch_size: object = yaml("batchSize")
    maximum_batching_window: object = yaml("maximumBatchingWindow")
    enabled: object = yaml("enabled")
    bootstrap_servers: object = yaml("bootstrapServers")
    starting_position: object = yaml("startingPosition")
    starting_position_timestamp: object = yaml("startingPositionTimestamp")
    topic: object = yaml("topic")
    consumer_group_id: object = yaml("consumerGroupId")
    filter_patterns: object = yaml("filterPatterns")


class MskEvent(Trigger):
    KIND = "msk"
    arn: object = yaml("arn")
    batch_size: object = yaml("batchSize")
    maximum_batching_window: object = yaml("maximumBatchingWindow")
    enabled: object = yaml("enabled")
    starting_position: object = yaml("startingPosition")
    starting_position_timestamp: object = yaml("startingPositionTimestamp")
    topic: object = yaml("topic")
    sasl_scram_512: object = yaml("saslScram512")
    consumer_group_id: object = yaml("consumerGroupId")
    filter_patterns: object = yaml("filterPatterns")


class ActiveMqEvent(Trigger):
    KIND = "activemq"
    arn: object = yaml("arn")
    basic_auth_arn: object = yaml("basicAuthArn")
    batch_size: object = yaml("batchSize")
    maximum_batching_window: object = yaml("maximumBatchingWindow")
    enabled: object = yaml("enabled")
    queue: object = yaml("queue")
    filter_patterns: object = yaml("filterPatterns")


class RabbitMqEvent(ActiveMqEvent):
    KIND = "rabbitmq"
    virtual_host: object = yaml("virtualHost")


KINDS: dict[str, type[Trigger]] = {
    cls.KIND: cls
    for cls in (
        ScheduleEvent, SqsEvent, SnsEvent, StreamEvent, S3Event, EventBridgeEvent, WebsocketEvent,
        CognitoUserPoolEvent, CloudwatchEventEvent, CloudwatchLogEvent, IotEvent, AlexaSkillEvent,
        AlexaSmartHomeEvent, AlbEvent, KafkaEvent, MskEvent, ActiveMqEvent, RabbitMqEvent, IotFleetProvisioningEvent,
    )
}

def event_keys(cls: type[Trigger]) -> dict[str, str]:
    """The YAML keys of a kind's mapping form, to their fields, in declaration order."""
    return {key.path[0]: name for name, key in cls._keys.items()}


def read_event(kind: str, value, path: tuple) -> Trigger:
    cls = KINDS[kind]
    if not isinstance(value, dict):
        return cls(shorthand=value, path=path)
    # Only the keys written: a field left out stays None, as `undefined` in Serverless's code.
    return cls(path=path, written_keys=tuple(value),
               **{field: value[key] for key, field in event_keys(cls).items() if key in value})


def write_event(event: Trigger):
    """The YAML value of ``event``: its plain form, or the keys it has, in field order."""
    if not event.is_mapping:
        return event.shorthand
    return {"/".join(path): value for path, value in event.yaml_items()}


def read_triggers(events, path: tuple) -> list[Trigger]:
    """The compiled kinds among a function's ``events``, in order (``path`` is the function's)."""
    out: list[Trigger] = []
    for index, event in enumerate(events if isinstance(events, list) else []):
        if not isinstance(event, dict):
            continue
        for kind, value in event.items():  # each plugin looks for its own key in every item
            # Serverless compiles `if (event.sqs)`: a falsy one (null, "", 0, false) is nothing.
            if kind in KINDS and value is not None and value != "" and value is not False and value != 0:
                out.append(read_event(kind, value, path + ("events", index, kind)))
    return out


class EventSettings(Record):
    """What the event kinds read from ``provider`` (their keys in EVENT_PROVIDER_KEYS)."""

    # ``provider.s3``: buckets that ``s3`` events name, with their properties.
    s3: dict | None = None
    # ``provider.kinesis`` (``consumerNamingMode``).
    kinesis: dict | None = None
    # ``provider.eventBridge`` (``useCloudFormation``).
    event_bridge: dict | None = None
    # ``provider.alb``: ``targetGroupPrefix`` and the ``authorizers`` that ``alb`` events name.
    alb: dict | None = None
    # The WebSocket API: ``websocketsApiName``, ``websocketsApiRouteSelectionExpression``,
    # ``websocketsDescription``, ``websocket`` (``useProviderTags``); ``websocketApiId`` from
    # ``apiGateway``; ``logs`` and ``restApiLogs`` from ``logs.websocket`` and ``logs.restApi``.
    websockets: dict = factory(dict)
    # The custom-resources Lambda's: ``logs.frameworkLambda``, ``iam.deploymentRole`` (or ``cfnRole``).
    framework_lambda_logs: object = None
    deployment_role: object = None


_WEBSOCKET_KEYS = ("websocketsApiName", "websocketsApiRouteSelectionExpression", "websocketsDescription", "websocket")
# Provider keys that only these settings read (``logs``, ``iam``, ``apiGateway`` are shared).
EVENT_PROVIDER_KEYS = frozenset(("s3", "kinesis", "eventBridge", "alb", "cfnRole", *_WEBSOCKET_KEYS))


def read_event_settings(provider: dict, unsupported: list) -> EventSettings:
    """Read them from the raw ``provider``; an ``apiGateway`` holding only the WebSocket API's
    id is then compiled, so it leaves ``unsupported``."""
    settings = EventSettings(
        s3=_mapping(provider.get("s3")),
        kinesis=_mapping(provider.get("kinesis")),
        event_bridge=_mapping(provider.get("eventBridge")),
        alb=_mapping(provider.get("alb")),
    )
    settings.websockets = {k: provider[k] for k in _WEBSOCKET_KEYS if provider.get(k) is not None}
    api_gateway = provider.get("apiGateway")
    if isinstance(api_gateway, dict) and api_gateway.get("websocketApiId") is not None:
        settings.websockets["websocketApiId"] = api_gateway["websocketApiId"]
        if set(api_gateway) == {"websocketApiId"} and "apiGateway" in unsupported:
            unsupported.remove("apiGateway")
    logs = provider.get("logs")
    if isinstance(logs, dict):
        if logs.get("websocket") is not None:
            settings.websockets["logs"] = logs["websocket"]
            if logs.get("restApi") is not None:  # its role serves the WebSocket API's logs too
                settings.websockets["restApiLogs"] = logs["restApi"]
        settings.framework_lambda_logs = logs.get("frameworkLambda")
    iam = provider.get("iam") if isinstance(provider.get("iam"), dict) else {}
    settings.deployment_role = iam["deploymentRole"] if iam.get("deploymentRole") is not None else provider.get("cfnRole")
    return settings


def _mapping(value):
    return value if isinstance(value, dict) else None
