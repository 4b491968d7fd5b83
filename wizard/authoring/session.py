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
from .render import render_serverless_yml
from .save import SaveError, digest, save_service
from .scaffold import new_project

METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "ANY")


class Session:
    def __init__(self, service: Service, directory: str = ".") -> None:
        self.service = service
        self.directory = directory
        self._undo: list[Service] = []
        self._redo: list[Service] = []
        self.saved_text: str | None = None
        self._cache: tuple[str, CompileResult] | None = None
        # Editing an existing file: its text, its digest, and the model as read from it.
        self.original_text: str | None = None
        self.original_digest: str | None = None
        self._base: Service | None = None
        self.edit_error: str | None = None

    @classmethod
    def from_file(cls, path: str) -> Session:
        """Edit an existing serverless.yml: saving changes only the entries that changed."""
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
        result = compile_text(text, path, env=dict(os.environ), lenient=True)
        if result.service is None:
            raise SaveError("; ".join(d.format() for d in result.errors) or f"{path}: cannot be read as a service")
        session = cls(result.service, os.path.dirname(os.path.abspath(path)))
        session.original_text = session.saved_text = text
        session.original_digest = digest(text)
        session._base = copy.deepcopy(result.service)
        return session

    @property
    def editing(self) -> bool:
        return self.original_text is not None
    @classmethod
    def from_example(cls, name: str, directory: str = ".") -> Session:
        from .. import examples

        result = compile_file(examples.path(name))
        if result.service is None:
            raise SaveError(f"example {name!r} does not load: {[d.format() for d in result.errors]}")
        return cls(result.service, directory)

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

    def compile(self) -> CompileResult:
        text = self.serverless_yml()
        if self._cache is None or self._cache[0] != text:
            path = os.path.join(self.directory, "serverless.yml")
            env = dict(os.environ) if self.editing else {}
            self._cache = (text, compile_text(text, path, env=env, lenient=True, service_dir=self.directory))
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

    def add_route(self, function: str, method: str, path: str, authorizer: str | None = None, scopes=None) -> None:
        self._change()
        fn = self.service.functions[function]
        index = len(fn.events)
        where = ("functions", function, "events", index, "httpApi")
        event = HttpApiEvent(method=method, route_path=path, shorthand=authorizer is None, path=where)
        if authorizer:
            event.authorizer = RouteAuthorizer(name=authorizer, scopes=list(scopes) if scopes else None, path=where + ("authorizer",))
        fn.events.append(event)

    def remove_route(self, function: str, index: int) -> None:
        self._change()
        del self.service.functions[function].events[index]

    def set_cors(self, mode: str, origins: list[str] | None = None, credentials: bool = False) -> None:
        """``off``, ``default`` (cors: true) or ``custom`` (explicit origins)."""
        self._change()
        http_api = self.service.provider.http_api
        if mode == "off":
            http_api.cors = None
        elif mode == "default":
            http_api.cors = Cors(is_default=True)
        else:
            http_api.cors = Cors(allowed_origins=list(origins or []), allow_credentials=True if credentials else None)

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

    def set_jwt_authorizer(self, key: str, identity_source: str, issuer: str, audience: list[str]) -> None:
        self._change()
        self.service.provider.http_api.authorizers[key] = Authorizer(
            key=key, type="jwt", identity_source=identity_source, issuer_url=issuer, audience=list(audience),
            path=("provider", "httpApi", "authorizers", key),
        )

    def set_lambda_authorizer(self, key: str, function_name: str, identity_sources: list[str], ttl: int | None = None,
                              simple_responses: bool | None = None, payload_version: str | None = None) -> None:
        self._change()
        self.service.provider.http_api.authorizers[key] = Authorizer(
            key=key, type="request", declared_type="request", function_name=function_name,
            identity_source=list(identity_sources), result_ttl_in_seconds=ttl, enable_simple_responses=simple_responses,
            payload_version=payload_version, path=("provider", "httpApi", "authorizers", key),
        )

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

    def set_http_api(self, field: str, value) -> None:
        """payload, metrics, disable_default_endpoint, name or id of ``provider.httpApi``."""
        self._change()
        setattr(self.service.provider.http_api, field, value)

    # ----- design-time answers ------------------------------------------------------------------

    def route_problems(self, function: str, method: str, path: str) -> list[str]:
        """What the compiler and the checks would say about adding this route, before adding it."""
        if function not in self.service.functions:
            return [f"no function {function!r}"]
        trial = Session(copy.deepcopy(self.service), self.directory)
        trial.add_route(function, method, path)
        result = trial.compile()
        where = ("functions", function, "events", len(self.service.functions[function].events), "httpApi")
        return [d.message for d in result.diagnostics if tuple(d.path[:5]) == where and d.severity != "info"]

    def files(self) -> list[tuple[str, str]]:
        """(path, text) of everything saving writes: for downloads when the wizard runs in a browser."""
        from ..compiling.output import to_json
        from .scaffold import plan_project

        if self.editing:
            template = self.compile().template
            out = [("serverless.yml", self.serverless_yml())]
            return out + ([("cloudformation-template-update-stack.json", to_json(template))] if template else [])
        return [(item.relpath, item.text) for item in plan_project(self.service)]

    def save(self, directory: str | None = None) -> list[str]:
        if self.editing:
            text = self.serverless_yml()
            if self.edit_error:
                raise SaveError(self.edit_error)
            written = save_service(self.directory, text, self.compile().template, opened=True, opened_digest=self.original_digest)
            self.original_text = self.saved_text = text
            self.original_digest = digest(text)
            self._base = copy.deepcopy(self.service)
            return written
        written = new_project(directory or self.directory, self.service)
        self.directory = directory or self.directory
        self.saved_text = self.serverless_yml()
        return written
