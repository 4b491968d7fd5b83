"""One warm worker process per function, as a Lambda execution environment keeps one.

The process runs a bootstrap script (bootstrap_node.mjs or bootstrap_python.py) that
loads the handler once; module state survives between invocations. Invocations go
over a pair of pipes as length-prefixed frames; the function's stdout and stderr share
one pipe, read all the time, and a sentinel after each invocation marks where its log
ends. The worker is its own process group; stopping it kills the group and every process
below the worker in the process tree, so whatever its handler started goes with it.
"""

from __future__ import annotations

import asyncio
import json
import os
import secrets
import signal
import struct
import subprocess
import sys
import time

from .functions import NODE, FunctionSpec, bootstrap, node_path
from .processes import descendants

# Lambda's init phase may take 10 s before the first invocation starts counting.
INIT_LIMIT_S = 10.0
OK, ERROR, TIMEOUT, CRASH, UNAVAILABLE = "ok", "error", "timeout", "crash", "unavailable"
_GAVE_UP = object()  # the answer of an invocation that ran out of time


def encode_event(event: dict) -> bytes:
    """The event as it travels to the worker (and as its size counts against Lambda's limit)."""
    return json.dumps(event, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


class Invocation:
    """What one invocation gave: ``outcome`` OK (``payload`` is the result as Lambda
    serializes it), ERROR (the function failed: ``error``), TIMEOUT, CRASH (the process
    died) or UNAVAILABLE (no worker could start); ``log`` is the function's output."""

    __slots__ = ("outcome", "payload", "error", "log", "duration_ms", "init_ms", "detail", "request_id")

    def __init__(self, outcome: str, payload: str | None = None, error: dict | None = None, log: str = "",
                 duration_ms: float = 0.0, init_ms: float | None = None, detail: str = "") -> None:
        self.request_id: str | None = None  # Lambda's awsRequestId
        self.outcome = outcome
        self.payload = payload
        self.error = error
        self.log = log
        self.duration_ms = duration_ms
        self.init_ms = init_ms
        self.detail = detail

    def __repr__(self) -> str:
        return f"Invocation({self.outcome}, {self.payload or self.error or self.detail!r})"


def _pdeathsig():
    """A pre-exec hook that kills the worker when the server dies without cleaning up (Linux)."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        import ctypes

        prctl = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None

    def hook():
        prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG

    return hook


_PRE_EXEC = _pdeathsig()


class _Output(asyncio.SubprocessProtocol):
    """The function's stdout+stderr, cut into one log per invocation at each sentinel."""

    def __init__(self, worker: Worker) -> None:
        self.worker = worker
        self.generation = worker.generation
        self.buffer = bytearray()
        self.transport = None
        self.exited = asyncio.get_running_loop().create_future()

    def connection_made(self, transport) -> None:
        self.transport = transport

    def pipe_data_received(self, fd, data) -> None:
        self.buffer += data
        self.worker._output_arrived()

    def process_exited(self) -> None:
        # This can come before the last frames and output are read (asyncio's docs say
        # so): give the loop a moment to read them before calling the worker dead.
        asyncio.get_running_loop().call_later(0.05, self._finish)

    def _finish(self) -> None:
        self.worker._exited(self.generation)
        # Closed only now that the process is reaped: closing earlier would reap it behind
        # the child watcher's back (asyncio then warns of an "unknown child process").
        self.transport.close()
        if not self.exited.done():
            self.exited.set_result(None)


class _Frames(asyncio.Protocol):
    """Frames from the worker: kind byte, 4-byte length, body."""

    def __init__(self, worker: Worker) -> None:
        self.worker = worker
        self.generation = worker.generation
        self.buffer = bytearray()

    def data_received(self, data) -> None:
        self.buffer += data
        while len(self.buffer) >= 5:
            size = struct.unpack_from(">I", self.buffer, 1)[0]
            if len(self.buffer) < 5 + size:
                return
            kind = chr(self.buffer[0])
            body = bytes(self.buffer[5:5 + size])
            del self.buffer[:5 + size]
            self.worker._frame(kind, body)

    def connection_lost(self, exc) -> None:
        self.worker._exited(self.generation)


class Worker:
    """The worker of one function. ``invoke`` runs one invocation at a time."""

    def __init__(self, spec: FunctionSpec, base_env: dict | None = None) -> None:
        self.spec = spec
        self.base_env = dict(os.environ if base_env is None else base_env)
        self.lock = asyncio.Lock()
        self.transport = None
        self.pid: int | None = None
        self.output: _Output | None = None
        self.writer = None
        self.reader = None
        self.nonce = b""
        self.ready: asyncio.Future | None = None
        self.answer: asyncio.Future | None = None
        self.log_done: asyncio.Future | None = None
        self.dead = True
        self.generation = 0  # one per process started: late news of an old process is ignored
        self.retiring = False
        self.exiting: list[asyncio.Future] = []  # exits of stopped processes not reaped yet
        self.started_at = 0.0
        self.invocations = 0

    # -- life cycle -------------------------------------------------------------------

    def command(self) -> list[str] | None:
        if self.spec.language == NODE:
            node = node_path()
            return [node, bootstrap("bootstrap_node.mjs")] if node else None
        return [sys.executable, "-u", bootstrap("bootstrap_python.py")]

    def environment(self, fds: tuple[int, int]) -> dict[str, str]:
        env = dict(self.base_env)
        env.update(self.spec.environment)
        env.update(self.spec.lambda_environment())
        env["HTTPAPI_WIZARD_NONCE"] = self.nonce.decode()
        env["HTTPAPI_WIZARD_FDS"] = f"{fds[0]},{fds[1]}"
        return env

    async def start(self) -> None:
        loop = asyncio.get_running_loop()
        command = self.command()
        if command is None:
            raise OSError("no `node` on PATH")
        self.nonce = secrets.token_hex(8).encode()
        self.generation += 1
        to_child_r, to_child_w = os.pipe()
        from_child_r, from_child_w = os.pipe()
        try:
            self.output = _Output(self)
            self.transport, _ = await loop.subprocess_exec(
                lambda: self.output, *command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                cwd=self.spec.service_dir, env=self.environment((to_child_r, from_child_w)),
                pass_fds=(to_child_r, from_child_w), start_new_session=True, preexec_fn=_PRE_EXEC)
        finally:
            os.close(to_child_r)
            os.close(from_child_w)
        self.pid = self.transport.get_pid()
        self.dead = False
        self.started_at = time.monotonic()
        self.invocations = 0
        self.ready = loop.create_future()
        self.writer, _ = await loop.connect_write_pipe(asyncio.Protocol, os.fdopen(to_child_w, "wb", buffering=0))
        self.reader, _ = await loop.connect_read_pipe(lambda: _Frames(self), os.fdopen(from_child_r, "rb", buffering=0))

    def stop(self) -> None:
        """Kill the worker and everything it started (its process group, and below it in another session).

        Safe to call at any time, also after the event loop closed (the last clean-up of
        a server): the processes die either way. ``stopped()`` waits until they are reaped.
        """
        if self.pid is not None and not self.dead:
            below = descendants(self.pid)  # before the kill: orphans no longer name the worker as parent
            try:
                os.killpg(self.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
            for pid in below:
                try:
                    os.kill(pid, signal.SIGKILL)
                except (ProcessLookupError, PermissionError):
                    pass
        self._exited()
        transports = [self.writer, self.reader]
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            # No loop runs to see the process out (the last clean-up, after the loop): its transport is
            # closed here, as the loop would once it had read the output's end. Left to the garbage
            # collector, that close raised "Event loop is closed" in whatever code the collection hit.
            transports.append(self.transport)
        for transport in transports:
            if transport is not None:
                try:
                    transport.close()
                except RuntimeError:  # the loop is closed: nothing is left to flush
                    pass
        if self.output is not None and not self.output.exited.done():
            self.exiting.append(self.output.exited)
        self.writer = self.reader = self.transport = None

    async def stopped(self, limit_s: float = 2.0) -> None:
        """Wait (at most ``limit_s``) until every process this worker stopped is reaped."""
        pending = [f for f in self.exiting if not f.done()]
        self.exiting = []
        if pending:
            await asyncio.wait(pending, timeout=limit_s)

    def retire(self) -> None:
        """Stop the worker now if it is idle, else once its invocation ends (its code changed)."""
        if self.lock.locked():
            self.retiring = True
        else:
            self.stop()

    # -- events from the pipes ----------------------------------------------------------

    def _frame(self, kind: str, body: bytes) -> None:
        if kind in "Ii":
            if self.ready is not None and not self.ready.done():
                self.ready.set_result(True)
        elif self.answer is not None and not self.answer.done():
            self.answer.set_result((kind, body))

    def _output_arrived(self) -> None:
        if self.log_done is not None and not self.log_done.done() and self.nonce_marker in self.output.buffer:
            self.log_done.set_result(True)

    def _exited(self, generation: int | None = None) -> None:
        if self.dead or (generation is not None and generation != self.generation):
            return
        self.dead = True
        for future in (self.ready, self.answer, self.log_done):
            if future is not None and not future.done():
                future.set_result(None)

    @property
    def nonce_marker(self) -> bytes:
        return b"\x1e" + self.nonce + b"\x1e"

    def _take_log(self, complete: bool) -> str:
        """The output up to this invocation's sentinel (all of it when the worker died)."""
        buffer = self.output.buffer if self.output is not None else bytearray()
        marker = self.nonce_marker
        at = buffer.find(marker)
        if at < 0 or not complete:
            chunk = bytes(buffer)
            buffer.clear()
        else:
            chunk = bytes(buffer[:at])
            del buffer[:at + len(marker)]
        return chunk.replace(marker, b"").decode("utf-8", "replace")

    # -- invoking -------------------------------------------------------------------------

    async def invoke(self, event: dict | bytes, request_id: str, limit_s: float) -> Invocation:
        """Run one invocation; ``limit_s`` is how long to wait before giving up (TIMEOUT).
        ``event`` may come already encoded (``encode_event``)."""
        async with self.lock:
            try:
                invocation = await self._invoke(event, request_id, limit_s)
                invocation.request_id = request_id
                return invocation
            finally:
                if self.retiring:
                    self.retiring = False
                    self.stop()

    async def _invoke(self, event: dict | bytes, request_id: str, limit_s: float) -> Invocation:
        loop = asyncio.get_running_loop()
        init_ms = None
        if self.dead:
            began = time.monotonic()
            try:
                await self.start()
            except OSError as exc:
                return Invocation(UNAVAILABLE, detail=f"the worker could not start: {exc}")
            try:
                await asyncio.wait_for(asyncio.shield(self.ready), INIT_LIMIT_S)
            except asyncio.TimeoutError:
                log = self._take_log(False)
                self.stop()
                return Invocation(TIMEOUT, log=log, detail=f"the handler did not load within Lambda's init limit of {INIT_LIMIT_S:g} s")
            if self.dead:
                await asyncio.sleep(0)  # let the last output arrive
                return Invocation(CRASH, log=self._take_log(False), detail=f"the worker exited while loading {self.spec.handler}")
            init_ms = (time.monotonic() - began) * 1000
        self.answer = loop.create_future()
        self.log_done = loop.create_future()
        started = time.monotonic()
        head = json.dumps({"requestId": request_id, "deadlineMs": int(time.time() * 1000 + self.spec.timeout_s * 1000),
                           "invokedFunctionArn": self.spec.arn}, ensure_ascii=False, separators=(",", ":"))
        event_json = event if isinstance(event, bytes) else encode_event(event)
        message = head[:-1].encode("utf-8") + b',"event":' + event_json + b"}"
        self.writer.write(struct.pack(">I", len(message)) + message)
        timer = loop.call_later(limit_s, self._give_up)
        try:
            answer = await self.answer
        finally:
            timer.cancel()
        duration = (time.monotonic() - started) * 1000
        if answer is _GAVE_UP:
            self.stop()
            await asyncio.sleep(0)
            return Invocation(TIMEOUT, log=self._take_log(False), duration_ms=limit_s * 1000, init_ms=init_ms)
        self.invocations += 1
        if answer is None:  # the process died before answering
            await self._drain()
            return Invocation(CRASH, log=self._take_log(False), duration_ms=duration, init_ms=init_ms,
                              detail=self._exit_detail())
        kind, body = answer
        if kind.isupper():  # the function wrote output: its end is marked in the pipe
            if not self.log_done.done():
                try:
                    await asyncio.wait_for(self.log_done, 5)
                except asyncio.TimeoutError:
                    pass
            log = self._take_log(True)
        else:  # nothing written through stdout/stderr: whatever came in meanwhile is this invocation's
            log = self._take_log(False)
            kind = kind.upper()
        text = body.decode("utf-8", "replace")
        if kind == "X":  # an uncaught error: the runtime exits after reporting it, as Lambda's does
            self.stop()
        if kind == "R":
            return Invocation(OK, payload=text, log=log, duration_ms=duration, init_ms=init_ms)
        try:
            error = json.loads(text)
        except ValueError:
            error = {"errorType": "Runtime.Unknown", "errorMessage": text}
        return Invocation(ERROR, error=error, log=log, duration_ms=duration, init_ms=init_ms)

    def _give_up(self) -> None:
        if self.answer is not None and not self.answer.done():
            self.answer.set_result(_GAVE_UP)

    async def _drain(self) -> None:
        """Wait briefly for the dead process's last output and its exit status."""
        for _ in range(50):
            if self.transport is None or self.transport.get_returncode() is not None:
                break
            await asyncio.sleep(0.01)

    def _exit_detail(self) -> str:
        code = self.transport.get_returncode() if self.transport is not None else None
        self.stop()
        if code is None:
            return "the worker process ended without answering"
        if code < 0:
            try:
                name = signal.Signals(-code).name
            except ValueError:
                name = str(-code)
            return f"the worker process was killed by {name} without answering"
        return f"the worker process exited with status {code} without answering"
