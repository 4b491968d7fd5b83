"""The command line's arguments, one function per command."""

from __future__ import annotations

import argparse
import os
import sys

from .. import __version__

EPILOG = """exit codes:
  0  success (compile: the template was written; check findings go to stderr)
  1  the configuration has errors (compile: Serverless would fail, nothing written;
     validate: any error, the design-time checks' included, unless ignored
     with --ignore or custom.httpapiWizard.ignore)
  2  bad usage, or a file that cannot be read or written
  3  internal error: a bug in httpapi-wizard, whatever the input (one line on
     stderr; HTTPAPI_WIZARD_DEBUG=1 prints the traceback)
"""


class _CommandParser(argparse.ArgumentParser):
    """A command's parser: options and positionals in any order, as the README writes them.

    ``explain 'GET /x' -H 'Origin: o' serverless.yml`` is read as argparse's
    ``parse_intermixed_args`` reads it: the options first (positionals set aside), then the
    words left, in order, as the positionals. Unlike ``parse_intermixed_args`` (Python 3.11),
    every word after ``--`` is a positional even when it starts with a dash
    (``compile -- -odd.yml``). Words left over are this command's error, shown with its
    usage. ``take_options``, if set, first takes out options argparse cannot read (``-d -x``:
    a body starting with a dash).
    """

    take_options = None
    _set_aside: list | None = None

    def parse_known_args(self, args=None, namespace=None):
        args = list(sys.argv[1:] if args is None else args)
        namespace = argparse.Namespace() if namespace is None else namespace
        if self.take_options is not None:
            args = self.take_options(args, namespace)
        head, tail = (args[: args.index("--")], args[args.index("--") + 1:]) if "--" in args else (args, [])
        positionals = self._get_positional_actions()
        self._set_aside = [(action, action.nargs, action.default) for action in positionals]
        for action in positionals:
            action.nargs = action.default = argparse.SUPPRESS  # matches no word: they all come back as extras
        try:
            namespace, words = super().parse_known_args(head, namespace)
        finally:
            self._put_back()
        unknown = [word for word in words if word.startswith("-") and word != "-"]
        if unknown:
            self.error(f"unrecognized arguments: {' '.join(unknown)}")
        extras = words + tail
        if positionals:  # the options were read above: behind "--" every word is a positional
            namespace, extras = super().parse_known_args(["--", *extras], namespace)
        if extras:
            self.error(f"unrecognized arguments: {' '.join(extras)}")
        return namespace, extras

    def _put_back(self) -> None:
        for action, nargs, default in self._set_aside or ():
            action.nargs, action.default = nargs, default
        self._set_aside = None

    def format_usage(self):
        self._put_back()  # an error or --help while the positionals are set aside shows them all the same
        return super().format_usage()

    def format_help(self):
        self._put_back()
        return super().format_help()


def _example(name: str) -> str:
    from .. import examples

    if name not in examples.names():
        raise argparse.ArgumentTypeError(f"no built-in example {name!r} (there are: {', '.join(examples.names())})")
    return name


def _param(text: str) -> tuple[str, str]:
    key, sep, value = text.partition("=")
    if not sep or not key:
        raise argparse.ArgumentTypeError(f"expected KEY=VALUE, got {text!r}")
    return key, value.rstrip()


def _add_param(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--param", action="append", default=[], type=_param, metavar="KEY=VALUE",
                        help="a ${param:KEY} value, as `serverless --param` (repeatable)")


def _add_source_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", nargs="?", metavar="FILE", help="the serverless.yml to read (default: ./serverless.yml)")
    parser.add_argument("--example", metavar="NAME", type=_example,
                        help="use a built-in example instead of FILE (see --list-examples)")
    parser.add_argument("--list-examples", action="store_true", help="list the built-in examples and exit")
    parser.add_argument("-s", "--stage", help="stage, as `serverless package --stage` (default: provider.stage or dev)")
    parser.add_argument("-r", "--region", help="region, as `serverless package --region` (default: provider.region or us-east-1)")
    _add_param(parser)
    parser.add_argument(
        "--lenient",
        action="store_true",
        help="keep variables that need AWS (${ssm:...}, ${cf:...}) as placeholders and warn, instead of failing",
    )
    parser.add_argument("--version", action="version", version=f"httpapi-wizard {__version__}")


def _codes(text: str) -> list[str]:
    return [code.strip() for code in text.split(",") if code.strip()]


def _date(text: str):
    import datetime
    import re

    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return datetime.date.fromisoformat(text)
    except ValueError:
        pass
    raise argparse.ArgumentTypeError(f"expected a date as YYYY-MM-DD, got {text!r}")


def _check_args(p) -> None:
    p.add_argument("--ignore", action="extend", type=_codes, default=[], metavar="CODE[,CODE]",
                   help="leave out the design-time checks' findings of these codes (repeatable); "
                   "see also custom.httpapiWizard.ignore")
    p.add_argument("--as-of", type=_date, metavar="YYYY-MM-DD",
                   help="judge date-dependent checks (runtime deprecation) as of this day instead of today")


def _compile_args(p) -> None:
    _add_source_args(p)
    p.add_argument("--format", choices=("json", "yaml"), default="json", help="output format (default: json)")
    p.add_argument("-o", "--output", metavar="OUT", help="write the template to OUT instead of stdout")
    p.add_argument("--checks", action="store_true", help="also run the design-time checks (as `validate` does)")
    _check_args(p)


def _listing_args(p) -> None:
    _add_source_args(p)
    p.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")


def _validate_args(p) -> None:
    _listing_args(p)
    _check_args(p)


def _explain_args(p) -> None:
    p.add_argument("request", metavar="REQUEST", help="'METHOD /path?query', e.g. 'GET /users/42?verbose=1'")
    _add_source_args(p)
    p.add_argument("-H", "--header", action="append", default=[], metavar="'NAME: VALUE'", help="a request header (repeatable)")
    p.add_argument("-d", "--data", metavar="BODY", help="the request body, as curl takes it: -d '-1' and -d='-x' work too")
    p.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")
    p.take_options = _take_request_options


def _take_request_options(args: list[str], namespace: argparse.Namespace) -> list[str]:
    """``args`` without ``-H``/``--header`` and ``-d``/``--data``, which go into ``namespace``
    before argparse sees the rest.

    As in curl, the word after ``-d`` is the body whatever it starts with (argparse takes
    ``-d -x`` for two options), and tens of thousands of ``-H`` cost linear time
    (argparse's scan of optionals is quadratic in their number).
    """
    rest: list[str] = []
    headers: list[str] = []
    data = None
    i = 0
    while i < len(args):
        arg = args[i]
        if arg == "--":
            rest += args[i:]
            break
        value = None
        for short, long in (("-H", "--header"), ("-d", "--data")):
            if arg in (short, long) and i + 1 < len(args):
                value, i = args[i + 1], i + 1
            elif arg.startswith(long + "="):
                value = arg[len(long) + 1:]
            elif arg.startswith(short) and len(arg) > 2 and not arg.startswith("--"):
                value = arg[3:] if arg[2] == "=" else arg[2:]
            else:
                continue
            if short == "-H":
                headers.append(value)
            else:
                data = value
            break
        if value is None:
            rest.append(arg)
        i += 1
    namespace.header = headers
    if data is not None:
        namespace.data = data
    return rest


def _new_args(p) -> None:
    p.add_argument("directory", metavar="DIR", nargs="?", help="the project folder (created if missing)")
    p.add_argument("--example", metavar="NAME", default="seed", type=_example,
                   help="the built-in example to start from (default: seed)")
    p.add_argument("--list-examples", action="store_true", help="list the built-in examples and exit")
    p.add_argument("--no-input", action="store_true", help="never ask anything (for scripts and CI)")
    p.add_argument("--cjs", action="store_true", help="Node.js handlers as CommonJS instead of ES modules")
    p.add_argument("--light", action="store_true", help="a light theme, easier to read on projectors")
    p.add_argument("--web", action="store_true", help=argparse.SUPPRESS)  # run by `serve`: saving downloads a zip
    p.add_argument("--allow-run", action="store_true", help=argparse.SUPPRESS)  # with --web: `serve --allow-run` (Send)
    p.add_argument("--version", action="version", version=f"httpapi-wizard {__version__}")


def _edit_args(p) -> None:
    p.add_argument("file", nargs="?", default="serverless.yml", metavar="FILE", help="the serverless.yml to edit (default: ./serverless.yml)")
    p.add_argument("--light", action="store_true", help="a light theme, easier to read on projectors")
    p.add_argument("--version", action="version", version=f"httpapi-wizard {__version__}")


def _serve_args(p) -> None:
    p.add_argument("--host", default="127.0.0.1",
                   help="address to listen on (default: 127.0.0.1, this machine only; 0.0.0.0 for a room)")
    p.add_argument("--port", type=int, default=8000, help="port to listen on (default: 8000; 0 takes a free one)")
    # Checked by serve itself, which reports every bad option alike (wizard/serving/__init__.py).
    p.add_argument("--example", metavar="NAME", default="seed", help="the built-in example each visitor starts from")
    p.add_argument("--light", action="store_true", help="a light theme, easier to read on projectors")
    p.add_argument("--token", metavar="SECRET",
                   help="the secret every visitor's link carries (default: a new random one, printed at start)")
    p.add_argument("--max-sessions", type=int, default=8, metavar="N",
                   help="at most N visitors at a time, one wizard process each (default: 8)")
    p.add_argument("--public-url", metavar="URL",
                   help="the URL browsers open, e.g. https://wizard.example.com behind a proxy "
                        "(default: the address each browser used)")
    p.add_argument("--allow-run", action="store_true",
                   help="let visitors Send requests in Try a request: their functions run on this machine, as the "
                        "user running serve (off by default)")
    p.add_argument("--version", action="version", version=f"httpapi-wizard {__version__}")


def _port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        port = -1
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"a port is a number from 0 to 65535 (0: any free port), not {text!r}")
    return port


def _run_args(p) -> None:
    p.add_argument("file", nargs="?", metavar="FILE", help="the serverless.yml to serve (default: ./serverless.yml)")
    p.add_argument("--port", type=_port, default=3000, help="port to listen on (default: 3000; 0: any free port)")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1, this machine only)")
    p.add_argument("-s", "--stage", help="stage, as `serverless offline --stage` (default: provider.stage or dev)")
    p.add_argument("-r", "--region", help="region (default: provider.region or us-east-1)")
    _add_param(p)
    p.add_argument("--lenient", action="store_true",
                   help="keep variables that need AWS (${ssm:...}, ${cf:...}) as placeholders instead of failing")
    p.add_argument("--jwks", metavar="FILE",
                   help="a JSON Web Key Set (the issuer's jwks_uri document): JWT signatures are verified against it "
                        "(without it, claims are checked but signatures are not)")
    p.add_argument("--version", action="version", version=f"httpapi-wizard {__version__}")


RUN_EPILOG = """examples:
  httpapi-wizard run
  httpapi-wizard run serverless.yml --port 4000 --stage prod --param domain=example.com
  httpapi-wizard run --jwks jwks.json        # verify JWT signatures with the issuer's keys

Each request prints one access-log line (stdout) in provider.logs.httpApi's format, or
Serverless's default; the functions' output and why a request failed go to stderr.

exit codes:
  0  stopped with Ctrl+C (or SIGTERM)
  2  the configuration has errors, the port is taken, or a file cannot be read
  3  internal error: a bug in httpapi-wizard (HTTPAPI_WIZARD_DEBUG=1 prints the traceback)
"""

EXPLAIN_EPILOG = """examples:
  httpapi-wizard explain 'GET /users/42?verbose=1'
  httpapi-wizard explain 'POST /orders' -H 'Authorization: Bearer eyJ...' -d '{"id": 1}' serverless.yml
  httpapi-wizard explain 'OPTIONS /orders' -H 'Origin: https://app.example.com' -H 'Access-Control-Request-Method: POST'

exit codes:
  0  API Gateway passes the request on (to the function, or answers a CORS preflight)
  1  API Gateway rejects it (404 Not Found, 401 Unauthorized, 403 Forbidden)
  2  bad input: the request, the file, or errors in the configuration
  3  internal error: a bug in httpapi-wizard (HTTPAPI_WIZARD_DEBUG=1 prints the traceback)
"""

# name: (one-line help, description, epilog, the function that adds its arguments)
COMMANDS = {
    "compile": (
        "print the CloudFormation template `serverless package` would write",
        "Compile a serverless.yml to the CloudFormation template that `serverless package` writes to "
        ".serverless/cloudformation-template-update-stack.json.",
        EPILOG,
        _compile_args,
    ),
    "validate": (
        "list every problem as file:line:col: severity CODE message",
        "Check a serverless.yml: YAML, variables, Serverless's schema and HTTP API errors, and the design-time "
        "checks of what AWS would reject.",
        EPILOG,
        _validate_args,
    ),
    "routes": (
        "print the route table: route key, function, payload, authorizer, scopes, shadowing",
        "Print the HTTP API routes of a serverless.yml as API Gateway will see them, and which routes shadow which.",
        EPILOG,
        _listing_args,
    ),
    "explain": (
        "explain a request: which route answers, what the authorizer and CORS do, the exact event",
        "Explain, from the configuration alone, what API Gateway does with a request: the route it selects, what "
        "the authorizer and CORS do, and the exact event the function receives. Tokens are decoded but their "
        "signatures are NOT verified.",
        EXPLAIN_EPILOG,
        _explain_args,
    ),
    "run": (
        "serve the API on this machine as API Gateway would, running the handlers (Node.js, Python)",
        "Serve the service's HTTP API locally: routes, path parameters, $default, CORS, JWT and Lambda "
        "authorizers and IAM decided as `explain` decides them, each function in a warm worker (Node.js from PATH, "
        "this Python), and its answer turned into the HTTP response by API Gateway's rules.",
        RUN_EPILOG,
        _run_args,
    ),
    "edit": (
        "change an existing serverless.yml in the wizard, touching only what you change",
        "Open FILE in the wizard. Saving writes only the entries you changed; comments, variables, tags and every "
        "section the wizard does not model stay as they are. The template goes to "
        ".serverless/httpapi-wizard/, and the previous file is kept there as serverless.yml.bak: `serverless package` "
        "leaves that folder out of the Lambda zip.",
        EPILOG,
        _edit_args,
    ),
    "serve": (
        "run the wizard in a web page (for workshops): saving downloads the project as a zip",
        "Serve the wizard to browsers with textual-serve (pip install 'httpapi-wizard[serve]'). Each visitor gets "
        "their own session starting from --example; saving hands the project to the browser as one zip (folders "
        "and .gitignore included) instead of writing it on the server. The link printed at start carries this run's "
        "secret token; a session reads no file and no environment variable of the server.",
        EPILOG,
        _serve_args,
    ),
    "new": (
        "scaffold a runnable project: serverless.yml, handlers, package.json or requirements.txt, README",
        "Create a new project in DIR from a built-in example (see --list-examples): serverless.yml, a handler file "
        "for every function, package.json or requirements.txt, .gitignore and a README with the route table. "
        "Existing files are never overwritten, except that an existing serverless.yml stops it.",
        EPILOG,
        _new_args,
    ),
}


class _Formatter(argparse.RawDescriptionHelpFormatter):
    """argparse's layout, with the terminal width read without importing shutil.

    argparse builds a formatter for every argument it adds, and its default one imports
    shutil (and with it zlib, bz2 and lzma) just to ask for the width: about 3 ms of
    every `compile`, which targets 30 times faster than `serverless package`.
    """

    def __init__(self, prog, indent_increment=2, max_help_position=24, width=None):
        super().__init__(prog, indent_increment, max_help_position, _columns() - 2 if width is None else width)


def _columns() -> int:
    # shutil.get_terminal_size's rules: $COLUMNS, then the terminal, then 80.
    try:
        columns = int(os.environ.get("COLUMNS", 0))
    except ValueError:
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or 80


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The parser; with ``only`` (a command's name), just that command's.

    Each command's parser costs about 0.7 ms to build (argparse looks up translations for
    each), so `compile` builds only its own; the usage and errors it prints are the same.
    """
    parser = argparse.ArgumentParser(
        prog="httpapi-wizard",
        description="Design AWS HTTP APIs for the Serverless Framework: compile serverless.yml to the "
        "CloudFormation that `serverless package` (v3.39) writes, and check it before you deploy.",
        epilog=EPILOG,
        formatter_class=_Formatter,
    )
    parser.add_argument("--version", action="version", version=f"httpapi-wizard {__version__}")
    parser.add_argument("--list-examples", action="store_true", help="list the built-in examples and exit")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_CommandParser)
    for name, (summary, description, epilog, add_arguments) in COMMANDS.items():
        if only is None or only == name:
            p = sub.add_parser(name, help=summary, description=description, epilog=epilog, formatter_class=_Formatter)
            add_arguments(p)
    return parser
