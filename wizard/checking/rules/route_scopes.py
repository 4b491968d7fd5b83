"""Scopes: at most 10 per route, 1-64 characters each, and only JWT authorizers check them."""

from __future__ import annotations

from ...diagnostics import ERROR, WARNING
from .. import sources
from ..rule import rule

MAX_SCOPES = 10


@rule("HTTPAPI-ROUTE-SCOPES", ERROR, "route scopes", sources.QUOTAS)
def RULE(context):
    for route in context.routes:
        auth = route.auth
        if auth is None or auth.scopes is None:
            continue
        where = route.event.authorizer.path + ("scopes",)
        if auth.type == "request":
            yield where, f"'{route.api_route_key}': scopes are checked only by JWT authorizers; a Lambda authorizer ignores them", WARNING
        if len(auth.scopes) > MAX_SCOPES:
            yield where, f"'{route.api_route_key}' has {len(auth.scopes)} scopes; a route allows {MAX_SCOPES}"
        for scope in auth.scopes:
            if isinstance(scope, dict):
                continue  # a CloudFormation function ({"Ref": ...}): its value is known at deploy time
            if not isinstance(scope, str) or not 1 <= len(scope) <= 64:
                yield where, f"'{route.api_route_key}': scope '{scope}' must be 1 to 64 characters"
