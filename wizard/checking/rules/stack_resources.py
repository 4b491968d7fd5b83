"""Resources per CloudFormation stack: at most 500."""

from __future__ import annotations

from ...diagnostics import ERROR
from .. import sources
from ..rule import Finding, rule

MAX_RESOURCES = 500


def where(context, count: int) -> tuple:
    """The part of the file that makes most of the ``count`` resources: ``resources`` or ``functions``."""
    resources = context.service.resources
    own = resources.get("Resources") if isinstance(resources, dict) else None
    return ("resources", "Resources") if isinstance(own, dict) and len(own) * 2 > count else ("functions",)


@rule("HTTPAPI-STACK-RESOURCES", ERROR, "at most 500 resources per stack", sources.STACK_LIMITS)
def RULE(context):
    if context.template is None:
        return
    count = len(context.template.get("Resources", {}))
    if count > MAX_RESOURCES:
        yield Finding(
            where(context, count),
            f"the template has {count} resources; a CloudFormation stack allows {MAX_RESOURCES}: split the service "
            "into several stacks (one serverless.yml each)",
        )
