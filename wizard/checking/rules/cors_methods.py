"""``allowedMethods`` must be HTTP methods (or ``*``)."""

from __future__ import annotations

from ...diagnostics import ERROR
from .. import sources
from ..context import written_list
from ..rule import Finding, rule

METHODS = frozenset(("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "*"))


@rule("HTTPAPI-CORS-METHOD", ERROR, "allowedMethods are HTTP methods", sources.CORS_API)
def RULE(context):
    for index, method in enumerate(written_list(context, "allowed_methods") or ()):
        name = str(method).upper()
        if name in METHODS:
            continue
        if name == "ANY":
            fix = "ANY is a route method; in CORS write '*'"
        elif any(sep in name for sep in ", "):
            fix = "write one method per item"
        else:
            fix = "use GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS or '*'"
        yield Finding(("provider", "httpApi", "cors", "allowedMethods", index), f"'{method}' is not an HTTP method: {fix}")
