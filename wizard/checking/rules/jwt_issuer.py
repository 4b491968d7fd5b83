"""A JWT issuer must be an https:// URL (API Gateway discovers its keys over OIDC)."""

from __future__ import annotations

from ...diagnostics import ERROR
from .. import sources
from ..rule import Finding, rule


@rule("HTTPAPI-JWT-ISSUER", ERROR, "issuer is an https:// URL", sources.ISSUER_HTTPS)
def RULE(context):
    for auth in context.service.provider.http_api.authorizers.values():
        issuer = auth.issuer_url
        if auth.type == "request" or not isinstance(issuer, str):
            continue  # CloudFormation functions are resolved by AWS
        if not issuer.startswith("https://") or len(issuer) <= len("https://"):
            yield Finding(
                auth.path + ("issuerUrl",),
                f"authorizer '{auth.key}': issuer '{issuer}' must be an https:// URL naming a host, e.g. "
                "https://cognito-idp.<region>.amazonaws.com/<userPoolId>",
            )
        elif len(issuer) > 2048:
            yield Finding(auth.path + ("issuerUrl",), f"authorizer '{auth.key}': issuer is {len(issuer)} characters; API Gateway accepts at most 2048")
