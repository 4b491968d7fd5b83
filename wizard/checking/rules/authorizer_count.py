"""At most 10 authorizers per API."""

from __future__ import annotations

from ...diagnostics import ERROR
from .. import sources
from ..rule import Finding, rule

MAX_AUTHORIZERS = 10


@rule("HTTPAPI-AUTHORIZER-QUOTA", ERROR, "at most 10 authorizers", sources.QUOTAS)
def RULE(context):
    count = len(context.service.provider.http_api.authorizers)
    if count > MAX_AUTHORIZERS:
        yield Finding(("provider", "httpApi", "authorizers"), f"{count} authorizers; an HTTP API allows {MAX_AUTHORIZERS}: "
                      "let routes share an authorizer (scopes tell them apart), or remove the unused ones")
