"""Which route API Gateway selects for a request (HTTP APIs, "Routing API requests").

AWS's order (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-routes.html):

1. a full match of route and method: every segment matched, literal or ``{param}``;
2. a match with a greedy path variable (``{proxy+}``);
3. the ``$default`` route;

otherwise 404 ``{"message":"Not Found"}``. Among several matches of one kind the most
specific wins: literal segments before variables, compared from the left (so
``GET /pets/dog/1`` beats ``GET /pets/dog/{id}``, and ``GET /pets/{proxy+}`` beats
``ANY /{proxy+}``); for one path a named method beats ``ANY``, which "matches all
methods that you haven't defined for a resource". Paths are case-sensitive and matched
after percent-decoding; a trailing slash makes another path, which only a greedy
variable reaches (with an empty value, as captured from API Gateway).

Routes are indexed once per route table (a tree of segments), so selecting one costs
the request's depth, not the number of routes.
"""

from __future__ import annotations

from ..checking.context import variable_name

STATIC, VARIABLE, GREEDY = 0, 1, 2
_ANY = "ANY"


class Match:
    """The chosen route, the path parameters it extracts, and why it won."""

    __slots__ = ("route", "parameters", "rank", "reason", "candidates")

    def __init__(self, route, parameters: dict, rank: tuple, reason: str, candidates: list) -> None:
        self.route = route
        self.parameters = parameters
        self.rank = rank
        self.reason = reason
        self.candidates = candidates  # every route that matched, best first


class _Node:
    __slots__ = ("static", "variables", "greedy", "routes")

    def __init__(self) -> None:
        self.static: dict[str, _Node] = {}
        self.variables: dict[str, _Node] = {}  # variable name -> subtree
        self.greedy: list[tuple[str, object]] = []  # (variable name, route) ending here
        self.routes: list = []  # routes whose path ends at this node


class RouteTable:
    """The routes of one HTTP API as a tree of path segments, for fast selection."""

    __slots__ = ("root", "default", "routes")

    def __init__(self, http_api) -> None:
        self.root = _Node()
        self.default = None
        self.routes = http_api.routes
        for route in http_api.routes.values():
            if route.route_key == "*":
                self.default = route
                continue
            node = self.root
            for segment in route.route_key.split(" ", 1)[1].split("/")[1:]:
                name = variable_name(segment)
                if name and name.endswith("+"):
                    node.greedy.append((name[:-1], route))
                    break
                children = node.variables if name else node.static
                node = children.setdefault(name or segment, _Node())
            else:
                node.routes.append(route)

    def matches(self, method: str, segments: list[str]) -> list[tuple[tuple, object, dict]]:
        """Every route that matches, as (rank, route, path parameters); lower rank wins.

        An explicit stack, not recursion: a request may have thousands of segments.
        """
        found: list = []
        size = len(segments)
        stack = [(self.root, 0, (), {})]
        while stack:
            node, depth, kinds, params = stack.pop()
            for name, route in node.greedy:
                # A greedy variable takes at least the next segment, even an empty one.
                if depth < size and _method_fits(route, method):
                    found.append(((1, kinds + (GREEDY,), _method_rank(route)), route,
                                  {**params, name: "/".join(segments[depth:])}))
            if depth == size:
                for route in node.routes:
                    if _method_fits(route, method):
                        found.append(((0, kinds, _method_rank(route)), route, params))
                continue
            segment = segments[depth]
            child = node.static.get(segment)
            if child is not None:
                stack.append((child, depth + 1, kinds + (STATIC,), params))
            if segment != "":
                for name, child in node.variables.items():
                    stack.append((child, depth + 1, kinds + (VARIABLE,), {**params, name: segment}))
        return found

    def select(self, method: str, segments: list[str]) -> Match | None:
        """The route API Gateway picks, or None (404)."""
        found = self.matches(method, segments)
        if found:
            found.sort(key=lambda item: item[0])
            rank, route, params = found[0]
            ordered = [route for _, route, _ in found] + ([self.default] if self.default is not None else [])
            return Match(route, params, rank, _describe(rank), ordered)
        if self.default is not None:
            return Match(self.default, {}, (2, (), 0), "no route matches this method and path, so the $default route "
                         "answers", [self.default])
        return None


def _method_fits(route, method: str) -> bool:
    route_method = route.route_key.split(" ", 1)[0]
    return route_method == method or route_method == _ANY


def _method_rank(route) -> int:
    return 1 if route.route_key.startswith(_ANY + " ") else 0


def _describe(rank: tuple) -> str:
    kind, kinds, method_any = rank
    if kind == 1:
        text = "no route matches the whole path, so the greedy variable catches the rest of it"
    elif VARIABLE in kinds:
        text = "the path matches with path variables"
    else:
        text = "the path matches exactly"
    return text + ("; ANY answers this method because no route names it for this path" if method_any else "")


# The last few tables, by the routes they index: explain runs on every keystroke of the
# wizard and on every request `run` serves, and the routes only change on a compile.
_TABLES: list[tuple[object, tuple, RouteTable]] = []
_TABLES_KEPT = 4


def route_table(http_api) -> RouteTable:
    """The (cached) table of ``http_api``'s routes."""
    routes = http_api.routes
    members = tuple(routes.values())
    for held, held_members, table in _TABLES:
        if held is routes and held_members == members:
            return table
    table = RouteTable(http_api)
    _TABLES.insert(0, (routes, members, table))
    del _TABLES[_TABLES_KEPT:]
    return table


def select_route(http_api, method: str, segments: list[str]) -> Match | None:
    """The route API Gateway picks for ``method`` and the decoded path ``segments``."""
    return route_table(http_api).select(method, segments)
