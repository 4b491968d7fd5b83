"""``resources:`` is merged with lodash ``_.merge`` (merge-custom-provider-resources.js).

On a JS array a mapping's keys are property names: integer-like ones assign by index,
others are array properties JSON.stringify leaves out. New keys of an object take JS's
order: integer-like keys first, ascending. Case 0305 pins the same from serverless v3.39.0.
"""

from __future__ import annotations

from wizard.compiling.merge import lodash_merge
from wizard.jsvalues import js_assign


def test_a_mapping_over_a_list_assigns_by_index():
    assert lodash_merge(["a", "b"], {"1": "X"}) == ["a", "X"]
    assert lodash_merge([{"k": 1}, {"k": 2}], {"0": {"j": 0}}) == [{"k": 1, "j": 0}, {"k": 2}]


def test_an_index_past_the_end_leaves_holes_and_other_keys_are_dropped():
    assert lodash_merge(["a"], {"3": "d", "01": "x", "-1": "y", "name": "z"}) == ["a", None, None, "d"]


def test_setting_length_truncates():
    assert lodash_merge(["a", "b", "c"], {"length": 1}) == ["a"]


def test_new_integer_like_keys_go_first_in_a_mapping():
    merged = lodash_merge({"Type": "T", "Properties": {}}, {"7": 1, "Type": "U", "2": 0})
    assert list(merged) == ["2", "7", "Type", "Properties"]
    assert merged["Type"] == "U"


def test_object_assign_orders_integer_like_keys_first():
    merged = js_assign({"b": 1, "2": 2, "a": 3}, {"c": 4, "1": 5, "b": 6})
    assert list(merged.items()) == [("1", 5), ("2", 2), ("b", 6), ("a", 3), ("c", 4)]


def test_strict_equality_is_javascripts():
    """``===``: what Serverless compares two pools, or a statement's Resource with another's, by."""
    from wizard.jsvalues import js_strict_equal

    shared = {"Fn::GetAtt": ["Key", "Arn"]}
    assert js_strict_equal("*", "*") and js_strict_equal(1, 1.0) and js_strict_equal(shared, shared)
    assert not js_strict_equal({"a": 1}, {"a": 1})  # two objects, however alike
    assert not js_strict_equal(1, "1") and not js_strict_equal(True, 1) and not js_strict_equal([], [])
