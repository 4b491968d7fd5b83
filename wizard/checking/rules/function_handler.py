"""A handler names a file and an export: ``path/to/file.export``."""

from __future__ import annotations

import re

from ...diagnostics import ERROR
from .. import sources
from ..rule import Finding, rule

_HANDLER = re.compile(r"(\./)?[^\s.][^\s]*\.[A-Za-z_$][\w$]*\Z")
# Lambda reads "file.export" only for these; Java, .NET, Go, custom and layer-provided
# runtimes (Bref's php-*, a Rust plugin's "rust") name handlers their own way.
_FILE_EXPORT_RUNTIMES = ("nodejs", "python", "ruby")


@rule("HTTPAPI-FUNCTION-HANDLER", ERROR, "handler is file.export", sources.HANDLER)
def RULE(context):
    provider_runtime = context.service.provider.runtime
    for key, fn in context.service.functions.items():
        handler = fn.handler
        runtime = str(fn.runtime or provider_runtime or "nodejs16.x")
        if not isinstance(handler, str) or not runtime.startswith(_FILE_EXPORT_RUNTIMES):
            continue
        if not _HANDLER.match(handler):
            yield Finding(fn.path + ("handler",), f"function {key}: handler '{handler}' must name a file and its export, e.g. src/users.get")
