"""Every change the wizard makes to the model, each one undoable step (see ``SessionState.changing``).

The decisions a form would otherwise make live here: what a duplicate is called, which
default a setting falls back to and when a default stays written, how a ``$context``
variable joins an access-log format, what happens to the routes of a renamed function
or authorizer. ``group`` (a field's id) makes the keystrokes typed into one field one step.
"""

from __future__ import annotations

import copy
import re

from ...model.http_api import DEFAULT_ACCESS_LOG_FORMAT
from ...model.service import AccessLogs, Authorizer, Cors, Function, HttpApiEvent, RouteAuthorizer

# What the route dialog offers; "*" alone is the catch-all route.
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "ANY")

CORS_MODES = ("off", "default", "custom")
CORS_OPTIONS = ("allowed_origins", "allowed_headers", "allowed_methods", "exposed_response_headers", "max_age",
                "allow_credentials")
FUNCTION_SETTINGS = ("handler", "runtime", "memory_size", "timeout", "description", "environment", "tags")
PROVIDER_SETTINGS = ("runtime", "region", "stage", "memory_size", "timeout", "tags", "log_retention_in_days")
AUTHORIZER_SETTINGS = ("identity_source", "issuer_url", "audience", "result_ttl_in_seconds", "enable_simple_responses",
                       "payload_version", "managed_externally")
HTTP_API_SETTINGS = ("metrics", "disable_default_endpoint", "name")
DEFAULT_IDENTITY_SOURCE = "$request.header.Authorization"


def duplicate_name(key: str, taken) -> str:
    """``keyCopy``, then ``keyCopy2``, ``keyCopy3``...: the first not in ``taken``."""
    n = 1
    while True:
        name = f"{key}Copy{n if n > 1 else ''}"
        if name not in taken:
            return name
        n += 1


def new_name(stem: str, taken) -> str:
    """``stem1``, ``stem2``...: a name for a new entry that is not in ``taken``."""
    n = 1
    while f"{stem}{n}" in taken:
        n += 1
    return f"{stem}{n}"


def suggest_handler(name: str, runtime: str | None) -> str:
    """A handler for a new function ``name`` in its runtime's own form (see HTTPAPI-FUNCTION-HANDLER)."""
    runtime = str(runtime or "nodejs")
    if runtime.startswith("java"):
        return "example.Handler::handleRequest"
    if runtime.startswith("dotnet"):
        return "MyFunction::MyFunction.Function::FunctionHandler"
    if runtime.startswith(("provided", "go")):
        return "bootstrap"
    export = re.sub(r"\W", "_", name) or "handler"
    if export[0].isdigit():
        export = f"_{export}"
    return f"handler.{export}"


def splice_log_variable(fmt: str | None, variable: str) -> str:
    """``fmt`` (or Serverless's default format) with ``$context.<variable>`` added: as one more field of
    a JSON format, else at the end of the line."""
    base = fmt or DEFAULT_ACCESS_LOG_FORMAT
    if base.rstrip().endswith("}"):
        stripped = base.rstrip()
        name = variable.split(".")[-1]
        return f'{stripped[:-1]},"{name}":"$context.{variable}"}}'
    return f"{base} $context.{variable}"


def _as_written(base, attribute: str, default):
    """``default`` when the file as opened spelled it out there, else None (not written)."""
    return default if base is not None and getattr(base, attribute, None) == default else None


class Edits:
    """The model's changes (mixed into Session, which provides ``service`` and ``changing``)."""

    # ----- service and provider -------------------------------------------------------------

    def set_service(self, field: str, value, group: object = None) -> None:
        """``name`` of the service, or a provider setting (see PROVIDER_SETTINGS)."""
        if field != "name" and field not in PROVIDER_SETTINGS:
            raise ValueError(f"not a service setting: {field}")
        with self.changing(f"service {field}", group):
            if field == "name":
                self.service.service = value
            else:
                setattr(self.service.provider, field, value)

    # ----- functions ---------------------------------------------------------------------------

    def add_function(self, key: str, handler: str, **settings) -> None:
        with self.changing(f"new function {key}"):
            if key in self.service.functions:
                raise ValueError(f"there is already a function {key!r}")
            self.service.functions[key] = Function(key=key, handler=handler, path=("functions", key))
            self._set_function(key, settings)

    def update_function(self, key: str, group: object = None, **settings) -> None:
        """Change settings of a function (see FUNCTION_SETTINGS)."""
        with self.changing(f"function {key}", group):
            self._set_function(key, settings)

    def _set_function(self, key: str, settings: dict) -> None:
        fn = self.service.functions[key]
        for name, value in settings.items():
            if name not in FUNCTION_SETTINGS:
                raise ValueError(f"not a function setting: {name}")
            setattr(fn, name, value)

    def rename_function(self, old: str, new: str) -> None:
        """Give a function another key, in place: its routes go with it, and authorizers that
        call it call it by the new name."""
        if new == old:
            return
        with self.changing(f"rename function {old} to {new}"):
            if new in self.service.functions:
                raise ValueError(f"there is already a function {new!r}")
            self.service.functions = {(new if k == old else k): fn for k, fn in self.service.functions.items()}
            fn = self.service.functions[new]
            fn.key = new
            _move_paths(fn, ("functions", old), ("functions", new))
            for auth in self.service.provider.http_api.authorizers.values():
                if auth.function_name == old:
                    auth.function_name = new

    def duplicate_function(self, key: str, new_key: str | None = None) -> str:
        """A copy of ``key`` without its events; returns its name. Saving writes it as ``key`` is written
        in the file (``${...}`` kept), with what was changed since."""
        new_key = new_key or duplicate_name(key, self.service.functions)
        with self.changing(f"duplicate function {key}"):
            if new_key in self.service.functions:
                raise ValueError(f"there is already a function {new_key!r}")
            original = self.service.functions[key]
            twin = copy.deepcopy(original)
            # Its events go too (the same routes twice would be duplicates; another kind, say a
            # schedule, would run twice): the copy is the function's settings.
            twin.key, twin.events, twin.other_events = new_key, [], []
            loaded = self._base.functions if self._base is not None else {}
            twin.copy_of = original.copy_of or (key if key in loaded else None)
            _move_paths(twin, ("functions", key), ("functions", new_key))
            self.service.functions[new_key] = twin
        return new_key

    def delete_function(self, key: str) -> None:
        """Remove a function and its routes (an authorizer that used it goes on naming it: an error says so)."""
        with self.changing(f"delete function {key}"):
            del self.service.functions[key]

    # ----- routes ----------------------------------------------------------------------------

    def add_route(self, function: str, method: str, path: str, authorizer: str | None = None, scopes=None,
                  authorizer_id: str | None = None) -> None:
        """Append a route to ``function``. ``authorizer`` is an authorizer's key, ``aws_iam`` or None (open);
        ``authorizer_id`` names an authorizer of an external HTTP API instead."""
        with self.changing(f"new route {method} {path}"):
            events = self.service.functions[function].events
            events.append(_route(function, len(events), method, path, authorizer, scopes, authorizer_id))

    def update_route(self, function: str, index: int, method: str, path: str, target: str | None = None,
                     authorizer: str | None = None, scopes=None, authorizer_id: str | None = None) -> None:
        """Change a route in place; with another ``target`` function it moves to the end of that one's events.
        What did not change stays as written (``method: get``, ``authorizer: name``)."""
        with self.changing(f"route {method} {path}"):
            events = self.service.functions[function].events
            old = events[index]
            target = target or function
            if target == function:
                events[index] = _route(function, index, method, path, authorizer, scopes, authorizer_id, old)
            else:
                del events[index]
                moved = self.service.functions[target].events
                moved.append(_route(target, len(moved), method, path, authorizer, scopes, authorizer_id, old))
                for i, event in enumerate(events[index:], index):  # the later routes move up one place
                    _move_paths(event, ("functions", function, "events", i + 1), ("functions", function, "events", i))

    def remove_route(self, function: str, index: int) -> None:
        with self.changing(f"delete route of {function}"):
            events = self.service.functions[function].events
            del events[index]
            for i, event in enumerate(events[index:], index):
                _move_paths(event, ("functions", function, "events", i + 1), ("functions", function, "events", i))

    # ----- CORS -------------------------------------------------------------------------------

    def set_cors_mode(self, mode: str) -> None:
        """``off`` (no cors key), ``default`` (``cors: true``) or ``custom`` (the object form; its
        empty settings mean Serverless's defaults)."""
        if mode not in CORS_MODES:
            raise ValueError(f"not a CORS mode: {mode}")
        cors = self.service.provider.http_api.cors
        current = "off" if cors is None else ("default" if cors.is_default else "custom")
        if mode == current:
            return
        with self.changing(f"CORS {mode}"):
            self.service.provider.http_api.cors = {"off": None, "default": Cors(is_default=True), "custom": Cors()}[mode]

    def set_cors_option(self, field: str, value, group: object = None) -> None:
        """One setting of custom CORS (see CORS_OPTIONS); CORS becomes custom if it was not."""
        if field not in CORS_OPTIONS:
            raise ValueError(f"not a CORS setting: {field}")
        with self.changing(f"CORS {field}", group):
            http_api = self.service.provider.http_api
            if http_api.cors is None or http_api.cors.is_default:
                http_api.cors = Cors()
            if field == "allow_credentials":
                value = True if value else None
            elif field != "max_age":
                value = list(value) if value else None
            setattr(http_api.cors, field, value)

    def replace_cors(self, cors: Cors | None) -> None:
        with self.changing("CORS"):
            self.service.provider.http_api.cors = copy.deepcopy(cors)

    # ----- authorizers ------------------------------------------------------------------------

    def add_authorizer(self, key: str, kind: str, *, issuer_url: str | None = None, audience=None,
                       function_name: str | None = None, function_arn: str | None = None,
                       identity_source=None) -> None:
        """A new JWT (``jwt``) or Lambda (``request``) authorizer."""
        with self.changing(f"new authorizer {key}"):
            authorizers = self.service.provider.http_api.authorizers
            if key in authorizers:
                raise ValueError(f"there is already an authorizer {key!r}")
            authorizers[key] = _new_authorizer(key, kind, None, issuer_url=issuer_url, audience=audience,
                                               function_name=function_name, function_arn=function_arn,
                                               identity_source=identity_source)

    def set_authorizer(self, authorizer: Authorizer, replacing: str | None = None) -> None:
        """Add an authorizer, or put it in place of ``replacing`` (renamed: the routes follow)."""
        with self.changing(f"authorizer {authorizer.key}"):
            if replacing and replacing != authorizer.key:
                self.rename_authorizer(replacing, authorizer.key)
            self.service.provider.http_api.authorizers[authorizer.key] = copy.deepcopy(authorizer)

    def set_authorizer_kind(self, key: str, kind: str) -> None:
        """JWT (``jwt``) or Lambda (``request``): the settings of the other kind go; name and token source stay."""
        old = self.service.provider.http_api.authorizers[key]
        if (old.type == "request") == (kind == "request"):
            return
        with self.changing(f"authorizer {key} kind"):
            self.service.provider.http_api.authorizers[key] = _new_authorizer(key, kind, old)

    def update_authorizer(self, key: str, group: object = None, **settings) -> None:
        """Change settings of an authorizer (see AUTHORIZER_SETTINGS). Switches that go back to AWS's
        default are not written, unless the file as opened spelled the default out."""
        with self.changing(f"authorizer {key}", group):
            auth = self.service.provider.http_api.authorizers[key]
            loaded = self._base.provider.http_api.authorizers.get(key) if self._base is not None else None
            for name, value in settings.items():
                if name not in AUTHORIZER_SETTINGS:
                    raise ValueError(f"not an authorizer setting: {name}")
                if name in ("enable_simple_responses", "managed_externally"):
                    value = True if value else _as_written(loaded, name, False)
                elif name == "payload_version":
                    value = value if str(value) not in ("2", "2.0") else (loaded.payload_version if loaded is not None
                                                                           and str(loaded.payload_version) in ("2", "2.0") else None)
                elif name == "identity_source" and isinstance(value, list) and auth.type != "request":
                    value = value[0] if len(value) == 1 else (value or None)  # JWT takes one source, written as a string
                elif isinstance(value, list):
                    value = value or None
                setattr(auth, name, value)

    def set_authorizer_function(self, key: str, function_name: str | None = None, function_arn: str | None = None,
                                group: object = None) -> None:
        """The function a Lambda authorizer calls: one of the service (by key) or any by ARN, never both."""
        with self.changing(f"authorizer {key} function", group):
            auth = self.service.provider.http_api.authorizers[key]
            auth.function_name = function_name or None
            auth.function_arn = None if function_name else (function_arn or None)

    def rename_authorizer(self, old: str, new: str) -> None:
        """Give an authorizer another key, in place; the routes that name it follow."""
        if new == old:
            return
        with self.changing(f"rename authorizer {old} to {new}"):
            http_api = self.service.provider.http_api
            if new in http_api.authorizers:
                raise ValueError(f"there is already an authorizer {new!r}")
            http_api.authorizers = {(new if k == old else k): v for k, v in http_api.authorizers.items()}
            auth = http_api.authorizers[new]
            auth.key, auth.path = new, ("provider", "httpApi", "authorizers", new)
            for _fn, event in self.service.http_api_events():
                if event.authorizer is not None and event.authorizer.name == old:
                    event.authorizer.name = new

    def delete_authorizer(self, key: str) -> None:
        """Remove an authorizer and the references to it from routes (they become open)."""
        with self.changing(f"delete authorizer {key}"):
            del self.service.provider.http_api.authorizers[key]
            for _fn, event in self.service.http_api_events():
                if event.authorizer is not None and event.authorizer.name == key:
                    event.authorizer = None
                    event.shorthand = True

    # ----- logging ---------------------------------------------------------------------------

    def set_access_logs(self, enabled: bool, fmt: str | None = None) -> None:
        """Access logs on (with ``fmt``, else the format already set, else Serverless's default) or off."""
        with self.changing("access logs"):
            current = self.service.provider.access_logs
            if not enabled:
                self.service.provider.access_logs = None
            elif fmt is not None or current is None:
                self.service.provider.access_logs = AccessLogs(format=fmt or None)

    def set_log_format(self, fmt: str | None, group: object = None) -> None:
        """The access-log format (empty: Serverless's default); turns access logs on."""
        with self.changing("access-log format", group):
            self.service.provider.access_logs = AccessLogs(format=fmt or None)

    def add_log_variable(self, variable: str) -> None:
        """Add ``$context.<variable>`` to the access-log format (see ``splice_log_variable``)."""
        current = self.service.provider.access_logs
        self.set_log_format(splice_log_variable(current.format if current is not None else None, variable))

    # ----- the HTTP API ----------------------------------------------------------------------

    def set_payload(self, version: str) -> None:
        """The default event format; 2.0 is Serverless's default, written only if the file already spells it out."""
        if str(version) in ("2", "2.0"):
            loaded = self._base.provider.http_api.payload if self._base is not None else None
            version = loaded if str(loaded) in ("2", "2.0") else None
        with self.changing("payload version"):
            self.service.provider.http_api.payload = version

    def update_http_api(self, group: object = None, **fields) -> list[str]:
        """Change ``provider.httpApi`` settings (metrics, disable_default_endpoint, name; ``payload``; ``id``)
        as one step; a new external ``id`` turns off what that API owns (see ``use_external_api``)."""
        with self.changing("HTTP API", group):
            dropped = []
            if "payload" in fields:
                self.set_payload(fields.pop("payload") or "2.0")
            if "id" in fields:
                dropped = self.use_external_api(fields.pop("id"))
            for name, value in fields.items():
                if name not in HTTP_API_SETTINGS:
                    raise ValueError(f"not an HTTP API setting: {name}")
                setattr(self.service.provider.http_api, name, value)
        return dropped

    def use_external_api(self, api_id: str | None) -> list[str]:
        """Attach the routes to the HTTP API ``api_id`` that another stack owns (None: create one here).

        That API's CORS, access logs and authorizers are set where it is defined, and
        Serverless refuses them here: they are turned off. Returns what was, in words.
        """
        dropped = []
        with self.changing("external HTTP API"):
            http_api = self.service.provider.http_api
            http_api.id = api_id or None
            if api_id:
                if http_api.cors is not None:
                    dropped.append("CORS")
                    http_api.cors = None
                if self.service.provider.access_logs is not None:
                    dropped.append("access logs")
                    self.service.provider.access_logs = None
                if http_api.authorizers:
                    dropped.append(f"{len(http_api.authorizers)} authorizer definition(s) ({', '.join(http_api.authorizers)})")
                    http_api.authorizers = {}
        return dropped


def _move_paths(record, old: tuple, new: tuple) -> None:
    """Re-anchor the config paths under ``old`` to ``new`` in ``record`` and what it holds."""
    stack = [record]
    while stack:
        item = stack.pop()
        path = getattr(item, "path", None)
        if isinstance(path, tuple) and path[: len(old)] == old:
            item.path = new + path[len(old):]
        for value in vars(item).values():
            if isinstance(value, list):
                stack.extend(v for v in value if hasattr(v, "_fields"))
            elif hasattr(value, "_fields"):
                stack.append(value)


def _route(function: str, index: int, method: str, path: str, authorizer, scopes, authorizer_id, old: HttpApiEvent | None = None):
    where = ("functions", function, "events", index, "httpApi")
    if path == "*":
        method = None
    elif old is not None and old.method is not None and str(old.method).upper() == str(method).upper():
        method = old.method  # `method: get` stays lower-case when only the path changed
    scopes = list(scopes) if scopes else None
    # Whatever was asked is written, and the compiler judges it (an empty id, scopes with IAM).
    if authorizer_id is not None:
        ref = RouteAuthorizer(id=authorizer_id, scopes=scopes, path=where + ("authorizer",))
    elif authorizer == "aws_iam":
        ref = RouteAuthorizer(type="aws_iam", scopes=scopes, path=where + ("authorizer",))
    elif authorizer:
        ref = RouteAuthorizer(name=authorizer, scopes=scopes, path=where + ("authorizer",))
    else:
        ref = None
    if ref is not None and old is not None and old.authorizer is not None:
        kept = copy.deepcopy(old.authorizer)
        kept.path = ref.path
        if (kept.name, kept.id, kept.type, kept.scopes or None) == (ref.name, ref.id, ref.type, ref.scopes):
            ref = kept  # `authorizer: name` stays short when the authorizer did not change
    # The string form ('GET /x', '*') has no room for an authorizer.
    shorthand = (old.shorthand if old is not None else True) and ref is None
    return HttpApiEvent(method=method, route_path=path, shorthand=shorthand, authorizer=ref, path=where)


def _new_authorizer(key: str, kind: str, old: Authorizer | None, *, issuer_url=None, audience=None, function_name=None,
                    function_arn=None, identity_source=None) -> Authorizer:
    where = ("provider", "httpApi", "authorizers", key)
    sources = identity_source if identity_source is not None else (old.identity_source if old is not None else None)
    sources = sources if isinstance(sources, list) else ([sources] if sources else [])
    name = old.name if old is not None else None
    if kind == "request":
        return Authorizer(key=key, type="request", declared_type="request", name=name, identity_source=sources or None,
                          function_name=function_name or None, function_arn=None if function_name else (function_arn or None),
                          path=where)
    if kind != "jwt":
        raise ValueError(f"not an authorizer kind: {kind} (jwt or request)")
    audience = [audience] if isinstance(audience, str) else list(audience or [])
    return Authorizer(key=key, type="jwt", name=name, identity_source=sources[0] if sources else DEFAULT_IDENTITY_SOURCE,
                      issuer_url=issuer_url or None, audience=audience or None, path=where)
