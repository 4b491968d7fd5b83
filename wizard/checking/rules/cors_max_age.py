"""``maxAge`` within what API Gateway accepts (-1 to 86400 seconds)."""

from __future__ import annotations

from ...diagnostics import ERROR
from .. import sources
from ..rule import rule


@rule("HTTPAPI-CORS-MAX-AGE", ERROR, "maxAge from 0 to 86400", sources.CORS_API)
def RULE(context):
    cors = context.service.provider.http_api.cors
    if cors is None or cors.is_default or not isinstance(cors.max_age, (int, float)) or isinstance(cors.max_age, bool):
        return
    if not -1 <= cors.max_age <= 86400:
        yield ("provider", "httpApi", "cors", "maxAge"), f"maxAge {cors.max_age}: API Gateway accepts at most 86400 (one day)"
