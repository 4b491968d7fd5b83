"""Routes and integrations per HTTP API."""

from __future__ import annotations

from ...diagnostics import ERROR, WARNING
from .. import sources
from ..rule import rule

MAX_ROUTES = 300  # per API; AWS can raise it on request
MAX_INTEGRATIONS = 300  # per API; fixed (Serverless makes one per function)


@rule("HTTPAPI-QUOTA", ERROR, "routes and integrations per API", sources.QUOTAS)
def RULE(context):
    routes = len(context.routes)
    if routes > MAX_ROUTES:
        yield ("functions",), f"{routes} routes: HTTP APIs allow {MAX_ROUTES} unless AWS raises your quota", WARNING
    functions = len({r.function.key for r in context.routes})
    if functions > MAX_INTEGRATIONS:
        yield ("functions",), f"{functions} functions with httpApi events need {functions} integrations; an HTTP API allows {MAX_INTEGRATIONS}"
