"""Which files of the service changed: a poll of modification times, no dependencies.

Only code and configuration count (a log the server's output is redirected into must not
restart the workers on every request); folders that hold no source of the service
(dependencies, build output, caches, version control) are skipped, so a poll of a
typical project costs well under a millisecond.
"""

from __future__ import annotations

import asyncio
import os

SKIPPED = {"node_modules", ".git", ".hg", ".serverless", "__pycache__", ".venv", "venv", ".pytest_cache",
           ".mypy_cache", ".ruff_cache", ".idea", ".vscode", ".build", "coverage", ".nyc_output"}
MAX_FILES = 20000
WATCHED = (".js", ".mjs", ".cjs", ".py", ".json", ".yml", ".yaml", ".env")


def snapshot(root: str) -> dict[str, tuple[int, int]]:
    """Relative path -> (mtime_ns, size) of the service's files (at most MAX_FILES)."""
    found: dict[str, tuple[int, int]] = {}
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if d not in SKIPPED and not d.startswith(".")]
        for name in files:
            if not name.endswith(WATCHED) or name.startswith(".#"):
                continue  # not code or configuration, or an editor's lock file
            path = os.path.join(folder, name)
            try:
                stat = os.stat(path)
            except OSError:
                continue
            found[os.path.relpath(path, root)] = (stat.st_mtime_ns, stat.st_size)
            if len(found) >= MAX_FILES:
                return found
    return found


def changed(before: dict, after: dict) -> list[str]:
    """Paths added, removed or modified between two snapshots, sorted."""
    return sorted({p for p in before.keys() | after.keys() if before.get(p) != after.get(p)})


class Watcher:
    """Calls ``on_change(paths)`` when files under ``root`` change, polling every ``interval`` s."""

    def __init__(self, root: str, on_change, interval: float = 0.5) -> None:
        self.root = root
        self.on_change = on_change
        self.interval = interval
        self.state = snapshot(root)

    async def run(self) -> None:
        while True:
            await asyncio.sleep(self.interval)
            state = await asyncio.to_thread(snapshot, self.root)
            paths = changed(self.state, state)
            self.state = state
            if paths:
                await self.on_change(paths)
