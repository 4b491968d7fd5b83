"""Turn a loaded (variables resolved) configuration into the typed Service model.

Steps, in Serverless's order: merge ``functions``/``resources`` given as lists, validate
and coerce against the config schema (Ajv semantics), then read the keys we model.
Keys and event types that Serverless compiles and this compiler does not are recorded so
that the compiler can name them in one warning per kind instead of dropping them silently.
A key outside Serverless's own schema (a plugin's, or a typo) is not recorded: Serverless
compiles nothing from it either, and the schema's "unrecognized property" already names it.
"""

from __future__ import annotations

import re

from ..diagnostics import ERROR, Diagnostic
from ..jsvalues import js_entries, truthy
from .deprecations import find_deprecations
from .events import EVENT_PROVIDER_KEYS, read_event_settings, read_triggers
from .events import KINDS as TRIGGER_KINDS
from .refusals import normalize_provider, refusals
from .schema import HTTP_API_METHOD_PATH, SCHEMA
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

# Keys that change how Serverless runs or deploys, not what the template holds: known, never compiled.
_TOP_LEVEL_KEYS_WITHOUT_EFFECT = (
    "frameworkVersion", "configValidationMode", "custom", "params", "useDotenv", "variablesResolutionMode",
    "disabledDeprecations", "deprecationNotificationMode", "org", "app", "console", "dashboard", "projectDir",
    "outputs",
)
_PROVIDER_KEYS_WITHOUT_EFFECT = (
    "name",  # must be "aws", checked below
    "profile", "credentials", "lambdaHashingVersion", "deploymentMethod", "disableRollback",
    "stackPolicy", "notificationArns", "stackParameters", "rollbackConfiguration", "deploymentBucketName",
    "cfnRole",  # the role CloudFormation deploys with (get-shared-stack-action-params.js)
)
# In v3.39's function schema, but nothing in Serverless reads it.
_FUNCTION_KEYS_WITHOUT_EFFECT = ("awsKmsKeyArn",)
# The keys the compiler knows: every key a model field reads (see record.yaml), and the above.
FUNCTION_KEYS_COMPILED = Function.yaml_keys() | frozenset(_FUNCTION_KEYS_WITHOUT_EFFECT)
TOP_LEVEL_KEYS_COMPILED = Service.yaml_keys() | frozenset(_TOP_LEVEL_KEYS_WITHOUT_EFFECT)
PROVIDER_KEYS_COMPILED = Provider.yaml_keys() | frozenset(_PROVIDER_KEYS_WITHOUT_EFFECT)
PROVIDER_KEYS_COMPILED |= EVENT_PROVIDER_KEYS

_FUNCTION_SCHEMA = next(iter(SCHEMA["properties"]["functions"]["patternProperties"].values()))
# What Serverless's own schema knows and this compiler does not compile (see the module's docstring).
_TOP_LEVEL_NOT_COMPILED = frozenset(SCHEMA["properties"]) - TOP_LEVEL_KEYS_COMPILED
_PROVIDER_NOT_COMPILED = frozenset(SCHEMA["properties"]["provider"]["properties"]) - PROVIDER_KEYS_COMPILED
_FUNCTION_NOT_COMPILED = frozenset(_FUNCTION_SCHEMA["properties"]) - FUNCTION_KEYS_COMPILED
EVENT_KINDS_KNOWN = frozenset(
    key for variant in _FUNCTION_SCHEMA["properties"]["events"]["items"]["anyOf"] for key in variant.get("required", ())
) - {"__schemaWorkaround__"}


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
    normalize_provider(raw)
    raw["functions"] = _merge_list_form(raw.get("functions"))
    if "resources" in raw:
        raw["resources"] = _merge_list_form(raw.get("resources"))
    mode = raw.get("configValidationMode")
    diagnostics = check_schema(raw, mode if mode in ("error", "warn", "off") else "warn")
    schema_warned = any(d.code == "CONFIG_SCHEMA" for d in diagnostics)
    diagnostics += refusals(raw)
    if not any(d.is_error for d in diagnostics):
        diagnostics.extend(find_deprecations(raw, schema_warned=schema_warned))

    service_name = raw.get("service")
    if isinstance(service_name, dict):  # the old object form, refused (SERVICE_OBJECT_NOTATION)
        service_name = service_name.get("name") if isinstance(service_name.get("name"), str) else "service"
    if not isinstance(service_name, str) or not service_name:
        diagnostics.append(Diagnostic("SERVICE_NAME_MISSING", ERROR, '"service" property is missing in serverless.yml', ("service",)))
        service_name = "service"

    provider_raw = raw.get("provider") if isinstance(raw.get("provider"), dict) else {}
    if isinstance(provider_raw.get("name"), str) and provider_raw.get("name") != "aws":
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
    plugins = raw.get("plugins")
    plugins = plugins.get("modules") if isinstance(plugins, dict) else plugins  # {localPath, modules}
    service.plugins = [p for p in plugins if isinstance(p, str)] if isinstance(plugins, list) else []
    # `plugins: {localPath, modules: []}` loads none: nothing is missing then.
    service.unsupported = [k for k in raw if k in _TOP_LEVEL_NOT_COMPILED and raw[k] not in (None, [], {})
                           and (k != "plugins" or service.plugins)]
    service.package = raw.get("package") if isinstance(raw.get("package"), dict) else None
    service.layers = raw.get("layers") if isinstance(raw.get("layers"), dict) else None

    functions = raw.get("functions") or {}
    if isinstance(functions, dict):
        for key, fn_raw in functions.items():
            if fn_raw is None:
                fn_raw = {}
            if not isinstance(fn_raw, dict):
                continue  # refused (NON_OBJECT_FUNCTION_CONFIGURATION_ERROR)
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
        for attribute in ("environment", "tags", "stack_tags"):
            value = getattr(owner, attribute, None)
            if value is not None and not isinstance(value, dict):
                key = type(owner).yaml_key(attribute)
                diagnostics.append(Diagnostic(
                    "MAPPING_EXPECTED", ERROR,
                    f"{'.'.join(map(str, where + (key,)))} must be a mapping of names to values, not {type(value).__name__} "
                    f"{_short(value)}", where + (key,)))
                setattr(owner, attribute, None)


def _short(value) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _provider(raw: dict) -> Provider:
    p = Provider.from_yaml(raw, has_role_key=Provider.yaml_key("has_role_key") in raw)
    bucket = raw.get(Provider.yaml_key("deployment_bucket"))
    if isinstance(bucket, str):
        p.deployment_bucket = DeploymentBucket(name=bucket)
    elif isinstance(bucket, dict):
        p.deployment_bucket = DeploymentBucket.from_yaml(bucket)
    p.iam = _iam(raw)
    http_api = raw.get(Provider.yaml_key("http_api"))
    if isinstance(http_api, dict):
        p.http_api = _http_api(http_api)
    logs = raw.get(Provider.yaml_key("access_logs"))
    if isinstance(logs, dict):
        access = logs.get("httpApi")
        if truthy(access):
            p.access_logs = AccessLogs(format=access.get("format") if isinstance(access, dict) else None)
    p.unsupported = [k for k in raw if k in _PROVIDER_NOT_COMPILED and raw[k] is not None]
    p.events = read_event_settings(raw, p.unsupported)
    return p


def _iam(raw: dict) -> Iam:
    iam = Iam(statements=raw.get("iamRoleStatements"), managed_policies=raw.get("iamManagedPolicies"))
    iam_raw = raw.get(Provider.yaml_key("iam"))
    role = iam_raw.get("role") if isinstance(iam_raw, dict) else None
    if isinstance(role, str) or (isinstance(role, dict) and any("::" in k for k in role)):
        iam.existing_role = role
    elif isinstance(role, dict):
        iam = Iam.from_yaml(role)
        iam.statements = _first_set(iam.statements, raw.get("iamRoleStatements"))
        iam.managed_policies = _first_set(iam.managed_policies, raw.get("iamManagedPolicies"))
        iam.permissions_boundary = iam.permissions_boundary or role.get("permissionBoundary")
    if iam.permissions_boundary is None and raw.get("rolePermissionsBoundary") is not None:
        iam.permissions_boundary = raw.get("rolePermissionsBoundary")
    return iam


def _first_set(value, fallback):
    return value if value is not None else fallback


def _http_api(raw: dict) -> HttpApiSettings:
    settings = HttpApiSettings.from_yaml(raw)
    cors = raw.get("cors")
    if cors is True:
        settings.cors = Cors(is_default=True)
    elif truthy(cors):
        settings.cors = Cors.from_yaml(cors if isinstance(cors, dict) else {})
    authorizers = raw.get("authorizers")
    settings.authorizers_set = truthy(authorizers)
    if settings.authorizers_set:
        where = ("provider", "httpApi", "authorizers")
        # Object.entries: a list's authorizers are named "0", "1"... (the schema warns of the list).
        for key, a, at in js_entries(authorizers):
            written = a if isinstance(a, dict) else {}
            settings.authorizers[key] = Authorizer.from_yaml(
                written, key=key, type="request" if written.get("type") == "request" else "jwt",
                path=where + ((at,) if at is not None else ()), is_null=a is None)
    return settings


def _function(key: str, raw: dict) -> Function:
    path = ("functions", key)
    fn = Function.from_yaml(raw, key=key, path=path, declares_vpc=Function.yaml_key("vpc") in raw)
    if not isinstance(fn.package, dict):
        fn.package = None
    fn.unsupported = [k for k in raw if k in _FUNCTION_NOT_COMPILED and raw[k] is not None]
    if "role" in raw:
        fn.unsupported = [k for k in fn.unsupported if k != "role"]
    events = raw.get(Function.yaml_key("events"))
    fn.triggers = read_triggers(events, path)
    for index, event in enumerate(events if isinstance(events, list) else []):
        if not isinstance(event, dict):
            continue
        # Every kind in the item, not its first key only: each of Serverless's event plugins looks for its own
        # key in every item (`if (!event.httpApi) continue`), so a mis-indented `httpApi:` under `- schedule:`
        # is a route as well as a schedule.
        fn.other_events += [kind for kind in event if kind in EVENT_KINDS_KNOWN and kind not in TRIGGER_KINDS
                            and kind != "httpApi"]
        if "httpApi" in event:
            parsed = _event(event["httpApi"], path + ("events", index, "httpApi"))
            if parsed is not None:
                fn.events.append(parsed)
    return fn


def _event(value, path: tuple) -> HttpApiEvent | None:
    if not truthy(value):
        return None  # Serverless skips a falsy httpApi event
    if isinstance(value, dict):
        event = HttpApiEvent.from_yaml(value, path=path)
        auth = value.get("authorizer")
        if truthy(auth):
            if isinstance(auth, dict):
                event.authorizer = RouteAuthorizer.from_yaml(auth, path=path + ("authorizer",))
            elif isinstance(auth, list):
                # An object to lodash: its name, id and type are all undefined (a one-item list the schema
                # already unwrapped), so Serverless finds neither id nor name.
                event.authorizer = RouteAuthorizer(path=path + ("authorizer",))
            else:
                event.authorizer = RouteAuthorizer(name=str(auth), shorthand=True, path=path + ("authorizer",))
        return event
    text = value if isinstance(value, str) else str(value)
    if text == "*":
        return HttpApiEvent(route_path="*", shorthand=True, path=path)
    match = re.match(HTTP_API_METHOD_PATH, text)  # compiled once, in re's cache, shared with the schema check
    if match is None:
        # Serverless splits the text with the schema's pattern and crashes (a TypeError in warn
        # mode) when it does not match: `GET users`, `* /users`, `FETCH /x`. We say what is wrong.
        return HttpApiEvent(method=text, route_path=None, shorthand=True, path=path)
    return HttpApiEvent(method=match.group(1), route_path=match.group(2), shorthand=True, path=path)
