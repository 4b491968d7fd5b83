"""Authorizers as API Gateway runs them: JWT claims of every kind, Lambda authorizers through
the ``authorize`` callback (the engine ``run`` shares), IAM signatures.

Sources: AWS's "Controlling access to HTTP APIs with JWT authorizers" (the claims API
Gateway validates: kid, iss, aud or client_id, exp after now, nbf and iat before now,
scope or scp; RSA algorithms only), "Lambda authorizers for HTTP APIs" (identity sources
missing -> 401 without invoking; simple and IAM-policy responses; caching by identity
sources), and RFC 7519/8259 for what a claim and JSON are.
"""

from __future__ import annotations

import base64
import json

import pytest
import yaml

from wizard.api import compile_text
from wizard.explaining import AuthorizerFailed, Request, cached, decide, to_text
from wizard.explaining.jwt import encode_unsigned

ISSUER = "https://issuer.example.com/pool"
NOW = 1_700_000_000


def compiled(cfg):
    result = compile_text(yaml.safe_dump(cfg, sort_keys=False), "serverless.yml", env={})
    assert result.compile_errors == [], [d.format() for d in result.compile_errors]
    return result


def jwt_service(scopes=None, payload="2.0"):
    authorizer = {"name": "jwt", **({"scopes": scopes} if scopes else {})}
    return compiled({"service": "svc", "provider": {"name": "aws", "runtime": "nodejs20.x", "httpApi": {
        "payload": payload, "authorizers": {"jwt": {"identitySource": "$request.header.Authorization", "issuerUrl": ISSUER,
                                                    "audience": ["app"]}}}},
        "functions": {"me": {"handler": "h.me", "events": [{"httpApi": {"method": "GET", "path": "/me",
                                                                        "authorizer": authorizer}}]}}})


def b64(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def raw_token(payload_json: str, header=None) -> str:
    """A token whose payload is this exact JSON text (it may be JSON no encoder writes)."""
    return f"{b64(json.dumps(header or {'alg': 'RS256', 'kid': 'k1'}))}.{b64(payload_json)}.c2ln"


def claims(**extra):
    base = {"iss": ISSUER, "aud": "app", "exp": NOW + 600, "sub": "u1", "scope": "read write"}
    base.update(extra)
    return base


def ask(result, token=None, now=NOW, **options):
    headers = [f"Authorization: Bearer {token}"] if token else []
    return decide(result.service, result.http_api, Request.parse("GET /me", headers), now=now, **options)


# ----- JWT ------------------------------------------------------------------------------

def test_iat_in_the_future_is_401():
    # AWS: iat "Must be before the current time in UTC".
    e = ask(jwt_service(), encode_unsigned(claims(iat=NOW + 60)))
    assert e.status == 401 and e.response == {"body": {"message": "Unauthorized"}}
    assert "issued 60 s in the future" in e.auth.steps[-1]
    assert ask(jwt_service(), encode_unsigned(claims(iat=NOW - 60))).status is None
    assert ask(jwt_service(), encode_unsigned(claims(iat=NOW))).status is None  # "before now" at the second


def test_null_claims_are_left_out_and_the_rest_are_strings():
    # Measured against AWS (floci-io/floci pull 2011): null claims omitted, scalars as text,
    # lists as "[admin poweruser]"; objects in Go's notation, "map[key:value]"
    # (aws/aws-lambda-go issue 570, from CloudWatch).
    token = encode_unsigned(claims(nick=None, admin=True, n=5, ratio=0.5, groups=["admin", "poweruser"],
                                   address={"zip": "1000", "city": "X", "tags": ["a", None], "ok": False}))
    jwt = ask(jwt_service(), token).event["requestContext"]["authorizer"]["jwt"]
    assert "nick" not in jwt["claims"]
    assert jwt["claims"]["admin"] == "true" and jwt["claims"]["n"] == "5" and jwt["claims"]["ratio"] == "0.5"
    assert jwt["claims"]["groups"] == "[admin poweruser]"
    assert jwt["claims"]["address"] == "map[city:X ok:false tags:[a <nil>] zip:1000]"
    assert jwt["claims"]["exp"] == str(NOW + 600)
    v1 = ask(jwt_service(payload="1.0"), token).event["requestContext"]["authorizer"]
    assert "nick" not in v1["claims"] and v1["claims"]["sub"] == "u1"


@pytest.mark.parametrize(
    "payload_json,status,words",
    [
        # Not JSON as RFC 8259 has it: a JOSE library rejects the token.
        (f'{{"iss":"{ISSUER}","aud":"app","exp":-Infinity}}', 401, "not base64url-encoded JSON"),
        (f'{{"iss":"{ISSUER}","aud":"app","exp":{NOW + 600},"nbf":Infinity}}', 401, "not base64url-encoded JSON"),
        (f'{{"iss":"{ISSUER}","aud":"app","exp":NaN}}', 401, "not base64url-encoded JSON"),
        (f'{{"iss":"{ISSUER}","aud":"app","exp":1e400}}', 401, "not base64url-encoded JSON"),
        ("[" * 100_000, 401, "nests too deeply"),
        ("1" * 5000, 401, "not base64url-encoded JSON"),
        # NumericDate claims that are not numbers.
        (f'{{"iss":"{ISSUER}","aud":"app","exp":{NOW + 600},"iat":"x"}}', 401, "iat is 'x', not a NumericDate"),
        (f'{{"iss":"{ISSUER}","aud":"app","exp":"{NOW + 600}"}}', 401, "not a NumericDate"),
        (f'{{"iss":"{ISSUER}","aud":"app","exp":true}}', 401, "exp is True, not a NumericDate"),
        (f'{{"iss":"{ISSUER}","aud":"app","exp":{"9" * 400}}}', 401, "not a NumericDate"),
        (f'{{"iss":"{ISSUER}","aud":"app","exp":{NOW + 600},"nbf":null}}', 401, "nbf is None"),
        (f'{{"iss":"{ISSUER}","aud":"app"}}', 401, "no exp claim"),
        # Claims of the wrong type simply do not match.
        (f'{{"iss":5,"aud":"app","exp":{NOW + 600}}}', 401, "iss is 5"),
        (f'{{"iss":"{ISSUER}","aud":5,"exp":{NOW + 600}}}', 401, "not one of the audiences"),
        (f'{{"iss":"{ISSUER}","aud":["x","app"],"exp":{NOW + 600}}}', None, "pass"),
        (f'{{"iss":"{ISSUER}","client_id":"app","exp":{NOW + 600}}}', None, "pass"),
        (f'{{"iss":"{ISSUER}","aud":"app","exp":{NOW + 600},"scope":5}}', None, "pass"),  # no scopes required
    ],
)
def test_odd_claims(payload_json, status, words):
    e = ask(jwt_service(), raw_token(payload_json))
    assert e.status == status
    assert any(words in step for step in e.auth.steps), e.auth.steps
    json.dumps(e.to_dict())
    to_text(e).encode("utf-8")


@pytest.mark.parametrize(
    "scope_claims,status",
    [({"scope": 5}, 403), ({"scope": "admin other"}, None), ({"scp": ["admin"]}, None), ({"scp": "admin"}, None),
     ({"scope": ["admin"]}, None), ({"scope": None}, 403), ({"scope": {"admin": True}}, 403), ({}, 403),
     # scp is read first, scope only without it (floci-io/floci pull 2011, measured on AWS)
     ({"scp": ["x"], "scope": "admin"}, 403), ({"scp": "", "scope": "admin"}, None), ({"scp": [], "scope": "admin"}, None)],
)
def test_scopes_of_every_type(scope_claims, status):
    base = claims(scope=None)
    base.update(scope_claims)
    e = ask(jwt_service(["admin"]), encode_unsigned({k: v for k, v in base.items() if k != "scope" or v is not None}))
    assert e.status == status
    if status == 403:
        assert e.response == {"body": {"message": "Forbidden"}}


def test_only_rsa_tokens_with_a_kid():
    good = claims()
    assert ask(jwt_service(), encode_unsigned(good, {"alg": "HS256", "kid": "k"})).status == 401
    assert ask(jwt_service(), encode_unsigned(good, {"alg": "none", "kid": "k"})).status == 401
    assert ask(jwt_service(), encode_unsigned(good, {"alg": "RS256"})).status == 401
    assert ask(jwt_service(), encode_unsigned(good, {"alg": "PS256", "kid": "k"})).status is None


def test_strict_base64url():
    token = encode_unsigned(claims())
    header, payload, signature = token.split(".")
    assert ask(jwt_service(), f"{header}.{payload[:5]}!{payload[5:]}.{signature}").status == 401


def test_verify_jwt_callback_decides_the_signature():
    token = encode_unsigned(claims())
    seen = []

    def verify(raw, header, authorizer):
        seen.append((raw, header["kid"], authorizer.key))
        return None if header["kid"] == "example" else "no such key"

    ok = ask(jwt_service(), token, verify_jwt=verify)
    assert ok.status is None and seen == [(token, "example", "jwt")]
    assert not any("WITHOUT" in s for s in ok.auth.steps)
    bad = ask(jwt_service(), encode_unsigned(claims(), {"alg": "RS256", "kid": "other"}), verify_jwt=verify)
    assert bad.status == 401 and "no such key" in bad.auth.steps[-1]
    # Expired but well signed is still 401: the signature comes first, then the claims.
    assert ask(jwt_service(), encode_unsigned(claims(exp=NOW - 1)), verify_jwt=verify).status == 401


# ----- Lambda request authorizers -------------------------------------------------------

def lambda_service(simple=True, payload_version="2.0", ttl=None, sources=("$request.header.X-Key",), integration="2.0"):
    authorizer = {"type": "request", "functionName": "auth", "identitySource": list(sources),
                  "payloadVersion": payload_version}
    if simple:
        authorizer["enableSimpleResponses"] = True
    if ttl is not None:
        authorizer["resultTtlInSeconds"] = ttl
    return compiled({"service": "svc", "provider": {"name": "aws", "runtime": "nodejs20.x", "httpApi": {
        "payload": integration, "authorizers": {"key": authorizer}}},
        "functions": {"auth": {"handler": "h.auth"}, "api": {"handler": "h.api", "events": [
            {"httpApi": {"method": "GET", "path": "/data/{id}", "authorizer": "key"}},
            {"httpApi": {"method": "DELETE", "path": "/data/{id}", "authorizer": "key"}}]}}})


def send(result, line="GET /data/7", headers=("X-Key: k1",), **options):
    return decide(result.service, result.http_api, Request.parse(line, list(headers)), now=NOW, **options)


class Recorder:
    def __init__(self, *answers):
        self.answers = list(answers)
        self.calls = []

    def __call__(self, call):
        self.calls.append(call)
        answer = self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]
        if isinstance(answer, Exception):
            raise answer
        return answer


def test_missing_identity_source_is_401_without_invoking():
    run = Recorder({"isAuthorized": True})
    for headers in ((), ("X-Key: ",)):
        e = send(lambda_service(), headers=headers, authorize=run)
        assert e.status == 401 and e.response == {"body": {"message": "Unauthorized"}}
        assert "without invoking" in e.auth.steps[-1] and e.auth.authorizer_event is None
    assert run.calls == []


def test_simple_response_allows_with_context():
    run = Recorder({"isAuthorized": True, "context": {"user": "u1", "n": 1, "list": ["a"]}})
    e = send(lambda_service(), authorize=run)
    assert e.status is None
    assert e.event["requestContext"]["authorizer"] == {"lambda": {"user": "u1", "n": 1, "list": ["a"]}}
    call = run.calls[0]
    assert call.function.key == "auth" and call.authorizer.key == "key" and call.simple and call.payload == "2.0"
    assert call.event["type"] == "REQUEST" and call.event["identitySource"] == ["k1"]
    assert call.event["routeArn"] == "arn:aws:execute-api:us-east-1:123456789012:api-id/$default/GET/data/7"
    assert call.event["pathParameters"] == {"id": "7"} and "body" not in call.event
    assert not e.auth.pending and e.auth.to_dict()["decidedBy"] == "API Gateway"


@pytest.mark.parametrize(
    "answer,status",
    [({"isAuthorized": False}, 403), ({"isAuthorized": "true"}, 500), ({}, 500), ("yes", 500), (None, 500),
     ({"isAuthorized": True, "context": "x"}, 500), (AuthorizerFailed("timed out after 10 s"), 500),
     (RuntimeError("boom"), 500)],
)
def test_simple_response_denials_and_failures(answer, status):
    e = send(lambda_service(), authorize=Recorder(answer))
    assert e.status == status and e.event is None
    assert e.response == {"body": {"message": {403: "Forbidden", 500: "Internal Server Error"}[status]}}


def policy(effect, resource, action="execute-api:Invoke", context=None):
    answer = {"principalId": "user-1", "policyDocument": {"Version": "2012-10-17", "Statement": [
        {"Action": action, "Effect": effect, "Resource": resource}]}}
    if context is not None:
        answer["context"] = context
    return answer


ARN = "arn:aws:execute-api:us-east-1:123456789012:api-id/$default"


@pytest.mark.parametrize(
    "answer,status",
    [
        (policy("Allow", f"{ARN}/GET/data/7"), None),
        (policy("Allow", f"{ARN}/GET/data/*"), None),
        (policy("Allow", f"{ARN}/*/*"), None),
        (policy("Allow", "*", action="execute-api:*"), None),
        (policy("Allow", "*", action=["s3:GetObject", "EXECUTE-API:invoke"]), None),
        (policy("Allow", f"{ARN}/DELETE/data/7"), 403),  # a policy for another route
        (policy("Allow", f"{ARN}/GET/data/7", action="s3:GetObject"), 403),
        (policy("Deny", f"{ARN}/GET/data/7"), 403),
        ({"principalId": "u", "policyDocument": {"Statement": [
            {"Effect": "Allow", "Action": "execute-api:Invoke", "Resource": "*"},
            {"Effect": "Deny", "Action": "execute-api:Invoke", "Resource": f"{ARN}/GET/*"}]}}, 403),  # Deny wins
        ({"principalId": "u"}, 500),
        ({"isAuthorized": True}, 500),  # a simple answer where a policy is expected
    ],
)
def test_iam_policy_responses(answer, status):
    e = send(lambda_service(simple=False), authorize=Recorder(answer))
    assert e.status == status


def test_policy_answer_context_reaches_payload_1_0_with_principal():
    run = Recorder(policy("Allow", "*", context={"tenant": "t1"}))
    e = send(lambda_service(simple=False, payload_version="1.0", integration="1.0"), authorize=run)
    assert e.status is None
    assert e.event["requestContext"]["authorizer"] == {"tenant": "t1", "principalId": "user-1"}
    event = run.calls[0].event
    # AWS's 1.0 authorizer payload: REST's request authorizer shape.
    assert event["version"] == "1.0" and event["type"] == "REQUEST" and event["identitySource"] == "k1"
    assert event["authorizationToken"] == "k1" and event["methodArn"].endswith("/$default/GET/data/7")
    assert event["resource"] == "/data/{id}" and event["pathParameters"] == {"id": "7"}
    assert "multiValueHeaders" not in event and "body" not in event


def test_simple_responses_need_payload_2_0():
    # enableSimpleResponses with payload 1.0: API Gateway expects a policy (AWS: simple
    # responses are for 2.0); Serverless's checks flag the pair.
    run = Recorder({"isAuthorized": True})
    assert send(lambda_service(simple=True, payload_version="1.0"), authorize=run).status == 500


def test_cache_by_identity_sources_for_the_ttl():
    clock = [100.0]
    run = Recorder(policy("Allow", f"{ARN}/GET/data/*"))
    authorize = cached(run, clock=lambda: clock[0])
    svc = lambda_service(simple=False, ttl=300)
    assert send(svc, authorize=authorize).status is None
    again = send(svc, authorize=authorize)
    assert again.status is None and len(run.calls) == 1
    assert any("authorizer cache" in s for s in again.auth.steps)
    # The cached policy is evaluated for each route: it allows GET, not DELETE.
    assert send(svc, "DELETE /data/7", authorize=authorize).status == 403 and len(run.calls) == 1
    # Another identity is another key; past the TTL the function runs again.
    send(svc, headers=("X-Key: k2",), authorize=authorize)
    assert len(run.calls) == 2 and run.calls[1].cache_key == ("key", ("k2",))
    clock[0] += 301
    send(svc, authorize=authorize)
    assert len(run.calls) == 3


def test_no_cache_without_ttl_and_failures_are_not_cached():
    run = Recorder(RuntimeError("down"), {"isAuthorized": True})
    authorize = cached(run)
    svc = lambda_service(ttl=300)
    assert send(svc, authorize=authorize).status == 500
    assert send(svc, authorize=authorize).status is None
    assert send(svc, authorize=authorize).status is None and len(run.calls) == 2
    plain = Recorder({"isAuthorized": True})
    authorize = cached(plain)
    for _ in range(2):
        send(lambda_service(), authorize=authorize)
    assert len(plain.calls) == 2 and plain.calls[0].cache_key is None


def test_without_a_callback_explain_says_what_depends_on_the_function():
    e = send(lambda_service())
    assert e.status is None and e.auth.pending and not e.rejected
    assert e.event["requestContext"]["authorizer"] == {"lambda": {}}
    assert e.auth.authorizer_event["identitySource"] == ["k1"]
    text = to_text(e)
    assert "if the authorizer allows it, API Gateway invokes function api" in text
    assert '403 {"message":"Forbidden"}' in text and "500" in text
    assert "The authorizer function receives this event:" in text
    data = e.to_dict()["authorizer"]
    assert data["pending"] is True and data["decidedBy"] == "the authorizer function"
    assert data["event"]["routeArn"].endswith("/GET/data/7")


def test_identity_sources_from_context_and_stage_variables():
    # $context variables API Gateway knows are present; Serverless deploys no stage
    # variables, so a $stageVariables source is always missing: 401.
    ctx = lambda_service(sources=("$request.header.X-Key", "$context.routeKey"))
    e = send(ctx, authorize=Recorder({"isAuthorized": True}))
    assert e.status is None and e.auth.identity == ["k1", "GET /data/{id}"]
    stage = lambda_service(sources=("$stageVariables.key",))
    e = send(stage, authorize=Recorder({"isAuthorized": True}))
    assert e.status == 401 and "stage variables" in e.auth.steps[-1]


# ----- IAM --------------------------------------------------------------------------------

def iam_service():
    return compiled({"service": "svc", "provider": {"name": "aws", "runtime": "nodejs20.x"}, "functions": {
        "api": {"handler": "h.api", "events": [{"httpApi": {"method": "GET", "path": "/x", "authorizer": {"type": "aws_iam"}}}]}}})


def test_iam_unsigned_is_403():
    e = decide(iam_service().service, iam_service().http_api, Request.parse("GET /x"))
    assert e.status == 403 and e.response == {"body": {"message": "Forbidden"}}


def test_iam_presigned_query_string_cannot_be_checked_offline():
    query = ("X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAEXAMPLE%2F20240101%2Fus-east-1%2Fexecute-api"
             "%2Faws4_request&X-Amz-Date=20240101T000000Z&X-Amz-Expires=300&X-Amz-SignedHeaders=host"
             "&X-Amz-Signature=abcdef")
    r = iam_service()
    e = decide(r.service, r.http_api, Request.parse(f"GET /x?{query}"))
    assert e.status is None and not e.rejected
    assert any("presigned" in s for s in e.auth.steps)
    assert any("cannot be checked offline" in s for s in e.auth.steps)
    assert e.event["requestContext"]["authorizer"]["iam"]["accessKey"] == "AKIAEXAMPLE"


def test_iam_signed_header_is_not_verified_either():
    r = iam_service()
    e = decide(r.service, r.http_api, Request.parse("GET /x", [
        "Authorization: AWS4-HMAC-SHA256 Credential=AKIAHEADER/20240101/us-east-1/execute-api/aws4_request, "
        "SignedHeaders=host, Signature=abc"]))
    assert e.status is None and any("cannot be checked offline" in s for s in e.auth.steps)
    assert e.event["requestContext"]["authorizer"]["iam"]["accessKey"] == "AKIAHEADER"
