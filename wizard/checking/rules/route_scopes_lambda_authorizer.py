"""Scopes on a route whose authorizer is a Lambda (request) authorizer.

Serverless v3.39 writes them (``AuthorizationType: CUSTOM`` with ``AuthorizationScopes``)
and AWS's CreateRoute refuses them: "Authorization Scopes are only valid for
COGNITO_USER_POOLS and JWT authorization types" (BadRequestException); the API reference
says route scopes are used with a JWT authorizer.
"""

from __future__ import annotations

from ...diagnostics import ERROR
from .. import sources
from ..rule import Finding, rule
from .route_scopes import scopes_path


@rule("HTTPAPI-ROUTE-SCOPES-LAMBDA-AUTHORIZER", ERROR, "scopes only with a JWT authorizer", sources.ROUTE_API)
def RULE(context):
    for route in context.routes:
        auth = route.auth
        if auth is not None and auth.scopes and auth.type == "request":
            yield Finding(
                scopes_path(route),
                f"'{route.api_route_key}' has scopes but a Lambda authorizer: AWS rejects the route at deploy "
                "(\"Authorization Scopes are only valid for COGNITO_USER_POOLS and JWT authorization types\"); "
                "remove `scopes` and check permissions in the authorizer function",
            )
