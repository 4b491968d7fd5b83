"""Where things stand in a YAML text, found without the editor: PyYAML's node tree and indentation.

The edit tests compare what the editor changed with what these helpers say the entry or
value occupies, so a mistake in the editor's own locating cannot hide itself.
"""

from __future__ import annotations

import difflib

import yaml
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from wizard.loading.yaml_loader import load_yaml

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def hunks(before: str, after: str) -> list[tuple[list[str], list[str]]]:
    """Every (removed lines, added lines) of a line diff of two texts."""
    a, b = before.split("\n"), after.split("\n")
    return [(a[i1:i2], b[j1:j2]) for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
            if tag != "equal"]


def hunk_at(before: str, after: str) -> tuple[int, list[str], list[str]]:
    """The one region that differs: (its first line in ``before``, removed, added); fails if there are more."""
    a, b = before.split("\n"), after.split("\n")
    regions = [(i1, a[i1:i2], b[j1:j2]) for tag, i1, i2, j1, j2
               in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes() if tag != "equal"]
    assert len(regions) == 1, regions
    return regions[0]


def compose(text: str):
    return yaml.compose(text, Loader=_Loader)


def node_at(root, path: tuple):
    """(key node or None, value node) of ``path`` as written (merge keys not followed), or None."""
    node, key = root, None
    for step in path:
        if isinstance(node, MappingNode):
            for k, v in node.value:
                if isinstance(k, ScalarNode) and k.value == str(step):
                    key, node = k, v
                    break
            else:
                return None
        elif isinstance(node, SequenceNode) and isinstance(step, int) and 0 <= step < len(node.value):
            key, node = None, node.value[step]
        else:
            return None
    return key, node


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _content(line: str) -> bool:
    return bool(line.strip()) and not line.strip().startswith("#")


def entry_lines(text: str, path: tuple) -> tuple[int, int]:
    """First and last content line (0-based) of the block entry at ``path``: its key line (or its
    dash line) and every following line indented deeper (a key's dashes may stand at its own column)."""
    lines = text.split("\n")
    key, node = node_at(compose(text), path)
    first = (key or node).start_mark.line
    if key is not None:
        own, is_key = key.start_mark.column, True
    else:
        own, is_key = lines[first].rindex("-", 0, node.start_mark.column), False
    last = first
    for number in range(first + 1, len(lines)):
        line = lines[number]
        if not _content(line):
            continue
        indent = _indent(line)
        if indent > own or (is_key and indent == own and line.lstrip().startswith("-") and isinstance(node, SequenceNode)):
            last = number
        else:
            break
    return first, last


def one_line_scalar(text: str, path: tuple):
    """(line, start column, end column) of the value at ``path`` when it is a scalar written on one
    line in place (not an alias, not a block scalar), else None."""
    found = node_at(compose(text), path)
    if found is None:
        return None
    key, node = found
    if not isinstance(node, ScalarNode) or node.style in ("|", ">") or node.start_mark.line != node.end_mark.line:
        return None
    if key is not None and node.start_mark.index < key.end_mark.index:
        return None  # an alias
    if node.value == "" and not node.style:
        return None  # nothing written
    return node.start_mark.line, node.start_mark.column, node.end_mark.column


def reads_as(token: str):
    """The value a scalar token is read as (by the project's js-yaml rules)."""
    return load_yaml(f"v: {token}\n")[0]["v"]
