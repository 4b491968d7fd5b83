"""Run a ``${file(x.js)}`` variable's module with Node.js, as Serverless v3.39 does.

Serverless requires the module in its own process (lib/configuration/variables/sources/file.js).
Here a Node process runs js_file.cjs, which does the same steps; when the module asks for
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


# Answers of modules that asked nothing back, by file (and its size and time) and question: the
# wizard compiles on every keystroke, and a module that only depends on itself answers alike.
_ANSWERS: dict = {}
_MAX_ANSWERS = 256


def run(path: str, address: str | None, options: dict, answer, service_dir: str, number=None):
    """The module's value (as JSON gives it) for ``address``; ``answer(kind, arg)`` resolves the
    module's questions (``variable``, ``property``, ``string``). Raises JsFileError, or the
    exception ``answer`` raised when the module let it through."""
    try:
        stat = os.stat(path)
        key = (path, stat.st_mtime_ns, stat.st_size, address, json.dumps(options, sort_keys=True))
    except (OSError, TypeError, ValueError):
        key = None
    if key is not None and key in _ANSWERS:
        value = json.loads(_ANSWERS[key])
        return value if number is None else _renumber(value, number)
    asked = []

    def asking(kind, arg):
        asked.append(kind)
        return answer(kind, arg)

    value = _run(path, address, options, asking, service_dir)
    if key is not None and not asked:
        if len(_ANSWERS) >= _MAX_ANSWERS:
            _ANSWERS.clear()
        _ANSWERS[key] = json.dumps(value)
    return value if number is None else _renumber(value, number)


def _run(path: str, address: str | None, options: dict, answer, service_dir: str):
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
        os.close(write_end)
        raise JsFileError("NODE_NOT_RUNNABLE", f"Node.js could not be started: {exc.strerror or exc}") from None
    os.close(write_end)
    failures: dict = {}
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
            if "passthrough" in message:
                raise failures[message["passthrough"]]
            if "error" in message:
                raise JsFileError(message["error"]["code"], message["error"]["message"])
            return message["value"]
        raise JsFileError("JS_FILE_RESOLUTION_ERROR", "the module ended Node.js before it gave a value")
    finally:
        os.close(read_end)
        if process.poll() is None:
            process.kill()
        process.wait()
        if process.stdin:
            try:
                process.stdin.close()
            except OSError:
                pass


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
            raise JsFileError("JS_FILE_RESOLUTION_ERROR", f"the module gave no value in {TIMEOUT_S:.0f} seconds")
        ready, _, _ = select.select([fd], [], [], left)
        if not ready:
            continue
        chunk = os.read(fd, 65536)
        if not chunk:
            return
        buffer += chunk


def _renumber(value, number):
    """JSON numbers as the rest of the loader reads them (an integer stays an int)."""
    return json.loads(json.dumps(value), parse_int=number, parse_float=number)
