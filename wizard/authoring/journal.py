"""Saving several files as one: staged, journaled, committed in order, recovered on the next open.

A save replaces some files of a project (serverless.yml, the template, their ``.bak``
backups, a new project's handlers). Each replacement is one ``rename``, atomic on its own;
the set is made atomic by a journal, in ``<project>/.serverless/httpapi-wizard-save/``:

1. every new content, and every content about to be replaced, is written there and
   flushed to disk (``N.next``, ``N.prev``); nothing in the project has changed yet;
2. ``journal.json`` is written (to a temporary name, then renamed): from here on the save
   is decided, and whoever finds the journal finishes it;
3. the renames run in an order whose every prefix leaves complete files only: the
   backups first (each ``.bak`` is a whole file, old or new), then the other files, and
   serverless.yml, the source of the rest, last;
4. the journal is removed, then the staging folder.

A save killed at any moment is finished (or, if a file it was replacing has been changed
since, undone) by :func:`recover`, which the next open runs: ``edit``, ``new``,
``Session.from_file`` and every save. Why ``.serverless``: ``serverless package`` never
zips it (its defaultExcludes), so a save cut short never ships its temporaries inside the
Lambda artifact. ``serverless package`` also deletes that folder: run between a crash and
the next open, it takes the journal with it (the project then keeps whatever the renames
had reached; each file is still whole).

Only this process's own names are ever deleted from the staging folder, the folder must be
a real folder (not a link), and a journal is acted on only when it is this user's own: a
cloned repository can ship a ``.serverless`` folder, and a journal it wrote would have the
next open rename files of its choosing into ``.git/hooks/`` (code that git runs). So every
journal carries an HMAC made with this user's key (user_state.journal_key, kept outside
every project), and every staged file must still hold the digest the journal records; a
journal that fails either, or names a file outside the project or inside the staging
folder, is not acted on: its temporaries are removed and the files stay as they are.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import re

from .safe_paths import check_name, kind, locate, read_regular, sync_folder, write_new
from .save_error import SaveError
from .user_state import journal_key

STAGING = (".serverless", "httpapi-wizard-save")
JOURNAL = "journal.json"
# 2: signed (an HMAC of the rest, "mac"); journals of version 1 were not, and are not trusted.
VERSION = 2
_OURS = re.compile(r"(?:\d+\.(?:next|prev)|journal\.json(?:\.tmp)?)\Z")
# What earlier versions left when a save was killed: `.serverless.yml.k3j_x9a2.tmp`
# (tempfile.mkstemp beside each file), and `compile -o`'s own temporaries.
_LEGACY = re.compile(r"\.(?P<name>.+)\.[a-z0-9_]{8}\.tmp\Z")
TEMP_SUFFIX = ".httpapi-wizard-tmp"


def sha(data: bytes | None) -> str | None:
    return None if data is None else hashlib.sha256(data).hexdigest()


def in_staging(relpath: str) -> bool:
    """Whether ``relpath`` (inside a project) names the staging folder or something in it."""
    return tuple(check_name(relpath)[:2]) == STAGING


class Operation:
    """Put ``next`` at ``dest`` (relative to the project), which held ``prev`` (None: nothing).

    ``checked``: a file the user may change by hand (not a backup): if it no longer holds
    ``prev`` when a recovery would replace it, the recovery undoes the save instead.
    """

    __slots__ = ("dest", "next", "prev", "mode", "checked")

    def __init__(self, dest: str, next: bytes, prev: bytes | None, mode: int, checked: bool) -> None:
        self.dest = dest
        self.next = next
        self.prev = prev
        self.mode = mode
        self.checked = checked


class Recovery:
    """What :func:`recover` did: ``completed`` or ``rolled back`` an interrupted save of
    ``files``, or ``cleaned`` temporaries an interrupted save left (``files``: their names)."""

    __slots__ = ("action", "files")

    def __init__(self, action: str, files: list[str]) -> None:
        self.action = action
        self.files = files

    @property
    def message(self) -> str:
        names = ", ".join(self.files)
        if self.action == "completed":
            return f"an interrupted save was completed: {names} now hold what was being saved"
        if self.action == "rolled back":
            return f"an interrupted save was undone ({names} changed since): the files are as they were before it"
        return f"removed temporary files an interrupted save left: {names}"

    def __repr__(self) -> str:
        return f"Recovery({self.action!r}, {self.files!r})"


class _Staging:
    """The staging folder, locked for this process while it is open."""

    def __init__(self, root: str, create: bool) -> None:
        self.root = root
        self.parent = os.path.join(root, STAGING[0])
        self.path = os.path.join(self.parent, STAGING[1])
        self.fd: int | None = None
        self.create = create

    def open(self) -> bool:
        """Lock the folder (creating it if asked); False when there is none, or another save holds it."""
        for name, path in ((STAGING[0], self.parent), ("/".join(STAGING), self.path)):
            what = kind(path)
            if what is None:
                if not self.create:
                    if path == self.path:
                        try:
                            os.rmdir(self.parent)  # a save killed just after making it leaves it empty
                        except OSError:
                            pass
                    return False
                try:
                    os.mkdir(path)
                except FileExistsError:
                    pass
                except OSError as exc:
                    raise SaveError(f"{name}: cannot create the folder saves are prepared in ({exc.strerror or exc}); "
                                    "nothing was written") from None
            elif what != "folder":
                raise SaveError(f"{name}: saves are prepared in this folder, but it is a {what}, not a folder; "
                                "nothing was written (remove it)")
        try:
            fd = os.open(self.path, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_NOFOLLOW", 0))
        except OSError as exc:
            raise SaveError(f"{'/'.join(STAGING)}: cannot open the folder saves are prepared in ({exc.strerror or exc}); "
                            "nothing was written") from None
        try:
            import fcntl
        except ImportError:  # pragma: no cover - Windows: no advisory locks
            self.fd = fd
            return True
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            if self.create:
                raise SaveError("another save of this project is in progress; nothing was written") from None
            return False
        self.fd = fd
        return True

    def file(self, name: str) -> str:
        return os.path.join(self.path, name)

    def names(self) -> list[str]:
        try:
            return sorted(os.listdir(self.path))
        except OSError:
            return []

    def clear(self, folders: bool = True) -> list[str]:
        """Delete our own files, then (``folders``) the folder, and ``.serverless`` if that leaves it empty."""
        removed = []
        for name in self.names():
            if _OURS.match(name) and kind(self.file(name)) == "file":
                try:
                    os.unlink(self.file(name))
                    removed.append(name)
                except OSError:
                    pass
        for path in (self.path, self.parent) if folders else ():
            try:
                os.rmdir(path)  # an empty .serverless too: `serverless package` makes it again
            except OSError:
                break  # not empty (someone else's files, or `serverless package` output): left alone
        return removed

    def close(self) -> None:
        if self.fd is not None:
            os.close(self.fd)  # releases the lock
            self.fd = None


def commit(root: str, operations: list[Operation]) -> None:
    """Apply ``operations`` (in this order) to the project at ``root`` as one change.

    Raises SaveError when nothing was changed, or everything was put back.
    """
    staging = _Staging(root, create=True)
    staging.open()
    try:
        try:
            _recover_locked(root, staging, final=False)
        except OSError as exc:
            raise SaveError(f"{'/'.join(STAGING)}: an interrupted save cannot be finished ({exc.strerror or exc}); "
                            "nothing was written") from None
        _legacy_temporaries(root)
        _stage(root, staging, operations)
        journal = _journal(staging, operations, "commit")
        done = 0
        try:
            for index, op in enumerate(operations):
                os.replace(staging.file(f"{index}.next"), os.path.join(root, op.dest))
                done = index + 1
        except OSError as exc:
            where = operations[done].dest
            try:
                _write_journal(staging, "rollback", journal)
            except OSError:
                pass  # the commit journal stands: a recovery sees what changed and undoes it too
            failed = _roll_back(root, staging, journal)
            if failed:
                raise SaveError(f"{where}: cannot replace ({exc.strerror or exc}); {', '.join(failed)} could not be put "
                                "back yet: the next open of this project finishes it") from None
            os.unlink(staging.file(JOURNAL))
            staging.clear()
            raise SaveError(f"{where}: cannot replace ({exc.strerror or exc}); every file was put back") from None
        for folder in {os.path.dirname(os.path.join(root, op["dest"])) for op in journal}:
            sync_folder(folder)
        try:
            os.unlink(staging.file(JOURNAL))
        except OSError:
            return  # saved; the next recovery finds nothing left to do and removes the journal
        sync_folder(staging.path)
        staging.clear()
    finally:
        staging.close()


def _stage(root: str, staging: _Staging, operations: list[Operation]) -> None:
    try:
        device = os.stat(staging.path).st_dev
        for index, op in enumerate(operations):
            if os.stat(os.path.dirname(os.path.join(root, op.dest))).st_dev != device:
                raise SaveError(f"{op.dest}: is on another file system than the project's .serverless folder, where "
                                "saves are prepared; nothing was written")
            write_new(staging.file(f"{index}.next"), op.next, op.mode)
            if op.prev is not None:
                write_new(staging.file(f"{index}.prev"), op.prev, op.mode)
        sync_folder(staging.path)
    except OSError as exc:
        staging.clear()
        raise SaveError(f"{'/'.join(STAGING)}: cannot write ({exc.strerror or exc}); nothing was changed") from None
    except SaveError:
        staging.clear()
        raise


def _journal(staging: _Staging, operations: list[Operation], state: str) -> list[dict]:
    """Write the journal (atomically); returns its operations as recorded."""
    records = [{"dest": op.dest, "prev": sha(op.prev), "next": sha(op.next), "checked": op.checked} for op in operations]
    try:
        _write_journal(staging, state, records)
    except OSError as exc:
        if state == "commit":
            staging.clear()
            raise SaveError(f"{'/'.join(STAGING)}: cannot write ({exc.strerror or exc}); nothing was changed") from None
        raise
    return records


def _signature(key: bytes, state: str, records: list) -> str:
    body = json.dumps({"version": VERSION, "state": state, "operations": records}, sort_keys=True, separators=(",", ":"))
    return hmac.new(key, body.encode("utf-8"), hashlib.sha256).hexdigest()


def _write_journal(staging: _Staging, state: str, records: list[dict]) -> None:
    data = {"version": VERSION, "state": state, "operations": records}
    key = journal_key()
    if key is not None:  # without one (a read-only home) the journal is written, and never acted on
        data["mac"] = _signature(key, state, records)
    tmp = staging.file(JOURNAL + ".tmp")
    if kind(tmp) == "file":
        os.unlink(tmp)
    write_new(tmp, json.dumps(data, indent=1).encode("utf-8"), 0o600)
    os.replace(tmp, staging.file(JOURNAL))
    sync_folder(staging.path)


def _current(root: str, dest: str) -> str | None:
    try:
        return sha(read_regular(os.path.join(root, dest)))
    except (OSError, SaveError):
        return "unreadable"


def _roll_back(root: str, staging: _Staging, records: list[dict]) -> list[str]:
    """Undo the operations that were done (their ``next`` is in place); the names that could not be."""
    failed = []
    for index in reversed(range(len(records))):
        op = records[index]
        if os.path.exists(staging.file(f"{index}.next")):
            continue  # never done
        if _current(root, op["dest"]) != op["next"]:
            continue  # changed since, or already put back: left as it is
        dest = os.path.join(root, op["dest"])
        try:
            if op["prev"] is None:
                os.unlink(dest)
            elif os.path.exists(staging.file(f"{index}.prev")):
                os.replace(staging.file(f"{index}.prev"), dest)
        except OSError:
            failed.append(op["dest"])
    return failed


def recover(project: str) -> Recovery | None:
    """Finish or undo a save of ``project`` that was cut short; remove what it left.

    Returns what was done, or None when there was nothing to do (or another save of the
    project is running right now). Never raises for what it finds: a journal it cannot
    trust is ignored, and what it cannot do now is tried again on the next open. The
    wizard calls it before it opens a project.
    """
    if "\0" in project:
        return None  # no such folder can exist
    root = os.path.realpath(project)
    if not os.path.isdir(root):
        return None
    legacy = _legacy_temporaries(root)
    staging = _Staging(root, create=False)
    try:
        if not staging.open():
            return Recovery("cleaned", legacy) if legacy else None
        return _recover_locked(root, staging, legacy)
    except (OSError, SaveError):
        return Recovery("cleaned", legacy) if legacy else None
    finally:
        staging.close()


def _recover_locked(root: str, staging: _Staging, legacy: list[str] | None = None, final: bool = True) -> Recovery | None:
    """Recover with the staging folder locked; ``final``: remove the folder after (not when a save follows)."""
    legacy = legacy or []
    journal = _read_journal(root, staging)
    if journal is None:
        leftovers = staging.clear(final)
        names = legacy + [f"{'/'.join(STAGING)}/{n}" for n in leftovers]
        return Recovery("cleaned", names) if names else None
    state, records = journal
    files = [op["dest"] for op in records if op.get("checked")]
    if state == "commit":
        pending = [(i, op) for i, op in enumerate(records) if os.path.exists(staging.file(f"{i}.next"))]
        if all(not op.get("checked") or _current(root, op["dest"]) == op.get("prev") for _, op in pending):
            for index, op in pending:
                os.replace(staging.file(f"{index}.next"), os.path.join(root, op["dest"]))
            for folder in {os.path.dirname(os.path.join(root, op["dest"])) for op in records}:
                sync_folder(folder)
            os.unlink(staging.file(JOURNAL))
            staging.clear(final)
            return Recovery("completed", files)
        # A file the save was about to replace has changed since: the user's hand edit wins,
        # and what the save had already replaced is put back.
        _write_journal(staging, "rollback", records)
    if _roll_back(root, staging, records):
        return Recovery("rolled back", files)  # what could not be put back is tried again next time
    os.unlink(staging.file(JOURNAL))
    staging.clear(final)
    return Recovery("rolled back", files)


def _read(path: str) -> bytes:
    data = read_regular(path)
    if data is None:
        raise FileNotFoundError(path)
    return data


def _read_journal(root: str, staging: _Staging):
    """(state, operations) of a journal this user's save wrote, else None."""
    try:
        data = json.loads(_read(staging.file(JOURNAL)))
        state = data["state"]
        operations = data["operations"]
        if data.get("version") != VERSION or state not in ("commit", "rollback") or not isinstance(operations, list):
            return None
        key = journal_key(create=False)
        mac = data.get("mac")
        if key is None or not isinstance(mac, str) or not hmac.compare_digest(mac, _signature(key, state, operations)):
            return None  # not written by a save of this user's: a repository may ship one
        for index, op in enumerate(operations):
            if (not isinstance(op, dict) or not isinstance(op.get("dest"), str) or not isinstance(op.get("next"), str)
                    or not isinstance(op.get("prev"), (str, type(None))) or not isinstance(op.get("checked"), bool)):
                return None
            if in_staging(op["dest"]) or kind(locate(root, op["dest"])) in ("folder", "special"):
                return None
            # What is staged is what the journal recorded: a regular file (not a link) with its digest.
            for suffix, expected in (("next", op["next"]), ("prev", op["prev"])):
                staged = staging.file(f"{index}.{suffix}")
                if kind(staged) is not None and (kind(staged) != "file" or sha(read_regular(staged)) != expected):
                    return None
    except (OSError, ValueError, KeyError, TypeError, SaveError):
        return None
    return state, operations


def _legacy_temporaries(root: str) -> list[str]:
    """Remove the temporaries earlier versions left beside serverless.yml and the template."""
    removed = []
    try:
        names = os.listdir(root)
    except OSError:
        return removed
    for name in names:
        match = _LEGACY.match(name)
        legacy = match is not None and (match["name"] == "serverless.yml" or match["name"].endswith((".json", ".yml", ".yaml")))
        if (legacy or (name.startswith(".") and name.endswith(TEMP_SUFFIX))) and kind(os.path.join(root, name)) == "file":
            try:
                os.unlink(os.path.join(root, name))
                removed.append(name)
            except OSError:
                pass
    return removed
