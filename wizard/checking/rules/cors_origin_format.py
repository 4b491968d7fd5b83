"""CORS origins must be ``scheme://host[:port]`` (or ``*``)."""

from __future__ import annotations

import re

from ...diagnostics import ERROR
from .. import sources
from ..context import written_list
from ..rule import Finding, rule

# scheme://host[:port]; the host may start with a "*." wildcard or be just "*".
_ORIGIN = re.compile(r"[a-z][a-z0-9+.-]*://(\*|(\*\.)?[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*)(:\d{1,5})?\Z")


@rule("HTTPAPI-CORS-ORIGIN-FORMAT", ERROR, "origins are scheme://host[:port]", sources.CORS)
def RULE(context):
    for index, origin in enumerate(written_list(context, "allowed_origins") or ()):
        if not isinstance(origin, str) or origin == "*" or _ORIGIN.match(origin):
            continue
        hint = origin.rstrip("/") if origin.endswith("/") and _ORIGIN.match(origin.rstrip("/")) else None
        fix = f"write {hint}" if hint else "an origin is scheme://host[:port], with no path"
        yield Finding(("provider", "httpApi", "cors", "allowedOrigins", index), f"'{origin}' is not an origin browsers send: {fix}")
