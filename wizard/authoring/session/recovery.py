"""A recovery copy of unsaved work, so that no crash, closed terminal or kill loses it.

Copies live outside the project (never where ``serverless package`` would zip them), in
the user's state folder: ``$HTTPAPI_WIZARD_STATE_DIR``, else ``$XDG_STATE_HOME/httpapi-wizard``,
else ``~/.local/state/httpapi-wizard``; under ``recovery/<folder name>-<hash of its path>/``,
one JSON file per wizard run (two wizards on one project never overwrite each other's),
readable by the user only. Each holds the serverless.yml that saving would have written,
the template's path, and for an opened file the digest it had when opened.

The wizard writes its copy a moment after each change, deletes it once the work is saved
(or is back to what is on disk, or the user quits discarding it), and keeps it when it
ends any other way. The next start on the same project offers the newest copy back.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import os
import tempfile

from ..user_state import state_dir

__all__ = ["FORMAT", "RecoveryCopy", "RecoveryStore", "state_dir"]

FORMAT = 1


class RecoveryCopy:
    """One copy as read back: what it holds and where it is."""

    __slots__ = ("path", "project", "mode", "text", "template_path", "opened_digest", "written_at")

    def __init__(self, path: str, project: str, mode: str, text: str, template_path: str, opened_digest: str | None,
                 written_at: str) -> None:
        self.path = path
        self.project = project
        self.mode = mode  # "new" (a project not saved yet) or "edit" (an opened serverless.yml)
        self.text = text
        self.template_path = template_path
        self.opened_digest = opened_digest
        self.written_at = written_at

    @property
    def when(self) -> str:
        """When it was written, in words a person reads (local time)."""
        try:
            moment = datetime.datetime.fromisoformat(self.written_at)
        except ValueError:
            return self.written_at
        return moment.astimezone().strftime("%Y-%m-%d %H:%M:%S")


class RecoveryStore:
    """The recovery copies of one project folder; ``own`` is this run's copy."""

    def __init__(self, project: str, root: str | None = None) -> None:
        self.project = os.path.abspath(project)
        name = os.path.basename(self.project.rstrip(os.sep)) or "project"
        safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in name)[:40]
        tag = hashlib.sha256(self.project.encode("utf-8", "surrogatepass")).hexdigest()[:12]
        self.folder = os.path.join(root or os.path.join(state_dir(), "recovery"), f"{safe}-{tag}")
        stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y%m%dT%H%M%S%f")
        self.own = os.path.join(self.folder, f"{stamp}-{os.getpid()}.json")

    def write(self, session) -> str:
        """Write (or replace) this run's copy of ``session``, atomically; returns its path."""
        record = {
            "format": FORMAT,
            "project": self.project,
            "mode": "edit" if session.editing else "new",
            "text": session.serverless_yml(),
            "template_path": session.template_path,
            "opened_digest": session.original_digest,
            "written_at": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        }
        os.makedirs(self.folder, mode=0o700, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=self.folder)  # mkstemp: 0600
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(record, handle, indent=1)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, self.own)
        except BaseException:
            try:
                os.unlink(tmp)
            except OSError:
                pass
            raise
        return self.own

    def discard_own(self) -> None:
        _unlink(self.own)

    def others(self) -> list[RecoveryCopy]:
        """The copies left by other runs, newest first (unreadable ones are skipped)."""
        try:
            names = sorted((n for n in os.listdir(self.folder) if n.endswith(".json")), reverse=True)
        except OSError:
            return []
        copies = []
        for name in names:
            path = os.path.join(self.folder, name)
            if path == self.own:
                continue
            copy = _read(path)
            if copy is not None and copy.project == self.project:
                copies.append(copy)
        return copies

    def newest(self) -> RecoveryCopy | None:
        found = self.others()
        return found[0] if found else None

    def discard_others(self) -> int:
        """Delete every other run's copy (the user restored the newest or discarded it); returns how many."""
        found = self.others()
        for copy in found:
            _unlink(copy.path)
        return len(found)


def _read(path: str) -> RecoveryCopy | None:
    try:
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
        if data.get("format") != FORMAT or not isinstance(data.get("text"), str):
            return None
        return RecoveryCopy(path, str(data["project"]), str(data.get("mode", "new")), data["text"],
                            str(data.get("template_path") or ""), data.get("opened_digest"), str(data.get("written_at", "")))
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def _unlink(path: str) -> None:
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass
