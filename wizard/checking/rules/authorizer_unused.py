"""An authorizer that no route uses (Serverless still creates it)."""

from __future__ import annotations

from ...diagnostics import WARNING
from .. import sources
from ..rule import Finding, rule


@rule("HTTPAPI-AUTHORIZER-UNUSED", WARNING, "every authorizer protects a route", sources.SERVERLESS_HTTP_API)
def RULE(context):
    used = {id(r.auth.authorizer) for r in context.routes if r.auth is not None and r.auth.authorizer is not None}
    for auth in context.service.provider.http_api.authorizers.values():
        if auth.declared_type == "aws_iam":
            # The routes that name it take IAM (Serverless passes the type on); the authorizer itself is
            # compiled as a JWT one with whatever else it sets.
            yield Finding(auth.path, f"authorizer '{auth.key}' has type: aws_iam, which is no authorizer of its own: "
                          "Serverless still creates it as a JWT authorizer that protects nothing, and the routes that "
                          "name it use IAM; remove it and write `authorizer: {type: aws_iam}` on those routes")
        elif id(auth) not in used:
            yield Finding(auth.path, f"authorizer '{auth.key}' protects no route: every route is open; add `authorizer: {auth.key}` to a route or remove it")
