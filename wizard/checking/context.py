"""What the rules look at: the model, the resolved HTTP API, and the parsed route paths."""

from __future__ import annotations

from ..jsvalues import truthy


class RoutePath:
    """A route's path split for the rules: ``/users/{id}`` -> ["users", "{id}"]."""

    __slots__ = ("route", "text", "segments")

    def __init__(self, route) -> None:
        self.route = route
        self.text = route.route_key.split(" ", 1)[1] if route.route_key != "*" else ""
        self.segments = self.text.split("/")[1:] if self.text.startswith("/") else []

    @property
    def where(self) -> tuple:
        return self.route.event.path


def variable_name(segment: str) -> str | None:
    """``{id}`` -> ``id``; ``{proxy+}`` -> ``proxy+``; anything else -> None."""
    if len(segment) > 2 and segment[0] == "{" and segment[-1] == "}" and "{" not in segment[1:-1] and "}" not in segment[1:-1]:
        return segment[1:-1]
    return None


class CheckContext:
    def __init__(self, service, http_api, template=None) -> None:
        self.service = service
        self.http_api = http_api
        self.template = template
        self.routes = list(http_api.routes.values()) if http_api is not None else []
        self.paths = [RoutePath(r) for r in self.routes if r.route_key != "*"]
        settings = service.provider.http_api
        self.external_api = truthy(settings.id)
        # Routes as declared, including '*' and routes a later duplicate replaced.
        self.events = [(fn, event) for fn in service.functions.values() for event in fn.events]
