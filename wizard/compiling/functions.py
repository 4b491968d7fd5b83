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
from ..jsvalues import UNDEFINED, js_assign, truthy, union_with_equal
from ..model.service import Function, Service
from . import naming
from .iam import function_name
from .images import ImageError, image_config, resolve_image
from .invoke import compile_event_invoke_config, compile_function_url

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


def versioned(service: Service, fn: Function) -> bool:
    """Whether Serverless publishes a version of ``fn`` (and so hashes its artifact first)."""
    should_version = fn.version_function if fn.version_function is not None else (
        service.provider.version_functions if service.provider.version_functions is not None else True
    )
    return truthy(should_version) or truthy(fn.provisioned_concurrency) or truthy(fn.snap_start)


def compile_functions(service: Service, template: dict, diagnostics: list) -> dict:
    """Add functions, versions, aliases, URLs and invoke configs; return each function's alias target, if any.

    Serverless compiles every function at once (``Promise.all``), so what it writes interleaves
    as its awaits resolve: a zip function runs up to the hashing of its artifact, and one that
    publishes no version runs to its end there; an image function waits for its image before
    anything, then runs to its end; the versions of zip functions come last.
    """
    state = _State(service, template, diagnostics)
    waiting: list[tuple[Function, dict, str]] = []
    images: list[Function] = []
    for key, fn in service.functions.items():
        has_handler = truthy(fn.handler)
        has_image = truthy(fn.image)
        if not has_handler and not has_image:
            state.error(
                "FUNCTION_NEITHER_HANDLER_NOR_IMAGE_DEFINED_ERROR",
                f'Either "handler" or "image" property needs to be set on function "{key}"', fn.path)
            continue
        if has_handler and has_image:
            state.error(
                "FUNCTION_BOTH_HANDLER_AND_IMAGE_DEFINED_ERROR",
                f'Either "handler" or "image" property (not both) needs to be set on function "{key}".', fn.path)
            continue
        if has_image:
            images.append(fn)
            continue
        artifact = artifact_name(service, fn)
        resource = _function_resource(state, fn, artifact)
        if resource is None:
            continue
        if versioned(service, fn):
            waiting.append((fn, resource, artifact))
        else:
            _finish(state, fn, resource, None)
    for fn in images:
        try:
            uri, digest = resolve_image(service, fn, diagnostics)
        except ImageError as error:
            diagnostics.append(error.diagnostic)
            continue
        resource = _function_resource(state, fn, None, uri)
        if resource is not None:
            _finish(state, fn, resource, digest or _b64_sha256(f"httpapi-wizard image {service.service}/{fn.key}"))
    code_shas: dict[str, str] = {}  # most functions share the service's artifact
    for fn, resource, artifact in waiting:
        code_sha = code_shas.get(artifact)
        if code_sha is None:
            code_sha = code_shas[artifact] = _b64_sha256(f"httpapi-wizard artifact {service.service}/{artifact}")
        _finish(state, fn, resource, code_sha)
    return state.aliases


class _State:
    """What compiling the functions shares: the template, the role's statements, the aliases so far."""

    def __init__(self, service: Service, template: dict, diagnostics: list) -> None:
        self.service = service
        self.template = template
        self.resources = template["Resources"]
        self.diagnostics = diagnostics
        self.aliases: dict[str, tuple[str, str]] = {}
        provider = service.provider
        bucket = provider.deployment_bucket
        self.s3_bucket = bucket.name if bucket is not None and truthy(bucket.name) else {"Ref": naming.BUCKET_LOGICAL_ID}
        prefix = provider.deployment_prefix if truthy(provider.deployment_prefix) else "serverless"
        self.s3_key_prefix = f"{prefix}/{service.service}/{service.stage}/{ARTIFACT_STAMP}/"
        # The provider's fallbacks, decided once rather than per function.
        self.runtime = provider.runtime if truthy(provider.runtime) else DEFAULT_RUNTIME
        self.memory_size = provider.memory_size if truthy(provider.memory_size) else DEFAULT_MEMORY
        self.timeout = provider.timeout if truthy(provider.timeout) else DEFAULT_TIMEOUT
        self.provider_tags = truthy(provider.tags)
        self.provider_environment = truthy(provider.environment)
        self.provider_vpc = provider.vpc if isinstance(provider.vpc, dict) else {}
        tracing = provider.tracing
        self.provider_tracing = tracing.get("lambda") if isinstance(tracing, dict) else None
        # Destinations already granted (Serverless memoizes the grant by its argument).
        self.granted: list = []

    def error(self, code: str, message: str, path: tuple) -> None:
        self.diagnostics.append(Diagnostic(code, ERROR, message, path, source=SOURCE))

    def statements(self) -> list | None:
        """The generated role's statements, when Serverless generates the role."""
        role = self.resources.get(naming.ROLE_LOGICAL_ID)
        if role is None:
            return None
        return role["Properties"]["Policies"][0]["PolicyDocument"]["Statement"]

    def merge_statement(self, statement: dict) -> None:
        """Serverless's ``_.unionWith(statements, [statement], _.isEqual)``: the list once more without repeats."""
        statements = self.statements()
        if statements is not None:
            statements[:] = union_with_equal(statements, [statement])


def _function_resource(state: _State, fn: Function, artifact: str | None, image_uri: str | None = None) -> dict | None:
    """The AWS::Lambda::Function, its properties in the order Serverless sets them."""
    service, provider = state.service, state.service.provider
    key = fn.key
    props: dict = {"Code": {}}
    resource = {"Type": "AWS::Lambda::Function", "Properties": props}
    if artifact is None:
        config = image_config(fn.image)
        if config:
            props["ImageConfig"] = config
        props["Code"]["ImageUri"] = UNDEFINED if image_uri is None else image_uri
        props["PackageType"] = "Image"
    else:
        management = _runtime_management(provider.runtime_management, fn.runtime_management)
        mode = management.get("mode")
        if mode != "auto":
            config = {"UpdateRuntimeOn": _RUNTIME_MANAGEMENT.get(mode, UNDEFINED)}
            if mode == "manual":
                config["RuntimeVersionArn"] = management.get("arn", UNDEFINED)
            props["RuntimeManagementConfig"] = config
        props["Handler"] = fn.handler
        props["Code"]["S3Bucket"] = state.s3_bucket
        props["Code"]["S3Key"] = state.s3_key_prefix + artifact
        props["Runtime"] = fn.runtime if truthy(fn.runtime) else state.runtime
    props["FunctionName"] = function_name(service, key)
    props["MemorySize"] = fn.memory_size if truthy(fn.memory_size) else state.memory_size
    props["Timeout"] = fn.timeout if truthy(fn.timeout) else state.timeout
    architecture = fn.architecture if truthy(fn.architecture) else provider.architecture
    if truthy(architecture):
        props["Architectures"] = [architecture]
    if truthy(fn.description):
        props["Description"] = fn.description
    if truthy(fn.condition):
        resource["Condition"] = fn.condition
    if truthy(fn.depends_on):
        resource["DependsOn"] = list(fn.depends_on) if isinstance(fn.depends_on, list) else [fn.depends_on]
    if state.provider_tags or truthy(fn.tags):
        tags = js_assign(provider.tags, fn.tags)
        props["Tags"] = [{"Key": k, "Value": v} for k, v in tags.items()]
    if truthy(fn.ephemeral_storage_size):
        props["EphemeralStorage"] = {"Size": fn.ephemeral_storage_size}
    if truthy(fn.on_error):
        props["DeadLetterConfig"] = {"TargetArn": fn.on_error}
        statements = state.statements()
        if isinstance(fn.on_error, str) and statements is not None:
            statements.append({"Effect": "Allow", "Action": ["sns:Publish"], "Resource": [fn.on_error]})
    kms_key_arn = fn.kms_key_arn if truthy(fn.kms_key_arn) else provider.kms_key_arn
    if truthy(kms_key_arn):
        props["KmsKeyArn"] = kms_key_arn
        if isinstance(kms_key_arn, str):
            state.merge_statement({"Effect": "Allow", "Action": ["kms:Decrypt"], "Resource": [kms_key_arn]})
    tracing = fn.tracing if truthy(fn.tracing) else state.provider_tracing
    if truthy(tracing):
        props["TracingConfig"] = {"Mode": "Active" if isinstance(tracing, bool) else tracing}
        state.merge_statement(dict(_XRAY_STATEMENT))
    if state.provider_environment or truthy(fn.environment):
        props["Environment"] = {"Variables": js_assign(provider.environment, fn.environment)}
    _compile_role(resource, execution_role(service, fn) or naming.ROLE_LOGICAL_ID)
    if fn.vpc is not False and not (fn.declares_vpc and fn.vpc is None):
        own = fn.vpc if isinstance(fn.vpc, dict) else {}
        groups = own.get("securityGroupIds") if truthy(own.get("securityGroupIds")) else state.provider_vpc.get("securityGroupIds")
        subnets = own.get("subnetIds") if truthy(own.get("subnetIds")) else state.provider_vpc.get("subnetIds")
        if truthy(groups) and truthy(subnets):
            props["VpcConfig"] = {"SecurityGroupIds": groups, "SubnetIds": subnets}
    if truthy(fn.file_system_config):
        if "VpcConfig" not in props:
            state.error(
                "LAMBDA_FILE_SYSTEM_CONFIG_MISSING_VPC",
                f'Function "{key}": when using fileSystemConfig, ensure that function has vpc configured '
                "on function or provider level", fn.path + ("fileSystemConfig",))
            return None
        config = fn.file_system_config if isinstance(fn.file_system_config, dict) else {}
        statements = state.statements()
        if statements is not None:
            statements.append({
                "Effect": "Allow",
                "Action": ["elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite"],
                "Resource": [config.get("arn", UNDEFINED)],
            })
        props["FileSystemConfigs"] = [{"Arn": config.get("arn", UNDEFINED), "LocalMountPath": config.get("localMountPath", UNDEFINED)}]
    if truthy(fn.reserved_concurrency) or fn.reserved_concurrency == 0 and not isinstance(fn.reserved_concurrency, bool):
        props["ReservedConcurrentExecutions"] = fn.reserved_concurrency
    if not truthy(fn.disable_logs):
        resource["DependsOn"] = [naming.log_group_logical_id(key)] + resource.get("DependsOn", [])
    if truthy(fn.layers):
        props["Layers"] = fn.layers
    elif truthy(provider.layers):
        props["Layers"] = list(provider.layers) if isinstance(provider.layers, list) else provider.layers
    state.resources[naming.lambda_logical_id(key)] = resource
    return resource


_XRAY_STATEMENT = {"Effect": "Allow", "Action": ["xray:PutTraceSegments", "xray:PutTelemetryRecords"], "Resource": ["*"]}
_RUNTIME_MANAGEMENT = {"auto": "Auto", "onFunctionUpdate": "FunctionUpdate", "manual": "Manual"}


def _runtime_management(provider_value, function_value) -> dict:
    """``{mode: 'auto', ...provider's, ...function's}``, a string meaning ``{mode: string}``."""
    out: dict = {"mode": "auto"}
    for value in (provider_value, function_value):
        if isinstance(value, str):
            out["mode"] = value
        elif isinstance(value, dict):
            out.update(value)
    return out


def _finish(state: _State, fn: Function, resource: dict, code_sha: str | None) -> None:
    """What Serverless adds after the function: its version and alias, then its URL and invoke config."""
    if code_sha is not None:
        alias = _version(state.service, fn, resource, state.template, code_sha, state.diagnostics)
        if alias is not None:
            state.aliases[fn.key] = alias
    compile_function_url(state, fn)
    compile_event_invoke_config(state, fn)


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
