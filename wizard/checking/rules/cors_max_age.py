"""``maxAge`` within what API Gateway accepts: -1 (no caching) to 86400 seconds."""

from __future__ import annotations

from ...diagnostics import ERROR
from .. import sources
from ..rule import Finding, rule

MIN_AGE = -1
MAX_AGE = 86400


@rule("HTTPAPI-CORS-MAX-AGE", ERROR, "maxAge from -1 to 86400", sources.CORS_API)
def RULE(context):
    cors = context.service.provider.http_api.cors
    if cors is None or cors.is_default or not isinstance(cors.max_age, (int, float)) or isinstance(cors.max_age, bool):
        return
    if cors.max_age > MAX_AGE:
        fix = "at most 86400 (one day)"
    elif cors.max_age < MIN_AGE:
        fix = "-1 to turn caching off, or 0 and up"
    else:
        return
    yield Finding(("provider", "httpApi", "cors", "maxAge"),
                  f"maxAge {cors.max_age}: API Gateway accepts {MIN_AGE} to {MAX_AGE} seconds; write {fix}")
