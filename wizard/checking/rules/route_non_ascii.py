"""Non-ASCII text in a route: clients must percent-encode it, and logical ids drop it."""

from __future__ import annotations

from ...diagnostics import WARNING
from .. import sources
from ..rule import Finding, rule


@rule("HTTPAPI-ROUTE-NON-ASCII", WARNING, "ASCII route paths", sources.NAMING)
def RULE(context):
    for rp in context.paths:
        if not rp.text.isascii():
            yield Finding(
                rp.where,
                f"'{rp.route.route_key}' has non-ASCII characters: clients must percent-encode them and Serverless "
                "drops them from logical ids (routes may collide); prefer ASCII",
            )
