"""Which routes answer requests another route also matches (the same selection rules).

For each route we try representative requests: its own path with sample values in its
variables, and with the literal segments that other routes use at those places. The
route that ``select_route`` picks for each request tells who shadows whom; a route
that wins none of its own requests is unreachable.
"""

from __future__ import annotations

from itertools import product

from ..checking.context import variable_name
from .routing import route_table

ALL_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS")
SAMPLE = "sample"
MAX_SAMPLES = 64


class Shadow:
    __slots__ = ("by", "shadows", "unreachable")

    def __init__(self) -> None:
        self.by: dict[str, list[str]] = {}  # winner route key -> example requests
        self.shadows: dict[str, list[str]] = {}  # loser route key -> example requests
        self.unreachable = False


def _templates(routes) -> list[tuple[object, list[str]]]:
    return [(r, r.route_key.split(" ", 1)[1].split("/")[1:]) for r in routes if r.route_key != "*"]


class _Neighbours:
    """For every path prefix: the literal segments routes have next, and the all-literal
    remainders below it; built once, so sampling a route does not scan every other."""

    def __init__(self, templates) -> None:
        self.literals: dict[tuple, set[str]] = {}
        self.tails: dict[tuple, list[str]] = {}
        self._first: dict[tuple, list[str]] = {}
        for _, segments in templates:
            variables = [i for i, segment in enumerate(segments) if variable_name(segment)]
            last_variable = variables[-1] if variables else -1
            for depth, segment in enumerate(segments):
                prefix = tuple(segments[:depth])
                if depth not in variables:
                    self.literals.setdefault(prefix, set()).add(segment)
                if depth > last_variable and len(segments) > depth + 1:
                    self.tails.setdefault(prefix, []).append("/".join(segments[depth:]))

    def first_literals(self, prefix: tuple) -> list[str]:
        """The first few literals after ``prefix``, in order (sorted once per prefix)."""
        first = self._first.get(prefix)
        if first is None:
            first = self._first[prefix] = sorted(self.literals.get(prefix, ()))[:4]
        return first


def _samples(segments: list[str], neighbours: _Neighbours) -> list[list[str]]:
    options = []
    for depth, segment in enumerate(segments):
        name = variable_name(segment)
        if not name:
            options.append([segment])
            continue
        prefix = tuple(segments[:depth])
        values = [SAMPLE] + neighbours.first_literals(prefix)
        if name.endswith("+"):
            values += [f"{SAMPLE}/{SAMPLE}"] + neighbours.tails.get(prefix, [])[:4]
        options.append(values)
    paths = []
    for combo in product(*options):
        paths.append("/".join(combo).split("/"))
        if len(paths) >= MAX_SAMPLES:
            break
    return paths


def analyse(http_api) -> dict[str, Shadow]:
    """Route key -> what shadows it and what it shadows."""
    routes = list(http_api.routes.values())
    result = {r.api_route_key: Shadow() for r in routes}
    templates = _templates(routes)
    neighbours = _Neighbours(templates)
    table = route_table(http_api)
    for route, segments in templates:
        method = route.route_key.split(" ", 1)[0]
        methods = ALL_METHODS if method == "ANY" else (method,)
        wins = 0
        for sample in _samples(segments, neighbours):
            for m in methods:
                match = table.select(m, sample)
                winner = match.route if match else None
                example = f"{m} /{'/'.join(sample)}"
                if winner is route:
                    wins += 1
                elif winner is not None:
                    result[route.api_route_key].by.setdefault(winner.api_route_key, []).append(example)
                    result[winner.api_route_key].shadows.setdefault(route.api_route_key, []).append(example)
        result[route.api_route_key].unreachable = wins == 0
    return result


def summary(shadow: Shadow) -> str:
    parts = []
    if shadow.unreachable:
        parts.append("UNREACHABLE")
    for key, examples in shadow.by.items():
        parts.append(f"shadowed by {key} for {examples[0]}" + (f" (+{len(examples) - 1})" if len(examples) > 1 else ""))
    for key, examples in shadow.shadows.items():
        parts.append(f"shadows {key} for {examples[0]}" + (f" (+{len(examples) - 1})" if len(examples) > 1 else ""))
    return "; ".join(parts)
