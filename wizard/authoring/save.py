"""Save a set of project files so that a save either happens whole or changes nothing.

Rules: every path stays inside the project folder; a file that changed on disk since
it was read is not overwritten; handler files that exist are never overwritten; the
previous version of an overwritten file is kept as ``<name>.bak``. All new contents are
written to temporary files in their folders first; only when all of them exist are they
renamed into place, and a failure during the renames puts back what was already moved.
"""

from __future__ import annotations

import hashlib
import os
import tempfile


class SaveError(Exception):
    """The save did not happen; no file was changed. The message names the file and why."""


def digest(text: str | bytes) -> str:
    data = text.encode("utf-8") if isinstance(text, str) else text
    return hashlib.sha256(data).hexdigest()


def file_digest(path: str) -> str | None:
    try:
        with open(path, "rb") as handle:
            return digest(handle.read())
    except FileNotFoundError:
        return None


class PlannedFile:
    """One file to write. ``expected``: the digest read earlier (None: must not exist yet
    unless ``create_only`` is False); ``create_only``: never overwrite (handlers)."""

    __slots__ = ("relpath", "text", "expected", "create_only", "check_expected")

    def __init__(self, relpath: str, text: str, *, expected: str | None = None, create_only: bool = False,
                 check_expected: bool = False) -> None:
        self.relpath = relpath
        self.text = text
        self.expected = expected
        self.create_only = create_only
        self.check_expected = check_expected


def resolve_inside(project: str, relpath: str) -> str:
    """The absolute path of ``relpath`` in ``project``; refuses anything that leaves it."""
    if os.path.isabs(relpath):
        raise SaveError(f"{relpath}: an absolute path cannot be part of the project; use a path inside {project}")
    root = os.path.realpath(project)
    full = os.path.realpath(os.path.join(root, relpath))
    if os.path.commonpath([root, full]) != root:
        raise SaveError(f"{relpath}: this path leads outside the project folder {project}; nothing was written")
    return full


def save(project: str, files: list[PlannedFile], backups: bool = True, create_dirs: bool = True) -> list[str]:
    """Write ``files`` under ``project``; returns the paths written (skipped handlers excluded).

    ``create_dirs``: make missing folders (scaffolding); otherwise a missing folder is an error.
    """
    plan: list[tuple[PlannedFile, str]] = []
    for item in files:
        full = resolve_inside(project, item.relpath)
        current = file_digest(full)
        if item.create_only and current is not None:
            continue  # an existing handler is the user's code
        if item.check_expected and current != item.expected:
            state = "was created" if item.expected is None else ("was deleted" if current is None else "changed")
            raise SaveError(f"{item.relpath}: the file {state} on disk since it was opened; nothing was written "
                            "(reopen it, or save elsewhere)")
        plan.append((item, full))
    staged: list[tuple[str, str]] = []
    try:
        for item, full in plan:
            folder = os.path.dirname(full)
            if create_dirs:
                os.makedirs(folder, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{os.path.basename(full)}.", suffix=".tmp", dir=folder)
            staged.append((tmp, full))
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
                handle.write(item.text)
                handle.flush()
                os.fsync(handle.fileno())
            # mkstemp makes 0600 files: give new files the usual mode, keep an existing file's
            os.chmod(tmp, os.stat(full).st_mode & 0o7777 if os.path.exists(full) else 0o666 & ~_umask())
    except OSError as exc:
        _discard(staged)
        where = os.path.relpath(staged[-1][1], project) if staged else project
        raise SaveError(f"{where}: cannot write ({exc.strerror or exc}); nothing was changed") from None
    moved: list[tuple[str, str | None]] = []
    for tmp, full in staged:
        backup = full + ".bak" if backups and os.path.exists(full) else None
        try:
            if backup is not None:
                with open(full, "rb") as src, open(backup, "wb") as dst:
                    dst.write(src.read())
            os.replace(tmp, full)
        except OSError as exc:
            if backup is not None and os.path.exists(backup):
                os.unlink(backup)  # the replace failed, so the original is still in place
            _roll_back(moved)
            _discard(staged)
            where = os.path.relpath(full, project)
            raise SaveError(f"{where}: cannot replace ({exc.strerror or exc}); every file was put back") from None
        moved.append((full, backup))
    return [full for _, full in staged]


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _discard(staged) -> None:
    for tmp, _ in staged:
        try:
            os.unlink(tmp)
        except OSError:
            pass


def _roll_back(moved) -> None:
    for full, backup in reversed(moved):
        try:
            if backup is not None:
                os.replace(backup, full)
            else:
                os.unlink(full)
        except OSError:
            pass


def save_service(project: str, serverless_yml: str, template: dict | None, *, opened_digest: str | None = None,
                 opened: bool = False, template_path: str = "cloudformation-template-update-stack.json",
                 template_format: str = "json") -> list[str]:
    """Save serverless.yml and, beside it, the CloudFormation it compiles to, together.

    ``opened``: the serverless.yml was read from disk with ``opened_digest``; if it has
    changed since, nothing is written. The template is JSON as Serverless writes it, or YAML.
    """
    from ..compiling.output import to_json, to_yaml

    files = [PlannedFile("serverless.yml", serverless_yml, expected=opened_digest, check_expected=opened)]
    if template is not None:
        text = to_yaml(template) if template_format == "yaml" else to_json(template)
        files.append(PlannedFile(template_path, text))
    return save(project, files)
