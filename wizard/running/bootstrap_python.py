"""The Python side of an httpapi-wizard `run` worker: loads one Lambda handler as Lambda's
Python runtime does and answers invocations framed over two pipes whose descriptors
HTTPAPI_WIZARD_FDS names ("in,out").

in:  4-byte big-endian length, then {"requestId", "deadlineMs", "invokedFunctionArn", "event"} (JSON).
out: 1 byte (I initialized, R result, E error), 4-byte length, then the result as Lambda
     serializes it (JSON) or {"errorMessage", "errorType", "requestId", "stackTrace"}.
stdout and stderr are the function's log; after an invocation that wrote to them a
sentinel (0x1e, nonce, 0x1e) goes to fd 1 so the parent knows where its log ends, and the
answer's kind is upper-case; lower-case kinds mean nothing was written.

Run as a script with the service folder as the working directory; it imports nothing of
httpapi-wizard, so the function sees only its own modules.
"""

import decimal
import importlib
import json
import logging
import os
import struct
import sys
import time
import traceback

IN_FD, OUT_FD = (int(fd) for fd in os.environ.pop("HTTPAPI_WIZARD_FDS", "3,4").split(","))
SENTINEL = b"\x1e" + os.environ.pop("HTTPAPI_WIZARD_NONCE", "").encode() + b"\x1e"


class Context:
    """The ``context`` Lambda's Python runtime passes to a handler."""

    def __init__(self, request_id, deadline_ms, arn):
        self.function_name = os.environ.get("AWS_LAMBDA_FUNCTION_NAME")
        self.function_version = os.environ.get("AWS_LAMBDA_FUNCTION_VERSION")
        self.invoked_function_arn = arn
        self.memory_limit_in_mb = os.environ.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE")
        self.aws_request_id = request_id
        self.log_group_name = os.environ.get("AWS_LAMBDA_LOG_GROUP_NAME")
        self.log_stream_name = os.environ.get("AWS_LAMBDA_LOG_STREAM_NAME")
        self.identity = None
        self.client_context = None
        self._deadline_ms = deadline_ms

    def get_remaining_time_in_millis(self):
        return max(0, int(self._deadline_ms - time.time() * 1000))


class Tracked:
    """sys.stdout or sys.stderr, noting that something was written."""

    written = False

    def __init__(self, stream):
        self._stream = stream

    def write(self, text):
        Tracked.written = True
        return self._stream.write(text)

    def writelines(self, lines):
        Tracked.written = True
        return self._stream.writelines(lines)

    def __getattr__(self, name):
        return getattr(self._stream, name)


class RuntimeFault(Exception):
    def __init__(self, error_type, message):
        super().__init__(message)
        self.error_type = error_type


class RequestIdFilter(logging.Filter):
    request_id = None

    def filter(self, record):
        record.aws_request_id = RequestIdFilter.request_id
        return True


def install_logging():
    # Lambda's root logger: this handler and format; the level stays WARNING unless the code sets it.
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(logging.Formatter("[%(levelname)s]\t%(asctime)s.%(msecs)03dZ\t%(aws_request_id)s\t%(message)s",
                                           "%Y-%m-%dT%H:%M:%S"))
    handler.formatter.converter = time.gmtime
    handler.addFilter(RequestIdFilter())
    logging.getLogger().addHandler(handler)


def load_handler(handler):
    try:
        module_name, function_name = handler.rsplit(".", 1)
    except ValueError:
        raise RuntimeFault("Runtime.MalformedHandlerName", f"Bad handler '{handler}': not enough values to unpack") from None
    try:
        module = importlib.import_module(module_name.replace("/", "."))
    except ImportError as exc:
        raise RuntimeFault("Runtime.ImportModuleError", f"Unable to import module '{module_name}': {exc}") from None
    except SyntaxError as exc:
        raise RuntimeFault("Runtime.UserCodeSyntaxError", f"Syntax error in module '{module_name}': {exc}") from None
    function = getattr(module, function_name, None)
    if function is None:
        raise RuntimeFault("Runtime.HandlerNotFound", f"Handler '{function_name}' missing on module '{module_name}'")
    return function


def _default(value):
    if isinstance(value, decimal.Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def read_exact(size):
    chunks = []
    while size:
        chunk = os.read(IN_FD, size)
        if not chunk:
            sys.exit(0)  # the parent went away: so does this worker
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)


def write_all(fd, data):
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def respond(kind, text):
    if Tracked.written:
        sys.stdout.flush()
        sys.stderr.flush()
        write_all(1, SENTINEL)
        Tracked.written = False
    else:
        kind = kind.lower()
    body = text.encode("utf-8")
    write_all(OUT_FD, kind + struct.pack(">I", len(body)) + body)


def error_payload(exc, request_id):
    error_type = getattr(exc, "error_type", None) or type(exc).__name__
    # Lambda's trace starts in the function's code, not in the runtime that called it.
    frames = [] if isinstance(exc, RuntimeFault) else [f for f in traceback.extract_tb(exc.__traceback__)
                                                       if f.filename != __file__]
    return {"errorMessage": str(exc), "errorType": error_type, "requestId": request_id,
            "stackTrace": traceback.format_list(frames)}


def report_error(exc, request_id):
    payload = error_payload(exc, request_id)
    lines = "".join(payload["stackTrace"])
    sys.stdout.write(f"[ERROR] {payload['errorType']}: {payload['errorMessage']}\n"
                     + (f"Traceback (most recent call last):\n{lines}" if lines else ""))
    respond(b"E", json.dumps(payload))


def main():
    task_root = os.environ.get("LAMBDA_TASK_ROOT") or os.getcwd()
    # Lambda puts the task root first on the path; this script's own folder is not there.
    sys.path[0] = task_root
    sys.stdout.reconfigure(line_buffering=True)
    sys.stdout, sys.stderr = Tracked(sys.stdout), Tracked(sys.stderr)
    install_logging()
    init_error = None
    try:
        function = load_handler(os.environ.get("_HANDLER", ""))
    except RuntimeFault as exc:
        init_error = exc
    except Exception as exc:  # the module raised while being imported
        init_error = exc
    write_all(OUT_FD, b"I" + struct.pack(">I", 0))
    while True:
        size = struct.unpack(">I", read_exact(4))[0]
        message = json.loads(read_exact(size))
        request_id = message["requestId"]
        RequestIdFilter.request_id = request_id
        if init_error is not None:
            report_error(init_error, request_id)
            continue
        context = Context(request_id, message["deadlineMs"], message["invokedFunctionArn"])
        try:
            result = function(message["event"], context)
        except Exception as exc:
            report_error(exc, request_id)
            continue
        try:
            text = json.dumps(result, default=_default, ensure_ascii=False)
        except (TypeError, ValueError) as exc:
            report_error(RuntimeFault("Runtime.MarshalError", f"Unable to marshal response: {exc}"), request_id)
            continue
        respond(b"R", text)


if __name__ == "__main__":
    main()
