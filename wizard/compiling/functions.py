"""Lambda functions, their versions and aliases (compile/functions.js).

Serverless hashes the deployment zip into ``CodeSha256`` and the version's logical id.
There is no zip here, so both come from a stable hash of our own over the same inputs
(the function's configuration and its artifact name): they change when the function
changes, and a diff against a real ``serverless package`` differs only there.
"""

from __future__ import annotations

import base64
import json

try:  # CPython's built-in SHA-256: importing hashlib loads OpenSSL, slower than a compile
    from _sha256 import sha256
except ImportError:  # pragma: no cover - other Pythons
    try:
        from _sha2 import sha256
    except ImportError:
        from hashlib import sha256

from ..diagnostics import ERROR, Diagnostic
from ..jsvalues import js_assign, truthy
from ..model.service import Function, Service
from . import naming
from .iam import function_name

SOURCE = "https://github.com/serverless/serverless/blob/v3.39.0/lib/plugins/aws/package/compile/functions.js"
DEFAULT_RUNTIME = "nodejs16.x"
DEFAULT_MEMORY = 1024
DEFAULT_TIMEOUT = 6
# Serverless stamps the artifact folder with the packaging time; a fixed stamp keeps
# our output reproducible (the S3Key is one of the two fields a diff may show).
ARTIFACT_STAMP = "0000000000000-1970-01-01T00:00:00.000Z"


def artifact_name(service: Service, fn: Function) -> str:
    fn_package = fn.package or {}
    svc_package = service.package or {}
    artifact = fn_package.get("artifact") or svc_package.get("artifact")
    if isinstance(artifact, str) and artifact:
        return artifact.replace("\\", "/").rsplit("/", 1)[-1]
    if truthy(svc_package.get("individually")) or truthy(fn_package.get("individually")):
        return f"{fn.key}.zip"
    return f"{service.service}.zip"


def _b64_sha256(data: str) -> str:
    return base64.b64encode(sha256(data.encode("utf-8")).digest()).decode("ascii")


# One encoder for every version digest: json.dumps with options builds a new one per call.
_DIGEST_JSON = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def execution_role(service: Service, fn: Function):
    if truthy(fn.role):
        return fn.role
    if service.provider.iam.existing_role is not None:
        return service.provider.iam.existing_role
    return None


def compile_functions(service: Service, template: dict, diagnostics: list) -> dict:
    """Add functions, versions and aliases; return each function's alias target, if any."""
    resources = template["Resources"]
    provider = service.provider
    aliases: dict[str, tuple[str, str]] = {}
    bucket = provider.deployment_bucket
    s3_bucket = bucket.name if bucket is not None and truthy(bucket.name) else {"Ref": naming.BUCKET_LOGICAL_ID}
    prefix = provider.deployment_prefix if truthy(provider.deployment_prefix) else "serverless"
    compiled: list[tuple[Function, dict, str]] = []
    # The provider's fallbacks, decided once rather than per function.
    runtime = provider.runtime if truthy(provider.runtime) else DEFAULT_RUNTIME
    memory_size = provider.memory_size if truthy(provider.memory_size) else DEFAULT_MEMORY
    timeout = provider.timeout if truthy(provider.timeout) else DEFAULT_TIMEOUT
    provider_tags = truthy(provider.tags)
    provider_environment = truthy(provider.environment)
    s3_key_prefix = f"{prefix}/{service.service}/{service.stage}/{ARTIFACT_STAMP}/"

    # Serverless awaits the image digest before adding an image function, so those
    # land after every handler function.
    for key, fn in sorted(service.functions.items(), key=lambda item: truthy(item[1].image)):
        has_handler = truthy(fn.handler)
        has_image = truthy(fn.image)
        if not has_handler and not has_image:
            diagnostics.append(
                Diagnostic(
                    "FUNCTION_NEITHER_HANDLER_NOR_IMAGE_DEFINED_ERROR",
                    ERROR,
                    f'Either "handler" or "image" property needs to be set on function "{key}"',
                    fn.path,
                    source=SOURCE,
                )
            )
            continue
        if has_handler and has_image:
            diagnostics.append(
                Diagnostic(
                    "FUNCTION_BOTH_HANDLER_AND_IMAGE_DEFINED_ERROR",
                    ERROR,
                    f'Either "handler" or "image" property (not both) needs to be set on function "{key}".',
                    fn.path,
                    source=SOURCE,
                )
            )
            continue
        props: dict = {"Code": {}}
        resource = {"Type": "AWS::Lambda::Function", "Properties": props}
        artifact = artifact_name(service, fn)
        if has_handler:
            props["Handler"] = fn.handler
            props["Code"]["S3Bucket"] = s3_bucket
            props["Code"]["S3Key"] = s3_key_prefix + artifact
            props["Runtime"] = fn.runtime if truthy(fn.runtime) else runtime
        else:
            uri = fn.image if isinstance(fn.image, str) else (fn.image or {}).get("uri")
            props["Code"]["ImageUri"] = uri
            props["PackageType"] = "Image"
        props["FunctionName"] = function_name(service, key)
        props["MemorySize"] = fn.memory_size if truthy(fn.memory_size) else memory_size
        props["Timeout"] = fn.timeout if truthy(fn.timeout) else timeout
        architecture = fn.architecture if truthy(fn.architecture) else provider.architecture
        if truthy(architecture):
            props["Architectures"] = [architecture]
        if truthy(fn.description):
            props["Description"] = fn.description
        if truthy(fn.condition):
            resource["Condition"] = fn.condition
        if truthy(fn.depends_on):
            resource["DependsOn"] = list(fn.depends_on) if isinstance(fn.depends_on, list) else [fn.depends_on]
        if provider_tags or truthy(fn.tags):
            tags = js_assign(provider.tags, fn.tags)
            props["Tags"] = [{"Key": k, "Value": v} for k, v in tags.items()]
        if provider_environment or truthy(fn.environment):
            props["Environment"] = {"Variables": js_assign(provider.environment, fn.environment)}
        _compile_role(resource, execution_role(service, fn) or naming.ROLE_LOGICAL_ID)
        if not truthy(fn.disable_logs):
            resource["DependsOn"] = [naming.log_group_logical_id(key)] + resource.get("DependsOn", [])
        resources[naming.lambda_logical_id(key)] = resource
        compiled.append((fn, resource, artifact))

    # Versions of image functions need no zip hash, so Serverless adds them first.
    code_shas: dict[str, str] = {}  # most functions share the service's artifact
    for fn, resource, artifact in sorted(compiled, key=lambda item: not truthy(item[0].image)):
        code_sha = code_shas.get(artifact)
        if code_sha is None:
            code_sha = code_shas[artifact] = _b64_sha256(f"httpapi-wizard artifact {service.service}/{artifact}")
        alias = _version(service, fn, resource, template, code_sha, diagnostics)
        if alias is not None:
            aliases[fn.key] = alias
    return aliases


def _index_zero(value):
    """``value[0]`` in JS: a list's or a string's first item, a mapping's "0", else undefined (None)."""
    if isinstance(value, (list, str)):
        return value[0] if value else None
    return value.get("0") if isinstance(value, dict) else None


def _compile_role(resource: dict, role) -> None:
    props = resource["Properties"]
    if isinstance(role, str):
        if role.startswith("arn:"):
            props["Role"] = role
        elif role == naming.ROLE_LOGICAL_ID:
            props["Role"] = {"Fn::GetAtt": [role, "Arn"]}
        else:
            props["Role"] = {"Fn::GetAtt": [role, "Arn"]}
            resource["DependsOn"] = resource.get("DependsOn", []) + [role]
    elif isinstance(role, dict) and "Fn::GetAtt" in role:
        props["Role"] = role
        # `.concat(role['Fn::GetAtt'][0])`: whatever [0] gives in JS (a missing item is
        # undefined, which JSON writes as null in a list), an array spread into the list.
        first = _index_zero(role["Fn::GetAtt"])
        resource["DependsOn"] = resource.get("DependsOn", []) + (list(first) if isinstance(first, list) else [first])
    else:
        props["Role"] = role


def _version(service: Service, fn: Function, resource: dict, template: dict, code_sha: str, diagnostics: list):
    provider = service.provider
    should_version = fn.version_function if fn.version_function is not None else (
        provider.version_functions if provider.version_functions is not None else True
    )
    provisioned = truthy(fn.provisioned_concurrency)
    snap_start = truthy(fn.snap_start)
    if not (truthy(should_version) or provisioned or snap_start):
        return None
    props = resource["Properties"]
    hashed = {k: v for k, v in props.items() if k not in ("Code", "ReservedConcurrentExecutions", "Tags")}
    hashed["layerConfigurations"] = []
    # Our own stable digest (Serverless's hashes the zip, which does not exist here).
    digest = _b64_sha256(code_sha + _DIGEST_JSON.encode(hashed))
    version_id = naming.lambda_version_logical_id(fn.key, digest)
    version_props: dict = {"FunctionName": {"Ref": naming.lambda_logical_id(fn.key)}, "CodeSha256": code_sha}
    if truthy(fn.description):
        version_props["Description"] = fn.description
    version = {"Type": "AWS::Lambda::Version", "DeletionPolicy": "Retain", "Properties": version_props}
    template["Resources"][version_id] = version
    template["Outputs"][naming.lambda_version_output_logical_id(fn.key)] = {
        "Description": "Current Lambda function version",
        "Value": {"Ref": version_id},
    }
    if provisioned and snap_start:
        diagnostics.append(
            Diagnostic(
                "FUNCTION_BOTH_PROVISIONED_CONCURRENCY_AND_SNAPSTART_ENABLED_ERROR",
                ERROR,
                "Functions with enabled SnapStart does not support provisioned concurrency. "
                f'Please remove at least one of the settings on function "{fn.key}".',
                fn.path,
                source=SOURCE,
            )
        )
        return None
    alias = None
    if provisioned:
        if not truthy(should_version):
            del version["DeletionPolicy"]
        alias_id = naming.provisioned_alias_logical_id(fn.key)
        alias = ("provisioned", alias_id)
        template["Resources"][alias_id] = {
            "Type": "AWS::Lambda::Alias",
            "Properties": {
                "FunctionName": {"Ref": naming.lambda_logical_id(fn.key)},
                "FunctionVersion": {"Fn::GetAtt": [version_id, "Version"]},
                "Name": "provisioned",
                "ProvisionedConcurrencyConfig": {"ProvisionedConcurrentExecutions": fn.provisioned_concurrency},
            },
            "DependsOn": naming.lambda_logical_id(fn.key),
        }
    if snap_start:
        if not truthy(should_version):
            version.pop("DeletionPolicy", None)
        props["SnapStart"] = {"ApplyOn": "PublishedVersions"}
        alias_id = naming.snap_start_alias_logical_id(fn.key)
        alias = ("snapstart", alias_id)
        template["Resources"][alias_id] = {
            "Type": "AWS::Lambda::Alias",
            "Properties": {
                "FunctionName": {"Ref": naming.lambda_logical_id(fn.key)},
                "FunctionVersion": {"Fn::GetAtt": [version_id, "Version"]},
                "Name": "snapstart",
            },
            "DependsOn": naming.lambda_logical_id(fn.key),
        }
    return alias
