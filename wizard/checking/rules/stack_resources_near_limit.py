"""Resources per CloudFormation stack: warn from 80 % of the 500 allowed."""

from __future__ import annotations

from ...diagnostics import WARNING
from .. import sources
from ..rule import Finding, rule
from .stack_resources import MAX_RESOURCES, where

WARN_AT = 400  # 80 %: each function with a route adds about six resources


@rule("HTTPAPI-STACK-RESOURCES-NEAR-LIMIT", WARNING, "400 to 500 resources: near the stack's limit", sources.STACK_LIMITS)
def RULE(context):
    if context.template is None:
        return
    count = len(context.template.get("Resources", {}))
    if WARN_AT <= count <= MAX_RESOURCES:
        yield Finding(
            where(context, count),
            f"the template has {count} of the {MAX_RESOURCES} resources a stack allows; plan how to split the "
            "service before it grows past the limit",
        )
