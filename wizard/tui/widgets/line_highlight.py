"""Syntax colours for one line of YAML or JSON, on its own.

The preview only ever draws the lines on screen; colouring each from its own text keeps
a keystroke's cost independent of the template's size. YAML's multi-line constructs
(block scalars, flow collections over several lines) are coloured as plain lines.
"""

from __future__ import annotations

import re

# Token kinds: key, string, number, literal (true/false/null), tag (!Ref), comment, punct.
_JSON = re.compile(
    r'(?P<key>"(?:[^"\\]|\\.)*")(?=\s*:)'
    r'|(?P<string>"(?:[^"\\]|\\.)*")'
    r"|(?P<number>-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)"
    r"|(?P<literal>\b(?:true|false|null)\b)"
    r"|(?P<punct>[{}\[\],:])"
)

_YAML_KEY = re.compile(r"""(?P<indent>\s*(?:-\s+)*)(?P<key>"(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s#'"\-{\[][^:#]*?|-[^\s:#][^:#]*?)(?P<colon>:)(?=\s|$)""")
_YAML_COMMENT = re.compile(r"(?:(?<=\s)|^)#.*$")
_YAML_NUMBER = re.compile(r"[-+]?(?:\d[\d_]*(?:\.\d*)?(?:[eE][-+]?\d+)?|\.inf|\.nan|0x[0-9a-fA-F]+|0o[0-7]+)\Z")
_YAML_LITERAL = re.compile(r"(?:true|false|null|True|False|Null|TRUE|FALSE|NULL|~)\Z")
_YAML_TAG = re.compile(r"(![\w:!]*)(\s*)")


def json_tokens(line: str) -> list[tuple[str, str | None]]:
    """(text, kind) pieces of a JSON line; kind None is plain text."""
    return _split(line, _JSON)


def yaml_tokens(line: str) -> list[tuple[str, str | None]]:
    """(text, kind) pieces of a YAML line; kind None is plain text."""
    if line.lstrip().startswith("#"):
        return [(line, "comment")]
    match = _YAML_KEY.match(line)
    if match is not None:
        return [(match.group("indent"), None), (match.group("key"), "key"), (":", "punct")] + _yaml_value(line[match.end():])
    dash = re.match(r"\s*(?:-(?=\s|$)\s*)+", line)
    if dash is not None:
        return [(dash.group(), "punct")] + _yaml_value(line[dash.end():])
    return _yaml_value(line)


def _yaml_value(text: str) -> list[tuple[str, str | None]]:
    """A value, its tag and its comment: the value is coloured as a whole, as YAML reads it."""
    out: list[tuple[str, str | None]] = []
    stripped = text.lstrip()
    if len(stripped) < len(text):
        out.append((text[: len(text) - len(stripped)], None))
    comment = ""
    if not stripped.startswith(("'", '"')):
        found = _YAML_COMMENT.search(stripped)
        if found is not None:
            stripped, comment = stripped[: found.start()], found.group()
    tag = _YAML_TAG.match(stripped)
    if tag is not None:
        out.append((tag.group(1), "tag"))
        if tag.group(2):
            out.append((tag.group(2), None))
        stripped = stripped[tag.end():]
    core = stripped.rstrip()
    if core:
        if core[0] in "{[":
            out += _split(core, _JSON)
        elif _YAML_NUMBER.match(core):
            out.append((core, "number"))
        elif _YAML_LITERAL.match(core):
            out.append((core, "literal"))
        else:
            out.append((core, "string"))
    if len(stripped) > len(core):
        out.append((stripped[len(core):], None))
    if comment:
        out.append((comment, "comment"))
    return [(piece, kind) for piece, kind in out if piece]


def _split(text: str, pattern: re.Pattern) -> list[tuple[str, str | None]]:
    out: list[tuple[str, str | None]] = []
    last = 0
    for match in pattern.finditer(text):
        if match.start() > last:
            out.append((text[last:match.start()], None))
        out.append((match.group(), match.lastgroup))
        last = match.end()
    if last < len(text):
        out.append((text[last:], None))
    return out


TOKENIZERS = {"json": json_tokens, "yaml": yaml_tokens}
