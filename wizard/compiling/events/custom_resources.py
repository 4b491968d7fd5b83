"""The custom-resources Lambda Serverless adds for what CloudFormation cannot do itself
(triggers on existing S3 buckets and Cognito User Pools, EventBridge rules without
CloudFormation), its role and its log group (lib/plugins/aws/custom-resources/index.js).

Serverless also writes the handler's code to ``.serverless/custom-resources.zip``; the
template only names it (S3Key), as it names the service's own zip.
"""

from __future__ import annotations

import hashlib

from ...jsvalues import js_strict_equal, truthy
from ...model.service import Service
from .. import naming
from ..functions import ARTIFACT_STAMP
from . import ids
from .common import event_settings

HANDLERS = {
    "s3": ("custom-resource-existing-s3", "s3/handler.handler"),
    "cognitoUserPool": ("custom-resource-existing-cup", "cognito-user-pool/handler.handler"),
    "eventBridge": ("custom-resource-event-bridge", "event-bridge/handler.handler"),
    "apiGatewayCloudWatchRole": ("custom-resource-apigw-cw-role", "api-gateway-cloud-watch-role/handler.handler"),
}


def _log_arn(prefix: str, suffix: str) -> dict:
    return {"Fn::Sub": "arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}" f":log-group:{prefix}{suffix}"}


def add_custom_resource(service: Service, resources: dict, kind: str, statements: list) -> None:
    provider = service.provider
    function_name, handler = HANDLERS[kind]
    function_id = naming.lambda_logical_id(naming.normalize_function_name(function_name))
    prefix = f"{service.service}-{service.stage}"
    absolute_name = f"{prefix}-{function_name}"
    if len(absolute_name) > 64:
        # Lambda's limit: Serverless keeps 32 characters and appends the name's MD5.
        absolute_name = absolute_name[:32] + hashlib.md5(absolute_name.encode("utf-8")).hexdigest()
    settings = event_settings(service)
    write_logs = truthy(settings.framework_lambda_logs)
    bucket = provider.deployment_bucket
    s3_bucket = bucket.name if bucket is not None and truthy(bucket.name) else {"Ref": naming.BUCKET_LOGICAL_ID}
    deployment_prefix = provider.deployment_prefix if truthy(provider.deployment_prefix) else "serverless"
    s3_key = f"{deployment_prefix}/{service.service}/{service.stage}/{ARTIFACT_STAMP}/{ids.CUSTOM_RESOURCES_ARTIFACT}"
    deployment_role = settings.deployment_role if truthy(settings.deployment_role) else None
    if deployment_role is None:
        role = resources.get(ids.CUSTOM_RESOURCES_ROLE_LOGICAL_ID)
        if role is None:
            role = {
                "Type": "AWS::IAM::Role",
                "Properties": {
                    "AssumeRolePolicyDocument": {
                        "Version": "2012-10-17",
                        "Statement": [
                            {"Effect": "Allow", "Principal": {"Service": ["lambda.amazonaws.com"]}, "Action": ["sts:AssumeRole"]}
                        ],
                    },
                    "Policies": [
                        {
                            "PolicyName": {"Fn::Join": ["-", [service.stage, service.service, "custom-resources-lambda"]]},
                            "PolicyDocument": {"Version": "2012-10-17", "Statement": []},
                        }
                    ],
                },
            }
            resources[ids.CUSTOM_RESOURCES_ROLE_LOGICAL_ID] = role
            if write_logs:
                groups = naming.log_group_name(prefix)
                role["Properties"]["Policies"][0]["PolicyDocument"]["Statement"] += [
                    {"Effect": "Allow", "Action": ["logs:CreateLogStream", "logs:CreateLogGroup", "logs:TagResource"], "Resource": [_log_arn(groups, "*:*")]},
                    {"Effect": "Allow", "Action": ["logs:PutLogEvents"], "Resource": [_log_arn(groups, "*:*:*")]},
                ]
        existing = role["Properties"]["Policies"][0]["PolicyDocument"]["Statement"]
        for statement in statements:
            # Serverless skips a statement whose Resource is `===` one already there: equal
            # text ('*', a KMS key's ARN) is added once, a mapping always (compared by identity).
            resource = statement.get("Resource")
            if not any(js_strict_equal(resource, other.get("Resource")) for other in existing):
                existing.append(statement)
    function: dict = {
        "Type": "AWS::Lambda::Function",
        "Properties": {
            "Code": {"S3Bucket": s3_bucket, "S3Key": s3_key},
            "FunctionName": absolute_name,
            "Handler": handler,
            "MemorySize": 1024,
            "Runtime": "nodejs18.x",
            "Timeout": 180,
        },
        "DependsOn": [],
    }
    resources[function_id] = function
    if deployment_role is not None:
        function["Properties"]["Role"] = deployment_role
    else:
        function["Properties"]["Role"] = {"Fn::GetAtt": [ids.CUSTOM_RESOURCES_ROLE_LOGICAL_ID, "Arn"]}
        function["DependsOn"].append(ids.CUSTOM_RESOURCES_ROLE_LOGICAL_ID)
    if write_logs:
        log_group_id = naming.log_group_logical_id(function_name)
        function["DependsOn"].append(log_group_id)
        props = {"LogGroupName": naming.log_group_name(absolute_name)}
        if provider.log_retention_in_days is not None:
            props["RetentionInDays"] = provider.log_retention_in_days
        if provider.log_data_protection_policy is not None:
            props["DataProtectionPolicy"] = provider.log_data_protection_policy
        resources[log_group_id] = {"Type": "AWS::Logs::LogGroup", "Properties": props}
