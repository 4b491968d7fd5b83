"""Validate a raw config against Serverless's schema, coercing types as Ajv does.

Serverless validates with Ajv (``allErrors``, ``coerceTypes: 'array'``), and the
coercion rewrites the config in place before anything is compiled: ``payload: 2.0``
becomes ``"2"``, ``"10"`` becomes ``10``, a scalar where a list is expected becomes a
one-item list. This module reproduces that for the JSON-Schema subset used in
:mod:`wizard.model.schema`, and reports problems with Serverless's message style
(``at 'provider.httpApi': unrecognized property 'timeout'``), after the same kind of
filtering of ``anyOf`` noise that Serverless's normalize-ajv-errors.js does.
"""

from __future__ import annotations

from ..diagnostics import ERROR, WARNING, Diagnostic, schema_origin
from .schema import SCHEMA
from .schema_validate import validator

SOURCE = "https://github.com/serverless/serverless/blob/v3.39.0/lib/plugins/aws/provider.js"


def _remove_nulls(node, removed: list, seen: set) -> None:
    """Serverless removes null-valued keys before validating and puts them back after.

    Appends each ``(mapping, key)`` removed to ``removed``, in document order.
    """
    ident = id(node)
    if ident in seen:  # YAML aliases can share a node, even with its own ancestor
        return
    seen.add(ident)
    values = node.values() if isinstance(node, dict) else node
    nulls = False
    for value in values:
        if type(value) is str:
            continue
        if value is None:
            nulls = True
        elif isinstance(value, (dict, list)):
            _remove_nulls(value, removed, seen)
    if nulls and isinstance(node, dict):
        for key in [k for k, v in node.items() if v is None]:
            removed.append((node, key))
            del node[key]


def check_schema(config: dict, mode: str = "warn") -> list[Diagnostic]:
    """Validate and coerce ``config`` in place; return the problems as diagnostics.

    ``mode`` is ``configValidationMode``: ``warn`` (Serverless's default) reports
    warnings, ``error`` reports errors, ``off`` coerces but reports nothing.
    """
    removed: list = []
    _remove_nulls(config, removed, set())
    errors: list = []
    validator(SCHEMA)(config, (), None, None, errors)
    for holder, key in removed:
        holder[key] = None  # back, at the end of its mapping, as Serverless's _.set does
    if mode == "off":
        return []
    severity = ERROR if mode == "error" else WARNING
    # Serverless stops with its own code in error mode (lib/classes/config-schema-handler); it
    # has none for the warnings.
    code = "INVALID_NON_SCHEMA_COMPLIANT_CONFIGURATION" if mode == "error" else "CONFIG_SCHEMA"
    seen: set = set()
    out: list[Diagnostic] = []
    for error in errors:
        if error.dropped:
            continue
        where = ".".join(str(p) for p in error.path)
        message = f"at '{where}': {error.message}" if where else f"at root: {error.message}"
        if message in seen:
            continue
        seen.add(message)
        path = error.path
        if error.keyword == "additionalProperties":
            path = path + (message.rsplit("'", 2)[-2],)
        out.append(Diagnostic(code, severity, message, path, source=SOURCE, origin=schema_origin(error.keyword),
                              reason="CONFIG_SCHEMA"))
    return out
