"""The HTTP response API Gateway makes of what a function returned, by payload format version.

Rules from AWS's "Create AWS Lambda proxy integrations for HTTP APIs" (response formats
1.0 and 2.0), completed with what AWS observed on real HTTP APIs in its own emulator
(aws/aws-lambda-dotnet Tools/LambdaTestTool-v2, whose snapshots were captured from
deployed APIs):

- 2.0 without ``statusCode``: status 200, ``content-type: application/json``, the body is
  the function's output as it was serialized (a JSON string gives its value).
- 2.0 with ``statusCode`` and 1.0: ``statusCode``, ``headers``, ``body``,
  ``isBase64Encoded``; 2.0 adds ``cookies`` (one ``set-cookie`` each); 1.0 adds
  ``multiValueHeaders`` (after the value of ``headers`` for the same name). Without a
  content type the response is ``text/plain; charset=utf-8``.
- Anything unusable (no valid status code, a body that is not a string, headers that are
  not a map of scalars, bad base64) is ``500 {"message":"Internal Server Error"}``, as a
  failed function is.
"""

from __future__ import annotations

import base64
import binascii
import json
import re

from ..jsvalues import js_string

# What API Gateway answers itself, by status.
MESSAGES = {
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    413: "Request Entity Too Large",
    500: "Internal Server Error",
    502: "Internal Server Error",
    503: "Service Unavailable",
}
# Lambda's limit on a synchronous invocation's request and response ("Lambda quotas").
LAMBDA_PAYLOAD_LIMIT = 6 * 1024 * 1024
DEFAULT_CONTENT_TYPE = "text/plain; charset=utf-8"
# Set by the HTTP layer from the body it sends, whatever the function said.
_HOP_BY_HOP = {"content-length", "transfer-encoding", "connection", "keep-alive"}
_TOKEN = re.compile(r"^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$")


class HttpAnswer:
    """Status, headers (pairs, repeats kept) and body bytes; ``problem`` says why
    API Gateway answered with an error instead of the function's response."""

    __slots__ = ("status", "headers", "body", "problem")

    def __init__(self, status: int, headers: list[tuple[str, str]], body: bytes, problem: str | None = None) -> None:
        self.status = status
        self.headers = headers
        self.body = body
        self.problem = problem

    def header(self, name: str) -> str | None:
        return header_value(self.headers, name)

    def __repr__(self) -> str:
        return f"HttpAnswer({self.status}, {self.headers!r}, {self.body[:60]!r})"


def header_value(headers: list[tuple[str, str]], name: str) -> str | None:
    """Every value of a header (names compared without case) joined with commas, or None."""
    lower = name.lower()
    values = [v for n, v in headers if n.lower() == lower]
    return ",".join(values) if values else None


def gateway_answer(status: int, problem: str | None = None) -> HttpAnswer:
    """An answer API Gateway gives itself: ``{"message": ...}`` as JSON."""
    body = json.dumps({"message": MESSAGES.get(status, "Internal Server Error")}, separators=(",", ":")).encode()
    return HttpAnswer(status, [("content-type", "application/json")], body, problem)


class Unusable(ValueError):
    """The function's response cannot become an HTTP response."""


def from_payload(payload: str, version: str) -> HttpAnswer:
    """The HTTP response for a function's successful result ``payload`` (its JSON text)."""
    if len(payload.encode("utf-8")) > LAMBDA_PAYLOAD_LIMIT:
        return gateway_answer(500, f"the function's response is larger than Lambda's {LAMBDA_PAYLOAD_LIMIT}-byte limit for "
                            "synchronous invocations: Lambda fails the invocation")
    try:
        value = json.loads(payload)
    except ValueError:
        value = _NOT_JSON
    try:
        if version == "1.0":
            return _v1(value)
        return _v2(value, payload)
    except Unusable as exc:
        return gateway_answer(500, f"the function's response is unusable for payload {version}: {exc}")


_NOT_JSON = object()


def _v2(value, raw: str) -> HttpAnswer:
    if isinstance(value, dict) and "statusCode" in value:
        headers = _headers(value.get("headers"), "headers")
        cookies = value.get("cookies")
        if cookies is not None:
            if not isinstance(cookies, list) or not all(isinstance(c, str) for c in cookies):
                raise Unusable("cookies must be a list of strings")
            headers += [("set-cookie", c) for c in cookies]
        return _structured(value, headers)
    # Inferred: the output itself is the body, as it was serialized; a string gives its text.
    body = value if isinstance(value, str) else raw
    return HttpAnswer(200, [("content-type", "application/json")], body.encode("utf-8"))


def _v1(value) -> HttpAnswer:
    if not isinstance(value, dict):
        raise Unusable("payload 1.0 needs an object with statusCode")
    headers = _headers(value.get("headers"), "headers")
    multi = value.get("multiValueHeaders")
    if multi is not None:
        if not isinstance(multi, dict):
            raise Unusable("multiValueHeaders must be an object of lists")
        for name, values in multi.items():
            if not isinstance(values, list):
                raise Unusable(f"multiValueHeaders.{name} must be a list")
            headers += [(_name(name, "multiValueHeaders"), _scalar(v, f"multiValueHeaders.{name}")) for v in values]
    return _structured(value, headers)


def _structured(value: dict, headers: list[tuple[str, str]]) -> HttpAnswer:
    status = value.get("statusCode")
    if isinstance(status, bool) or not isinstance(status, int) or not 100 <= status <= 599:
        raise Unusable(f"statusCode must be an integer from 100 to 599, not {json.dumps(status)}")
    body = value.get("body")
    if body is None:
        data = b""
    elif not isinstance(body, str):
        raise Unusable(f"body must be a string, not {_kind(body)} (JSON.stringify it)")
    elif value.get("isBase64Encoded") is True:
        try:
            data = base64.b64decode(body, validate=True)
        except (binascii.Error, ValueError):
            raise Unusable("isBase64Encoded is true but body is not base64") from None
    else:
        data = body.encode("utf-8")
    headers = [(n, v) for n, v in headers if n.lower() not in _HOP_BY_HOP]
    if not any(n.lower() == "content-type" for n, _ in headers):
        headers.append(("content-type", DEFAULT_CONTENT_TYPE))
    return HttpAnswer(status, headers, data)


def _headers(raw, where: str) -> list[tuple[str, str]]:
    if raw is None:
        return []
    if not isinstance(raw, dict):
        raise Unusable(f"{where} must be an object")
    return [(_name(name, where), _scalar(value, f"{where}.{name}")) for name, value in raw.items() if value is not None]


def _name(name: str, where: str) -> str:
    if not _TOKEN.match(name):
        raise Unusable(f"{where} has a name that is not a valid header name: {name!r}")
    return name


def _scalar(value, where: str) -> str:
    if isinstance(value, (str, int, float, bool)):
        text = js_string(value)
        if "\r" in text or "\n" in text:
            raise Unusable(f"{where} contains a line break")
        return text
    raise Unusable(f"{where} must be a string, not {_kind(value)}")


def _kind(value) -> str:
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "an array"
    return json.dumps(value)


def notes_about(payload: str, version: str) -> list[str]:
    """What the log should say about a usable response that does not do what it seems to."""
    try:
        value = json.loads(payload)
    except ValueError:
        return []
    out = []
    if version != "1.0" and isinstance(value, dict):
        if "statusCode" in value and "multiValueHeaders" in value:
            out.append("multiValueHeaders is a payload 1.0 field: with payload 2.0 API Gateway ignores it (use headers "
                       "with comma-joined values, and cookies for set-cookie)")
        if "statusCode" not in value and ("body" in value or "headers" in value):
            out.append("the response has no statusCode, so API Gateway sends the whole object as a 200 JSON body "
                       "(its body and headers are not used)")
    if version == "1.0" and isinstance(value, dict) and "cookies" in value:
        out.append("cookies is a payload 2.0 field: with payload 1.0 API Gateway ignores it (use multiValueHeaders "
                   "set-cookie)")
    return out
