"""Resolve Serverless v3 variables offline.

Semantics follow lib/configuration/variables/resolve.js and its sources: sources are
tried left to right and fall over only on null (an empty string is a value); a string
that is exactly one variable takes the value's type, a variable inside longer text is
stringified like JS ``String()``; resolved values are resolved again (nest depth 10);
``self:`` reads the raw configuration, resolving what it passes through, and a property
that needs itself is a circular reference.

Sources that need AWS (``ssm``, ``cf``, ``s3``, ``aws:accountId``, ...) cannot be
resolved offline: strictly they are errors; in lenient mode (the live preview) the
``${...}`` text stays as a visible placeholder and a warning says so.

A *confined* resolver takes the text as untrusted (what a browser visitor of ``serve``
types): it reads nothing of the host it runs on, no ``env`` and no file outside the
service folder (links followed), so neither the preview nor a download can carry it.
"""

from __future__ import annotations

import json
import os

from ..diagnostics import ERROR, WARNING, Diagnostic, format_path
from ..jsvalues import js_string
from .source_map import SourceMap
from .variable_syntax import Template, Variable, VariableSyntaxError, parse

MAX_NEST_DEPTH = 10
AWS_SOURCES = frozenset(("ssm", "cf", "s3", "output", "secretsmanager"))
DOCS = "https://www.serverless.com/framework/docs/providers/aws/guide/variables"
CONFINED = "this session takes its input as untrusted (a browser session) and reads nothing of the host it runs on"


class _Failure(Exception):
    """A variable could not be resolved; ``placeholder`` allows lenient mode to go on."""

    def __init__(self, code: str, message: str, placeholder: bool = False) -> None:
        super().__init__(message)
        self.code = code
        self.placeholder = placeholder


class _Circular(_Failure):
    pass


class _Confined(_Failure):
    """A source a confined resolver does not read: the variable falls over to its next source."""

    def __init__(self, message: str) -> None:
        super().__init__("VARIABLE_SOURCE_CONFINED", f"{message}: {CONFINED}", placeholder=True)


def has_variables(text: str) -> bool:
    return "${" in text


class Options:
    """CLI options a config may read through ``${opt:...}``."""

    def __init__(self, stage: str | None = None, region: str | None = None, params: dict | None = None):
        self.stage = stage
        self.region = region
        self.params = dict(params or {})

    def as_dict(self) -> dict:
        out: dict = {}
        if self.stage is not None:
            out["stage"] = self.stage
        if self.region is not None:
            out["region"] = self.region
        if self.params:
            out["param"] = [f"{k}={v}" for k, v in self.params.items()]
        return out


class Resolver:
    def __init__(
        self,
        config: dict,
        *,
        options: Options,
        env: dict,
        service_dir: str,
        source_map: SourceMap,
        lenient: bool = False,
        file_loader=None,
        confined: bool = False,
    ) -> None:
        self.config = config
        self.options = options
        self.env = env
        self.service_dir = service_dir
        self.map = source_map
        self.lenient = lenient
        self.file_loader = file_loader
        self.confined = confined
        self.diagnostics: list[Diagnostic] = []
        self._in_progress: list[tuple] = []
        self._files: dict[str, object] = {}

    # ----- walking the config -------------------------------------------------------

    def resolve_all(self) -> list[Diagnostic]:
        self._walk((), self.config)
        return self.diagnostics

    def _walk(self, path: tuple, node) -> None:
        if isinstance(node, dict):
            items = node.items()
        elif isinstance(node, list):
            items = enumerate(node)
        else:
            return
        for key, value in list(items):
            if isinstance(value, str):
                if "$" in value and ("${" in value or "\\$" in value):  # one scan for most strings
                    self._property(path + (key,), node, key)
            elif isinstance(value, (dict, list)):
                self._walk(path + (key,), value)

    def _property(self, path: tuple, parent, key):
        """Resolve the string at ``parent[key]`` (config path ``path``) and store it back."""
        text = parent[key]
        if not isinstance(text, str):
            return text
        if path in self._in_progress:
            raise _Circular("VARIABLE_CIRCULAR_REFERENCE", "Circular reference")
        self._in_progress.append(path)
        try:
            value = self._resolve_text(text, path, 0)
        except _Failure as failure:
            if len(self._in_progress) > 1:
                raise  # the property that asked for this one reports it
            self._report(path, failure)
            return text
        finally:
            self._in_progress.pop()
        parent[key] = value
        if isinstance(value, (dict, list)):
            self._walk(path, value)
        return value

    def _report(self, path: tuple, failure: _Failure) -> None:
        lenient = self.lenient and failure.placeholder
        message = f'Cannot resolve variable at "{format_path(path)}": {failure}'
        if lenient:
            message += " (kept as a placeholder)"
        diag = Diagnostic(failure.code, WARNING if lenient else ERROR, message, path, source=DOCS)
        self.diagnostics.append(self.map.place(diag, value=True))

    # ----- one string -----------------------------------------------------------------

    def _resolve_text(self, text: str, path: tuple, depth: int):
        if depth > MAX_NEST_DEPTH:
            raise _Failure(
                "EXCESSIVE_RESOLVED_VARIABLES_NEST_DEPTH",
                "Excessive variables nest depth (variables resolved to variables more than 10 times)",
            )
        try:
            template = parse(text)
        except VariableSyntaxError as exc:
            raise _Failure(exc.code, str(exc)) from None
        if not template.has_variables:
            return template.parts[0] if template.parts else ""
        reported = len(self.diagnostics)
        value = self._resolve_template(template, path)
        # A lenient placeholder keeps "${...}" text on purpose: do not resolve it again.
        if isinstance(value, str) and "${" in value and value != text and len(self.diagnostics) == reported:
            return self._resolve_text(value, path, depth + 1)
        return value

    def _resolve_template(self, template: Template, path: tuple):
        if template.is_whole_variable:
            return self._resolve_variable(template.parts[0], path)
        out = []
        for part in template.parts:
            if isinstance(part, str):
                out.append(part)
                continue
            try:
                value = self._resolve_variable(part, path)
            except _Failure as failure:
                if not (self.lenient and failure.placeholder) or isinstance(failure, _Circular):
                    raise
                self._report(path, failure)
                value = _source_text(part)
            if isinstance(value, (dict, list)):
                raise _Failure(
                    "VARIABLE_NON_STRING_IN_STRING",
                    "String value consist of variable which resolve with non-string value",
                )
            out.append(js_string(value))
        return "".join(out)

    def _resolve_variable(self, variable: Variable, path: tuple):
        last_type = None
        refused = None
        for source in variable.sources:
            if source.type is None:
                if source.literal is not None:
                    return source.literal
                continue
            last_type = source.type
            params = [self._resolve_part(p, path) for p in (source.params or [])]
            address = self._resolve_part(source.address, path) if source.address is not None else None
            if address is not None and not isinstance(address, str):
                address = js_string(address)
            try:
                value = self._source(source.type, params, address, path, variable)
            except _Confined as failure:  # as if absent, so `${env:X, 'default'}` still gives its default
                refused, value = failure, None
            if value is not None:
                return value
        if refused is not None:
            raise refused
        raise _Failure(
            "VARIABLE_VALUE_NOT_FOUND",
            f'Value not found at "{last_type}" source' if last_type else "Value not found",
            placeholder=True,
        )

    def _resolve_part(self, part, path: tuple):
        if isinstance(part, Template):
            return self._resolve_template(part, path)
        return part

    # ----- sources --------------------------------------------------------------------

    def _source(self, type_: str, params: list, address, path: tuple, variable: Variable):
        if type_ == "self":
            return self._self(address)
        if type_ == "opt":
            opts = self.options.as_dict()
            return opts if not address else opts.get(address)
        if type_ == "env":
            if not address:
                raise _Failure("VARIABLE_MISSING_ADDRESS", 'Missing address argument in variable "env" source')
            if self.confined:
                raise _Confined(f'"env:{address}" is not read')
            return self.env.get(address)
        if type_ == "sls":
            if address == "stage":
                return self.stage()
            if address == "instanceId":
                return "offline-instance-id"
            raise _Failure("VARIABLE_UNSUPPORTED_ADDRESS", f'Unsupported "{address}" address argument in variable "sls" source')
        if type_ == "aws":
            if address == "region":
                return self.region()
            if address == "accountId":
                raise _Failure("VARIABLE_NEEDS_AWS", '"aws:accountId" needs AWS credentials and the network', placeholder=True)
            raise _Failure("VARIABLE_UNSUPPORTED_ADDRESS", f'Unsupported "{address}" address argument in variable "aws" source')
        if type_ == "file":
            return self._file(params, address, path)
        if type_ == "strToBool":
            return _str_to_bool(params)
        if type_ == "param":
            return self._param(address)
        if type_ in AWS_SOURCES:
            raise _Failure(
                "VARIABLE_NEEDS_AWS",
                f'"{type_}" variables need AWS credentials and the network, which this offline compiler does not use',
                placeholder=True,
            )
        raise _Failure(
            "VARIABLE_UNRECOGNIZED_SOURCE",
            f'Unrecognized configuration variable sources: "{type_}"',
            placeholder=True,
        )

    def stage(self) -> str:
        if self.options.stage:
            return self.options.stage
        value = self._self("provider.stage")
        return js_string(value) if value not in (None, "") else "dev"

    def region(self) -> str:
        if self.options.region:
            return self.options.region
        value = self._self("provider.region")
        return js_string(value) if value not in (None, "") else "us-east-1"

    def _self(self, address):
        """Look ``address`` up in the raw config, resolving what the walk passes through."""
        node = self.config
        path: tuple = ()
        for key in address.split(".") if address else []:
            if isinstance(node, dict):
                if key not in node:
                    return None
                slot = key
            elif isinstance(node, list):
                try:
                    slot = int(key)
                    node[slot]
                except (ValueError, IndexError):
                    return None
            else:
                return None
            holder = node
            path = path + (slot,)
            node = holder[slot]
            if isinstance(node, str) and "${" in node:
                node = self._property(path, holder, slot)
        if isinstance(node, (dict, list)):
            for busy in self._in_progress:
                if busy[: len(path)] == path:
                    raise _Circular("VARIABLE_CIRCULAR_REFERENCE", "Circular reference")
            self._walk(path, node)
        return node

    def _file(self, params: list, address, path: tuple):
        if not params or not isinstance(params[0], str) or not params[0]:
            raise _Failure("VARIABLE_MISSING_PARAM", 'Missing path argument in variable "file" source')
        rel = params[0]
        full = os.path.normpath(os.path.join(self.service_dir, rel))
        if self.confined:
            # Refused whether or not it exists, so a visitor cannot probe the host's files.
            full = _inside(self.service_dir, full)
            if full is None:
                raise _Confined(f'"{rel}" is outside the project folder and is not read')
        content = self._read_file(full, rel)
        if content is None:
            return None
        if not address:
            return content
        node = content
        for key in address.split("."):
            if isinstance(node, str) and "${" in node:
                node = self._resolve_text(node, path, 1)
            if isinstance(node, dict):
                node = node.get(key)
            elif isinstance(node, list):
                try:
                    node = node[int(key)]
                except (ValueError, IndexError):
                    return None
            else:
                return None
            if node is None:
                return None
        return node

    def _read_file(self, full: str, rel: str):
        if full in self._files:
            return self._files[full]
        if not os.path.isfile(full):
            self._files[full] = None
            return None
        ext = os.path.splitext(full)[1].lower()
        if ext in (".js", ".cjs", ".mjs", ".ts"):
            raise _Failure(
                "VARIABLE_FILE_NEEDS_JAVASCRIPT",
                f'"{rel}" is JavaScript; only Serverless itself can run it',
                placeholder=True,
            )
        try:
            with open(full, encoding="utf-8") as handle:
                text = handle.read()
        except (OSError, UnicodeDecodeError) as exc:
            raise _Failure("VARIABLE_FILE_UNREADABLE", f'Cannot read "{rel}": {exc}') from None
        if ext in (".yml", ".yaml"):
            if self.file_loader is None:
                raise _Failure("VARIABLE_FILE_UNREADABLE", f'Cannot parse "{rel}"')
            try:
                content = self.file_loader(text, full)
            except Exception as exc:  # a YamlLoadError: report it with its own location
                raise _Failure("VARIABLE_FILE_INVALID", f'Cannot parse "{rel}": {exc}') from None
        elif ext in (".json", ".tfstate"):
            try:
                content = json.loads(text)
            except ValueError as exc:
                raise _Failure("VARIABLE_FILE_INVALID", f'Cannot parse "{rel}" as JSON: {exc}') from None
        else:
            content = text
        self._files[full] = content
        return content

    def _param(self, address):
        if not address:
            raise _Failure("VARIABLE_MISSING_ADDRESS", 'Missing address argument in variable "param" source')
        if address in self.options.params:
            return self.options.params[address]
        params = self.config.get("params") if isinstance(self.config, dict) else None
        if isinstance(params, dict):
            for stage_key in (self.stage(), "default"):
                block = params.get(stage_key)
                if isinstance(block, dict) and block.get(address) is not None:
                    return block[address]
        raise _Failure(
            "VARIABLE_VALUE_NOT_FOUND",
            f'The param "{address}" cannot be resolved from CLI options or stage params',
            placeholder=True,
        )


def _str_to_bool(params: list) -> bool:
    if not params or params[0] is None:
        raise _Failure("VARIABLE_MISSING_PARAM", 'Missing "strToBool" input')
    text = js_string(params[0]).strip().lower()
    if text in ("true", "1"):
        return True
    if text in ("false", "0"):
        return False
    raise _Failure("VARIABLE_INVALID_PARAM", f'Invalid "strToBool" input: "{params[0]}"')


def _inside(root: str, full: str) -> str | None:
    """``full`` with its links resolved, if that stays inside ``root`` (links resolved too); else None."""
    real_root = os.path.realpath(root)
    real = os.path.realpath(full)
    try:
        return real if os.path.commonpath([real_root, real]) == real_root else None
    except ValueError:  # another drive (Windows)
        return None


def _source_text(variable: Variable) -> str:
    return "${" + ", ".join(s.text for s in variable.sources) + "}"
