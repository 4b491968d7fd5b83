"""Ajv's checks and coercions for the schema, compiled into one closure per schema node.

Interpreting the schema dict for every value cost a dozen key lookups per value (a
quarter of a 1000-route compile); a node's closure has them decided once. Nodes are
compiled on first use and cached by identity: a config reaches a small part of the
schema, and the CLI compiles once per process, so compiling all of it would cost more
than it saves. A check is ``check(value, path, holder, slot, errors) -> value``: it
appends problems to ``errors``, writes a coerced value back to ``holder[slot]`` and
returns the value the caller should go on with.
"""

from __future__ import annotations

import re

from ..jsvalues import js_string
from .schema import DEFINITIONS


class SchemaError:
    __slots__ = ("path", "message", "keyword")

    def __init__(self, path: tuple, message: str, keyword: str) -> None:
        self.path = path
        self.message = message
        self.keyword = keyword


def is_event_path(path: tuple) -> bool:
    """``functions.<name>.events.<n>``: where Serverless words anyOf failures as events."""
    return len(path) == 4 and path[0] == "functions" and path[2] == "events" and isinstance(path[3], int)


_INF = float("inf")
_TYPE_NAMES = {type(None): "null", bool: "boolean", int: "integer", str: "string", list: "array", dict: "object"}


def _js_type(value) -> str:
    name = _TYPE_NAMES.get(type(value))
    if name is not None:
        return name
    if isinstance(value, float):
        if value != value or value in (_INF, -_INF):
            return "non-finite"  # Serverless's Ajv runs with strictNumbers: NaN and Infinity are not numbers
        return "integer" if value.is_integer() else "number"
    if isinstance(value, str):
        return "string"
    return "object"


def _matches_type(value, wanted: str) -> bool:
    actual = _js_type(value)
    return actual == wanted or (wanted == "number" and actual == "integer")


_NO = object()
# What JS's Number() reads as Infinity (Python's float() also takes "inf", "nan", "1_0").
_JS_INFINITE = re.compile(r"[+-]?(?:Infinity|(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?)\Z")


def _coerce(value, wanted: str):
    """Ajv's coercion of a scalar to ``wanted``; ``_NO`` when it does not apply."""
    actual = _js_type(value)
    if wanted == "string":
        if actual in ("integer", "number", "boolean", "non-finite"):
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
            if number is not None and abs(number) == _INF:
                # Ajv coerces with `x == +x`: "2e308" and "Infinity" are Infinity to JS.
                return number if _JS_INFINITE.match(value) else _NO
            if number is not None and number == number:
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


# Ajv coerces only to these (coerceTypes: 'array' adds "array"); a node typed "object" alone
# reports a wrong type as it is, without unwrapping a one-item list (ajv/lib/compile/validate/dataType.ts).
_COERCIBLE = frozenset(("string", "number", "integer", "boolean", "null", "array"))


def _coerce_types(value, types: tuple):
    """``(True, coerced)`` or ``(False, value)``.

    A one-item list is unwrapped first when a coercible type is wanted; when nothing
    coerces, the unwrapped item is returned: Ajv has reassigned its local ``data`` to it,
    and the later branches of an enclosing anyOf see the item (the list stays in the
    config), which is how ``onError: [!Ref Topic]`` passes the schema unchanged.
    """
    if not any(t in _COERCIBLE for t in types):
        return False, value
    coerced = _NO
    if isinstance(value, list) and len(value) == 1:
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
        return False, value
    return True, coerced


def resolve(schema: dict) -> dict:
    ref = schema.get("$ref")
    while ref is not None:
        schema = DEFINITIONS[ref.rsplit("/", 1)[-1]]
        ref = schema.get("$ref")
    return schema


# id(schema) -> (schema, check); the schema is kept so that its id cannot be reused.
_compiled: dict[int, tuple] = {}


def validator(schema: dict):
    """The check for ``schema``, compiled on first use."""
    entry = _compiled.get(id(schema))
    if entry is None or entry[0] is not schema:
        entry = _compiled[id(schema)] = (schema, _compile(resolve(schema)))
    return entry[1]


def _accept(value, path, holder, slot, errors):
    return value


def _compile(schema: dict):
    check = _compile_node(schema)
    refused = schema.get("not")
    most = schema.get("maxProperties")
    if refused is None and most is None:
        return check

    def check_more(value, path, holder, slot, errors):
        value = check(value, path, holder, slot, errors)
        if most is not None and isinstance(value, dict) and len(value) > most:
            errors.append(SchemaError(path, f"must NOT have more than {most} properties", "maxProperties"))
        if refused is not None:
            probe: list = []  # the refused schema's own errors are what make this pass
            validator(refused)(value, path, None, None, probe)
            if not probe:
                errors.append(SchemaError(path, "must NOT be valid", "not"))
        return value

    return check_more


def _compile_node(schema: dict):
    if not schema:
        return _accept
    wanted = schema.get("type")
    types = None if wanted is None else tuple(wanted) if isinstance(wanted, list) else (wanted,)
    accepted = None if types is None else frozenset(types + (("integer",) if "number" in types else ()))
    type_message = None if types is None else f"must be {','.join(types)}"
    has_const = "const" in schema
    const = schema.get("const")
    enum = schema.get("enum")
    enum_message = None
    if enum is not None:
        enum_message = "must be equal to one of the allowed values"
        if all(isinstance(a, str) for a in enum):
            enum_message += f" [{', '.join(enum)}]"
    strings = _string_check(schema)
    numbers = _number_check(schema)
    mapping = _mapping_check(schema)
    sequence = _sequence_check(schema)
    if accepted is not None:  # a value that passed the type check can only be of these kinds
        strings = strings if "string" in accepted else None
        numbers = numbers if "integer" in accepted else None
        mapping = mapping if "object" in accepted else None
        sequence = sequence if "array" in accepted else None
    any_of = _alternatives_check(schema["anyOf"], exactly_one=False) if "anyOf" in schema else None
    one_of = _alternatives_check(schema["oneOf"], exactly_one=True) if "oneOf" in schema else None
    if any_of is not None and len(schema) == 1:
        return any_of  # a bare anyOf (most event and CloudFormation values): nothing else to check
    # The kinds are disjoint (a bool is not a number here), so each test stands alone.
    if has_const or enum is not None or any_of is not None or one_of is not None:

        def check(value, path, holder, slot, errors):
            if accepted is not None and (_TYPE_NAMES.get(type(value)) or _js_type(value)) not in accepted:
                ok, value = _coerce_types(value, types)
                if not ok:
                    # allErrors: const, enum, anyOf and oneOf still judge the value
                    # (`logRetentionInDays: !Ref X` is "must be number" and not in the enum).
                    errors.append(SchemaError(path, type_message, "type"))
                elif holder is not None:
                    holder[slot] = value
            if has_const and value != const:
                errors.append(SchemaError(path, "must be equal to constant", "const"))
            if enum is not None and value not in enum:
                errors.append(SchemaError(path, enum_message, "enum"))
            if strings is not None and isinstance(value, str):
                strings(value, path, errors)
            if numbers is not None and isinstance(value, (int, float)) and not isinstance(value, bool):
                numbers(value, path, errors)
            if mapping is not None and isinstance(value, dict):
                mapping(value, path, errors)
            if sequence is not None and isinstance(value, list):
                sequence(value, path, errors)
            if any_of is not None:
                value = any_of(value, path, holder, slot, errors)
            if one_of is not None:
                value = one_of(value, path, holder, slot, errors)
            return value

        return check

    def check_shape(value, path, holder, slot, errors):
        """The common node: a type and what a value of that type must satisfy."""
        if accepted is not None and (_TYPE_NAMES.get(type(value)) or _js_type(value)) not in accepted:
            ok, value = _coerce_types(value, types)
            if not ok:
                errors.append(SchemaError(path, type_message, "type"))
                return value
            if holder is not None:
                holder[slot] = value
        if strings is not None and isinstance(value, str):
            strings(value, path, errors)
        if numbers is not None and isinstance(value, (int, float)) and not isinstance(value, bool):
            numbers(value, path, errors)
        if mapping is not None and isinstance(value, dict):
            mapping(value, path, errors)
        if sequence is not None and isinstance(value, list):
            sequence(value, path, errors)
        return value

    return check_shape


def _string_check(schema: dict):
    min_length = schema.get("minLength")
    max_length = schema.get("maxLength")
    regexp = "regexp" in schema  # Serverless's own keyword (regexp-keyword.js), worded its way
    pattern_text = schema.get("regexp") if regexp else schema.get("pattern")
    if min_length is None and max_length is None and pattern_text is None:
        return None
    pattern = None if pattern_text is None else re.compile(pattern_text)
    if pattern_text is None:
        pattern_failure = ""
    elif regexp:
        pattern_failure = "value '{}' does not satisfy pattern " + _as_js(pattern_text).replace("{", "{{").replace("}", "}}")
    else:
        # Ajv's own message: the pattern as the schema writes it, in double quotes.
        pattern_failure = 'must match pattern "' + _js_source(pattern_text)[0].replace("{", "{{").replace("}", "}}") + '"'

    def strings(value: str, path: tuple, errors: list) -> None:
        if min_length is not None and len(value) < min_length:
            errors.append(SchemaError(path, f"must NOT have fewer than {min_length} characters", "minLength"))
        if max_length is not None and len(value) > max_length:
            errors.append(SchemaError(path, f"must NOT have more than {max_length} characters", "maxLength"))
        if pattern is not None and not pattern.search(value):
            errors.append(SchemaError(path, pattern_failure.format(value), "regexp" if regexp else "pattern"))

    return strings


def _number_check(schema: dict):
    minimum = schema.get("minimum")
    maximum = schema.get("maximum")
    if minimum is None and maximum is None:
        return None

    def numbers(value, path: tuple, errors: list) -> None:
        if value in (_INF, -_INF):
            return  # only a string coerced to Infinity gets here: strictNumbers checks ranges on finite numbers only
        if minimum is not None and value < minimum:
            errors.append(SchemaError(path, f"must be >= {minimum}", "minimum"))
        if maximum is not None and value > maximum:
            errors.append(SchemaError(path, f"must be <= {maximum}", "maximum"))

    return numbers


def _mapping_check(schema: dict):
    required = tuple(schema.get("required", ()))
    properties = schema.get("properties", {})
    additional = schema.get("additionalProperties", True)
    patterns = [(re.compile(p), s) for p, s in schema.get("patternProperties", {}).items()]
    if not (required or properties or patterns or additional is False or isinstance(additional, dict)):
        return None  # nothing to check, nothing to coerce
    property_checks: dict = {}
    pattern_checks: list = [None] * len(patterns)
    additional_check = validator(additional) if isinstance(additional, dict) else None

    def mapping(value: dict, path: tuple, errors: list) -> None:
        for name in required:
            if name not in value:
                errors.append(SchemaError(path, f"must have required property '{name}'", "required"))
        for key in list(value):
            child = value[key]
            if child is None:
                continue  # Serverless drops null-valued keys before validating
            sub = path + (key,)
            matched = False
            if key in properties:
                matched = True
                check = property_checks.get(key)
                if check is None:
                    check = property_checks[key] = validator(properties[key])
                child = check(child, sub, value, key, errors)
            if patterns:
                for index, (pattern, sub_schema) in enumerate(patterns):
                    if pattern.search(key):
                        matched = True
                        check = pattern_checks[index]
                        if check is None:
                            check = pattern_checks[index] = validator(sub_schema)
                        child = check(child, sub, value, key, errors)
            if matched:
                continue
            if additional is False:
                if path == ("functions",):
                    errors.append(SchemaError(path, f"name '{key}' must be alphanumeric", "additionalProperties"))
                else:
                    errors.append(SchemaError(path, f"unrecognized property '{key}'", "additionalProperties"))
            elif additional_check is not None:
                additional_check(child, sub, value, key, errors)

    return mapping


def _sequence_check(schema: dict):
    min_items = schema.get("minItems")
    max_items = schema.get("maxItems")
    items = schema.get("items")
    if min_items is None and max_items is None and items is None:
        return None
    item_check = None if items is None else validator(items)

    def sequence(value: list, path: tuple, errors: list) -> None:
        if min_items is not None and len(value) < min_items:
            errors.append(SchemaError(path, f"must NOT have fewer than {min_items} items", "minItems"))
        if max_items is not None and len(value) > max_items:
            errors.append(SchemaError(path, f"must NOT have more than {max_items} items", "maxItems"))
        if item_check is not None:
            for index, child in enumerate(value):
                item_check(child, path + (index,), value, index, errors)

    return sequence


def _event_table(branches: list) -> dict | None:
    """For an anyOf whose branches each require one distinct key (the function events),
    the branch for each key: only that branch can pass, so only it needs checking."""
    table: dict | None = {}
    for branch in branches:
        required = branch.get("required") if isinstance(branch, dict) else None
        if branch.get("type") != "object" or not required or len(required) != 1 or required[0] in table:
            return None
        table[required[0]] = branch
    return table


def _alternatives_check(branches: list, exactly_one: bool):
    """anyOf (``exactly_one`` False) or oneOf, with Serverless's choice of errors to keep."""
    resolved = [resolve(b) for b in branches]
    requires = [tuple(b.get("required") or ()) for b in resolved]
    checks: list = [None] * len(branches)
    all_const = all(b.get("const") is not None for b in resolved)
    table = None if exactly_one else _event_table(branches)

    def alternatives(value, path: tuple, holder, slot, errors: list):
        if table is not None and isinstance(value, dict) and is_event_path(path):
            return _dispatched(value, table, path, holder, slot, errors)
        passed = 0
        failures: list[list[SchemaError]] = []
        is_mapping = isinstance(value, dict)
        for index, required in enumerate(requires):
            if is_mapping and required and any(r not in value for r in required):
                failures.append([SchemaError(path, "", "required")])
                continue
            check = checks[index]
            if check is None:
                check = checks[index] = validator(resolved[index])
            branch_errors: list = []
            # What the branch returns, not what the holder holds: a failed branch may have
            # unwrapped a one-item list without writing it back, and Ajv's next branches see the item.
            value = check(value, path, holder, slot, branch_errors)
            is_mapping = isinstance(value, dict)
            if branch_errors:
                failures.append(branch_errors)
            else:
                passed += 1
                if not exactly_one:
                    break
        if passed == 1 or (passed and not exactly_one):
            return value
        if passed > 1:
            errors.append(SchemaError(path, "must match exactly one schema in oneOf", "oneOf"))
            return value
        _explain(failures, path, all_const, errors)
        return value

    return alternatives


def _dispatched(value: dict, table: dict, path: tuple, holder, slot, errors: list):
    """anyOf by key: check the one branch the value's key selects."""
    if len(value) == 1:
        branch = table.get(next(iter(value)))
        if branch is not None:
            return validator(branch)(value, path, holder, slot, errors)
    if not any(key in value for key in table):
        errors.append(SchemaError(path, "unsupported function event", "anyOf"))
        return value
    for key in value:  # several event keys: report the first known one's problems
        if key in table:
            return validator(table[key])(value, path, holder, slot, errors)
    return value


def _explain(failures: list, path: tuple, all_const: bool, errors: list) -> None:
    """Keep only the errors of the branch the user evidently meant (as Serverless does)."""
    meaningful = [f for f in failures if not all(e.keyword == "required" for e in f)]
    if is_event_path(path):
        if meaningful:
            errors.extend(meaningful[0])
        else:
            errors.append(SchemaError(path, "unsupported function event", "anyOf"))
        return
    deeper = [f for f in meaningful if not (len(f) == 1 and f[0].keyword in ("type", "const") and f[0].path == path)]
    if len(deeper) > 1:
        # Of several variants, the ones whose errors reach deepest into the value (2.2.5.2).
        depths = [max(len(e.path) for e in f) for f in deeper]
        deeper = [f for f, depth in zip(deeper, depths, strict=True) if depth == max(depths)]
    if len(deeper) == 1:
        errors.extend(deeper[0])
        return
    if all_const:
        errors.append(SchemaError(path, "unsupported value", "anyOf"))
    else:
        errors.append(SchemaError(path, "unsupported configuration format", "anyOf"))


# Our spellings of JS classes (see wizard/model/schema.py), turned back into JS's.
_JS_CLASSES = (
    ("[^\\t\\n\\x0b\\x0c\\r \\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff]", "\\S"),
    ("\\t\\n\\x0b\\x0c\\r \\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff", "\\s"),
    ("[^\\n\\r\\u2028\\u2029]", "."),
    ("\\x7f", "\x7f"),  # the schema's JS string writes \\u007f: the pattern holds the character
    ("\\Z", "$"),
)


def _js_source(pattern: str) -> tuple[str, str]:
    """``(source, flags)`` of the JS RegExp our Python ``pattern`` translates."""
    flags = ""
    while pattern.startswith("(?"):
        group = pattern[2:pattern.index(")")]
        flags += group.replace("a", "")
        pattern = pattern[pattern.index(")") + 1:]
    for ours, theirs in _JS_CLASSES:
        pattern = pattern.replace(ours, theirs)
    return pattern, flags


def _as_js(pattern: str) -> str:
    """The pattern as Serverless prints a regexp keyword's (/source/flags)."""
    source, flags = _js_source(pattern)
    return f"/{source}/{flags}"
