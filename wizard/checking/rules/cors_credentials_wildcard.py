"""``allowCredentials: true`` with a ``*`` origin (explicit or Serverless's default)."""

from __future__ import annotations

from ...diagnostics import ERROR
from .. import sources
from ..rule import Finding, rule


@rule("HTTPAPI-CORS-CREDENTIALS-WILDCARD", ERROR, "credentials need explicit origins", sources.CREDENTIALS_WILDCARD)
def RULE(context):
    cors = context.http_api.cors if context.http_api else None
    if cors is None or not cors.allow_credentials or "*" not in cors.allowed_origins:
        return
    given = context.service.provider.http_api.cors.allowed_origins
    how = "allowedOrigins includes '*'" if given else "without allowedOrigins Serverless allows '*'"
    yield Finding(
        ("provider", "httpApi", "cors", "allowCredentials"),
        f"allowCredentials: true but {how}: AWS rejects this (BadRequestException) and browsers refuse it; "
        "list your origins, e.g. https://app.example.com",
    )
