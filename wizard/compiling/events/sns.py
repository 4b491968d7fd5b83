"""``sns`` events: a topic (or a subscription to an existing one), the invoke permission,
and a dead-letter queue policy with ``redrivePolicy`` (compile/events/sns.js)."""

from __future__ import annotations

from ...diagnostics import ERROR, Diagnostic
from ...jsvalues import truthy
from ...model.events import SnsEvent
from ...model.service import Service
from ..merge import lodash_merge
from . import ids
from .common import SOURCE, alias_id, lambda_target

SNS_SOURCE = SOURCE + "sns.js"


def _split_arn(arn: str) -> list[str]:
    """Split on single colons only: ``::`` (an empty region or account) stays inside a part."""
    return [part.replace("@@", "::") for part in arn.replace("::", "@@").split(":")]


def _redrive(policy: dict, topic_arn, fn_key: str, topic_name: str, resources: dict):
    target_arn = policy.get("deadLetterTargetArn")
    target_ref = policy.get("deadLetterTargetRef")
    target_import = policy.get("deadLetterTargetImport")
    if truthy(target_arn):
        queue, account, region = (list(reversed(str(target_arn).split(":"))) + [None, None, None])[:3]
        target_url = {"Fn::Join": ["", [f"https://sqs.{region}.", {"Ref": "AWS::URLSuffix"}, f"/{account}/{queue}"]]}
    elif truthy(target_ref):
        target_arn = {"Fn::GetAtt": [target_ref, "Arn"]}
        target_url = {"Ref": target_ref}
    else:
        target_import = target_import if isinstance(target_import, dict) else {}
        target_arn = {"Fn::ImportValue": target_import.get("arn")}
        target_url = {"Fn::ImportValue": target_import.get("url")}
    policy_id = ids.topic_dlq_policy_logical_id(fn_key, topic_name)
    statement: dict = {
        "Effect": "Allow",
        "Principal": {"Service": "sns.amazonaws.com"},
        "Action": "sqs:SendMessage",
        "Resource": target_arn,
        "Condition": {"ArnEquals": {"aws:SourceArn": topic_arn}} if topic_arn is not None else {"ArnEquals": {}},
    }
    resources[policy_id] = {
        "Type": "AWS::SQS::QueuePolicy",
        "Properties": {
            "PolicyDocument": {"Version": "2012-10-17", "Id": policy_id, "Statement": [statement]},
            "Queues": [target_url],
        },
    }
    return {"deadLetterTargetArn": target_arn}


def _defined(mapping: dict) -> dict:
    return {k: v for k, v in mapping.items() if v is not None}


def compile_sns(service: Service, resources: dict, aliases: dict, diagnostics: list, region: str) -> None:
    for fn in service.functions.values():
        for event in fn.triggers:
            if not isinstance(event, SnsEvent):
                continue
            topic_arn = topic_name = arn_region = redrive = None
            if event.is_mapping:
                if truthy(event.arn):
                    topic_arn = event.arn
                    if isinstance(topic_arn, str):
                        parts = _split_arn(topic_arn)
                        topic_name = parts[-1]
                        if (parts[3] if len(parts) > 3 else None) != region:
                            arn_region = parts[3] if len(parts) > 3 else None
                    topic_name = event.topic_name if truthy(event.topic_name) else topic_name
                    if not truthy(topic_name):
                        diagnostics.append(Diagnostic(
                            "SNS_MISSING_TOPIC_NAME", ERROR,
                            'Missing "sns.topicName" setting (it needs to be provided if "sns.arn" is not provided as plain ARN string)',
                            event.path, source=SNS_SOURCE))
                        continue
                else:
                    topic_name = event.topic_name
            elif isinstance(event.shorthand, str) and event.shorthand.startswith("arn:"):
                topic_arn = event.shorthand
                topic_name = topic_arn.split(":")[-1]
            else:
                topic_name = event.shorthand
            topic_name = topic_name if isinstance(topic_name, str) else str(topic_name)
            if event.is_mapping and truthy(event.redrive_policy) and isinstance(event.redrive_policy, dict):
                redrive = _redrive(event.redrive_policy, topic_arn, fn.key, topic_name, resources)
            endpoint = lambda_target(fn, aliases)
            subscription_id = ids.sns_subscription_logical_id(fn.key, topic_name)
            depends_on = alias_id(fn, aliases)
            if topic_arn is not None:
                subscription = _defined({
                    "Type": "AWS::SNS::Subscription",
                    "DependsOn": depends_on,
                    "Properties": _defined({
                        "TopicArn": topic_arn,
                        "Protocol": "lambda",
                        "Endpoint": endpoint,
                        "FilterPolicy": event.filter_policy,
                        "FilterPolicyScope": event.filter_policy_scope,
                        "RedrivePolicy": redrive,
                        "Region": arn_region,
                    }),
                })
                resources[subscription_id] = lodash_merge(resources.get(subscription_id), subscription)
            else:
                topic_arn = {"Fn::Join": ["", [
                    "arn:", {"Ref": "AWS::Partition"}, ":sns:", {"Ref": "AWS::Region"}, ":", {"Ref": "AWS::AccountId"}, ":", topic_name,
                ]]}
                topic_id = ids.topic_logical_id(topic_name)
                subscription = {"Endpoint": endpoint, "Protocol": "lambda"}
                if topic_id not in resources:
                    props = {"TopicName": topic_name}
                    if event.is_mapping and truthy(event.display_name):
                        props["DisplayName"] = event.display_name
                    resources[topic_id] = _defined({"Type": "AWS::SNS::Topic", "DependsOn": depends_on, "Properties": props})
                if truthy(event.filter_policy) or redrive is not None:
                    subscription.update(_defined({
                        "TopicArn": {"Ref": topic_id},
                        "FilterPolicy": event.filter_policy,
                        "FilterPolicyScope": event.filter_policy_scope,
                        "RedrivePolicy": redrive,
                    }))
                    resources[subscription_id] = lodash_merge(
                        resources.get(subscription_id), {"Type": "AWS::SNS::Subscription", "Properties": subscription}
                    )
                else:
                    resources[topic_id]["Properties"].setdefault("Subscription", []).append(subscription)
            permission_id = ids.sns_permission_logical_id(fn.key, topic_name)
            permission = _defined({
                "Type": "AWS::Lambda::Permission",
                "DependsOn": depends_on,
                "Properties": {
                    "FunctionName": endpoint,
                    "Action": "lambda:InvokeFunction",
                    "Principal": "sns.amazonaws.com",
                    "SourceArn": topic_arn,
                },
            })
            resources[permission_id] = lodash_merge(resources.get(permission_id), permission)
