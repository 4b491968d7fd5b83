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

import re

from ..diagnostics import ERROR, WARNING, Diagnostic
from ..jsvalues import js_string
from .schema import DEFINITIONS, SCHEMA

SOURCE = "https://github.com/serverless/serverless/blob/v3.39.0/lib/plugins/aws/provider.js"


def _is_event_path(path: tuple) -> bool:
    """``functions.<name>.events.<n>``: where Serverless words anyOf failures as events."""
    return len(path) == 4 and path[0] == "functions" and path[2] == "events" and isinstance(path[3], int)
_patterns: dict[str, re.Pattern] = {}


def _pattern(text: str) -> re.Pattern:
    compiled = _patterns.get(text)
    if compiled is None:
        compiled = _patterns[text] = re.compile(text)
    return compiled


class _Error:
    __slots__ = ("path", "message", "keyword")

    def __init__(self, path: tuple, message: str, keyword: str) -> None:
        self.path = path
        self.message = message
        self.keyword = keyword


_TYPE_NAMES = {type(None): "null", bool: "boolean", int: "integer", str: "string", list: "array", dict: "object"}


def _js_type(value) -> str:
    name = _TYPE_NAMES.get(type(value))
    if name is not None:
        return name
    if isinstance(value, float):
        return "integer" if value.is_integer() else "number"
    if isinstance(value, str):
        return "string"
    return "object"


def _matches_type(value, wanted: str) -> bool:
    actual = _js_type(value)
    return actual == wanted or (wanted == "number" and actual == "integer")


_NO = object()


def _coerce(value, wanted: str):
    """Ajv's coercion of a scalar to ``wanted``; ``_NO`` when it does not apply."""
    actual = _js_type(value)
    if wanted == "string":
        if actual in ("integer", "number", "boolean"):
            return js_string(value)
        if actual == "null":
            return ""
    elif wanted in ("number", "integer"):
        if actual == "boolean":
            return 1 if value else 0
        if actual == "null":
            return 0
        if actual == "string" and value != "":
            try:
                number = float(value.strip()) if value.strip() == value else None
            except ValueError:
                number = None
            if number is not None and number == number and abs(number) != float("inf"):
                if wanted == "integer" and not number.is_integer():
                    return _NO
                return int(number) if number.is_integer() else number
    elif wanted == "boolean":
        if value in ("true", "false"):
            return value == "true"
        if actual in ("integer", "number") and value in (0, 1):
            return bool(value)
        if actual == "null":
            return False
    elif wanted == "null":
        if value in ("", 0, False) and not isinstance(value, (list, dict)):
            return None
    elif wanted == "array":
        if actual in ("string", "integer", "number", "boolean", "null"):
            return [value]
    return _NO


_dispatch_cache: dict[int, dict | None] = {}


def _dispatch(branches: list) -> dict | None:
    """For an anyOf whose branches each require one distinct key (the function events),
    the branch for each key: only that branch can pass, so only it needs checking."""
    cached = _dispatch_cache.get(id(branches), False)
    if cached is not False:
        return cached
    table: dict | None = {}
    for branch in branches:
        required = branch.get("required") if isinstance(branch, dict) else None
        if branch.get("type") != "object" or not required or len(required) != 1 or required[0] in table:
            table = None
            break
        table[required[0]] = branch
    _dispatch_cache[id(branches)] = table
    return table


class _Validator:
    def __init__(self) -> None:
        self.errors: list[_Error] = []

    def resolve(self, schema: dict) -> dict:
        ref = schema.get("$ref")
        while ref is not None:
            schema = DEFINITIONS[ref.rsplit("/", 1)[-1]]
            ref = schema.get("$ref")
        return schema

    def dispatched(self, value: dict, table: dict, path: tuple, holder, slot):
        """anyOf by key: check the one branch the value's key selects."""
        if len(value) == 1:
            branch = table.get(next(iter(value)))
            if branch is not None:
                return self.validate(value, branch, path, holder, slot)
        if not any(key in value for key in table):
            self.errors.append(_Error(path, "unsupported function event", "anyOf"))
            return value
        for key in value:  # several event keys: report the first known one's problems
            if key in table:
                return self.validate(value, table[key], path, holder, slot)
        return value

    def validate(self, value, schema: dict, path: tuple, holder, slot):
        """Check ``value`` (stored at ``holder[slot]``); returns the possibly coerced value."""
        schema = self.resolve(schema)
        if not schema:
            return value
        wanted = schema.get("type")
        if wanted is not None:
            types = wanted if isinstance(wanted, list) else [wanted]
            actual = _js_type(value)
            if actual not in types and not (actual == "integer" and "number" in types):
                coerced = _NO
                if isinstance(value, list) and len(value) == 1 and "array" not in types:
                    candidate = value[0]
                    if any(_matches_type(candidate, t) for t in types):
                        coerced = candidate
                    else:
                        value = candidate
                if coerced is _NO:
                    for t in types:
                        coerced = _coerce(value, t)
                        if coerced is not _NO:
                            break
                if coerced is _NO:
                    self.errors.append(_Error(path, f"must be {','.join(types)}", "type"))
                    return value
                value = coerced
                if holder is not None:
                    holder[slot] = value
        if "const" in schema and value != schema["const"]:
            self.errors.append(_Error(path, "must be equal to constant", "const"))
        if "enum" in schema and value not in schema["enum"]:
            allowed = schema["enum"]
            message = "must be equal to one of the allowed values"
            if all(isinstance(a, str) for a in allowed):
                message += f" [{', '.join(allowed)}]"
            self.errors.append(_Error(path, message, "enum"))
        if isinstance(value, str):
            self.strings(value, schema, path)
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            if "minimum" in schema and value < schema["minimum"]:
                self.errors.append(_Error(path, f"must be >= {schema['minimum']}", "minimum"))
            if "maximum" in schema and value > schema["maximum"]:
                self.errors.append(_Error(path, f"must be <= {schema['maximum']}", "maximum"))
        elif isinstance(value, dict):
            self.mapping(value, schema, path)
        elif isinstance(value, list):
            self.sequence(value, schema, path)
        if "anyOf" in schema:
            branches = schema["anyOf"]
            table = _dispatch(branches) if isinstance(value, dict) else None
            if table is not None and _is_event_path(path):
                value = self.dispatched(value, table, path, holder, slot)
            else:
                value = self.alternatives(value, branches, path, holder, slot, exactly_one=False)
        if "oneOf" in schema:
            value = self.alternatives(value, schema["oneOf"], path, holder, slot, exactly_one=True)
        return value

    def strings(self, value: str, schema: dict, path: tuple) -> None:
        if "minLength" in schema and len(value) < schema["minLength"]:
            self.errors.append(_Error(path, f"must NOT have fewer than {schema['minLength']} characters", "minLength"))
        if "maxLength" in schema and len(value) > schema["maxLength"]:
            self.errors.append(_Error(path, f"must NOT have more than {schema['maxLength']} characters", "maxLength"))
        if "pattern" in schema and not _pattern(schema["pattern"]).search(value):
            self.errors.append(_Error(path, f"value '{value}' does not satisfy pattern {schema['pattern']}", "pattern"))

    def mapping(self, value: dict, schema: dict, path: tuple) -> None:
        for name in schema.get("required", ()):
            if name not in value:
                self.errors.append(_Error(path, f"must have required property '{name}'", "required"))
        properties = schema.get("properties", {})
        patterns = schema.get("patternProperties", {})
        additional = schema.get("additionalProperties", True)
        for key in list(value):
            child = value[key]
            if child is None:
                continue  # Serverless drops null-valued keys before validating
            sub = path + (key,)
            matched = False
            if key in properties:
                matched = True
                child = self.validate(child, properties[key], sub, value, key)
            for pattern, sub_schema in patterns.items():
                if _pattern(pattern).search(key):
                    matched = True
                    child = self.validate(child, sub_schema, sub, value, key)
            if matched:
                continue
            if additional is False:
                if path == ("functions",):
                    self.errors.append(_Error(path, f"name '{key}' must be alphanumeric", "additionalProperties"))
                else:
                    self.errors.append(_Error(path, f"unrecognized property '{key}'", "additionalProperties"))
            elif isinstance(additional, dict):
                self.validate(child, additional, sub, value, key)

    def sequence(self, value: list, schema: dict, path: tuple) -> None:
        if "minItems" in schema and len(value) < schema["minItems"]:
            self.errors.append(_Error(path, f"must NOT have fewer than {schema['minItems']} items", "minItems"))
        if "maxItems" in schema and len(value) > schema["maxItems"]:
            self.errors.append(_Error(path, f"must NOT have more than {schema['maxItems']} items", "maxItems"))
        items = schema.get("items")
        if items is not None:
            for index, child in enumerate(value):
                self.validate(child, items, path + (index,), value, index)

    def alternatives(self, value, branches: list, path: tuple, holder, slot, exactly_one: bool):
        outer = self.errors
        passed = 0
        failures: list[list[_Error]] = []
        for branch in branches:
            branch = self.resolve(branch)
            if isinstance(value, dict) and branch.get("required") and any(r not in value for r in branch["required"]):
                failures.append([_Error(path, "", "required")])
                continue
            self.errors = []
            value = self.validate(value, branch, path, holder, slot)
            if holder is not None:
                value = holder[slot]
            if self.errors:
                failures.append(self.errors)
            else:
                passed += 1
                if not exactly_one:
                    break
        self.errors = outer
        if passed == 1 or (passed and not exactly_one):
            return value
        if passed > 1:
            outer.append(_Error(path, "must match exactly one schema in oneOf", "oneOf"))
            return value
        self.explain(value, branches, failures, path)
        return value

    def explain(self, value, branches: list, failures: list, path: tuple) -> None:
        """Keep only the errors of the branch the user evidently meant (as Serverless does)."""
        meaningful = [f for f in failures if not all(e.keyword == "required" for e in f)]
        if _is_event_path(path):
            if meaningful:
                self.errors.extend(meaningful[0])
            else:
                self.errors.append(_Error(path, "unsupported function event", "anyOf"))
            return
        deeper = [f for f in meaningful if not (len(f) == 1 and f[0].keyword in ("type", "const") and f[0].path == path)]
        if len(deeper) == 1:
            self.errors.extend(deeper[0])
            return
        if all(self.resolve(b).get("const") is not None for b in branches):
            self.errors.append(_Error(path, "unsupported value", "anyOf"))
        else:
            self.errors.append(_Error(path, "unsupported configuration format", "anyOf"))


def _remove_nulls(node, path: tuple, seen=None) -> list:
    """Serverless removes null-valued keys before validating and puts them back after."""
    seen = set() if seen is None else seen
    if id(node) in seen:
        return []
    seen.add(id(node))
    removed: list = []
    if isinstance(node, dict):
        for key in list(node):
            value = node[key]
            if value is None:
                removed.append((node, key))
                del node[key]
            elif isinstance(value, (dict, list)):
                removed.extend(_remove_nulls(value, path + (key,), seen))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            if isinstance(value, (dict, list)):
                removed.extend(_remove_nulls(value, path + (index,), seen))
    return removed


def check_schema(config: dict, mode: str = "warn") -> list[Diagnostic]:
    """Validate and coerce ``config`` in place; return the problems as diagnostics.

    ``mode`` is ``configValidationMode``: ``warn`` (Serverless's default) reports
    warnings, ``error`` reports errors, ``off`` coerces but reports nothing.
    """
    removed = _remove_nulls(config, ())
    validator = _Validator()
    validator.validate(config, SCHEMA, (), None, None)
    for holder, key in removed:
        holder[key] = None  # back, at the end of its mapping, as Serverless's _.set does
    if mode == "off":
        return []
    severity = ERROR if mode == "error" else WARNING
    seen: set = set()
    out: list[Diagnostic] = []
    for error in validator.errors:
        where = ".".join(str(p) for p in error.path)
        message = f"at '{where}': {error.message}" if where else f"at root: {error.message}"
        if message in seen:
            continue
        seen.add(message)
        path = error.path
        if error.keyword == "additionalProperties":
            path = path + (message.rsplit("'", 2)[-2],)
        out.append(Diagnostic("CONFIG_SCHEMA", severity, message, path, source=SOURCE))
    return out
