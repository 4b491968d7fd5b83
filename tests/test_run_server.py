"""`httpapi-wizard run` over real HTTP, on projects scaffolded by `httpapi-wizard new`.

Each test starts the command on a free port (``--port 0``; the banner names the port),
sends requests with http.client and stops it with SIGINT. What API Gateway does is cited
where a test checks it: AWS's "Routing API requests" and "Configuring CORS" pages for
HTTP APIs, "Controlling access to HTTP APIs with JWT authorizers", the Lambda proxy
integration's response formats, and "Amazon API Gateway quotas for HTTP APIs".
"""

from __future__ import annotations

import contextlib
import http.client
import io
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from wizard.cli.main import main
from wizard.explaining.jwt import encode_unsigned

ROOT = Path(__file__).resolve().parents[1]
NODE = shutil.which("node")
needs_node = pytest.mark.skipif(NODE is None, reason="no `node` on PATH (CI has Node 20)")
SEED_ISSUER = "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_example"


def _env() -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def cli(*argv: str) -> tuple[int, str, str]:
    """``httpapi-wizard ARGV`` run in this process (the command line's own ``main``, as the
    console script calls it): exit code, stdout, stderr. The servers are real processes; the
    commands that only write files or print run here, sparing a Python start-up each."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(argv))
    return code, out.getvalue(), err.getvalue()


def scaffold(tmp_path: Path, example: str, name: str = "project") -> Path:
    """``httpapi-wizard new DIR --example EXAMPLE --no-input``; returns DIR."""
    folder = tmp_path / name
    code, _, err = cli("new", str(folder), "--example", example, "--no-input")
    assert code == 0, err
    return folder


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip())
    return path


def _children(pid: int) -> list[int]:
    """Every live descendant of ``pid`` (from /proc)."""
    parents: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if fields[0] != "Z":
            parents.setdefault(int(fields[1]), []).append(int(entry))
    found, todo = [], [pid]
    while todo:
        for child in parents.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


class Running:
    """A `run` process: its port, what it printed, and requests to it."""

    def __init__(self, folder: Path, *args: str, config: str = "serverless.yml") -> None:
        command = [sys.executable, "-m", "wizard", "run", config, "--port", "0", *args]
        self.process = subprocess.Popen(command, cwd=folder, env=_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                        text=True)
        self.out: list[str] = []
        self.err: list[str] = []
        self.readers = [threading.Thread(target=self._read, args=(self.process.stdout, self.out), daemon=True),
                        threading.Thread(target=self._read, args=(self.process.stderr, self.err), daemon=True)]
        for reader in self.readers:
            reader.start()
        self.port = None
        line = self.wait_for(r"Listening on http://[^ ]+:(\d+)|has errors|in use|CONFIG_NOT_FOUND", timeout=20)
        match = re.search(r"Listening on http://[^ ]+:(\d+)", line)
        if match:
            self.port = int(match.group(1))

    @staticmethod
    def _read(stream, lines: list[str]) -> None:
        for line in stream:
            lines.append(line.rstrip("\n"))

    def wait_for(self, pattern: str, timeout: float = 10, stream: str = "err") -> str:
        lines = self.err if stream == "err" else self.out
        deadline = time.monotonic() + timeout
        seen = 0
        while time.monotonic() < deadline:
            for line in lines[seen:]:
                if re.search(pattern, line):
                    return line
            seen = max(0, len(lines) - 1)
            if self.process.poll() is not None and seen >= len(lines) - 1:
                time.sleep(0.1)
                for line in lines:
                    if re.search(pattern, line):
                        return line
                raise AssertionError(f"run exited ({self.process.returncode}) before printing {pattern!r}:\n"
                                     + "\n".join(self.err))
            time.sleep(0.02)
        raise AssertionError(f"no {pattern!r} within {timeout} s:\n" + "\n".join(self.err))

    def request(self, method: str, path: str, headers: dict | None = None, body: bytes | str | None = None,
                timeout: float = 40):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            connection.request(method, path, body=body, headers=headers or {})
            response = connection.getresponse()
            return response.status, response.getheaders(), response.read()
        finally:
            connection.close()

    def json(self, method: str, path: str, **kwargs):
        status, headers, body = self.request(method, path, **kwargs)
        return status, json.loads(body)

    def stop(self, sig: int = signal.SIGINT) -> int:
        if self.process.poll() is None:
            self.process.send_signal(sig)
        try:
            code = self.process.wait(15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            code = self.process.wait()
        for reader in self.readers:
            reader.join(5)
        return code


def servers():
    """The ``run`` fixture: ``run(folder, *args)`` starts a server, stopped after the test."""
    started: list[Running] = []

    def start(folder: Path, *args: str, **kwargs) -> Running:
        server = Running(folder, *args, **kwargs)
        started.append(server)
        return server

    yield start
    for server in started:
        children = _children(server.process.pid) if server.process.poll() is None else []
        server.stop()
        for child in children:  # never leave a worker behind, even when a test failed
            try:
                os.kill(child, signal.SIGKILL)
            except ProcessLookupError:
                pass


run = pytest.fixture(servers, name="run")
shared_run = pytest.fixture(servers, name="shared_run", scope="module")


@pytest.fixture(scope="module")
def seed_server(tmp_path_factory, shared_run):
    """One `run` of the seed example, shared by the tests that only send it requests: each
    reads back only what its own requests logged (by request id, or by a route no other uses)."""
    return shared_run(scaffold(tmp_path_factory.mktemp("seed"), "seed"))


def header(headers, name: str) -> str | None:
    values = [v for n, v in headers if n.lower() == name.lower()]
    return ",".join(values) if values else None


def token(claims: dict) -> str:
    return encode_unsigned(claims)


def seed_claims(**extra) -> dict:
    now = int(time.time())
    return {"sub": "user-1", "iss": SEED_ISSUER, "client_id": "client1Id", "exp": now + 600, "iat": now - 5,
            "scope": "user.id openid"} | extra


# ----- the seed example: routes, $default, parameters, JWT, CORS ----------------------------------

@needs_node
def test_seed_routes_answer_over_http(seed_server):
    """Routing API requests (HTTP APIs): exact routes, {param} variables, ANY, and $default
    for everything else."""
    server = seed_server
    status, body = server.json("GET", "/get/for/any/42")
    assert (status, body) == (200, {"message": "Hello from params", "route": "GET /get/for/any/{param}", "param": "42"})
    assert server.json("PATCH", "/elo") == (200, {"message": "Hello from simple", "route": "PATCH /elo"})
    assert server.json("DELETE", "/any/method")[1]["route"] == "ANY /any/method"
    assert server.json("GET", "/nothing/here")[1] == {"message": "Hello from catchAllAny", "route": "$default"}
    assert server.json("GET", "/elo")[1]["route"] == "$default"  # PATCH /elo does not answer GET


@needs_node
def test_seed_jwt_route_checks_the_token_as_api_gateway_does(seed_server):
    """JWT authorizers: no token 401, a token whose claims fail (aud, exp, iss) 401, a
    token without one of the route's scopes 403 {"message":"Forbidden"}; the claims reach
    the function (as strings) in requestContext.authorizer.jwt."""
    server = seed_server
    assert server.json("POST", "/some-post") == (401, {"message": "Unauthorized"})
    bad_audience = token(seed_claims(client_id="someone-else"))
    assert server.json("POST", "/some-post", headers={"Authorization": f"Bearer {bad_audience}"})[0] == 401
    expired = token(seed_claims(exp=int(time.time()) - 10))
    assert server.json("POST", "/some-post", headers={"Authorization": expired})[0] == 401
    no_scope = token(seed_claims(scope="openid"))
    assert server.json("POST", "/some-post", headers={"Authorization": no_scope}) == (403, {"message": "Forbidden"})
    good = token(seed_claims())
    status, body = server.json("POST", "/some-post", headers={"Authorization": f"Bearer {good}"})
    assert status == 200
    assert body["user"] == "user-1"
    server.wait_for(r"! 403 POST /some-post: .*scope")
    assert any("JWT signatures are NOT verified" in line for line in server.err)


@needs_node
def test_seed_cors_preflight_and_response_headers(seed_server):
    """Configuring CORS for an HTTP API: API Gateway answers preflights itself (204, no
    function) and adds Access-Control-Allow-Origin to responses of allowed origins;
    ``cors: true`` allows every origin and the routes' methods."""
    server = seed_server
    status, headers, body = server.request("OPTIONS", "/elo", headers={
        "Origin": "https://site.example", "Access-Control-Request-Method": "PATCH",
        "Access-Control-Request-Headers": "content-type"})
    assert (status, body) == (204, b"")
    assert header(headers, "access-control-allow-origin") == "*"
    assert "PATCH" in header(headers, "access-control-allow-methods").split(",")
    assert "content-type" in header(headers, "access-control-allow-headers").split(",")
    status, headers, _ = server.request("GET", "/get/for/any/1", headers={"Origin": "https://site.example"})
    assert (status, header(headers, "access-control-allow-origin")) == (200, "*")
    # Without Origin a request is not cross-origin: no CORS headers.
    assert header(server.request("GET", "/get/for/any/1")[1], "access-control-allow-origin") is None
    # The preflight ran no function: nothing was logged for it.
    assert not any("[catchAllAny]" in line for line in server.err)


@needs_node
def test_access_log_lines_follow_the_stages_format(seed_server):
    """provider.logs.httpApi: true is Serverless's default format; one line per request
    with $context variables filled (http-api-logging-variables)."""
    server = seed_server
    mine = [header(server.request("GET", "/get/for/any/7")[1], "apigw-requestid"),
            header(server.request("GET", "/missing/route/x")[1], "apigw-requestid")]  # $default
    line = server.wait_for(f'"requestId":"{re.escape(mine[0])}"', stream="out")
    assert json.loads(server.wait_for(f'"requestId":"{re.escape(mine[1])}"', stream="out"))["routeKey"] == "$default"
    record = json.loads(line)
    assert set(record) == {"requestId", "ip", "requestTime", "httpMethod", "routeKey", "status", "protocol", "responseLength"}
    assert record["ip"] == "127.0.0.1" and record["httpMethod"] == "GET" and record["protocol"] == "HTTP/1.1"
    assert record["routeKey"] == "GET /get/for/any/{param}"
    assert re.fullmatch(r"\d\d/[A-Z][a-z]{2}/\d{4}:\d\d:\d\d:\d\d \+0000", record["requestTime"])
    assert int(record["responseLength"]) > 0
    # One line per request, each with an id of its own (the server's other requests included).
    ids = [json.loads(line)["requestId"] for line in server.out]
    assert len(set(ids)) == len(ids) and mine[0] != mine[1] and ids.count(mine[0]) == ids.count(mine[1]) == 1


@needs_node
def test_a_custom_access_log_format(tmp_path, run):
    folder = scaffold(tmp_path, "access-logs-custom")
    server = run(folder)
    status, headers, _ = server.request("GET", "/hello")
    record = json.loads(server.wait_for(r"requestId", stream="out"))
    assert record["route"] == "GET /hello" and record["status"] == "200" and record["ip"] == "127.0.0.1"
    assert record["requestId"] == header(headers, "apigw-requestid")
    assert record["latency"].isdigit()


# ----- CORS with explicit origins -----------------------------------------------------------------

@needs_node
def test_cors_custom_allows_listed_origins_only_and_replaces_the_functions_headers(tmp_path, run):
    """Configuring CORS: allowed origins are echoed with allow-credentials, max-age and
    expose-headers as configured; another origin's preflight gets no CORS headers (the
    browser refuses); "API Gateway ignores CORS headers returned from your backend"."""
    folder = scaffold(tmp_path, "cors-custom")
    write(folder, "src/session.js", """
        export const get = async () => ({ statusCode: 200, headers: { 'access-control-allow-origin': '*', 'x-request-id': 'r1' },
                                          body: 'ok' });
        export const login = async () => ({ statusCode: 200, body: 'in' });
    """)
    server = run(folder)
    allowed = {"Origin": "https://app.example.com", "Access-Control-Request-Method": "POST",
               "Access-Control-Request-Headers": "Content-Type"}
    status, headers, _ = server.request("OPTIONS", "/login", headers=allowed)
    assert status == 204
    assert header(headers, "access-control-allow-origin") == "https://app.example.com"
    assert header(headers, "access-control-allow-credentials") == "true"
    assert header(headers, "access-control-max-age") == "600"
    status, headers, _ = server.request("OPTIONS", "/login", headers=allowed | {"Origin": "https://evil.example"})
    assert status == 204 and not [n for n, _ in headers if n.lower().startswith("access-control-")]
    status, headers, _ = server.request("OPTIONS", "/login", headers=allowed | {"Access-Control-Request-Method": "DELETE"})
    assert status == 204 and header(headers, "access-control-allow-origin") is None
    status, headers, body = server.request("GET", "/session", headers={"Origin": "https://app.example.com"})
    assert (status, body) == (200, b"ok")
    assert header(headers, "access-control-allow-origin") == "https://app.example.com"  # not the function's '*'
    assert header(headers, "access-control-expose-headers") == "X-Request-Id"
    status, headers, _ = server.request("GET", "/session", headers={"Origin": "https://evil.example"})
    assert status == 200 and header(headers, "access-control-allow-origin") is None


# ----- Python and payload 1.0 -------------------------------------------------------------------

def test_python_api_with_payload_1_0(tmp_path, run):
    """Payload 1.0 events carry resource, httpMethod and pathParameters; 2.0 routeKey."""
    server = run(scaffold(tmp_path, "python-api"))
    assert server.json("GET", "/health") == (200, {"message": "Hello from health", "route": "GET /health"})
    status, body = server.json("GET", "/legacy/7")
    assert (status, body) == (200, {"message": "Hello from legacy", "route": "GET /legacy/{id}", "id": "7"})
    assert server.json("GET", "/other")[0] == 404  # no $default here: {"message":"Not Found"}
    assert server.json("GET", "/other")[1] == {"message": "Not Found"}


# ----- responses, errors, timeouts, crashes ------------------------------------------------------

RESPONSES_YML = """
    service: responses
    frameworkVersion: '3'
    provider:
      name: aws
      runtime: {runtime}
    functions:
      respond:
        handler: {handler}
        timeout: 1
        events:
          - httpApi: 'ANY /r/{{kind}}'
"""

NODE_RESPONSES = """
    let calls = 0;
    export const respond = async (event) => {
      calls++;
      const kind = event.pathParameters.kind;
      if (kind === 'object') return { hello: 'world', calls };
      if (kind === 'string') return 'plain words';
      if (kind === 'binary') return { statusCode: 200, isBase64Encoded: true, headers: { 'content-type': 'image/png' },
                                      body: Buffer.from([0, 1, 2, 253, 254, 255]).toString('base64') };
      if (kind === 'cookies') return { statusCode: 201, cookies: ['a=1; Path=/', 'b=2'], body: 'set' };
      if (kind === 'echo') return { statusCode: 200, body: JSON.stringify({ body: event.body, b64: event.isBase64Encoded }) };
      if (kind === 'throw') throw new Error('the database is down');
      if (kind === 'slow') { await new Promise((r) => setTimeout(r, 5000)); return 'late'; }
      if (kind === 'crash') process.exit(7);
      if (kind === 'unusable') return { statusCode: 200, body: { not: 'a string' } };
      return { statusCode: 200, body: String(calls) };
    };
"""


@needs_node
def test_payload_2_0_responses_over_http(tmp_path, run):
    """Lambda function response for format 2.0: without statusCode, 200 application/json
    with the output as body; isBase64Encoded bodies are decoded; each cookie becomes a
    set-cookie header."""
    folder = scaffold(tmp_path, "simple-routes")
    write(folder, "serverless.yml", RESPONSES_YML.format(runtime="nodejs20.x", handler="responses.respond"))
    write(folder, "responses.js", NODE_RESPONSES)
    write(folder, "package.json", '{"type": "module"}')
    server = run(folder)
    status, headers, body = server.request("GET", "/r/object")
    assert (status, header(headers, "content-type"), json.loads(body)) == (200, "application/json", {"hello": "world", "calls": 1})
    status, headers, body = server.request("GET", "/r/string")
    assert (status, header(headers, "content-type"), body) == (200, "application/json", b"plain words")
    status, headers, body = server.request("GET", "/r/binary")
    assert (status, header(headers, "content-type"), body) == (200, "image/png", bytes([0, 1, 2, 253, 254, 255]))
    status, headers, body = server.request("GET", "/r/cookies")
    assert (status, body) == (201, b"set")
    assert [v for n, v in headers if n.lower() == "set-cookie"] == ["a=1; Path=/", "b=2"]
    assert header(headers, "content-type") == "text/plain; charset=utf-8"
    # A binary request body reaches the function base64-encoded, a JSON one as text.
    status, headers, body = server.request("POST", "/r/echo", body=bytes([0, 255, 10]),
                                           headers={"Content-Type": "application/octet-stream"})
    assert json.loads(body) == {"body": "AP8K", "b64": True}
    status, headers, body = server.request("POST", "/r/echo", body='{"a": 1}', headers={"Content-Type": "application/json"})
    assert json.loads(body) == {"body": '{"a": 1}', "b64": False}


@needs_node
def test_a_throwing_a_slow_and_a_crashing_handler(tmp_path, run):
    """A function error is 500 {"message":"Internal Server Error"}; one that outlives its
    timeout is stopped by Lambda (500); a dead worker answers 502 and is restarted; each
    time a line on stderr says why."""
    folder = scaffold(tmp_path, "simple-routes")
    write(folder, "serverless.yml", RESPONSES_YML.format(runtime="nodejs20.x", handler="responses.respond"))
    write(folder, "responses.js", NODE_RESPONSES)
    write(folder, "package.json", '{"type": "module"}')
    server = run(folder)
    assert server.json("GET", "/r/count") == (200, 1)
    assert server.json("GET", "/r/throw") == (500, {"message": "Internal Server Error"})
    server.wait_for(r"! 500 GET /r/throw: respond failed: Error: the database is down")
    started = time.monotonic()
    assert server.json("GET", "/r/slow") == (500, {"message": "Internal Server Error"})
    assert time.monotonic() - started < 4
    server.wait_for(r"! 500 GET /r/slow: respond timed out after 1 s")
    assert server.json("GET", "/r/count") == (200, 1)  # a new worker after the timeout
    assert server.json("GET", "/r/crash") == (502, {"message": "Internal Server Error"})
    server.wait_for(r"! 502 GET /r/crash: respond: the worker process exited with status 7")
    assert server.json("GET", "/r/count") == (200, 1)  # and a new one after the crash
    assert server.json("GET", "/r/unusable") == (500, {"message": "Internal Server Error"})
    server.wait_for(r"body must be a string")


def test_a_python_handler_that_throws(tmp_path, run):
    folder = scaffold(tmp_path, "python-api")
    write(folder, "app/health.py", """
        def check(event, context):
            print("checking")
            raise RuntimeError("disk full")
    """)
    server = run(folder)
    assert server.json("GET", "/health") == (500, {"message": "Internal Server Error"})
    server.wait_for(r"\[health\] checking")
    server.wait_for(r"\[health\] \[ERROR\] RuntimeError: disk full")
    server.wait_for(r"! 500 GET /health: health failed: RuntimeError: disk full")


def test_stage_params_and_environment_reach_the_function(tmp_path, run):
    """--stage and --param resolve variables as `serverless --stage/--param` do; the
    function sees the provider's and its own environment, and its deployed name."""
    folder = scaffold(tmp_path, "python-api")
    config = (folder / "serverless.yml").read_text().replace("  runtime: python3.12\n", (
        "  runtime: python3.12\n  environment:\n    GREETING: ${param:greeting}\n    STAGE: ${sls:stage}\n"))
    (folder / "serverless.yml").write_text(config.replace("handler: app/health.check", (
        "handler: app/health.check\n    environment:\n      ONLY_HERE: '1'")))
    write(folder, "app/health.py", """
        import os

        def check(event, context):
            return {key: os.environ.get(key) for key in ("GREETING", "STAGE", "ONLY_HERE", "AWS_LAMBDA_FUNCTION_NAME")}
    """)
    server = run(folder, "--stage", "prod", "--param", "greeting=hej")
    assert server.json("GET", "/health")[1] == {"GREETING": "hej", "STAGE": "prod", "ONLY_HERE": "1",
                                                "AWS_LAMBDA_FUNCTION_NAME": "python-api-prod-health"}
    assert "(stage prod, region us-east-1)" in server.err[0]


# ----- changes while running --------------------------------------------------------------------

@needs_node
def test_changed_handlers_and_configuration_are_served_without_a_restart(tmp_path, run):
    folder = scaffold(tmp_path, "access-logs-custom")
    write(folder, "src/hello.js", "export const handler = async () => 'first';")
    server = run(folder)
    assert server.request("GET", "/hello")[2] == b"first"
    time.sleep(0.05)
    write(folder, "src/hello.js", "export const handler = async () => 'second';")
    server.wait_for(r"src/hello.js changed")
    assert server.request("GET", "/hello")[2] == b"second"
    config = re.sub(r"- httpApi: '?GET /hello'?", "- httpApi: 'GET /hello'\n      - httpApi: 'GET /hi'",
                    (folder / "serverless.yml").read_text())
    (folder / "serverless.yml").write_text(config)
    server.wait_for(r"serverless.yml changed: serving 2 routes")
    assert server.request("GET", "/hi")[2] == b"second"
    (folder / "serverless.yml").write_text(config.replace("handler: src/hello.handler", "handler: [broken"))
    server.wait_for(r"configuration has errors, still serving the previous one")
    assert server.request("GET", "/hi")[0] == 200


def test_files_that_are_not_code_or_configuration_restart_nothing(tmp_path, run):
    """`run > access.log` inside the project must not restart the workers on every request."""
    folder = scaffold(tmp_path, "python-api")
    write(folder, "app/health.py", """
        calls = 0

        def check(event, context):
            global calls
            calls += 1
            return calls
    """)
    server = run(folder)
    assert server.json("GET", "/health")[1] == 1
    (folder / "access.log").write_text("a line\n")
    (folder / "notes.txt").write_text("x")
    time.sleep(1.2)  # two polls of the watcher
    assert server.json("GET", "/health")[1] == 2  # the same warm worker
    assert not any("changed" in line for line in server.err)
    write(folder, "app/util.py", "X = 1\n")
    server.wait_for(r"app/util.py changed: workers restart")
    assert server.json("GET", "/health")[1] == 1


# ----- IAM ----------------------------------------------------------------------------------------

@needs_node
def test_iam_routes_need_a_signature_which_is_not_verified(tmp_path, run):
    """IAM authorization: API Gateway answers 403 to a request without a SigV4 signature."""
    folder = scaffold(tmp_path, "access-logs-custom")
    config = re.sub(r"- httpApi: '?GET /hello'?",
                    "- httpApi:\n          method: GET\n          path: /hello\n          authorizer:\n            type: aws_iam",
                    (folder / "serverless.yml").read_text())
    assert "aws_iam" in config
    (folder / "serverless.yml").write_text(config)
    server = run(folder)
    assert server.json("GET", "/hello") == (403, {"message": "Forbidden"})
    signed = ("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240101/us-east-1/execute-api/aws4_request, "
              "SignedHeaders=host;x-amz-date, Signature=abc123")
    assert server.request("GET", "/hello", headers={"Authorization": signed, "X-Amz-Date": "20240101T000000Z"})[0] == 200
    server.wait_for(r"! 200 GET /hello: IAM: the SigV4 signature was NOT verified")


# ----- limits, bad input, start-up and shutdown ---------------------------------------------------

@needs_node
def test_api_gateways_payload_and_header_quotas(seed_server):
    """Quotas for HTTP APIs: payload 10 MB, request line and headers 10240 bytes."""
    server = seed_server
    status, _, body = server.request("POST", "/post/just/to/this/path", body=b"x" * (10 * 1024 * 1024 + 1),
                                     headers={"Content-Type": "text/plain"})
    assert (status, json.loads(body)) == (413, {"message": "Request Entity Too Large"})
    status, _, _ = server.request("GET", "/get/for/any/1", headers={"X-Big": "y" * 10300})
    assert status == 431
    assert server.request("GET", "/get/for/any/1")[0] == 200


@needs_node
def test_keep_alive_and_head(seed_server):
    server = seed_server
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    for n in range(3):
        connection.request("GET", f"/get/for/any/{n}")
        response = connection.getresponse()
        assert json.loads(response.read())["param"] == str(n)
        assert response.getheader("connection") == "keep-alive"
    connection.request("HEAD", "/get/for/any/9")
    response = connection.getresponse()
    assert response.read() == b"" and int(response.getheader("content-length")) > 0
    connection.close()


def test_a_configuration_with_errors_exits_2_with_located_messages(tmp_path, run):
    folder = tmp_path / "broken"
    write(folder, "serverless.yml", """
        service: broken
        provider:
          name: aws
          runtime: python3.12
        functions:
          a:
            handler: app.a
            events:
              - httpApi: 'GET /x'
          b:
            handler: app.b
            events:
              - httpApi: 'GET /x'
    """)
    server = run(folder)
    assert server.process.wait(15) == 2
    server.stop()
    assert any(re.match(r"serverless\.yml:\d+:\d+: error DUPLICATE_HTTP_API_ROUTE", line) for line in server.err)
    assert server.err[-1] == "httpapi-wizard run: serverless.yml has errors; fix them and start again"


def test_errors_only_aws_refuses_are_said_at_start_and_the_api_is_served(tmp_path, run):
    """A check's error (here a runtime AWS no longer creates, HTTPAPI-FUNCTION-RUNTIME) does not stop
    `run`, but it is printed with its place, as `validate` prints it, and counted."""
    folder = tmp_path / "old"
    write(folder, "serverless.yml", """
        service: old
        provider:
          name: aws
          runtime: python3.13
        functions:
          legacy:
            handler: app.legacy
            runtime: python3.8
            events:
              - httpApi: 'GET /legacy'
    """)
    write(folder, "app.py", "def legacy(event, context):\n    return {'ok': True}\n")
    server = run(folder)
    assert server.port is not None
    error = next(line for line in server.err if " error " in line)
    assert re.match(r"serverless\.yml:8:\d+: error HTTPAPI-FUNCTION-RUNTIME function legacy: AWS no longer creates "
                    r"python3\.8 functions", error), error
    assert ("1 error(s) above: `serverless deploy` would fail on them (AWS refuses them); run serves the API on this "
            "machine all the same") in server.err
    assert server.json("GET", "/legacy") == (200, {"ok": True})


def test_routes_on_an_api_another_stack_owns_say_what_run_cannot_know(tmp_path, run):
    folder = tmp_path / "external"
    write(folder, "serverless.yml", """
        service: external
        provider:
          name: aws
          runtime: python3.13
          httpApi:
            id: abc123
        functions:
          orders:
            handler: app.orders
            events:
              - httpApi: 'GET /orders'
              - httpApi:
                  path: /admin
                  method: GET
                  authorizer:
                    id: auth42
    """)
    write(folder, "app.py", "def orders(event, context):\n    return {'ok': True}\n")
    server = run(folder)
    assert ('warning: the routes attach to the HTTP API "abc123" that another stack owns: its CORS is configured there, '
            "so run answers without CORS headers") in server.err
    assert ("warning: GET /admin: the authorizer is given by id, defined outside this service: run cannot check anything "
            "of it and lets every request through") in server.err
    assert server.json("GET", "/admin") == (200, {"ok": True})


def test_a_missing_file_exits_2(tmp_path, run):
    server = run(tmp_path, config="nowhere.yml")
    assert server.process.wait(15) == 2
    server.stop()
    assert server.err == ["nowhere.yml: error CONFIG_NOT_FOUND no such file"]


def test_a_taken_port_exits_2(tmp_path):
    folder = scaffold(tmp_path, "python-api")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run([sys.executable, "-m", "wizard", "run", "--port", str(port)], cwd=folder, env=_env(),
                                capture_output=True, text=True, timeout=30)
    assert result.returncode == 2
    assert f"port {port} on 127.0.0.1 is in use" in result.stderr


def test_an_unreadable_jwks_file_exits_2(tmp_path):
    folder = scaffold(tmp_path, "python-api")
    result = subprocess.run([sys.executable, "-m", "wizard", "run", "--port", "0", "--jwks", "missing.json"], cwd=folder,
                            env=_env(), capture_output=True, text=True, timeout=30)
    assert result.returncode == 2 and "missing.json" in result.stderr


@needs_node
@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_no_worker_survives_the_server(tmp_path, run, sig):
    """Ctrl+C (SIGINT) or SIGTERM stops the server and every worker, and what the
    functions started themselves."""
    folder = scaffold(tmp_path, "seed")
    write(folder, "handler.js", (folder / "handler.js").read_text() + textwrap.dedent("""
        import { spawn } from 'node:child_process';
        export const spawner = async () => ({ child: spawn('sleep', ['300'], { stdio: 'ignore' }).pid });
    """))
    config = (folder / "serverless.yml").read_text().replace("handler: handler.simple", "handler: handler.spawner")
    (folder / "serverless.yml").write_text(config)
    server = run(folder)
    child = json.loads(server.request("PATCH", "/elo")[2])["child"]
    server.request("GET", "/get/for/any/1")
    server.request("GET", "/anything")
    descendants = _children(server.process.pid)
    assert child in descendants and len(descendants) >= 4  # three workers and the handler's own child
    assert server.stop(sig) == 0
    deadline = time.monotonic() + 5
    while any(_alive(p) for p in descendants) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert [p for p in descendants if _alive(p)] == []


def test_run_is_in_the_command_line_help():
    result = subprocess.run([sys.executable, "-m", "wizard", "run", "--help"], capture_output=True, text=True, env=_env())
    assert result.returncode == 0
    for option in ("--port", "--host", "--stage", "--param", "--jwks"):
        assert option in result.stdout
    assert "(default: 127.0.0.1" in result.stdout
