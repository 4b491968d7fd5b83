"""Where each key of a loaded file came from, so a problem can name file, line and column.

Positions are looked up lazily in the YAML node tree, by config path, only when a
diagnostic needs one: recording every key while loading would cost more than the
parse itself on large files, and most keys are never asked about.
"""

from __future__ import annotations

from yaml.nodes import MappingNode, ScalarNode, SequenceNode

_MERGE_TAG = "tag:yaml.org,2002:merge"


def _key_text(node) -> str | None:
    return node.value if isinstance(node, ScalarNode) else None


class SourceMap:
    """Config path (tuple of keys and indexes) -> (file, line, column), 1-based."""

    __slots__ = ("filename", "root", "cfn_keys", "_indexes")

    def __init__(self, filename: str, root=None, cfn_keys: dict | None = None) -> None:
        self.filename = filename
        self.root = root
        # CloudFormation short tags map to a key (``!Join`` -> ``Fn::Join``) with no node.
        self.cfn_keys = cfn_keys or {}
        # A mapping's keys, indexed on its first lookup: one diagnostic per function of a
        # 20,000-function file would otherwise scan the functions mapping 20,000 times.
        self._indexes: dict[int, tuple[dict, list]] = {}

    def _index(self, node: MappingNode) -> tuple[dict, list]:
        """(key text -> (key node, value node), the merged (``<<``) sources in order)."""
        index = self._indexes.get(id(node))
        if index is None:
            explicit: dict = {}
            merged: list = []
            for key, value in node.value:
                text = _key_text(key)
                if text == "<<" or key.tag == _MERGE_TAG:
                    merged.append(value)
                elif text is not None and text not in explicit:
                    explicit[text] = (key, value)
            index = self._indexes[id(node)] = (explicit, merged)
        return index

    def _child(self, node, step):
        """(key node, value node) for ``step`` under ``node``, or None."""
        if self.cfn_keys.get(node.tag) == step:
            return node, node  # the long-form key of a short tag: same node
        if isinstance(node, MappingNode):
            explicit, merged = self._index(node)
            found = explicit.get(str(step))
            if found is not None:
                return found
            for source in merged:
                for candidate in source.value if isinstance(source, SequenceNode) else [source]:
                    found = self._child(candidate, step)
                    if found is not None:
                        return found
            return None
        if isinstance(node, SequenceNode) and isinstance(step, int) and 0 <= step < len(node.value):
            item = node.value[step]
            return item, item
        return None

    def locate(self, path: tuple, value: bool = False) -> tuple[str, int | None, int | None]:
        """(file, line, column) of ``path``, or of its nearest ancestor in the file."""
        if self.root is None:
            return self.filename, None, None
        key_node = value_node = self.root
        for step in path:
            found = self._child(value_node, step)
            if found is None:
                break
            key_node, value_node = found
        mark = (value_node if value else key_node).start_mark
        return self.filename, mark.line + 1, mark.column + 1

    def place(self, diagnostic, value: bool = False):
        """``diagnostic`` located at its config path (a copy); one that names its file or line already is kept."""
        if diagnostic.line is not None or diagnostic.file is not None:
            return diagnostic
        return diagnostic.located(*self.locate(diagnostic.path, value))
