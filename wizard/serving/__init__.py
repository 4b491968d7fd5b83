"""`httpapi-wizard serve`: the wizard in a browser for a workshop room (textual-serve).

One job per module: ``guard`` (the run's token, the Origin check, size bounds), ``child``
(each visitor's process: command, sandbox folder, environment), ``exposure`` (the link to
open, who can reach it), ``server`` (textual-serve's server wrapped with all of that).
Nothing here imports textual-serve until ``serve`` runs: it is an optional extra.
"""

from __future__ import annotations

import sys

EXIT_OK = 0
EXIT_USAGE = 2
DEFAULT_MAX_SESSIONS = 8


def serve(*, host: str, port: int, example: str, light: bool = False, token: str | None = None,
          max_sessions: int = DEFAULT_MAX_SESSIONS, public_url: str | None = None, allow_run: bool = False) -> int:
    """Run the server until Ctrl+C; the exit code, 2 for bad options or a port that cannot be bound."""
    from .. import examples
    from . import child, exposure, guard

    problems = []
    if example not in examples.names():
        problems.append(f"--example: no built-in example {example!r} (there are: {', '.join(examples.names())})")
    if token is not None and (problem := guard.token_problem(token)):
        problems.append(f"--token: {problem}")
    if max_sessions < 1:
        problems.append("--max-sessions: at least 1")
    if public_url is not None and (problem := exposure.public_url_problem(public_url)):
        problems.append(f"--public-url {public_url}: {problem}")
    if not 0 <= port <= 65535:
        problems.append(f"--port: {port} is not a port (0 to 65535; 0 takes a free one)")
    for problem in problems:
        print(f"httpapi-wizard serve: {problem}", file=sys.stderr)
    if problems:
        return EXIT_USAGE
    try:
        from .server import WorkshopServer
    except ImportError:
        print("httpapi-wizard serve needs textual-serve: pip install 'httpapi-wizard[serve]'", file=sys.stderr)
        return EXIT_USAGE
    token = token or guard.new_token()
    server = WorkshopServer(child.command(example, light, allow_run), host=host, port=port, token=token,
                            max_sessions=max_sessions, public_url=public_url)

    def banner(bound_port: int) -> str:
        return exposure.banner(host=host, port=bound_port, public_url=public_url, token=token,
                               max_sessions=max_sessions, example=example, allow_run=allow_run)

    try:
        server.serve(banner=banner)
    except KeyboardInterrupt:  # where the loop cannot take SIGINT itself (Windows)
        return EXIT_OK
    except OSError as exc:  # the port is taken, the address is not this machine's, ...
        print(f"httpapi-wizard serve: cannot listen on {host} port {port}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_USAGE
    return EXIT_OK
