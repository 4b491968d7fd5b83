"""The ``httpapi-wizard`` command line: compile, validate, routes, explain, run, new.

Data goes to stdout, diagnostics to stderr. Exit codes: 0 success; 1 the configuration
has errors (or, for ``validate``, any error was found); 2 bad usage or a file that
cannot be read or written; 3 an internal error (a bug of ours, never of the input): one
line on stderr, the traceback only with ``HTTPAPI_WIZARD_DEBUG=1``.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import sys

from .parser import build_parser

EXIT_OK = 0
EXIT_CONFIG_ERROR = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 3
# Set (to anything but "" or "0") to print the traceback of an internal error.
DEBUG_ENV = "HTTPAPI_WIZARD_DEBUG"


def _params(values: list[tuple[str, str]]) -> dict:
    return dict(values)  # each checked by the parser (parser._param); a KEY given twice: the last wins


def _source(args) -> str:
    if args.example:
        from .. import examples

        return examples.path(args.example)  # a name the parser checked (parser._example)
    return args.file or "serverless.yml"


def _compile(args, checks: bool = True):
    from ..api import compile_file

    return compile_file(
        _source(args), stage=args.stage, region=args.region, params=_params(args.param), lenient=args.lenient,
        checks=checks, ignore=getattr(args, "ignore", ()), as_of=getattr(args, "as_of", None),
    )


def _print_diagnostics(diagnostics, stream) -> None:
    for d in diagnostics:
        print(d.format(), file=stream)


def _exit_for(result) -> int:
    if result.errors and any(d.code.startswith("CONFIG_") and d.code in ("CONFIG_NOT_FOUND", "CONFIG_UNREADABLE") for d in result.errors):
        return EXIT_USAGE
    return EXIT_CONFIG_ERROR if result.errors or result.template is None else EXIT_OK


def cmd_compile(args) -> int:
    result = _compile(args, checks=args.checks)
    _print_diagnostics(result.diagnostics, sys.stderr)
    if result.template is None:
        return _exit_for(result)
    # The template is what `serverless package` would write; the checks' findings are
    # advice on stderr (`validate` fails on them).
    from ..compiling.output import to_json, to_yaml

    text = to_yaml(result.template) if args.format == "yaml" else to_json(result.template)
    if args.output:
        from ..authoring.output_file import write_output
        from ..authoring.save import SaveError

        try:
            write_output(args.output, text)
        except SaveError as exc:
            print(f"httpapi-wizard: {exc}", file=sys.stderr)
            return EXIT_USAGE
        return EXIT_CONFIG_ERROR if result.refusals else EXIT_OK
    sys.stdout.write(text)
    if not text.endswith("\n"):
        sys.stdout.write("\n")
    # A refusal that leaves the template (frameworkVersion, a missing artifact): shown, not ok.
    return EXIT_CONFIG_ERROR if result.refusals else EXIT_OK


def cmd_validate(args) -> int:
    result = _compile(args)
    from ..diagnostics import sort_key, tally

    diagnostics = sorted(result.diagnostics, key=sort_key)
    if args.format == "json":
        json.dump([d.to_dict() for d in diagnostics], sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        _print_diagnostics(diagnostics, sys.stdout)
        print(f"{result.path}: {tally(diagnostics)}", file=sys.stderr)
    return _exit_for(result)


def _route_rows(result) -> list[dict]:
    rows = []
    service = result.service
    for route in result.http_api.routes.values():
        fn = route.function
        payload = fn.http_api_payload or service.provider.http_api.payload or "2.0"
        auth = route.auth
        if auth is None:
            authorizer = ""
        elif auth.type == "aws_iam":
            authorizer = "aws_iam"
        elif auth.authorizer is not None:
            authorizer = f"{auth.authorizer.key} ({'request' if auth.type == 'request' else 'jwt'})"
        else:
            authorizer = f"external {json.dumps(auth.id) if not isinstance(auth.id, str) else auth.id}"
        rows.append(
            {
                "routeKey": route.api_route_key,
                "function": fn.key,
                "payload": str(payload),
                "authorizer": authorizer,
                "scopes": list(auth.scopes) if auth and auth.scopes else [],
            }
        )
    return rows


def _cell(value) -> str:
    """A value in the text table: a scope may be a CloudFormation function ({"Ref": ...})."""
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def cmd_routes(args) -> int:
    result = _compile(args)
    _print_diagnostics([d for d in result.diagnostics if d.is_error], sys.stderr)
    if result.http_api is None or result.service is None:
        return _exit_for(result)
    rows = _route_rows(result)
    from ..explaining.shadowing import analyse, summary

    shadows = analyse(result.http_api)
    for row in rows:
        shadow = shadows[row["routeKey"]]
        row["shadowedBy"] = {k: v[:3] for k, v in shadow.by.items()}
        row["shadows"] = {k: v[:3] for k, v in shadow.shadows.items()}
        row["unreachable"] = shadow.unreachable
        row["notes"] = summary(shadow)
    if args.format == "json":
        json.dump(rows, sys.stdout, indent=2)
        sys.stdout.write("\n")
        return _exit_for(result)
    headers = ("ROUTE", "FUNCTION", "PAYLOAD", "AUTHORIZER", "SCOPES", "NOTES")
    table = [headers] + [
        (r["routeKey"], r["function"], r["payload"], r["authorizer"], " ".join(map(_cell, r["scopes"])), r["notes"]) for r in rows
    ]
    widths = [max(len(row[i]) for row in table) for i in range(len(headers))]
    for row in table:
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
    if not rows:
        print("(no httpApi routes)", file=sys.stderr)
    return _exit_for(result)


def cmd_explain(args) -> int:
    from ..explaining import Request, RequestError, explain, to_text

    try:
        request = Request.parse(args.request, args.header, args.data)
    except RequestError as exc:
        print(f"httpapi-wizard: {exc}", file=sys.stderr)
        return EXIT_USAGE
    result = _compile(args)
    if result.http_api is None or result.compile_errors:
        _print_diagnostics(result.compile_errors or result.errors, sys.stderr)
        return EXIT_USAGE
    explanation = explain(result.service, result.http_api, request, diagnostics=result.diagnostics)
    if args.format == "json":
        json.dump(explanation.to_dict(), sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(to_text(explanation))
    return EXIT_CONFIG_ERROR if explanation.rejected else EXIT_OK


def cmd_run(args) -> int:
    from ..api import compile_file
    from ..running.jwks import JwksError, KeySet
    from ..running.server import run

    keys = None
    if args.jwks:
        try:
            keys = KeySet.read(args.jwks)
        except JwksError as exc:
            print(f"httpapi-wizard run: --jwks {exc}", file=sys.stderr)
            return EXIT_USAGE
    path = args.file or "serverless.yml"
    params = _params(args.param)

    def read():
        return compile_file(path, stage=args.stage, region=args.region, params=params, lenient=args.lenient)

    return run(path, read, host=args.host, port=args.port, keys=keys)


def _wizard(example: str, directory: str, web: bool = False, light: bool = False, allow_run: bool = True) -> int:
    from ..authoring.session import Session
    from ..tui.app import run

    # In a browser (`serve`) what the visitor types is untrusted: it is compiled confined to the folder.
    session = Session.from_example(example, directory, confined=web)
    # In a browser every visitor runs in this server's folder: no copy one visitor could be offered of another's work.
    run(session, web=web, light=light, recovery=None if web else _recovery(session), allow_run=allow_run)
    return EXIT_OK


def _recovery(session):
    from ..authoring.session.recovery import RecoveryStore

    return RecoveryStore(session.directory)


def cmd_serve(args) -> int:
    from ..serving import serve

    return serve(host=args.host, port=args.port, example=args.example, light=args.light, token=args.token,
                 max_sessions=args.max_sessions, public_url=args.public_url, allow_run=args.allow_run)


def cmd_edit(args) -> int:
    from ..authoring.save import SaveError
    from ..authoring.session import Session

    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        print("httpapi-wizard edit: the wizard needs a terminal (use `validate`, `compile` or the library API in scripts)",
              file=sys.stderr)
        return EXIT_USAGE
    from ..authoring.save import recover

    recovered = recover(os.path.dirname(os.path.abspath(args.file)))
    if recovered is not None:
        print(f"httpapi-wizard: {recovered.message}", file=sys.stderr)
    try:
        session = Session.from_file(args.file)
    except SaveError as exc:
        # Its message names the file already, located (file:line:col) as `validate` prints it.
        print(exc, file=sys.stderr)
        return EXIT_USAGE
    except OSError as exc:
        print(f"httpapi-wizard: {args.file}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_USAGE
    from ..tui.app import run

    run(session, light=args.light, recovery=_recovery(session))
    return EXIT_OK


def cmd_new(args) -> int:
    if args.web:
        # In a browser, Send runs code on the server: only when `serve --allow-run` said so.
        return _wizard(args.example, args.directory or "my-http-api", web=True, light=args.light, allow_run=args.allow_run)
    if not args.no_input and args.directory and sys.stdin.isatty() and sys.stdout.isatty():
        return _wizard(args.example, args.directory, light=args.light)
    if not args.directory:
        print("httpapi-wizard new: name the project folder, e.g. `httpapi-wizard new my-api --example seed`", file=sys.stderr)
        return EXIT_USAGE
    from ..authoring.save import SaveError
    from ..authoring.scaffold import new_project

    result = _compile(argparse.Namespace(example=args.example, file=None, stage=None, region=None, param=[], lenient=False),
                      checks=False)
    if result.service is None or result.compile_errors:
        _print_diagnostics(result.compile_errors or result.errors, sys.stderr)
        return EXIT_USAGE
    try:
        written = new_project(args.directory, result.service, esm=not args.cjs)
    except SaveError as exc:
        print(f"httpapi-wizard: {exc}", file=sys.stderr)
        return EXIT_USAGE
    for path in written:
        print(os.path.join(args.directory, os.path.relpath(path, os.path.realpath(args.directory))))
    print(f"created {len(written)} files in {args.directory}; next: cd {args.directory} && httpapi-wizard validate",
          file=sys.stderr)
    return EXIT_OK


COMMANDS = {"compile": cmd_compile, "validate": cmd_validate, "routes": cmd_routes, "explain": cmd_explain, "new": cmd_new,
            "edit": cmd_edit, "serve": cmd_serve, "run": cmd_run}


def run() -> None:
    """The console script and ``python -m wizard``: ``main()``, then exit with its code."""
    code = main()
    # Exiting, the interpreter runs the collector over every object once more: 6 ms of a
    # 60 ms `compile`, 70 ms after the wizard (benchmarks/compile.py). Nothing left needs
    # it, so the objects are frozen out of that last pass; they are still released, and
    # atexit handlers still run.
    gc.freeze()
    sys.exit(code)


def _command(argv: list[str]) -> str | None:
    return next((a for a in argv if not a.startswith("-")), None)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    command = _command(argv)
    try:
        if not gc.isenabled() or command in ("serve", "run"):  # servers run for hours: they keep the collector
            return _main(argv, command)
        # Start-up (imports, the first compile, the wizard's first screen) allocates much and
        # frees little: the collector would only rescan it (about 2.5 ms of a 60 ms `compile`).
        # Batch commands run without it; the wizard turns it back on once its first frame is
        # shown (WizardApp.on_ready).
        gc.disable()
        try:
            return _main(argv, command)
        finally:
            gc.enable()
    except Exception as exc:  # noqa: BLE001 - the last line of defence: see internal_error
        return internal_error(exc)


def internal_error(exc: BaseException) -> int:
    """Report an exception nothing else handled: a bug of ours, whatever the input.

    Exit 1 means "the configuration has errors", so a script must be able to tell a crash
    apart: it gets exit 3 and one line on stderr, not a traceback (kept for HTTPAPI_WIZARD_DEBUG).
    """
    if os.environ.get(DEBUG_ENV, "") not in ("", "0"):
        import traceback

        traceback.print_exception(type(exc), exc, exc.__traceback__, file=sys.stderr)
    detail = " ".join(str(exc).split())
    if len(detail) > 160:
        detail = detail[:157] + "..."
    print(f"httpapi-wizard: internal error: {type(exc).__name__}{': ' + detail if detail else ''} "
          f"(a bug of httpapi-wizard: please report it with the command and the file; {DEBUG_ENV}=1 shows the traceback)",
          file=sys.stderr)
    return EXIT_INTERNAL


def _main(argv: list[str], command: str | None) -> int:
    parser = build_parser(only=command if command in COMMANDS else None)
    args = parser.parse_args(argv)
    if getattr(args, "list_examples", False):
        from .. import examples

        print("\n".join(examples.names()))
        return EXIT_OK
    if args.command is None:
        if sys.stdin.isatty() and sys.stdout.isatty():
            return _wizard("seed", "my-http-api")  # the wizard, on the built-in example
        parser.print_help()
        return EXIT_USAGE
    try:
        return COMMANDS[args.command](args)
    except BrokenPipeError:
        # `httpapi-wizard compile | head` closes the pipe early; that is not an error.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except KeyboardInterrupt:
        return 130
