"""Route keys or function names that Serverless turns into the same logical id."""

from __future__ import annotations

from ...compiling import naming
from ...diagnostics import WARNING
from .. import sources
from ..rule import Finding, rule


@rule("HTTPAPI-LOGICAL-ID-COLLISION", WARNING, "distinct logical ids", sources.NAMING)
def RULE(context):
    routes: dict[str, object] = {}
    for _fn, event in context.events:
        key = event.route_key
        if key is None:
            continue  # an event Serverless refuses (no method): its error says so
        logical_id = naming.http_api_route_logical_id(key)
        first = routes.setdefault(logical_id, (key, event))
        if first[0] != key:
            yield Finding(
                event.path,
                f"'{key}' and '{first[0]}' both become {logical_id}: Serverless keeps only the later route and the "
                "other is silently missing from the API; rename one path",
            )
    functions: dict[str, str] = {}
    for key, fn in context.service.functions.items():
        logical_id = naming.lambda_logical_id(key)
        first = functions.setdefault(logical_id, key)
        if first != key:
            yield Finding(fn.path, f"functions '{first}' and '{key}' both become {logical_id}: one overwrites the other; rename one")
