"""``s3`` events: new buckets with their notification configuration and invoke
permissions, then existing buckets (``existing: true``) through one ``Custom::S3``
resource per function and the custom-resources Lambda (compile/events/s3/index.js)."""

from __future__ import annotations

import re

from ...diagnostics import ERROR, Diagnostic
from ...jsvalues import truthy
from ...model.events import S3Event
from ...model.schema import DEFINITIONS
from ...model.service import Service
from .. import naming
from ..iam import function_name
from ..merge import lodash_merge
from ..naming import upper_first
from . import ids
from .common import SOURCE, alias_id, event_settings, js_json, lambda_target
from .custom_resources import add_custom_resource

S3_SOURCE = SOURCE + "s3/index.js"
_BUCKET_NAME = re.compile(DEFINITIONS["awsS3BucketName"]["pattern"])
# The pattern as Serverless prints it in its error (the schema's JavaScript source).
_BUCKET_NAME_JS = (
    r"(?!^(\d{1,3}\.){3}\d{1,3}$)(^(([a-z0-9]|[a-z0-9][a-z0-9-]*[a-z0-9])\.)*([a-z0-9]|[a-z0-9][a-z0-9-]*[a-z0-9])$)"
)


def _error(code: str, message: str, event: S3Event) -> Diagnostic:
    return Diagnostic(code, ERROR, message, event.path, source=S3_SOURCE)


def _start_case(key: str) -> str:
    """lodash ``_.startCase`` for a rule's key (``prefix`` -> ``Prefix``)."""
    words = re.findall(r"[A-Z]{2,}(?=[A-Z][a-z]+|[0-9]|\b|_)|[A-Z]?[a-z]+|[A-Z]+|[0-9]+", key)
    return " ".join(upper_first(w) for w in words)


def compile_s3(service: Service, resources: dict, aliases: dict, diagnostics: list) -> None:
    _new_buckets(service, resources, aliases, diagnostics)
    if not any(d.is_error for d in diagnostics):
        _existing_buckets(service, resources, diagnostics)


def _new_buckets(service: Service, resources: dict, aliases: dict, diagnostics: list) -> None:
    configurations: dict = {}
    meta: dict = {}
    enabled: list = []
    provider_s3 = event_settings(service).s3 or {}
    for fn in service.functions.values():
        for event in fn.triggers:
            if not isinstance(event, S3Event) or (event.is_mapping and truthy(event.existing)):
                continue
            notification = "s3:ObjectCreated:*"
            filter_: dict = {}
            if event.is_mapping:
                if isinstance(event.bucket, (dict, list)):
                    diagnostics.append(_error(
                        "S3_INVALID_NEW_BUCKET_FORMAT",
                        'When specifying "s3.bucket" with CloudFormation intrinsic function, you need to specify that the bucket is existing via "existing: true" property.',
                        event))
                    continue
                ref = event.bucket
                if truthy(event.event):
                    notification = event.event
                if truthy(event.rules) and isinstance(event.rules, list):
                    rules = []
                    for rule in event.rules:
                        name = next(iter(rule), None) if isinstance(rule, dict) else None
                        rules.append({"Name": name, "Value": rule.get(name) if name is not None else None})
                    filter_ = {"Filter": {"S3Key": {"Rules": rules}}}
            else:
                ref = event.shorthand
            ref = ref if isinstance(ref, str) else js_json(ref)
            configured = provider_s3.get(ref)
            if truthy(configured):
                bucket_name = configured.get("name") if isinstance(configured, dict) and truthy(configured.get("name")) else ref
                meta[bucket_name] = (ids.bucket_logical_id(ref), ref)
            else:
                bucket_name = ref
            if not isinstance(bucket_name, str) or not _BUCKET_NAME.search(bucket_name):
                diagnostics.append(_error(
                    "S3_INVALID_BUCKET_PATTERN",
                    f"{bucket_name} - Bucket name must conform to pattern {_BUCKET_NAME_JS}. "
                    f'Please check provider.s3.{ref} and/or s3 events of function "{fn.key}".',
                    event))
                continue
            configuration = {"Event": notification, "Function": lambda_target(fn, aliases), **filter_}
            configurations.setdefault(bucket_name, []).append(configuration)
            enabled.append((fn, bucket_name))

    for bucket_name, lambda_configurations in configurations.items():
        bucket_conf = None
        if bucket_name in meta:
            provided = provider_s3[meta[bucket_name][1]]
            bucket_conf = {upper_first(k): v for k, v in provided.items() if k != "name"} if isinstance(provided, dict) else {}
        notification_conf: dict = {"LambdaConfigurations": lambda_configurations}
        if bucket_conf:
            provided_notifications = bucket_conf.pop("NotificationConfiguration", None)
            if isinstance(provided_notifications, dict):
                notification_conf.update(provided_notifications)
        props = {"BucketName": bucket_name, "NotificationConfiguration": notification_conf, **(bucket_conf or {})}
        depends_on: list = []
        for fn, name in enabled:
            if name != bucket_name:
                continue
            depends_on.append(ids.s3_permission_logical_id(fn.key, meta[name][1] if name in meta else name))
            if alias_id(fn, aliases):
                depends_on.append(alias_id(fn, aliases))
        logical_id = meta[bucket_name][0] if bucket_name in meta else ids.bucket_logical_id(bucket_name)
        bucket = {"Type": "AWS::S3::Bucket", "Properties": props, "DependsOn": depends_on}
        resources[logical_id] = lodash_merge(resources.get(logical_id), bucket)

    for fn, bucket_name in enabled:
        permission: dict = {"Type": "AWS::Lambda::Permission"}
        if alias_id(fn, aliases):
            permission["DependsOn"] = alias_id(fn, aliases)
        permission["Properties"] = {
            "FunctionName": lambda_target(fn, aliases),
            "Action": "lambda:InvokeFunction",
            "Principal": "s3.amazonaws.com",
            "SourceArn": {"Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"}, f":s3:::{bucket_name}"]]},
            "SourceAccount": {"Ref": "AWS::AccountId"},
        }
        logical_id = ids.s3_permission_logical_id(fn.key, meta[bucket_name][1] if bucket_name in meta else bucket_name)
        resources[logical_id] = lodash_merge(resources.get(logical_id), permission)


def _existing_buckets(service: Service, resources: dict, diagnostics: list) -> None:
    statements: list = []
    any_existing = False
    per_bucket: dict[str, list[str]] = {}
    for fn in service.functions.values():
        count = 0
        current = None
        for event in fn.triggers:
            if not isinstance(event, S3Event) or not event.is_mapping or not truthy(event.existing):
                continue
            count += 1
            bucket = event.bucket
            key = js_json(bucket) if isinstance(bucket, (dict, list)) else bucket
            notification = event.event if truthy(event.event) else "s3:ObjectCreated:*"
            any_existing = True
            if current is None:
                current = key
            if key != current:
                diagnostics.append(_error(
                    "S3_MULTIPLE_BUCKETS_PER_FUNCTION",
                    "Only one S3 Bucket can be configured per function. "
                    f'In "{function_name(service, fn.key)}" you\'re attempting to configure "{current}" and "{key}" at the same time.',
                    event))
                return
            rules = []
            for rule in event.rules if isinstance(event.rules, list) else []:
                name = next(iter(rule), None) if isinstance(rule, dict) else None
                rules.append({_start_case(str(name)): rule.get(name) if name is not None else None})
            custom_id = ids.custom_s3_logical_id(fn.key)
            users = per_bucket.setdefault(key, [])
            if custom_id not in users:
                users.append(custom_id)
            config = {"Event": notification, "Rules": rules}
            if count == 1:
                props = {
                    "ServiceToken": {"Fn::GetAtt": [_handler_id(), "Arn"]},
                    "FunctionName": function_name(service, fn.key),
                    "BucketName": bucket,
                    "BucketConfigs": [config],
                }
                if truthy(event.force_deploy):
                    # Serverless writes Date.now(), a new value each packaging, to force an update.
                    props["ForceDeploy"] = 0
                resource = {
                    "Type": "Custom::S3",
                    "Version": 1,
                    "DependsOn": [naming.lambda_logical_id(fn.key), _handler_id()],
                    "Properties": props,
                }
                resources[custom_id] = lodash_merge(resources.get(custom_id), resource)
                statements.append({
                    "Effect": "Allow",
                    "Resource": {"Fn::Join": [":", ["arn", {"Ref": "AWS::Partition"}, "s3", "", "", bucket]]},
                    "Action": ["s3:PutBucketNotification", "s3:GetBucketNotification"],
                })
            else:
                resources[custom_id]["Properties"]["BucketConfigs"].append(config)
    if any_existing:
        statements.append({
            "Effect": "Allow",
            "Resource": {"Fn::Join": [":", [
                "arn", {"Ref": "AWS::Partition"}, "lambda", {"Ref": "AWS::Region"}, {"Ref": "AWS::AccountId"}, "function", "*",
            ]]},
            "Action": ["lambda:AddPermission", "lambda:RemovePermission"],
        })
    for users in per_bucket.values():
        for previous, current_id in zip(users, users[1:], strict=False):
            resources[current_id]["DependsOn"].append(previous)
    if statements:
        add_custom_resource(service, resources, "s3", statements)


def _handler_id() -> str:
    return naming.lambda_logical_id(naming.normalize_function_name("custom-resource-existing-s3"))
