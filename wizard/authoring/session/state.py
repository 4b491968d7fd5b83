"""The session's state: the model, its history, the one change signal, and what it compiles to.

The model (``service``) is the only state. Every change goes through ``changing`` (or
undo, redo, ``replace``), which records it for undo and then tells every listener, in
the same call: a screen re-renders from the model then and there, never from what a
widget last held. A change that raises leaves the model as it was.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Callable
from contextlib import contextmanager

from ...api import CompileResult, compile_text
from ...diagnostics import ERROR
from ...model.copying import copy_model
from ...model.service import Service
from ..changes import apply
from ..render import render_serverless_yml
from .history import History

# What a change was (Change.kind).
EDIT = "edit"  # the user changed the model
UNDO = "undo"
REDO = "redo"
LOAD = "load"  # the model was replaced: read again from disk, or restored from a recovery copy
SAVED = "saved"  # the files were written: the model is unchanged
TARGET = "target"  # where saving writes changed: the model is unchanged


class Change:
    """What the change signal carries: the kind of change and, for edits, what changed in words."""

    __slots__ = ("kind", "label")

    def __init__(self, kind: str, label: str = "") -> None:
        self.kind = kind
        self.label = label

    @property
    def model_changed(self) -> bool:
        return self.kind in (EDIT, UNDO, REDO, LOAD)

    def __repr__(self) -> str:
        return f"Change({self.kind!r}, {self.label!r})"


Listener = Callable[[Change], object]


class SessionState:
    def __init__(self, service: Service, directory: str = ".", confined: bool = False) -> None:
        self.service = service
        # Untrusted input (a browser visitor of `serve`): compiles read nothing of the host.
        self.confined = confined
        self.directory = directory
        self.home = directory  # the folder the session started with (names a download when the folder is left empty)
        self.history: History[Service] = History()
        self._listeners: list[Listener] = []
        self._depth = 0  # nested ``changing`` blocks: the outermost one records and publishes
        self._cache: tuple[str, CompileResult] | None = None
        # Editing an existing file: its text, its digest, and the model as read from it.
        self.original_text: str | None = None
        self.original_digest: str | None = None
        self.opened = None  # the OpenedFile (authoring/opened_file.py): its newlines and BOM, for saving
        self._base: Service | None = None
        self.edit_error: str | None = None
        # The text last written (or read) from disk; None for a project never saved.
        self.saved_text: str | None = None
        # What a new project started as: quitting without a change loses nothing.
        self.start_text = render_serverless_yml(service)
        # Findings the starting point already had (a new project's defaults), as (code, path, message):
        # the user did not cause them, so the wizard does not raise them as problems of theirs.
        self.expected: frozenset = frozenset()

    # ----- the change signal -------------------------------------------------------------

    def subscribe(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def unsubscribe(self, listener: Listener) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    def publish(self, change: Change) -> None:
        for listener in list(self._listeners):
            listener(change)

    # ----- changing the model ---------------------------------------------------------------

    @contextmanager
    def changing(self, label: str, group: object = None):
        """Change ``self.service`` inside the block: one undo step (or part of the open step of
        ``group``), then one signal. Nothing happens when the model ends as it was; an exception
        puts the model back and goes on up."""
        if self._depth:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        before = copy_model(self.service)
        self._depth = 1
        try:
            yield
        except BaseException:
            self.service = before
            raise
        finally:
            self._depth = 0
        if self.service == before:
            return
        self.history.record(before, group)
        self.publish(Change(EDIT, label))

    def seal(self) -> None:
        """End the open undo step (a field lost focus, Enter was pressed)."""
        self.history.seal()

    @property
    def can_undo(self) -> bool:
        return self.history.can_undo

    @property
    def can_redo(self) -> bool:
        return self.history.can_redo

    def undo(self) -> bool:
        previous = self.history.undo(self.service)
        if previous is None:
            return False
        self.service = previous
        self.publish(Change(UNDO))
        return True

    def redo(self) -> bool:
        following = self.history.redo(self.service)
        if following is None:
            return False
        self.service = following
        self.publish(Change(REDO))
        return True

    def replace(self, service: Service, label: str) -> None:
        """Put ``service`` in place of the model as one undoable step (a reload, a restored copy)."""
        self.history.seal()
        self.history.record(self.service)
        self.history.seal()
        self.service = service
        self.publish(Change(LOAD, label))

    # ----- what the preview shows -----------------------------------------------------------

    @property
    def editing(self) -> bool:
        return self.original_text is not None

    def serverless_yml(self) -> str:
        """What saving writes: a new file, or the opened file with only the changes made."""
        if not self.editing:
            return render_serverless_yml(self.service)
        try:
            text = apply(self.original_text, self._base, self.service)
        except Exception as exc:  # noqa: BLE001 - any failure to place a change is reported, never raised
            self.edit_error = f"serverless.yml: this change cannot be written into the file as it is ({exc})"
            return self.original_text
        self.edit_error = None
        return text

    def diff(self, text: str | None = None) -> str:
        """The unified diff of serverless.yml against the file on disk (editing only)."""
        if not self.editing:
            return ""
        text = self.serverless_yml() if text is None else text
        return "".join(difflib.unified_diff(self.original_text.splitlines(True), text.splitlines(True),
                                            "serverless.yml (on disk)", "serverless.yml (to save)"))

    def compile(self, text: str | None = None) -> CompileResult:
        """The compile of ``text``, the serverless.yml saving writes (rendered here when not given)."""
        if text is None:
            text = self.serverless_yml()
        if self._cache is None or self._cache[0] != text:
            self._cache = (text, self._compile_text(text))
        return self._cache[1]

    def _compile_text(self, text: str) -> CompileResult:
        # Confined, the folder typed in Review only names the download: `${file()}` reads inside
        # the folder the session started in (a browser session's empty sandbox), never inside
        # `/` or `../../..` because a visitor typed that there.
        folder = self.home if self.confined else self.directory
        path = os.path.join(folder, "serverless.yml")
        env = dict(os.environ) if self.editing else {}
        return compile_text(text, path, env=env, lenient=True, service_dir=folder, confined=self.confined)

    def dirty_for(self, text: str) -> bool:
        """Whether ``text`` (what saving would write now) holds work that is nowhere else."""
        return text != (self.saved_text if self.saved_text is not None else self.start_text)

    @property
    def dirty(self) -> bool:
        return self.dirty_for(self.serverless_yml())

    # ----- findings -----------------------------------------------------------------------------

    @staticmethod
    def fingerprint(diagnostic) -> tuple:
        return (diagnostic.code, tuple(diagnostic.path), diagnostic.message)

    def expect_current_findings(self) -> None:
        """Take what the model compiles to now as the starting point's own findings (errors excepted)."""
        self.expected = frozenset(self.fingerprint(d) for d in self.compile().diagnostics if d.severity != ERROR)

    def shown(self, diagnostics) -> list:
        """The findings to raise as the user's problems: all but those the starting point had."""
        if not self.expected:
            return list(diagnostics)
        return [d for d in diagnostics if self.fingerprint(d) not in self.expected]

    def known(self, diagnostics) -> list:
        """The starting point's own findings that still hold (said in Review instead)."""
        return [d for d in diagnostics if self.fingerprint(d) in self.expected]
