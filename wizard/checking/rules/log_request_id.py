"""The access-log format must include ``$context.requestId`` (or ``extendedRequestId``)."""

from __future__ import annotations

from ...diagnostics import ERROR
from .. import sources
from ..rule import Finding, rule


@rule("HTTPAPI-LOG-REQUEST-ID", ERROR, "access logs carry the request id", sources.ACCESS_LOG_SETTINGS)
def RULE(context):
    logs = context.service.provider.access_logs
    if logs is None or not isinstance(logs.format, str) or not logs.format:
        return
    if "$context.requestId" not in logs.format and "$context.extendedRequestId" not in logs.format:
        yield Finding(("provider", "logs", "httpApi", "format"), "the access-log format must include $context.requestId; AWS rejects the stage otherwise")
