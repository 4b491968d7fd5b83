"""Route logical ids follow lodash's case mapping, which is JavaScript's, not Python's.

naming.js normalizePathPart is ``_.upperFirst(_.capitalize(part)...)``: the whole segment
is lowercased with JS ``toLowerCase`` first, then the first *symbol* (a letter with its
combining marks, a ZWJ sequence: lodash's unicodeToArray) is uppercased with
``toUpperCase``, whose full mapping can change a letter's length. Expected values are what
serverless v3.39.0's own naming.js returns (node, lodash 4.18.1); the whole routes are
pinned by tests/conformance/cases/0301-route-ids-js-case-mapping.
"""

from __future__ import annotations

import pytest

from wizard.compiling import naming


@pytest.mark.parametrize(
    ("segment", "normalized"),
    [
        ("İstanbul", "Istanbul"),  # U+0130 lowercases to i + U+0307, whose upper is I + U+0307
        ("\u212aelvin", "Kelvin"),  # the Kelvin sign lowercases to ASCII k
        ("ẞig", "SSig"),  # U+1E9E lowercases to ß, which uppercases to SS
        ("{İd}", "IdVar"),  # the brace is the first symbol: İ only loses its dot in the rest
        ("ǅungla", "Ungla"),  # titlecase DŽ: lower dž, upper DŽ, not ASCII: dropped
        ("a\u200dß", "ASS"),  # a ZWJ sequence is one symbol: ß is uppercased with the a
        ("e\u0301x", "Ex"),
        ("ﬀ", "FF"),  # the ff ligature uppercases to two letters
        ("USERS", "Users"),
    ],
)
def test_path_part_uses_javascript_case_mapping(segment, normalized):
    assert naming.normalize_path_part(segment) == normalized


def test_route_logical_id_of_a_path_with_a_kelvin_sign():
    assert naming.http_api_route_logical_id("GET /\u212aelvin/ẞ") == "HttpApiRouteGetKelvinSS"


def test_function_names_upper_first_by_symbol():
    assert naming.upper_first("ßfn") == "SSfn"
    assert naming.normalize_function_name("a\u200dßx") == "A\u200dSSx"
