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

import copy
import json
import os

from ..diagnostics import ERROR, WARNING, Diagnostic, format_path
from ..jsvalues import array_index, js_string, js_trim_end, normalize_number, to_short_string, truthy
from .source_map import SourceMap
from .variable_syntax import Template, Variable, VariableSyntaxError, parse

MAX_NEST_DEPTH = 10
# Serverless's code for every variable that stops it (lib/configuration/variables/index.js).
RESOLUTION_ERROR = "VARIABLES_RESOLUTION_ERROR"
# Node's words (V8's JSON.parse) for what Python's json words otherwise, where one maps to the other.
_V8_JSON_WORDS = {"Expecting property name enclosed in double quotes": "Expected double-quoted property name"}
# Failures Serverless reports after resolving, under codes of their own (scripts/serverless.js).
_AFTER_RESOLUTION = {"VARIABLE_UNRECOGNIZED_SOURCE": "UNRECOGNIZED_VARIABLE_SOURCES",
                     "VARIABLE_OUTPUT_WITHOUT_ORG": "DASHBOARD_VARIABLE_SOURCES_MISUSE"}
# Bounds on the work one file can ask for. A YAML alias shares its anchor's content, so a
# file under 1 KB can name 10**9 values ("billion laughs"), and 41 lines of
# `aN: ${self:custom.aN-1}${self:custom.aN-1}` build a string of 2**41 characters. Every
# value is walked here first, so counting the walk bounds every later stage (schema,
# model, compile, checks, JSON output), each of which is linear in what this walk sees.
# The largest real files (tests/corpus/wild, 1000-route benchmarks) walk under 50,000
# values and build under 200,000 characters: the limits are 20 and 50 times that, and
# reaching them costs a fraction of a second here; past them, a located error.
MAX_VALUES = 1_000_000
MAX_TEXT = 10_000_000
# Properties whose values wait on each other (a: ${self:b}, b: ${self:c}, ...) are resolved
# by recursion; past this many on the stack the chain is resumed from its far end, so
# chains of any length resolve (as in Serverless) within a small, fixed stack.
MAX_CHAIN = 40
# Resolved values nest inside the file's own (at most 100 levels, yaml_loader.MAX_DEPTH)
# only so far before the walk would outgrow the stack: past this, a value holds itself.
MAX_WALK_DEPTH = 200
AWS_SOURCES = frozenset(("ssm", "cf", "s3", "output", "secretsmanager"))
DOCS = "https://www.serverless.com/framework/docs/providers/aws/guide/variables"
CONFINED = "this session takes its input as untrusted (a browser session) and reads nothing of the host it runs on"


class _Failure(Exception):
    """A variable could not be resolved; ``placeholder`` allows lenient mode to go on."""

    def __init__(self, code: str, message: str, placeholder: bool = False, syntax: bool = False) -> None:
        super().__init__(message)
        self.code = code
        self.placeholder = placeholder
        # A syntax error in the file's own text, which Serverless words apart (resolve-meta.js).
        self.syntax = syntax
        # The property whose own variable failed. A property that needs it fails with it and
        # is not reported apart: Serverless hands the dependent the same error object and
        # lists each error object once (eventually-report-resolution-errors.js).
        self.origin: tuple | None = None


class _Circular(_Failure):
    pass


class _TooLarge(Exception):
    """A bound on values, text or depth was passed: resolution stops at ``path``."""

    def __init__(self, path: tuple, message: str, code: str = "CONFIG_TOO_LARGE") -> None:
        super().__init__(message)
        self.path = path
        self.code = code


class _Deeper(Exception):
    """Too many properties wait on each other on the stack: resolve ``target`` first."""

    def __init__(self, target: tuple) -> None:
        self.target = target


class _Confined(_Failure):
    """A source a confined resolver does not read: the variable falls over to its next source."""

    def __init__(self, message: str) -> None:
        super().__init__("VARIABLE_SOURCE_CONFINED", f"{message}: {CONFINED}", placeholder=True)


class _NoValue(_Failure):
    """A source with no value that says why (the param source's "eventualErrorMessage"): the variable falls
    over to its next source, and the message is the error's only when no source is left (resolve.js)."""

    def __init__(self, message: str) -> None:
        super().__init__("VARIABLE_VALUE_NOT_FOUND", message, placeholder=True)


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
        self._javascript_session = None  # js_file.Session: one Node.js process for the whole compile
        # A module's answer (or failure) by its file as written and address: Serverless resolves each
        # distinct source once per resolution (resolve.js memoizes resolveSource), so a function
        # export is called once however many properties name it.
        self._javascript_answers: dict[tuple, object] = {}
        # Properties set aside until a deeper one they wait on is resolved (see MAX_CHAIN).
        self._pending: list[tuple] = []
        # The nest depth of the properties found in resolved values, by the value's path.
        self._depths: dict[tuple, int] = {}
        # Properties on a loop: each raises the loop's one failure, reported once.
        self._looped: dict[tuple, _Failure] = {}
        self._reported: list[_Failure] = []
        # Messages already reported: a failed property is tried again by each one that needs it.
        self._said: set[str] = set()
        self._reports = 0  # failures reported, those already said included
        self._deferring = False
        self._values = 0
        self._text = 0

    # ----- walking the config -------------------------------------------------------

    def resolve_all(self) -> list[Diagnostic]:
        try:
            self._walk((), self.config, 0)
        except _TooLarge as exc:
            diag = Diagnostic(exc.code, ERROR, str(exc), exc.path)
            self.diagnostics.append(self.map.place(diag, value=True))
        return self.diagnostics

    def close(self) -> None:
        """End the Node.js process that ran this compile's JavaScript modules, if one did."""
        if self._javascript_session is not None:
            self._javascript_session.close()

    def _walk(self, path: tuple, node, depth: int) -> None:
        if isinstance(node, dict):
            items = node.items()
        elif isinstance(node, list):
            items = enumerate(node)
        else:
            return
        self._values += len(node)
        if len(path) > MAX_WALK_DEPTH:
            raise _TooLarge(path, f"values nest more than {MAX_WALK_DEPTH} levels deep here (a value that holds itself?); "
                                  "httpapi-wizard stops rather than exhaust its stack", "CONFIG_TOO_DEEP")
        if self._values > MAX_VALUES:
            raise _TooLarge(path, f"the configuration expands to more than {MAX_VALUES:,} values (YAML aliases or "
                                  "variables repeat the same content); httpapi-wizard stops here rather than run out "
                                  "of time or memory")
        for key, value in list(items):
            if isinstance(value, str):
                if "$" in value and ("${" in value or "\\$" in value):  # one scan for most strings
                    self._property(path + (key,), node, key, depth)
            elif isinstance(value, (dict, list)):
                self._walk(path + (key,), value, depth)

    def _property(self, path: tuple, parent, key, depth: int | None = None):
        """Resolve the string at ``parent[key]`` (config path ``path``) and store it back."""
        if depth is None:
            depth = self._depth_of(path)
        if self._in_progress:
            return self._resolve_property(path, parent, key, depth)
        # Outermost: no property waits on this one. A chain too deep for the stack comes
        # back here as _Deeper; its far end is resolved first, then the chain again.
        base = len(self._pending)
        self._pending.append((path, parent, key, depth))
        deferring = self._deferring
        try:
            while True:
                target = self._pending[-1]
                reported = len(self.diagnostics)
                # A loop found from a far end is reported where the chain started.
                self._deferring = len(self._pending) > base + 1
                try:
                    value = self._resolve_property(*target)
                except _Deeper as deeper:
                    for diagnostic in self.diagnostics[reported:]:  # the retry reports them again
                        self._said.discard(diagnostic.message)
                    del self.diagnostics[reported:]
                    self._pending.append(deeper.target)
                    continue
                self._pending.pop()
                if len(self._pending) == base:
                    return value
        finally:
            del self._pending[base:]
            self._deferring = deferring

    def _depth_of(self, path: tuple) -> int:
        for end in range(len(path), 0, -1):
            depth = self._depths.get(path[:end])
            if depth is not None:
                return depth
        return 0

    def _resolve_property(self, path: tuple, parent, key, depth: int):
        text = parent[key]
        if not isinstance(text, str):
            return text
        looped = self._looped.get(path)
        if looped is None and (path in self._in_progress or any(path == p[0] for p in self._pending[:-1])):
            looped = self._loop(path)  # it waits, through others, on itself
        if looped is not None:
            if self._in_progress:
                raise looped
            self._report(path, looped)
            return text
        if len(self._in_progress) >= MAX_CHAIN:
            raise _Deeper((path, parent, key, depth))
        self._in_progress.append(path)
        try:
            value, depth = self._resolve_text(text, path, depth)
            if isinstance(value, (dict, list)) and depth >= MAX_NEST_DEPTH and _has_variables(value):
                raise _Failure("EXCESSIVE_RESOLVED_PROPERTIES_NEST_DEPTH", "Excessive property variables nest depth")
        except _Failure as failure:
            if failure.origin is None and not isinstance(failure, _Circular):
                failure.origin = path  # the innermost property: its own variable failed
            if len(self._in_progress) > 1:
                raise  # the property that asked for this one reports it
            self._report(path, failure)
            return text
        finally:
            self._in_progress.pop()
        parent[key] = value
        if isinstance(value, (dict, list)):
            # Variables inside a resolved value are one level deeper (Serverless's
            # propertyResolutionNestDepthMap): a file that includes itself stops at 10.
            self._depths[path] = depth + 1
            self._walk(path, value, depth + 1)
        return value

    def _loop(self, path: tuple) -> _Circular:
        """The failure of a property that needs itself, given to every property on the loop."""
        dependent = self._in_progress[-1] if self._in_progress else path
        if dependent == path:
            message = f'Circular reference. "{format_path(path)}" refers to itself'
        else:
            # Serverless names the property that needs the dependent, found walking the
            # dependencies of the one asked for (validateCrossPropertyDependency): on a chain
            # resolved in order, the dependent's predecessor.
            before = self._in_progress[-2] if len(self._in_progress) > 1 else path
            message = f'Circular reference among "{format_path(dependent)}" and "{format_path(before)}" properties'
        failure = _Circular("VARIABLE_CIRCULAR_REFERENCE", message)
        failure.origin = dependent  # the property whose variable closes the loop: the error is its own
        for busy in [path, *self._in_progress, *(p[0] for p in self._pending[:-1])]:
            self._looped.setdefault(busy, failure)
        return failure

    def _report(self, path: tuple, failure: _Failure) -> None:
        if isinstance(failure, _Circular) and self._deferring:
            return  # the property that set this one aside meets the same failure and reports it
        if any(failure is done for done in self._reported):
            return  # a loop is reported once, where it was found
        if isinstance(failure, _Circular):
            self._reported.append(failure)
        lenient = self.lenient and failure.placeholder
        if failure.origin is not None:
            path = failure.origin
        heading = "Variable syntax error at" if failure.syntax else "Cannot resolve variable at"
        message = f'{heading} "{format_path(path)}": {failure}'
        if lenient:
            message += " (kept as a placeholder)"
        self._reports += 1
        if message in self._said:
            return
        self._said.add(message)
        if lenient:
            diag = Diagnostic(failure.code, WARNING, message, path, source=DOCS)
        elif isinstance(failure, _Confined):  # the wizard's refusal, not Serverless's
            diag = Diagnostic(failure.code, ERROR, message, path, source=DOCS)
        elif failure.code in _AFTER_RESOLUTION:
            # Sources no resolver knows: Serverless names them once the rest is resolved, in an error of its own.
            diag = Diagnostic(_AFTER_RESOLUTION[failure.code], ERROR, str(failure), path, source=DOCS, reason=failure.code)
        else:
            # What stops Serverless: all of them under one code, ours (which kind) as the reason.
            diag = Diagnostic(RESOLUTION_ERROR, ERROR, message, path, source=DOCS, reason=failure.code)
        self.diagnostics.append(self.map.place(diag, value=True))

    # ----- one string -----------------------------------------------------------------

    def _resolve_text(self, text: str, path: tuple, depth: int, internal: bool = False) -> tuple:
        """(value, nest depth reached) of ``text``; a value that holds variables again is resolved
        again, each time one level deeper (Serverless stops past 10)."""
        written = not internal and depth == 0  # the text as the file has it
        while True:
            try:
                template = parse(text)
            except VariableSyntaxError as exc:
                if written:
                    raise _Failure(exc.code, str(exc), syntax=True) from None
                raise _Failure(exc.code, f'Approached variable syntax error in resolved value "{text}": {exc}') from None
            written = False
            if not template.has_variables:
                return (template.parts[0] if template.parts else ""), depth
            if depth > MAX_NEST_DEPTH:
                if internal:
                    raise _Failure("EXCESSIVE_RESOLVED_VARIABLES_NEST_DEPTH", "Excessive variables nest depth")
                raise _Failure("EXCESSIVE_RESOLVED_PROPERTIES_NEST_DEPTH", "Excessive property variables nest depth")
            reported = self._reports
            value = self._resolve_template(template, path)
            # A lenient placeholder keeps "${...}" text on purpose: do not resolve it again.
            if not (isinstance(value, str) and "${" in value and self._reports == reported):
                return value, depth
            text, depth = value, depth + 1

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
            if value is None or isinstance(value, (dict, list)):
                raise _Failure(
                    "VARIABLE_NON_STRING_IN_STRING",
                    "String value consist of variable which resolve with non-string value",
                )
            out.append(js_string(value))
        text = "".join(out)
        self._text += len(text)
        if self._text > MAX_TEXT:
            raise _TooLarge(path, f"variables build more than {MAX_TEXT:,} characters of text (values that repeat "
                                  "the ones before them); httpapi-wizard stops here rather than run out of memory")
        return text

    def _resolve_variable(self, variable: Variable, path: tuple):
        last_type = None
        refused = None
        why = None
        for source in variable.sources:
            if source.type is None:
                # A literal ends the fallbacks, null included: `${env:X, null}` is null
                # (resolve.js), and the key holding it is left out downstream.
                return source.literal
            last_type = source.type
            params = [self._resolve_part(p, path) for p in (source.params or [])]
            address = self._resolve_part(source.address, path) if source.address is not None else None
            if address is not None and not isinstance(address, str):
                address = js_string(address)
            why = None
            try:
                value = self._source(source.type, params, address, path, variable)
            except _Confined as failure:  # as if absent, so `${env:X, 'default'}` still gives its default
                refused, value = failure, None
            except _NoValue as failure:  # `${param:x, 'default'}` gives its default too
                why, value = failure, None
            if value is not None:
                return value
        if refused is not None:
            raise refused
        if why is not None:
            raise why
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
        if type_ == "output" and not (isinstance(self.config, dict) and truthy(self.config.get("org"))):
            # Only the Dashboard plugin knows the source, and only with an org (scripts/serverless.js).
            raise _Failure("VARIABLE_OUTPUT_WITHOUT_ORG", '"Cannot resolve configuration: "output" variable can only be used '
                           'in services deployed with Serverless Dashboard (with "org" setting configured)', placeholder=True)
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

    def first_stage(self) -> str:
        """The stage, asked before resolving the rest (for ``.env.<stage>``)."""
        try:
            return self.stage()
        except _TooLarge:
            return "dev"  # resolve_all meets the same bound and reports it

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
            step = _js_property(node, key)
            if step is None:
                return None
            slot, value = step
            if slot is None:  # a string's character or a length: no place in the config, nothing to resolve
                node = value
                continue
            holder = node
            path = path + (slot,)
            node = value
            if isinstance(node, str) and "${" in node:
                node = self._property(path, holder, slot)
        if isinstance(node, (dict, list)):
            for busy in self._in_progress:
                if busy[: len(path)] == path:
                    raise self._loop(busy)
            self._walk(path, node, self._depth_of(path))
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
        if os.path.splitext(full)[1].lower() in (".js", ".cjs"):
            return self._javascript(full, rel, address, path)
        content = self._read_file(full, rel)
        if content is None:
            return None
        if not address:
            return _own_copy(content)
        node = content
        for key in address.split("."):
            if isinstance(node, str) and "${" in node:
                node = self._resolve_text(node, path, 1, internal=True)[0]
            step = _js_property(node, key)
            if step is None or step[1] is None:
                return None
            node = step[1]
        return _own_copy(node)

    def _shown(self, full: str, rel: str) -> str:
        """The file as sources/file.js names it: its path from the service folder, normalised (``bad.json``, not
        ``./bad.json``); one outside the folder by the path written."""
        base = os.path.normpath(self.service_dir)
        return full[len(base) + 1:] if full.startswith(base + os.sep) else rel

    def _read_file(self, full: str, rel: str):
        if full in self._files:
            return self._files[full]
        if not os.path.isfile(full):
            self._files[full] = None
            return None
        ext = os.path.splitext(full)[1].lower()
        try:
            with open(full, encoding="utf-8") as handle:
                text = handle.read()
        except (OSError, UnicodeDecodeError) as exc:
            raise _Failure("VARIABLE_FILE_UNREADABLE", f'Cannot read "{rel}": {exc}') from None
        if ext in (".yml", ".yaml"):
            if self.file_loader is None:
                raise _Failure("VARIABLE_FILE_UNREADABLE", f'Cannot parse "{rel}"')
            from ..diagnostics import PipelineError

            try:
                content = self.file_loader(text, full)
            except PipelineError as exc:  # a YamlLoadError: worded as js-yaml's, with its place in that file
                first = exc.diagnostics[0]
                where = f' in "{full}" ({first.line}:{first.column})' if first.line else f' in "{full}"'
                raise _Failure("VARIABLE_FILE_INVALID", f'Cannot parse "{self._shown(full, rel)}": {first.message}{where}') from None
        elif ext in (".json", ".tfstate"):
            try:
                content = json.loads(text, parse_int=_json_number, parse_float=_json_number, parse_constant=_no_constant)
            except json.JSONDecodeError as exc:
                reason = _V8_JSON_WORDS.get(exc.msg, exc.msg)
                raise _Failure("VARIABLE_FILE_INVALID", f'Cannot parse "{self._shown(full, rel)}": JSON parse error: '
                                                        f"{reason} in JSON at position {exc.pos}") from None
            except (ValueError, RecursionError) as exc:
                raise _Failure("VARIABLE_FILE_INVALID", f'Cannot parse "{self._shown(full, rel)}": JSON parse error: {exc}') from None
            if _too_deep(content):
                raise _Failure("VARIABLE_FILE_INVALID", f'Cannot use "{rel}": its values nest more than '
                                                        f"{MAX_FILE_DEPTH} levels deep")
        else:
            content = text
        self._files[full] = content
        return content

    def _javascript(self, full: str, rel: str, address, path: tuple):
        """A ``.js``/``.cjs`` module's value, run with Node.js as Serverless runs it (js_file.py)."""
        if self.confined:
            # Refused whether or not it exists: a browser session never runs a host file.
            raise _Confined(f'"{rel}" is JavaScript, which is not run')
        known = self._javascript_answers.get((rel, address or None))
        if known is None:
            try:
                known = (self._run_javascript(full, rel, address, path), None)
            except _Failure as exc:
                known = (None, exc)
            self._javascript_answers[(rel, address or None)] = known
        if known[1] is not None:
            raise known[1]
        return _own_copy(known[0])

    def _run_javascript(self, full: str, rel: str, address, path: tuple):
        if not os.path.exists(full):
            return None
        from . import js_file

        def answer(kind: str, arg):
            if kind == "variable":  # resolveVariable('sls:stage'): a variable without its ${}
                return self._resolve_text("${" + js_string(arg) + "}", path, 1, internal=True)[0]
            if kind == "string":
                return self._resolve_text(js_string(arg), path, 1, internal=True)[0]
            keys = arg if isinstance(arg, list) else [arg]
            return self._self(".".join(js_string(k) for k in keys))

        if self._javascript_session is None:
            self._javascript_session = js_file.Session(self.service_dir)
        try:
            value = self._javascript_session.run(full, address or None, self.options.as_dict(), answer, _json_number)
        except js_file.JsFileError as exc:
            needs_node = exc.code in ("NODE_NOT_FOUND", "NODE_NOT_RUNNABLE")
            raise _Failure("VARIABLE_FILE_NEEDS_NODE" if needs_node else "VARIABLE_FILE_JAVASCRIPT_FAILED",
                           f'"{rel}" is JavaScript: {exc}' if needs_node else str(exc), placeholder=needs_node) from None
        if _too_deep(value):
            raise _Failure("VARIABLE_FILE_INVALID", f'Cannot use "{rel}": its values nest more than '
                                                    f"{MAX_FILE_DEPTH} levels deep")
        return value

    def _param(self, address):
        if not address:
            raise _Failure("VARIABLE_MISSING_ADDRESS", 'Missing address argument in variable "param" source')
        if address in self.options.params:
            value = self.options.params[address]  # resolve-params.js keeps a --param value less its trailing blanks
            return js_trim_end(value) if isinstance(value, str) else value
        params = self.config.get("params") if isinstance(self.config, dict) else None
        if isinstance(params, dict):
            for stage_key in (self.stage(), "default"):
                block = params.get(stage_key)
                if isinstance(block, dict) and block.get(address) is not None:
                    return _own_copy(block[address])  # a copy, as Serverless's: shared, a param could hold itself
        org_and_app = isinstance(self.config, dict) and truthy(self.config.get("org")) and truthy(self.config.get("app"))
        raise _NoValue(f'The param "{address}" cannot be resolved from CLI options or stage params'
                       f'{" or Serverless Dashboard" if org_and_app else ""}. If you are using Serverless Framework '
                       "Compose, make sure to run commands via Compose so that all parameters can be resolved")


def _js_property(node, key: str):
    """JS's ``node[key]`` as the self and file sources walk an address (resolve.js, sources/file.js): (slot, value),
    slot being where the value is in ``node`` (None for a string's character or a length, which are nowhere in the
    config); None where JS reads undefined. A list takes only true indexes ("1", not "01" or "-1")."""
    if isinstance(node, dict):
        return (key, node[key]) if key in node else None
    if isinstance(node, (list, str)):
        if key == "length":
            return None, len(node)
        index = array_index(key)
        if index is None or index >= len(node):
            return None
        return (index if isinstance(node, list) else None), node[index]
    return None


def _str_to_bool(params: list) -> bool:
    if not params or params[0] is None:
        raise _Failure("VARIABLE_MISSING_PARAM", 'Missing "strToBool" input')
    text = js_string(params[0]).strip().lower()
    if text in ("true", "1"):
        return True
    if text in ("false", "0"):
        return False
    raise _Failure("VARIABLE_INVALID_PARAM", 'Invalid "strToBool" input: Expected either "true", "false", "0", or "1". '
                   f"Received: {to_short_string(params[0])}")


def _has_variables(value) -> bool:
    """Whether a resolved mapping or list holds a string with a variable in it."""
    stack = [value]
    seen = 0
    while stack:
        node = stack.pop()
        items = node.values() if isinstance(node, dict) else node
        seen += len(items)
        if seen > MAX_VALUES:
            return True  # the walk would stop on it anyway
        for item in items:
            if isinstance(item, str):
                if "${" in item:
                    return True
            elif isinstance(item, (dict, list)):
                stack.append(item)
    return False


def _own_copy(value):
    """A file's content for one use: Serverless hands each variable its own JSON copy, so a
    value resolved in one place (or a file that includes itself) never changes another."""
    return copy.deepcopy(value) if isinstance(value, (dict, list)) else value


# JSON files nest no deeper than YAML may (yaml_loader.MAX_DEPTH), for the same reason.
MAX_FILE_DEPTH = 100


def _too_deep(value) -> bool:
    stack = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, (dict, list)):
            if depth > MAX_FILE_DEPTH:
                return True
            stack.extend((item, depth + 1) for item in (node.values() if isinstance(node, dict) else node))
    return False


def _json_number(text: str):
    """A JSON number as JSON.parse reads it: one double; Infinity (past 1.8e308) becomes null
    when Serverless copies the value (JSON.stringify)."""
    try:
        value = float(text)
    except OverflowError:  # pragma: no cover - float() saturates to inf instead
        return None
    if value != value or value in (float("inf"), float("-inf")):
        return None
    if "." not in text and "e" not in text.lower() and abs(value) <= 2**53:
        return int(text)
    return normalize_number(value)


def _no_constant(name: str):
    raise ValueError(f"{name} is not JSON")


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
