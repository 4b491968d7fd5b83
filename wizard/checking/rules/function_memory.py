"""Lambda memory: 128 to 10240 MB."""

from __future__ import annotations

from ...diagnostics import ERROR
from ...model.service import Function, Provider
from .. import sources
from ..rule import Finding, rule


@rule("HTTPAPI-FUNCTION-MEMORY", ERROR, "memory 128-10240 MB", sources.LAMBDA_LIMITS)
def RULE(context):
    provider = context.service.provider
    for key, fn in context.service.functions.items():
        memory = fn.memory_size if fn.memory_size else provider.memory_size
        if isinstance(memory, (int, float)) and not isinstance(memory, bool) and not 128 <= memory <= 10240:
            where = fn.path + (Function.yaml_key("memory_size"),) if fn.memory_size else ("provider", Provider.yaml_key("memory_size"))
            yield Finding(where, f"function {key}: {where[-1]} {memory} MB; Lambda accepts 128 to 10240")
