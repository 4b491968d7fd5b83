"""A project as one zip archive: how the wizard running in a browser hands over its files.

One archive keeps the project's folders (``src/profile.js``) and its dot files
(``.gitignore``), which separate downloads lose: browsers save files flat and strip a
leading dot from their names.
"""

from __future__ import annotations

import io
import posixpath
import time
import zipfile

from .save import SaveError


def zip_project(folder: str, files: list[tuple[str, str]]) -> bytes:
    """The bytes of ``folder.zip``: every (relative path, text) under ``folder/``."""
    buffer = io.BytesIO()
    stamp = time.localtime()[:6]
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for relpath, text in files:
            name = posixpath.normpath(relpath.replace("\\", "/"))
            if name.startswith(("/", "../")) or name == "..":
                raise SaveError(f"{relpath}: this path leads outside the project folder {folder}; nothing was written")
            info = zipfile.ZipInfo(f"{folder}/{name}", date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16  # rw-r--r-- when unzipped, as `new` writes them
            archive.writestr(info, text.encode("utf-8"))
    return buffer.getvalue()
