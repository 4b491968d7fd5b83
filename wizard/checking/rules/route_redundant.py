"""Routes that an ANY or greedy route of the same function already answers."""

from __future__ import annotations

from ...diagnostics import INFO
from .. import sources
from ..context import variable_name
from ..rule import rule


def _auth_key(route):
    auth = route.auth
    if auth is None:
        return None
    return (auth.type, id(auth.authorizer), repr(auth.id), tuple(auth.scopes or ()))


@rule("HTTPAPI-ROUTE-REDUNDANT", INFO, "routes an ANY or greedy route already covers", sources.ROUTES)
def RULE(context):
    by_function: dict[str, list] = {}
    for rp in context.paths:
        by_function.setdefault(rp.route.function.key, []).append(rp)
    for rps in by_function.values():
        for rp in rps:
            method = rp.route.method
            for other in rps:
                if other is rp or _auth_key(other.route) != _auth_key(rp.route):
                    continue
                covers_method = other.route.method == "ANY" and method != "ANY"
                same_path = other.segments == rp.segments
                greedy = other.segments and (variable_name(other.segments[-1]) or "").endswith("+")
                under = greedy and len(rp.segments) >= len(other.segments) and rp.segments[: len(other.segments) - 1] == other.segments[:-1]
                if (covers_method and same_path) or (under and other.route.method in ("ANY", method) and not same_path):
                    yield (
                        rp.where,
                        f"'{rp.route.route_key}' goes to {rp.route.function.key}, which '{other.route.route_key}' "
                        "already reaches the same way; the route is not needed (it only wins the match)",
                    )
                    break
