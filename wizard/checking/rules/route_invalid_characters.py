"""Characters a URL path cannot carry, and non-ASCII text that logical ids drop."""

from __future__ import annotations

import re

from ...diagnostics import ERROR, WARNING
from .. import sources
from ..rule import rule

# Reserved or unsafe in a URL path (RFC 3986): a client can never send these unencoded.
_FORBIDDEN = re.compile(r"[?#%\"<>\\^`|\[\]]")


@rule("HTTPAPI-ROUTE-INVALID-CHARACTERS", ERROR, "only URL path characters in a route", sources.ROUTES)
def RULE(context):
    for rp in context.paths:
        bad = _FORBIDDEN.search(rp.text)
        if bad:
            yield rp.where, f"'{rp.route.route_key}' contains '{bad.group()}', which cannot appear in a URL path"
        elif not rp.text.isascii():
            yield (
                rp.where,
                f"'{rp.route.route_key}' has non-ASCII characters: clients must percent-encode them and Serverless "
                "drops them from logical ids (routes may collide); prefer ASCII",
                WARNING,
            )
