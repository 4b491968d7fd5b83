"""The model as the mapping a serverless.yml holds: only what is set, in authors' order."""

from __future__ import annotations

from ..model.service import Authorizer, Function, HttpApiEvent, Service


def _set(out: dict, key: str, value) -> None:
    if value is not None:
        out[key] = value


def _authorizer(auth: Authorizer) -> dict:
    out: dict = {}
    _set(out, "type", auth.declared_type)
    _set(out, "name", auth.name)
    _set(out, "identitySource", auth.identity_source)
    _set(out, "issuerUrl", auth.issuer_url)
    _set(out, "audience", auth.audience)
    _set(out, "functionName", auth.function_name)
    _set(out, "functionArn", auth.function_arn)
    _set(out, "managedExternally", auth.managed_externally)
    _set(out, "resultTtlInSeconds", auth.result_ttl_in_seconds)
    _set(out, "enableSimpleResponses", auth.enable_simple_responses)
    _set(out, "payloadVersion", auth.payload_version)
    return out


def event(e: HttpApiEvent):
    if e.shorthand and e.authorizer is None:
        return {"httpApi": "*" if e.route_path == "*" else f"{e.method} {e.route_path}"}
    body: dict = {}
    _set(body, "method", e.method)
    _set(body, "path", e.route_path)
    ref = e.authorizer
    if ref is not None:
        if ref.shorthand:
            body["authorizer"] = ref.name
        else:
            auth: dict = {}
            _set(auth, "name", ref.name)
            _set(auth, "id", ref.id)
            _set(auth, "type", ref.type)
            _set(auth, "scopes", ref.scopes)
            body["authorizer"] = auth
    return {"httpApi": body}


def function(fn: Function) -> dict:
    out: dict = {}
    for key, value in (
        ("handler", fn.handler), ("image", fn.image), ("name", fn.name), ("description", fn.description),
        ("runtime", fn.runtime), ("architecture", fn.architecture), ("memorySize", fn.memory_size),
        ("timeout", fn.timeout), ("environment", fn.environment), ("tags", fn.tags), ("role", fn.role),
        ("versionFunction", fn.version_function), ("provisionedConcurrency", fn.provisioned_concurrency),
        ("snapStart", fn.snap_start), ("disableLogs", fn.disable_logs), ("logRetentionInDays", fn.log_retention_in_days),
        ("logDataProtectionPolicy", fn.log_data_protection_policy), ("condition", fn.condition),
        ("dependsOn", fn.depends_on), ("package", fn.package),
    ):
        _set(out, key, value)
    if fn.http_api_payload is not None:
        out["httpApi"] = {"payload": fn.http_api_payload}
    if fn.events:
        out["events"] = [event(e) for e in fn.events]
    return out


def provider(service: Service) -> dict:
    """{"settings": ..., "http_api": ..., "logs": ..., "rest": ...} for the template."""
    p = service.provider
    settings: dict = {"name": "aws"}
    for key, value in (
        ("runtime", p.runtime), ("architecture", p.architecture), ("region", p.region), ("stage", p.stage),
        ("memorySize", p.memory_size), ("timeout", p.timeout), ("logRetentionInDays", p.log_retention_in_days),
        ("logDataProtectionPolicy", p.log_data_protection_policy), ("stackName", p.stack_name),
        ("versionFunctions", p.version_functions), ("deploymentPrefix", p.deployment_prefix),
        ("environment", p.environment), ("tags", p.tags), ("stackTags", p.stack_tags),
    ):
        _set(settings, key, value)
    if p.deployment_bucket is not None:
        b = p.deployment_bucket
        bucket: dict = {}
        for key, value in (("name", b.name), ("blockPublicAccess", b.block_public_access),
                           ("skipPolicySetup", b.skip_policy_setup), ("versioning", b.versioning), ("tags", b.tags)):
            _set(bucket, key, value)
        settings["deploymentBucket"] = bucket
    iam = p.iam
    if iam.existing_role is not None:
        settings["iam"] = {"role": iam.existing_role}
    else:
        role: dict = {}
        for key, value in (("name", iam.role_name), ("path", iam.role_path), ("statements", iam.statements),
                           ("managedPolicies", iam.managed_policies), ("permissionsBoundary", iam.permissions_boundary),
                           ("tags", iam.role_tags)):
            _set(role, key, value)
        if role:
            settings["iam"] = {"role": role}
    h = p.http_api
    http_api: dict = {}
    for key, value in (("id", h.id), ("name", h.name), ("payload", h.payload), ("metrics", h.metrics),
                       ("disableDefaultEndpoint", h.disable_default_endpoint),
                       ("shouldStartNameWithService", h.should_start_name_with_service), ("useProviderTags", h.use_provider_tags)):
        _set(http_api, key, value)
    if h.cors is not None:
        c = h.cors
        if c.is_default:
            http_api["cors"] = True
        else:
            cors: dict = {}
            for key, value in (("allowedOrigins", c.allowed_origins), ("allowedHeaders", c.allowed_headers),
                               ("allowedMethods", c.allowed_methods), ("allowCredentials", c.allow_credentials),
                               ("exposedResponseHeaders", c.exposed_response_headers), ("maxAge", c.max_age)):
                _set(cors, key, value)
            http_api["cors"] = cors
    if h.authorizers:
        http_api["authorizers"] = {k: _authorizer(a) for k, a in h.authorizers.items()}
    logs = None
    if p.access_logs is not None:
        logs = {"httpApi": {"format": p.access_logs.format} if p.access_logs.format else True}
    return {"settings": settings, "http_api": http_api, "logs": logs, "rest": None}


def document(service: Service) -> dict:
    return {
        "service": service.service,
        "provider": provider(service),
        "functions": {k: function(f) for k, f in service.functions.items()},
        "resources": service.resources,
    }
