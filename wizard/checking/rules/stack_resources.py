"""Resources per CloudFormation stack (warn from 80 %)."""

from __future__ import annotations

from ...diagnostics import ERROR, WARNING
from .. import sources
from ..rule import rule

MAX_RESOURCES = 500
WARN_AT = 0.8


@rule("HTTPAPI-STACK-RESOURCES", ERROR, "resources per stack", sources.STACK_LIMITS)
def RULE(context):
    if context.template is None:
        return
    count = len(context.template.get("Resources", {}))
    if count > MAX_RESOURCES:
        yield ("functions",), f"the template has {count} resources; a CloudFormation stack allows {MAX_RESOURCES}: split the service"
    elif count >= MAX_RESOURCES * WARN_AT:
        yield ("functions",), f"the template has {count} of the {MAX_RESOURCES} resources a stack allows", WARNING
