"""Values that Serverless compiles the same however they are written, kept as the file wrote them.

A form rebuilds what it edits from its fields: the route dialog writes ``GET`` where the
file has ``get``, ``authorizer: {name: jwt}`` where it has ``authorizer: jwt``, a list of
one audience where it has a string. ``conform`` takes the model as the file was loaded
(``before``) and the model now (``after``), both as the mappings serverless.yml holds,
and returns ``after`` written in ``before``'s forms wherever the two compile alike, so
that an edit changes only what the user changed. Where the new value needs a form the
old one cannot hold (scopes on a short ``authorizer: jwt``), only that value changes form.

Each rule cites Serverless v3.39.0's compile of the HTTP API (lib/plugins/aws/package/
compile/events/http-api.js) as /work/shared/reference/serverless-httpapi.md quotes it.
"""

from __future__ import annotations

import json
from difflib import SequenceMatcher

from ..jsvalues import js_string

_EVENT = ("functions", "*", "events", "*", "httpApi")
_METHOD = _EVENT + ("method",)
_ROUTE_AUTHORIZER = _EVENT + ("authorizer",)
_AUTHORIZER = ("provider", "httpApi", "authorizers", "*")
_CORS = ("provider", "httpApi", "cors")

# Written out or left out, the same. An empty list is not among them: ``[]`` is true in
# JavaScript, so ``scopes: []`` and ``allowedOrigins: []`` are emitted as empty lists.
_DEFAULTS = {
    ("provider", "httpApi", "metrics"): False,  # DetailedMetricsEnabled: metrics || false
    ("provider", "httpApi", "payload"): "2.0",  # PayloadFormatVersion: fn payload || provider payload || '2.0'
    _CORS + ("allowCredentials",): False,  # set to true only if truthy; false is never emitted
    _AUTHORIZER + ("managedExternally",): False,  # the permission is added when !managedExternally
    _AUTHORIZER + ("payloadVersion",): "2.0",  # payloadVersion: cfg.payloadVersion || '2.0'
}
# One value or a list of it, the same: toSet(v) (Array.isArray(v) ? v : [v]) for audience,
# the CORS lists and scopes; IdentitySource: Array.isArray(src) ? src : [src].
_ONE_OR_MANY = frozenset(
    tuple(_CORS + (key,) for key in ("allowedOrigins", "allowedHeaders", "allowedMethods", "exposedResponseHeaders"))
    + (_ROUTE_AUTHORIZER + ("scopes",), _AUTHORIZER + ("identitySource",), _AUTHORIZER + ("audience",)))


def _pattern(path: tuple) -> tuple:
    """``path`` with the names and indexes the rules do not care about replaced by ``*``."""
    if len(path) > 1 and path[0] == "functions":
        path = ("functions", "*") + path[2:]
        if len(path) > 3 and path[2] == "events":
            path = path[:3] + ("*",) + path[4:]
    elif len(path) > 3 and path[:3] == ("provider", "httpApi", "authorizers"):
        path = path[:3] + ("*",) + path[4:]
    return path


def _method(value):
    """The method as the route key has it: String(method).toUpperCase(), '*' meaning ANY."""
    if not isinstance(value, str):
        return value
    upper = value.upper()
    return "ANY" if upper == "*" else upper


def _absent(value, pattern: tuple) -> bool:
    """``value`` compiles as if the key were not written."""
    if value is None:
        return True
    if pattern in _DEFAULTS:
        return value == _DEFAULTS[pattern]
    if pattern == _AUTHORIZER + ("type",):
        return value != "request"  # type === 'request' makes a Lambda authorizer; anything else JWT
    return False


def _event_parts(value) -> dict | None:
    """An httpApi event as ``{method, path, authorizer}``; None when Serverless cannot read it."""
    if isinstance(value, dict):
        return value
    if not isinstance(value, str):
        return None
    if value == "*":
        return {"path": "*"}
    method, sep, path = value.partition(" ")
    if not sep or not path.startswith("/") or any(c.isspace() for c in path):
        return None
    return {"method": method, "path": path}


def _event(before, after):
    """The event in ``before``'s form: the string ``'GET /x'`` while it can hold the route."""
    old, new = _event_parts(before), _event_parts(after)
    if old is None or new is None:
        return after
    method = new.get("method")
    if old.get("method") is not None and _method(old.get("method")) == _method(method):
        method = old.get("method")
    path = new.get("path")
    rest = {k: v for k, v in new.items() if k not in ("method", "path") and v is not None}
    if isinstance(before, str) and not rest and isinstance(path, str):
        if path == "*" and method in (None, "*"):
            return "*"
        if isinstance(method, str) and method and path.startswith("/") and not any(c.isspace() for c in path):
            return f"{method} {path}"
    out = {}
    if method is not None:
        out["method"] = method
    if path is not None:
        out["path"] = path
    out.update(rest)
    return out


def _route_authorizer(before, after):
    """``authorizer: name`` stays short while only the name is set."""
    if isinstance(before, str) and isinstance(after, dict):
        named = {k: v for k, v in after.items() if not _absent(v, _ROUTE_AUTHORIZER + (k,))}
        if list(named) == ["name"] and isinstance(named["name"], str):
            return named["name"]
    if isinstance(before, dict) and isinstance(after, str):
        return {"name": after}
    return after


def conform(before, after, path: tuple = ()):
    """``after`` written in ``before``'s forms wherever the two compile the same."""
    if before == after:
        return before
    pattern = _pattern(path)
    if pattern == _EVENT:
        after = _event(before, after)
    elif pattern == _ROUTE_AUTHORIZER:
        after = _route_authorizer(before, after)
    elif pattern == _METHOD:
        return before if _method(before) == _method(after) else after
    elif pattern in _ONE_OR_MANY:
        if isinstance(after, list) and not isinstance(before, list) and len(after) == 1:
            after = after[0]
        elif isinstance(before, list) and not isinstance(after, (list, type(None))):
            after = [after]
    elif _absent(before, pattern) and _absent(after, pattern):
        return before
    if before == after:
        return before
    if isinstance(before, dict) and isinstance(after, dict):
        return _conform_mapping(before, after, path)
    if isinstance(before, list) and isinstance(after, list):
        return _conform_list(before, after, path)
    return after


def _conform_mapping(before: dict, after: dict, path: tuple) -> dict:
    out = {}
    for key, value in after.items():
        if key in before:
            out[key] = conform(before[key], value, path + (key,))
        elif not _absent(value, _pattern(path + (key,))):
            out[key] = value  # a default the file leaves out stays out
    for key, value in before.items():
        if key not in after and _absent(value, _pattern(path + (key,))):
            out[key] = value  # a default the file spells out stays written
    return out


def _conform_list(before: list, after: list, path: tuple) -> list:
    if len(before) == len(after):
        return [conform(old, new, path + (i,)) for i, (old, new) in enumerate(zip(before, after, strict=True))]
    # Items added or removed: pair the others (unchanged ones compare equal) and conform the pairs.
    def keys(items):
        return [json.dumps(item, sort_keys=True, default=js_string) for item in items]

    out: list = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, keys(before), keys(after), autojunk=False).get_opcodes():
        if tag == "replace" and i2 - i1 == j2 - j1:
            out.extend(conform(before[i1 + k], after[j1 + k], path + (i1 + k,)) for k in range(j2 - j1))
        else:
            out.extend(after[j1:j2])
    return out
