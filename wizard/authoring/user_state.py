"""The wizard's own files, kept outside every project: where they go, and the key that signs save journals.

The state folder is ``$HTTPAPI_WIZARD_STATE_DIR``, else ``$XDG_STATE_HOME/httpapi-wizard``,
else ``~/.local/state/httpapi-wizard``: recovery copies of unsaved work, the wizard's error
log, and ``save-journal.key``.

Why a key: a save cut short is finished by the next open of the project from a journal in
the project's ``.serverless`` folder (journal.py). A cloned repository is untrusted, and it
can ship that folder: a journal it wrote itself would have the next ``edit`` rename its
files anywhere inside the project, ``.git/hooks/`` included, where git itself never writes
a file from a repository. So journals are signed with a secret that lives here, out of
every repository's reach; a journal without the signature of this user's key is not acted on.
"""

from __future__ import annotations

import os
import secrets
import stat

_ENV = "HTTPAPI_WIZARD_STATE_DIR"
KEY_FILE = "save-journal.key"
KEY_BYTES = 32


def state_dir() -> str:
    """The folder for the wizard's own files (recovery copies, its error log, the journal key)."""
    if os.environ.get(_ENV):
        return os.environ[_ENV]
    base = os.environ.get("XDG_STATE_HOME") or os.path.join(os.path.expanduser("~"), ".local", "state")
    return os.path.join(base, "httpapi-wizard")


def journal_key(create: bool = True) -> bytes | None:
    """This user's secret for signing save journals; made on first use (``create``).

    None when there is none and it cannot be made (a read-only home), or when the file is
    not one only this user can read and write: journals then go unsigned, and are not acted on.
    """
    path = os.path.join(state_dir(), KEY_FILE)
    key = _read_key(path)
    if key is not None or not create:
        return key
    try:
        os.makedirs(os.path.dirname(path), mode=0o700, exist_ok=True)
        # Written whole under a name of its own, then linked into place: a process that
        # reads the key never sees half of it, and of two processes making it at once
        # one wins and both use its key.
        temp = f"{path}.{secrets.token_hex(4)}.tmp"
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
        try:
            os.write(fd, secrets.token_bytes(KEY_BYTES))
            os.fsync(fd)
        finally:
            os.close(fd)
        try:
            os.link(temp, path)
        except FileExistsError:
            pass
        finally:
            os.unlink(temp)
    except OSError:
        return None
    return _read_key(path)


def _read_key(path: str) -> bytes | None:
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return None
        if os.name == "posix" and (info.st_mode & 0o077 or info.st_uid != os.geteuid()):
            return None  # others could read it (and sign), or write it: not a secret of this user's
        key = os.read(fd, KEY_BYTES + 1)
    except OSError:
        return None
    finally:
        os.close(fd)
    return key if len(key) == KEY_BYTES else None
