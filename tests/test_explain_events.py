"""The events explain builds, compared with events captured from real API Gateway HTTP APIs.

Each capture is in tests/events/ with its source and licence (tests/events/README.md).
Given the request the capture's author sent and what only AWS knows (ids, time, the
caller's address, as a Gateway), the event must be the captured one, field for field.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest
import yaml

from wizard.api import compile_text
from wizard.explaining import Gateway, Request, decide
from wizard.explaining.event import is_text

EVENTS = Path(__file__).resolve().parent / "events"


def captured(name: str) -> dict:
    return json.loads((EVENTS / name).read_text())


def service(route, payload="2.0", region="us-east-1", provider=None):
    cfg = {"service": "svc", "provider": {"name": "aws", "runtime": "nodejs20.x", "region": region,
                                          "httpApi": {"payload": payload, **(provider or {})}},
           "functions": {"handler": {"handler": "h.handler", "events": [{"httpApi": route}]}}}
    result = compile_text(yaml.safe_dump(cfg, sort_keys=False), "serverless.yml", env={})
    assert result.compile_errors == [], [d.format() for d in result.compile_errors]
    return result


def gateway_of(event: dict) -> Gateway:
    """The values only AWS knows, read from a captured event."""
    context = event["requestContext"]
    epoch = context.get("timeEpoch", context.get("requestTimeEpoch"))
    source_ip = context["http"]["sourceIp"] if "http" in context else context["identity"]["sourceIp"]
    headers = {k.lower(): v for k, v in event["headers"].items()}
    return Gateway(account_id=context["accountId"], api_id=context["apiId"], request_id=context["requestId"],
                   time_epoch=epoch, source_ip=source_ip, trace_id=headers["x-amzn-trace-id"])


def test_payload_1_0_post_without_a_body_is_the_captured_event():
    # curl -X POST https://9pyofn5yi9.execute-api.eu-central-1.amazonaws.com/handler/ to
    # ANY /handler/{proxy+}, payload 1.0 (mantil-io/go-lambda-examples, MIT).
    real = captured("http-api-v1-post-no-body.json")
    r = service("ANY /handler/{proxy+}", payload="1.0", region="eu-central-1")
    request = Request.parse("POST /handler/", ["accept: */*", "user-agent: curl/7.77.0"])
    e = decide(r.service, r.http_api, request, gateway=gateway_of(real))
    assert e.event == real
    # What a handler relies on, spelled out: the gateway's headers in canonical case, the
    # client's lower-case, no authorizer key, and the order AWS writes them in.
    assert list(e.event["headers"]) == list(real["headers"])
    assert e.event["headers"]["Content-Length"] == "0" and "authorization" not in e.event["headers"]
    assert "authorizer" not in e.event["requestContext"]
    assert e.event["pathParameters"] == {"proxy": ""} and e.event["body"] is None


def test_payload_1_0_header_names_whatever_the_client_typed():
    # The capture's rule applied to more headers: the gateway's own canonical, every other
    # lower-case; two spellings are one header (headers: the last, multiValueHeaders: all).
    r = service("POST /items", payload="1.0")
    e = decide(r.service, r.http_api, Request.parse("POST /items", [
        "Authorization: Bearer t", "ACCEPT: */*", "content-type: application/json", "X-Custom: 1", "x-custom: 2",
        "USER-AGENT: curl/8"], body="{}"))
    headers = e.event["headers"]
    assert headers["authorization"] == "Bearer t" and "Authorization" not in headers
    assert headers["accept"] == "*/*"
    assert headers["Content-Type"] == "application/json" and headers["User-Agent"] == "curl/8"
    assert headers["Content-Length"] == "2" and headers["Host"] == "api-id.execute-api.us-east-1.amazonaws.com"
    assert headers["x-custom"] == "2" and e.event["multiValueHeaders"]["x-custom"] == ["1", "2"]
    assert list(headers) == sorted(headers)


def test_payload_2_0_form_post_is_base64_as_captured():
    # curl -d "request body" to ANY /handler, payload 2.0: curl's default form type.
    real = captured("http-api-v2-form-post.json")
    r = service("ANY /handler", region="eu-central-1")
    request = Request.parse("POST /handler", ["accept: */*", "user-agent: curl/7.77.0",
                                              "content-type: application/x-www-form-urlencoded"], body="request body")
    e = decide(r.service, r.http_api, request, gateway=gateway_of(real))
    assert e.event == real
    assert e.event["isBase64Encoded"] is True and base64.b64decode(e.event["body"]) == b"request body"


def test_payload_2_0_get_without_a_body_is_the_captured_event():
    # aws/aws-lambda-go events/testdata/apigw-v2-request-no-authorizer.json (Apache-2.0),
    # without the mutual-TLS certificate that request carried.
    real = captured("apigw-v2-request-no-authorizer.json")
    del real["requestContext"]["authentication"]
    r = service("*", region="us-west-2")
    e = decide(r.service, r.http_api, Request.parse("GET /", ["accept: */*", "user-agent: curl/7.58.0"]),
               gateway=gateway_of(real))
    assert e.event == real
    assert e.event["headers"]["content-length"] == "0" and "body" not in e.event


def test_every_request_carries_content_length():
    # Both captures of a request without a body carry content-length 0, GET and POST alike.
    assert captured("http-api-v2-post-no-body.json")["headers"]["content-length"] == "0"
    r = service("ANY /x")
    for line, body, length in (("GET /x", None, "0"), ("DELETE /x", "", "0"), ("POST /x", "héllo", "6")):
        e = decide(r.service, r.http_api, Request.parse(line, ["Content-Type: text/plain"], body=body))
        assert e.event["headers"]["content-length"] == length
        assert ("body" in e.event) is (length != "0")


@pytest.mark.parametrize(
    "content_type,text",
    [
        ("application/json", True), ("application/json; charset=utf-8", True), ("Application/JSON", True),
        ("text/plain", True), ("text/csv", True), ("text/xml", True), ("text/javascript", True),
        ("application/xml", True), ("application/javascript", True),
        ("application/x-www-form-urlencoded", False), ("multipart/form-data; boundary=x", False),
        ("application/octet-stream", False), ("image/png", False), ("application/problem+json", False),
        ("application/graphql", True), (None, False), ("", False),
        ("text/plain; charset=iso-8859-1", False), ("text/plain; charset=UTF-8", True),
        ('application/json; charset="utf-8"', True), ("text/html; charset=windows-1252", False),
    ],
)
def test_which_bodies_arrive_as_text(content_type, text):
    # ministack measured the split against AWS (ministackorg/ministack#766): text/* and
    # application/json, xml, javascript are text; anything else, no type included, base64.
    # floci measured application/graphql as text and a charset other than UTF-8 as base64
    # (floci-io/floci pull 2203, from the capture in its issue 2172).
    assert is_text(content_type) is text
    for payload in ("2.0", "1.0"):
        r = service("POST /upload", payload=payload)
        headers = [f"Content-Type: {content_type}"] if content_type is not None else []
        e = decide(r.service, r.http_api, Request.parse("POST /upload", headers, body='{"a": 1}'))
        assert e.event["isBase64Encoded"] is (not text)
        assert e.event["body"] == ('{"a": 1}' if text else base64.b64encode(b'{"a": 1}').decode())


def test_a_body_that_is_not_utf8():
    # A command-line argument that was not UTF-8 reaches Python as surrogate escapes:
    # the bytes are what went over the wire, base64-encoded as binary; as "text" they
    # would not be JSON-safe, so a text type shows them replaced, never crashes.
    r = service("POST /upload")
    raw = b"\xff\xfe".decode("utf-8", "surrogateescape")
    e = decide(r.service, r.http_api, Request.parse("POST /upload", [], body=raw))
    assert e.event["body"] == "//4=" and e.event["isBase64Encoded"] is True
    assert e.event["headers"]["content-length"] == "2"
    t = decide(r.service, r.http_api, Request.parse("POST /upload", ["Content-Type: text/plain"], body=raw))
    assert t.event["body"] == "\ufffd\ufffd"
    json.dumps(t.to_dict())


def test_lambda_authorizer_event_has_the_captured_shape():
    # swift-server/swift-aws-lambda-events (Apache-2.0): a Lambda authorizer's 2.0 event,
    # captured on a stage named dev. Serverless deploys $default, so the ARN says $default.
    real = captured("http-api-lambda-authorizer-v2-request.json")
    authorizer = {"type": "request", "functionName": "auth", "identitySource": ["$request.header.Authorization"],
                  "enableSimpleResponses": True}
    cfg = {"service": "svc", "provider": {"name": "aws", "runtime": "nodejs20.x", "region": "eu-north-1",
                                          "httpApi": {"authorizers": {"key": authorizer}}},
           "functions": {"auth": {"handler": "h.auth"},
                         "api": {"handler": "h.api", "events": [{"httpApi": {"method": "GET", "path": "/applications",
                                                                             "authorizer": "key"}}]}}}
    r = compile_text(yaml.safe_dump(cfg), "serverless.yml", env={})
    e = decide(r.service, r.http_api, Request.parse("GET /applications", ["accept: */*", "authorization: abc.xyz.123",
                                                                          "user-agent: curl/8.1.2"]),
               gateway=gateway_of(real))
    event = e.auth.authorizer_event
    assert list(event) == list(real)
    assert list(event["requestContext"]) == list(real["requestContext"])
    assert set(event["headers"]) == set(real["headers"])
    assert event["identitySource"] == real["identitySource"] == ["abc.xyz.123"]
    assert event["routeArn"] == "arn:aws:execute-api:eu-north-1:000000000000:0000000000/$default/GET/applications"
    assert real["routeArn"].endswith("/dev/GET/applications")  # the same form on its stage


def test_iam_event_has_the_captured_authorizer():
    # swift-server/swift-aws-lambda-events (Apache-2.0): a SigV4-signed request to an IAM route.
    real = captured("http-api-v2-iam-request.json")
    r = service({"method": "GET", "path": "/hello", "authorizer": {"type": "aws_iam"}})
    e = decide(r.service, r.http_api, Request.parse("GET /hello", [f"authorization: {real['headers']['authorization']}"]))
    ours, theirs = e.event["requestContext"]["authorizer"]["iam"], real["requestContext"]["authorizer"]["iam"]
    assert set(ours) == set(theirs) and ours["accessKey"] == theirs["accessKey"] == "ASIA-redacted"
