"""Lambda's timeout: whole seconds from 1 to 900."""

from __future__ import annotations

from ...diagnostics import ERROR
from ...model.http_api import effective_timeout
from .. import sources
from ..rule import Finding, rule
from .function_timeout import timeout_path


@rule("HTTPAPI-FUNCTION-TIMEOUT-RANGE", ERROR, "timeout of 1 to 900 whole seconds", sources.LAMBDA_LIMITS)
def RULE(context):
    service = context.service
    for key, fn in service.functions.items():
        timeout = effective_timeout(service, fn)
        if not 1 <= timeout <= 900 or timeout != int(timeout):
            yield Finding(timeout_path(service, fn), f"function {key}: timeout {timeout} s; Lambda accepts whole seconds from 1 to 900")
