"""The core API the server and the wizard's Send share: ``LocalApi.send(request) -> Exchange``.

One engine: the event a function receives is exactly the one ``explain`` builds for the
same request (same route, same authorizer step, same CORS), only with live ids.
"""

from __future__ import annotations

import json
import sys
import textwrap

import pytest

from wizard.api import compile_file
from wizard.explaining import Request
from wizard.explaining.event import Gateway
from wizard.explaining.explain import decide
from wizard.running import LocalApi, local_api

PY = f"python{sys.version_info[0]}.{sys.version_info[1]}"


def _project(tmp_path, config: str, files: dict[str, str]):
    (tmp_path / "serverless.yml").write_text(textwrap.dedent(config))
    for name, text in files.items():
        (tmp_path / name).write_text(textwrap.dedent(text))
    result = compile_file(str(tmp_path / "serverless.yml"))
    assert result.template is not None, [d.format() for d in result.diagnostics]
    return LocalApi(result, str(tmp_path))


ECHO = f"""
    service: echo
    provider:
      name: aws
      runtime: {PY}
      httpApi:
        cors: true
    functions:
      echo:
        handler: app.echo
        events:
          - httpApi: 'ANY /items/{{id}}'
      legacy:
        handler: app.echo
        httpApi:
          payload: '1.0'
        events:
          - httpApi: 'POST /legacy/{{proxy+}}'
"""
ECHO_CODE = {"app.py": """
    import json

    def echo(event, context):
        return {"statusCode": 200, "body": json.dumps(event)}
"""}


@pytest.mark.parametrize("line, headers, body", [
    ("GET /items/42?tag=a&tag=b", [("Accept", "application/json"), ("Cookie", "a=1; b=2"), ("X-Twice", "1"), ("x-twice", "2")], None),
    ("PUT /items/7", [("Content-Type", "application/octet-stream")], bytes([0, 159, 255])),
    ("POST /legacy/a/b/c?q=1", [("Content-Type", "application/json"), ("Origin", "https://x.example")], b'{"k": "v"}'),
])
async def test_the_function_receives_the_event_explain_builds(tmp_path, line, headers, body):
    api = _project(tmp_path, ECHO, ECHO_CODE)
    try:
        method, target = line.split(" ", 1)
        path, _, query = target.partition("?")
        request = Request(method, path, query, headers, body)
        exchange = await api.send(request, "203.0.113.9")
        assert exchange.answer.status == 200, exchange.notes
        received = json.loads(exchange.answer.body)
        # The same decision, offline, with the same live ids: the same event to the byte.
        gateway = Gateway(request_id=exchange.request_id, time_epoch=exchange.started, source_ip="203.0.113.9",
                          trace_id=_trace(received))
        explained = decide(api.service, api.http_api, request, gateway=gateway)
        assert received == explained.event
        assert exchange.decision.match.route.api_route_key == explained.match.route.api_route_key
    finally:
        await api.aclose()


def _trace(event) -> str:
    headers = event.get("headers") or {}
    return headers.get("x-amzn-trace-id") or headers.get("X-Amzn-Trace-Id")


async def test_every_request_gets_its_own_ids_and_time(tmp_path):
    api = _project(tmp_path, ECHO, ECHO_CODE)
    try:
        first = await api.send(Request("GET", "/items/1"))
        second = await api.send(Request("GET", "/items/1"))
        assert first.request_id != second.request_id
        events = [json.loads(e.answer.body) for e in (first, second)]
        assert events[0]["requestContext"]["requestId"] == first.request_id
        assert events[0]["requestContext"]["timeEpoch"] <= events[1]["requestContext"]["timeEpoch"]
        assert ("apigw-requestid", first.request_id) in first.answer.headers
    finally:
        await api.aclose()


async def test_api_gateways_30_second_limit_answers_503(tmp_path, monkeypatch):
    """The integration timeout (30 s, "Quotas for HTTP APIs") ends the request with 503
    {"message":"Service Unavailable"} when the function's own timeout is longer; the limit
    is shortened here so the test does not wait 30 s."""
    monkeypatch.setattr(local_api, "INTEGRATION_LIMIT_S", 0.5)
    api = _project(tmp_path, f"""
        service: slow
        provider:
          name: aws
          runtime: {PY}
        functions:
          slow:
            handler: app.slow
            timeout: 40
            events:
              - httpApi: 'GET /slow'
    """, {"app.py": "import time\n\ndef slow(event, context):\n    time.sleep(10)\n"})
    try:
        exchange = await api.send(Request("GET", "/slow"))
        assert (exchange.answer.status, exchange.answer.body) == (503, b'{"message":"Service Unavailable"}')
        assert "integration timeout" in exchange.notes[0]
    finally:
        await api.aclose()


async def test_a_runtime_that_cannot_run_here_answers_502_and_says_why(tmp_path):
    api = _project(tmp_path, """
        service: jvm
        provider:
          name: aws
          runtime: java17
        functions:
          api:
            handler: com.example.Handler::handleRequest
            events:
              - httpApi: 'GET /x'
    """, {})
    try:
        assert any("java17 is Java" in note for note in api.start_notes())
        exchange = await api.send(Request("GET", "/x"))
        assert exchange.answer.status == 502
        assert "api cannot run here: its runtime java17 is Java" in exchange.notes[0]
        assert api.workers == {}  # nothing was started
    finally:
        await api.aclose()


async def test_an_event_over_lambdas_6_mb_limit_is_413(tmp_path):
    """Lambda refuses a synchronous invocation over 6 MB; AWS's emulator for HTTP APIs
    answers 413 {"message":"Request Entity Too Large"} (aws-lambda-dotnet LargePayloadTests)."""
    api = _project(tmp_path, ECHO, ECHO_CODE)
    try:
        exchange = await api.send(Request("PUT", "/items/1", "", [("Content-Type", "text/plain")], "x" * (6 * 1024 * 1024)))
        assert exchange.answer.status == 413
        assert api.workers == {}
    finally:
        await api.aclose()


async def test_the_exchange_carries_what_the_wizard_shows(tmp_path):
    """Send in the wizard shows status, headers, body and the function's log beside the
    explanation: all of it is on the Exchange."""
    api = _project(tmp_path, ECHO, {"app.py": """
        def echo(event, context):
            print("handling", event["pathParameters"]["id"])
            return {"ok": True}
    """})
    try:
        exchange = await api.send(Request("GET", "/items/5", "", [("Origin", "https://a.example")]))
        assert exchange.answer.status == 200
        assert exchange.answer.header("access-control-allow-origin") == "*"
        assert exchange.answer.body == b'{"ok": true}'
        assert exchange.log == "handling 5\n"
        assert exchange.function == "echo" and exchange.route_key == "ANY /items/{id}"
        assert exchange.decision.cors.applies and exchange.decision.event["pathParameters"] == {"id": "5"}
        shown = exchange.to_dict()
        assert (shown["status"], shown["body"], shown["bodyIsBase64"], shown["log"]) == (200, '{"ok": true}', False, "handling 5\n")
        assert ["access-control-allow-origin", "*"] in shown["headers"]
        assert json.loads(json.dumps(shown)) == shown
    finally:
        await api.aclose()


async def test_reconfiguring_restarts_only_changed_functions(tmp_path):
    api = _project(tmp_path, ECHO, ECHO_CODE)
    try:
        await api.send(Request("GET", "/items/1"))
        await api.send(Request("POST", "/legacy/x"))
        first = {key: worker.pid for key, worker in api.workers.items()}
        (tmp_path / "serverless.yml").write_text(textwrap.dedent(ECHO).replace("ANY /items/{id}", "GET /things/{id}"))
        api.configure(compile_file(str(tmp_path / "serverless.yml")))
        assert (await api.send(Request("GET", "/items/1"))).answer.status == 404
        assert (await api.send(Request("GET", "/things/1"))).answer.status == 200
        await api.send(Request("POST", "/legacy/x"))
        assert api.workers["legacy"].pid == first["legacy"]  # unchanged: still warm
    finally:
        await api.aclose()


def test_the_running_package_needs_no_user_interface():
    """The wizard calls LocalApi; the library itself imports no Textual, Rich or CLI code
    (as tests/test_layers.py requires of the core)."""
    import ast
    from pathlib import Path

    package = Path(local_api.__file__).parent
    for path in package.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom):
                module = ("." * node.level) + (node.module or "")
            elif isinstance(node, ast.Import):
                module = ",".join(alias.name for alias in node.names)
            else:
                continue
            assert not any(part.split(".")[0] in ("textual", "rich", "textual_serve") for part in module.split(",")), path
            assert not module.startswith(("..tui", "..cli", "wizard.tui", "wizard.cli")), path
