"""Identity sources: ``$request.header.X``, ``$request.querystring.X``, ``$context.X``, ``$stageVariables.X``.

A JWT authorizer takes exactly one, from a header or the query string.
"""

from __future__ import annotations

import re

from ...diagnostics import ERROR
from .. import sources
from ..rule import Finding, rule

_ANY = re.compile(r"\$(request\.header|request\.querystring|context|stageVariables)\.[^\s.][^\s]*\Z")
_JWT = re.compile(r"\$request\.(header|querystring)\.[^\s]+\Z")


@rule("HTTPAPI-IDENTITY-SOURCE", ERROR, "identity sources in API Gateway's form", sources.AUTHORIZER_API)
def RULE(context):
    for auth in context.service.provider.http_api.authorizers.values():
        raw = auth.identity_source
        values = raw if isinstance(raw, list) else ([] if raw is None else [raw])
        where = auth.path + ("identitySource",)
        if auth.type != "request":
            if len(values) != 1:
                yield Finding(where, f"authorizer '{auth.key}': a JWT authorizer takes exactly one identity source, e.g. $request.header.Authorization")
                continue
            if isinstance(values[0], str) and not _JWT.match(values[0]):
                yield Finding(where, f"authorizer '{auth.key}': '{values[0]}' cannot carry a JWT; use $request.header.<name> or $request.querystring.<name>")
            continue
        for index, value in enumerate(values):
            if isinstance(value, str) and not _ANY.match(value):
                yield Finding(
                    where + ((index,) if isinstance(raw, list) else ()),
                    f"authorizer '{auth.key}': '{value}' is not an identity source; write $request.header.<name>, "
                    "$request.querystring.<name>, $context.<variable> or $stageVariables.<name>",
                )
