"""Routes per HTTP API: 300 unless AWS raises the quota on request."""

from __future__ import annotations

from ...diagnostics import WARNING
from .. import sources
from ..rule import Finding, rule

MAX_ROUTES = 300


@rule("HTTPAPI-ROUTE-QUOTA", WARNING, "at most 300 routes unless AWS raises the quota", sources.QUOTAS)
def RULE(context):
    if len(context.routes) <= MAX_ROUTES:
        return
    first_over = context.routes[MAX_ROUTES]
    yield Finding(
        first_over.event.path,
        f"'{first_over.api_route_key}' is route {MAX_ROUTES + 1} of {len(context.routes)}: an HTTP API allows "
        f"{MAX_ROUTES} routes unless AWS raises your quota (Service Quotas); ask for more, or split the API",
    )
