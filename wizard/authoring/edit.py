"""Change an existing serverless.yml in place, touching only the text concerned.

Edits are made on the text itself, located by the YAML node tree (the position of every
node). A scalar is replaced where it stands, in the quoting style it had, so the rest of
its line (key, comment) stays; inside a flow collection (``{a: 1}``, ``[x, y]``) a value
is replaced, added or removed in place and the collection stays flow; a block entry is
replaced, removed or inserted as whole lines, with the indentation the file uses. A value
that repeats an anchor (``*name``) is overridden beside it (``<<: *name``) or written out
there, never by changing the anchor. Comments, key order, anchors, ``${...}`` variables,
CloudFormation tags, every section we do not model, the line ends (CRLF stays CRLF) and a
byte order mark stay byte for byte. Each edit is checked by reading the result back: if
it does not load as exactly the intended data, it is refused and the text is left as it was.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..diagnostics import PipelineError
from ..loading.yaml_loader import load_yaml
from . import yaml_text
from .opened_file import join_conventions, split_conventions


class EditError(Exception):
    """The edit cannot be made as asked; the document is unchanged."""


class _Spot(NamedTuple):
    """Where a path's value stands in the node tree."""

    key: Node | None  # None for a sequence item
    node: Node
    parent: Node
    position: int  # its index in ``parent.value``
    # How many steps of the path lead to the first value that repeats an anchor (``*name``),
    # or None: that value's nodes are the anchor's, which an edit must not change.
    alias: int | None


def _is_content(line: str) -> bool:
    stripped = line.strip()
    return bool(stripped) and not stripped.startswith("#")


def _copy(value):
    """A deep copy that shares nothing: what an alias repeats is loaded as one object, and
    an edit of one place must not show in the others (``copy.deepcopy`` keeps them shared)."""
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_copy(v) for v in value]
    return value


def _dotted(path: tuple) -> str:
    return ".".join(map(str, path)) or "the document"


def _is_empty_scalar(node: Node) -> bool:
    return isinstance(node, ScalarNode) and node.value == "" and not node.style


def _item_is_alias(sequence: SequenceNode, index: int) -> bool:
    """An item repeats an anchor defined earlier when it starts before the end of the
    sequence's last item written in place (or before the sequence itself)."""
    bound = sequence.start_mark.index
    for position, item in enumerate(sequence.value[: index + 1]):
        own = item.start_mark.index >= bound
        if position == index:
            return not own
        if own:
            bound = item.end_mark.index
    return False


_ALIAS_AFTER_KEY = re.compile(r"\s*:\s*(\*[^\s,\[\]{}#]+)")
# A trailing comment: blanks, then ``#`` (a ``#`` inside a scalar never follows a blank).
_COMMENT = re.compile(r"[ \t]+#.*\Z")


def _dash_column(lines: list[str], item) -> int | None:
    """The column of the dash before a block sequence's item (on its line, or alone on the line
    above it: ``-`` and the item indented below), or None."""
    number = item.start_mark.line
    line, col = lines[number], item.start_mark.column - 1
    while col >= 0 and line[col] == " ":
        col -= 1
    if col >= 0 and line[col] == "-":
        return col
    if col < 0 and number > 0 and lines[number - 1].strip() == "-":
        return lines[number - 1].index("-")
    return None


def _file_style(root, lines: list[str]) -> tuple[int, int]:
    """(how far a nested mapping is indented, how far a list's dashes are under its key), as
    most of the file does (files use 2 or 4, and 0, 2 or 4)."""
    steps: dict[int, int] = {}
    offsets: dict[int, int] = {}
    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, SequenceNode):
            stack.extend(node.value)
        if not isinstance(node, MappingNode) or node.flow_style:
            continue
        for k, v in node.value:
            if v.start_mark.index < k.end_mark.index:
                continue  # an alias: counted where it is defined
            if isinstance(v, MappingNode) and not v.flow_style and v.value:
                step = v.value[0][0].start_mark.column - k.start_mark.column
                if step > 0:
                    steps[step] = steps.get(step, 0) + 1
            elif isinstance(v, SequenceNode) and not v.flow_style and v.value:
                dash = _dash_column(lines, v.value[0])
                if dash is not None and dash >= k.start_mark.column:
                    offsets[dash - k.start_mark.column] = offsets.get(dash - k.start_mark.column, 0) + 1
            stack.append(v)
    return max(steps, key=steps.get) if steps else 2, max(offsets, key=offsets.get) if offsets else 2


class _Opened:
    """A text as opened: its data, node tree and indentation style (found when first needed)."""

    __slots__ = ("data", "root", "body", "style")

    def __init__(self, data, root, body: str) -> None:
        self.data, self.root, self.body, self.style = data, root, body, None


# The last texts opened, most recent last: the wizard opens the same file on every keystroke.
# Nothing changes their data or nodes in place (an edit loads new ones), so they can be shared.
_OPENED: dict[tuple[str, str], _Opened] = {}


class Document:
    """A serverless.yml being edited. ``text`` is always a valid, verified document; ``data``
    is what it loads as (read it, never change it: it may be shared with another Document)."""

    def __init__(self, text: str, filename: str = "serverless.yml") -> None:
        self.filename = filename
        self._body, self._newline, self._bom = split_conventions(text)
        key = (self._body, filename)
        opened = _OPENED.pop(key, None)
        if opened is None:
            opened = _Opened(*self._load(self._body), self._body)
        _OPENED[key] = opened
        while len(_OPENED) > 2:
            del _OPENED[next(iter(_OPENED))]
        self.data, self._root, self._opened = opened.data, opened.root, opened
        self._lines_cache: list[str] | None = None

    @property
    def text(self) -> str:
        """The document as written on disk (its own line ends and byte order mark)."""
        return join_conventions(self._body, self._newline, self._bom)

    def _load(self, body: str):
        try:
            data, source_map = load_yaml(body, self.filename)
        except PipelineError as exc:
            raise EditError(str(exc)) from None
        return data, source_map.root

    def _lines(self) -> list[str]:
        if self._lines_cache is None:
            self._lines_cache = self._body.split("\n")
        return self._lines_cache

    # ----- locating ---------------------------------------------------------------------

    def _find(self, path: tuple) -> _Spot | None:
        """Where ``path`` stands in the file, or None (not written there)."""
        node, spot, alias = self._root, None, None
        for depth, step in enumerate(path, 1):
            parent = node
            if isinstance(node, MappingNode):
                found = next(((i, k, v) for i, (k, v) in enumerate(node.value)
                              if isinstance(k, ScalarNode) and k.value == str(step)), None)
                if found is None:
                    return None
                position, key, node = found
                through = node.start_mark.index < key.end_mark.index
            elif isinstance(node, SequenceNode) and isinstance(step, int) and 0 <= step < len(node.value):
                key, node, position = None, node.value[step], step
                through = _item_is_alias(parent, step)
            else:
                return None
            if through and alias is None:
                alias = depth
            spot = _Spot(key, node, parent, position, alias)
        return spot

    def _deepest(self, path: tuple) -> tuple[int, _Spot | None]:
        """(depth, spot) of the longest prefix of ``path`` written in the file ((0, None): the root)."""
        for depth in range(len(path) - 1, 0, -1):
            spot = self._find(path[:depth])
            if spot is not None:
                return depth, spot
        return 0, None

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

    def _span(self, spot: _Spot) -> tuple[int, int]:
        """First and last line of the entry at ``spot`` (its key line through its value)."""
        first = (spot.key if spot.key is not None else spot.node).start_mark.line
        if _is_empty_scalar(spot.node):
            return first, first
        return first, self._last_line(spot.node, first)

    def _alias_token(self, spot: _Spot) -> tuple[int, int]:
        """Start and end offsets of the ``*name`` that ``spot``'s key is followed by."""
        if spot.key is None:
            raise EditError("a list item that repeats an anchor (*name) cannot be changed in place")
        match = _ALIAS_AFTER_KEY.match(self._body, spot.key.end_mark.index)
        if match is None:
            raise EditError(f"cannot find the alias after {spot.key.value!r}")
        return match.start(1), match.end(1)

    def _file_style(self) -> tuple[int, int]:
        if self._opened.style is None:
            self._opened.style = _file_style(self._opened.root, self._opened.body.split("\n"))
        return self._opened.style

    def _dash_column(self, item) -> int | None:
        return _dash_column(self._lines(), item)

    # ----- writing values -------------------------------------------------------------------

    def _block(self, value, indent: int) -> list[str]:
        step, offset = self._file_style()
        return yaml_text.block(value, indent, step, offset).split("\n")

    def _child_indent(self, key_column: int, value) -> int:
        step, offset = self._file_style()
        return key_column + (offset if isinstance(value, list) else step)

    def _entry(self, key, value, indent: int) -> list[str]:
        """A new ``key: value`` entry at ``indent``, as lines."""
        pad = " " * indent
        if isinstance(value, (dict, list)) and value:
            return [f"{pad}{yaml_text.key(key)}:"] + self._block(value, self._child_indent(indent, value))
        return [f"{pad}{yaml_text.key(key)}: {yaml_text.inline(value)}"]

    def _splice(self, start: int, end: int, new: str) -> str:
        return self._body[:start] + new + self._body[end:]

    def _replace_lines(self, first: int, last: int, new_lines: list[str]) -> str:
        lines = self._lines()
        return "\n".join(lines[:first] + new_lines + lines[last + 1 :])

    def _replaced(self, spot: _Spot, value, path: tuple) -> str:
        """The text with the value at ``spot`` replaced by ``value``, changing as little as it can."""
        node = spot.node
        in_flow = bool(spot.parent.flow_style)
        collection = isinstance(value, (dict, list)) and bool(value)
        if spot.alias == len(path):  # the value repeats an anchor: replace the *name, keep the anchor
            start, end = self._alias_token(spot)
            if not collection or in_flow:
                return self._splice(start, end, yaml_text.flow(value) if in_flow else yaml_text.inline(value))
            return self._rewrite_entry(spot, value, self._body[end:].split("\n", 1)[0])
        if not collection:
            if isinstance(node, ScalarNode) and node.style not in ("|", ">"):
                if _is_empty_scalar(node) and spot.key is not None and not in_flow:
                    colon = self._body.index(":", spot.key.end_mark.index) + 1
                    return self._splice(colon, colon, " " + yaml_text.inline(value))
                text = yaml_text.inline(value) if isinstance(value, (dict, list)) else yaml_text.styled(value, node.style or None, in_flow)
                return self._splice(node.start_mark.index, node.end_mark.index, text)
            if in_flow or (not isinstance(node, ScalarNode) and node.flow_style):
                return self._splice(node.start_mark.index, node.end_mark.index, yaml_text.flow(value))
            return self._rewrite_entry(spot, value)
        if in_flow or (not isinstance(node, ScalarNode) and node.flow_style and node.value):
            # A flow collection stays flow (and inside one, nothing else can stand).
            return self._splice(node.start_mark.index, node.end_mark.index, yaml_text.flow(value))
        return self._rewrite_entry(spot, value)

    def _trailing_comment(self, spot: _Spot, first: int) -> str:
        """The comment ending the entry's first line, when nothing of the value follows it there."""
        line = self._lines()[first]
        node, key = spot.node, spot.key
        if node.start_mark.line == first and node.end_mark.line == first and (key is None or node.start_mark.index >= key.end_mark.index):
            rest = line[node.end_mark.column :]
        elif key is not None and node.start_mark.line > first:
            rest = line[key.end_mark.column :].lstrip(" \t")
            rest = rest[1:] if rest.startswith(":") else ""
        else:
            return ""
        match = _COMMENT.match(rest)
        return match.group(0) if match else ""

    def _rewrite_entry(self, spot: _Spot, value, after_alias: str | None = None) -> str:
        """The entry at ``spot`` rewritten as whole lines (its key spelled as before), in block style."""
        lines = self._lines()
        first, last = self._span(spot)
        if after_alias is not None:
            last = first
            comment = _COMMENT.match(after_alias).group(0) if _COMMENT.match(after_alias) else ""
        else:
            comment = self._trailing_comment(spot, first)
        collection = isinstance(value, (dict, list)) and bool(value)
        if spot.key is not None:
            key = spot.key
            head = lines[first][: key.start_mark.column] + self._body[key.start_mark.index : key.end_mark.index]
            if collection:
                new = [f"{head}:{comment}"] + self._block(value, self._child_indent(key.start_mark.column, value))
            else:
                new = [f"{head}: {yaml_text.inline(value)}{comment}"]
        else:
            column = spot.node.start_mark.column
            head = lines[first][:column]
            if isinstance(value, dict) and value:
                new = self._block(value, column)
                new[0] = head + new[0][column:] + comment
            else:
                new = [head + (yaml_text.flow(value) if collection else yaml_text.inline(value)) + comment]
        return self._replace_lines(first, last, new)

    # ----- editing ------------------------------------------------------------------------

    def _commit(self, body: str, expected) -> None:
        data, root = self._load(body)
        if data != expected:
            raise EditError("the edit would not read back as intended; the file was left as it was")
        self._body, self.data, self._root = body, data, root
        self._lines_cache = None

    def _expect(self, path: tuple, change):
        """A copy of the data with ``change`` (a function of the parent and the last step) made at ``path``."""
        if not path:
            raise EditError("cannot replace the whole document")
        expected = _copy(self.data)
        target = expected
        for depth, step in enumerate(path[:-1], 1):
            if isinstance(target, dict):
                if not isinstance(target.get(step), (dict, list)):
                    if target.get(step) is not None:
                        raise EditError(self._not_a_mapping(path[:depth], target.get(step)))
                    target[step] = {}
                target = target[step]
            elif isinstance(target, list) and isinstance(step, int) and 0 <= step < len(target):
                target = target[step]
            else:
                raise EditError(self._not_a_mapping(path[: depth - 1], target))
        if not isinstance(target, (dict, list)) or (isinstance(target, list) and not isinstance(path[-1], int)):
            raise EditError(self._not_a_mapping(path[:-1], target))
        try:
            change(target, path[-1])
        except (KeyError, IndexError, TypeError):
            raise EditError(f"{_dotted(path)} is not in the file as the edit expects") from None
        return expected

    @staticmethod
    def _not_a_mapping(path: tuple, value) -> str:
        if isinstance(value, str) and "${" in value:
            return (f"{_dotted(path)} is written as {value!r} in the file (a variable): "
                    "a part of it cannot be changed here; change it where it is defined")
        kind = "a list" if isinstance(value, list) else f"{value!r}"
        return f"{_dotted(path)} is {kind} in the file, not a mapping: it cannot be changed in place"

    @staticmethod
    def _setter(value):
        def change(target, last):
            if isinstance(target, list) and not isinstance(last, int):
                raise TypeError
            target[last] = _copy(value)
        return change

    def set(self, path: tuple, value) -> None:
        """Set the value at ``path`` (a mapping key path), creating parents as needed."""
        expected = self._expect(path, self._setter(value))
        spot = self._find(path)
        if spot is not None and (spot.alias is None or spot.alias == len(path)):
            self._commit(self._replaced(spot, value, path), expected)
            return
        depth, owner = (len(path), spot) if spot is not None else self._deepest(path)
        if owner is not None and owner.alias is not None:
            self._unalias(path, owner.alias, expected, value)
            return
        self._insert(path, value, expected, depth, owner)

    def _unalias(self, path: tuple, depth: int, expected, value=None) -> None:
        """Change what lies under ``path[:depth]``, a value that repeats an anchor: a mapping gets
        ``<<: *name`` and the one key set beside it; anything else is written out there."""
        ref = self._find(path[:depth])
        if isinstance(ref.node, MappingNode) and len(path) == depth + 1 and value is not None and ref.key is not None:
            start, end = self._alias_token(ref)
            alias = self._body[start:end]
            if ref.parent.flow_style:
                merged = self._splice(start, end, "{<<: " + alias + "}")
            else:
                pad = " " * self._child_indent(ref.key.start_mark.column, {})
                merged = self._splice(start, end, "\n" + pad + "<<: " + alias)
                lines = merged.split("\n")
                first = ref.key.start_mark.line
                lines[first] = lines[first].rstrip()
                merged = "\n".join(lines)
            self._commit(merged, self.data)  # the same data, now a mapping of its own
            self.set(path, value)
            return
        target = expected
        for step in path[:depth]:
            target = target[step]
        self._commit(self._replaced(ref, target, path[:depth]), expected)

    def _insert(self, path: tuple, value, expected, depth: int, owner: _Spot | None) -> None:
        # path[:depth] exists (or is the root); build what is missing below it.
        nested = value
        for step in reversed(path[depth + 1 :]):
            nested = {step: nested}
        key = path[depth]
        parent = self._root if owner is None else owner.node
        if isinstance(parent, MappingNode) and parent.value and parent.flow_style:
            end = parent.value[-1][1].end_mark.index
            if parent.value[-1][1].start_mark.index < parent.value[-1][0].end_mark.index:
                end = self._alias_token(_Spot(parent.value[-1][0], parent.value[-1][1], parent, 0, None))[1]
            entry = f", {yaml_text.flow_scalar(str(key))}: {yaml_text.flow(nested)}"
            self._commit(self._splice(end, end, entry), expected)
            return
        if isinstance(parent, MappingNode) and parent.value:
            indent = parent.value[0][0].start_mark.column
            last_key, last_value = parent.value[-1]
            key_line = last_key.start_mark.line
            last = key_line if _is_empty_scalar(last_value) else self._last_line(last_value, key_line)
            lines = self._lines()
            self._commit("\n".join(lines[: last + 1] + self._entry(key, nested, indent) + lines[last + 1 :]), expected)
            return
        if owner is None:
            raise EditError("the document has no mapping to add to")
        current = self.data
        for step in path[:depth]:
            current = current[step]
        if isinstance(parent, MappingNode) or _is_empty_scalar(parent) or current is None:
            # an empty mapping, or nothing: write that one value whole
            merged = dict(current) if isinstance(current, dict) else {}
            merged[key] = nested
            self._commit(self._replaced(owner, merged, path[:depth]), expected)
            return
        raise EditError(self._not_a_mapping(path[:depth], current))

    def append(self, path: tuple, item) -> None:
        """Add ``item`` at the end of the sequence at ``path`` (created if missing)."""
        current = self.data
        for step in path:
            if isinstance(current, dict):
                current = current.get(step)
            elif isinstance(current, list) and isinstance(step, int) and 0 <= step < len(current):
                current = current[step]
            else:
                current = None
        if current is None:
            self.set(path, [item])
            return
        if not isinstance(current, list):
            raise EditError(f"{_dotted(path)} is {current!r} in the file, not a list: nothing can be added to it")

        def change(target, last):
            target[last].append(_copy(item))

        expected = self._expect(path, change)
        spot = self._find(path)
        if spot is None or not spot.node.value:
            self.set(path, current + [item])
            return
        if spot.alias is not None:
            self._unalias(path, spot.alias, expected)
            return
        seq = spot.node
        if seq.flow_style:
            end = seq.value[-1].end_mark.index
            if _item_is_alias(seq, len(seq.value) - 1):
                self.set(path, current + [item])
                return
            self._commit(self._splice(end, end, ", " + yaml_text.flow(item)), expected)
            return
        dash = self._dash_column(seq.value[0])
        if dash is None:
            raise EditError("cannot find the list's dashes")
        last = self._last_line(seq.value[-1], seq.value[-1].start_mark.line)
        step, offset = self._file_style()
        block = yaml_text.block([item], dash, step, offset).split("\n")
        lines = self._lines()
        self._commit("\n".join(lines[: last + 1] + block + lines[last + 1 :]), expected)

    def delete(self, path: tuple) -> None:
        """Remove the mapping entry or sequence item at ``path``."""
        spot = self._find(path)
        if spot is None:
            raise EditError(f"{_dotted(path)} is not in the file")

        def change(target, last):
            if isinstance(target, list) and not isinstance(last, int):
                raise TypeError
            del target[last]

        expected = self._expect(path, change)
        if spot.alias is not None and spot.alias < len(path):
            self._unalias(path, spot.alias, expected)
            return
        parent = spot.parent
        if len(parent.value) == 1:
            # the last entry: leave an explicit empty collection behind
            owner = path[:-1]
            if not owner:
                raise EditError("cannot remove the last top-level key")
            self.set(owner, {} if isinstance(parent, MappingNode) else [])
            if self.data != expected:
                raise EditError("the edit would not read back as intended; the file was left as it was")
            return
        if parent.flow_style:
            self._commit(self._without_flow_entry(spot, path), expected)
            return
        first, last = self._span(spot)
        lines = list(self._lines())
        if spot.key is not None and spot.position == 0:
            head = lines[first][: spot.key.start_mark.column]
            if head.strip():  # "- key:": the item's dash moves to its next key
                following = parent.value[1][0].start_mark.line
                if following <= last or lines[following][: len(head)].strip():
                    raise EditError(f"cannot remove {_dotted(path)}: its list item is written in an unusual way")
                lines[following] = head + lines[following][len(head) :]
        self._commit("\n".join(lines[:first] + lines[last + 1 :]), expected)

    def rename(self, path: tuple, new_key: str) -> None:
        """Rename the mapping key at ``path`` where it stands, keeping its value as written."""
        spot = self._find(path)
        if spot is None or spot.key is None:
            raise EditError(f"{_dotted(path)} is not a key in the file")

        def change(target, last):
            if not isinstance(target, dict) or new_key in target:
                raise KeyError(new_key)
            renamed = {(new_key if k == last else k): v for k, v in target.items()}
            target.clear()
            target.update(renamed)

        expected = self._expect(path, change)
        if spot.alias is not None and spot.alias < len(path):
            self._unalias(path, spot.alias, expected)
            return
        text = yaml_text.flow_scalar(str(new_key)) if spot.parent.flow_style else yaml_text.key(new_key)
        self._commit(self._splice(spot.key.start_mark.index, spot.key.end_mark.index, text), expected)

    def _without_flow_entry(self, spot: _Spot, path: tuple) -> str:
        """The text without the entry at ``spot`` of a flow collection (and the comma that joined it)."""
        parent = spot.parent
        pairs = parent.value if isinstance(parent, MappingNode) else [(None, item) for item in parent.value]
        for position, (k, v) in enumerate(pairs):
            repeats = v.start_mark.index < k.end_mark.index if k is not None else _item_is_alias(parent, position)
            if repeats:  # an alias's node ends where its anchor does: rewrite the collection
                owner = self._find(path[:-1])
                if owner is None:
                    raise EditError("cannot remove a top-level key of a document written in flow style")
                target = self.data
                for step in path[:-1]:
                    target = target[step]
                if isinstance(target, dict):
                    target = {k: v for k, v in target.items() if k != path[-1]}
                else:
                    target = [v for i, v in enumerate(target) if i != path[-1]]
                return self._replaced(owner, target, path[:-1])
        i = spot.position

        def start(n):
            return (pairs[n][0] or pairs[n][1]).start_mark.index

        if i + 1 < len(pairs):
            return self._splice(start(i), start(i + 1), "")
        return self._splice(pairs[i - 1][1].end_mark.index, pairs[i][1].end_mark.index, "")
