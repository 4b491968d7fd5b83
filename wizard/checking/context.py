"""What the rules look at: the model, the resolved HTTP API, the parsed route paths, the date."""

from __future__ import annotations

import datetime

from ..jsvalues import truthy

SERVERLESS_DEFAULT_RUNTIME = "nodejs16.x"  # what v3.39 creates functions with when no runtime is named


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


def iso_date(as_of: datetime.date | str | None) -> str:
    """``as_of`` as ``YYYY-MM-DD`` (today when None); a string must be such a date."""
    if as_of is None:
        return datetime.date.today().isoformat()
    if isinstance(as_of, datetime.date):
        return as_of.isoformat()
    return datetime.date.fromisoformat(as_of).isoformat()


class CheckContext:
    """``as_of`` is the day the date-dependent rules (runtime lifecycle) judge by."""

    def __init__(self, service, http_api, template=None, as_of: datetime.date | str | None = None) -> None:
        self.as_of = iso_date(as_of)
        self.service = service
        self.http_api = http_api
        self.template = template
        self.routes = list(http_api.routes.values()) if http_api is not None else []
        self.paths = [RoutePath(r) for r in self.routes if r.route_key != "*"]
        settings = service.provider.http_api
        self.external_api = truthy(settings.id)
        # Routes as declared, including '*' and routes a later duplicate replaced.
        self.events = [(fn, event) for fn in service.functions.values() for event in fn.events]


def written_list(context, field: str) -> list | None:
    """``provider.httpApi.cors.<field>`` when CORS is written as a mapping and the field as a list."""
    cors = context.service.provider.http_api.cors
    if cors is None or cors.is_default:
        return None
    value = getattr(cors, field)
    return value if isinstance(value, list) else None


def runtime_users(context) -> list[tuple[tuple, str, str]]:
    """``(path, runtime, who)`` for each runtime functions are created with (image functions have none).

    A function's own ``runtime`` is reported at it; every function that takes the
    provider's (or Serverless v3's default, nodejs16.x) is reported once, at
    ``provider.runtime`` (or at the first such function when the provider names none).
    """
    service = context.service
    out = []
    inheriting = []
    for key, fn in service.functions.items():
        if fn.image:
            continue
        if fn.runtime:
            out.append((fn.path + ("runtime",), str(fn.runtime), f"function {key}"))
        else:
            inheriting.append(key)
    if inheriting:
        provider_runtime = service.provider.runtime
        names = ", ".join(inheriting[:3]) + (f" and {len(inheriting) - 3} more" if len(inheriting) > 3 else "")
        if provider_runtime:
            out.append((("provider", "runtime"), str(provider_runtime), f"provider.runtime (used by {names})"))
        else:
            out.append((service.functions[inheriting[0]].path, SERVERLESS_DEFAULT_RUNTIME,
                        f"Serverless v3's default runtime (used by {names})"))
    return out
