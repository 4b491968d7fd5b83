"""Run a ``${file(x.js)}`` variable's module with Node.js, as Serverless v3.39 does.

Serverless requires the module in its own process (lib/configuration/variables/sources/file.js).
Here one Node process per compile (``Session``) runs js_file.cjs, which does the same steps; when the module asks for
``resolveVariable`` / ``resolveConfigurationProperty`` (or an address walks through a string
holding variables), the question comes back to Python, which resolves it and answers.

Only ever called for a trusted file (the command line, the terminal wizard): a confined
resolver (``serve``) refuses JavaScript before it gets here.
"""

from __future__ import annotations

import json
import os
import select
import shutil
import subprocess
import time

SCRIPT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "js_file.cjs")
# A module that does not answer in this time is stopped (Serverless would wait for ever).
TIMEOUT_S = 30.0


class JsFileError(Exception):
    """The module failed (or Node could not run it): Serverless's code and message."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def node_path() -> str | None:
    return shutil.which("node")


# Answers of compiles whose modules asked nothing back, by the sequence of requests so far (each
# with its file's size and time): the wizard compiles on every keystroke, and modules that only
# depend on themselves answer the same sequence alike. A sequence, not one request: a module's
# state is shared by every reference of a compile, so an answer depends on those before it.
_ANSWERS: dict = {}
_MAX_ANSWERS = 256


def _key(path: str, address: str | None, options: dict):
    try:
        stat = os.stat(path)
        return (path, stat.st_mtime_ns, stat.st_size, address, json.dumps(options, sort_keys=True))
    except (OSError, TypeError, ValueError):
        return None


class Session:
    """The JavaScript of one compile: one Node.js process, started at the first request that the
    cache cannot answer, requiring each module once (Serverless runs the whole resolution in one
    process, so references to a module share its state). ``close()`` ends it."""

    def __init__(self, service_dir: str) -> None:
        self.service_dir = service_dir
        self._node = None  # (process, read_end) while running
        self._done: list = []  # keys of the requests answered so far while every one was cacheable
        self._cacheable = True

    def run(self, path: str, address: str | None, options: dict, answer, number=None):
        """The module's value (as JSON gives it) for ``address``; ``answer(kind, arg)`` resolves the
        module's questions (``variable``, ``property``, ``string``). Raises JsFileError, or the
        exception ``answer`` raised when the module let it through."""
        key = _key(path, address, options)
        prefix = None
        if self._cacheable and key is not None:
            prefix = (*self._done, key)
            if self._node is None and prefix in _ANSWERS:
                self._done.append(key)
                return _renumber(json.loads(_ANSWERS[prefix]), number)
        else:
            self._cacheable = False
        asked = []

        def asking(kind, arg):
            asked.append(kind)
            return answer(kind, arg)

        try:
            if self._node is None:
                self._node = _start(self.service_dir)
                if self._cacheable:  # the cache answered these: the module state they left is rebuilt
                    for done in self._done:
                        self._request(done[0], done[3], json.loads(done[4]), asking)
            value = self._request(path, address, options, asking)
        except BaseException:
            self._cacheable = False
            raise
        if prefix is not None and self._cacheable and not asked:
            if len(_ANSWERS) >= _MAX_ANSWERS:
                _ANSWERS.clear()
            _ANSWERS[prefix] = json.dumps(value)
            self._done.append(key)
        else:
            self._cacheable = False
        return _renumber(value, number)

    def _request(self, path: str, address: str | None, options: dict, answer):
        process, read_end = self._node
        failures: dict = {}
        ended = True  # unless the request is answered, the process is not reused
        try:
            _send(process, {"file": path, "address": address, "options": options})
            for message in _messages(read_end, time.monotonic() + TIMEOUT_S):
                if "call" in message:
                    try:
                        reply = {"id": message["id"], "value": answer(message["call"], message.get("arg"))}
                    except Exception as exc:  # noqa: BLE001 - handed to the module, raised again if it lets it through
                        failures[message["id"]] = exc
                        reply = {"id": message["id"], "error": str(exc)}
                    _send(process, reply)
                    continue
                ended = False
                if "passthrough" in message:
                    raise failures[message["passthrough"]]
                if "error" in message:
                    raise JsFileError(message["error"]["code"], message["error"]["message"])
                return message["value"]
            raise JsFileError("JS_FILE_RESOLUTION_ERROR", "the module ended Node.js before it gave a value")
        finally:
            if ended:
                self.close(kill=True)

    def close(self, kill: bool = False) -> None:
        if self._node is None:
            return
        process, read_end = self._node
        self._node = None
        os.close(read_end)
        if kill and process.poll() is None:
            process.kill()
        if process.stdin:
            try:
                process.stdin.close()  # Node ends when its stdin does ...
            except OSError:
                pass
        try:
            process.wait(timeout=1.0)
        except subprocess.TimeoutExpired:  # ... unless a module keeps it busy
            process.kill()
            process.wait()

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def run(path: str, address: str | None, options: dict, answer, service_dir: str, number=None):
    """One request in a process of its own (``Session`` shares one between the references of a compile)."""
    with Session(service_dir) as session:
        return session.run(path, address, options, answer, number)


def _start(service_dir: str):
    node = node_path()
    if node is None:
        raise JsFileError("NODE_NOT_FOUND", "running it needs Node.js (`node`), which is not on PATH")
    read_end, write_end = os.pipe()
    try:
        process = subprocess.Popen(
            [node, SCRIPT, str(write_end)], cwd=service_dir, stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, pass_fds=(write_end,))
    except OSError as exc:
        os.close(read_end)
        raise JsFileError("NODE_NOT_RUNNABLE", f"Node.js could not be started: {exc.strerror or exc}") from None
    finally:
        os.close(write_end)
    return process, read_end


def _send(process, message: dict) -> None:
    try:
        process.stdin.write((json.dumps(message) + "\n").encode("utf-8"))
        process.stdin.flush()
    except (BrokenPipeError, OSError):
        pass  # Node has ended: its messages (or their absence) say why


def _messages(fd: int, deadline: float):
    buffer = b""
    while True:
        while b"\n" in buffer:
            line, buffer = buffer.split(b"\n", 1)
            yield json.loads(line.decode("utf-8", "replace"))
        left = deadline - time.monotonic()
        if left <= 0:
            raise JsFileError("JS_FILE_RESOLUTION_ERROR", f"the module gave no value in {TIMEOUT_S:g} seconds")
        ready, _, _ = select.select([fd], [], [], left)
        if not ready:
            continue
        chunk = os.read(fd, 65536)
        if not chunk:
            return
        buffer += chunk


def _renumber(value, number):
    """JSON numbers as the rest of the loader reads them (an integer stays an int)."""
    if number is None:
        return value
    return json.loads(json.dumps(value), parse_int=number, parse_float=number)
