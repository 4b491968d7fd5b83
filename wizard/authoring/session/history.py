"""Undo and redo: snapshots of the model, one per step the user would name.

A step is one change, except that changes sharing a ``group`` (the keystrokes typed
into one field) make a single step until the group is sealed: the field loses focus,
Enter is pressed, another kind of change comes, or the user undoes.
"""

from __future__ import annotations

from typing import Generic, TypeVar

State = TypeVar("State")


class History(Generic[State]):
    def __init__(self, limit: int = 500) -> None:
        self.limit = limit
        self._undo: list[State] = []
        self._redo: list[State] = []
        self._group: object = None

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    @property
    def can_redo(self) -> bool:
        return bool(self._redo)

    @property
    def depth(self) -> int:
        """How many steps undo can take back."""
        return len(self._undo)

    def record(self, before: State, group: object = None) -> bool:
        """Note that the state was ``before`` until now; False when the change joined the open step."""
        if group is not None and group == self._group:
            return False
        self._undo.append(before)
        del self._undo[: -self.limit]
        self._redo.clear()
        self._group = group
        return True

    def seal(self) -> None:
        """End the open step: the next change, whatever its group, starts a new one."""
        self._group = None

    def undo(self, current: State) -> State | None:
        """The state before the last step (``current`` goes to redo), or None when there is none."""
        self.seal()
        if not self._undo:
            return None
        self._redo.append(current)
        return self._undo.pop()

    def redo(self, current: State) -> State | None:
        self.seal()
        if not self._redo:
            return None
        self._undo.append(current)
        return self._redo.pop()

    def clear(self) -> None:
        self._undo.clear()
        self._redo.clear()
        self._group = None
