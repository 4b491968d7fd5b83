"""``iot`` events: an IoT topic rule invoking the function and its permission, numbered per
function (compile/events/iot.js)."""

from __future__ import annotations

from ...jsvalues import truthy
from ...model.events import IotEvent
from ...model.service import Service
from ..merge import lodash_merge
from . import ids
from .common import LINE_BREAKS, SOURCE, alias_id, crash, lambda_target, written

IOT_SOURCE = SOURCE + "iot.js"


def compile_iot(service: Service, resources: dict, aliases: dict, diagnostics: list) -> None:
    for fn in service.functions.values():
        number = 0
        for event in fn.triggers:
            if not isinstance(event, IotEvent):
                continue
            number += 1
            texts = {}
            # The order Serverless reads them in: the first that is not text is where it crashes.
            for key, value in (("name", event.name), ("sqlVersion", event.sql_version), ("description", event.description)):
                if truthy(value) and not isinstance(value, str):
                    diagnostics.append(_not_text(key, value, event))
                    return
                texts[key] = LINE_BREAKS.sub("", value) if truthy(value) else None
            if not isinstance(event.sql, str):
                diagnostics.append(_not_text("sql", event.sql, event))
                return
            rule_id = ids.iot_logical_id(fn.key, number)
            depends_on = alias_id(fn, aliases)
            payload: dict = {
                "RuleDisabled": event.enabled is False,
                "Sql": LINE_BREAKS.sub("", event.sql),
                "Actions": [{"Lambda": {"FunctionArn": lambda_target(fn, aliases)}}],
            }
            rule: dict = {"Type": "AWS::IoT::TopicRule", "Properties": {"TopicRulePayload": payload}}
            permission: dict = {
                "Type": "AWS::Lambda::Permission",
                "Properties": {
                    "FunctionName": lambda_target(fn, aliases),
                    "Action": "lambda:InvokeFunction",
                    "Principal": "iot.amazonaws.com",
                    "SourceArn": {"Fn::Join": ["", [
                        "arn:", {"Ref": "AWS::Partition"}, ":iot:", {"Ref": "AWS::Region"}, ":",
                        {"Ref": "AWS::AccountId"}, ":rule/", {"Ref": rule_id},
                    ]]},
                },
            }
            if depends_on is not None:
                rule = {"Type": rule["Type"], "DependsOn": depends_on, "Properties": rule["Properties"]}
                permission = {"Type": permission["Type"], "DependsOn": depends_on, "Properties": permission["Properties"]}
            if truthy(texts["name"]):
                rule["Properties"]["RuleName"] = texts["name"]
            if truthy(texts["description"]):
                payload["Description"] = texts["description"]
            if truthy(texts["sqlVersion"]):
                payload["AwsIotSqlVersion"] = texts["sqlVersion"]
            resources[rule_id] = lodash_merge(resources.get(rule_id), rule)
            permission_id = ids.iot_permission_logical_id(fn.key, number)
            resources[permission_id] = lodash_merge(resources.get(permission_id), permission)


def _not_text(key: str, value, event: IotEvent):
    what = "the topic rule's SQL statement" if key == "sql" else "it"
    return crash(
        "IOT_VALUE_NOT_TEXT",
        f'"{key}" is {written(value) if event.is_mapping else "missing (the event is not a mapping)"}, and Serverless calls a '
        f"string method on it: write {what} as text",
        event, IOT_SOURCE,
    )
