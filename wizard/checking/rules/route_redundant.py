"""Routes that an ANY or greedy route of the same function already answers, the same way.

A route is redundant when another route of its function, with the same authorization,
matches every request it matches: ``ANY /a`` covers ``GET /a``; ``ANY /b/{proxy+}`` (or
``POST /b/{proxy+}``) covers ``POST /b/c``. The first such route, in declaration order,
is named. Routes are grouped by function and authorization, and each route looks up
only the covering candidates its own path could have (one per prefix), so the rule is
linear in the number of routes times the path depth.
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
    return (auth.type, id(auth.authorizer), repr(auth.id), tuple(auth.scopes or ()))


def _is_greedy(segments: list) -> bool:
    return bool(segments) and (variable_name(segments[-1]) or "").endswith("+")


def _covering(group: list) -> dict:
    """For each route of ``group`` (same function and authorization), the first route covering it."""
    any_routes: dict[tuple, int] = {}  # segments of an ANY route -> its first index
    greedy: dict[tuple, list] = {}  # segments before a greedy variable -> [(index, route path)]
    for index, rp in enumerate(group):
        segments = tuple(rp.segments)
        if rp.route.method == "ANY":
            any_routes.setdefault(segments, index)
        if _is_greedy(rp.segments):
            greedy.setdefault(segments[:-1], []).append((index, rp))
    covered = {}
    for index, rp in enumerate(group):
        method = rp.route.method
        segments = tuple(rp.segments)
        best = any_routes.get(segments) if method != "ANY" else None
        # A greedy route /p/{x+} covers every longer-or-equal path under /p, other than its own.
        for depth in range(len(segments)):
            for other_index, other in greedy.get(segments[:depth], ()):
                if best is not None and other_index >= best:
                    break
                if other.route.method in ("ANY", method) and other.segments != rp.segments:
                    best = other_index
                    break
        if best is not None:
            covered[index] = group[best]
    return covered


@rule("HTTPAPI-ROUTE-REDUNDANT", INFO, "routes an ANY or greedy route already covers", sources.ROUTES)
def RULE(context):
    by_function: dict[str, list] = {}
    for rp in context.paths:
        by_function.setdefault(rp.route.function.key, []).append(rp)
    for rps in by_function.values():
        by_auth: dict[object, list] = {}
        for rp in rps:
            by_auth.setdefault(_auth_key(rp.route), []).append(rp)
        covered_by = {}
        for group in by_auth.values():
            for index, other in _covering(group).items():
                covered_by[id(group[index])] = other
        for rp in rps:
            other = covered_by.get(id(rp))
            if other is not None:
                yield Finding(
                    rp.where,
                    f"'{rp.route.route_key}' goes to {rp.route.function.key}, which '{other.route.route_key}' "
                    "already reaches the same way; the route is not needed (it only wins the match)",
                )
