"""The same variable twice in one path."""

from __future__ import annotations

from ...diagnostics import ERROR
from .. import sources
from ..context import variable_name
from ..rule import Finding, rule


@rule("HTTPAPI-ROUTE-DUPLICATE-VARIABLE", ERROR, "each variable once per path", sources.ROUTES)
def RULE(context):
    for rp in context.paths:
        names = [n.rstrip("+") for n in map(variable_name, rp.segments) if n]
        repeated = sorted({n for n in names if names.count(n) > 1})
        if repeated:
            yield Finding(rp.where, f"'{rp.route.route_key}' uses {{{repeated[0]}}} twice; give each variable its own name")
