"""Payload versions Serverless rewrote or AWS refuses (an unquoted ``2.0`` becomes ``"2"``)."""

from __future__ import annotations

from ...diagnostics import ERROR
from .. import sources
from ..rule import Finding, rule

VALID = ("1.0", "2.0")


def _problem(value, key: str) -> str | None:
    if value is None or str(value) in VALID:
        return None
    if str(value) in ("1", "2"):
        return f"{key} is \"{value}\" because YAML read an unquoted {value}.0 as a number; write '{value}.0' in quotes"
    return f"{key} '{value}' is not a payload version; AWS accepts '1.0' or '2.0'"


@rule("HTTPAPI-PAYLOAD-VERSION", ERROR, "payload versions '1.0' or '2.0'", sources.PAYLOAD)
def RULE(context):
    provider = context.service.provider.http_api
    message = _problem(provider.payload, "provider.httpApi.payload")
    if message:
        yield Finding(("provider", "httpApi", "payload"), message)
    for fn in context.service.functions.values():
        message = _problem(fn.http_api_payload, f"functions.{fn.key}.httpApi.payload")
        if message:
            yield Finding(fn.path + ("httpApi", "payload"), message)
    for auth in provider.authorizers.values():
        if auth.type == "request":
            message = _problem(auth.payload_version, f"authorizer '{auth.key}' payloadVersion")
            if message:
                yield Finding(auth.path + ("payloadVersion",), message)
