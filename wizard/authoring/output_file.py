"""Write one output file the user named (``compile -o OUT``), whatever OUT is.

- a regular file (or nothing yet): written beside it and renamed over it, so it is
  never half-written; its mode is kept;
- a character device (``/dev/null``, ``/dev/stdout`` on a terminal) or a FIFO: written
  through, never replaced (as root, replacing ``/dev/null`` with a file breaks the machine);
  a FIFO is opened without blocking: if no process reads it, that is an error rather than
  a wait forever;
- a link is followed, as shell redirection follows it (the user named it): a link to a
  regular file replaces that file and keeps the link;
- a folder, a block device or a socket: an error, nothing written.
"""

from __future__ import annotations

import errno
import os
import re
import stat

from .journal import TEMP_SUFFIX
from .safe_paths import O_BINARY, sync_folder, umask, write_new
from .save_error import SaveError


def write_output(path: str, text: str) -> None:
    data = text.encode("utf-8")
    try:
        info = os.stat(path)
    except FileNotFoundError:
        info = None
    except (OSError, ValueError) as exc:  # ValueError: a NUL in the name
        shown = repr(path) if "\0" in path else path
        raise SaveError(f"{shown}: cannot write ({getattr(exc, 'strerror', None) or exc})") from None
    if info is None or stat.S_ISREG(info.st_mode):
        _replace(os.path.realpath(path) if os.path.islink(path) else path, data, info)
    elif stat.S_ISDIR(info.st_mode):
        raise SaveError(f"{path}: is a folder; name the file to write the template to (e.g. {os.path.join(path, 'template.json')})")
    elif stat.S_ISCHR(info.st_mode) or stat.S_ISFIFO(info.st_mode):
        _write_through(path, data, fifo=stat.S_ISFIFO(info.st_mode))
    else:
        what = "a block device" if stat.S_ISBLK(info.st_mode) else "a socket" if stat.S_ISSOCK(info.st_mode) else "not a file"
        raise SaveError(f"{path}: is {what}; the template goes to a file, a character device (/dev/null, /dev/stdout) or a FIFO")


def _write_through(path: str, data: bytes, fifo: bool) -> None:
    flags = os.O_WRONLY | O_BINARY | (os.O_NONBLOCK if fifo else 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if fifo and exc.errno == errno.ENXIO:
            raise SaveError(f"{path}: is a FIFO that no process is reading; start the reader first (nothing was written)") from None
        raise SaveError(f"{path}: cannot write ({exc.strerror or exc})") from None
    try:
        if fifo:
            os.set_blocking(fd, True)  # a reader is there: wait for it as a pipe does
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
    except OSError as exc:
        raise SaveError(f"{path}: cannot write ({exc.strerror or exc})") from None
    finally:
        os.close(fd)


def _replace(path: str, data: bytes, info) -> None:
    folder, name = os.path.split(os.path.abspath(path))
    _remove_stale(folder, name)
    temp = os.path.join(folder, f".{name}.{os.urandom(4).hex()}{TEMP_SUFFIX}")
    mode = stat.S_IMODE(info.st_mode) if info is not None else 0o666 & ~umask()
    try:
        write_new(temp, data, mode)
        os.replace(temp, path)
    except OSError as exc:
        try:
            os.unlink(temp)
        except OSError:
            pass
        raise SaveError(f"{path}: cannot write ({exc.strerror or exc}); the file was left as it was") from None
    sync_folder(folder)


def _remove_stale(folder: str, name: str) -> None:
    """Temporaries an earlier write of the same file left when it was killed."""
    pattern = re.compile(re.escape(f".{name}.") + r"[0-9a-f]{8}" + re.escape(TEMP_SUFFIX) + r"\Z")
    try:
        names = os.listdir(folder)
    except OSError:
        return
    for other in names:
        if pattern.match(other) and os.path.isfile(os.path.join(folder, other)) and not os.path.islink(os.path.join(folder, other)):
            try:
                os.unlink(os.path.join(folder, other))
            except OSError:
                pass
