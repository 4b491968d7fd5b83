"""Function log groups and the Lambda execution role (merge-iam-templates.js)."""

from __future__ import annotations

from ..jsvalues import truthy
from ..model.service import Service
from . import naming


def function_name(service: Service, key: str) -> str:
    fn = service.functions[key]
    if isinstance(fn.name, str) and fn.name:
        return fn.name
    return f"{service.service}-{service.stage}-{key}"


def _log_arn(prefix: str, suffix: str) -> dict:
    return {"Fn::Sub": "arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}" f":log-group:{prefix}{suffix}"}


def add_log_groups_and_role(service: Service, resources: dict) -> None:
    if not service.functions:
        return
    provider = service.provider
    for key, fn in service.functions.items():
        if truthy(fn.disable_logs):
            continue
        props: dict = {"LogGroupName": naming.log_group_name(function_name(service, key))}
        retention = fn.log_retention_in_days if truthy(fn.log_retention_in_days) else provider.log_retention_in_days
        if truthy(retention):
            props["RetentionInDays"] = retention
        policy = fn.log_data_protection_policy if truthy(fn.log_data_protection_policy) else provider.log_data_protection_policy
        if truthy(policy):
            props["DataProtectionPolicy"] = policy
        resources[naming.log_group_logical_id(key)] = {"Type": "AWS::Logs::LogGroup", "Properties": props}

    if not needs_generated_role(service):
        return
    iam = provider.iam
    statements: list = [
        {"Effect": "Allow", "Action": ["logs:CreateLogStream", "logs:CreateLogGroup", "logs:TagResource"], "Resource": []},
        {"Effect": "Allow", "Action": ["logs:PutLogEvents"], "Resource": []},
    ]
    props = {
        "AssumeRolePolicyDocument": {
            "Version": "2012-10-17",
            "Statement": [
                {"Effect": "Allow", "Principal": {"Service": ["lambda.amazonaws.com"]}, "Action": ["sts:AssumeRole"]}
            ],
        },
        "Policies": [
            {
                "PolicyName": {"Fn::Join": ["-", [service.service, service.stage, "lambda"]]},
                "PolicyDocument": {"Version": "2012-10-17", "Statement": statements},
            }
        ],
        "Path": iam.role_path if truthy(iam.role_path) else "/",
        "RoleName": iam.role_name
        if truthy(iam.role_name)
        else {"Fn::Join": ["-", [service.service, service.stage, {"Ref": "AWS::Region"}, "lambdaRole"]]},
    }
    if truthy(iam.role_tags):
        props["Tags"] = [{"Key": k, "Value": v} for k, v in iam.role_tags.items()]
    if truthy(iam.permissions_boundary):
        props["PermissionsBoundary"] = iam.permissions_boundary
    resources[naming.ROLE_LOGICAL_ID] = {"Type": "AWS::IAM::Role", "Properties": props}

    canonical_prefix = f"{service.service}-{service.stage}"
    groups_prefix = naming.log_group_name(canonical_prefix)
    has_canonical = False
    silenced: list[str] = []
    for key, fn in service.functions.items():
        name = function_name(service, key)
        if name.startswith(canonical_prefix):
            if truthy(fn.disable_logs):
                silenced.append(name)
            else:
                has_canonical = True
            continue
        if not truthy(fn.disable_logs):
            statements[0]["Resource"].append(_log_arn(naming.log_group_name(name), ":*"))
            statements[1]["Resource"].append(_log_arn(naming.log_group_name(name), ":*:*"))
    if has_canonical:
        statements[0]["Resource"].append(_log_arn(groups_prefix, "*:*"))
        statements[1]["Resource"].append(_log_arn(groups_prefix, "*:*:*"))
        if silenced:
            statements.append(
                {
                    "Effect": "Deny",
                    "Action": "logs:PutLogEvents",
                    "Resource": [_log_arn(naming.log_group_name(n), ":*") for n in silenced],
                }
            )
    if iam.statements:
        statements.extend(iam.statements)
    if isinstance(iam.managed_policies, list) and iam.managed_policies:
        props.setdefault("ManagedPolicyArns", []).extend(iam.managed_policies)
    if truthy(provider.vpc) or any(fn.declares_vpc for fn in service.functions.values()):
        # Lambda in a VPC manages network interfaces: Serverless grants it AWS's policy for that.
        props.setdefault("ManagedPolicyArns", []).append(_VPC_ACCESS_POLICY)


_VPC_ACCESS_POLICY = {
    "Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"}, ":iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole"]]
}


def needs_generated_role(service: Service) -> bool:
    provider = service.provider
    if provider.iam.existing_role is not None:
        return False
    if provider.has_role_key:
        return False
    return not all(fn.role is not None for fn in service.functions.values())
