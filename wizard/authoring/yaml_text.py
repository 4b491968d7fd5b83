"""Write values as YAML text that reads back as the same value, in Serverless and elsewhere.

A name, path, header or format string may contain quotes, colons, ``#``, braces,
``${...}``, newlines or non-ASCII text: each leaf is written plain only when every YAML
reader (js-yaml 1.2 as Serverless uses it, and YAML 1.1 tools) reads it back as the same
string; otherwise single-quoted, or double-quoted when it holds line breaks or control
characters.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache

import yaml

from ..jsvalues import js_string
from ..loading.yaml_loader import resolve_plain

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_PLAIN = re.compile(r"[A-Za-z0-9_./$~(][A-Za-z0-9_./$~()+=@ :{}*,-]*\Z")
# Words YAML 1.1 readers turn into booleans or null even though js-yaml keeps them.
_YAML11 = re.compile(r"(y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF|true|True|TRUE|false|False|FALSE|null|Null|NULL|~)\Z")
# Line breaks and characters YAML cannot carry raw: these need a double-quoted escape.
_NEEDS_DOUBLE = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")


def _double_quoted(text: str) -> str:
    out = ['"']
    for ch in text:
        if ch in '"\\':
            out.append("\\" + ch)
        elif _NEEDS_DOUBLE.match(ch) or ch == "\t":
            out.append({"\n": "\\n", "\t": "\\t", "\r": "\\r"}.get(ch, f"\\u{ord(ch):04x}"))
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def scalar(value) -> str:
    """One YAML scalar for ``value`` (str, int, float, bool, None)."""
    if value is None or isinstance(value, (bool, int, float)):
        return js_string(value)  # null, true/false and numbers are written as JavaScript writes them
    text = str(value)
    if (
        text
        and _PLAIN.match(text)
        and not text.endswith((" ", ":"))
        and ": " not in text
        and " #" not in text
        and not _YAML11.match(text)
        and resolve_plain(text) == text
        and not re.match(r"[-+.]?\d", text)
        and _reads_back_plain(text)
    ):
        return text
    if _NEEDS_DOUBLE.search(text):
        return _double_quoted(text)
    return "'" + text.replace("'", "''") + "'"


@lru_cache(maxsize=8192)
def _reads_back_plain(text: str) -> bool:
    """A YAML 1.1 reader (PyYAML, what many tools use) gets the same string back."""
    try:
        return yaml.load(f"v: {text}\n", Loader=_Loader) == {"v": text}
    except yaml.YAMLError:
        return False


def key(text: str) -> str:
    """A mapping key (keys are strings in Serverless configs)."""
    return scalar(str(text))


def block(value, indent: int = 0, step: int = 2, sequence_offset: int = 2) -> str:
    """``value`` (JSON-like) as block YAML lines at ``indent`` spaces, without a trailing newline.

    ``step``: how far a nested mapping is indented; ``sequence_offset``: how far a list's
    dashes are indented under its key (files use 2, 4 or 0): an edit follows the file's.
    """
    pad = " " * indent
    if isinstance(value, dict):
        if not value:
            return pad + "{}"
        lines = []
        for k, v in value.items():
            if isinstance(v, (dict, list)) and v:
                lines.append(f"{pad}{key(k)}:")
                lines.append(block(v, indent + (sequence_offset if isinstance(v, list) else step), step, sequence_offset))
            else:
                lines.append(f"{pad}{key(k)}: {inline(v)}")
        return "\n".join(lines)
    if isinstance(value, list):
        if not value:
            return pad + "[]"
        lines = []
        for item in value:
            if isinstance(item, dict) and item:
                inner = block(item, indent + 2, step, sequence_offset).split("\n")
                lines.append(f"{pad}- {inner[0].lstrip()}")
                lines.extend(inner[1:])
            elif isinstance(item, list) and item:
                lines.append(f"{pad}-")
                lines.append(block(item, indent + 2, step, sequence_offset))
            else:
                lines.append(f"{pad}- {inline(item)}")
        return "\n".join(lines)
    return pad + scalar(value)


# Inside ``{...}`` and ``[...]`` these end or break a plain scalar (YAML 1.2 flow context;
# a colon is quoted too, as YAML 1.1 readers stop there).
_FLOW_INDICATORS = re.compile(r"[,\[\]{}:]")


def flow_scalar(value) -> str:
    """One scalar that reads back the same inside a flow collection."""
    text = scalar(value)
    if isinstance(value, str) and text == value and _FLOW_INDICATORS.search(value):
        return "'" + value.replace("'", "''") + "'"
    return text


def flow(value) -> str:
    """``value`` on one line in flow style: ``{a: 1, b: [x, y]}``."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{flow_scalar(str(k))}: {flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(flow(v) for v in value) + "]"
    return flow_scalar(value)


def styled(value, style: str | None, in_flow: bool = False) -> str:
    """``value`` as one scalar written in the quoting ``style`` of the one it replaces
    (``"'"``, ``'"'``, or None for plain), when that style can hold it; else as usual."""
    if isinstance(value, str):
        if style == '"':
            return _double_quoted(value)
        if style == "'" and not _NEEDS_DOUBLE.search(value):
            return "'" + value.replace("'", "''") + "'"
    return flow_scalar(value) if in_flow else scalar(value)


def inline(value) -> str:
    """A value that fits after ``key: `` (scalars, and empty collections)."""
    if isinstance(value, dict):
        return "{}" if not value else json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[]" if not value else "[" + ", ".join(inline(v) for v in value) + "]"
    return scalar(value)
