"""Runtimes AWS offers that Serverless v3.39's schema does not list yet.

Serverless v3.39 validates ``runtime`` against a list that ends at nodejs20.x and
python3.11, both past AWS's creation block now, so every current runtime draws a
CONFIG_SCHEMA warning. This says, next to it, that the warning is expected and what
Serverless does with it, so that a newcomer does not go back to a blocked runtime.
"""

from __future__ import annotations

from ...diagnostics import INFO
from ...model.schema import DEFINITIONS
from .. import sources
from ..data.runtimes import RUNTIMES
from ..rule import Finding, rule

SERVERLESS_RUNTIMES = frozenset(DEFINITIONS["awsLambdaRuntime"]["enum"])


def _message(runtime: str, who: str) -> str:
    return (f"{who}: AWS Lambda offers {runtime}; Serverless v3.39's list of runtimes predates it, so its schema "
            "warns (CONFIG_SCHEMA) and `serverless deploy` deploys it all the same")


@rule("HTTPAPI-RUNTIME-NEWER-THAN-SERVERLESS", INFO, "current runtimes missing from Serverless v3.39's schema",
      sources.LAMBDA_RUNTIMES)
def RULE(context):
    service = context.service
    provider_runtime = service.provider.runtime
    found = []
    if isinstance(provider_runtime, str):
        found.append((("provider", "runtime"), provider_runtime, "provider.runtime"))
    for key, fn in service.functions.items():
        if isinstance(fn.runtime, str) and not fn.image:
            found.append((fn.path + ("runtime",), fn.runtime, f"function {key}"))
    for path, runtime, who in found:
        # A runtime past AWS's creation block is HTTPAPI-FUNCTION-RUNTIME's error instead.
        if runtime in RUNTIMES and runtime not in SERVERLESS_RUNTIMES and context.as_of < RUNTIMES[runtime][1]:
            yield Finding(path, _message(runtime, who))
