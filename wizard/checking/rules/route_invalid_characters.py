"""Characters a URL path cannot carry."""

from __future__ import annotations

import re

from ...diagnostics import ERROR
from .. import sources
from ..rule import Finding, rule

# Reserved or unsafe in a URL path (RFC 3986): a client can never send these unencoded.
_FORBIDDEN = re.compile(r"[?#%\"<>\\^`|\[\]]")


@rule("HTTPAPI-ROUTE-INVALID-CHARACTERS", ERROR, "only URL path characters in a route", sources.URI_PATH)
def RULE(context):
    for rp in context.paths:
        bad = _FORBIDDEN.search(rp.text)
        if bad:
            yield Finding(
                rp.where,
                f"'{rp.route.route_key}' contains '{bad.group()}', which cannot appear in a URL path; remove it "
                "(paths are made of letters, digits, - . _ ~ and {variables})",
            )
