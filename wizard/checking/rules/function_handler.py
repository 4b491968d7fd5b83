"""A handler in the form its runtime reads.

Lambda reads the handler setting differently per runtime family (its developer guide):

- Node.js, Python, Ruby: ``file.export``, the file without its extension (folders
  allowed) and the function it exports, e.g. ``src/users.get``; Ruby may name a class
  method, ``function.Module::Class.method``.
  https://docs.aws.amazon.com/lambda/latest/dg/nodejs-handler.html
  https://docs.aws.amazon.com/lambda/latest/dg/python-handler.html
  https://docs.aws.amazon.com/lambda/latest/dg/ruby-handler.html
- Java: ``package.Class::method``, or ``package.Class`` for a class implementing a handler
  interface. https://docs.aws.amazon.com/lambda/latest/dg/java-handler.html
- .NET: ``Assembly::Namespace.Class::Method`` (class library), or the assembly's name
  alone (executable assembly). https://docs.aws.amazon.com/lambda/latest/dg/csharp-handler.html
- Go and OS-only runtimes (``provided.*``): the runtime decides; Lambda starts the
  executable (``bootstrap``, ``bin/hello``), so any path goes.
  https://docs.aws.amazon.com/lambda/latest/dg/golang-handler.html
  https://docs.aws.amazon.com/lambda/latest/dg/runtimes-custom.html

Whatever the runtime, CreateFunction takes at most 128 characters and no whitespace
(``[^\\s]+``): https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html
"""

from __future__ import annotations

import re

from ...diagnostics import ERROR
from .. import sources
from ..rule import Finding, rule

_ANY = re.compile(r"\S+\Z")
_FILE_EXPORT = re.compile(r"(\./)?[^\s.][^\s]*\.[A-Za-z_$][\w$]*\Z")
_JAVA = re.compile(r"[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*(::[A-Za-z_$][\w$]*)?\Z")
_DOTNET_CLASS = re.compile(r"[\w.\-]+::[A-Za-z_][\w]*(\.[A-Za-z_][\w]*)*::[A-Za-z_][\w]*\Z")
_DOTNET_EXECUTABLE = re.compile(r"[\w.\-]+\Z")
MAX_LENGTH = 128
# Serverless v3's default when neither the function nor the provider sets a runtime.
_DEFAULT_RUNTIME = "nodejs16.x"


def _form(runtime: str) -> tuple[str, object] | None:
    """(the family's form in words, a test of a handler) for ``runtime``; None: only Lambda's API rule."""
    if runtime.startswith(("nodejs", "python", "ruby")):
        example = "src/users.get_user" if runtime.startswith("python") else "src/users.get"
        return f"must name a file and its export, e.g. {example}", _FILE_EXPORT.match
    if runtime.startswith("java"):
        return "must be package.Class::method (e.g. example.Handler::handleRequest) or package.Class", _JAVA.match
    if runtime.startswith("dotnet"):
        return ("must be Assembly::Namespace.Class::Method (e.g. MyApp::MyApp.Function::FunctionHandler) "
                "or, for an executable assembly, its name"), (lambda h: _DOTNET_CLASS.match(h) or _DOTNET_EXECUTABLE.match(h))
    return None  # Go, provided.*, runtimes brought by layers: any executable path


@rule("HTTPAPI-FUNCTION-HANDLER", ERROR, "handler in its runtime's form", sources.HANDLER)
def RULE(context):
    provider_runtime = context.service.provider.runtime
    for key, fn in context.service.functions.items():
        handler = fn.handler
        if not isinstance(handler, str) or fn.image:
            continue
        runtime = str(fn.runtime or provider_runtime or _DEFAULT_RUNTIME)
        where = fn.path + ("handler",)
        if not _ANY.match(handler):
            yield Finding(where, f"function {key}: handler '{handler}' is empty or holds whitespace, which Lambda refuses")
            continue
        if len(handler) > MAX_LENGTH:
            yield Finding(where, f"function {key}: handler has {len(handler)} characters; Lambda takes at most {MAX_LENGTH}")
            continue
        form = _form(runtime)
        if form is not None and not form[1](handler):
            yield Finding(where, f"function {key}: handler '{handler}' ({runtime}) {form[0]}")
