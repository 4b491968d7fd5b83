"""The name Lambda gets for a function: 1 to 64 letters, digits, - and _."""

from __future__ import annotations

import re

from ...compiling.iam import function_name
from ...diagnostics import ERROR
from .. import sources
from ..rule import Finding, rule
from .function_logical_id import _KEY

_MAX = 64
_NAME = re.compile(r"[A-Za-z0-9_-]+\Z")


@rule("HTTPAPI-FUNCTION-NAME", ERROR, "Lambda function names: 1-64 of A-Za-z0-9 - _", sources.FUNCTION_NAME)
def RULE(context):
    service = context.service
    for key, fn in service.functions.items():
        if fn.name is not None and not isinstance(fn.name, str):
            continue  # a CloudFormation function: its value is known at deploy time
        name = function_name(service, key)
        if not isinstance(name, str) or "${" in name:
            continue  # a placeholder (lenient mode) or a CloudFormation value: known at deploy time
        where = fn.path + ("name",) if isinstance(fn.name, str) and fn.name else fn.path
        if len(name) > _MAX:
            yield Finding(
                where,
                f"function {key} is deployed as '{name}' ({len(name)} characters); Lambda accepts at most {_MAX}: "
                "set a shorter `name:` or shorten the service, stage or function name",
            )
        elif not _NAME.match(name) and _KEY.match(key):  # a bad key is HTTPAPI-FUNCTION-LOGICAL-ID's
            yield Finding(
                where,
                f"function {key} is deployed as '{name}', which Lambda rejects: a function name holds only letters, "
                "digits, - and _",
            )
