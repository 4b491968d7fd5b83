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

from ..jsvalues import js_string, js_to_number
from .schema import DEFINITIONS


class SchemaError:
    """One of Ajv's errors: where, its message, its keyword and the schema node that holds the
    keyword (Ajv's ``parentSchema``, whose type words an anyOf failure). ``dropped`` is set when
    Serverless's normalize-ajv-errors.js would leave the error out: an error stays in the list
    so that an enclosing anyOf judges its variants on all of Ajv's errors, as Serverless does."""

    __slots__ = ("path", "message", "keyword", "schema", "dropped")

    def __init__(self, path: tuple, message: str, keyword: str, schema: dict | None = None) -> None:
        self.path = path
        self.message = message
        self.keyword = keyword
        self.schema = schema
        self.dropped = False


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
            # Ajv: `data && data == +data` (and `!(data % 1)` for an integer): JS's reading of the text, so
            # " 31 ", "0x1F" and "" + blanks are numbers and "1_000" is not; Infinity passes both.
            number = js_to_number(value)
            if number != number:
                return _NO
            if abs(number) == _INF:
                return number
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
    if not schema:
        return _accept
    wanted = schema.get("type")
    types = None if wanted is None else tuple(wanted) if isinstance(wanted, list) else (wanted,)
    accepted = None if types is None else frozenset(types + (("integer",) if "number" in types else ()))
    type_message = None if types is None else f"must be {','.join(types)}"
    # Ajv checks (and coerces) a coercible type before any other keyword; a node typed "object"
    # alone, with object keywords, says "must be object" after its untyped keywords, in its
    # object group (coerceAndCheckDataType in ajv/lib/compile/validate/dataType.ts).
    late_type = types == ("object",) and any(k in schema for k in _OBJECT_KEYWORDS)
    has_const = "const" in schema
    const = schema.get("const")
    enum = schema.get("enum")
    enum_message = None
    if enum is not None:
        enum_message = "must be equal to one of the allowed values"
        if all(isinstance(a, str) for a in enum):
            enum_message += f" [{', '.join(enum)}]"
    refused = schema.get("not")
    strings = _string_check(schema)
    numbers = _number_check(schema)
    mapping = _mapping_check(schema)
    sequence = _sequence_check(schema)
    if accepted is not None:  # a value that passed the type check can only be of these kinds
        strings = strings if "string" in accepted else None
        numbers = numbers if "integer" in accepted else None
        mapping = mapping if "object" in accepted else None
        sequence = sequence if "array" in accepted else None
    any_of = _alternatives_check(schema, "anyOf") if "anyOf" in schema else None
    one_of = _alternatives_check(schema, "oneOf") if "oneOf" in schema else None
    if any_of is not None and len(schema) == 1:
        return any_of  # a bare anyOf (most event and CloudFormation values): nothing else to check

    def check_shape(value, path, holder, slot, errors):
        """The common node: a type and what a value of that type must satisfy."""
        if accepted is not None and (_TYPE_NAMES.get(type(value)) or _js_type(value)) not in accepted:
            ok, value = _coerce_types(value, types)
            if not ok:
                errors.append(SchemaError(path, type_message, "type", schema))
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

    if has_const or enum is not None or refused is not None or any_of is not None or one_of is not None:

        def check(value, path, holder, slot, errors):
            """A node with untyped keywords: Ajv judges them before the typed ones (and allErrors
            judges them even on a value of the wrong type: `logRetentionInDays: !Ref X` is
            "must be number" and not in the enum)."""
            wrong_type = False
            if accepted is not None and (_TYPE_NAMES.get(type(value)) or _js_type(value)) not in accepted:
                ok, value = _coerce_types(value, types)
                if not ok:
                    wrong_type = True
                    if not late_type:
                        errors.append(SchemaError(path, type_message, "type", schema))
                elif holder is not None:
                    holder[slot] = value
            if has_const and value != const:
                errors.append(SchemaError(path, "must be equal to constant", "const", schema))
            if enum is not None and value not in enum:
                errors.append(SchemaError(path, enum_message, "enum", schema))
            if refused is not None:
                probe: list = []  # the refused schema's own errors are what make this pass
                validator(refused)(value, path, None, None, probe)
                if not probe:
                    errors.append(SchemaError(path, "must NOT be valid", "not", schema))
            if any_of is not None:
                value = any_of(value, path, holder, slot, errors)
            if one_of is not None:
                value = one_of(value, path, holder, slot, errors)
            if wrong_type:
                if late_type:
                    errors.append(SchemaError(path, type_message, "type", schema))
                return value
            if accepted is not None and (_TYPE_NAMES.get(type(value)) or _js_type(value)) not in accepted:
                return value  # a variant unwrapped a one-item list: Ajv's typed groups pass the item by
            return check_shape(value, path, None, None, errors)  # the typed keywords, on a value of the type

        return check

    return check_shape


# Keywords of Ajv's object group: with one of them, a node typed "object" reports its type there.
_OBJECT_KEYWORDS = ("properties", "patternProperties", "additionalProperties", "required", "maxProperties",
                    "minProperties", "propertyNames", "dependencies")


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
        if max_length is not None and len(value) > max_length:
            errors.append(SchemaError(path, f"must NOT have more than {max_length} characters", "maxLength", schema))
        if min_length is not None and len(value) < min_length:
            errors.append(SchemaError(path, f"must NOT have fewer than {min_length} characters", "minLength", schema))
        if pattern is not None and not pattern.search(value):
            errors.append(SchemaError(path, pattern_failure.format(value), "regexp" if regexp else "pattern", schema))

    return strings


def _number_check(schema: dict):
    minimum = schema.get("minimum")
    maximum = schema.get("maximum")
    if minimum is None and maximum is None:
        return None

    def numbers(value, path: tuple, errors: list) -> None:
        if value in (_INF, -_INF):
            return  # only a string coerced to Infinity gets here: strictNumbers checks ranges on finite numbers only
        if maximum is not None and value > maximum:
            errors.append(SchemaError(path, f"must be <= {maximum}", "maximum", schema))
        if minimum is not None and value < minimum:
            errors.append(SchemaError(path, f"must be >= {minimum}", "minimum", schema))

    return numbers


def _mapping_check(schema: dict):
    most = schema.get("maxProperties")
    required = tuple(schema.get("required", ()))
    properties = schema.get("properties", {})
    additional = schema.get("additionalProperties", True)
    patterns = [(re.compile(p), s) for p, s in schema.get("patternProperties", {}).items()]
    if not (most is not None or required or properties or patterns or additional is False or isinstance(additional, dict)):
        return None  # nothing to check, nothing to coerce
    place = {name: index for index, name in enumerate(properties)}
    property_checks: dict = {}
    pattern_checks: list = [None] * len(patterns)
    additional_check = validator(additional) if isinstance(additional, dict) else None
    judges_additional = additional is False or additional_check is not None

    def mapping(value: dict, path: tuple, errors: list) -> None:
        """Ajv's order: maxProperties, required, the keys no property or pattern names (in the
        file's order), the properties (in the schema's order), then each pattern's keys."""
        if most is not None and len(value) > most:
            errors.append(SchemaError(path, f"must NOT have more than {most} properties", "maxProperties", schema))
        for name in required:
            if name not in value:
                errors.append(SchemaError(path, f"must have required property '{name}'", "required", schema))
        if judges_additional:
            for key in list(value):
                if key in place or (patterns and any(pattern.search(key) for pattern, _ in patterns)):
                    continue
                if additional_check is not None:
                    child = value[key]
                    if child is not None:  # Serverless drops null-valued keys before validating
                        additional_check(child, path + (key,), value, key, errors)
                elif path == ("functions",):
                    errors.append(SchemaError(path, f"name '{key}' must be alphanumeric", "additionalProperties", schema))
                else:
                    errors.append(SchemaError(path, f"unrecognized property '{key}'", "additionalProperties", schema))
        if place:
            present = [key for key in value if key in place]
            if len(present) > 1:
                present.sort(key=place.__getitem__)
            for key in present:
                child = value[key]
                if child is None:
                    continue
                check = property_checks.get(key)
                if check is None:
                    check = property_checks[key] = validator(properties[key])
                check(child, path + (key,), value, key, errors)
        for index, (pattern, sub_schema) in enumerate(patterns):
            for key in list(value):
                if not pattern.search(key):
                    continue
                child = value[key]
                if child is None:
                    continue
                check = pattern_checks[index]
                if check is None:
                    check = pattern_checks[index] = validator(sub_schema)
                check(child, path + (key,), value, key, errors)

    return mapping


def _sequence_check(schema: dict):
    min_items = schema.get("minItems")
    max_items = schema.get("maxItems")
    items = schema.get("items")
    if min_items is None and max_items is None and items is None:
        return None
    item_check = None if items is None else validator(items)

    def sequence(value: list, path: tuple, errors: list) -> None:
        if max_items is not None and len(value) > max_items:
            errors.append(SchemaError(path, f"must NOT have more than {max_items} items", "maxItems", schema))
        if min_items is not None and len(value) < min_items:
            errors.append(SchemaError(path, f"must NOT have fewer than {min_items} items", "minItems", schema))
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


def _alternatives_check(schema: dict, keyword: str):
    """``schema``'s anyOf or oneOf: every variant's errors are kept, flagged as Serverless
    would leave them out or show them (:func:`_judge`)."""
    branches = schema[keyword]
    exactly_one = keyword == "oneOf"
    resolved = [resolve(b) for b in branches]
    checks: list = [None] * len(branches)
    table = None if exactly_one else _event_table(branches)

    def alternatives(value, path: tuple, holder, slot, errors: list):
        if table is not None and isinstance(value, dict) and is_event_path(path):
            return _dispatched(value, table, path, holder, slot, errors)
        passed = 0
        failures: list[tuple[int, list]] = []
        for index, variant in enumerate(resolved):
            check = checks[index]
            if check is None:
                check = checks[index] = validator(variant)
            branch_errors: list = []
            # What the branch returns, not what the holder holds: a failed branch may have
            # unwrapped a one-item list without writing it back, and Ajv's next branches see the item.
            value = check(value, path, holder, slot, branch_errors)
            if branch_errors:
                failures.append((index, branch_errors))
            else:
                passed += 1
                if not exactly_one:
                    break
        if passed == 1 or (passed and not exactly_one):
            return value  # Ajv resets the variants' errors
        if is_event_path(path):
            # A function event that is not a mapping: its first variant's complaint ("must be object").
            errors.extend(failures[0][1] if failures else [SchemaError(path, "unsupported function event", keyword, schema)])
            return value
        _judge(failures, resolved, SchemaError(path, "", keyword, schema), errors)
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
    # Several keys: normalize-ajv-errors.js keeps the first variant, in the schema's order (not the item's),
    # whose key is there, and of its errors only those about the item itself (the keys it does not take):
    # `- schedule: ...` with `httpApi: ...` under it is "unrecognized property 'httpApi'" whichever comes first.
    key = next(key for key in table if key in value)
    found: list = []
    value = validator(table[key])(value, path, holder, slot, found)
    about_item = [e for e in found if tuple(e.path) == tuple(path)]
    errors.extend(about_item or found)
    return value


def _judge(failures: list, resolved: list, root: SchemaError, errors: list) -> None:
    """Which of a failed anyOf's errors Serverless shows, as normalize-ajv-errors.js decides
    (its filterIrrelevantAnyOfErrors, 2.2.4 to 2.2.8), and the words of the anyOf's own error.

    Of several failed variants, those whose one error is the variant's own type are left out,
    then those whose errors do not reach deepest into the value; one variant left shows its
    errors, several leave the anyOf's error alone, worded by the schema type their errors
    share ("unsupported string format", "unsupported value" for consts). The judgement reads
    every error of each variant, also those an inner anyOf left out: Serverless judges each
    anyOf on the whole list Ajv returned.
    """
    path = root.path
    variants = [(index, found) for index, found in failures]
    if len(variants) > 1:
        kept = []
        for index, found in variants:
            only = found[0]
            if len(found) == 1 and only.keyword == "type" and only.schema is resolved[index] and only.path == path:
                only.dropped = True
            else:
                kept.append((index, found))
        variants = kept
    if len(variants) > 1:
        depths = [max(len(e.path) for e in found) for _, found in variants]
        deepest = max(depths)
        for (_, found), depth in zip(variants, depths, strict=True):
            if depth < deepest:
                _drop(found)
        variants = [v for v, depth in zip(variants, depths, strict=True) if depth == deepest]
    common = None
    if len(variants) == 1:
        root.dropped = True
    else:
        for _, found in variants:
            kinds = {_kind(e.schema) for e in found}
            _drop(found)
            if len(kinds) == 1:
                common = next(iter(kinds))  # the last variant with one kind decides, as in Serverless
    if common == "const":
        root.message = "unsupported value"
    elif common:
        root.message = f"unsupported {common} format"
    else:
        root.message = "unsupported configuration format"
    for _, found in failures:
        errors.extend(found)
    errors.append(root)


def _drop(found: list) -> None:
    for error in found:
        error.dropped = True


def _kind(schema: dict | None):
    """What normalize-ajv-errors.js calls an error's type: "const" for a node with a (truthy)
    const, else the node's `type` (a list of types prints joined by commas)."""
    if schema is None:
        return None
    const = schema.get("const")
    if isinstance(const, (list, dict)) or const:
        return "const"
    kind = schema.get("type")
    return ",".join(kind) if isinstance(kind, list) else kind


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
