"""The service's HTTP API on this machine: a request in, API Gateway's answer out.

``LocalApi.send(request)`` is what the ``run`` server does for each request and what
the wizard's Send button calls: the explaining engine (``decide``) selects the route,
applies CORS and the authorizer and builds the event, exactly as ``explain`` shows it;
this module only supplies what the engine cannot know offline (a JWT's signature
checked against ``--jwks``, a Lambda authorizer's answer, the function's response) by
running the functions in warm workers, and turns the result into an HTTP response.
"""

from __future__ import annotations

import asyncio
import base64
import json
import threading
import time
import uuid

from ..explaining import lambda_authorizer
from ..explaining.event import Gateway
from ..explaining.explain import decide
from .functions import FunctionSpec, runtime_notes, specs_from
from .responses import LAMBDA_PAYLOAD_LIMIT, HttpAnswer, from_payload, gateway_answer, notes_about
from .worker import CRASH, ERROR, OK, TIMEOUT, Invocation, Worker, encode_event

# API Gateway waits this long for an integration, and a Lambda authorizer this long
# ("Amazon API Gateway quotas for HTTP APIs").
INTEGRATION_LIMIT_S = 30.0
AUTHORIZER_LIMIT_S = 10.0


class Exchange:
    """One request through the local API: what API Gateway decided, what ran, what went back.

    ``decision`` is the engine's Explanation (route, CORS, authorizer, event);
    ``answer`` the HTTP response; ``invocation`` / ``authorizer_invocation`` what the
    function and the Lambda authorizer did (their logs); ``notes`` what a developer
    should know about this request (why an error, what was not verified).
    """

    __slots__ = ("request", "request_id", "started", "decision", "answer", "function", "invocation", "authorizer",
                 "authorizer_invocation", "notes", "latency_ms", "integration_ms", "error_type")

    def __init__(self, request, request_id: str, started: float) -> None:
        self.request = request
        self.request_id = request_id
        self.started = started
        self.decision = None
        self.answer: HttpAnswer | None = None
        self.function: str | None = None
        self.invocation: Invocation | None = None
        self.authorizer: str | None = None  # the Lambda authorizer's function, when one ran
        self.authorizer_invocation: Invocation | None = None
        self.notes: list[str] = []
        self.latency_ms = 0.0
        self.integration_ms: float | None = None
        self.error_type: str | None = None

    @property
    def route_key(self) -> str | None:
        """The route that answered; None for a 404 and for a preflight API Gateway answered."""
        decision = self.decision
        if decision is None or decision.match is None or decision.preflight_answered:
            return None
        return decision.match.route.api_route_key

    @property
    def log(self) -> str:
        """The output of the functions this request ran (the authorizer's first)."""
        parts = [i.log for i in (self.authorizer_invocation, self.invocation) if i is not None and i.log]
        return "".join(parts)

    def to_dict(self) -> dict:
        """What a screen shows of the exchange: the response (a body that is not UTF-8 as
        base64), the functions' log and the notes; JSON-ready."""
        answer = self.answer
        try:
            body, encoded = answer.body.decode("utf-8"), False
        except UnicodeDecodeError:
            body, encoded = base64.b64encode(answer.body).decode("ascii"), True
        return {"requestId": self.request_id, "routeKey": self.route_key, "function": self.function,
                "authorizer": self.authorizer, "status": answer.status, "headers": [list(h) for h in answer.headers],
                "body": body, "bodyIsBase64": encoded, "log": self.log, "notes": list(self.notes),
                "latencyMs": round(self.latency_ms, 1)}


class LocalApi:
    """A service's routes, answered locally; one warm worker per function, started on demand."""

    def __init__(self, result, service_dir: str, *, keys=None, base_env: dict | None = None) -> None:
        self.service_dir = service_dir
        self.keys = keys  # a jwks.KeySet, or None: JWT signatures are not verified
        self.base_env = base_env
        self.workers: dict[str, Worker] = {}
        self.retired: list[Worker] = []  # replaced by a new configuration, maybe still finishing a request
        self.specs: dict[str, FunctionSpec] = {}
        self._local = threading.local()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._authorize = lambda_authorizer.cached(self._run_authorizer)
        self.configure(result)

    # -- configuration ----------------------------------------------------------------------

    def configure(self, result) -> None:
        """Serve ``result`` (a CompileResult with a template) from now on.

        Workers whose function changed stop (the next request starts them again); the
        authorizer cache empties, as a new deployment's does.
        """
        self.result = result
        self.service = result.service
        self.http_api = result.http_api
        specs = specs_from(result, self.service_dir)
        for key, worker in list(self.workers.items()):
            if specs.get(key) != worker.spec:
                worker.retire()
                self.retired.append(worker)
                del self.workers[key]
        self.specs = specs
        self._authorize.store.clear()

    def start_notes(self) -> list[str]:
        """What to say once at start: runtimes, and what is not verified."""
        notes = runtime_notes(self.specs.values())
        if self.keys is None and any(a.type != "request" for a in self.http_api.authorizers.values()):
            notes.append("JWT signatures are NOT verified (claims are checked as API Gateway does): pass --jwks FILE "
                         "with the issuer's keys to verify them")
        if any(r.auth is not None and r.auth.type == "aws_iam" for r in self.http_api.routes.values()):
            notes.append("IAM routes: unsigned requests get 403; SigV4 signatures are not verified")
        external = self.service.provider.http_api.id
        if external:
            # Its CORS is set where it is defined: nothing here says what it is.
            notes.append(f"the routes attach to the HTTP API {json.dumps(external, separators=(',', ':'))} that another "
                         "stack owns: its CORS is configured there, so run answers without CORS headers")
        unknown = [r.api_route_key for r in self.http_api.routes.values()
                   if r.auth is not None and r.auth.type != "aws_iam" and r.auth.authorizer is None]
        if unknown:
            notes.append(f"{', '.join(unknown)}: the authorizer is given by id, defined outside this service: run cannot "
                         "check anything of it and lets every request through")
        return notes

    def retire_workers(self) -> None:
        """Restart every worker before its next invocation (its source changed)."""
        for worker in self.workers.values():
            worker.retire()

    def close(self) -> None:
        """Stop every worker and whatever it started (at once; ``aclose`` also waits for them)."""
        for worker in [*self.workers.values(), *self.retired]:
            worker.stop()

    async def aclose(self) -> None:
        """Stop every worker and wait until their processes are gone."""
        workers = [*self.workers.values(), *self.retired]
        self.close()
        self.workers.clear()
        self.retired.clear()
        await asyncio.gather(*(worker.stopped() for worker in workers))

    def worker(self, key: str) -> Worker:
        worker = self.workers.get(key)
        if worker is None:
            worker = self.workers[key] = Worker(self.specs[key], self.base_env)
        return worker

    # -- a request --------------------------------------------------------------------------

    async def send(self, request, source_ip: str = "127.0.0.1") -> Exchange:
        """API Gateway's answer to ``request`` (an explaining.Request), running what it needs."""
        self._loop = asyncio.get_running_loop()
        began = time.monotonic()
        gateway = Gateway.live(source_ip)
        exchange = Exchange(request, gateway.request_id, gateway.time_epoch)
        options = {"verify_jwt": self._verify_jwt if self.keys is not None else None, "gateway": gateway,
                   "diagnostics": self.result.diagnostics}
        decision = decide(self.service, self.http_api, request, **options)
        if decision.auth is not None and decision.auth.pending and decision.auth.authorizer_event is not None:
            # A Lambda authorizer decides: the engine asks for its answer through a
            # callback, which waits here for a worker (on a thread, the loop keeps serving).
            decision = await asyncio.to_thread(self._decide_with_authorizer, exchange, request, options)
        exchange.decision = decision
        exchange.answer = await self._answer(exchange, decision)
        exchange.answer.headers.append(("apigw-requestid", exchange.request_id))
        exchange.latency_ms = (time.monotonic() - began) * 1000
        return exchange

    def _decide_with_authorizer(self, exchange: Exchange, request, options: dict):
        self._local.exchange = exchange
        try:
            return decide(self.service, self.http_api, request, authorize=self._authorize, **options)
        finally:
            self._local.exchange = None

    async def _answer(self, exchange: Exchange, decision) -> HttpAnswer:
        if decision.preflight_answered:
            headers = list((decision.response or {}).get("headers", {}).items())
            if not decision.cors.allowed:
                exchange.notes.append(decision.cors.steps[-1] if decision.cors.steps else "the preflight is refused")
            return HttpAnswer(204, headers, b"")
        auth = decision.auth
        if decision.status is not None:
            if decision.match is None:
                exchange.notes.append(f"no route matches {decision.request.method} {decision.request.raw_path} and there "
                                      "is no $default route")
            elif auth is not None and auth.steps:
                exchange.notes.append(auth.steps[-1])
            exchange.error_type = {401: "UNAUTHORIZED", 403: "ACCESS_DENIED", 404: "MISSING_AUTHENTICATION_TOKEN"}.get(
                decision.status, "AUTHORIZER_FAILURE")
            # The engine's own answer (404 Not Found, 401, 403, 500 from an authorizer).
            body = (decision.response or {}).get("body")
            answer = gateway_answer(decision.status) if body is None else HttpAnswer(
                decision.status, [("content-type", "application/json")], json.dumps(body, separators=(",", ":")).encode())
            answer.headers = decision.response_headers(answer.headers)
            return answer
        if auth is not None:
            if auth.kind == "aws_iam":
                exchange.notes.append("IAM: the SigV4 signature was NOT verified (on AWS a wrong or expired one is 403)")
            elif auth.pending:
                exchange.notes.append(auth.steps[-1] if auth.steps else "the authorizer was not run")
        answer = await self._invoke(exchange, decision)
        answer.headers = decision.response_headers(answer.headers)
        return answer

    async def _invoke(self, exchange: Exchange, decision) -> HttpAnswer:
        function = decision.function
        exchange.function = function.key
        spec = self.specs[function.key]
        if spec.why_not_runnable:
            exchange.notes.append(f"{function.key} cannot run here: {spec.why_not_runnable}")
            exchange.error_type = "INTEGRATION_FAILURE"
            return gateway_answer(502)
        event = encode_event(decision.event)
        event_size = len(event)
        if event_size > LAMBDA_PAYLOAD_LIMIT:
            exchange.notes.append(f"the event is {event_size} bytes, more than Lambda's {LAMBDA_PAYLOAD_LIMIT}-byte limit "
                                  "for a synchronous invocation: Lambda refuses it and API Gateway answers 413")
            exchange.error_type = "REQUEST_TOO_LARGE"
            return gateway_answer(413)
        timeout = spec.timeout_s
        limit = min(timeout, INTEGRATION_LIMIT_S)
        started = time.monotonic()
        invocation = await self.worker(function.key).invoke(event, str(uuid.uuid4()), limit)
        exchange.integration_ms = (time.monotonic() - started) * 1000
        exchange.invocation = invocation
        return self._from_invocation(exchange, invocation, function.key, timeout, decision.payload)

    def _from_invocation(self, exchange: Exchange, invocation: Invocation, key: str, timeout: float, payload: str) -> HttpAnswer:
        if invocation.outcome == OK:
            answer = from_payload(invocation.payload, payload)
            if answer.problem:
                exchange.notes.append(f"{key}: {answer.problem}")
                exchange.error_type = "INTEGRATION_FAILURE"
            exchange.notes.extend(f"{key}: {note}" for note in notes_about(invocation.payload, payload))
            return answer
        exchange.error_type = "INTEGRATION_FAILURE"
        if invocation.outcome == ERROR:
            error = invocation.error or {}
            exchange.notes.append(f"{key} failed: {error.get('errorType', 'Error')}: {error.get('errorMessage', '')}".rstrip())
            return gateway_answer(500)
        if invocation.outcome == TIMEOUT:
            if invocation.detail:
                exchange.notes.append(f"{key}: {invocation.detail}; API Gateway answers 500")
                return gateway_answer(500)
            if timeout < INTEGRATION_LIMIT_S:
                exchange.notes.append(f"{key} timed out after {timeout:g} s (its timeout): Lambda stops it (\"Task timed "
                                      "out\") and API Gateway answers 500; its worker is restarted")
                return gateway_answer(500)
            exchange.error_type = "INTEGRATION_TIMEOUT"
            exchange.notes.append(f"{key} did not answer within API Gateway's {INTEGRATION_LIMIT_S:g} s integration "
                                  f"timeout (its own timeout is {timeout:g} s): API Gateway answers 503; its worker is restarted")
            return gateway_answer(503)
        if invocation.outcome == CRASH:
            exchange.notes.append(f"{key}: {invocation.detail}; its worker is restarted on the next request")
        else:
            exchange.notes.append(f"{key}: {invocation.detail}")
        return gateway_answer(502)

    # -- what the engine asks for --------------------------------------------------------------

    def _verify_jwt(self, token: str, header: dict, config) -> str | None:
        return self.keys.verify(token)

    def _run_authorizer(self, call):
        """The engine's ``authorize`` callback: run the authorizer function (on the loop) and
        return its answer; raise AuthorizerFailed when it fails. Runs on a worker thread."""
        exchange: Exchange = self._local.exchange
        function = call.function
        if function is None or function.key not in self.specs:
            raise lambda_authorizer.AuthorizerFailed("it is given as an ARN, which run cannot invoke")
        spec = self.specs[function.key]
        if spec.why_not_runnable:
            raise lambda_authorizer.AuthorizerFailed(f"{function.key} cannot run here: {spec.why_not_runnable}")
        limit = min(spec.timeout_s, AUTHORIZER_LIMIT_S)
        exchange.authorizer = function.key
        coroutine = self.worker(function.key).invoke(call.event, str(uuid.uuid4()), limit)
        invocation = asyncio.run_coroutine_threadsafe(coroutine, self._loop).result()
        exchange.authorizer_invocation = invocation
        if invocation.outcome == ERROR:
            error = invocation.error or {}
            raise lambda_authorizer.AuthorizerFailed(f"{function.key} threw {error.get('errorType', 'an error')}: "
                                                     f"{error.get('errorMessage', '')}")
        if invocation.outcome == TIMEOUT:
            raise lambda_authorizer.AuthorizerFailed(f"{function.key} did not answer within {limit:g} s")
        if invocation.outcome != OK:
            raise lambda_authorizer.AuthorizerFailed(f"{function.key}: {invocation.detail}")
        try:
            return json.loads(invocation.payload)
        except ValueError:
            raise lambda_authorizer.AuthorizerFailed(f"{function.key}'s answer is not JSON") from None
