"""The core template every Serverless stack starts from, with its deployment bucket.

Mirrors lib/plugins/aws/package/lib/core-cloudformation-template.json and
generate-core-template.js.
"""

from __future__ import annotations

from ..jsvalues import truthy
from ..model.service import Service
from . import naming


def _bucket_arn(suffix: str) -> dict:
    parts = ["arn:", {"Ref": "AWS::Partition"}, ":s3:::", {"Ref": naming.BUCKET_LOGICAL_ID}]
    if suffix:
        parts.append(suffix)
    return {"Fn::Join": ["", parts]}


def core_template(service: Service) -> dict:
    resources: dict = {
        naming.BUCKET_LOGICAL_ID: {
            "Type": "AWS::S3::Bucket",
            "Properties": {
                "BucketEncryption": {
                    "ServerSideEncryptionConfiguration": [
                        {"ServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}
                    ]
                }
            },
        },
        naming.BUCKET_POLICY_LOGICAL_ID: {
            "Type": "AWS::S3::BucketPolicy",
            "Properties": {
                "Bucket": {"Ref": naming.BUCKET_LOGICAL_ID},
                "PolicyDocument": {
                    "Statement": [
                        {
                            "Action": "s3:*",
                            "Effect": "Deny",
                            "Principal": "*",
                            "Resource": [_bucket_arn("/*"), _bucket_arn("")],
                            "Condition": {"Bool": {"aws:SecureTransport": False}},
                        }
                    ]
                },
            },
        },
    }
    template = {
        "AWSTemplateFormatVersion": "2010-09-09",
        "Description": "The AWS CloudFormation template for this Serverless application",
        "Resources": resources,
        "Outputs": {naming.BUCKET_OUTPUT_ID: {"Value": {"Ref": naming.BUCKET_LOGICAL_ID}}},
    }
    bucket = service.provider.deployment_bucket
    if bucket is None:
        return template
    if truthy(bucket.name):
        del resources[naming.BUCKET_LOGICAL_ID]
        del resources[naming.BUCKET_POLICY_LOGICAL_ID]
        template["Outputs"][naming.BUCKET_OUTPUT_ID]["Value"] = bucket.name
        return template
    props = resources[naming.BUCKET_LOGICAL_ID]["Properties"]
    if isinstance(bucket.tags, dict) and bucket.tags:
        props["Tags"] = [{"Key": k, "Value": v} for k, v in bucket.tags.items()]
    if truthy(bucket.block_public_access):
        props["PublicAccessBlockConfiguration"] = {
            "BlockPublicAcls": True,
            "BlockPublicPolicy": True,
            "IgnorePublicAcls": True,
            "RestrictPublicBuckets": True,
        }
    if truthy(bucket.versioning):
        props["VersioningConfiguration"] = {"Status": "Enabled"}
    if truthy(bucket.skip_policy_setup):
        del resources[naming.BUCKET_POLICY_LOGICAL_ID]
    return template


def stack_name(service: Service) -> str:
    name = service.provider.stack_name
    if isinstance(name, str) and name:
        return name
    return f"{service.service}-{service.stage}"
