"""JavaScript's reading of text as a number (``+text``), on which Ajv's coercion and Serverless's
``Number(timeout)`` rest: a `timeout: ' 31 '` or `'0x1F'` is 31 seconds to Serverless and `'1_000'` no
number at all (tests/conformance/cases/835-timeout-odd-strings holds what Serverless wrote for them).

The expected values are what Node 20 printed for ``+text`` (``node -e 'console.log(+process.argv[1])'``):
ECMAScript's StringToNumber, https://tc39.es/ecma262/#sec-stringtonumber.
"""

from __future__ import annotations

import math

import pytest

from wizard.jsvalues import js_number, js_to_number

NODE = [
    (" 31 ", 31), ("0x1F", 31), ("0X1f", 31), ("1_000", "NaN"), ("  ", 0), ("", 0), ("Infinity", "Infinity"),
    ("-Infinity", "-Infinity"), ("+Infinity", "Infinity"), ("inf", "NaN"), ("NaN", "NaN"), ("0o17", 15), ("0b11", 3),
    ("-0x1F", "NaN"), ("+0x1F", "NaN"), ("1e400", "Infinity"), ("-1e400", "-Infinity"), (".5", 0.5), ("5.", 5),
    ("\u0663\u0661", "NaN"), ("\u00a031\u2028", 31), ("\ufeff7\u3000", 7), ("+12", 12), ("0x", "NaN"), ("1e", "NaN"),
    ("e5", "NaN"), ("1.5e3", 1500), ("0x1g", "NaN"), ("00012", 12), ("-0", "-0"), ("1 2", "NaN"), ("\u200b5", "NaN"),
    ("0b2", "NaN"), ("1e-400", 0), ("12abc", "NaN"), ("\u0663", "NaN"),
]


def _as_node_prints(value: float):
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    if value == 0 and math.copysign(1, value) < 0:
        return "-0"
    return value


@pytest.mark.parametrize("text,expected", NODE, ids=[repr(t) for t, _ in NODE])
def test_text_reads_as_node_reads_it(text, expected):
    assert _as_node_prints(js_to_number(text)) == expected


@pytest.mark.parametrize("value,expected", [
    (None, 0), (True, 1), (False, 0), (7, 7), (2.5, 2.5), ([], 0), ([" 12 "], 12), (["1", "2"], "NaN"), ({}, "NaN"),
    ("0b101", 5), (10**400, "Infinity"),
])
def test_number_of_a_yaml_value_is_node_s(value, expected):
    # Number(null) 0, Number([]) 0, Number([' 12 ']) 12, Number(['1','2']) NaN, Number({}) NaN (Node 20).
    assert _as_node_prints(js_number(value)) == expected
