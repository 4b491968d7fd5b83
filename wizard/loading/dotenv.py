"""``.env`` files as Serverless v3.39 loads them with ``useDotenv: true``.

Serverless (lib/cli/load-dotenv.js) reads ``.env.<stage>``, or ``.env`` when that is
missing, with dotenv 16 (its line grammar, quotes, ``\\n`` in double quotes, ``#``
comments) and expands it with dotenv-expand 10: a ``$NAME``, ``${NAME}`` or
``${NAME:-default}`` takes the process's value, else the default, else the file's own;
the rightmost one is replaced first and the text is expanded again, so values chain; a
backslash keeps a ``$``. The process's variables win over the file's.
"""

from __future__ import annotations

import errno
import os
import re

from ..diagnostics import ERROR, Diagnostic, PipelineError

# dotenv 16's LINE pattern (lib/main.js), with JavaScript's ASCII \w.
_LINE = re.compile(
    r"""^\s*(?:export\s+)?([\w.-]+)(?:\s*=\s*?|:\s+?)(\s*'(?:\\'|[^'])*'|\s*"(?:\\"|[^"])*"|\s*`(?:\\`|[^`])*`|[^#\r\n]+)?"""
    r"""\s*(?:#.*)?$""",
    re.M | re.A,
)
_QUOTED = re.compile(r"""^(['"`])([\s\S]*)\1$""", re.M)
_DOLLAR = re.compile(r"(?<!\\)\$")
_GROUP = re.compile(r"(?<!\\)(\$\{?(\w+)(?::-([^}\\]*))?\}?)", re.A)
_REPLACEMENT_PATTERN = re.compile(r"\$([$&`'])")
# dotenv-expand recurses once per replacement; a value that holds itself (A=$A) never ends
# there (Node's stack overflows). Past this many replacements in one value, it is refused.
MAX_EXPANSIONS = 1000


def parse(text: str) -> dict:
    """The name -> value pairs of a .env text, as dotenv 16's parse gives them."""
    values: dict = {}
    for match in _LINE.finditer(text.replace("\r\n", "\n").replace("\r", "\n")):
        value = (match.group(2) or "").strip()
        quote = value[:1]
        value = _QUOTED.sub(r"\2", value)
        if quote == '"':
            value = value.replace("\\n", "\n").replace("\\r", "\r")
        values[match.group(1)] = value
    return values


def _js_replace(text: str, found: str, replacement: str) -> str:
    """``text.replace(found, replacement)`` as JavaScript does it: the first occurrence, and
    ``$$``, ``$&``, ``$``` and ``$'`` in the replacement read as patterns."""
    at = text.find(found)
    if at < 0:
        return text
    before, after = text[:at], text[at + len(found):]
    patterns = {"$": "$", "&": found, "`": before, "'": after}
    return before + _REPLACEMENT_PATTERN.sub(lambda m: patterns[m.group(1)], replacement) + after


def _interpolate(value: str, environment: dict, parsed: dict, name: str) -> str:
    for _ in range(MAX_EXPANSIONS):
        dollars = [found.start() for found in _DOLLAR.finditer(value)]
        if not dollars:
            return value
        match = _GROUP.search(value, dollars[-1])  # the rightmost unescaped $ first
        if match is None:
            return value
        group, variable, default = match.groups()
        value = _js_replace(value, group, environment.get(variable) or default or parsed.get(variable) or "")
    raise ValueError(f'"{name}" expands into itself more than {MAX_EXPANSIONS} times')


def expand(parsed: dict, environment: dict) -> None:
    """Put ``parsed`` into ``environment`` as dotenv's config and dotenv-expand 10 do it."""
    for key, value in parsed.items():  # dotenv: the process's own values are not overridden
        environment.setdefault(key, value)
    for key in parsed:
        parsed[key] = _interpolate(environment[key], environment, parsed, key).replace("\\$", "$")
    environment.update(parsed)


def load(service_dir: str, stage: str, environment: dict) -> None:
    """Load ``.env.<stage>`` (or ``.env``) of ``service_dir`` into ``environment``.

    Raises a PipelineError (DOTENV_LOAD_ERROR, Serverless's code) for a file that is there
    but cannot be read, or whose values expand without end.
    """
    for name in (f".env.{stage}", ".env"):
        full = os.path.join(service_dir, name)
        try:
            # Node reads it as UTF-8, bad bytes replaced.
            with open(full, encoding="utf-8", errors="replace") as handle:
                text = handle.read()
        except FileNotFoundError:
            continue
        except (ValueError, NotADirectoryError):  # a NUL or a file in the stage's path: no such file
            continue
        except OSError as exc:  # a folder, no permission: Node's words for it
            raise _refused(full, _node_error(exc, full), None) from None
        parsed = parse(text)
        try:
            expand(parsed, environment)
        except ValueError as exc:
            raise _refused(full, str(exc), text) from None
        return


def _node_error(exc: OSError, path: str) -> str:
    """How Node's fs.readFileSync error reads in Serverless's message."""
    if isinstance(exc, IsADirectoryError):
        return "Error: EISDIR: illegal operation on a directory, read"
    name = errno.errorcode.get(exc.errno or 0, "EIO")
    return f"Error: {name}: {(exc.strerror or name).lower()}, open '{path}'"


def _refused(path: str, why: str, text: str | None) -> PipelineError:
    line = 1
    if text is not None:
        name = why.split('"')[1]
        found = re.search(rf"^\s*(?:export\s+)?{re.escape(name)}\s*[=:]", text, re.M)
        line = text.count("\n", 0, found.start()) + 1 if found else 1
    return PipelineError([Diagnostic("DOTENV_LOAD_ERROR", ERROR,
                                     f'Failed to load environment variables from "{path}": {why}',
                                     file=path, line=line, column=1)])
