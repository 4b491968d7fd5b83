"""A design session: the service being built, its history, and what it compiles to.

This is what the wizard's screens call; it holds no Textual code. The session is put
together from one class per job:

- ``state``: the model, undo/redo (``history``), the change signal and the preview compile;
- ``edits``: every change to the model, each one undoable step;
- ``probes``: what-if questions for forms, answered by the compiler and the checks;
- ``files``: opening a project, and what saving writes (``recovery``: copies of unsaved work).
"""

from __future__ import annotations

from .edits import METHODS, Edits
from .files import DEFAULT_TEMPLATE, ProjectFiles
from .probes import Probes
from .state import EDIT, LOAD, REDO, SAVED, TARGET, UNDO, Change, SessionState


class Session(ProjectFiles, Probes, Edits, SessionState):
    """The model and everything the wizard does with it (see the modules named above)."""


__all__ = ["Session", "Change", "METHODS", "DEFAULT_TEMPLATE", "EDIT", "UNDO", "REDO", "LOAD", "SAVED", "TARGET"]
