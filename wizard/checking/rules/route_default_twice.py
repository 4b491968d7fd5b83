"""``'*'`` ($default) declared more than once: Serverless keeps the last silently."""

from __future__ import annotations

from ...diagnostics import WARNING
from .. import sources
from ..rule import Finding, rule


@rule("HTTPAPI-ROUTE-DEFAULT-TWICE", WARNING, "one $default route", sources.SERVERLESS_HTTP_API)
def RULE(context):
    defaults = [(fn, event) for fn, event in context.events if event.route_key == "*"]
    for fn, event in defaults[:-1]:
        winner = defaults[-1][0].key
        yield Finding(
            event.path,
            f"'*' ($default) is also declared by function {winner}; Serverless silently sends every unmatched "
            f"request to {winner} and this declaration in {fn.key} is lost",
        )
