"""Read a serverless.yml for editing, keeping what its bytes look like on disk.

The editor and the wizard work on text with ``\\n`` line ends and no byte order mark;
saving must write the file back with its own newlines (CRLF stays CRLF, a missing final
newline stays missing) and its BOM, and must compare what is on disk with what was
read as bytes, never as newline-translated text (or a CRLF file would look "changed on
disk" forever).
"""

from __future__ import annotations

from typing import NamedTuple

from ..diagnostics import ERROR, Diagnostic, PipelineError
from ..loading.config import decode_text, read_bytes
from ..loading.yaml_loader import load_yaml
from .save import SaveError, digest

BOM = "\ufeff"


class OpenError(SaveError):
    """The file cannot be edited; ``diagnostic`` says where and why."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        self.diagnostic = diagnostic
        super().__init__(diagnostic.format())


def split_conventions(text: str) -> tuple[str, str, bool]:
    """``(body, newline, bom)``: ``text`` with ``\\n`` line ends and no BOM, and how to restore it.

    A file with one kind of line end (CRLF, LF or CR) is normalised to LF; a file that
    mixes them is kept as written (each line keeps its own end; lines added are LF).
    """
    bom = text.startswith(BOM)
    if bom:
        text = text[1:]
    cr = text.count("\r")
    if not cr:
        return text, "\n", bom
    lf = text.count("\n")
    crlf = text.count("\r\n")
    if crlf == cr == lf:
        return text.replace("\r\n", "\n"), "\r\n", bom
    if not lf:
        return text.replace("\r", "\n"), "\r", bom
    return text, "\n", bom


def join_conventions(body: str, newline: str, bom: bool) -> str:
    """The inverse of ``split_conventions``."""
    if newline != "\n":
        body = body.replace("\n", newline)
    return BOM + body if bom else body


class OpenedFile(NamedTuple):
    """A serverless.yml read for editing.

    ``text``: its content with ``\\n`` line ends and no BOM (what the editor works on);
    ``newline`` and ``bom``: how it is written on disk; ``digest``: of the bytes read.
    """

    path: str
    text: str
    newline: str
    bom: bool
    digest: str

    def on_disk(self, text: str) -> str:
        """``text`` (as the editor holds it) as this file writes it: its newlines, its BOM.
        Encoded as UTF-8, it is the bytes saving writes."""
        return join_conventions(text, self.newline, self.bom)

    def digest_of(self, text: str) -> str:
        """The digest of the bytes ``text`` becomes on disk (what the next save compares with)."""
        return digest(self.on_disk(text))


def _error(path: str, code: str, message: str, line: int | None = None, column: int | None = None) -> OpenError:
    return OpenError(Diagnostic(code, ERROR, message, file=path, line=line, column=column))


# Where the wizard edits, a mapping is needed; Serverless reads these keys as mappings too.
_MAPPINGS = {"provider": "settings such as name: aws", "functions": "functions by name"}


def _check_shape(path: str, text: str) -> None:
    try:
        data, source_map = load_yaml(text, path)
    except PipelineError as exc:
        raise OpenError(exc.diagnostics[0]) from None
    if data is None:
        raise _error(path, "CONFIG_EMPTY", "the file is empty")
    if not isinstance(data, dict):
        raise _error(path, "CONFIG_NOT_A_MAPPING",
                     f"the file is a {_kind(data)}, not a mapping of settings (service:, provider:, functions:)", 1, 1)
    for key, holds in _MAPPINGS.items():
        value = data.get(key)
        if key == "provider" and value == "aws":
            continue  # Serverless reads it as {name: aws}; the first provider setting changed writes that mapping out
        if value is not None and not isinstance(value, dict):
            _, line, column = source_map.locate((key,), value=True)
            raise _error(path, "EDIT-NOT-A-MAPPING", f"{key} is a {_kind(value)} here; edit needs a mapping of {holds}",
                         line, column)
    for name, function in (data.get("functions") or {}).items():
        if function is not None and not isinstance(function, dict):
            _, line, column = source_map.locate(("functions", name), value=True)
            raise _error(path, "EDIT-NOT-A-MAPPING",
                         f"functions.{name} is a {_kind(function)} here; edit needs a mapping (handler: ..., events: ...)",
                         line, column)


def _kind(value) -> str:
    if isinstance(value, list):
        return "list"
    if isinstance(value, str):
        return "string"
    return "scalar value"


def read_for_edit(path: str) -> OpenedFile:
    """Read ``path`` for editing; an OpenError (file, line, column, why) if it cannot be edited.

    Refused: a file that cannot be read, is not UTF-8, is not valid YAML, or whose
    document, ``provider``, ``functions`` or one function is not a mapping.
    """
    try:
        data = read_bytes(path)
        text, newline, bom = split_conventions(decode_text(path, data))
    except PipelineError as exc:
        raise OpenError(exc.diagnostics[0]) from None
    _check_shape(path, text)
    return OpenedFile(path, text, newline, bom, digest(data))
