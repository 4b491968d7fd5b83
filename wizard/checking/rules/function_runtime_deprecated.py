"""Runtimes AWS has deprecated (no more security patches) but still creates functions with."""

from __future__ import annotations

from ...diagnostics import WARNING
from .. import sources
from ..context import runtime_users
from ..data.runtimes import RUNTIMES
from ..rule import Finding, rule
from .function_runtime import successor


@rule("HTTPAPI-FUNCTION-RUNTIME-DEPRECATED", WARNING, "runtimes AWS still patches", sources.LAMBDA_RUNTIMES)
def RULE(context):
    for path, runtime, who in runtime_users(context):
        info = RUNTIMES.get(runtime)
        if info is not None and info[0] <= context.as_of < info[1]:
            yield Finding(
                path, f"{who}: {runtime} is deprecated since {info[0]}; creation stops {info[1]}{successor(runtime)}"
            )
