"""A variable that is not a whole segment (``{id}.json``, ``v{n}``)."""

from __future__ import annotations

from ...diagnostics import ERROR
from .. import sources
from ..context import variable_name
from ..rule import Finding, rule


@rule("HTTPAPI-ROUTE-PARTIAL-VARIABLE", ERROR, "a variable is a whole segment", sources.PARTIAL_VARIABLE)
def RULE(context):
    for rp in context.paths:
        for segment in rp.segments:
            if ("{" in segment or "}" in segment) and variable_name(segment) is None:
                yield Finding(
                    rp.where,
                    f"'{rp.route.route_key}': '{segment}' mixes a variable with text; a variable must be a whole "
                    "segment like /{id} (AWS: 'One or more path parts appear to be invalid')",
                )
                break
