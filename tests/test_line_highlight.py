"""The preview's colours: each line on its own, never losing or moving a character."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from wizard.tui.widgets.line_highlight import json_tokens, yaml_tokens


@given(st.text(max_size=80))
def test_pieces_put_back_together_are_the_line(line):
    for tokenize in (json_tokens, yaml_tokens):
        assert "".join(text for text, _ in tokenize(line)) == line


def kinds(pieces):
    return [(text, kind) for text, kind in pieces if kind]


def test_yaml_values_are_coloured_as_yaml_reads_them():
    assert kinds(yaml_tokens("  region: us-east-1  # where")) == [
        ("region", "key"), (":", "punct"), ("us-east-1", "string"), ("# where", "comment")]
    assert kinds(yaml_tokens("  memorySize: 1024")) == [("memorySize", "key"), (":", "punct"), ("1024", "number")]
    assert kinds(yaml_tokens("    cors: true")) == [("cors", "key"), (":", "punct"), ("true", "literal")]
    assert kinds(yaml_tokens("      TABLE: !Ref Table")) == [("TABLE", "key"), (":", "punct"), ("!Ref", "tag"), ("Table", "string")]
    assert kinds(yaml_tokens("      - httpApi: GET /a#b")) == [("httpApi", "key"), (":", "punct"), ("GET /a#b", "string")]
    assert kinds(yaml_tokens("  # a comment")) == [("  # a comment", "comment")]


def test_json_keys_and_values():
    assert kinds(json_tokens('    "Timeout": 6,')) == [('"Timeout"', "key"), (":", "punct"), ("6", "number"), (",", "punct")]
    assert kinds(json_tokens('  "A": "x: \\"y\\"", "B": [true, null]')) == [
        ('"A"', "key"), (":", "punct"), ('"x: \\"y\\""', "string"), (",", "punct"), ('"B"', "key"), (":", "punct"),
        ("[", "punct"), ("true", "literal"), (",", "punct"), ("null", "literal"), ("]", "punct")]
