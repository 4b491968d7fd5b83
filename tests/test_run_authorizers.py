"""Authorizers under `httpapi-wizard run`: Lambda request authorizers run in workers, JWT
signatures checked with --jwks.

AWS, "Working with AWS Lambda authorizers for HTTP APIs": a missing identity source is
401 without invoking the function; simple responses (isAuthorized) and IAM policies are
both honoured, a denial is 403 {"message":"Forbidden"}, an invalid answer or a failed
function 500; the answer's context reaches the route's function; answers are cached by
identity sources for resultTtlInSeconds, for every route of the authorizer.
AWS, "JWT authorizers": the token's signature must verify with the issuer's key named by
its kid.
"""

from __future__ import annotations

import json
import time

import pytest
from test_run_jwks import jwk, rsa_key, sign_rs256
from test_run_server import header, needs_node, scaffold, servers, write

run = pytest.fixture(servers, name="run")
shared_run = pytest.fixture(servers, name="shared_run", scope="module")

AUTH_YML = """
    service: lambda-auth
    frameworkVersion: '3'
    provider:
      name: aws
      runtime: {runtime}
      httpApi:
        authorizers:
          simpleAuth:
            type: request
            functionName: simpleAuthorizer
            identitySource: $request.header.X-Token
            resultTtlInSeconds: 60
            enableSimpleResponses: true
          policyAuth:
            type: request
            functionName: policyAuthorizer
            identitySource:
              - $request.header.X-Token
              - $request.querystring.tenant
            payloadVersion: '1.0'
          uncachedAuth:
            type: request
            functionName: simpleAuthorizer
            identitySource: $request.header.X-Token
            enableSimpleResponses: true
    functions:
      simpleAuthorizer:
        handler: {auth}.simple
      policyAuthorizer:
        handler: {auth}.policy
      whoamiV1:
        handler: {api}.whoami
        httpApi:
          payload: '1.0'
        events:
          - httpApi:
              method: GET
              path: /policy-v1/{{item}}
              authorizer:
                name: policyAuth
      whoami:
        handler: {api}.whoami
        events:
          - httpApi:
              method: GET
              path: /simple
              authorizer:
                name: simpleAuth
          - httpApi:
              method: GET
              path: /also-simple
              authorizer:
                name: simpleAuth
          - httpApi:
              method: GET
              path: /policy/{{item}}
              authorizer:
                name: policyAuth
          - httpApi:
              method: GET
              path: /uncached
              authorizer:
                name: uncachedAuth
"""

NODE_AUTH = """
    let calls = 0;
    export const simple = async (event) => {
      calls++;
      console.log('simple authorizer saw', event.identitySource.join(' '), 'on', event.routeKey);
      if (event.headers['x-token'] === 'boom') throw new Error('authorizer broke');
      if (event.headers['x-token'] === 'weird') return { allowed: 'yes' };
      return { isAuthorized: event.headers['x-token'].startsWith('good'), context: { calls, user: event.headers['x-token'] } };
    };
    export const policy = async (event) => ({
      principalId: 'user-7',
      policyDocument: { Version: '2012-10-17', Statement: [{
        Action: 'execute-api:Invoke',
        Effect: event.authorizationToken.startsWith('good') ? 'Allow' : 'Deny',
        // Only the item the token names: a policy is evaluated against each route ARN.
        Resource: event.methodArn.replace(/[^/]+$/, event.authorizationToken.split(',')[0].slice(4) || 'x'),
      }] },
      context: { tenant: event.queryStringParameters.tenant, type: event.type },
    });
"""

NODE_API = """
    export const whoami = async (event) => ({
      statusCode: 200,
      body: JSON.stringify(event.version === '1.0' ? event.requestContext.authorizer : event.requestContext.authorizer.lambda),
    });
"""

PY_AUTH = """
    calls = 0

    def simple(event, context):
        global calls
        calls += 1
        token = event["headers"]["x-token"]
        print("simple authorizer saw", " ".join(event["identitySource"]), "on", event["routeKey"])
        if token == "boom":
            raise ValueError("authorizer broke")
        if token == "weird":
            return {"allowed": "yes"}
        return {"isAuthorized": token.startswith("good"), "context": {"calls": calls, "user": token}}


    def policy(event, context):
        token = event["authorizationToken"].split(",")[0]
        resource = event["methodArn"].rsplit("/", 1)[0] + "/" + (token[4:] or "x")
        return {"principalId": "user-7",
                "policyDocument": {"Version": "2012-10-17", "Statement": [{
                    "Action": "execute-api:Invoke", "Effect": "Allow" if token.startswith("good") else "Deny",
                    "Resource": resource}]},
                "context": {"tenant": event["queryStringParameters"]["tenant"], "type": event["type"]}}
"""

PY_API = """
    import json


    def whoami(event, context):
        authorizer = event["requestContext"]["authorizer"]
        return {"statusCode": 200, "body": json.dumps(authorizer if event.get("version") == "1.0" else authorizer["lambda"])}
"""


def _project(tmp_path, language: str):
    folder = scaffold(tmp_path, "simple-routes")
    if language == "node":
        write(folder, "serverless.yml", AUTH_YML.format(runtime="nodejs20.x", auth="auth", api="api"))
        write(folder, "package.json", '{"type": "module"}')
        write(folder, "auth.js", NODE_AUTH)
        write(folder, "api.js", NODE_API)
    else:
        write(folder, "serverless.yml", AUTH_YML.format(runtime="python3.12", auth="authz", api="api"))
        write(folder, "authz.py", PY_AUTH)
        write(folder, "api.py", PY_API)
    return folder


LANGUAGES = [pytest.param("node", marks=needs_node), "python"]


@pytest.fixture(scope="module", params=LANGUAGES)
def served(request, tmp_path_factory, shared_run):
    """One server per language for the tests whose answers no other test's requests change
    (the caching test counts the authorizer's calls: it starts its own)."""
    return shared_run(_project(tmp_path_factory.mktemp(request.param), request.param))


@pytest.mark.parametrize("language", LANGUAGES)
def test_simple_responses_allow_deny_and_are_cached_by_identity_source(tmp_path, run, language):
    server = run(_project(tmp_path, language))
    # No identity source: 401 and the authorizer is not invoked (its call count shows it).
    assert server.json("GET", "/simple") == (401, {"message": "Unauthorized"})
    assert server.json("GET", "/simple", headers={"X-Token": "good-a"}) == (200, {"calls": 1, "user": "good-a"})
    # The same token within the TTL: the cached answer, for this and every route of the authorizer.
    assert server.json("GET", "/simple", headers={"X-Token": "good-a"})[1]["calls"] == 1
    assert server.json("GET", "/also-simple", headers={"X-Token": "good-a"})[1]["calls"] == 1
    assert server.json("GET", "/simple", headers={"X-Token": "bad-b"}) == (403, {"message": "Forbidden"})
    assert server.json("GET", "/simple", headers={"X-Token": "good-c"})[1]["calls"] == 3
    # Without resultTtlInSeconds every request asks the function again.
    first = server.json("GET", "/uncached", headers={"X-Token": "good-d"})[1]["calls"]
    assert server.json("GET", "/uncached", headers={"X-Token": "good-d"})[1]["calls"] == first + 1
    server.wait_for(r"\[simpleAuthorizer\] .*good-a")
    server.wait_for(r"! 403 GET /simple: the authorizer answered isAuthorized: false")


def test_an_authorizer_that_fails_or_answers_nonsense_is_500(served):
    server = served
    assert server.json("GET", "/simple", headers={"X-Token": "boom"}) == (500, {"message": "Internal Server Error"})
    server.wait_for(r"! 500 GET /simple: the authorizer function failed \(simpleAuthorizer threw \w*Error: authorizer broke\)")
    assert server.json("GET", "/simple", headers={"X-Token": "weird"}) == (500, {"message": "Internal Server Error"})
    server.wait_for(r"isAuthorized")


def test_iam_policy_answers_are_evaluated_against_the_route_arn(served):
    """Payload 1.0 authorizer: the REST-style event (type REQUEST, methodArn,
    authorizationToken of the identity values joined by commas) and an IAM policy answer;
    its context reaches the function (with principalId in a 1.0 event)."""
    server = served
    assert server.json("GET", "/policy/7?tenant=acme", headers={"X-Token": "bad-7"}) == (403, {"message": "Forbidden"})
    status, body = server.json("GET", "/policy/7?tenant=acme", headers={"X-Token": "good7"})
    assert (status, body) == (200, {"tenant": "acme", "type": "REQUEST"})  # 2.0: requestContext.authorizer.lambda
    status, body = server.json("GET", "/policy-v1/7?tenant=acme", headers={"X-Token": "good7"})
    assert (status, body) == (200, {"tenant": "acme", "type": "REQUEST", "principalId": "user-7"})  # 1.0
    # Allowed on item 7 only: the policy does not cover item 8.
    assert server.json("GET", "/policy/8?tenant=acme", headers={"X-Token": "good7"})[0] == 403
    # Both identity sources are needed: without the query string, 401.
    assert server.json("GET", "/policy/7", headers={"X-Token": "good7"})[0] == 401


@needs_node
def test_jwt_signatures_verified_with_jwks(tmp_path, run):
    folder = scaffold(tmp_path, "jwt-authorizer")
    key = rsa_key()
    (folder / "jwks.json").write_text(json.dumps({"keys": [jwk(key, "k1")]}))
    server = run(folder, "--jwks", "jwks.json")
    now = int(time.time())
    claims = {"sub": "alice", "iss": "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_EXAMPLE",
              "client_id": "example-app-client-id", "exp": now + 300, "iat": now, "scope": "profile/write"}
    good = sign_rs256(claims, key)
    status, body = server.json("GET", "/me", headers={"Authorization": f"Bearer {good}"})
    assert (status, body["user"]) == (200, "alice")
    assert server.json("PUT", "/me", headers={"Authorization": good})[0] == 200
    forged = sign_rs256(claims, rsa_key())
    assert server.json("GET", "/me", headers={"Authorization": f"Bearer {forged}"}) == (401, {"message": "Unauthorized"})
    server.wait_for(r"^! 401 GET /me: the signature does not verify: it was not made with the key 'k1': 401$")
    unknown_kid = sign_rs256(claims, key, kid="k9")
    assert server.json("GET", "/me", headers={"Authorization": unknown_kid})[0] == 401
    assert not any("NOT verified" in line for line in server.err)
    assert server.json("GET", "/info")[0] == 200


@needs_node
def test_cors_headers_reach_authorizer_refusals(tmp_path, run):
    """With CORS configured, an allowed origin gets its CORS headers on API Gateway's own
    401 too, so the browser can read it."""
    folder = scaffold(tmp_path, "seed")
    server = run(folder)
    status, headers, _ = server.request("POST", "/some-post", headers={"Origin": "https://site.example"})
    assert status == 401 and header(headers, "access-control-allow-origin") == "*"
