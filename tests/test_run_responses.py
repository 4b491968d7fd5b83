"""The HTTP response API Gateway makes of a function's result (wizard/running/responses.py).

Sources, cited per test:
- AWS, "Create AWS Lambda proxy integrations for HTTP APIs", section "Lambda function
  response format" (docs.aws.amazon.com/apigateway/latest/developerguide/
  http-api-develop-integrations-lambda.html#http-api-develop-integrations-lambda.response).
- AWS's own emulator, aws/aws-lambda-dotnet Tools/LambdaTestTool-v2, whose response
  snapshots (tests/Amazon.Lambda.TestTool.UnitTests/Snapshots/*.json) were captured from
  deployed HTTP APIs ("Apigw-Requestid" headers, April 2025 dates): called "snapshot" below.
"""

from __future__ import annotations

import base64
import json

import pytest

from wizard.running.responses import DEFAULT_CONTENT_TYPE, LAMBDA_PAYLOAD_LIMIT, from_payload, gateway_answer, notes_about

INTERNAL = b'{"message":"Internal Server Error"}'


def _answer(result, version="2.0", raw=None):
    return from_payload(raw if raw is not None else json.dumps(result), version)


# ----- 2.0: the inferred format ---------------------------------------------------------------

@pytest.mark.parametrize("result", ["Hello from Lambda!", {"message": "Hello from Lambda!"}, [1, 2, 3], 42, True, None, ""])
def test_v2_without_status_code_is_200_json_with_the_output_as_body(result):
    """AWS docs (2.0): with valid JSON and no statusCode, API Gateway assumes isBase64Encoded
    false, statusCode 200, content-type application/json, and the body is the response;
    snapshot ...MatchesDirectConversionstring: a string output is its text, without quotes."""
    answer = _answer(result)
    assert answer.status == 200
    assert answer.header("content-type") == "application/json"
    expected = result if isinstance(result, str) else json.dumps(result)
    assert answer.body == expected.encode()
    assert answer.problem is None


def test_v2_inferred_body_is_the_output_exactly_as_serialized():
    """snapshot ...MatchesDirectConversionJSON_Array: the body is "[1, 2, 3, 4, 5]" byte for
    byte as the function's runtime wrote it (spaces kept), not re-encoded."""
    assert _answer(None, raw="[1, 2, 3, 4, 5]").body == b"[1, 2, 3, 4, 5]"
    assert _answer(None, raw='{"a": 1,  "b": [ ]}').body == b'{"a": 1,  "b": [ ]}'


def test_v2_an_object_with_body_but_no_status_code_is_sent_whole():
    """The inference keys on statusCode alone: {"body": ...} without it is a JSON body."""
    answer = _answer({"body": "x", "headers": {"a": "b"}})
    assert answer.status == 200
    assert json.loads(answer.body) == {"body": "x", "headers": {"a": "b"}}
    assert answer.header("a") is None
    assert any("no statusCode" in n for n in notes_about(json.dumps({"body": "x"}), "2.0"))


def test_v2_output_that_is_not_json_is_sent_as_it_is():
    """snapshot ...MatchesDirectConversionInvalid_JSON_Partial_Object: '{"name": "John Doe", "age":'
    comes back 200 application/json, unchanged."""
    answer = _answer(None, raw='{"name": "John Doe", "age":')
    assert (answer.status, answer.body) == (200, b'{"name": "John Doe", "age":')


# ----- 2.0 and 1.0: the structured format --------------------------------------------------------

@pytest.mark.parametrize("version", ["2.0", "1.0"])
def test_status_headers_and_body_are_used(version):
    """AWS docs: statusCode, headers and body make the response (both versions)."""
    answer = _answer({"statusCode": 201, "headers": {"X-Custom": "v", "Content-Type": "text/html"}, "body": "<p>hi</p>"}, version)
    assert answer.status == 201
    assert answer.header("x-custom") == "v"
    assert answer.header("content-type") == "text/html"
    assert answer.body == b"<p>hi</p>"


@pytest.mark.parametrize("version", ["2.0", "1.0"])
def test_without_content_type_the_response_is_text_plain(version):
    """snapshot V1_DefaultsToCorrectContentTYpeHttpV1 and the emulator's HttpV2 default:
    no Content-Type from the function gives text/plain; charset=utf-8."""
    answer = _answer({"statusCode": 200, "body": "Hello, World!"}, version)
    assert answer.header("content-type") == DEFAULT_CONTENT_TYPE == "text/plain; charset=utf-8"


@pytest.mark.parametrize("version", ["2.0", "1.0"])
def test_base64_bodies_are_decoded(version):
    """AWS docs: isBase64Encoded true means the body is base64 of the bytes to send."""
    data = bytes(range(256))
    answer = _answer({"statusCode": 200, "isBase64Encoded": True, "headers": {"content-type": "image/png"},
                      "body": base64.b64encode(data).decode()}, version)
    assert answer.body == data


@pytest.mark.parametrize("version", ["2.0", "1.0"])
def test_a_base64_flag_on_a_body_that_is_not_base64_is_500(version):
    answer = _answer({"statusCode": 200, "isBase64Encoded": True, "body": "not base64!"}, version)
    assert (answer.status, answer.body) == (500, INTERNAL)
    assert "base64" in answer.problem


def test_v2_cookies_become_one_set_cookie_header_each():
    """AWS docs (payload format): "In the response to the client, each cookie becomes a
    set-cookie header"."""
    answer = _answer({"statusCode": 200, "cookies": ["a=1; Path=/", "b=2; HttpOnly"], "body": ""})
    assert [v for n, v in answer.headers if n == "set-cookie"] == ["a=1; Path=/", "b=2; HttpOnly"]


def test_v1_multi_value_headers_follow_the_single_value_of_the_same_name():
    """snapshot V1_CombinesSingleAndMultiValueHeadersHttpV1: Combined-Header arrives as
    single-value, multi-value1, multi-value2."""
    answer = _answer({"statusCode": 200, "headers": {"Combined-Header": "single-value", "X-Custom-Header": "single-value"},
                      "multiValueHeaders": {"X-Multi-Header": ["multi-value1", "multi-value2"],
                                            "Combined-Header": ["multi-value1", "multi-value2"]}, "body": "{}"}, "1.0")
    assert [v for n, v in answer.headers if n == "Combined-Header"] == ["single-value", "multi-value1", "multi-value2"]
    assert [v for n, v in answer.headers if n == "X-Multi-Header"] == ["multi-value1", "multi-value2"]


def test_v2_ignores_multi_value_headers_and_the_log_says_so():
    """multiValueHeaders is a 1.0 field (AWS docs' 2.0 format has none); with 2.0 the
    header never arrives (aws-powertools/powertools-lambda-python#2464: Content-Type was
    text/plain)."""
    payload = json.dumps({"statusCode": 200, "multiValueHeaders": {"Content-Type": ["application/json"]}, "body": "{}"})
    answer = from_payload(payload, "2.0")
    assert answer.header("content-type") == DEFAULT_CONTENT_TYPE
    assert any("multiValueHeaders" in n for n in notes_about(payload, "2.0"))


@pytest.mark.parametrize("status", [0, 200.5, "200", None, True, 99, 600])
@pytest.mark.parametrize("version", ["2.0", "1.0"])
def test_an_unusable_status_code_is_500_internal_server_error(status, version):
    """snapshots V1_HandlesZeroStatusCodeHttpV1 and ...StatusCodeAsFloat_ReturnsInternalServerError:
    500 {"message":"Internal Server Error"}."""
    answer = _answer({"statusCode": status, "body": "x"}, version)
    assert (answer.status, answer.body) == (500, INTERNAL)
    assert answer.header("content-type") == "application/json"
    assert "statusCode" in answer.problem


@pytest.mark.parametrize("result", ["Hello", [1], 5, None])
def test_v1_needs_an_object(result):
    """snapshot ToApiGatewayProxyResponse_InvalidJson_ReturnsErrorResponseHttpV1: 1.0 has no
    inferred format; anything but a response object is 500."""
    assert _answer(result, "1.0").status == 500


@pytest.mark.parametrize("body", [{"a": 1}, [1], 5])
def test_a_body_that_is_not_a_string_is_500(body):
    answer = _answer({"statusCode": 200, "body": body})
    assert answer.status == 500
    assert "body must be a string" in answer.problem


@pytest.mark.parametrize("headers", [{"x": {"nested": 1}}, {"x": [1, 2]}, {"bad name": "v"}, {"x": "a\r\nInjected: 1"}, "x"])
def test_headers_that_cannot_be_sent_are_500(headers):
    assert _answer({"statusCode": 200, "headers": headers, "body": ""}).status == 500


def test_scalar_header_values_are_sent_as_javascript_writes_them():
    answer = _answer({"statusCode": 200, "headers": {"x-count": 3, "x-ok": True, "x-ratio": 1.5}, "body": ""})
    assert (answer.header("x-count"), answer.header("x-ok"), answer.header("x-ratio")) == ("3", "true", "1.5")


def test_framing_headers_of_the_function_are_replaced():
    """Content-Length and Transfer-Encoding describe the body actually sent, not what the function claims."""
    answer = _answer({"statusCode": 200, "headers": {"Content-Length": "999", "Transfer-Encoding": "chunked"}, "body": "ab"})
    assert answer.header("content-length") is None and answer.header("transfer-encoding") is None


def test_a_response_over_lambdas_payload_limit_is_500():
    """Lambda quotas: a synchronous invocation's response is at most 6 MB; past it the
    invocation fails, and a failed function is 500 on an HTTP API."""
    payload = json.dumps({"statusCode": 200, "body": "x" * LAMBDA_PAYLOAD_LIMIT})
    answer = from_payload(payload, "2.0")
    assert answer.status == 500 and "6291456" in answer.problem


@pytest.mark.parametrize("status, message", [(401, "Unauthorized"), (403, "Forbidden"), (404, "Not Found"),
                                             (413, "Request Entity Too Large"), (500, "Internal Server Error"),
                                             (503, "Service Unavailable")])
def test_gateway_answers_are_json_messages(status, message):
    """API Gateway's own answers: {"message":"Not Found"} (AWS docs, routing), Unauthorized
    and Forbidden (JWT authorizers), Internal Server Error (snapshots), Service Unavailable
    after the 30 s integration timeout (captured in cortexlabs/cortex#1225)."""
    answer = gateway_answer(status)
    assert answer.status == status
    assert json.loads(answer.body) == {"message": message}
    assert answer.body == json.dumps({"message": message}, separators=(",", ":")).encode()
