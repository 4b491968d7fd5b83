"""Empty segments (``//``) and trailing slashes."""

from __future__ import annotations

from ...diagnostics import ERROR
from .. import sources
from ..rule import Finding, rule


@rule("HTTPAPI-ROUTE-EMPTY-SEGMENT", ERROR, "no empty segments or trailing slash", sources.TRAILING_SLASH)
def RULE(context):
    for rp in context.paths:
        if rp.text == "/":
            continue
        if rp.text.endswith("/"):
            yield Finding(rp.where, f"'{rp.route.route_key}' ends with '/': API Gateway refuses it; write {rp.text.rstrip('/') or '/'}")
        elif "" in rp.segments:
            yield Finding(rp.where, f"'{rp.route.route_key}' has an empty segment ('//'); remove the extra slash")
