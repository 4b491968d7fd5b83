"""``eventBridge`` events: a rule (and the event bus it names, when the stack creates it)
with the function as target and its invoke permission; with
``provider.eventBridge.useCloudFormation: false``, the legacy ``Custom::EventBridge``
resources and the custom-resources Lambda instead (compile/events/event-bridge/)."""

from __future__ import annotations

import hashlib

from ...diagnostics import ERROR, Diagnostic
from ...jsvalues import truthy
from ...model.events import EventBridgeEvent
from ...model.service import Service
from .. import naming
from ..iam import function_name
from .common import SOURCE, alias_id, event_settings, js_json, lambda_target
from .custom_resources import add_custom_resource
from .ids import alnum

EVENT_BRIDGE_SOURCE = SOURCE + "event-bridge/index.js"
_ARN_JOIN_PREFIX = ["arn", {"Ref": "AWS::Partition"}, "events", {"Ref": "AWS::Region"}, {"Ref": "AWS::AccountId"}]


def _hash_name(name: str, suffix: str) -> str:
    return f"{name[:31 - len(suffix)]}{hashlib.md5(name.encode('utf-8')).hexdigest()}-{suffix}"


def _rule_name(fn_name: str, index: int) -> str:
    return f"{fn_name}-rule-{index}"


def _hashed_rule_name(fn_name: str, index: int) -> str:
    # Rule names have at most 64 characters: Serverless shortens longer ones with a hash.
    name = _rule_name(fn_name, index)
    return _hash_name(name, f"rule-{index}") if len(name) > 64 else name


def _target_id(rule_name: str) -> str:
    target = f"{rule_name}-target"
    return _hash_name(target, "target") if len(target) > 64 else target


def _error(code: str, message: str, event: EventBridgeEvent) -> Diagnostic:
    return Diagnostic(code, ERROR, message, event.path, source=EVENT_BRIDGE_SOURCE)


def _not_with_custom_resources(setting: str, code: str, event: EventBridgeEvent) -> Diagnostic:
    return _error(
        f"ERROR_INVALID_{code}_TO_EVENT_BUS_CUSTOM_RESOURCE",
        f"Configuring {setting} is not supported for EventBridge integration backed by Custom Resources. Please use "
        '"provider.eventBridge.useCloudFormation" setting to use native CloudFormation support for EventBridge.',
        event,
    )


def _defined(mapping: dict) -> dict:
    return {k: v for k, v in mapping.items() if v is not None}


def compile_event_bridge(service: Service, resources: dict, aliases: dict, diagnostics: list) -> None:
    options = event_settings(service).event_bridge
    use_cloudformation = options.get("useCloudFormation") if options is not None else True
    statements: list = []
    bus_statement_added = False
    any_event = False
    for fn in service.functions.values():
        fn_name = function_name(service, fn.key)
        for event in fn.triggers:
            if not isinstance(event, EventBridgeEvent):
                continue
            index = event.index + 1
            any_event = True
            rule_name = event.name if truthy(event.name) else _hashed_rule_name(fn_name, index)
            state = "DISABLED" if event.enabled is False else "ENABLED"
            if sum(truthy(v) for v in (event.input, event.input_path, event.input_transformer)) > 1:
                diagnostics.append(_error(
                    "EVENTBRIDGE_MULTIPLE_INPUT_PROPERTIES",
                    "You can only set one of input, inputPath, or inputTransformer properties for eventBridge events.", event))
                return
            transformer = event.input_transformer
            if truthy(transformer) and isinstance(transformer, dict):
                transformer = {(k[:1].upper() + k[1:]): v for k, v in transformer.items()}
            retry = None
            if truthy(event.retry_policy):
                if not truthy(use_cloudformation):
                    diagnostics.append(_not_with_custom_resources("RetryPolicy", "RETRY_POLICY", event))
                    return
                policy = event.retry_policy if isinstance(event.retry_policy, dict) else {}
                retry = _defined({"MaximumEventAgeInSeconds": policy.get("maximumEventAge"), "MaximumRetryAttempts": policy.get("maximumRetryAttempts")})
            dead_letter = None
            if truthy(event.dead_letter_queue_arn):
                if not truthy(use_cloudformation):
                    diagnostics.append(_not_with_custom_resources("DeadLetterConfig", "DEAD_LETTER_CONFIG", event))
                    return
                dead_letter = {"Arn": event.dead_letter_queue_arn}
            if truthy(use_cloudformation):
                _with_cloudformation(fn, fn_name, event, index, rule_name, state, transformer, retry, dead_letter, resources, aliases)
                continue
            bus = event.event_bus
            if isinstance(bus, (dict, list)):
                diagnostics.append(_error(
                    "ERROR_INVALID_REFERENCE_TO_EVENT_BUS_CUSTOM_RESOURCE",
                    "Referencing event bus with CloudFormation intrinsic functions is not supported for EventBridge integration backed by "
                    "Custom Resources. Please use `provider.eventBridge.useCloudFormation` setting to use native CloudFormation support for EventBridge.",
                    event))
                return
            bus_name = bus[bus.find("/") + 1:] if isinstance(bus, str) and bus.startswith("arn") else bus
            handler_id = naming.lambda_logical_id(naming.normalize_function_name("custom-resource-event-bridge"))
            resources[f"{naming.normalize_function_name(fn.key)}CustomEventBridge{index}"] = {
                "Type": "Custom::EventBridge",
                "Version": 1,
                "DependsOn": [naming.lambda_logical_id(fn.key), handler_id],
                "Properties": {
                    "ServiceToken": {"Fn::GetAtt": [handler_id, "Arn"]},
                    "FunctionName": fn_name,
                    "EventBridgeConfig": _defined({
                        "RuleName": rule_name,
                        "State": state,
                        "EventBus": bus,
                        "Schedule": event.schedule,
                        "Pattern": event.pattern,
                        "Input": event.input,
                        "InputPath": event.input_path,
                        "InputTransformer": transformer,
                    }),
                },
            }
            if not bus_statement_added and truthy(bus_name) and bus_name != "default":
                statements.append({
                    "Effect": "Allow",
                    "Resource": {"Fn::Join": [":", [*_ARN_JOIN_PREFIX, "event-bus/*"]]},
                    "Action": ["events:CreateEventBus", "events:DeleteEventBus"],
                })
                bus_statement_added = True
    if not truthy(use_cloudformation) and any_event:
        statements.append({
            "Effect": "Allow",
            "Resource": {"Fn::Join": [":", [*_ARN_JOIN_PREFIX, "rule/*"]]},
            "Action": ["events:PutRule", "events:RemoveTargets", "events:PutTargets", "events:DeleteRule"],
        })
        statements.append({
            "Effect": "Allow",
            "Resource": {"Fn::Join": [":", ["arn", {"Ref": "AWS::Partition"}, "lambda", {"Ref": "AWS::Region"}, {"Ref": "AWS::AccountId"}, "function", "*"]]},
            "Action": ["lambda:AddPermission", "lambda:RemovePermission"],
        })
        add_custom_resource(service, resources, "eventBridge", statements)


def _with_cloudformation(fn, fn_name, event, index, rule_name, state, transformer, retry, dead_letter, resources, aliases) -> None:
    bus = event.event_bus
    exists = isinstance(bus, (dict, list))
    if isinstance(bus, str) and bus.startswith("arn"):
        exists = True
        bus = bus[bus.find("/") + 1:]
    create_bus = not exists and truthy(bus) and bus != "default"
    bus_id = None
    if create_bus:
        bus_id = f"{naming.normalize_resource_name(str(bus))}EventBridgeEventBus"
        resources[bus_id] = {"Type": "AWS::Events::EventBus", "Properties": {"Name": bus}}
    target: dict = {"Arn": lambda_target(fn, aliases), "Id": _target_id(str(rule_name))}
    if retry is not None:
        target["RetryPolicy"] = retry
    if dead_letter is not None:
        target["DeadLetterConfig"] = dead_letter
    if truthy(event.input):
        target["Input"] = js_json(event.input)
    elif truthy(event.input_path):
        target["InputPath"] = event.input_path
    elif truthy(transformer):
        target["InputTransformer"] = transformer
    depends_on = bus_id if create_bus else alias_id(fn, aliases)
    rule = _defined({
        "Type": "AWS::Events::Rule",
        "DependsOn": depends_on,
        "Properties": _defined({
            "Description": event.description,
            "EventBusName": None if bus == "default" else bus,
            "EventPattern": event.pattern,
            "Name": rule_name,
            "ScheduleExpression": event.schedule,
            "State": state,
            "Targets": [target],
        }),
    })
    resources[f"{alnum(_rule_name(fn_name, index))}EventBridgeRule"] = rule
    arn_path = [bus, rule_name] if truthy(bus) else [rule_name]
    resources[f"{naming.normalize_function_name(fn.key)}EventBridgeLambdaPermission{index}"] = _defined({
        "Type": "AWS::Lambda::Permission",
        "DependsOn": alias_id(fn, aliases),
        "Properties": {
            "Action": "lambda:InvokeFunction",
            "FunctionName": lambda_target(fn, aliases),
            "Principal": "events.amazonaws.com",
            "SourceArn": {"Fn::Join": [":", [*_ARN_JOIN_PREFIX, {"Fn::Join": ["/", ["rule", *arn_path]]}]]},
        },
    })
