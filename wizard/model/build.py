"""Turn a loaded (variables resolved) configuration into the typed Service model.

Steps, in Serverless's order: merge ``functions``/``resources`` given as lists, validate
and coerce against the config schema (Ajv semantics), then read the keys we model.
Keys and event types the compiler does not implement are recorded so that the compiler
can name them in one warning per kind instead of dropping them silently.
"""

from __future__ import annotations

import re

from ..diagnostics import ERROR, Diagnostic
from ..jsvalues import truthy
from .events import EVENT_PROVIDER_KEYS, read_event_settings, read_triggers
from .events import KINDS as TRIGGER_KINDS
from .schema_check import check_schema
from .service import (
    AccessLogs,
    Authorizer,
    Cors,
    DeploymentBucket,
    Function,
    HttpApiEvent,
    HttpApiSettings,
    Iam,
    Provider,
    RouteAuthorizer,
    Service,
)

# Function keys with no effect on the template, or that we compile.
FUNCTION_KEYS_COMPILED = frozenset(
    (
        "handler", "name", "description", "runtime", "memorySize", "timeout", "architecture",
        "environment", "tags", "role", "versionFunction", "provisionedConcurrency", "snapStart",
        "disableLogs", "logRetentionInDays", "logDataProtectionPolicy", "httpApi", "condition",
        "dependsOn", "events", "package",
    )
)
# Top-level keys with no effect on the compiled template (or that we compile).
TOP_LEVEL_KEYS_COMPILED = frozenset(
    (
        "service", "frameworkVersion", "configValidationMode", "provider", "functions", "resources",
        "custom", "package", "params", "useDotenv", "variablesResolutionMode", "disabledDeprecations",
        "deprecationNotificationMode", "org", "app", "console", "dashboard", "projectDir", "outputs",
    )
)
PROVIDER_KEYS_COMPILED = frozenset(
    (
        "name", "stage", "region", "runtime", "memorySize", "timeout", "architecture", "environment",
        "tags", "stackTags", "stackName", "logRetentionInDays", "logDataProtectionPolicy",
        "versionFunctions", "deploymentBucket", "deploymentPrefix", "iam", "iamRoleStatements",
        "iamManagedPolicies", "role", "httpApi", "logs",
        # These change how Serverless deploys, not what the template holds.
        "profile", "credentials", "lambdaHashingVersion", "deploymentMethod", "disableRollback",
        "stackPolicy", "notificationArns", "stackParameters", "rollbackConfiguration",
        "deploymentBucketName", "versionFunctions",
    )
)
PROVIDER_KEYS_COMPILED |= EVENT_PROVIDER_KEYS

# re's \s is str.isspace's character class (both are Py_UNICODE_ISSPACE), searched in C.
_WHITESPACE = re.compile(r"\s")


def _merge_list_form(value):
    """``functions``/``resources`` may be a YAML list of mappings, deep-merged in order."""
    if not isinstance(value, list):
        return value
    merged: dict = {}
    for item in value:
        if isinstance(item, dict):
            _deep_merge(merged, item)
    return merged


def _deep_merge(target: dict, source: dict) -> None:
    for key, value in source.items():
        if isinstance(value, dict) and isinstance(target.get(key), dict):
            _deep_merge(target[key], value)
        else:
            target[key] = value


def _str(value):
    return value if isinstance(value, str) else None


def _list_or_none(value):
    return value if value is not None else None


def build_service(raw: dict, *, stage: str | None = None, region: str | None = None) -> tuple[Service, list[Diagnostic]]:
    """Validate ``raw`` (coercing it in place, as Serverless does) and build the model."""
    raw["functions"] = _merge_list_form(raw.get("functions"))
    if "resources" in raw:
        raw["resources"] = _merge_list_form(raw.get("resources"))
    mode = raw.get("configValidationMode")
    diagnostics = check_schema(raw, mode if mode in ("error", "warn", "off") else "warn")

    service_name = raw.get("service")
    if isinstance(service_name, dict):  # the deprecated object form: {name: ...}
        service_name = service_name.get("name")
    if not isinstance(service_name, str) or not service_name:
        diagnostics.append(Diagnostic("SERVICE_NAME_MISSING", ERROR, '"service" property is missing in serverless.yml', ("service",)))
        service_name = "service"

    provider_raw = raw.get("provider") if isinstance(raw.get("provider"), dict) else {}
    if not isinstance(raw.get("provider"), dict) or provider_raw.get("name") != "aws":
        diagnostics.append(
            Diagnostic(
                "PROVIDER_NOT_AWS",
                ERROR,
                'provider.name must be "aws": httpapi-wizard compiles AWS services only',
                ("provider", "name") if isinstance(raw.get("provider"), dict) else ("provider",),
            )
        )
    service = Service(service=service_name, provider=_provider(provider_raw), cli_stage=stage, cli_region=region)
    service.resources = raw.get("resources")
    service.unsupported = [k for k in raw if k not in TOP_LEVEL_KEYS_COMPILED and raw[k] not in (None, [], {})]
    service.package = raw.get("package") if isinstance(raw.get("package"), dict) else None

    functions = raw.get("functions") or {}
    if isinstance(functions, dict):
        for key, fn_raw in functions.items():
            if fn_raw is None:
                fn_raw = {}
            if not isinstance(fn_raw, dict):
                diagnostics.append(Diagnostic("FUNCTION_NOT_A_MAPPING", ERROR, f'Function "{key}" must be a mapping', ("functions", key)))
                continue
            service.functions[key] = _function(key, fn_raw)
    _require_mappings(service, diagnostics)
    return service, diagnostics


def _require_mappings(service: Service, diagnostics: list[Diagnostic]) -> None:
    """Environment and tags must be mappings. Serverless's schema only warns, then spreads a
    string into numbered keys ({"0": "x"}); that is never meant, so it is an error here.

    So must ``resources.Resources`` and ``resources.Outputs``: Serverless's schema warns, then
    its merge writes the scalar or list in place of every resource of the stack (checked with
    `serverless package`), a template CloudFormation refuses."""
    if isinstance(service.resources, dict):
        for key in ("Resources", "Outputs"):
            value = service.resources.get(key)
            if value is not None and not isinstance(value, dict):
                diagnostics.append(Diagnostic(
                    "MAPPING_EXPECTED", ERROR,
                    f"resources.{key} must be a mapping of logical ids to {key.lower()}, not {type(value).__name__} "
                    f"{_short(value)}: Serverless would write it in place of every {key[:-1].lower()} of the stack",
                    ("resources", key)))
    owners = [(service.provider, ("provider",))] + [(fn, ("functions", key)) for key, fn in service.functions.items()]
    for owner, where in owners:
        for attribute, key in (("environment", "environment"), ("tags", "tags"), ("stack_tags", "stackTags")):
            value = getattr(owner, attribute, None)
            if value is not None and not isinstance(value, dict):
                diagnostics.append(Diagnostic(
                    "MAPPING_EXPECTED", ERROR,
                    f"{'.'.join(map(str, where + (key,)))} must be a mapping of names to values, not {type(value).__name__} "
                    f"{_short(value)}", where + (key,)))
                setattr(owner, attribute, None)


def _short(value) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _provider(raw: dict) -> Provider:
    p = Provider(
        stage=raw.get("stage") if raw.get("stage") is not None else None,
        region=raw.get("region"),
        runtime=raw.get("runtime"),
        memory_size=raw.get("memorySize"),
        timeout=raw.get("timeout"),
        architecture=raw.get("architecture"),
        environment=raw.get("environment"),
        tags=raw.get("tags"),
        stack_tags=raw.get("stackTags"),
        stack_name=raw.get("stackName"),
        log_retention_in_days=raw.get("logRetentionInDays"),
        log_data_protection_policy=raw.get("logDataProtectionPolicy"),
        version_functions=raw.get("versionFunctions"),
        deployment_prefix=raw.get("deploymentPrefix"),
        has_role_key="role" in raw,
    )
    bucket = raw.get("deploymentBucket")
    if isinstance(bucket, str):
        p.deployment_bucket = DeploymentBucket(name=bucket)
    elif isinstance(bucket, dict):
        p.deployment_bucket = DeploymentBucket(
            name=bucket.get("name"),
            block_public_access=bucket.get("blockPublicAccess"),
            skip_policy_setup=bucket.get("skipPolicySetup"),
            versioning=bucket.get("versioning"),
            tags=bucket.get("tags"),
        )
    p.iam = _iam(raw)
    http_api = raw.get("httpApi")
    if isinstance(http_api, dict):
        p.http_api = _http_api(http_api)
    logs = raw.get("logs")
    if isinstance(logs, dict):
        access = logs.get("httpApi")
        if truthy(access):
            p.access_logs = AccessLogs(format=access.get("format") if isinstance(access, dict) else None)
    p.unsupported = [k for k in raw if k not in PROVIDER_KEYS_COMPILED and raw[k] is not None]
    p.events = read_event_settings(raw, p.unsupported)
    return p


def _iam(raw: dict) -> Iam:
    iam = Iam(statements=raw.get("iamRoleStatements"), managed_policies=raw.get("iamManagedPolicies"))
    iam_raw = raw.get("iam")
    role = iam_raw.get("role") if isinstance(iam_raw, dict) else None
    if isinstance(role, str) or (isinstance(role, dict) and any("::" in k for k in role)):
        iam.existing_role = role
    elif isinstance(role, dict):
        if role.get("statements") is not None:
            iam.statements = role.get("statements")
        if role.get("managedPolicies") is not None:
            iam.managed_policies = role.get("managedPolicies")
        iam.role_name = role.get("name")
        iam.role_path = role.get("path")
        iam.permissions_boundary = role.get("permissionsBoundary") or role.get("permissionBoundary")
        iam.role_tags = role.get("tags")
    if iam.permissions_boundary is None and raw.get("rolePermissionsBoundary") is not None:
        iam.permissions_boundary = raw.get("rolePermissionsBoundary")
    return iam


def _http_api(raw: dict) -> HttpApiSettings:
    settings = HttpApiSettings(
        id=raw.get("id"),
        name=raw.get("name"),
        payload=raw.get("payload"),
        metrics=raw.get("metrics"),
        disable_default_endpoint=raw.get("disableDefaultEndpoint"),
        should_start_name_with_service=raw.get("shouldStartNameWithService"),
        use_provider_tags=raw.get("useProviderTags"),
    )
    cors = raw.get("cors")
    if cors is True:
        settings.cors = Cors(is_default=True)
    elif truthy(cors):
        c = cors if isinstance(cors, dict) else {}
        settings.cors = Cors(
            allowed_origins=c.get("allowedOrigins"),
            allowed_headers=c.get("allowedHeaders"),
            allowed_methods=c.get("allowedMethods"),
            allow_credentials=c.get("allowCredentials"),
            exposed_response_headers=c.get("exposedResponseHeaders"),
            max_age=c.get("maxAge"),
        )
    authorizers = raw.get("authorizers")
    if isinstance(authorizers, dict):
        for key, a in authorizers.items():
            a = a if isinstance(a, dict) else {}
            settings.authorizers[key] = Authorizer(
                key=key,
                type="request" if a.get("type") == "request" else "jwt",
                declared_type=a.get("type"),
                name=a.get("name"),
                identity_source=a.get("identitySource"),
                issuer_url=a.get("issuerUrl"),
                audience=a.get("audience"),
                function_name=a.get("functionName"),
                function_arn=a.get("functionArn"),
                managed_externally=a.get("managedExternally"),
                result_ttl_in_seconds=a.get("resultTtlInSeconds"),
                enable_simple_responses=a.get("enableSimpleResponses"),
                payload_version=a.get("payloadVersion"),
                path=("provider", "httpApi", "authorizers", key),
            )
    return settings


def _function(key: str, raw: dict) -> Function:
    path = ("functions", key)
    http_api = raw.get("httpApi")
    fn = Function(
        key=key,
        handler=raw.get("handler"),
        image=raw.get("image"),
        name=raw.get("name"),
        description=raw.get("description"),
        runtime=raw.get("runtime"),
        memory_size=raw.get("memorySize"),
        timeout=raw.get("timeout"),
        architecture=raw.get("architecture"),
        environment=raw.get("environment"),
        tags=raw.get("tags"),
        role=raw.get("role"),
        version_function=raw.get("versionFunction"),
        provisioned_concurrency=raw.get("provisionedConcurrency"),
        snap_start=raw.get("snapStart"),
        disable_logs=raw.get("disableLogs"),
        log_retention_in_days=raw.get("logRetentionInDays"),
        log_data_protection_policy=raw.get("logDataProtectionPolicy"),
        http_api_payload=http_api.get("payload") if isinstance(http_api, dict) else None,
        condition=raw.get("condition"),
        depends_on=raw.get("dependsOn"),
        package=raw.get("package") if isinstance(raw.get("package"), dict) else None,
        path=path,
    )
    fn.unsupported = [k for k in raw if k not in FUNCTION_KEYS_COMPILED and raw[k] is not None]
    if "role" in raw:
        fn.unsupported = [k for k in fn.unsupported if k != "role"]
    events = raw.get("events")
    fn.triggers = read_triggers(events, path)
    for index, event in enumerate(events if isinstance(events, list) else []):
        if not isinstance(event, dict) or not event:
            continue
        kind = next(iter(event))
        if kind in TRIGGER_KINDS:
            continue
        if kind != "httpApi":
            fn.other_events.append(kind)
            continue
        parsed = _event(event["httpApi"], path + ("events", index, "httpApi"))
        if parsed is not None:
            fn.events.append(parsed)
    return fn


def _event(value, path: tuple) -> HttpApiEvent | None:
    if not truthy(value):
        return None  # Serverless skips a falsy httpApi event
    if isinstance(value, dict):
        event = HttpApiEvent(method=value.get("method"), route_path=value.get("path"), path=path)
        auth = value.get("authorizer")
        if truthy(auth):
            if isinstance(auth, dict):
                event.authorizer = RouteAuthorizer(
                    name=auth.get("name"), id=auth.get("id"), type=auth.get("type"), scopes=auth.get("scopes"),
                    path=path + ("authorizer",),
                )
            else:
                event.authorizer = RouteAuthorizer(name=str(auth), shorthand=True, path=path + ("authorizer",))
        return event
    text = value if isinstance(value, str) else str(value)
    if text == "*":
        return HttpApiEvent(route_path="*", shorthand=True, path=path)
    method, sep, route_path = text.partition(" ")
    if not sep or not route_path.startswith("/") or _WHITESPACE.search(route_path):
        # Serverless crashes on this (TypeError in warn mode); we say what is wrong.
        return HttpApiEvent(method=text, route_path=None, shorthand=True, path=path)
    return HttpApiEvent(method=method, route_path=route_path, shorthand=True, path=path)
