"""A custom access-log format: one line of JSON, XML, CSV or CLF, at most 1024 characters."""

from __future__ import annotations

import json
import re

from ...diagnostics import ERROR
from .. import sources
from ..rule import Finding, rule

_VARIABLE = re.compile(r"\$context\.[A-Za-z0-9_.-]*[A-Za-z0-9_]")
MAX_LENGTH = 1024
WHERE = ("provider", "logs", "httpApi", "format")


def _json_problem(text: str) -> str | None:
    # Variables may stand unquoted where a number goes ($context.status): give them one.
    try:
        json.loads(_VARIABLE.sub("0", text))
    except ValueError as exc:
        return f"it starts like JSON but is not valid JSON ({exc.msg} at character {exc.pos})"
    return None


def _xml_problem(text: str) -> str | None:
    from xml.etree import ElementTree  # only XML formats need it

    try:
        ElementTree.fromstring(_VARIABLE.sub("x", text))
    except ElementTree.ParseError as exc:
        return f"it starts like XML but is not well-formed XML ({exc})"
    return None


@rule("HTTPAPI-LOG-FORMAT", ERROR, "access-log format AWS accepts", sources.ACCESS_LOG_SETTINGS)
def RULE(context):
    logs = context.service.provider.access_logs
    if logs is None or not isinstance(logs.format, str) or not logs.format:
        return
    text = logs.format
    if "\n" in text.strip():
        yield Finding(WHERE, "the access-log format must be a single line (use a quoted string or `>-`, not `|`)")
        return
    if len(text) > MAX_LENGTH:
        yield Finding(WHERE, f"the access-log format is {len(text)} characters; API Gateway accepts at most {MAX_LENGTH}")
    stripped = text.strip()
    problem = _json_problem(stripped) if stripped.startswith("{") else _xml_problem(stripped) if stripped.startswith("<") else None
    if problem:
        yield Finding(WHERE, problem)
