"""``$context`` variables in the access-log format that HTTP APIs do not have."""

from __future__ import annotations

import re

from ...diagnostics import WARNING
from .. import sources
from ..data.log_variables import CONTEXT_PREFIXES, CONTEXT_VARIABLES
from ..rule import Finding, rule

_VARIABLE = re.compile(r"\$context\.([A-Za-z0-9_.-]*[A-Za-z0-9_])")


@rule("HTTPAPI-LOG-VARIABLE", WARNING, "known $context variables", sources.LOG_VARIABLES)
def RULE(context):
    logs = context.service.provider.access_logs
    if logs is None or not isinstance(logs.format, str):
        return
    for name in dict.fromkeys(_VARIABLE.findall(logs.format)):
        # A prefix ends with a dot and a name never does, so a name that starts with one goes on past it.
        if name in CONTEXT_VARIABLES or name.startswith(CONTEXT_PREFIXES):
            continue
        yield Finding(("provider", "logs", "httpApi", "format"), f"$context.{name} is not an HTTP API access-log variable; it will log '-'")
