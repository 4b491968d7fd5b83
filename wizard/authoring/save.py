"""Save a set of project files so that a save either happens whole or changes nothing.

Rules: every path stays inside the project folder and reaches its file through no link
that leads out (safe_paths); a file that changed on disk since it was read is not
overwritten; handler files that exist are never overwritten; the previous version of an
overwritten file is kept as ``<name>.bak`` under ``.serverless/httpapi-wizard/`` (see
:func:`backup_of`). The files are committed together through a journal (journal.py): a
save killed at any moment is finished or undone by :func:`recover`, which every open of a
project (and every save) runs first.

Why ``.serverless/``: `serverless package` zips the project folder into the Lambda artifact,
leaving out only its default excludes (lib/plugins/package/lib/package-service.js:
``.serverless/**``, ``.git/**``, the serverless.yml itself, ...). A template or a backup beside
serverless.yml would ship in every function's zip (a backup of serverless.yml holds whatever
the file holds); under ``.serverless/`` they never do, and no ``package.patterns`` line has
to be added to the user's file. `serverless package` deletes that folder when it runs
(aws/common/lib/cleanup-temp-dir.js): the template it writes there replaces ours, and the
backups last until then.

Public API: ``SaveError``, ``PlannedFile``, ``save``, ``save_service``, ``recover`` (and
its ``Recovery``), ``digest``, ``file_digest``, ``resolve_inside``, ``backup_of``,
``left_out_of_package``, ``WIZARD_FOLDER``, ``DEFAULT_TEMPLATE``.
"""

from __future__ import annotations

import hashlib
import os

from .journal import STAGING, Operation, Recovery, commit, in_staging, recover
from .safe_paths import NAME_MAX, check_name, kind, locate, project_root, read_regular, umask
from .save_error import SaveError

__all__ = ["DEFAULT_TEMPLATE", "EARLIER_LOCATIONS", "WIZARD_FOLDER", "PlannedFile", "Recovery", "SaveError", "backup_of", "digest",
           "file_digest", "left_out_of_package", "recover", "resolve_inside", "save", "save_service"]

SERVERLESS_YML = "serverless.yml"
# The wizard's own files in a project: `serverless package` never zips .serverless/.
PACKAGE_EXCLUDED = ".serverless"
WIZARD_FOLDER = PACKAGE_EXCLUDED + "/httpapi-wizard"
# Where saving writes the CloudFormation template, relative to the project folder; not where
# `serverless package` writes its own (.serverless/cloudformation-template-update-stack.json),
# which `serverless deploy --package` pairs with the zip and the state file of that run.
DEFAULT_TEMPLATE = WIZARD_FOLDER + "/cloudformation-template-update-stack.json"


# Where versions before this one saved the template and the backups: beside serverless.yml,
# so `serverless package` zips them. Saving no longer writes there and never deletes them.
EARLIER_LOCATIONS = ("serverless.yml.bak", "cloudformation-template-update-stack.json",
                     "cloudformation-template-update-stack.json.bak")


def left_out_of_package(relpath: str) -> bool:
    """Whether `serverless package` leaves ``relpath`` (relative to the project) out of the zip,
    whatever the service's package.patterns: it is under ``.serverless/``."""
    parts = os.path.normpath(relpath).split(os.sep)
    return len(parts) > 1 and parts[0] == PACKAGE_EXCLUDED


def backup_of(relpath: str) -> str:
    """Where saving keeps the previous version of ``relpath`` (relative to the project).

    Beside it (``<name>.bak``) when it is under ``.serverless/`` already; otherwise at the same
    relative path under the wizard's folder: ``serverless.yml`` ->
    ``.serverless/httpapi-wizard/serverless.yml.bak``. Either way `serverless package` never zips it.
    """
    parts = check_name(relpath)
    if left_out_of_package(relpath):
        return os.path.join(*parts) + ".bak"
    return os.path.join(*WIZARD_FOLDER.split("/"), *parts) + ".bak"


def digest(text: str | bytes) -> str:
    data = text.encode("utf-8") if isinstance(text, str) else text
    return hashlib.sha256(data).hexdigest()


def file_digest(path: str) -> str | None:
    """The digest of the regular file at ``path`` (None if there is none); links are not followed."""
    data = read_regular(path)
    return None if data is None else digest(data)


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
    """The absolute path of ``relpath`` in ``project``; refuses anything that leaves it, by
    ``..``, by an absolute path, or through a folder that is a link out of it."""
    return locate(project_root(project), relpath, missing_ok=True)


def _refusal(relpath: str, what: str, full: str) -> SaveError:
    if what == "link":
        # Writing through it could change any file of the machine (a cloned repository can
        # ship `serverless.yml -> ~/.bashrc`); replacing it would silently turn the user's
        # link into a copy. So the save stops and says so.
        return SaveError(f"{relpath}: is a symbolic link (to {os.readlink(full)}); saving writes files, never through "
                         "links, so nothing was written: replace the link with the file itself, or save elsewhere")
    if what == "folder":
        return SaveError(f"{relpath}: a folder is in the way of this file; nothing was written")
    return SaveError(f"{relpath}: is not a regular file (a device, FIFO or socket); nothing was written")


def save(project: str, files: list[PlannedFile], backups: bool = True, create_dirs: bool = True) -> list[str]:
    """Write ``files`` under ``project``; returns the paths written (skipped handlers excluded).

    ``create_dirs``: make missing folders (scaffolding); otherwise a missing folder is an error.
    Everything is checked before anything is written.
    """
    root = project_root(project)
    if not os.path.isdir(root):
        raise SaveError(f"{project}: the project folder does not exist; nothing was written")
    recover(root)  # a save cut short before this one is finished (or undone) first
    plan: list[tuple[PlannedFile, str, bytes | None]] = []
    for item in files:
        if in_staging(item.relpath):
            raise SaveError(f"{item.relpath}: saves are prepared in {'/'.join(STAGING)}, so no file of the project can go "
                            "there; nothing was written")
        try:
            item.text.encode("utf-8")
        except UnicodeEncodeError as exc:  # a lone surrogate, from a pasted or mis-decoded name
            raise SaveError(f"{item.relpath}: holds {exc.object[exc.start:exc.end]!r}, which is no character UTF-8 can "
                            "write; nothing was written") from None
        full = locate(root, item.relpath, missing_ok=create_dirs)
        what = kind(full)
        if item.create_only and what is not None and what != "folder":
            continue  # an existing handler is the user's code (a link to it included)
        if what not in (None, "file"):
            raise _refusal(item.relpath, what, full)
        try:
            current = read_regular(full) if what == "file" else None
        except OSError as exc:
            raise SaveError(f"{item.relpath}: cannot read ({exc.strerror or exc}); nothing was written") from None
        if item.check_expected and (None if current is None else digest(current)) != item.expected:
            state = "was created" if item.expected is None else ("was deleted" if current is None else "changed")
            raise SaveError(f"{item.relpath}: the file {state} on disk since it was opened; nothing was written "
                            "(reopen it, or save elsewhere)")
        if backups and current is not None:
            _check_backup(root, item.relpath, full)
        plan.append((item, full, current))
    _check_distinct(root, plan, backups)
    try:
        operations, backup_operations = _operations(root, plan, backups, create_dirs)
    except OSError as exc:  # the project changed under us since the checks above
        raise SaveError(f"{project}: cannot prepare the save ({exc.strerror or exc}); nothing was written") from None
    if operations:
        # The backups first (each a whole file, old or new), serverless.yml last: it is the
        # source the rest is compiled from.
        commit(root, backup_operations + sorted(operations, key=lambda op: op.dest == SERVERLESS_YML))
    return [os.path.join(root, op.dest) for op in operations]


def _operations(root: str, plan, backups: bool, create_dirs: bool) -> tuple[list[Operation], list[Operation]]:
    mask = umask()
    operations: list[Operation] = []
    backup_operations: list[Operation] = []
    for item, full, current in plan:
        if current is None and create_dirs:
            locate(root, item.relpath, create_dirs=True)  # checked above: this only makes the missing folders
        relpath = os.path.relpath(full, root)
        mode = (os.lstat(full).st_mode & 0o7777) if current is not None else (0o666 & ~mask)
        if backups and current is not None:
            backup = backup_of(relpath)
            locate(root, backup, create_dirs=True)  # the backups' folders are ours: made whatever create_dirs says
            # A backup that is a link is replaced as a link (a rename never writes through it):
            # the .bak is ours, and a repository shipping `serverless.yml.bak -> ~/.bashrc`
            # must not turn the first save into a write to ~/.bashrc.
            previous = read_regular(os.path.join(root, backup)) if kind(os.path.join(root, backup)) == "file" else None
            backup_operations.append(Operation(backup, current, previous, mode, checked=False))
        operations.append(Operation(relpath, item.text.encode("utf-8"), current, mode, checked=True))
    return operations, backup_operations


def _check_backup(root: str, relpath: str, full: str) -> None:
    if len(os.fsencode(os.path.basename(full) + ".bak")) > NAME_MAX:
        raise SaveError(f"{relpath}: its backup's name would be over {NAME_MAX} bytes; nothing was written")
    backup = backup_of(os.path.relpath(full, root))
    what = kind(locate(root, backup, missing_ok=True))  # its folders: none a file, none a link out
    if what in ("folder", "special"):
        raise SaveError(f"{backup}: a {'folder' if what == 'folder' else 'special file'} is where the backup goes; "
                        "nothing was written")


def _check_distinct(root: str, plan, backups: bool) -> None:
    """Two files of one save never land on one path (a template named where a backup goes, say)."""
    seen: dict[str, str] = {}
    for item, full, current in plan:
        relpath = os.path.relpath(full, root)
        for dest, what in ((relpath, item.relpath), (backup_of(relpath) if backups and current is not None else None,
                                                     f"the backup of {item.relpath}")):
            if dest is None:
                continue
            if dest in seen:
                raise SaveError(f"{dest}: both {seen[dest]} and {what} would be written there; nothing was written")
            seen[dest] = what


def save_service(project: str, serverless_yml: str, template: dict | None, *, opened_digest: str | None = None,
                 opened: bool = False, template_path: str = DEFAULT_TEMPLATE,
                 template_format: str = "json") -> list[str]:
    """Save serverless.yml and the CloudFormation it compiles to (by default in the wizard's folder), together.

    ``opened``: the serverless.yml was read from disk with ``opened_digest``; if it has
    changed since, nothing is written. The template is JSON as Serverless writes it, or YAML.
    """
    from ..compiling.output import to_json, to_yaml

    files = [PlannedFile(SERVERLESS_YML, serverless_yml, expected=opened_digest, check_expected=opened)]
    if template is not None:
        text = to_yaml(template) if template_format == "yaml" else to_json(template)
        files.append(PlannedFile(template_path, text))
    return save(project, files)
