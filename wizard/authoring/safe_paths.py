"""Where a save may write: inside the project, through no link that leads out of it.

A cloned repository is untrusted input: it can ship ``serverless.yml.bak -> ~/.bashrc`` or a
``src`` folder that is a link to ``/etc``. Checking only the realpath of a file's folder is
not enough (the file itself may be the link), so every component of every path is looked at
with ``lstat``: folders may be links only when they lead back inside the project, and the
file itself is judged by the caller (a target that is a link is refused, a backup that is a
link is replaced as a link, never written through). Files are then opened with O_NOFOLLOW.
"""

from __future__ import annotations

import os
import stat

from .save_error import SaveError

# The longest file name Linux, macOS and Windows file systems accept, in bytes.
NAME_MAX = 255
# Without O_NOFOLLOW (Windows) the lstat checks above are all there is.
O_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
O_BINARY = getattr(os, "O_BINARY", 0)


def check_name(relpath: str) -> list[str]:
    """The components of ``relpath``, or a SaveError for a name no file system accepts."""
    if "\0" in relpath:
        raise SaveError(f"{relpath!r}: a file name cannot hold a NUL character; nothing was written")
    try:
        os.fsencode(relpath)
    except UnicodeError:
        raise SaveError(f"{relpath!r}: this name cannot be written on this system; nothing was written") from None
    if os.path.isabs(relpath):
        raise SaveError(f"{relpath}: an absolute path cannot be part of the project; use a path inside it")
    normal = os.path.normpath(relpath)
    parts = [] if normal == "." else normal.split(os.sep)
    if not parts or parts[0] == os.pardir:
        raise SaveError(f"{relpath}: this path leads outside the project folder; nothing was written")
    for part in parts:
        if len(os.fsencode(part)) > NAME_MAX:
            raise SaveError(f"{relpath}: the name {part[:40]}... is {len(os.fsencode(part))} bytes long; file systems "
                            f"accept {NAME_MAX} at most; nothing was written")
    return parts


def is_inside(root: str, path: str) -> bool:
    return path == root or os.path.commonpath([root, path]) == root


def project_root(project: str) -> str:
    """The project folder, links resolved (the user chose it, links and all)."""
    check_folder(project)
    return os.path.realpath(project)


def check_folder(folder: str) -> None:
    """A SaveError for a folder name no file system accepts (a NUL, a part over 255 bytes)."""
    if "\0" in folder:
        raise SaveError(f"{folder!r}: a folder name cannot hold a NUL character; nothing was written")
    for part in folder.split(os.sep):
        try:
            size = len(os.fsencode(part))
        except UnicodeError:
            raise SaveError(f"{folder!r}: this name cannot be written on this system; nothing was written") from None
        if size > NAME_MAX:
            raise SaveError(f"{folder}: the name {part[:40]}... is {size} bytes long; file systems accept {NAME_MAX} "
                            "at most; nothing was written")


def locate(root: str, relpath: str, *, create_dirs: bool = False, missing_ok: bool = False, shown: str | None = None) -> str:
    """The absolute path of ``relpath`` under ``root`` (a realpath), its folders checked.

    Every folder on the way must be a folder (or missing: created with ``create_dirs``,
    accepted unchecked with ``missing_ok`` since a folder still to be made is no link, else
    an error), and a folder that is a link must lead inside the project. The last component
    is not looked at: callers judge what may stand there.
    """
    shown = shown or relpath
    parts = check_name(relpath)
    current = root
    for index, part in enumerate(parts[:-1]):
        current = os.path.join(current, part)
        where = os.path.join(*parts[: index + 1])
        try:
            info = os.lstat(current)
        except FileNotFoundError:
            if missing_ok and not create_dirs:
                break
            if not create_dirs:
                raise SaveError(f"{shown}: the folder {where} does not exist; nothing was written") from None
            try:
                os.mkdir(current)
            except OSError as exc:
                raise SaveError(f"{shown}: cannot create the folder {where} ({exc.strerror or exc})") from None
            continue
        except OSError as exc:
            raise SaveError(f"{shown}: cannot look at {where} ({exc.strerror or exc})") from None
        if stat.S_ISLNK(info.st_mode):
            real = os.path.realpath(current)
            if not is_inside(root, real):
                raise SaveError(f"{shown}: the folder {where} is a link to {real}, outside the project; saving does "
                                "not follow links out of the project, nothing was written")
            if not os.path.isdir(real):
                raise SaveError(f"{shown}: {where} is a link to {real}, which is not a folder; nothing was written")
        elif not stat.S_ISDIR(info.st_mode):
            raise SaveError(f"{shown}: {where} is a file, not a folder; nothing was written")
    return os.path.join(root, *parts)


def kind(path: str) -> str | None:
    """What stands at ``path`` itself (links not followed): None, "file", "link", "folder" or "special"."""
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return None
    except NotADirectoryError:
        return None
    if stat.S_ISLNK(mode):
        return "link"
    if stat.S_ISREG(mode):
        return "file"
    if stat.S_ISDIR(mode):
        return "folder"
    return "special"


def read_regular(path: str) -> bytes | None:
    """The bytes of the regular file at ``path`` (None if there is none), never through a link.

    O_NONBLOCK: a FIFO put where a file was expected must not hang the save; it is refused.
    """
    try:
        fd = os.open(path, os.O_RDONLY | O_NOFOLLOW | O_BINARY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise SaveError(f"{path}: is not a regular file; nothing was written")
        chunks = []
        while True:
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                return b"".join(chunks)
            chunks.append(chunk)
    finally:
        os.close(fd)


def write_new(path: str, data: bytes, mode: int) -> None:
    """Create ``path`` (it must not exist: O_EXCL, no link followed) holding ``data``, flushed to disk."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | O_NOFOLLOW | O_BINARY, 0o600)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
        os.fsync(fd)
        try:
            os.fchmod(fd, mode)
        except AttributeError:  # pragma: no cover - Windows
            os.chmod(path, mode)
    finally:
        os.close(fd)


def sync_folder(path: str) -> None:
    """Flush a folder's entries (renames, creations) to disk where the system allows it."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:  # pragma: no cover - Windows cannot open folders
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover - some file systems refuse
        pass
    finally:
        os.close(fd)


def umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
