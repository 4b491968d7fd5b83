"""HTTPAPI-FUNCTION-HANDLER follows the runtime: each family's handler form, as Lambda's guide states it.

Sources (one per family):
- Node.js https://docs.aws.amazon.com/lambda/latest/dg/nodejs-handler.html (index.handler, src/app.handler)
- Python https://docs.aws.amazon.com/lambda/latest/dg/python-handler.html (lambda_function.lambda_handler)
- Ruby https://docs.aws.amazon.com/lambda/latest/dg/ruby-handler.html (function.handler, source.Module::Class.method)
- Java https://docs.aws.amazon.com/lambda/latest/dg/java-handler.html (example.Handler::handleRequest, example.Handler)
- .NET https://docs.aws.amazon.com/lambda/latest/dg/csharp-handler.html (Assembly::Namespace.Class::Method; an
  executable assembly's name)
- Go / OS-only https://docs.aws.amazon.com/lambda/latest/dg/golang-handler.html,
  https://docs.aws.amazon.com/lambda/latest/dg/runtimes-custom.html (bootstrap, any executable path)
- every runtime: CreateFunction's Handler, at most 128 characters matching [^\\s]+
  https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html
"""

from __future__ import annotations

import pytest
import yaml

from wizard.api import compile_text

CODE = "HTTPAPI-FUNCTION-HANDLER"


def findings(runtime: str, handler: str):
    config = {"service": "svc", "frameworkVersion": "3", "provider": {"name": "aws", "runtime": "nodejs22.x"},
              "functions": {"api": {"handler": handler, "runtime": runtime, "events": [{"httpApi": "GET /a"}]}}}
    result = compile_text(yaml.safe_dump(config, sort_keys=False), "serverless.yml", env={})
    return [d for d in result.diagnostics if d.code == CODE]


ACCEPTED = [
    ("nodejs22.x", "index.handler"), ("nodejs22.x", "src/users.get"), ("nodejs22.x", "./src/app.handlers.get"),
    ("python3.13", "lambda_function.lambda_handler"), ("python3.13", "src/users/handler.get_user"),
    ("ruby3.4", "function.handler"), ("ruby3.4", "source.LambdaFunctions::Handler.process"),
    ("java21", "example.Handler::handleRequest"), ("java21", "example.Handler"), ("java17", "com.example.Handler::handleRequest"),
    ("dotnet8", "MyApp::MyApp.Function::FunctionHandler"), ("dotnet8", "MyLambdaFunction"),
    ("provided.al2023", "bootstrap"), ("provided.al2023", "bin/hello"), ("provided.al2", "anything.at/all"),
    ("go1.x", "hello"),
]
REFUSED = [
    ("nodejs22.x", "handler", "must name a file and its export, e.g. src/users.get"),
    ("nodejs22.x", "bootstrap", "must name a file and its export"),
    ("python3.13", "src/users.", "must name a file and its export, e.g. src/users.get_user"),
    ("ruby3.4", "com.example.Handler::handleRequest", "must name a file and its export"),
    ("java21", "example.Handler::", "must be package.Class::method (e.g. example.Handler::handleRequest) or package.Class"),
    ("java21", "src/users.get", "must be package.Class::method"),
    ("dotnet8", "MyApp::FunctionHandler", "must be Assembly::Namespace.Class::Method"),
    ("dotnet8", "src/handler.get", "must be Assembly::Namespace.Class::Method"),
    ("provided.al2023", "bin/my hello", "is empty or holds whitespace, which Lambda refuses"),
]


@pytest.mark.parametrize("runtime,handler", ACCEPTED)
def test_each_family_accepts_its_own_form(runtime, handler):
    assert findings(runtime, handler) == []


@pytest.mark.parametrize("runtime,handler,words", REFUSED)
def test_each_family_refuses_another_form(runtime, handler, words):
    (finding,) = findings(runtime, handler)
    assert finding.severity == "error"
    assert finding.path == ("functions", "api", "handler")
    assert finding.message.startswith(f"function api: handler '{handler}'") and words in finding.message
    assert (finding.line, finding.column) == (8, 5)  # "handler:" in the file


def test_lambda_takes_at_most_128_characters_whatever_the_runtime():
    assert findings("provided.al2023", "b" * 128) == []
    (finding,) = findings("provided.al2023", "b" * 129)
    assert finding.message == "function api: handler has 129 characters; Lambda takes at most 128"


def test_a_go_function_s_other_settings_are_not_refused_for_its_handler():
    from wizard.authoring.session import Session

    session = Session.from_example("empty", "unused")
    session.add_function("hello", "bootstrap", runtime="provided.al2023")
    session.update_function("hello", memory_size=256)
    assert session.findings_at(("functions", "hello")) == []
