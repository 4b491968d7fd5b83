"""A JWT authorizer needs its issuer, an https:// URL (API Gateway discovers its keys over OIDC)."""

from __future__ import annotations

from ...diagnostics import ERROR
from .. import sources
from ..rule import Finding, rule


@rule("HTTPAPI-JWT-ISSUER", ERROR, "an issuer, as an https:// URL", sources.ISSUER_HTTPS)
def RULE(context):
    for auth in context.service.provider.http_api.authorizers.values():
        issuer = auth.issuer_url
        if auth.type == "request" or auth.is_null:
            continue  # a Lambda authorizer has no issuer; one with no settings at all is already an error
        if issuer is None or issuer == "":
            # Serverless writes JwtConfiguration without an Issuer and only its schema warns;
            # API Gateway's JWTConfiguration.issuer is "Required for the JWT authorizer type".
            yield Finding(auth.path + (("issuerUrl",) if issuer == "" else ()),
                          f"authorizer '{auth.key}' has no issuerUrl: API Gateway refuses a JWT authorizer without "
                          "the issuer of its tokens; add it, e.g. https://cognito-idp.<region>.amazonaws.com/<userPoolId>")
            continue
        if not isinstance(issuer, str):
            continue  # CloudFormation functions are resolved by AWS
        if not issuer.startswith("https://") or len(issuer) <= len("https://"):
            yield Finding(
                auth.path + ("issuerUrl",),
                f"authorizer '{auth.key}': issuer '{issuer}' must be an https:// URL naming a host, e.g. "
                "https://cognito-idp.<region>.amazonaws.com/<userPoolId>",
            )
        elif len(issuer) > 2048:
            yield Finding(auth.path + ("issuerUrl",), f"authorizer '{auth.key}': issuer is {len(issuer)} characters; API Gateway accepts at most 2048")
