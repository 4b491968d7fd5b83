"""A routed function's timeout against the 30 s that API Gateway waits for an integration."""

from __future__ import annotations

from ...diagnostics import WARNING
from ...model.http_api import INTEGRATION_TIMEOUT_SECONDS, effective_timeout
from ...model.service import Function, Provider
from .. import sources
from ..rule import Finding, rule


def timeout_path(service, fn) -> tuple:
    """Where ``fn``'s timeout comes from, as Serverless picks it (``fn.timeout || provider.timeout || 6``)."""
    if fn.timeout is not None and effective_timeout(service, fn) == _number(fn.timeout):
        return fn.path + (Function.yaml_key("timeout"),)
    return ("provider", Provider.yaml_key("timeout"))


def _number(value):
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return int(number) if number.is_integer() else number


@rule("HTTPAPI-FUNCTION-TIMEOUT", WARNING, "routed functions finish within API Gateway's 30 s", sources.QUOTAS)
def RULE(context):
    service = context.service
    routed = {r.function.key for r in context.routes}
    for key, fn in service.functions.items():
        timeout = effective_timeout(service, fn)
        if key in routed and INTEGRATION_TIMEOUT_SECONDS <= timeout <= 900:
            yield Finding(
                timeout_path(service, fn),
                f"function {key} may run {timeout} s but API Gateway stops waiting at {INTEGRATION_TIMEOUT_SECONDS} s: "
                "callers get 503 while the function goes on; keep it under 30 s (28 s leaves room for the gateway), "
                "or make the work asynchronous",
            )
