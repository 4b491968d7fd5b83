"""Where the wizard's Send runs the functions from: the project's folder, or the files saving would write.

A project the wizard opened (``edit``) or has saved has its handlers on disk: Send runs
them there, as ``httpapi-wizard run`` would, so the code the user edits is the code that
answers. A new project that was never written has no handler on disk yet (in a browser,
saving downloads a zip, so it never has): Send runs the files saving would write (the
scaffolded handlers, package.json, ...) from a private folder instead. Refusing until the
project is saved would stop a workshop attendee one step short of the answer they came
for, and the files run are exactly those the first save creates, so nothing they see
changes when they save. A function whose handler file is not in the folder (added since
the project was saved) is named, so the user knows which file to write.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from ..scaffold import plan_project

# Lambda's Node.js runtime looks for the handler's module with these extensions, in order;
# Python's for a module file.
_EXTENSIONS = {"node": (".js", ".mjs", ".cjs"), "python": (".py",)}


@dataclass(frozen=True)
class RunSource:
    """``folder``: the project folder the functions run from; None: run ``staged`` (relative
    path, text) from a private folder. ``missing``: function key -> the handler file (relative
    to ``folder``) it needs that the folder lacks. ``said``: one sentence for the user."""

    folder: str | None
    staged: tuple[tuple[str, str], ...] = ()
    missing: dict[str, str] = field(default_factory=dict)
    said: str = ""


def on_disk(session) -> bool:
    """Whether the project's files are in its folder: an opened file, or a new project saved there."""
    if session.editing:
        return True
    return session.saved_text is not None and os.path.isfile(os.path.join(session.directory, "serverless.yml"))


def handler_files(service) -> dict[str, tuple[str, str]]:
    """Function key -> (language, module path without extension) for the functions a worker can run."""
    default_runtime = str(service.provider.runtime or "nodejs16.x")
    out = {}
    for key, fn in service.functions.items():
        if not isinstance(fn.handler, str) or fn.image:
            continue
        runtime = str(fn.runtime or default_runtime)
        language = "node" if runtime.startswith("nodejs") else "python" if runtime.startswith("python") else None
        module, _, export = fn.handler.rpartition(".")
        if language and module and export:
            out[key] = (language, module.removeprefix("./"))
    return out


def run_source(session) -> RunSource:
    """Where Send runs ``session``'s functions from now (see the module's docstring)."""
    service = session.service
    if not on_disk(session):
        planned = plan_project(service)
        return RunSource(None, staged=tuple((item.relpath, item.text) for item in planned),
                         said="The project is not saved yet: Send runs the handlers saving will write, from a "
                              "temporary folder.")
    folder = os.path.abspath(session.directory)
    missing = {}
    for key, (language, module) in handler_files(service).items():
        base = os.path.join(folder, module)
        if not any(os.path.isfile(base + ext) for ext in _EXTENSIONS[language]):
            missing[key] = module + _EXTENSIONS[language][0]
    return RunSource(folder, missing=missing, said=f"Send runs the handlers in {folder}.")
