"""Function timeouts against the HTTP API's 30 s integration limit and Lambda's 1-900 s."""

from __future__ import annotations

from ...diagnostics import ERROR, WARNING
from ...model.http_api import effective_timeout
from .. import sources
from ..rule import rule


@rule("HTTPAPI-FUNCTION-TIMEOUT", WARNING, "timeouts fit the integration", sources.QUOTAS)
def RULE(context):
    routed = {r.function.key for r in context.routes}
    for key, fn in context.service.functions.items():
        timeout = effective_timeout(context.service, fn)
        where = fn.path + ("timeout",) if fn.timeout is not None else ("provider", "timeout")
        if not 1 <= timeout <= 900:
            yield where, f"function {key}: timeout {timeout} s; Lambda accepts 1 to 900", ERROR
        elif key in routed and timeout >= 30:
            yield (
                where,
                f"function {key} may run {timeout} s but API Gateway stops waiting at 30 s: callers get 503 "
                "while the function goes on; keep it at 28 s or less, or make the work asynchronous",
            )
