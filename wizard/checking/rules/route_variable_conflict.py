"""Path variables of different names at the same level under the same parent."""

from __future__ import annotations

from ...diagnostics import ERROR
from .. import sources
from ..context import variable_name
from ..rule import Finding, rule


@rule("HTTPAPI-ROUTE-VARIABLE-CONFLICT", ERROR, "one variable name per path level", sources.VARIABLE_NAME_CONFLICT)
def RULE(context):
    # parent path -> {variable name: first route using it}
    seen: dict[tuple, dict[str, object]] = {}
    for rp in context.paths:
        for depth, segment in enumerate(rp.segments):
            name = variable_name(segment)
            if name is None or name.endswith("+"):
                continue  # a greedy {proxy+} may sit beside a named variable
            parent = tuple(rp.segments[:depth])
            names = seen.setdefault(parent, {})
            if not names:
                names[name] = rp
            elif name not in names:
                other_name, other = next(iter(names.items()))
                yield Finding(
                    rp.where,
                    f"'{rp.route.route_key}' uses {{{name}}} where '{other.route.route_key}' uses {{{other_name}}} "
                    f"under /{'/'.join(parent)}: API Gateway rejects this (ConflictException); use one name",
                )
                break
