"""Which route API Gateway selects for a request (HTTP APIs, "Routing API requests").

Priority, as AWS documents it: a full match of route and method; then routes with path
variables, the more literal segments (from the left) the better; then a greedy
``{proxy+}``; for the same path a specific method beats ``ANY``; ``$default`` last;
otherwise 404 ``{"message":"Not Found"}``. Paths are case-sensitive and matched after
percent-decoding; a trailing slash makes a different path (only a greedy variable
matches what follows it).
"""

from __future__ import annotations

from ..checking.context import variable_name

STATIC, VARIABLE, GREEDY = 0, 1, 2


class Match:
    """The chosen route, the path parameters it extracts, and why it won."""

    __slots__ = ("route", "parameters", "rank", "reason", "candidates")

    def __init__(self, route, parameters: dict, rank: tuple, reason: str, candidates: list) -> None:
        self.route = route
        self.parameters = parameters
        self.rank = rank
        self.reason = reason
        self.candidates = candidates  # every route that matched, best first


def _match_path(template: list[str], segments: list[str]):
    """Path parameters and the rank of each segment, or None when the route does not match."""
    params: dict = {}
    ranks: list[int] = []
    for index, part in enumerate(template):
        name = variable_name(part)
        if name and name.endswith("+"):
            rest = segments[index:]
            if not rest:
                return None
            params[name[:-1]] = "/".join(rest)
            ranks.append(GREEDY)
            return params, ranks
        if index >= len(segments):
            return None
        if name:
            if segments[index] == "":
                return None
            params[name] = segments[index]
            ranks.append(VARIABLE)
        elif part != segments[index]:
            return None
        else:
            ranks.append(STATIC)
    if len(segments) != len(template):
        return None
    return params, ranks


def _describe(rank: tuple, method_any: bool) -> str:
    kinds = rank[1]
    if GREEDY in kinds:
        text = "the greedy variable catches the rest of the path"
    elif VARIABLE in kinds:
        text = "the path matches with path variables"
    else:
        text = "the path matches exactly"
    return text + ("; ANY answers this method because no route names it for this path" if method_any else "")


def select_route(http_api, method: str, segments: list[str]) -> Match | None:
    """The route API Gateway picks, or None (404, or $default is the only candidate)."""
    candidates = []
    default = None
    for route in http_api.routes.values():
        if route.route_key == "*":
            default = route
            continue
        route_method, path = route.route_key.split(" ", 1)
        if route_method not in (method, "ANY"):
            continue
        template = path.split("/")[1:]
        matched = _match_path(template, segments)
        if matched is None:
            continue
        params, ranks = matched
        # Lower sorts first: literal segments before variables before greedy, left to
        # right; then a named method before ANY.
        rank = (0, tuple(ranks), 1 if route_method == "ANY" else 0)
        candidates.append((rank, route, params))
    candidates.sort(key=lambda c: (c[0][0], c[0][1] + (3,), c[0][2]))
    ordered = [c[1] for c in candidates]
    if candidates:
        rank, route, params = candidates[0]
        return Match(route, params, rank, _describe(rank, rank[2] == 1), ordered + ([default] if default else []))
    if default is not None:
        return Match(default, {}, (1, (), 0), "no route matches this method and path, so the $default route answers", [default])
    return None
