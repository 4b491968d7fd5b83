"""CORS with an authorizer on ANY or $default: preflight requests get 401."""

from __future__ import annotations

from ...diagnostics import WARNING
from .. import sources
from ..rule import Finding, rule


def _open_options_route(context) -> bool:
    return any(r.route_key == "OPTIONS /{proxy+}" and r.auth is None for r in context.routes)


@rule("HTTPAPI-CORS-AUTHORIZED-CATCH-ALL", WARNING, "preflight must not meet the authorizer", sources.CORS)
def RULE(context):
    if context.http_api is None or context.http_api.cors is None or _open_options_route(context):
        return
    for route in context.routes:
        if route.auth is not None and route.method == "ANY":
            yield Finding(
                route.event.path,
                f"'{route.api_route_key}' has an authorizer and also matches browsers' OPTIONS preflight requests, "
                "which carry no token: they get 401 and CORS fails; add an unauthenticated 'OPTIONS /{proxy+}' route",
            )
