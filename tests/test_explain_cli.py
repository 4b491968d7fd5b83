"""`explain` from the command line: bodies that start with '-', arguments that are not
UTF-8, huge and hostile input (issue 11: none of it may raise), fragments, and the
configuration's own findings shown beside the answer."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from wizard.api import compile_text
from wizard.cli.main import main
from wizard.explaining import Request, decide, explain, to_text
from wizard.explaining.jwt import encode_unsigned
from wizard.explaining.shadowing import analyse

ROOT = Path(__file__).resolve().parents[1]


def run(*args, data: bytes | None = None):
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    # Arguments as bytes: exactly what a shell passes, UTF-8 or not.
    argv = [a if isinstance(a, bytes) else a.encode() for a in (sys.executable, "-m", "wizard", *args)]
    return subprocess.run(argv, capture_output=True, env=env)


def in_process(capsys, *args):
    code = main(["explain", *args])
    return code, capsys.readouterr()


@pytest.mark.parametrize("args", [("-d", "-x"), ("-d=-x",), ("--data", "-x"), ("--data=-x",), ("-d-x",)])
def test_a_body_that_starts_with_a_dash(capsys, args):
    code, out = in_process(capsys, "PATCH /elo", "--example", "seed", *args, "-H", "Content-Type: text/plain",
                           "--format", "json")
    assert code == 0, out.err
    data = json.loads(out.out)
    assert data["request"]["body"] == "-x" and data["event"]["body"] == "-x"
    assert data["request"]["headers"] == [["Content-Type", "text/plain"]]


def test_a_body_that_looks_like_an_option(capsys):
    # As in curl, the word after -d is the body, even when it is one of explain's options.
    code, out = in_process(capsys, "PATCH /elo", "-d", "--format", "--example", "seed", "-H", "Content-Type: text/plain")
    assert code == 0 and '"body": "--format"' in out.out


def test_arguments_that_are_not_utf8():
    # -d $'\xff', -H $'X: \xff', a path with \xff: no traceback, exit 0, output that decodes.
    done = run("explain", b"PATCH /elo", b"--example", b"seed", b"-d", b"\xff\xfe", b"-H", b"X-Raw: \xff")
    assert done.returncode == 0, done.stderr.decode()
    text = done.stdout.decode("utf-8")
    assert '"body": "//4="' in text and '"isBase64Encoded": true' in text and '"x-raw": "\ufffd"' in text
    path = run("explain", b"GET /caf\xe9", b"--example", b"seed", b"--format", b"json")
    assert path.returncode == 0, path.stderr.decode()
    data = json.loads(path.stdout)
    # Sent as /caf%E9; HTTP APIs hand the path on decoded, and a byte that is not UTF-8 decodes as U+FFFD.
    assert data["request"]["path"] == "/caf%E9" and data["event"]["rawPath"] == "/caf\ufffd"


def test_a_token_of_nested_brackets_is_401_not_a_crash(capsys):
    import base64

    # In process: 100,000 brackets in base64 are longer than one argument may be (128 KiB).
    nested = base64.urlsafe_b64encode(b"[" * 100_000).decode().rstrip("=")
    code, out = in_process(capsys, "POST /some-post", "--example", "seed", "-H",
                           f"Authorization: Bearer eyJhbGciOiJSUzI1NiIsImtpZCI6ImsifQ.{nested}.c2ln")
    assert code == 1 and "401" in out.out and "nests too deeply" in out.out and not out.err


def test_fifty_thousand_headers(capsys):
    headers = []
    for i in range(50_000):
        headers += ["-H", f"X-H{i % 100}: {i}"]
    code, out = in_process(capsys, "PATCH /elo", "--example", "seed", *headers, "--format", "json")
    assert code == 0
    event = json.loads(out.out)["event"]
    assert event["headers"]["x-h7"].split(",")[:2] == ["7", "107"] and len(event["headers"]["x-h7"].split(",")) == 500


def test_a_path_of_thousands_of_segments():
    r = compile_text(yaml.safe_dump({"service": "s", "provider": {"name": "aws", "runtime": "nodejs20.x"}, "functions": {
        "f": {"handler": "h.f", "events": [{"httpApi": "GET /" + "/".join(["a"] * 3000)}, {"httpApi": "GET /{p+}"}]}}}),
        "serverless.yml", env={})
    deep = decide(r.service, r.http_api, Request.parse("GET /" + "/".join(["a"] * 3000)))
    assert deep.match.route.route_key.count("/") == 3000
    assert decide(r.service, r.http_api, Request.parse("GET /" + "/b" * 20000)).match.route.route_key == "GET /{p+}"


def test_the_fragment_never_reaches_api_gateway(capsys):
    code, out = in_process(capsys, "GET /get/for/any/42#section?x=1", "--example", "seed", "--format", "json")
    data = json.loads(out.out)
    assert data["event"]["rawPath"] == "/get/for/any/42" and data["event"]["rawQueryString"] == ""
    assert "#section?x=1" in data["notes"][0] and "clients do not send it" in data["notes"][0]
    code, out = in_process(capsys, "GET /get/for/any/42?x=1#top", "--example", "seed")
    assert "GET /get/for/any/42?x=1\n" in out.out and "Note: the fragment #top" in out.out


SCOPES_BESIDE = """\
service: svc
provider:
  name: aws
  runtime: nodejs20.x
  httpApi:
    authorizers:
      jwt:
        identitySource: $request.header.Authorization
        issuerUrl: https://issuer.example.com
        audience: [app]
functions:
  me:
    handler: h.me
    events:
      - httpApi:
          method: GET
          path: /me
          authorizer: jwt
          scopes: [admin]
"""


def test_findings_that_change_the_answer(tmp_path, capsys):
    # 'scopes:' beside 'authorizer:' is an unknown key to Serverless's schema: the route
    # checks no scope, so a token without 'admin' passes. explain shows the finding and
    # what it means, in text and JSON.
    f = tmp_path / "serverless.yml"
    f.write_text(SCOPES_BESIDE)
    token = encode_unsigned({"iss": "https://issuer.example.com", "aud": "app", "exp": 4_000_000_000, "scope": "read"})
    code, out = in_process(capsys, "GET /me", str(f), "-H", f"Authorization: Bearer {token}", "--format", "json")
    assert code == 0
    findings = json.loads(out.out)["findings"]
    assert [(d["code"], d["path"], d["line"]) for d in findings] == [
        ("CONFIG_SCHEMA", "functions.me.events.0.httpApi.scopes", 19)]
    assert "checks no scope" in findings[0]["meaning"]
    code, out = in_process(capsys, "GET /me", str(f), "-H", f"Authorization: Bearer {token}")
    assert "1. Configuration findings that bear on this request" in out.out
    assert "unrecognized property 'scopes'" in out.out and "checks no scope" in out.out
    # Under authorizer:, where it belongs, the same token is refused and nothing is found.
    f.write_text(SCOPES_BESIDE.replace("          authorizer: jwt\n          scopes: [admin]\n",
                                       "          authorizer:\n            name: jwt\n            scopes: [admin]\n"))
    code, out = in_process(capsys, "GET /me", str(f), "-H", f"Authorization: Bearer {token}", "--format", "json")
    assert code == 1 and json.loads(out.out)["findings"] == [] and json.loads(out.out)["status"] == 403


def test_findings_only_about_the_route_that_answered(tmp_path):
    text = SCOPES_BESIDE + "  other:\n    handler: h.o\n    events:\n      - httpApi: GET /other\n"
    r = compile_text(text, "serverless.yml", env={})
    other = explain(r.service, r.http_api, Request.parse("GET /other"), diagnostics=r.diagnostics)
    assert other.findings == [] and "Configuration findings" not in to_text(other)


def test_shadowing_of_thousands_of_routes_is_right():
    # 3000 routes: every literal route shadows the variable route at its place, and the
    # variable routes still win their own requests.
    functions = {}
    for i in range(1000):
        functions[f"f{i}"] = {"handler": "h.f", "events": [{"httpApi": f"GET /r{i}/{{id}}"}, {"httpApi": f"GET /r{i}/me"},
                                                         {"httpApi": f"ANY /r{i}/me"}]}
    r = compile_text(yaml.safe_dump({"service": "s", "provider": {"name": "aws", "runtime": "nodejs20.x"},
                                     "functions": functions}), "serverless.yml", env={}, checks=False)
    shadows = analyse(r.http_api)
    assert len(shadows) == 3000
    for i in (0, 517, 999):
        assert f"GET /r{i}/me" in shadows[f"GET /r{i}/{{id}}"].by
        assert not shadows[f"GET /r{i}/{{id}}"].unreachable and not shadows[f"ANY /r{i}/me"].unreachable


def test_the_readme_shows_what_explain_prints(capsys):
    import shlex

    readme = (ROOT / "README.md").read_text()
    section = readme[readme.index("## Explain a request"):readme.index("## Design-time checks")]
    blocks = section.split("```console\n")[1:]
    assert len(blocks) == 2
    for block in blocks:
        command, _, shown = block.partition("```")[0].partition("\n")
        args = shlex.split(command.removeprefix("$ httpapi-wizard "))
        assert args[0] == "explain"
        main(args)
        assert capsys.readouterr().out == shown


def test_no_input_raises():
    # The wizard's Try a request explains on every keystroke: whatever is typed (any
    # request line, header, body, token with any JSON claims), explain answers.
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    result = compile_text((ROOT / "wizard" / "examples" / "seed.yml").read_text(), "serverless.yml", env={})
    text = st.text(st.characters(blacklist_categories=("Cs",)) | st.sampled_from(["\udcff", "/", "?", "#", "%", "{", "+"]),
                   max_size=40)
    json_values = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | text,
                               lambda inner: st.lists(inner, max_size=3) | st.dictionaries(text, inner, max_size=3),
                               max_leaves=8)
    claims = st.dictionaries(st.sampled_from(["iss", "aud", "client_id", "exp", "nbf", "iat", "scope", "scp", "sub"]) | text,
                             json_values, max_size=8)

    @settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
    @given(method=st.sampled_from(["GET", "POST", "PATCH", "OPTIONS", "DELETE", "get", "BREW"]), target=text,
           headers=st.lists(st.tuples(text, text), max_size=5), body=st.none() | text | st.binary(max_size=20),
           token_claims=claims, origin=st.booleans())
    def check(method, target, headers, body, token_claims, origin):
        extra = [("Authorization", f"Bearer {encode_unsigned(token_claims)}")]
        if origin:
            extra += [("Origin", "https://a.example"), ("Access-Control-Request-Method", "PATCH")]
        try:
            request = Request.parse(f"{method} /{target}", headers + extra, body)
        except Exception as exc:  # only the documented refusal
            assert type(exc).__name__ == "RequestError"
            return
        e = explain(result.service, result.http_api, request, diagnostics=result.diagnostics)
        to_text(e).encode("utf-8")
        json.dumps(e.to_dict()).encode("utf-8")

    check()
