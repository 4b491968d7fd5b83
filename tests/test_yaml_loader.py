"""js-yaml 4 semantics (what Serverless reads), not PyYAML's YAML 1.1, plus CloudFormation tags."""

from __future__ import annotations

import pytest

from wizard.diagnostics import PipelineError
from wizard.jsvalues import JsDate
from wizard.loading.yaml_loader import load_yaml

# Each value is what js-yaml 4.3.2 with Serverless's CloudFormation schema gives
# (checked with node against the npm serverless@3.39.0 install).
SCALARS = [
    ("yes", "yes"),
    ("on", "on"),
    ("NO", "NO"),
    ("0755", 755),
    ("0o17", 15),
    ("0x1F", 31),
    ("-0b11", -3),
    ("1_000", "1_000"),
    ("1.0", 1),
    ("2.50", 2.5),
    ("1e3", 1000),
    (".5", 0.5),
    ("true", True),
    ("False", False),
    ("~", None),
    ("Null", None),
    ("", None),
    # js-yaml makes a Date, which Serverless writes as its ISO string: a str that knows it was a date
    ("2020-01-01", JsDate("2020-01-01T00:00:00.000Z")),
    ("2001-12-14t21:59:43.10-05:00", JsDate("2001-12-15T02:59:43.100Z")),
    ("12345678901234567890", 12345678901234567000),
    (".inf", None),
    ("'0755'", "0755"),
    ('"yes"', "yes"),
    ("a:b", "a:b"),
]


@pytest.mark.parametrize("text,expected", SCALARS)
def test_scalars_follow_js_yaml(text, expected):
    value, _ = load_yaml(f"v: {text}\n")
    assert value["v"] == expected
    assert type(value["v"]) is type(expected)


def test_cloudformation_short_tags_become_long_form():
    value, _ = load_yaml(
        "a: !Ref X\n"
        "b: !GetAtt A.B.C\n"
        "c: !Sub 'x-${AWS::Region}'\n"
        "d: !Join ['', [a, !Ref B]]\n"
        "e: !If [cond, !Ref A, !Ref AWS::NoValue]\n"
        "f: !Select [0, !GetAZs '']\n"
        "g: !Condition IsProd\n"
        "h: !Base64 {Fn::Sub: x}\n"
        "i: !Cidr [!GetAtt V.CidrBlock, 6, 5]\n"
        "j: !FindInMap [M, !Ref R, k]\n"
        "k: !ImportValue shared\n"
        "l: !And [!Equals [a, b], !Not [!Condition C], !Or [x, y]]\n"
        "m: !Split [',', 'a,b']\n"
    )
    assert value["a"] == {"Ref": "X"}
    assert value["b"] == {"Fn::GetAtt": ["A", "B.C"]}
    assert value["c"] == {"Fn::Sub": "x-${AWS::Region}"}
    assert value["d"] == {"Fn::Join": ["", ["a", {"Ref": "B"}]]}
    assert value["e"] == {"Fn::If": ["cond", {"Ref": "A"}, {"Ref": "AWS::NoValue"}]}
    assert value["f"] == {"Fn::Select": [0, {"Fn::GetAZs": ""}]}
    assert value["g"] == {"Condition": "IsProd"}
    assert value["h"] == {"Fn::Base64": {"Fn::Sub": "x"}}
    assert value["i"] == {"Fn::Cidr": [{"Fn::GetAtt": ["V", "CidrBlock"]}, 6, 5]}
    assert value["j"] == {"Fn::FindInMap": ["M", {"Ref": "R"}, "k"]}
    assert value["k"] == {"Fn::ImportValue": "shared"}
    assert value["l"] == {"Fn::And": [{"Fn::Equals": ["a", "b"]}, {"Fn::Not": [{"Condition": "C"}]}, {"Fn::Or": ["x", "y"]}]}
    assert value["m"] == {"Fn::Split": [",", "a,b"]}


def test_tagged_aliases_are_not_confused():
    value, _ = load_yaml("a: &x !Ref A\nb: *x\nc: !Join [':', [p, !GetAtt B.Arn]]\nd: !Join [':', [q, !Ref C]]\n")
    assert value["b"] == {"Ref": "A"}
    assert value["c"] == {"Fn::Join": [":", ["p", {"Fn::GetAtt": ["B", "Arn"]}]]}
    assert value["d"] == {"Fn::Join": [":", ["q", {"Ref": "C"}]]}


def test_merge_keys_and_integer_key_order():
    value, _ = load_yaml("base: &b {x: 1, y: 2}\nm:\n  <<: *b\n  y: 3\nn:\n  b: 1\n  '10': 2\n  '2': 3\n")
    assert value["m"] == {"x": 1, "y": 3}
    assert list(value["n"]) == ["2", "10", "b"]  # JS objects list integer keys first


def test_positions_are_kept():
    _, source_map = load_yaml("a:\n  b:\n    - c: 1\n")
    assert source_map.locate(("a", "b", 0, "c")) == ("serverless.yml", 3, 7)
    assert source_map.locate(("a", "b", 0, "c", "missing")) == ("serverless.yml", 3, 7)


@pytest.mark.parametrize(
    "text,line,column,words",
    [
        ("a: 1\na: 2\n", 2, 1, "duplicated mapping key"),
        ("a: [1,\n", 2, 1, "expected"),
        ("a: !Foo x\n", 1, 4, "unknown tag"),
        ("a:\n\tb: 1\n", 2, 1, "tab"),
    ],
)
def test_bad_yaml_is_located(text, line, column, words):
    with pytest.raises(PipelineError) as info:
        load_yaml(text, "svc.yml")
    (diagnostic,) = info.value.diagnostics
    assert (diagnostic.file, diagnostic.line, diagnostic.column) == ("svc.yml", line, column)
    assert words in diagnostic.message


# js-yaml 4.3.2 with Serverless's schema (run with node against the serverless@3.39.0 install):
# its reason for each shape, which Serverless prints after `Cannot parse "serverless.yml": `,
# and its line:column. Ours is js-yaml's place except where the comment says why not.
JS_YAML_REASONS = [
    ("a:\n  b: 1\n   c: 2\n", "bad indentation of a mapping entry", (3, 5)),
    ("a: x: y\n", "bad indentation of a mapping entry", (1, 5)),
    ("a:\n  - x\n  b: 1\n", "bad indentation of a mapping entry", (3, 3)),
    ("a:\n  b: 1\n c: 2\n", "bad indentation of a mapping entry", (3, 2)),
    ('a: "x" y\n', "bad indentation of a mapping entry", (1, 8)),
    ("a:\n  b: 1\n  - c\n", "bad indentation of a mapping entry", (3, 3)),
    ("a: b\n- c\n", "end of the stream or a document separator is expected", (2, 1)),
    ("a:\n\tb: 1\n", "tab characters must not be used in indentation", (2, 1)),
    ("a: 1\n\tb: 2\n", "tab characters must not be used in indentation", (2, 1)),
    ("a: 1\na: 2\n", "duplicated mapping key", (2, 1)),
    ("{a: 1, a: 2}\n", "duplicated mapping key", (1, 8)),
    ("tags: {\n  a: 1\n  b: 2\n}\n", "missed comma between flow collection entries", (3, 4)),
    ("tags: {a: 1 b: 2}\n", "missed comma between flow collection entries", (1, 14)),
    ("service: s\nprovider: [\n", "unexpected end of the stream within a flow collection", (3, 1)),
    # js-yaml: the end of the file (3:1, 2:1, 2:1); ours: the quote or bracket never closed.
    ('a: "x\nb: 1\n', "unexpected end of the stream within a double quoted scalar", (1, 4)),
    ("a: 'x\nb: 1\n", "unexpected end of the stream within a single quoted scalar", (1, 4)),
    ("a: {x: 1\n", "unexpected end of the stream within a flow collection", (1, 4)),
    # js-yaml: past the alias or the tagged node (1:9, 3:1); ours: the alias or tag to change.
    ("a: *nope\n", 'unidentified alias "nope"', (1, 4)),
    ("a: !Foo\n  b: 1\n", "unknown tag !<!Foo>", (1, 4)),
]


@pytest.mark.parametrize("text,reason,where", JS_YAML_REASONS)
def test_bad_yaml_is_worded_as_js_yaml(text, reason, where):
    with pytest.raises(PipelineError) as info:
        load_yaml(text, "svc.yml")
    (diagnostic,) = info.value.diagnostics
    assert diagnostic.code == "CONFIGURATION_PARSE_ERROR"
    assert diagnostic.message.split("; ", 1)[0] == reason  # our own words, if any, follow "; "
    assert (diagnostic.file, diagnostic.line, diagnostic.column) == ("svc.yml", *where)


# What js-yaml 4.3.2 with Serverless's schema gives for explicit tags (run with node against
# the serverless@3.39.0 install, then through JSON as lib/configuration/read.js copies it);
# tests/conformance/cases/083, 140 and 141 are the same through the real `serverless package`.
EXPLICIT = [
    ("!!set {b, a, 2}", {"2": None, "b": None, "a": None}),
    ("!!set", {}),
    ("!!pairs [x: 1, y: 2, x: 3]", [["x", 1], ["y", 2], ["x", 3]]),
    ("!!pairs", []),
    ("!!pairs [!Ref x]", [["Ref", "x"]]),
    ("!!omap [x: 1, y: 2]", [{"x": 1}, {"y": 2}]),
    ("!!binary aGVsbG8=", {"0": 104, "1": 101, "2": 108, "3": 108, "4": 111}),
    ("!!binary |\n  AAEC\n  /w==", {"0": 0, "1": 1, "2": 2, "3": 255}),
    ("!!binary ''", {"0": 0, "1": 0, "2": 0}),  # js-yaml's tail branch runs on nothing
    ("!!binary ====", {"0": 0, "1": 0, "2": 0}),
    ("!!null", None),
    ("!!map", {}),
    ("!!seq", []),
    ("!!str", ""),
    ("!Ref", {"Ref": None}),
    ("!GetAtt", {"Fn::GetAtt": None}),
    ('!Sub ""', {"Fn::Sub": ""}),
]


@pytest.mark.parametrize("tagged, value", EXPLICIT)
def test_explicit_tags_build_what_js_yaml_builds(tagged, value):
    assert load_yaml(f"a: {tagged}\n")[0] == {"a": value}


@pytest.mark.parametrize("tagged, column", [
    ('!!null ""', 4), ("!!null ''", 4), ("!!set {x: 1}", 4), ("!!pairs [x]", 4), ("!!pairs [a: 1, {b: 2, c: 3}]", 4),
    ("!!omap [x: 1, x: 2]", 4), ("!!omap [{}]", 4), ("!!binary aGVsbG", 4), ("!!binary aGVs bG8=", 4),
    ("!!binary =", 4), ("!!binary", 4), ("!!int", 4), ("!!bool", 4), ("!!float", 4), ("!!timestamp", 4),
])
def test_explicit_tags_js_yaml_cannot_resolve_are_a_parse_error(tagged, column):
    with pytest.raises(PipelineError) as caught:
        load_yaml(f"a: {tagged}\n")
    (d,) = caught.value.diagnostics
    tag = tagged.split()[0].removeprefix("!!")
    assert (d.code, d.reason, d.line, d.column) == ("CONFIGURATION_PARSE_ERROR", "YAML_SYNTAX", 1, column)
    assert d.message == f"cannot resolve a node with !<tag:yaml.org,2002:{tag}> explicit tag"


@pytest.mark.parametrize("tagged", ["!!set []", "!!pairs {}", "!!omap {a: 1}", "!!seq {a: 1}", "!!map [a]"])
def test_a_collection_tag_on_the_other_kind_is_an_unknown_tag(tagged):
    with pytest.raises(PipelineError) as caught:
        load_yaml(f"a: {tagged}\n")
    assert caught.value.diagnostics[0].message == f"unknown tag !<tag:yaml.org,2002:{tagged.split()[0][2:]}>"


def test_an_anchor_defined_again_names_the_later_node():
    # js-yaml 4.3.2 (Serverless's reader) keeps the latest node of an anchor; libyaml refuses
    # the file ("found duplicate anchor"), so the loader parses it again where it may repeat.
    value, source_map = load_yaml("a: &x 1\nb: &x [2]\nc: *x\nd: &x {k: 3}\ne: *x\n")
    assert value == {"a": 1, "b": [2], "c": [2], "d": {"k": 3}, "e": {"k": 3}}
    assert value["c"] is value["b"]  # an alias shares the node, as a JS object is shared
    assert source_map.locate(("d", "k")) == ("serverless.yml", 4, 8)
