"""A function name that makes a logical id CloudFormation rejects (``café`` -> ``CaféLambdaFunction``)."""

from __future__ import annotations

import re

from ...compiling import naming
from ...diagnostics import ERROR
from .. import sources
from ..rule import Finding, rule

# Serverless spells '-' and '_' as Dash and Underscore in the id; anything else outside
# A-Za-z0-9 stays, and CloudFormation refuses the template ("Resource name ... is non
# alphanumeric"), while `serverless package` only warns through its schema.
_KEY = re.compile(r"[A-Za-z0-9_-]+\Z")


@rule("HTTPAPI-FUNCTION-LOGICAL-ID", ERROR, "function names make valid logical ids", sources.LOGICAL_IDS)
def RULE(context):
    for key, fn in context.service.functions.items():
        if isinstance(key, str) and not _KEY.match(key):
            yield Finding(
                fn.path,
                f"function name '{key}' becomes logical id {naming.lambda_logical_id(key)}, which CloudFormation "
                "rejects (logical ids are A-Za-z0-9); use letters, digits, - and _",
            )
