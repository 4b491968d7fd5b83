"""``httpapi-wizard run``: the service's HTTP API served on this machine until Ctrl+C.

Start-up compiles the service (errors stop it, located as ``validate`` prints them),
prints the routes and what cannot be done as on AWS, and listens. Each request gets
one access-log line on stdout in the stage's format; the functions' output and what a
developer should know about a request go to stderr. Changed files restart the workers;
a changed serverless.yml is compiled again and served if it has no errors.
"""

from __future__ import annotations

import asyncio
import errno
import gc
import os
import signal
import sys
from urllib.parse import urlsplit

from ..explaining.request import Request
from .access_log import AccessLog, request_time
from .http import Server
from .local_api import LocalApi
from .responses import MESSAGES
from .watch import Watcher

EXIT_OK, EXIT_USAGE = 0, 2


class Console:
    """Where ``run`` writes: access-log lines to ``out``, everything else to ``err``."""

    def __init__(self, out=None, err=None) -> None:
        self.out = out or sys.stdout
        self.err = err or sys.stderr

    def say(self, text: str = "") -> None:
        self.err.write(text + "\n")
        self.err.flush()

    def access(self, line: str) -> None:
        self.err.flush()
        self.out.write(line + "\n")
        self.out.flush()


def to_request(incoming) -> Request:
    """The engine's Request for what came over the wire (an absolute-form target keeps its path)."""
    target = incoming.target
    if target.startswith(("http://", "https://")):
        parts = urlsplit(target)
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    path, _, query = target.partition("?")
    return Request(incoming.method, path or "/", query, incoming.headers, incoming.body)


def access_values(exchange, incoming, api) -> dict:
    """``$context`` variables of one request, by name (without ``$context.``)."""
    answer = exchange.answer
    decision = exchange.decision
    invocation = exchange.invocation
    auth = decision.auth if decision is not None else None
    region = api.service.region
    domain = f"api-id.execute-api.{region}.amazonaws.com"
    values = {
        "requestId": exchange.request_id, "extendedRequestId": exchange.request_id,
        "requestTime": request_time(exchange.started), "requestTimeEpoch": exchange.started,
        "httpMethod": incoming.method, "path": exchange.request.raw_path, "protocol": incoming.version,
        "routeKey": exchange.route_key, "stage": "$default", "status": answer.status,
        "responseLength": len(answer.body), "responseLatency": round(exchange.latency_ms),
        "dataProcessed": incoming.size + len(answer.body), "accountId": "123456789012", "apiId": "api-id",
        "domainName": domain, "domainPrefix": "api-id",
        "identity.sourceIp": incoming.peer, "identity.userAgent": incoming.header("User-Agent"),
    }
    if exchange.error_type is not None:
        text = MESSAGES.get(answer.status, "Internal Server Error")
        values.update({"error.message": text, "error.messageString": f'"{text}"', "error.responseType": exchange.error_type})
    if invocation is not None:
        integration = {"integrationLatency": round(exchange.integration_ms or 0), "integrationStatus": 200,
                       "integration.latency": round(exchange.integration_ms or 0), "integration.integrationStatus": 200,
                       "integration.status": answer.status, "integration.requestId": invocation.request_id,
                       "awsEndpointRequestId": invocation.request_id}
        if invocation.error is not None:
            message = invocation.error.get("errorMessage")
            integration.update({"integrationErrorMessage": message, "integration.error": message})
        values.update(integration)
    if auth is not None:
        for name, value in (auth.claims or {}).items():
            values[f"authorizer.claims.{name}"] = value
        for name, value in (auth.context or {}).items():
            values[f"authorizer.{name}"] = value
        if auth.principal_id is not None:
            values["authorizer.principalId"] = auth.principal_id
        if auth.status is not None and auth.steps:
            values["authorizer.error"] = auth.steps[-1]
        if auth.iam:
            values.update({"identity.accountId": auth.iam.get("accountId"), "identity.caller": auth.iam.get("callerId"),
                           "identity.user": auth.iam.get("userId"), "identity.userArn": auth.iam.get("userArn")})
    return values


class Runner:
    """The running server: an HTTP front, the local API behind it, a watcher on the files."""

    def __init__(self, api: LocalApi, config_path: str, compile_again, console: Console, host: str, port: int) -> None:
        self.api = api
        self.config_path = config_path
        self.compile_again = compile_again
        self.console = console
        self.log = AccessLog(api.http_api.access_log_format)
        self.server = Server(self.respond, host, port)
        self.stopping: asyncio.Event | None = None

    async def respond(self, incoming):
        exchange = await self.api.send(to_request(incoming), incoming.peer)
        self.report(exchange, incoming)
        answer = exchange.answer
        return answer.status, answer.headers, answer.body

    def report(self, exchange, incoming) -> None:
        for invocation, name in ((exchange.authorizer_invocation, exchange.authorizer), (exchange.invocation, exchange.function)):
            if invocation is None:
                continue
            for line in invocation.log.splitlines():
                self.console.say(f"[{name}] {line}")
        for note in exchange.notes:
            self.console.say(f"! {exchange.answer.status} {incoming.method} {exchange.request.raw_path}: {note}")
        self.console.access(self.log.line(access_values(exchange, incoming, self.api)))

    async def on_change(self, paths: list[str]) -> None:
        shown = ", ".join(paths[:3]) + (f" and {len(paths) - 3} more" if len(paths) > 3 else "")
        config_changed = any(p.endswith((".yml", ".yaml", ".json")) for p in paths)
        if config_changed:
            result = await asyncio.to_thread(self.compile_again)
            errors = result.compile_errors if result.template is not None else result.errors
            if errors or result.template is None:
                self.console.say(f"{shown} changed; the configuration has errors, still serving the previous one:")
                for diagnostic in errors:
                    self.console.say(diagnostic.format())
                self.api.retire_workers()
                return
            self.api.configure(result)
            self.log = AccessLog(self.api.http_api.access_log_format)
            self.api.retire_workers()
            count = len(self.api.http_api.routes)
            self.console.say(f"{shown} changed: serving {count} route{'' if count == 1 else 's'}; workers restart")
            return
        self.api.retire_workers()
        self.console.say(f"{shown} changed: workers restart on their next request")

    async def serve(self, ready=None) -> None:
        loop = asyncio.get_running_loop()
        self.stopping = asyncio.Event()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, self.stopping.set)
        await self.server.start()
        watcher = Watcher(self.api.service_dir, self.on_change)
        watching = asyncio.create_task(watcher.run())
        if ready is not None:
            ready(self.server.port)
        try:
            await self.stopping.wait()
        finally:
            watching.cancel()
            await self.api.aclose()
            await self.server.close()


def banner(api: LocalApi, console: Console, host: str, port: int) -> None:
    service = api.service
    console.say(f"httpapi-wizard run: {service.service} (stage {service.stage}, region {service.region})")
    routes = list(api.http_api.routes.values())
    width = max((len(r.api_route_key) for r in routes), default=0)
    for route in routes:
        auth = route.auth
        guard = ""
        if auth is not None:
            name = auth.authorizer.key if auth.authorizer is not None else (auth.id or "")
            guard = f"  {'iam' if auth.type == 'aws_iam' else ('lambda authorizer' if auth.type == 'request' else 'jwt')}"
            guard += f" {name}" if name else ""
            guard += f" (scopes {' '.join(auth.scopes)})" if auth.scopes else ""
        console.say(f"  {route.api_route_key.ljust(width)}  {route.function.key}{guard}")
    if not routes:
        console.say("  (no httpApi routes: every request answers 404)")
    # Errors here are the checks' (Serverless's own stop run before this): what AWS would refuse at
    # deploy, such as a runtime it no longer creates. Said, not hidden; the API is served anyway.
    for diagnostic in api.result.diagnostics:
        console.say(diagnostic.format())
    refused = sum(1 for d in api.result.diagnostics if d.is_error)
    if refused:
        console.say(f"{refused} error(s) above: `serverless deploy` would fail on them (AWS refuses them); run serves "
                    "the API on this machine all the same")
    for note in api.start_notes():
        console.say(f"warning: {note}")
    if host not in ("127.0.0.1", "localhost", "::1"):
        console.say(f"warning: listening on {host}, not only on this machine: whoever reaches it runs your functions")
    shown = f"[{host}]" if ":" in host else host
    console.say(f"Listening on http://{shown}:{port} (Ctrl+C to stop)")


def run(config_path: str, compile_file, *, host: str, port: int, keys=None, console: Console | None = None) -> int:
    """Serve until SIGINT/SIGTERM; ``compile_file()`` reads the configuration (again on changes)."""
    console = console or Console()
    result = compile_file()
    errors = result.compile_errors if result.template is not None else result.errors
    if errors or result.template is None or result.http_api is None:
        errors = errors or result.diagnostics
        for diagnostic in errors:
            console.say(diagnostic.format())
        if not any(d.code in ("CONFIG_NOT_FOUND", "CONFIG_UNREADABLE") for d in errors):
            console.say(f"httpapi-wizard run: {config_path} has errors; fix them and start again")
        return EXIT_USAGE
    api = LocalApi(result, os.path.dirname(os.path.abspath(config_path)), keys=keys)
    runner = Runner(api, config_path, compile_file, console, host, port)

    def started(bound: int) -> None:
        banner(api, console, host, bound)

    # What start-up built (modules, the compiled service) lives as long as the server: out
    # of the collector's sight, its full collections stay short and latency steady.
    gc.freeze()
    try:
        asyncio.run(runner.serve(started))
    except OSError as exc:
        api.close()
        if exc.errno == errno.EADDRINUSE:
            console.say(f"httpapi-wizard run: port {port} on {host} is in use (choose another with --port)")
        else:
            console.say(f"httpapi-wizard run: cannot listen on {host}:{port}: {exc.strerror or exc}")
        return EXIT_USAGE
    finally:
        api.close()
    return EXIT_OK
