"""Scopes: at most 10 per route, 1 to 64 characters each."""

from __future__ import annotations

from ...diagnostics import ERROR
from .. import sources
from ..rule import Finding, rule

MAX_SCOPES = 10
MAX_SCOPE_LENGTH = 64


def scopes_path(route) -> tuple:
    return route.event.authorizer.path + ("scopes",)


@rule("HTTPAPI-ROUTE-SCOPES", ERROR, "at most 10 scopes of 1 to 64 characters", sources.QUOTAS)
def RULE(context):
    for route in context.routes:
        auth = route.auth
        if auth is None or not auth.scopes:
            continue
        where = scopes_path(route)
        if len(auth.scopes) > MAX_SCOPES:
            yield Finding(
                where,
                f"'{route.api_route_key}' has {len(auth.scopes)} scopes; a route allows {MAX_SCOPES}: a token needs only "
                "one of them, so keep the ones your tokens carry",
            )
        written = route.event.authorizer.scopes or []
        for scope in auth.scopes:
            if isinstance(scope, dict):
                continue  # a CloudFormation function ({"Ref": ...}): its value is known at deploy time
            if not isinstance(scope, str) or not 1 <= len(scope) <= MAX_SCOPE_LENGTH:
                index = next((i for i, s in enumerate(written) if s == scope), None)
                yield Finding(
                    where + ((index,) if index is not None else ()),
                    f"'{route.api_route_key}': scope '{scope}' has {len(str(scope))} characters; "
                    f"API Gateway accepts 1 to {MAX_SCOPE_LENGTH}",
                )
