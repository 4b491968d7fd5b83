"""Lambda authorizer: cache TTL 0-3600, and simple responses only with payload 2.0."""

from __future__ import annotations

from ...diagnostics import ERROR
from .. import sources
from ..rule import Finding, rule


@rule("HTTPAPI-LAMBDA-AUTHORIZER", ERROR, "Lambda authorizer settings", sources.LAMBDA_AUTHORIZER)
def RULE(context):
    for auth in context.service.provider.http_api.authorizers.values():
        if auth.type != "request":
            continue
        ttl = auth.result_ttl_in_seconds
        if isinstance(ttl, (int, float)) and not isinstance(ttl, bool) and not 0 <= ttl <= 3600:
            yield Finding(auth.path + ("resultTtlInSeconds",), f"authorizer '{auth.key}': resultTtlInSeconds {ttl} must be 0 to 3600")
        if auth.enable_simple_responses is True and str(auth.payload_version or "2.0") == "1.0":
            yield Finding(
                auth.path + ("enableSimpleResponses",),
                f"authorizer '{auth.key}': simple responses ({{\"isAuthorized\": true}}) need payloadVersion '2.0'",
            )
