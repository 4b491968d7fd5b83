"""``cloudwatchEvent`` events: an EventBridge rule matching ``event`` and its invoke
permission, numbered per function (compile/events/cloud-watch-event.js).

Serverless writes both resources as JSON text with the values spliced in and parses it
back, as schedule.js does: the rule is built the same way here, for the same outcome.
"""

from __future__ import annotations

from ...diagnostics import ERROR, Diagnostic
from ...jsvalues import js_string, truthy
from ...model.events import CloudwatchEventEvent
from ...model.service import Service
from ..merge import lodash_merge
from . import ids
from .common import (
    ESCAPED_BREAKS,
    LINE_BREAKS,
    SOURCE,
    Refused,
    alias_id,
    crash,
    events_permission_text,
    input_transformer,
    js_json,
    js_parse,
    lambda_target,
    spliced_json,
    written,
)

CLOUDWATCH_EVENT_SOURCE = SOURCE + "cloud-watch-event.js"


def compile_cloudwatch_events(service: Service, resources: dict, aliases: dict, diagnostics: list) -> None:
    for fn in service.functions.values():
        number = 0
        for event in fn.triggers:
            if not isinstance(event, CloudwatchEventEvent):
                continue
            number += 1
            try:
                rule, permission = _resources(fn, event, number, aliases)
            except Refused as refused:
                diagnostics.append(refused.args[0])
                return  # Serverless throws: nothing after it is compiled
            except ValueError as exc:
                diagnostics.append(spliced_json("CLOUDWATCH_EVENT_NOT_VALID_JSON", exc, event, CLOUDWATCH_EVENT_SOURCE))
                return
            rule_id = ids.cloudwatch_event_logical_id(fn.key, number)
            permission_id = ids.cloudwatch_event_permission_logical_id(fn.key, number)
            resources[rule_id] = lodash_merge(resources.get(rule_id), rule)
            resources[permission_id] = lodash_merge(resources.get(permission_id), permission)


def _text(value, key: str, event: CloudwatchEventEvent) -> str:
    if not isinstance(value, str):
        raise Refused(crash(
            "CLOUDWATCH_EVENT_VALUE_NOT_TEXT",
            f'"{key}" is {written(value)}, and Serverless calls a string method on it: write it as text',
            event, CLOUDWATCH_EVENT_SOURCE,
        ))
    return value


def _resources(fn, event: CloudwatchEventEvent, number: int, aliases: dict) -> tuple[dict, dict]:
    # `event: null` is JSON null, which the template then leaves out; a missing one crashes.
    if not event.is_mapping or "event" not in event.written_keys:
        raise Refused(crash(
            "CLOUDWATCH_EVENT_PATTERN_MISSING",
            'it has no "event" (the pattern the rule matches)', event, CLOUDWATCH_EVENT_SOURCE,
        ))
    value, input_path, transformer = event.input, event.input_path, event.input_transformer
    if sum(1 for v in (value, input_path, transformer) if truthy(v)) > 1:
        raise Refused(Diagnostic(
            "CLOUDWATCH_MULTIPLE_INPUT_PROPERTIES",
            ERROR,
            "You can only set one of input, inputPath, or inputTransformer properties at the same time for cloudwatch "
            "events. Please check the AWS docs for more info",
            event.path,
            source=CLOUDWATCH_EVENT_SOURCE,
        ))
    if truthy(value) and isinstance(value, (dict, list)):
        value = js_json(value)
    if truthy(value):
        value = ESCAPED_BREAKS.sub("", _text(value, "input", event).replace('"', '\\"'))
    if truthy(input_path):
        input_path = LINE_BREAKS.sub("", _text(input_path, "inputPath", event))
    pattern = ESCAPED_BREAKS.sub("", js_json(event.event))
    state = "DISABLED" if event.enabled is False else "ENABLED"
    target = js_json(lambda_target(fn, aliases))
    depends_on = alias_id(fn, aliases)
    depends = f'"DependsOn": "{depends_on}",' if depends_on else ""
    rule_text = (
        '{"Type": "AWS::Events::Rule",' + depends + '"Properties": {'
        f'"EventPattern": {pattern},"State": "{state}",'
        + (f'"Description": "{js_string(event.description)}",' if truthy(event.description) else "")
        + (f'"Name": "{js_string(event.name)}",' if truthy(event.name) else "")
        + '"Targets": [{'
        + (f'"Input": "{value}",' if truthy(value) else "")
        + (f'"InputPath": "{input_path}",' if truthy(input_path) else "")
        + (f'"InputTransformer": {input_transformer(transformer)},' if truthy(transformer) else "")
        + f'"Arn": {target},"Id": "{ids.cloudwatch_event_target_id(fn.key)}"'
        + "}]}}"
    )
    rule_id = ids.cloudwatch_event_logical_id(fn.key, number)
    permission_text = events_permission_text(target, depends, rule_id)
    return js_parse(rule_text), js_parse(permission_text)
