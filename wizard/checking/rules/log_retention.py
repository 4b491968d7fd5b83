"""``logRetentionInDays`` must be a value CloudWatch Logs accepts."""

from __future__ import annotations

from ...diagnostics import ERROR
from ...model.service import Function, Provider
from .. import sources
from ..data.log_variables import RETENTION_DAYS
from ..rule import Finding, rule


def _problem(days) -> str | None:
    if days is None or isinstance(days, dict):
        return None  # a mapping is a CloudFormation function ({"Ref": ...}): its value is known at deploy time
    if not isinstance(days, list) and days in RETENTION_DAYS:
        return None
    listed = "1, 3, 5, 7, 14, 30, 60, 90, ... 3653"
    if not isinstance(days, (int, float)) or isinstance(days, bool):
        return f"logRetentionInDays {days!r} is not a number of days CloudWatch accepts ({listed}); leave it out to keep logs forever"
    nearest = min(RETENTION_DAYS, key=lambda d: (abs(d - days), d))
    return f"logRetentionInDays {days} is not one CloudWatch accepts ({listed}); nearest: {nearest}"


@rule("HTTPAPI-LOG-RETENTION", ERROR, "CloudWatch retention periods", sources.LOG_RETENTION)
def RULE(context):
    message = _problem(context.service.provider.log_retention_in_days)
    if message:
        yield Finding(("provider", Provider.yaml_key("log_retention_in_days")), message)
    for fn in context.service.functions.values():
        message = _problem(fn.log_retention_in_days)
        if message:
            yield Finding(fn.path + (Function.yaml_key("log_retention_in_days"),), message)
