"""A design session: the service being built, its history, and what it compiles to.

This is what the wizard's screens call; it holds no Textual code. Every change goes
through a method here, is recorded for undo/redo, and the preview is always the
serverless.yml that saving would write, compiled by the same compiler as the CLI.
"""

from __future__ import annotations

import copy
import os

from ..api import CompileResult, compile_file, compile_text
from ..model.service import AccessLogs, Authorizer, Cors, Function, HttpApiEvent, RouteAuthorizer, Service
from .changes import apply
from .edit import EditError
from .opened_file import OpenedFile, read_for_edit
from .render import render_serverless_yml
from .save import SaveError, recover, save_service
from .scaffold import new_project

# What the route dialog offers; "*" alone is the catch-all route.
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "ANY")


class Session:
    def __init__(self, service: Service, directory: str = ".", confined: bool = False) -> None:
        self.service = service
        self.directory = directory
        # Untrusted input (a browser visitor of `serve`): compiles read nothing of the host.
        self.confined = confined
        self._undo: list[Service] = []
        self._redo: list[Service] = []
        self.saved_text: str | None = None
        self._cache: tuple[str, CompileResult] | None = None
        # Editing an existing file: its text, its digest, and the model as read from it.
        self.original_text: str | None = None
        self.original_digest: str | None = None
        self.opened: OpenedFile | None = None
        self._base: Service | None = None
        self.edit_error: str | None = None

    @classmethod
    def from_file(cls, path: str) -> Session:
        """Edit an existing serverless.yml: saving changes only the entries that changed."""
        recover(os.path.dirname(os.path.abspath(path)))  # finish (or undo) a save that was cut short first
        opened = read_for_edit(path)
        text = opened.text
        result = compile_text(text, path, env=dict(os.environ), lenient=True)
        if result.service is None:
            raise SaveError("; ".join(d.format() for d in result.errors) or f"{path}: cannot be read as a service")
        session = cls(result.service, os.path.dirname(os.path.abspath(path)))
        session.original_text = session.saved_text = text
        session.original_digest, session.opened = opened.digest, opened
        session._base = copy.deepcopy(result.service)
        return session

    @property
    def editing(self) -> bool:
        return self.original_text is not None
    @classmethod
    def from_example(cls, name: str, directory: str = ".", confined: bool = False) -> Session:
        from .. import examples

        result = compile_file(examples.path(name))
        if result.service is None:
            raise SaveError(f"example {name!r} does not load: {[d.format() for d in result.errors]}")
        return cls(result.service, directory, confined=confined)

    # ----- what the preview shows ---------------------------------------------------------

    def serverless_yml(self) -> str:
        """What saving writes: a new file, or the opened file with only the changes made."""
        if not self.editing:
            return render_serverless_yml(self.service)
        try:
            text = apply(self.original_text, self._base, self.service)
            self.edit_error = None
            return text
        except EditError as exc:
            self.edit_error = str(exc)
            return self.original_text

    def diff(self) -> str:
        """The unified diff of serverless.yml against the file on disk (editing only)."""
        import difflib

        if not self.editing:
            return ""
        return "".join(difflib.unified_diff(self.original_text.splitlines(True), self.serverless_yml().splitlines(True),
                                            "serverless.yml (on disk)", "serverless.yml (to save)"))

    def compile(self, text: str | None = None) -> CompileResult:
        """The compile of ``text``, the serverless.yml saving writes (rendered here when not given)."""
        if text is None:
            text = self.serverless_yml()
        if self._cache is None or self._cache[0] != text:
            path = os.path.join(self.directory, "serverless.yml")
            env = dict(os.environ) if self.editing else {}
            self._cache = (text, compile_text(text, path, env=env, lenient=True, service_dir=self.directory,
                                              confined=self.confined))
        return self._cache[1]

    @property
    def dirty(self) -> bool:
        return self.saved_text != self.serverless_yml()

    # ----- changes (each one undoable) ------------------------------------------------------

    def _change(self) -> None:
        self._undo.append(copy.deepcopy(self.service))
        self._redo.clear()

    def undo(self) -> bool:
        if not self._undo:
            return False
        self._redo.append(self.service)
        self.service = self._undo.pop()
        return True

    def redo(self) -> bool:
        if not self._redo:
            return False
        self._undo.append(self.service)
        self.service = self._redo.pop()
        return True

    def set_service(self, field: str, value) -> None:
        """``name`` of the service, or a provider setting (runtime, region, stage, memory_size, timeout)."""
        self._change()
        if field == "name":
            self.service.service = value
        else:
            setattr(self.service.provider, field, value)

    def add_function(self, key: str, handler: str) -> None:
        self._change()
        self.service.functions[key] = Function(key=key, handler=handler, path=("functions", key))

    def add_route(self, function: str, method: str, path: str, authorizer: str | None = None, scopes=None,
                  authorizer_id: str | None = None) -> None:
        """Append a route to ``function``. ``authorizer`` is an authorizer's key, ``aws_iam`` or None (open);
        ``authorizer_id`` names an authorizer of an external HTTP API instead."""
        self._change()
        events = self.service.functions[function].events
        events.append(self._route(function, len(events), method, path, authorizer, scopes, authorizer_id=authorizer_id))

    def update_route(self, function: str, index: int, method: str, path: str, target: str | None = None,
                     authorizer: str | None = None, scopes=None, authorizer_id: str | None = None) -> None:
        """Change a route in place; with another ``target`` function it moves to the end of that one's events."""
        self._change()
        events = self.service.functions[function].events
        old = events[index]
        target = target or function
        if target == function:
            events[index] = self._route(function, index, method, path, authorizer, scopes, old.shorthand, authorizer_id)
        else:
            del events[index]
            moved = self.service.functions[target].events
            moved.append(self._route(target, len(moved), method, path, authorizer, scopes, old.shorthand, authorizer_id))

    @staticmethod
    def _route(function: str, index: int, method: str, path: str, authorizer, scopes, shorthand: bool = True,
               authorizer_id: str | None = None) -> HttpApiEvent:
        where = ("functions", function, "events", index, "httpApi")
        if path == "*":
            method = None
        # The string form ('GET /x', '*') has no room for an authorizer.
        event = HttpApiEvent(method=method, route_path=path, shorthand=shorthand and not (authorizer or authorizer_id), path=where)
        scopes = list(scopes) if scopes else None
        if authorizer_id:
            event.authorizer = RouteAuthorizer(id=authorizer_id, scopes=scopes, path=where + ("authorizer",))
        elif authorizer == "aws_iam":
            event.authorizer = RouteAuthorizer(type="aws_iam", path=where + ("authorizer",))
        elif authorizer:
            event.authorizer = RouteAuthorizer(name=authorizer, scopes=scopes, path=where + ("authorizer",))
        return event

    def remove_route(self, function: str, index: int) -> None:
        self._change()
        del self.service.functions[function].events[index]

    def set_cors(self, mode: str, origins: list[str] | None = None, credentials: bool = False, *,
                 headers: list[str] | None = None, methods: list[str] | None = None,
                 exposed_headers: list[str] | None = None, max_age: int | None = None) -> None:
        """``off``, ``default`` (cors: true) or ``custom``; empty custom lists mean Serverless's defaults."""
        self.replace_cors(self.make_cors(mode, origins, credentials, headers=headers, methods=methods,
                                         exposed_headers=exposed_headers, max_age=max_age))

    def replace_cors(self, cors: Cors | None) -> None:
        self._change()
        self.service.provider.http_api.cors = cors

    @staticmethod
    def make_cors(mode: str, origins: list[str] | None = None, credentials: bool = False, *,
                  headers: list[str] | None = None, methods: list[str] | None = None,
                  exposed_headers: list[str] | None = None, max_age: int | None = None) -> Cors | None:
        if mode == "off":
            return None
        if mode == "default":
            return Cors(is_default=True)
        return Cors(allowed_origins=list(origins or []) or None, allowed_headers=list(headers or []) or None,
                    allowed_methods=list(methods or []) or None, allow_credentials=True if credentials else None,
                    exposed_response_headers=list(exposed_headers or []) or None, max_age=max_age)

    def cors_problems(self, cors: Cors | None) -> list[str]:
        """What the compiler and the checks would say about these CORS settings, before applying them."""
        trial = Session(copy.deepcopy(self.service), self.directory)
        trial.service.provider.http_api.cors = copy.deepcopy(cors)
        return [d.message for d in trial.compile().diagnostics
                if tuple(d.path[:3]) == ("provider", "httpApi", "cors") and d.severity != "info"]

    def update_function(self, key: str, **fields) -> None:
        """Change a function's settings (handler, runtime, memory_size, timeout, description, environment)."""
        self._change()
        fn = self.service.functions[key]
        for name, value in fields.items():
            setattr(fn, name, value)

    def duplicate_function(self, key: str, new_key: str) -> None:
        self._change()
        copy_ = copy.deepcopy(self.service.functions[key])
        copy_.key, copy_.path, copy_.events = new_key, ("functions", new_key), []
        self.service.functions[new_key] = copy_

    def delete_function(self, key: str) -> None:
        """Remove a function and its routes (an authorizer that used it goes on naming it)."""
        self._change()
        del self.service.functions[key]

    def function_problems(self, key: str, handler: str, editing: str | None = None) -> list[str]:
        """What is wrong with a function name and handler, before using them."""
        problems = []
        if not key:
            problems.append("a function needs a name")
        elif not all(c.isalnum() or c in "-_" for c in key):
            problems.append("function names use letters, digits, - and _ only")
        elif key != editing and key in self.service.functions:
            problems.append(f"there is already a function {key!r}")
        else:
            from ..compiling.naming import lambda_logical_id

            clash = [k for k in self.service.functions if k != editing and lambda_logical_id(k) == lambda_logical_id(key)]
            if clash:
                problems.append(f"{key!r} and {clash[0]!r} would get the same CloudFormation id")
        module, _, export = handler.rpartition(".")
        if not module or not export or not export.replace("_", "a").isalnum():
            problems.append("the handler is file.export, e.g. src/users.get")
        return problems

    def make_authorizer(self, key: str, kind: str, *, identity_sources: list[str], issuer_url: str = "",
                        audience: list[str] | None = None, function_name: str | None = None, function_arn: str = "",
                        ttl: int | None = None, simple_responses: bool = False, payload_version: str | None = None,
                        managed_externally: bool = False, replacing: str | None = None) -> Authorizer:
        """An authorizer from form values: ``kind`` is ``jwt`` or ``request``; blanks are "not set".

        Settings the form does not show (``name``, an explicit ``type: jwt``) and explicit
        ``false``/defaults already written in the file are kept, so editing one field of an
        authorizer does not rewrite the others.
        """
        base = self.service.provider.http_api.authorizers.get(replacing or key)

        def unless_default(value, attribute: str, default):
            if value != default:
                return value
            old = getattr(base, attribute) if base is not None else None
            return old if old == default else None  # a default the file spells out stays written

        where = ("provider", "httpApi", "authorizers", key)
        if kind == "jwt":
            source = identity_sources[0] if len(identity_sources) == 1 else (list(identity_sources) or None)
            return Authorizer(key=key, type="jwt", name=base.name if base else None, identity_source=source,
                              issuer_url=issuer_url or None, audience=list(audience or []) or None,
                              declared_type=base.declared_type if base is not None and base.type != "request" else None, path=where)
        return Authorizer(
            key=key, type="request", declared_type="request", name=base.name if base else None,
            function_name=None if function_arn else function_name, function_arn=function_arn or None,
            identity_source=list(identity_sources) or None, result_ttl_in_seconds=ttl,
            enable_simple_responses=unless_default(bool(simple_responses), "enable_simple_responses", False),
            payload_version=unless_default(payload_version or "2.0", "payload_version", "2.0"),
            managed_externally=unless_default(bool(managed_externally), "managed_externally", False), path=where,
        )

    def set_authorizer(self, authorizer: Authorizer, replacing: str | None = None) -> None:
        """Add an authorizer, or replace ``replacing``: renamed, the routes that used it follow the new name."""
        self._change()
        http_api = self.service.provider.http_api
        if replacing and replacing != authorizer.key and replacing in http_api.authorizers:
            http_api.authorizers = {(authorizer.key if k == replacing else k): (authorizer if k == replacing else v)
                                    for k, v in http_api.authorizers.items()}
            for fn in self.service.functions.values():
                for event in fn.events:
                    if event.authorizer is not None and event.authorizer.name == replacing:
                        event.authorizer.name = authorizer.key
        else:
            http_api.authorizers[authorizer.key] = authorizer

    def authorizer_problems(self, authorizer: Authorizer, replacing: str | None = None) -> list[str]:
        """What the compiler and the checks would say about this authorizer, before saving it."""
        key = authorizer.key
        if not key:
            return ["an authorizer needs a name (its key under provider.httpApi.authorizers)"]
        if not all(c.isalnum() or c in "-_" for c in key):
            return ["authorizer names use letters, digits, - and _ only"]
        if key != replacing and key in self.service.provider.http_api.authorizers:
            return [f"there is already an authorizer {key!r}: select it in the table to edit it"]
        if authorizer.type == "request" and not (authorizer.function_name or authorizer.function_arn):
            return ["pick the function that decides, or give the ARN of one"]
        trial = Session(copy.deepcopy(self.service), self.directory)
        trial.set_authorizer(copy.deepcopy(authorizer), replacing)
        where = ("provider", "httpApi", "authorizers", key)
        return [d.message for d in trial.compile().diagnostics
                if tuple(d.path[:4]) == where and d.severity != "info" and d.code != "HTTPAPI-AUTHORIZER-UNUSED"]

    def delete_authorizer(self, key: str) -> None:
        """Remove an authorizer and the references to it from routes (they become open)."""
        self._change()
        del self.service.provider.http_api.authorizers[key]
        for fn in self.service.functions.values():
            for event in fn.events:
                if event.authorizer is not None and event.authorizer.name == key:
                    event.authorizer = None
                    event.shorthand = True

    def routes_using(self, key: str) -> list[str]:
        return [e.route_key for f in self.service.functions.values() for e in f.events
                if e.authorizer is not None and e.authorizer.name == key]

    def set_access_logs(self, enabled: bool, fmt: str | None = None) -> None:
        self._change()
        self.service.provider.access_logs = AccessLogs(format=fmt or None) if enabled else None

    def use_external_api(self, api_id: str | None) -> list[str]:
        """Attach the routes to the HTTP API ``api_id`` that another stack owns (None: create one here).

        That API's CORS, access logs and authorizers are set where it is defined, and
        Serverless refuses them here: they are turned off. Returns what was, in words.
        """
        self._change()
        return self._attach(api_id)

    def _attach(self, api_id: str | None) -> list[str]:
        http_api = self.service.provider.http_api
        http_api.id = api_id or None
        if not api_id:
            return []
        dropped = []
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

    def update_http_api(self, **fields) -> list[str]:
        """Change ``provider.httpApi`` settings (payload, metrics, disable_default_endpoint, name, id) as one
        undoable step; a new external ``id`` turns off what that API owns (see ``use_external_api``)."""
        self._change()
        http_api = self.service.provider.http_api
        dropped = self._attach(fields.pop("id")) if "id" in fields and fields["id"] != http_api.id else []
        for name, value in fields.items():
            setattr(http_api, name, value)
        return dropped

    def external_api_conflicts(self) -> list[str]:
        """What ``use_external_api`` would turn off, in words."""
        trial = Session(copy.deepcopy(self.service), self.directory)
        return trial.use_external_api("external")

    def routes_by_authorizer_name(self) -> list[str]:
        """Routes that name an authorizer of this stack: with an external API they need its id instead."""
        return [e.route_key for f in self.service.functions.values() for e in f.events
                if e.authorizer is not None and e.authorizer.name and e.authorizer.id is None]

    def set_http_api(self, field: str, value) -> None:
        """payload, metrics, disable_default_endpoint, name or id of ``provider.httpApi``."""
        self._change()
        setattr(self.service.provider.http_api, field, value)

    # ----- design-time answers ------------------------------------------------------------------

    def route_problems(self, function: str, method: str, path: str, editing: tuple[str, int] | None = None) -> list[str]:
        """What the compiler and the checks would say about this route, before adding it (or changing
        the route ``editing``, a (function, index) pair, into it)."""
        if function not in self.service.functions:
            return [f"no function {function!r}"]
        trial = Session(copy.deepcopy(self.service), self.directory)
        if editing is not None:
            trial.remove_route(*editing)
        trial.add_route(function, method, path)
        where = ("functions", function, "events", len(trial.service.functions[function].events) - 1, "httpApi")
        # Some findings land on the other route of a pair (a second '*' is reported where it is lost).
        before = {(d.code, d.message) for d in self.compile().diagnostics}
        return [d.message for d in trial.compile().diagnostics if d.severity != "info"
                and (tuple(d.path[:5]) == where or (d.code, d.message) not in before and d.code.startswith("HTTPAPI-ROUTE"))]

    # Where saving writes the CloudFormation template, relative to the project folder; .yml/.yaml writes YAML.
    template_path = "cloudformation-template-update-stack.json"

    def _template_file(self) -> tuple[str, str] | None:
        """(relative path, text) of the template to save beside serverless.yml, if the service compiles."""
        from ..compiling.output import to_json, to_yaml

        template = self.compile().template
        if template is None:
            return None
        yaml_out = self.template_path.lower().endswith((".yml", ".yaml"))
        return self.template_path, to_yaml(template) if yaml_out else to_json(template)

    def files(self) -> list[tuple[str, str]]:
        """(path, text) of everything saving writes: for downloads when the wizard runs in a browser."""
        from .scaffold import plan_project

        template = self._template_file()
        if self.editing:
            return [("serverless.yml", self.opened.on_disk(self.serverless_yml()))] + ([template] if template else [])
        return [(item.relpath, item.text) for item in plan_project(self.service, template=template)]

    def archive_folder(self, folder: str | None = None) -> str:
        """The folder the project's zip unpacks to: the last part of ``folder`` (or of the session's)."""
        return os.path.basename(os.path.normpath(os.path.abspath(folder or self.directory))) or "my-http-api"

    def archive(self, folder: str | None = None) -> tuple[str, bytes]:
        """(file name, bytes) of the project as one zip, for the wizard running in a browser."""
        from .archive import zip_project

        name = self.archive_folder(folder)
        return f"{name}.zip", zip_project(name, self.files())

    def save_plan(self, directory: str | None = None) -> list[tuple[str, str]]:
        """(relative path, what saving does to it: create, replace or keep) for every file saving touches."""
        from .scaffold import plan_project

        root = self.directory if self.editing else (directory or self.directory)
        if self.editing:
            template = self._template_file()
            names = [("serverless.yml", False)] + ([(template[0], False)] if template else [])
        else:
            names = [(item.relpath, item.create_only) for item in plan_project(self.service, template=self._template_file())]
        plan = []
        for name, create_only in names:
            exists = os.path.exists(os.path.join(root, name))
            plan.append((name, "keep (exists)" if exists and create_only else ("replace" if exists else "create")))
        return plan

    def save(self, directory: str | None = None) -> list[str]:
        """Write serverless.yml and the template together (a new project: with its handlers and the rest)."""
        path = self.template_path.strip()
        if os.path.normpath(path) == "serverless.yml" or not path.lower().endswith((".json", ".yml", ".yaml")):
            raise SaveError(f"{path or '(empty)'}: the template's file name ends in .json, .yml or .yaml and is not serverless.yml")
        template = self._template_file()
        if self.editing:
            text = self.serverless_yml()
            if self.edit_error:
                raise SaveError(self.edit_error)
            written = save_service(self.directory, self.opened.on_disk(text), self.compile().template, opened=True, opened_digest=self.original_digest,
                                   template_path=path, template_format="yaml" if path.lower().endswith((".yml", ".yaml")) else "json")
            self.original_text = self.saved_text = text
            self.original_digest = self.opened.digest_of(text)
            self._base = copy.deepcopy(self.service)
            return written
        written = new_project(directory or self.directory, self.service, template=template)
        self.directory = directory or self.directory
        self.saved_text = self.serverless_yml()
        return written
