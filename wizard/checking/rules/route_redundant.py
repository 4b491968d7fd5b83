"""Routes that an ANY or greedy route of the same function already answers, the same way.

A route is redundant when another route of its function, with the same authorization,
matches every request it matches: ``ANY /a`` covers ``GET /a``; ``ANY /b/{proxy+}`` (or
``POST /b/{proxy+}``) covers ``POST /b/c``. The first such route, in declaration order,
is named. Only ANY and greedy routes can cover: they are indexed by authorization and
path (prefix), and each route looks up the candidates its own path could have, so the
rule is linear in the number of routes times the path depth.
"""

from __future__ import annotations

from ...diagnostics import INFO
from .. import sources
from ..context import variable_name
from ..rule import Finding, rule


def _auth_key(route):
    auth = route.auth
    if auth is None:
        return None
    # repr: a scope may be a CloudFormation function (a dict), which does not hash
    return (auth.type, id(auth.authorizer), repr(auth.id), tuple(map(repr, auth.scopes or ())))


def _is_greedy(segments: list) -> bool:
    return bool(segments) and (variable_name(segments[-1]) or "").endswith("+")


def _covering(rps: list) -> dict:
    """For each route of one function (by index), the first of its routes that covers it."""
    any_routes: dict[tuple, int] = {}  # (authorization, segments) of an ANY route -> its first index
    greedy: dict[tuple, list] = {}  # (authorization, segments before a greedy variable) -> [(index, route path)]
    for index, rp in enumerate(rps):
        is_any, is_greedy = rp.route.method == "ANY", _is_greedy(rp.segments)
        if is_any or is_greedy:
            auth, segments = _auth_key(rp.route), tuple(rp.segments)
            if is_any:
                any_routes.setdefault((auth, segments), index)
            if is_greedy:
                greedy.setdefault((auth, segments[:-1]), []).append((index, rp))
    covered = {}
    for index, rp in enumerate(rps):
        method, auth, segments = rp.route.method, _auth_key(rp.route), tuple(rp.segments)
        found = [any_routes[(auth, segments)]] if method != "ANY" and (auth, segments) in any_routes else []
        # A greedy route /p/{x+} covers every longer-or-equal path under /p, other than its own;
        # each list is in declaration order, so its first fit is its earliest.
        for depth in range(len(segments)):
            first = next((other_index for other_index, other in greedy.get((auth, segments[:depth]), ())
                          if other.route.method in ("ANY", method) and other.segments != rp.segments), None)
            if first is not None:
                found.append(first)
        if found:
            covered[index] = rps[min(found)]
    return covered


@rule("HTTPAPI-ROUTE-REDUNDANT", INFO, "routes an ANY or greedy route already covers", sources.ROUTES)
def RULE(context):
    by_function: dict[str, list] = {}
    for rp in context.paths:
        by_function.setdefault(rp.route.function.key, []).append(rp)
    for rps in by_function.values():
        for index, other in sorted(_covering(rps).items()):
            rp = rps[index]
            yield Finding(
                rp.where,
                f"'{rp.route.route_key}' goes to {rp.route.function.key}, which '{other.route.route_key}' "
                "already reaches the same way; the route is not needed (it only wins the match)",
            )
