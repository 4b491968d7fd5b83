"""Read a serverless.yml from disk into a raw configuration, variables resolved.

This is the whole of "loading": file -> YAML (js-yaml semantics) -> variables. Nothing
here knows what the keys mean; the model layer interprets them.
"""

from __future__ import annotations

import os

from ..diagnostics import ERROR, Diagnostic, PipelineError
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


def read_text(path: str) -> str:
    """The file's text, or a PipelineError that says why not (never a traceback)."""
    try:
        with open(path, encoding="utf-8") as handle:
            return handle.read()
    except FileNotFoundError:
        raise _file_error(path, "CONFIG_NOT_FOUND", "no such file") from None
    except IsADirectoryError:
        raise _file_error(path, "CONFIG_NOT_FOUND", "is a directory, not a serverless.yml") from None
    except PermissionError:
        raise _file_error(path, "CONFIG_UNREADABLE", "permission denied") from None
    except UnicodeDecodeError as exc:
        raise _file_error(path, "CONFIG_UNREADABLE", f"not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    except OSError as exc:
        raise _file_error(path, "CONFIG_UNREADABLE", exc.strerror or str(exc)) from None


def _load_included(text: str, filename: str):
    return load_yaml(text, filename)[0]


def _dotenv(service_dir: str, stage: str) -> dict:
    """``.env.<stage>`` (or ``.env``) as Serverless loads it when ``useDotenv`` is set."""
    for name in (f".env.{stage}", ".env"):
        full = os.path.join(service_dir, name)
        if os.path.isfile(full):
            values = {}
            with open(full, encoding="utf-8") as handle:
                for line in handle:
                    line = line.strip()
                    if not line or line.startswith("#") or "=" not in line:
                        continue
                    key, _, value = line.partition("=")
                    key = key.strip().removeprefix("export ").strip()
                    value = value.strip()
                    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
                        value = value[1:-1]
                    values[key] = value
            return values
    return {}


def load_config_text(
    text: str,
    path: str = "serverless.yml",
    *,
    options: Options | None = None,
    env: dict | None = None,
    lenient: bool = False,
    service_dir: str | None = None,
) -> LoadedConfig:
    """Parse and resolve ``text`` as the serverless.yml at ``path``."""
    options = options or Options()
    env = dict(os.environ if env is None else env)
    service_dir = service_dir or os.path.dirname(os.path.abspath(path))
    raw, source_map = load_yaml(text, path)
    if raw is None:
        raise PipelineError([Diagnostic("CONFIG_EMPTY", ERROR, "the file is empty", file=path, line=1, column=1)])
    if not isinstance(raw, dict):
        raise PipelineError(
            [Diagnostic("CONFIG_NOT_A_MAPPING", ERROR, "serverless.yml must be a mapping of keys to values", file=path, line=1, column=1)]
        )
    resolver = Resolver(
        raw,
        options=options,
        env=env,
        service_dir=service_dir,
        source_map=source_map,
        lenient=lenient,
        file_loader=_load_included,
    )
    if raw.get("useDotenv") is True:
        for key, value in _dotenv(service_dir, resolver.first_stage()).items():
            env.setdefault(key, value)
    diagnostics = resolver.resolve_all()
    return LoadedConfig(raw, source_map, diagnostics, path, service_dir, options)


def load_config(path: str, **kwargs) -> LoadedConfig:
    return load_config_text(read_text(path), path, **kwargs)
