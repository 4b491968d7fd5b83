"""Runtimes AWS has deprecated, or no longer lets you create functions with."""

from __future__ import annotations

import datetime

from ...diagnostics import ERROR, WARNING
from .. import sources
from ..data.runtimes import RUNTIMES
from ..rule import rule


def _today() -> str:
    return datetime.date.today().isoformat()


def _finding(runtime: str, who: str, today: str):
    info = RUNTIMES.get(runtime)
    if info is None:
        return None
    deprecated, blocked, successor = info
    instead = f"; use {successor}" if successor else ""
    if blocked <= today:
        return f"{who}: AWS no longer creates {runtime} functions (since {blocked}){instead}", ERROR
    if deprecated <= today:
        return f"{who}: {runtime} is deprecated since {deprecated}; creation stops {blocked}{instead}", WARNING
    return None


@rule("HTTPAPI-FUNCTION-RUNTIME", ERROR, "runtimes AWS still accepts", sources.LAMBDA_RUNTIMES)
def RULE(context):
    today = _today()
    provider_runtime = context.service.provider.runtime
    inheriting = []
    for key, fn in context.service.functions.items():
        if fn.image:
            continue
        if fn.runtime:
            found = _finding(str(fn.runtime), f"function {key}", today)
            if found:
                yield (fn.path + ("runtime",), *found)
        else:
            inheriting.append(key)
    if not inheriting:
        return
    # One finding for every function that takes the provider's (or Serverless's) runtime.
    runtime = str(provider_runtime or "nodejs16.x")
    names = ", ".join(inheriting[:3]) + (f" and {len(inheriting) - 3} more" if len(inheriting) > 3 else "")
    who = f"provider.runtime (used by {names})" if provider_runtime else f"Serverless v3's default runtime (used by {names})"
    found = _finding(runtime, who, today)
    if found:
        yield (("provider", "runtime") if provider_runtime else context.service.functions[inheriting[0]].path, *found)
