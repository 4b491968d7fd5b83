"""Top-level ``layers:``: one AWS::Lambda::LayerVersion each, its permissions and its outputs
(lib/plugins/aws/package/compile/layers.js).

Serverless names a retained layer, and fills its ``Hash`` output, with a SHA-1 over the layer's
settings and its zip. There is no zip here, so the digest is our own over the settings and the
artifact's name: it changes when the layer does, and a diff against a real ``serverless
package`` differs only there (as for function versions).
"""

from __future__ import annotations

import json

from ..jsvalues import truthy
from ..model.service import Service
from . import naming
from .functions import ARTIFACT_STAMP


def _artifact(name: str, layer: dict) -> str:
    package = layer.get("package")
    artifact = package.get("artifact") if isinstance(package, dict) else None
    if isinstance(artifact, str) and artifact:
        return artifact.replace("\\", "/").rsplit("/", 1)[-1]
    return f"{name}.zip"


def compile_layers(service: Service, template: dict) -> None:
    layers = service.layers
    if not isinstance(layers, dict):
        return
    # Here, not at the top: hashlib loads OpenSSL, which costs every compile without layers more
    # than the compile itself (see functions.py's sha256).
    import hashlib

    provider = service.provider
    bucket = provider.deployment_bucket
    s3_bucket = bucket.name if bucket is not None and truthy(bucket.name) else {"Ref": naming.BUCKET_LOGICAL_ID}
    prefix = provider.deployment_prefix if truthy(provider.deployment_prefix) else "serverless"
    folder = f"{prefix}/{service.service}/{service.stage}/{ARTIFACT_STAMP}"
    for name, layer in layers.items():
        layer = layer if isinstance(layer, dict) else {}
        artifact = _artifact(name, layer)
        props: dict = {"Content": {"S3Bucket": s3_bucket, "S3Key": f"{folder}/{artifact}"},
                       "LayerName": layer.get("name") if truthy(layer.get("name")) else name}
        for key, prop in (("description", "Description"), ("licenseInfo", "LicenseInfo"),
                          ("compatibleRuntimes", "CompatibleRuntimes"),
                          ("compatibleArchitectures", "CompatibleArchitectures")):
            if truthy(layer.get(key)):
                props[prop] = layer[key]
        resource: dict = {"Type": "AWS::Lambda::LayerVersion", "Properties": props}
        hashed = {"Type": resource["Type"], "Properties": {**props, "Content": {"S3Bucket": s3_bucket}}}
        digest = hashlib.sha1(
            f"httpapi-wizard layer {artifact} ".encode() + json.dumps(hashed, sort_keys=True, default=str).encode()
        ).hexdigest()
        retain = truthy(layer.get("retain"))
        logical_id = naming.lambda_layer_logical_id(name) + (digest if retain else "")
        if retain:
            resource["DeletionPolicy"] = "Retain"
        template["Resources"][logical_id] = resource
        accounts = layer.get("allowedAccounts")
        for account in accounts if isinstance(accounts, list) and truthy(accounts) else []:
            permission: dict = {
                "Type": "AWS::Lambda::LayerVersionPermission",
                "Properties": {"Action": "lambda:GetLayerVersion", "LayerVersionArn": {"Ref": logical_id},
                               "Principal": account},
            }
            permission_id = naming.lambda_layer_permission_logical_id(name, str(account))
            if retain:
                permission_id += digest
                permission["DeletionPolicy"] = "Retain"
            template["Resources"][permission_id] = permission
        output_id = naming.lambda_layer_logical_id(name)
        outputs = template["Outputs"]
        outputs[f"{output_id}QualifiedArn"] = {"Description": "Current Lambda layer version", "Value": {"Ref": logical_id}}
        outputs[f"{output_id}Hash"] = {"Description": "Current Lambda layer hash", "Value": digest}
        outputs[f"{output_id}S3Key"] = {"Description": "Current Lambda layer S3Key", "Value": props["Content"]["S3Key"]}
