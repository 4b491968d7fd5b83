"""A greedy variable ``{name+}`` anywhere but the last segment."""

from __future__ import annotations

from ...diagnostics import ERROR
from .. import sources
from ..context import variable_name
from ..rule import Finding, rule


@rule("HTTPAPI-ROUTE-GREEDY-NOT-LAST", ERROR, "a greedy variable ends the path", sources.ROUTES)
def RULE(context):
    for rp in context.paths:
        for segment in rp.segments[:-1]:
            name = variable_name(segment)
            if name and name.endswith("+"):
                yield Finding(rp.where, f"'{rp.route.route_key}': the greedy variable {segment} must be the last segment")
                break
