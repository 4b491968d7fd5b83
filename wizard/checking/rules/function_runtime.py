"""Runtimes AWS no longer lets you create functions with."""

from __future__ import annotations

from ...diagnostics import ERROR
from .. import sources
from ..context import runtime_users
from ..data.runtimes import RUNTIMES
from ..rule import Finding, rule


def successor(runtime: str) -> str:
    follow = RUNTIMES[runtime][2]
    return f"; use {follow}" if follow else ""


@rule("HTTPAPI-FUNCTION-RUNTIME", ERROR, "runtimes AWS still creates functions with", sources.LAMBDA_RUNTIMES)
def RULE(context):
    for path, runtime, who in runtime_users(context):
        info = RUNTIMES.get(runtime)
        if info is not None and info[1] <= context.as_of:
            yield Finding(path, f"{who}: AWS no longer creates {runtime} functions (since {info[1]}){successor(runtime)}")
