"""Scaffold a runnable project from a Service: serverless.yml, handlers, manifest, README.

Handler files are named by the handler strings (``src/users.get`` -> ``src/users.js``
with an export ``get``); each function answers with a proper HTTP API response for its
payload version, reads its path parameters, and reads the JWT claims when protected.
"""

from __future__ import annotations

import os
import re
from functools import lru_cache

from ..compiling.pipeline import compile_service
from ..model.service import Service
from .render import render_serverless_yml
from .safe_paths import check_folder
from .save import PlannedFile, SaveError, resolve_inside, save
from .templates import environment

_IDENTIFIER = re.compile(r"[A-Za-z_$][A-Za-z0-9_$]*\Z")
_PY_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


@lru_cache(maxsize=1)
def _env():
    return environment()


def _render(name: str, **context) -> str:
    return _env().get_template(f"project/{name}").render(**context).rstrip("\n") + "\n"


def _language(runtime: str) -> str | None:
    if runtime.startswith("nodejs"):
        return "node"
    if runtime.startswith("python"):
        return "python"
    return None


def _handler_entries(service: Service, http_api) -> dict[tuple[str, str], list[dict]]:
    """(language, file) -> the exports it must define."""
    files: dict[tuple[str, str], list[dict]] = {}
    routes_by_fn: dict[str, list] = {}
    for route in http_api.routes.values():
        routes_by_fn.setdefault(route.function.key, []).append(route)
    default_runtime = service.provider.runtime or "nodejs16.x"
    payload_default = str(service.provider.http_api.payload or "2.0")
    for key, fn in service.functions.items():
        if not isinstance(fn.handler, str):
            continue
        language = _language(str(fn.runtime or default_runtime))
        if language is None:
            continue  # Java, Go, .NET, custom runtimes: the user builds those
        module, _, export = fn.handler.rpartition(".")
        if not module or not export:
            raise SaveError(f"functions.{key}.handler '{fn.handler}' must be file.export, e.g. src/handler.main")
        valid = _IDENTIFIER if language == "node" else _PY_IDENTIFIER
        if not valid.match(export):
            raise SaveError(f"functions.{key}.handler: '{export}' cannot be a {language} function name")
        module = module.removeprefix("./")
        relfile = module + (".js" if language == "node" else ".py")
        routes = routes_by_fn.get(key, [])
        params: list[str] = []
        for route in routes:
            for name in re.findall(r"\{([^}+]+)\+?\}", route.route_key):
                if name not in params and _IDENTIFIER.match(name) and _PY_IDENTIFIER.match(name):
                    params.append(name)
        entry = {
            "export": export,
            "function": key,
            "routes": [r.api_route_key for r in routes],
            "payload": str(fn.http_api_payload or payload_default),
            "params": params,
            "jwt": any(r.auth is not None and r.auth.type not in ("request", "aws_iam") for r in routes),
        }
        exports = files.setdefault((language, relfile), [])
        if all(e["export"] != export for e in exports):
            exports.append(entry)
    return files


def plan_project(service: Service, esm: bool = True, template: tuple[str, str] | None = None) -> list[PlannedFile]:
    """Every file of a new project for ``service``; handlers never overwrite existing files.

    ``template`` is the (relative path, text) of the CloudFormation it compiles to, saved with it.
    """
    _, _, http_api = compile_service(service)
    files = [PlannedFile("serverless.yml", render_serverless_yml(service), expected=None, check_expected=True)]
    if template is not None:
        files.append(PlannedFile(*template))
    handlers = _handler_entries(service, http_api)
    languages = {language for language, _ in handlers}
    for (language, relfile), exports in sorted(handlers.items()):
        template = "handler-node.js.j2" if language == "node" else "handler-python.py.j2"
        text = _render(template, service=service.service, handlers=exports, esm=esm)
        files.append(PlannedFile(relfile, text, create_only=True))
    if "node" in languages or not languages:
        files.append(PlannedFile("package.json", _render("package.json.j2", service=service.service, esm=esm), create_only=True))
    if "python" in languages:
        files.append(PlannedFile("requirements.txt", _render("requirements.txt.j2"), create_only=True))
    files.append(PlannedFile(".gitignore", _render("gitignore.j2"), create_only=True))
    routes = []
    for route in http_api.routes.values():
        path = "/" if route.route_key == "*" else route.route_key.split(" ", 1)[1]
        sample = re.sub(r"\{[^}]+\}", "42", path)
        method = "GET" if route.method == "ANY" else route.method
        auth = route.auth
        routes.append(
            {
                "route": route.api_route_key,
                "function": route.function.key,
                "authorizer": None if auth is None else ("aws_iam" if auth.type == "aws_iam" else (auth.authorizer.key if auth.authorizer else "external")),
                "example": f"{method} {sample}",
                "path": sample,
            }
        )
    files.append(PlannedFile("README.md", _render("README.md.j2", service=service.service, routes=routes, node="node" in languages),
                             create_only=True))
    return files


def new_project(directory: str, service: Service, esm: bool = True, template: tuple[str, str] | None = None) -> list[str]:
    """Create the project in ``directory``; returns the files written."""
    check_folder(directory)
    if os.path.lexists(os.path.join(directory, "serverless.yml")):
        raise SaveError(f"{directory}/serverless.yml already exists; nothing was written (choose a new folder)")
    files = plan_project(service, esm, template)
    for item in files:
        resolve_inside(directory, item.relpath)  # refuse before writing anything
    try:
        os.makedirs(directory, exist_ok=True)
    except OSError as exc:
        raise SaveError(f"{directory}: cannot create the project folder ({exc.strerror or exc})") from None
    return save(directory, files, backups=False)
