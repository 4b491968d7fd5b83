"""The library entry points: serverless.yml in, CloudFormation and diagnostics out.

Usable without the TUI (and imported by it): ``compile_file`` reads, resolves,
validates and compiles; nothing here imports Textual, Jinja2 or ruamel.
"""

from __future__ import annotations

import datetime
import gc

from .compiling.output import to_json, to_yaml
from .diagnostics import CHECK_KIND, SCHEMA_KIND, Diagnostic, PipelineError, is_under, sort_key
from .loading.config import load_config_text, read_text
from .loading.variables import Options
from .model.build import build_service
from .model.http_api import HttpApiConfig
from .model.refusals import NOT_BLOCKING, artifact_refusals
from .model.service import Service

# What a program needs (README, As a library): compile, the result's findings in file order, the template's bytes.
__all__ = ["CompileResult", "Diagnostic", "compile_file", "compile_text", "sort_key", "to_json", "to_yaml"]


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
        return [d for d in self.diagnostics if d.is_error and d.origin.kind != CHECK_KIND and d.code not in NOT_BLOCKING]

    @property
    def refusals(self) -> list[Diagnostic]:
        """Serverless's errors that leave the template (``frameworkVersion`` of another major, an
        artifact not built yet): `serverless package` stops on them, yet the template is shown."""
        return [d for d in self.diagnostics if d.is_error and d.origin.kind != CHECK_KIND and d.code in NOT_BLOCKING]

    @property
    def ok(self) -> bool:
        return self.template is not None and not self.errors

    def at(self, path: tuple) -> list[Diagnostic]:
        """The diagnostics about ``path`` or anything under it (what a form for that part shows)."""
        return [d for d in self.diagnostics if is_under(d, path)]


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
    ignore=(),
    as_of: datetime.date | str | None = None,
    confined: bool = False,
) -> CompileResult:
    """Compile serverless.yml text; never raises for a problem in the input.

    With ``checks``, the design-time checks run too, judging date-dependent rules as of
    ``as_of`` (default today); their findings whose code is in ``ignore`` (the CLI's
    ``--ignore``) or in the file's ``custom.httpapiWizard.ignore`` are left out.

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
        return _compile_text(text, path, stage, region, params, env, lenient, service_dir, checks, ignore, as_of,
                             compile_service, confined)
    finally:
        if collecting:
            gc.enable()


def _compile_text(text, path, stage, region, params, env, lenient, service_dir, checks, ignore, as_of,
                  compile_service, confined=False) -> CompileResult:
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
    problems += artifact_refusals(loaded.raw, loaded.service_dir, confined)
    template = http_api = None
    if not any(d.is_error and d.code not in NOT_BLOCKING for d in problems):
        template, compile_problems, http_api = compile_service(service)
        problems.extend(compile_problems)
        if checks:
            problems.extend(_checked(service, http_api, template, loaded.raw, ignore, as_of))
    place = loaded.source_map.place
    # A schema problem is about the value, except an unrecognized key: that is about the key.
    diagnostics.extend(
        place(d, value=d.origin.kind == SCHEMA_KIND and d.origin.name != "additionalProperties") for d in problems
    )
    return CompileResult(template, diagnostics, service, http_api, path)


def _checked(service, http_api, template, raw, ignore, as_of) -> list[Diagnostic]:
    """The checks' findings less the ignored ones, and any problem with how they were ignored."""
    from .checking import run_checks
    from .checking.ignoring import ignored_codes

    skipped, problems = ignored_codes(ignore, raw)
    findings = run_checks(service, http_api, template, as_of=as_of)
    return [d for d in findings if d.code not in skipped] + problems


def compile_file(path: str, **kwargs) -> CompileResult:
    try:
        text = read_text(path)
    except PipelineError as exc:
        return CompileResult(None, exc.diagnostics, path=path)
    return compile_text(text, path, **kwargs)
