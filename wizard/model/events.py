"""The function events other than ``httpApi`` that the compiler builds (schedule, s3, sqs, ...).

Each kind is a Record whose field names are the YAML keys in snake_case: ``batch_size``
is read from ``batchSize``, so a key is declared once, with its field, and reading
derives the rest (:func:`read_event`). Values are kept as written (after variable
resolution and the schema's coercion), because Serverless's JavaScript decides on them
with ``||`` and ``typeof``: ``None`` is a key left out, and ``shorthand`` holds an event
written as a plain value (``- sqs: arn:aws:sqs:...``) instead of a mapping.
"""

from __future__ import annotations

from .record import Record, factory


class Trigger(Record):
    """What every event kind has: where it is, and its plain-value form if written so."""

    # The event's value when it is not a mapping (``- schedule: rate(1 hour)``).
    shorthand: object = None
    # ``("functions", key, "events", n, kind)``.
    path: tuple = ()

    KIND = ""

    @property
    def is_mapping(self) -> bool:
        return self.shorthand is None

    @property
    def index(self) -> int:
        """The event's place in the function's ``events`` (0-based)."""
        return self.path[3]


class ScheduleEvent(Trigger):
    KIND = "schedule"
    rate: object = None
    enabled: object = None
    name: object = None
    description: object = None
    input: object = None
    input_path: object = None
    input_transformer: object = None
    method: object = None
    timezone: object = None


class SqsEvent(Trigger):
    KIND = "sqs"
    arn: object = None
    batch_size: object = None
    enabled: object = None
    maximum_batching_window: object = None
    function_response_type: object = None
    filter_patterns: object = None
    maximum_concurrency: object = None


class SnsEvent(Trigger):
    KIND = "sns"
    arn: object = None
    topic_name: object = None
    display_name: object = None
    filter_policy: object = None
    filter_policy_scope: object = None
    redrive_policy: object = None


class StreamEvent(Trigger):
    KIND = "stream"
    arn: object = None
    type: object = None
    batch_size: object = None
    parallelization_factor: object = None
    starting_position: object = None
    starting_position_timestamp: object = None
    enabled: object = None
    consumer: object = None
    batch_window: object = None
    maximum_retry_attempts: object = None
    bisect_batch_on_function_error: object = None
    maximum_record_age_in_seconds: object = None
    function_response_type: object = None
    destinations: object = None
    tumbling_window_in_seconds: object = None
    filter_patterns: object = None


class S3Event(Trigger):
    KIND = "s3"
    bucket: object = None
    event: object = None
    existing: object = None
    force_deploy: object = None
    rules: object = None


class EventBridgeEvent(Trigger):
    KIND = "eventBridge"
    event_bus: object = None
    schedule: object = None
    name: object = None
    description: object = None
    enabled: object = None
    pattern: object = None
    input: object = None
    input_path: object = None
    input_transformer: object = None
    retry_policy: object = None
    dead_letter_queue_arn: object = None


class WebsocketEvent(Trigger):
    KIND = "websocket"
    route: object = None
    route_response_selection_expression: object = None
    authorizer: object = None


KINDS: dict[str, type[Trigger]] = {
    cls.KIND: cls for cls in (ScheduleEvent, SqsEvent, SnsEvent, StreamEvent, S3Event, EventBridgeEvent, WebsocketEvent)
}
_COMMON = frozenset(Trigger._fields)


def yaml_key(field: str) -> str:
    """``input_transformer`` -> ``inputTransformer``: the one rule from a field to its key."""
    head, *rest = field.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def event_keys(cls: type[Trigger]) -> dict[str, str]:
    """The YAML keys of a kind's mapping form, to their fields."""
    return {yaml_key(f): f for f in cls._fields if f not in _COMMON}


def read_event(kind: str, value, path: tuple) -> Trigger:
    cls = KINDS[kind]
    if not isinstance(value, dict):
        return cls(shorthand=value, path=path)
    keys = event_keys(cls)
    return cls(path=path, **{field: value[key] for key, field in keys.items() if key in value})


def write_event(event: Trigger):
    """The YAML value of ``event``: its plain form, or the keys it has, in field order."""
    if not event.is_mapping:
        return event.shorthand
    return {key: getattr(event, field) for key, field in event_keys(type(event)).items() if getattr(event, field) is not None}


def read_triggers(events, path: tuple) -> list[Trigger]:
    """The compiled kinds among a function's ``events``, in order (``path`` is the function's)."""
    out: list[Trigger] = []
    for index, event in enumerate(events if isinstance(events, list) else []):
        if not isinstance(event, dict) or not event:
            continue
        kind = next(iter(event))
        value = event[kind]
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
    # The WebSocket API: ``websocketsApiName``, ``websocketsApiRouteSelectionExpression``,
    # ``websocketsDescription``, ``websocket`` (``useProviderTags``); ``websocketApiId`` from
    # ``apiGateway``; ``logs`` and ``restApiLogs`` from ``logs.websocket`` and ``logs.restApi``.
    websockets: dict = factory(dict)
    # The custom-resources Lambda's: ``logs.frameworkLambda``, ``iam.deploymentRole`` (or ``cfnRole``).
    framework_lambda_logs: object = None
    deployment_role: object = None


_WEBSOCKET_KEYS = ("websocketsApiName", "websocketsApiRouteSelectionExpression", "websocketsDescription", "websocket")
# Provider keys that only these settings read (``logs``, ``iam``, ``apiGateway`` are shared).
EVENT_PROVIDER_KEYS = frozenset(("s3", "kinesis", "eventBridge", "cfnRole", *_WEBSOCKET_KEYS))


def read_event_settings(provider: dict, unsupported: list) -> EventSettings:
    """Read them from the raw ``provider``; an ``apiGateway`` holding only the WebSocket API's
    id is then compiled, so it leaves ``unsupported``."""
    settings = EventSettings(
        s3=_mapping(provider.get("s3")),
        kinesis=_mapping(provider.get("kinesis")),
        event_bridge=_mapping(provider.get("eventBridge")),
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
