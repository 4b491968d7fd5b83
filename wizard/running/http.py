"""HTTP/1.1 on asyncio streams, with API Gateway's limits on what a request may carry.

"Amazon API Gateway quotas for HTTP APIs": the request line and headers together at most
10240 bytes, a payload at most 10 MB. A larger body is answered 413
``{"message":"Request Entity Too Large"}`` (what AWS's own emulator answers for HTTP APIs,
aws-lambda-dotnet Tools/LambdaTestTool-v2); larger headers 431, since the quota page
names the limit but not the status. Connections are kept alive, requests on one
connection answered in order; bodies may come with Content-Length or chunked, and
``Expect: 100-continue`` is honoured.
"""

from __future__ import annotations

import asyncio
import email.utils
import http
import json
import re
import time

from .responses import header_value

MAX_HEAD = 10240
MAX_BODY = 10 * 1024 * 1024
_TOKEN = re.compile(rb"^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$")
_REASONS = {status.value: status.phrase for status in http.HTTPStatus}


class BadRequest(Exception):
    """The request cannot be read; ``status`` is what to answer before closing.

    ``discard``: body bytes to read and drop first, so that a client still sending its
    body gets the answer instead of a reset connection.
    """

    def __init__(self, status: int, message: str, discard: int = 0) -> None:
        super().__init__(message)
        self.status = status
        self.discard = discard


# A client that announced more than this is not waited for: it gets its 413 at once.
MAX_DISCARD = 4 * MAX_BODY


class Incoming:
    """A request as it came over the wire: ``target`` is the path and query, undecoded."""

    __slots__ = ("method", "target", "version", "headers", "body", "peer", "received", "size")

    def __init__(self, method: str, target: str, version: str, headers: list[tuple[str, str]], body: bytes | None,
                 peer: str, received: float, size: int) -> None:
        self.method = method
        self.target = target
        self.version = version
        self.headers = headers
        self.body = body
        self.peer = peer
        self.received = received
        self.size = size

    def header(self, name: str) -> str | None:
        return header_value(self.headers, name)

    @property
    def keep_alive(self) -> bool:
        connection = (self.header("Connection") or "").lower()
        if self.version == "HTTP/1.0":
            return "keep-alive" in connection
        return "close" not in connection


def _date() -> str:
    return email.utils.formatdate(usegmt=True)


def _message(status: int) -> bytes:
    phrase = {400: "Bad Request", 413: "Request Entity Too Large", 431: "Request Header Fields Too Large"}.get(status, "Error")
    return json.dumps({"message": phrase}, separators=(",", ":")).encode()


def encode_response(status: int, headers: list[tuple[str, str]], body: bytes, *, keep_alive: bool, head: bool = False) -> bytes:
    lines = [f"HTTP/1.1 {status} {_REASONS.get(status, '')}".rstrip(), f"date: {_date()}"]
    lines += [f"{name}: {value}" for name, value in headers]
    lines.append(f"content-length: {len(body)}")
    lines.append("connection: keep-alive" if keep_alive else "connection: close")
    data = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1", "replace")
    return data if head else data + body


async def _read_chunked(reader: asyncio.StreamReader) -> bytes:
    body = bytearray()
    while True:
        line = await reader.readuntil(b"\r\n")
        try:
            size = int(line.split(b";", 1)[0].strip(), 16)
        except ValueError:
            raise BadRequest(400, "a chunk size is not hexadecimal") from None
        if size == 0:
            while (await reader.readuntil(b"\r\n")) != b"\r\n":  # trailers
                pass
            return bytes(body)
        if len(body) + size > MAX_BODY:
            raise BadRequest(413, "the body is larger than API Gateway's 10 MB payload limit")
        body += await reader.readexactly(size)
        if await reader.readexactly(2) != b"\r\n":
            raise BadRequest(400, "a chunk does not end with CRLF")


async def read_request(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, peer: str) -> Incoming | None:
    """The next request on the connection, None when the client closed it; BadRequest if unreadable."""
    try:
        head = await reader.readuntil(b"\r\n\r\n")
    except asyncio.IncompleteReadError as exc:
        if exc.partial.strip():
            raise BadRequest(400, "the connection closed in the middle of a request") from None
        return None
    except asyncio.LimitOverrunError:
        raise BadRequest(431, f"the request line and headers exceed API Gateway's {MAX_HEAD}-byte quota") from None
    received = time.time()
    if len(head) > MAX_HEAD + 4:
        raise BadRequest(431, f"the request line and headers exceed API Gateway's {MAX_HEAD}-byte quota")
    lines = head[:-4].split(b"\r\n")
    while lines and not lines[0]:  # tolerated empty lines before a request (RFC 9112, 2.2)
        lines.pop(0)
    parts = lines[0].split(b" ") if lines else []
    if len(parts) != 3 or not _TOKEN.match(parts[0]) or parts[2] not in (b"HTTP/1.1", b"HTTP/1.0"):
        raise BadRequest(400, "the request line is not 'METHOD target HTTP/1.1'")
    headers = []
    for raw in lines[1:]:
        name, sep, value = raw.partition(b":")
        if not sep or not _TOKEN.match(name):
            raise BadRequest(400, f"a header line is malformed: {raw[:60]!r}")
        headers.append((name.decode("latin-1"), value.strip(b" \t").decode("utf-8", "surrogateescape")))
    incoming = Incoming(parts[0].decode("ascii"), parts[1].decode("utf-8", "surrogateescape"), parts[2].decode("ascii"),
                        headers, None, peer, received, len(head))
    encoding = (incoming.header("Transfer-Encoding") or "").lower()
    lengths = {v.strip() for n, v in headers if n.lower() == "content-length"}
    if encoding and encoding != "chunked":
        raise BadRequest(400, f"Transfer-Encoding {encoding} is not supported")
    if len(lengths) > 1 or (lengths and not next(iter(lengths)).isdigit()):
        raise BadRequest(400, "Content-Length is not one number")
    length = int(next(iter(lengths))) if lengths else 0
    expects = (incoming.header("Expect") or "").lower() == "100-continue"
    if length > MAX_BODY:
        # A client that waits for 100 Continue has sent nothing yet: it is answered at once.
        raise BadRequest(413, "the body is larger than API Gateway's 10 MB payload limit",
                         0 if expects or length > MAX_DISCARD else length)
    if expects and (length or encoding):
        writer.write(b"HTTP/1.1 100 Continue\r\n\r\n")
    if encoding == "chunked":
        incoming.body = await _read_chunked(reader)
    elif length:
        incoming.body = await reader.readexactly(length)
    incoming.size += len(incoming.body or b"")
    return incoming


class Server:
    """Serves ``respond(incoming) -> (status, headers, body)`` on host:port."""

    def __init__(self, respond, host: str, port: int) -> None:
        self.respond = respond
        self.host = host
        self.port = port
        self.server: asyncio.base_events.Server | None = None
        self.connections: set = set()

    async def start(self) -> None:
        self.server = await asyncio.start_server(self._connection, self.host, self.port, limit=MAX_HEAD + 4)
        self.port = self.server.sockets[0].getsockname()[1]

    async def close(self) -> None:
        if self.server is not None:
            self.server.close()
            for writer in list(self.connections):
                writer.close()
            await self.server.wait_closed()

    async def _connection(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections.add(writer)
        peer = writer.get_extra_info("peername")
        peer = peer[0] if isinstance(peer, tuple) else "127.0.0.1"
        try:
            while True:
                try:
                    incoming = await read_request(reader, writer, peer)
                except BadRequest as exc:
                    remaining = exc.discard
                    while remaining > 0:
                        chunk = await reader.read(min(remaining, 1 << 16))
                        if not chunk:
                            break
                        remaining -= len(chunk)
                    writer.write(encode_response(exc.status, [("content-type", "application/json")], _message(exc.status),
                                                 keep_alive=False))
                    break
                if incoming is None:
                    break
                status, headers, body = await self.respond(incoming)
                keep_alive = incoming.keep_alive
                writer.write(encode_response(status, headers, body, keep_alive=keep_alive, head=incoming.method == "HEAD"))
                if len(body) > 65536:
                    await writer.drain()
                if not keep_alive:
                    break
        except (ConnectionError, asyncio.IncompleteReadError):
            pass
        finally:
            self.connections.discard(writer)
            try:
                writer.close()
            except RuntimeError:  # the loop is closing
                pass
