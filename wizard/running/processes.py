"""The processes a worker started, found by parentage rather than by process group.

A handler can start a process in a session of its own (Node's ``spawn(..., {detached:
true})``, Python's ``start_new_session=True``): killing the worker's process group
misses it, and it outlives the server. In Lambda nothing outlives its execution
environment, so stopping a worker also kills every process below it in the process
tree, whatever its group. Linux only (``/proc``); elsewhere the list is empty and the
process group is all that is stopped.
"""

from __future__ import annotations

import os


def descendants(pid: int) -> list[int]:
    """Every live process below ``pid`` in the process tree, parents before their children."""
    try:
        entries = os.listdir("/proc")
    except OSError:
        return []
    children: dict[int, list[int]] = {}
    for entry in entries:
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as handle:
                # "pid (comm) state ppid ...": comm may hold spaces and parentheses.
                fields = handle.read().rsplit(b")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if fields[0] != b"Z":
            children.setdefault(int(fields[1]), []).append(int(entry))
    found: list[int] = []
    todo = [pid]
    while todo:
        for child in children.get(todo.pop(), ()):
            found.append(child)
            todo.append(child)
    return found
