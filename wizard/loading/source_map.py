"""Where each key of a loaded file came from, so a problem can name file, line and column."""

from __future__ import annotations


class SourceMap:
    """Config path -> position of its key and of its value (0-based inside, 1-based out).

    Paths are tuples of mapping keys and sequence indexes, as in the loaded data.
    Several files may feed one config (``${file(...)}``); a path then maps to its file.
    """

    __slots__ = ("filename", "_pos", "_files")

    def __init__(self, filename: str) -> None:
        self.filename = filename
        self._pos: dict[tuple, tuple[int, int, int, int]] = {}
        self._files: dict[tuple, str] = {}

    def record(self, path: tuple, key_line: int, key_col: int, value_line: int, value_col: int) -> None:
        self._pos[path] = (key_line, key_col, value_line, value_col)

    def get(self, path: tuple):
        return self._pos.get(path)

    def graft(self, at: tuple, other: SourceMap, from_path: tuple = ()) -> None:
        """Make positions of ``other`` (below ``from_path``) answer for paths below ``at``."""
        n = len(from_path)
        for path, pos in other._pos.items():
            if path[:n] == from_path:
                new = at + path[n:]
                self._pos[new] = pos
                self._files[new] = other._files.get(path, other.filename)

    def locate(self, path: tuple, value: bool = False) -> tuple[str, int | None, int | None]:
        """(file, line, column), 1-based, of the nearest recorded ancestor of ``path``."""
        path = tuple(path)
        while True:
            pos = self._pos.get(path)
            if pos is not None:
                line, col = (pos[2], pos[3]) if value else (pos[0], pos[1])
                return self._files.get(path, self.filename), line + 1, col + 1
            if not path:
                return self.filename, None, None
            path = path[:-1]

    def place(self, diagnostic, value: bool = False):
        """Fill in a diagnostic's file, line and column from its config path."""
        if diagnostic.line is None:
            diagnostic.file, diagnostic.line, diagnostic.column = self.locate(diagnostic.path, value)
        return diagnostic
