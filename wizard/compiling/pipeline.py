"""Compile a Service to the template ``serverless package`` writes, step by step.

The steps run in Serverless's lifecycle order: core template, log groups and role,
functions, events (HTTP API last), then finalize (exports, ``resources:`` merge, null
stripping). Each step is a pure function of the model and the template so far.
"""

from __future__ import annotations

from ..diagnostics import WARNING, WIZARD, Diagnostic
from ..model.http_api import HttpApiConfig, resolve_http_api
from ..model.service import Service
from .core import core_template
from .events import compile_events
from .functions import compile_functions
from .http_api import compile_http_api
from .iam import add_log_groups_and_role
from .layers import compile_layers
from .merge import add_export_names, finalize_resources, merge_resources

_WHAT_IS_MISSING = "their resources are not in this template"
# Provider settings only Serverless's REST API plugin reads, and only for `http` events
# (lib/plugins/aws/package/compile/events/api-gateway/index.js returns at once without one).
_REST_API_PROVIDER_KEYS = ("apiGateway", "apiName", "endpointType", "vpcEndpointIds")


def _unsupported(service: Service) -> list[Diagnostic]:
    """One warning per kind of thing we do not compile, naming where it is used.

    The REST API is one thing to a user: its `http` events and its provider settings are named
    in one warning, and the settings alone (no `http` event) in none, since Serverless then
    adds nothing for them either."""
    kinds: dict[tuple[str, str], list[str]] = {}
    paths: dict[tuple[str, str], tuple] = {}
    for key in service.unsupported:
        kinds.setdefault(("top", key), []).append(key)
        paths.setdefault(("top", key), (key,))
    rest_settings = [key for key in service.provider.unsupported if key in _REST_API_PROVIDER_KEYS]
    for key in service.provider.unsupported:
        if key not in rest_settings:
            kinds.setdefault(("provider", key), []).append("provider")
            paths.setdefault(("provider", key), ("provider", key))
    for fn in service.functions.values():
        for key in fn.unsupported:
            kinds.setdefault(("function", key), []).append(fn.key)
            paths.setdefault(("function", key), fn.path + (key,))
        for kind in fn.other_events:
            kinds.setdefault(("event", kind), []).append(fn.key)
            paths.setdefault(("event", kind), fn.path + ("events",))
    out = []
    for (scope, key), where in kinds.items():
        users = ", ".join(dict.fromkeys(where))
        if scope == "event" and key == "http":
            settings = "".join(f", provider.{k}" for k in rest_settings)
            code, message = "UNSUPPORTED_EVENT", (
                f'"http" events are not compiled (functions: {users}){settings}; '
                "the REST API's resources are not in this template")
        elif scope == "event":
            code, message = "UNSUPPORTED_EVENT", f'"{key}" events are not compiled (functions: {users}); {_WHAT_IS_MISSING}'
        elif scope == "function":
            code, message = "UNSUPPORTED_FUNCTION_PROPERTY", f'function property "{key}" is not compiled (functions: {users})'
        elif scope == "provider":
            code, message = "UNSUPPORTED_PROVIDER_PROPERTY", f'"provider.{key}" is not compiled'
        elif key == "plugins":
            code, message = "UNSUPPORTED_PLUGINS", f"plugins are not run{_plugin_names(service)}; what they add to the template is missing"
        else:
            code, message = "UNSUPPORTED_SECTION", f'top-level "{key}" is not compiled; {_WHAT_IS_MISSING}'
        out.append(Diagnostic(code, WARNING, message, paths[(scope, key)], origin=WIZARD))
    return out


def _plugin_names(service: Service) -> str:
    return f" ({', '.join(service.plugins)})" if service.plugins else ""


def compile_service(service: Service) -> tuple[dict | None, list[Diagnostic], HttpApiConfig]:
    """Return ``(template, diagnostics, http_api_config)``; no template when errors stop it."""
    diagnostics: list[Diagnostic] = _unsupported(service)
    partial = bool(diagnostics)
    template = core_template(service)
    add_log_groups_and_role(service, template["Resources"])
    compile_layers(service, template)
    aliases = compile_functions(service, template, diagnostics)
    config = resolve_http_api(service)
    diagnostics.extend(config.diagnostics)
    if any(d.is_error for d in diagnostics):
        return None, diagnostics, config
    compile_events(service, template, aliases, diagnostics)
    if any(d.is_error for d in diagnostics):
        return None, diagnostics, config
    compile_http_api(service, config, template, aliases)
    add_export_names(template, service.service, service.stage)
    diagnostics.extend(merge_resources(template, service.resources, partial=partial))
    if any(d.is_error for d in diagnostics):
        return None, diagnostics, config
    finalize_resources(template, service.resources)
    return template, diagnostics, config
