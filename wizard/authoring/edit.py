"""Change an existing serverless.yml in place, touching only the lines concerned.

Edits are made on the text itself: the YAML node tree (with line and column of every
node) says where an entry starts and ends, and only that span is replaced, removed or
inserted, with the indentation the file already uses. Comments, key order, quoting,
anchors, ``${...}`` variables, CloudFormation tags and every section we do not model
stay byte for byte. Each edit is checked by reading the result back: if it does not
load as exactly the intended data, the edit is refused and the text is left as it was.
"""

from __future__ import annotations

import copy

import yaml
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from ..diagnostics import PipelineError
from ..loading.yaml_loader import _NodeLoader, load_yaml
from . import yaml_text


class EditError(Exception):
    """The edit cannot be made as asked; the document is unchanged."""


def _compose(text: str):
    loader = _NodeLoader(text)
    try:
        return loader.get_single_node()
    except yaml.YAMLError as exc:
        raise EditError(f"the file is not valid YAML: {exc}") from None
    finally:
        dispose = getattr(loader, "dispose", None)
        if dispose:
            dispose()


def _is_content(line: str) -> bool:
    stripped = line.strip()
    return bool(stripped) and not stripped.startswith("#")


class Document:
    """A serverless.yml being edited. ``text`` is always a valid, verified document."""

    def __init__(self, text: str, filename: str = "serverless.yml") -> None:
        self.filename = filename
        self.text = text
        self.data = self._load(text)

    def _load(self, text: str):
        try:
            return load_yaml(text, self.filename)[0]
        except PipelineError as exc:
            raise EditError(str(exc)) from None

    # ----- locating ---------------------------------------------------------------------

    def _lines(self) -> list[str]:
        return self.text.split("\n")

    def _find(self, path: tuple):
        """(key node or None, value node, parent node) of ``path``, or None."""
        node = _compose(self.text)
        key_node = parent = None
        for step in path:
            parent = node
            if isinstance(node, MappingNode):
                for k, v in node.value:
                    if isinstance(k, ScalarNode) and k.value == str(step):
                        key_node, node = k, v
                        break
                else:
                    return None
            elif isinstance(node, SequenceNode) and isinstance(step, int) and 0 <= step < len(node.value):
                key_node, node = None, node.value[step]
            else:
                return None
        return key_node, node, parent

    def _last_line(self, node, first: int | None = None) -> int:
        """The last line (0-based) holding content of ``node``.

        An alias (``*name``) points at a node defined earlier: it ends on ``first``.
        """
        if first is not None and node.start_mark.line < first:
            return first
        lines = self._lines()
        end = node.end_mark
        # A block collection ends where the next token starts (maybe indented on a later
        # line): it ended on that line only if something of it stands before the mark.
        ends_here = end.line < len(lines) and lines[end.line][: end.column].strip() != ""
        last = min(end.line if ends_here else end.line - 1, len(lines) - 1)
        while last > node.start_mark.line and not _is_content(lines[last]):
            last -= 1
        return last

    # ----- editing ------------------------------------------------------------------------

    def _commit(self, text: str, expected) -> None:
        data = self._load(text)
        if data != expected:
            raise EditError("the edit would not read back as intended; the file was left as it was")
        self.text = text
        self.data = data

    def _replace_lines(self, first: int, last: int, new_lines: list[str]) -> str:
        lines = self._lines()
        return "\n".join(lines[:first] + new_lines + lines[last + 1 :])

    def set(self, path: tuple, value) -> None:
        """Set the value at ``path`` (a mapping key path), creating parents as needed."""
        expected = copy.deepcopy(self.data)
        target = expected
        for step in path[:-1]:
            if isinstance(target, list):  # an existing item, e.g. one event of a function
                target = target[step]
                continue
            if not isinstance(target.get(step), (dict, list)):
                target[step] = {}
            target = target[step]
        target[path[-1]] = copy.deepcopy(value)
        found = self._find(path)
        if found is not None:
            key_node, value_node, parent = found
            if key_node is None or parent.flow_style:
                self._rewrite_parent(path, expected)
                return
            indent = key_node.start_mark.column
            first = key_node.start_mark.line
            last = self._last_line(value_node, first) if not (isinstance(value_node, ScalarNode) and value_node.value == "") else first
            lines = self._lines()
            suffix = ""
            if last == first and isinstance(value_node, ScalarNode) and value_node.end_mark.line == first:
                rest = lines[first][value_node.end_mark.column :]
                suffix = rest if rest.strip().startswith("#") else ""
            new = self._entry(path[-1], value, indent).split("\n")
            # The first key of a sequence item shares its line with the dash ("- httpApi: ..."): keep it.
            new[0] = lines[first][:indent] + new[0][indent:]
            if suffix and len(new) == 1:
                new[0] += suffix
            self._commit(self._replace_lines(first, last, new), expected)
            return
        self._insert(path, value, expected)

    def _rewrite_parent(self, path: tuple, expected) -> None:
        """A flow-style collection (``{a: 1}``, ``[x]``) is rewritten whole, in block style."""
        if len(path) < 2:
            raise EditError(f"cannot edit {'.'.join(map(str, path))} in place")
        owner = expected
        for step in path[:-1]:
            owner = owner[step]
        self.set(path[:-1], owner)
        if self.data != expected:
            raise EditError("the edit would not read back as intended; the file was left as it was")

    def _entry(self, key, value, indent: int) -> str:
        pad = " " * indent
        if isinstance(value, (dict, list)) and value:
            child = indent + (self._sequence_offset() if isinstance(value, list) else 2)
            return f"{pad}{yaml_text.key(key)}:\n{yaml_text.block(value, child)}"
        return f"{pad}{yaml_text.key(key)}: {yaml_text.inline(value)}"

    def _sequence_offset(self) -> int:
        """How far this file indents a block sequence under its key (0 or 2 usually)."""
        root = _compose(self.text)
        stack = [root]
        while stack:
            node = stack.pop()
            if isinstance(node, MappingNode):
                for k, v in node.value:
                    if isinstance(v, SequenceNode) and not v.flow_style and v.value:
                        dash = self._dash_column(v.value[0])
                        if dash is not None:
                            return max(dash - k.start_mark.column, 0)
                    stack.append(v)
        return 2

    def _dash_column(self, item) -> int | None:
        line = self._lines()[item.start_mark.line]
        col = item.start_mark.column - 1
        while col >= 0 and line[col] == " ":
            col -= 1
        return col if col >= 0 and line[col] == "-" else None

    def _insert(self, path: tuple, value, expected) -> None:
        depth = len(path) - 1
        while depth > 0 and self._find(path[:depth]) is None:
            depth -= 1
        # path[:depth] exists (or is the root); build what is missing below it.
        nested = value
        for step in reversed(path[depth + 1 :]):
            nested = {step: nested}
        key = path[depth]
        if depth == 0:
            parent_node = _compose(self.text)
        else:
            key_node, parent_node, _ = self._find(path[:depth])
            if not isinstance(parent_node, MappingNode) or not parent_node.value or parent_node.flow_style:
                # an empty or flow mapping: rewrite that one value as a block mapping
                current = self.data
                for step in path[:depth]:
                    current = current[step]
                merged = dict(current) if isinstance(current, dict) else {}
                merged[key] = nested
                self.set(path[:depth], merged)
                if self.data != expected:
                    raise EditError("the edit would not read back as intended; the file was left as it was")
                return
        if not isinstance(parent_node, MappingNode) or not parent_node.value:
            raise EditError("the document has no mapping to add to")
        indent = parent_node.value[0][0].start_mark.column
        last_key, last_value = parent_node.value[-1]
        key_line = last_key.start_mark.line
        last = self._last_line(last_value, key_line) if last_value.value != "" else key_line
        lines = self._lines()
        new = self._entry(key, nested, indent).split("\n")
        self._commit("\n".join(lines[: last + 1] + new + lines[last + 1 :]), expected)

    def append(self, path: tuple, item) -> None:
        """Add ``item`` at the end of the sequence at ``path`` (created if missing)."""
        expected = copy.deepcopy(self.data)
        target = expected
        for step in path[:-1]:
            target = target.setdefault(step, {}) if isinstance(target, dict) else target[step]
        current = target.get(path[-1]) if isinstance(target, dict) else None
        if not isinstance(current, list):
            self.set(path, [item])
            return
        current.append(copy.deepcopy(item))
        found = self._find(path)
        _, seq, _ = found
        if seq.flow_style or not seq.value:
            self.set(path, current)
            return
        dash = self._dash_column(seq.value[0])
        if dash is None:
            raise EditError("cannot find the list's dashes")
        last = self._last_line(seq.value[-1], seq.value[-1].start_mark.line)
        block = yaml_text.block([item], dash).split("\n")
        lines = self._lines()
        self._commit("\n".join(lines[: last + 1] + block + lines[last + 1 :]), expected)

    def delete(self, path: tuple) -> None:
        """Remove the mapping entry or sequence item at ``path``."""
        found = self._find(path)
        if found is None:
            raise EditError(f"{'.'.join(map(str, path))} is not in the file")
        expected = copy.deepcopy(self.data)
        target = expected
        for step in path[:-1]:
            target = target[step]
        del target[path[-1]]
        key_node, value_node, parent = found
        if parent.flow_style:
            self._rewrite_parent(path, expected)
            return
        first = key_node.start_mark.line if key_node is not None else value_node.start_mark.line
        last = self._last_line(value_node, first) if not (isinstance(value_node, ScalarNode) and value_node.value == "") else first
        if len(parent.value) == 1:
            # the last entry: leave an explicit empty collection behind
            owner = path[:-1]
            if not owner:
                raise EditError("cannot remove the last top-level key")
            self.set(owner, {} if isinstance(parent, MappingNode) else [])
            if self.data != expected:
                raise EditError("the edit would not read back as intended; the file was left as it was")
            return
        self._commit(self._replace_lines(first, last, []), expected)
