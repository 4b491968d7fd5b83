"""An authorizer that no route uses (Serverless still creates it)."""

from __future__ import annotations

from ...diagnostics import WARNING
from .. import sources
from ..rule import Finding, rule


@rule("HTTPAPI-AUTHORIZER-UNUSED", WARNING, "every authorizer protects a route", sources.SERVERLESS_HTTP_API)
def RULE(context):
    used = {id(r.auth.authorizer) for r in context.routes if r.auth is not None and r.auth.authorizer is not None}
    for auth in context.service.provider.http_api.authorizers.values():
        if id(auth) not in used:
            yield Finding(auth.path, f"authorizer '{auth.key}' protects no route: every route is open; add `authorizer: {auth.key}` to a route or remove it")
