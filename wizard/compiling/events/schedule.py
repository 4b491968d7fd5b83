"""``schedule`` events: an EventBridge rule and its invoke permission per rate, or an
EventBridge Scheduler schedule with ``method: scheduler`` (compile/events/schedule.js).

Serverless writes each rule as JSON text with the values spliced in and parses it back,
so a description or input holding a quote or a backslash reaches the template as that
text parses (or fails to). The rule is built the same way here, for the same outcome.
"""

from __future__ import annotations

import json

from ...diagnostics import ERROR, Diagnostic
from ...jsvalues import js_string, truthy
from ...model.events import ScheduleEvent
from ...model.service import Service
from .. import naming
from ..iam import function_name
from . import ids
from .common import SOURCE, alias_id, events_permission_text, input_transformer, js_json, js_parse, lambda_target

SCHEDULE_SOURCE = SOURCE + "schedule.js"
SCHEDULER = "scheduler"
EVENT_BUS = "eventBus"


def _error(code: str, message: str, event: ScheduleEvent) -> Diagnostic:
    return Diagnostic(code, ERROR, message, event.path, source=SCHEDULE_SOURCE)


def _input_text(event: ScheduleEvent, method: str, diagnostics: list):
    value = event.input
    if truthy(value) and isinstance(value, (dict, list)):
        if isinstance(value, dict) and isinstance(value.get("body"), str):
            try:
                value = {**value, "body": json.loads(value["body"])}
            except ValueError as exc:
                diagnostics.append(_error("SCHEDULE_INPUT_BODY_NOT_JSON", f"input.body is not JSON ({exc}): Serverless fails to parse it", event))
                return None
        value = js_json(value)
    if truthy(value) and isinstance(value, str) and method != SCHEDULER:
        value = value.replace('"', '\\"')  # Serverless's own escaping before it splices the text in
    return value


def compile_schedule(service: Service, resources: dict, aliases: dict, diagnostics: list) -> None:
    scheduler_resources: list = []
    any_scheduler = False
    for fn in service.functions.values():
        number = 0
        fn_uses_scheduler = False
        for event in fn.triggers:
            if not isinstance(event, ScheduleEvent):
                continue
            state, name, description, text_input, input_path, transformer, timezone = "ENABLED", None, None, None, None, None, None
            method = EVENT_BUS
            role_arn = None
            if event.is_mapping:
                if event.rate is None:
                    # schedule.js reads rate.length: without a rate Serverless crashes (TypeError).
                    diagnostics.append(_error("SCHEDULE_RATE_MISSING", 'A "schedule" event in object form needs "rate"', event))
                    continue
                expressions = event.rate if isinstance(event.rate, list) else [event.rate]
                if event.enabled is False:
                    state = "DISABLED"
                name, description, timezone, input_path = event.name, event.description, event.timezone, event.input_path
                function_resource = resources.get(naming.lambda_logical_id(fn.key))
                role_arn = function_resource["Properties"].get("Role") if function_resource else None
                method = event.method if truthy(event.method) else EVENT_BUS
                if len(expressions) > 1 and truthy(name):
                    diagnostics.append(_error("SCHEDULE_NAME_NOT_ALLOWED_MULTIPLE_RATES", "You cannot specify a name when defining more than one rate expression", event))
                    continue
                text_input = _input_text(event, method, diagnostics)
                if truthy(event.input_transformer):
                    if method == SCHEDULER:
                        diagnostics.append(_error("SCHEDULE_PARAMETER_NOT_SUPPORTED", 'Cannot setup "schedule" event: "inputTransformer" is not supported with "scheduler" mode', event))
                        continue
                    transformer = input_transformer(event.input_transformer)
                if truthy(input_path) and method == SCHEDULER:
                    diagnostics.append(_error("SCHEDULE_PARAMETER_NOT_SUPPORTED", 'Cannot setup "schedule" event: "inputPath" is not supported with "scheduler" mode', event))
                    continue
                if truthy(timezone) and method != SCHEDULER:
                    diagnostics.append(_error("SCHEDULE_PARAMETER_NOT_SUPPORTED", 'Cannot setup "schedule" event: "timezone" is only supported with "scheduler" mode', event))
                    continue
            else:
                expressions = [event.shorthand]
            target = lambda_target(fn, aliases)
            depends_on = alias_id(fn, aliases)
            for expression in expressions:
                number += 1
                if method == SCHEDULER:
                    any_scheduler = fn_uses_scheduler = True
                    resources[ids.scheduler_schedule_logical_id(fn.key, number)] = _scheduler_schedule(
                        expression, state, target, role_arn, text_input, name, description, timezone, depends_on
                    )
                    continue
                rule_id = ids.schedule_logical_id(fn.key, number)
                try:
                    rule, permission = _rule_and_permission(
                        fn.key, rule_id, expression, state, name, description, text_input, input_path, transformer, target, depends_on
                    )
                except ValueError as exc:
                    diagnostics.append(_error(
                        "SCHEDULE_NOT_VALID_JSON",
                        f"Serverless writes this schedule as JSON text and cannot parse it back ({exc}): "
                        "a value holds a character it does not escape (a backslash, a line break, or a quote in name or description)",
                        event,
                    ))
                    continue
                resources[rule_id] = rule
                resources[ids.schedule_permission_logical_id(fn.key, number)] = permission
        if fn_uses_scheduler:
            arn = f"arn:${{AWS::Partition}}:lambda:${{AWS::Region}}:${{AWS::AccountId}}:function:{function_name(service, fn.key)}"
            scheduler_resources += [{"Fn::Sub": arn}, {"Fn::Sub": f"{arn}:*"}]
    if any_scheduler:
        _allow_scheduler(resources, scheduler_resources)


def _scheduler_schedule(expression, state, target, role_arn, text_input, name, description, timezone, depends_on) -> dict:
    # Keys left undefined by Serverless are dropped from the JSON; None marks them here.
    target_props = {"Arn": target, "RoleArn": role_arn, "Input": text_input}
    props = {
        "ScheduleExpression": expression,
        "State": state,
        "Target": {k: v for k, v in target_props.items() if v is not None},
        "FlexibleTimeWindow": {"Mode": "OFF"},
        "Name": name,
        "Description": description,
        "ScheduleExpressionTimezone": timezone,
    }
    resource: dict = {"Type": "AWS::Scheduler::Schedule"}
    if depends_on is not None:
        resource["DependsOn"] = depends_on
    resource["Properties"] = {k: v for k, v in props.items() if v is not None}
    return resource


def _rule_and_permission(fn_key, rule_id, expression, state, name, description, text_input, input_path, transformer, target, depends_on):
    """The two resources as Serverless's JSON text gives them (``ValueError`` where it cannot parse)."""
    expression_text = f'"{expression}"' if isinstance(expression, str) else js_json(expression)
    target_text = js_json(target)
    depends = f'"DependsOn": "{depends_on}",' if depends_on else ""
    rule_text = (
        '{"Type": "AWS::Events::Rule",' + depends + '"Properties": {'
        f'"ScheduleExpression": {expression_text},"State": "{state}",'
        + (f'"Name": "{js_string(name)}",' if truthy(name) else "")
        + (f'"Description": "{js_string(description)}",' if truthy(description) else "")
        + '"Targets": [{'
        + (f'"Input": "{js_string(text_input)}",' if truthy(text_input) else "")
        + (f'"InputPath": "{js_string(input_path)}",' if truthy(input_path) else "")
        + (f'"InputTransformer": {transformer},' if truthy(transformer) else "")
        + f'"Arn": {target_text},"Id": "{ids.schedule_id(fn_key)}"'
        + "}]}}"
    )
    permission_text = events_permission_text(target_text, depends, rule_id)
    return js_parse(rule_text), js_parse(permission_text)


def _allow_scheduler(resources: dict, function_arns: list) -> None:
    role = resources.get(naming.ROLE_LOGICAL_ID)
    if role is None:
        return  # Serverless only prints a reminder to grant EventBridge Scheduler the role
    props = role["Properties"]
    for statement in props["AssumeRolePolicyDocument"]["Statement"]:
        services = statement.get("Principal", {}).get("Service")
        if isinstance(services, list) and "lambda.amazonaws.com" in services:
            services.append("scheduler.amazonaws.com")
            break
    props["Policies"][0]["PolicyDocument"]["Statement"].append(
        {"Effect": "Allow", "Action": ["lambda:InvokeFunction"], "Resource": function_arns}
    )
