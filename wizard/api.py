"""The library entry points: serverless.yml in, CloudFormation and diagnostics out.

Usable without the TUI (and imported by it): ``compile_file`` reads, resolves,
validates and compiles; nothing here imports Textual, Jinja2 or ruamel.
"""

from __future__ import annotations

import gc

from .diagnostics import Diagnostic, PipelineError
from .loading.config import load_config_text, read_text
from .loading.variables import Options
from .model.build import build_service
from .model.http_api import HttpApiConfig
from .model.service import Service


class CompileResult:
    """What a compile produced. ``template`` is None when an error stopped it."""

    __slots__ = ("template", "diagnostics", "service", "http_api", "path")

    def __init__(self, template, diagnostics, service=None, http_api=None, path=None):
        self.template: dict | None = template
        self.diagnostics: list[Diagnostic] = diagnostics
        self.service: Service | None = service
        self.http_api: HttpApiConfig | None = http_api
        self.path = path

    @property
    def errors(self) -> list[Diagnostic]:
        """Every error: Serverless's, and the design-time checks' (AWS would reject it)."""
        return [d for d in self.diagnostics if d.is_error]

    @property
    def compile_errors(self) -> list[Diagnostic]:
        """The errors that stop the template (Serverless's own), without the checks'."""
        return [d for d in self.diagnostics if d.is_error and not d.code.startswith(CHECK_PREFIX)]

    @property
    def ok(self) -> bool:
        return self.template is not None and not self.errors


CHECK_PREFIX = "HTTPAPI-"


def compile_text(
    text: str,
    path: str = "serverless.yml",
    *,
    stage: str | None = None,
    region: str | None = None,
    params: dict | None = None,
    env: dict | None = None,
    lenient: bool = False,
    service_dir: str | None = None,
    checks: bool = True,
    confined: bool = False,
) -> CompileResult:
    """Compile serverless.yml text; never raises for a problem in the input.

    ``confined``: the text is untrusted (typed by a browser visitor of ``serve``): its
    variables read nothing of the host, no ``${env:}`` and no ``${file()}`` outside
    ``service_dir``; such a variable stays a placeholder with a VARIABLE_SOURCE_CONFINED
    warning (lenient) or error.
    """
    from .compiling.pipeline import compile_service

    # The compile allocates many small objects and no cycles: the cyclic collector
    # would only rescan them (it made a 2000-route compile superlinear).
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _compile_text(text, path, stage, region, params, env, lenient, service_dir, checks, compile_service, confined)
    finally:
        if collecting:
            gc.enable()


def _compile_text(text, path, stage, region, params, env, lenient, service_dir, checks, compile_service,
                  confined=False) -> CompileResult:
    try:
        loaded = load_config_text(
            text,
            path,
            options=Options(stage=stage, region=region, params=params),
            env=env,
            lenient=lenient,
            service_dir=service_dir,
            confined=confined,
        )
    except PipelineError as exc:
        return CompileResult(None, exc.diagnostics, path=path)
    diagnostics = list(loaded.diagnostics)
    if any(d.is_error for d in diagnostics):
        return CompileResult(None, diagnostics, path=path)
    service, problems = build_service(loaded.raw, stage=stage, region=region)
    template = http_api = None
    if not any(d.is_error for d in problems):
        template, compile_problems, http_api = compile_service(service)
        problems.extend(compile_problems)
        if checks:
            from .checking import run_checks

            problems.extend(run_checks(service, http_api, template))
    for diagnostic in problems:
        loaded.source_map.place(diagnostic, value=diagnostic.code == "CONFIG_SCHEMA" and "unrecognized" not in diagnostic.message)
    diagnostics.extend(problems)
    return CompileResult(template, diagnostics, service, http_api, path)


def compile_file(path: str, **kwargs) -> CompileResult:
    try:
        text = read_text(path)
    except PipelineError as exc:
        return CompileResult(None, exc.diagnostics, path=path)
    return compile_text(text, path, **kwargs)
