"""The deprecations ``serverless package`` v3.39.0 prints, with its codes and words.

Each is reported where Serverless reports it (lib/utils/log-deprecation.js callers), in
the order a package run prints them: after the schema warnings, the service's own
(classes/service.js), then the ``initialize`` hooks in plugin order (package, provider,
functions, stream, alexaSkill, eventBridge, httpApi), then the websocket compile. A
code is printed once per run, and ``disabledDeprecations`` (a code, a list of codes, or
``*``) silences it. With ``deprecationNotificationMode: error`` the first one stops the
run as ``REJECTED_DEPRECATION_<code>``.
"""

from __future__ import annotations

from ..diagnostics import ERROR, WARNING, Diagnostic
from ..jsvalues import truthy

DOCS = "https://www.serverless.com/framework/docs/deprecations/#"

# report-deprecated-properties.js, as provider.js calls it: old property -> new one.
_IAM_PROPERTIES = (
    ("provider.role", "provider.iam.role"),
    ("provider.rolePermissionsBoundary", "provider.iam.role.permissionsBoundary"),
    ("provider.iam.role.permissionBoundary", "provider.iam.role.permissionsBoundary"),
    ("provider.iamManagedPolicies", "provider.iam.role.managedPolicies"),
    ("provider.iamRoleStatements", "provider.iam.role.statements"),
    ("provider.cfnRole", "provider.iam.deploymentRole"),
)

_SERVICE_OPTIONS = (
    ("projectDir", "PROJECT_DIR",
     'The "projectDir" option is no longer used and is ignored. You can safely remove it from the configuration'),
    ("variablesResolutionMode", "VARIABLES_RESOLUTION_MODE",
     'Starting with v3.0, the "variablesResolutionMode" option is now useless. You can safely remove it from the configuration'),
    ("console", "CONSOLE_CONFIGURATION",
     'Starting with v3.24.0, the "console" option is no longer recognized. Please remove it from the configuration'),
)


def _get(config, dotted: str):
    """lodash ``_.get`` on plain data: None where a step is missing or not a mapping."""
    node = config
    for step in dotted.split("."):
        if not isinstance(node, dict):
            return None
        node = node.get(step)
    return node


def _events(config: dict):
    """``(function key, index, event)`` of every event, as Serverless iterates them."""
    functions = config.get("functions")
    if not isinstance(functions, dict):
        return
    for key, fn in functions.items():
        events = fn.get("events") if isinstance(fn, dict) else None
        if isinstance(events, list):
            for index, event in enumerate(events):
                yield key, index, event


def _uses_include_or_exclude(package) -> bool:
    return isinstance(package, dict) and (truthy(package.get("include")) or truthy(package.get("exclude")))


def _found(config: dict, schema_warned: bool):
    """``(code, message, path)`` of each deprecation the run meets, in printed order."""
    if schema_warned and not truthy(config.get("configValidationMode")):
        yield (
            "CONFIG_VALIDATION_MODE_DEFAULT_V3",
            'Starting with the next major, Serverless will throw on configuration errors by default. Adapt to this '
            'behavior now by adding "configValidationMode: error" to the service configuration',
            (),
        )
    for key, code, message in _SERVICE_OPTIONS:
        if config.get(key) is not None:
            yield code, message, (key,)

    provider = config.get("provider") if isinstance(config.get("provider"), dict) else {}
    functions = config.get("functions") if isinstance(config.get("functions"), dict) else {}
    layers = config.get("layers") if isinstance(config.get("layers"), dict) else {}
    packaged = [(("package",), config.get("package"))]
    packaged += [(("functions", k, "package"), f.get("package")) for k, f in functions.items() if isinstance(f, dict)]
    packaged += [(("layers", k, "package"), v.get("package")) for k, v in layers.items() if isinstance(v, dict)]
    for path, package in packaged:
        if _uses_include_or_exclude(package):
            yield (
                "PACKAGE_PATTERNS",
                'Support for "package.include" and "package.exclude" will be removed in the next major release. '
                'Please use "package.patterns" instead',
                path,
            )
            break

    present = [(old, new) for old, new in _IAM_PROPERTIES if _get(config, old) is not None]
    if present:
        what = "properties" if len(present) > 1 else "property"
        details = "\n".join(f'  "{old}" -> "{new}"' for old, new in present)
        yield (
            "PROVIDER_IAM_SETTINGS_V3",
            f"Starting with version 4.0.0, following {what} will be replaced:\n{details}",
            tuple(present[0][0].split(".")),
        )

    hashing = provider.get("lambdaHashingVersion")
    if hashing == "20200924":
        yield (
            "LAMBDA_HASHING_VERSION_PROPERTY",
            'Resolution of lambda version hashes with the "20200924" algorithm is deprecated. It is highly recommend '
            "to migrate to new default algorithm. Please see the deprecation documentation for more details about "
            "the migration process.",
            ("provider", "lambdaHashingVersion"),
        )
    elif hashing == "20201221":
        yield (
            "LAMBDA_HASHING_VERSION_PROPERTY",
            'Setting "20201221" for "provider.lambdaHashingVersion" is no longer effective as new hashing algorithm '
            "is now used by default. You can safely remove this property from your configuration.",
            ("provider", "lambdaHashingVersion"),
        )

    service_specific = _get(provider, "kinesis.consumerNamingMode") == "serviceSpecific"
    for key, index, event in _events(config):
        stream = event.get("stream") if isinstance(event, dict) else None
        if isinstance(stream, dict) and truthy(stream.get("consumer")) and not service_specific:
            yield (
                "KINESIS_CONSUMER_NAME_CONTAINING_SERVICE",
                "Starting with v4.0.0 Kinesis streams naming scheme will change. Adapt to new schema by "
                "setting`provider.kinesis.consumerNamingMode` property to `serviceSpecific`.",
                ("functions", key, "events", index, "stream", "consumer"),
            )
            break

    for key, index, event in _events(config):
        if event == "alexaSkill":
            yield (
                "ALEXA_SKILL_EVENT_WITHOUT_APP_ID",
                "Starting with next major version, support for alexaSkill event without appId specified will be removed.",
                ("functions", key, "events", index),
            )
            break

    use_cloudformation = _get(provider, "eventBridge.useCloudFormation")
    where = ("provider", "eventBridge", "useCloudFormation")
    if any(isinstance(e, dict) and truthy(e.get("eventBridge")) for _, _, e in _events(config)):
        if use_cloudformation is False:
            yield (
                "AWS_EVENT_BRIDGE_CUSTOM_RESOURCE_LEGACY_OPT_IN",
                "Support for provisioning AWS EventBridge resources without native CloudFormation resources is "
                "deprecated and will no longer be maintained. If you want to upgrade to native CloudFormation, "
                'remove "eventBridge.useCloudFormation" setting from your configuration.',
                where,
            )
        elif use_cloudformation is True:
            yield (
                "AWS_EVENT_BRIDGE_CUSTOM_RESOURCE_LEGACY_OPT_IN",
                "Provisioning AWS EventBridge resources with native CloudFormation is now enabled by default. "
                'Please remove "eventBridge.useCloudFormation" from your configuration as this setting will not be '
                "recognized in the next major release.",
                where,
            )
    elif use_cloudformation is not None:
        yield (
            "AWS_EVENT_BRIDGE_CUSTOM_RESOURCE_LEGACY_OPT_IN",
            'Your service does not configure any "eventBridge" events. Please remove "eventBridge.useCloudFormation" '
            "from your configuration as this setting will not be recognized in the next major release.",
            where,
        )

    if truthy(_get(provider, "httpApi.useProviderTags")):
        yield (
            "AWS_HTTP_API_USE_PROVIDER_TAGS_PROPERTY",
            'Property "provider.httpApi.useProviderTags" is no longer effective as provider tags are applied to '
            "Http Api Gateway by default. You can safely remove this property from your configuration.",
            ("provider", "httpApi", "useProviderTags"),
        )

    websocket = any(isinstance(e, dict) and "websocket" in e for _, _, e in _events(config))
    if (
        websocket
        and not truthy(_get(provider, "apiGateway.websocketApiId"))
        and truthy(provider.get("tags"))
        and not truthy(_get(provider, "websocket.useProviderTags"))
    ):
        yield (
            "AWS_WEBSOCKET_API_USE_PROVIDER_TAGS",
            "Starting with next major version, the provider tags will be applied to Websocket Api Gateway by default. \n"
            'Set "provider.websocket.useProviderTags" to "true" to adapt to the new behavior now.',
            ("provider", "tags"),
        )


def _disabled(config: dict) -> set:
    value = config.get("disabledDeprecations")
    if isinstance(value, str):
        return {value}
    if isinstance(value, list):
        return {v for v in value if isinstance(v, str)}
    return set()


def find_deprecations(config: dict, *, schema_warned: bool) -> list[Diagnostic]:
    """The deprecations of ``config`` (validated and coerced) as Serverless prints them.

    ``schema_warned``: Serverless printed schema warnings (configValidationMode warn).
    """
    disabled = _disabled(config)
    if "*" in disabled:
        return []
    rejecting = config.get("deprecationNotificationMode") == "error"
    out: list[Diagnostic] = []
    seen: set = set()
    for code, message, path in _found(config, schema_warned):
        if code in seen or code in disabled:
            continue
        seen.add(code)
        if rejecting:
            return [
                Diagnostic(f"REJECTED_DEPRECATION_{code}", ERROR, f"{message}\n  More Info: {DOCS}{code}", path, source=DOCS + code)
            ]
        out.append(Diagnostic(code, WARNING, message, path, source=DOCS + code))
    return out
