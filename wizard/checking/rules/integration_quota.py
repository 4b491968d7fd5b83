"""Integrations per HTTP API: 300, fixed; Serverless makes one per function with httpApi events."""

from __future__ import annotations

from ...diagnostics import ERROR
from .. import sources
from ..rule import Finding, rule

MAX_INTEGRATIONS = 300


@rule("HTTPAPI-INTEGRATION-QUOTA", ERROR, "at most 300 functions with httpApi events", sources.QUOTAS)
def RULE(context):
    keys = list(dict.fromkeys(r.function.key for r in context.routes))
    if len(keys) <= MAX_INTEGRATIONS:
        return
    first_over = context.service.functions[keys[MAX_INTEGRATIONS]]
    yield Finding(
        first_over.path,
        f"function {first_over.key} needs integration {MAX_INTEGRATIONS + 1} of {len(keys)}: Serverless makes one "
        f"per function with httpApi events and an HTTP API allows {MAX_INTEGRATIONS}; send several routes to one "
        "function, or split the service",
    )
