"""Read a serverless.yml from disk into a raw configuration, variables resolved.

This is the whole of "loading": file -> YAML (js-yaml semantics) -> variables. Nothing
here knows what the keys mean; the model layer interprets them.
"""

from __future__ import annotations

import os

from ..diagnostics import ERROR, Diagnostic, PipelineError
from . import dotenv
from .variables import Options, Resolver
from .yaml_loader import load_yaml


class LoadedConfig:
    """The raw configuration and everything needed to point back into its file."""

    __slots__ = ("raw", "source_map", "diagnostics", "path", "service_dir", "options")

    def __init__(self, raw, source_map, diagnostics, path, service_dir, options):
        self.raw = raw
        self.source_map = source_map
        self.diagnostics = diagnostics
        self.path = path
        self.service_dir = service_dir
        self.options = options


def _file_error(path: str, code: str, message: str) -> PipelineError:
    return PipelineError([Diagnostic(code, ERROR, message, file=path)])


def read_bytes(path: str) -> bytes:
    """The file's bytes, or a PipelineError that says why not (never a traceback)."""
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except FileNotFoundError:
        raise _file_error(path, "CONFIG_NOT_FOUND", "no such file") from None
    except IsADirectoryError:
        raise _file_error(path, "CONFIG_NOT_FOUND", "is a directory, not a serverless.yml") from None
    except PermissionError:
        raise _file_error(path, "CONFIG_UNREADABLE", "permission denied") from None
    except OSError as exc:
        raise _file_error(path, "CONFIG_UNREADABLE", exc.strerror or str(exc)) from None


def decode_text(path: str, data: bytes) -> str:
    """``data`` as UTF-8 text (line ends as they are), or a PipelineError at the first bad byte."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        start = data.rfind(b"\n", 0, exc.start) + 1
        line = data.count(b"\n", 0, exc.start) + 1
        column = len(data[start : exc.start].decode("utf-8", errors="replace")) + 1
        message = (f"not UTF-8 text ({exc.reason}, byte 0x{data[exc.start]:02x} at offset {exc.start}); "
                   "save it as UTF-8")
        raise PipelineError([Diagnostic("CONFIG_UNREADABLE", ERROR, message, file=path, line=line, column=column)]) from None


def read_text(path: str) -> str:
    """The file's text with ``\n`` line ends, or a PipelineError that says why not (never a traceback)."""
    return decode_text(path, read_bytes(path)).replace("\r\n", "\n").replace("\r", "\n")


def _load_included(text: str, filename: str):
    return load_yaml(text, filename)[0]


def load_config_text(
    text: str,
    path: str = "serverless.yml",
    *,
    options: Options | None = None,
    env: dict | None = None,
    lenient: bool = False,
    service_dir: str | None = None,
    confined: bool = False,
) -> LoadedConfig:
    """Parse and resolve ``text`` as the serverless.yml at ``path``.

    ``confined`` takes the text as untrusted: no environment (``env`` and ``.env`` files are
    ignored) and no file outside ``service_dir`` (see ``variables.Resolver``).
    """
    options = options or Options()
    env = {} if confined else dict(os.environ if env is None else env)
    service_dir = service_dir or os.path.dirname(os.path.abspath(path))
    raw, source_map = load_yaml(text, path)
    if not isinstance(raw, dict):
        # Serverless's words (lib/configuration/read.js), then ours
        refused = f'Invalid configuration at "{os.path.basename(path)}": Plain object expected: '
        reason, detail = (("CONFIG_EMPTY", "the file is empty") if raw is None else
                          ("CONFIG_NOT_A_MAPPING", "serverless.yml must be a mapping of keys to values"))
        raise PipelineError([Diagnostic("INVALID_CONFIGURATION_EXPORT", ERROR, refused + detail, file=path, line=1,
                                        column=1, reason=reason)])
    resolver = Resolver(
        raw,
        options=options,
        env=env,
        service_dir=service_dir,
        source_map=source_map,
        lenient=lenient,
        file_loader=_load_included,
        confined=confined,
    )
    try:
        if raw.get("useDotenv") is True and not confined:
            dotenv.load(service_dir, resolver.first_stage(), env)
        diagnostics = resolver.resolve_all()
    finally:
        resolver.close()
    return LoadedConfig(raw, source_map, diagnostics, path, service_dir, options)


def load_config(path: str, **kwargs) -> LoadedConfig:
    return load_config_text(read_text(path), path, **kwargs)
