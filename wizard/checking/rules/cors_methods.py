"""``allowedMethods`` must be HTTP methods (or ``*``)."""

from __future__ import annotations

from ...diagnostics import ERROR
from .. import sources
from ..rule import rule

METHODS = frozenset(("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "*"))


@rule("HTTPAPI-CORS-METHOD", ERROR, "allowedMethods are HTTP methods", sources.CORS_API)
def RULE(context):
    cors = context.service.provider.http_api.cors
    if cors is None or cors.is_default or not isinstance(cors.allowed_methods, list):
        return
    for index, method in enumerate(cors.allowed_methods):
        if str(method).upper() not in METHODS:
            hint = " (ANY is a route method; in CORS write '*')" if str(method).upper() == "ANY" else ""
            yield ("provider", "httpApi", "cors", "allowedMethods", index), f"'{method}' is not an HTTP method{hint}"
