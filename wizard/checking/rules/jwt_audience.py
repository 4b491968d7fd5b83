"""A JWT authorizer needs 1 to 50 audiences."""

from __future__ import annotations

from ...diagnostics import ERROR
from .. import sources
from ..rule import Finding, rule

MAX_AUDIENCES = 50


@rule("HTTPAPI-JWT-AUDIENCE", ERROR, "1 to 50 audiences", sources.QUOTAS)
def RULE(context):
    for auth in context.service.provider.http_api.authorizers.values():
        if auth.type == "request":
            continue
        audience = auth.audience if isinstance(auth.audience, list) else [auth.audience]
        present = [a for a in audience if a not in (None, "")]
        where = auth.path + ("audience",)
        if not present:
            yield Finding(where, f"authorizer '{auth.key}' has no audience: API Gateway then rejects every token; add your app client id")
        elif len(present) > MAX_AUDIENCES:
            yield Finding(where, f"authorizer '{auth.key}' has {len(present)} audiences; an authorizer allows {MAX_AUDIENCES}")
