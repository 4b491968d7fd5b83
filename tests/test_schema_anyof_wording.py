"""How a failed anyOf is reported: the rule of Serverless v3.39.0's
lib/classes/config-schema-handler/normalize-ajv-errors.js (filterIrrelevantAnyOfErrors and
improveMessages), on schemas made for the purpose. The conformance cases 0408 and 0501-0504,
1501-1502 hold the same rule to the real `serverless package` on Serverless's own schema.
"""

from __future__ import annotations

from wizard.model.schema_validate import validator


def shown(schema: dict, value) -> list[tuple[tuple, str]]:
    errors: list = []
    validator(schema)(value, ("x",), None, None, errors)
    return [(e.path, e.message) for e in errors if not e.dropped]


PATTERN_A = {"type": "string", "pattern": "^a"}
PATTERN_B = {"type": "string", "pattern": "^b"}


def test_variants_failing_alike_name_their_common_type():
    assert shown({"anyOf": [PATTERN_A, PATTERN_B]}, "c") == [(("x",), "unsupported string format")]
    assert shown({"anyOf": [{"const": "a"}, {"const": "b"}]}, "c") == [(("x",), "unsupported value")]
    integers = {"anyOf": [{"type": "integer", "minimum": 5}, {"type": "integer", "maximum": 1}]}
    assert shown(integers, 3) == [(("x",), "unsupported integer format")]


def test_the_last_variant_with_one_type_decides_the_words():
    # 2.2.8 sets commonType for each variant left whose errors share one type: the last wins.
    assert shown({"anyOf": [PATTERN_A, {"const": "b"}]}, "c") == [(("x",), "unsupported value")]
    assert shown({"anyOf": [{"const": "b"}, PATTERN_A]}, "c") == [(("x",), "unsupported string format")]
    # A variant whose errors come from nodes of two types leaves the words to the others.
    mixed = {"type": "object", "properties": {"a": {"type": "integer"}}, "required": ["b"]}
    assert shown({"anyOf": [mixed, mixed]}, {"a": "z"})[-1] == (("x",), "unsupported configuration format")


def test_a_variant_refused_only_for_its_own_type_is_left_out():
    # Of [integer, string pattern], "b" is no integer: the string variant alone is shown.
    assert shown({"anyOf": [{"type": "integer"}, PATTERN_A]}, "b") == [(("x",), 'must match pattern "^a"')]
    # Every variant refused for its type: the anyOf's own error, with no common type.
    assert shown({"anyOf": [{"type": "object"}, {"type": "boolean"}]}, 5) == [
        (("x",), "unsupported configuration format")]
    # A type error deeper in a variant (here an inner anyOf's) does not leave the variant out:
    # two variants stay, and the anyOf's error is shown instead of the pattern's (worded by the
    # string variant, the inner anyOf's errors being of two kinds: object and untyped).
    nested = {"anyOf": [{"anyOf": [{"type": "object"}]}, PATTERN_A]}
    assert shown(nested, "b") == [(("x",), "unsupported string format")]


def test_the_variant_whose_errors_reach_deepest_is_shown_alone():
    deep = {"type": "object", "properties": {"a": {"type": "integer"}}}
    shallow = {"type": "object", "required": ["b"]}
    assert shown({"anyOf": [shallow, deep]}, {"a": "z"}) == [(("x", "a"), "must be integer")]
    # A missing required property is an error like any other: one variant left shows it.
    assert shown({"anyOf": [{"type": "string"}, shallow]}, {"a": 1}) == [
        (("x",), "must have required property 'b'")]


def test_errors_follow_ajvs_order_not_the_files():
    schema = {
        "type": "object",
        "properties": {"first": {"type": "integer"}, "second": {"type": "boolean"}},
        "additionalProperties": False,
    }
    # Unknown keys first (in the file's order), then the properties in the schema's order.
    assert shown(schema, {"second": "maybe", "zz": 1, "first": "one", "aa": 2}) == [
        (("x",), "unrecognized property 'zz'"), (("x",), "unrecognized property 'aa'"),
        (("x", "first"), "must be integer"), (("x", "second"), "must be boolean")]
