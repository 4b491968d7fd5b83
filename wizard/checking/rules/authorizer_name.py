"""An authorizer name that makes an invalid CloudFormation logical id."""

from __future__ import annotations

import re

from ...diagnostics import ERROR
from .. import sources
from ..rule import Finding, rule

_NAME = re.compile(r"[A-Za-z0-9_-]+\Z")


@rule("HTTPAPI-AUTHORIZER-NAME", ERROR, "authorizer names make valid logical ids", sources.NAMING)
def RULE(context):
    for auth in context.service.provider.http_api.authorizers.values():
        name = auth.effective_name
        if isinstance(name, str) and not _NAME.match(name):
            where = auth.path + (("name",) if auth.name else ())
            yield Finding(where, f"authorizer name '{name}' becomes logical id HttpApiAuthorizer{name[:1].upper()}{name[1:]}, which CloudFormation rejects; use letters, digits, - and _")
