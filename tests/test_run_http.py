"""The HTTP/1.1 side of `httpapi-wizard run`, spoken over raw sockets: bodies with
Content-Length or chunked, Expect: 100-continue, keep-alive and close, malformed requests.
"""

from __future__ import annotations

import json
import socket

import pytest
from test_run_server import scaffold, servers, write

run = pytest.fixture(servers, name="run", scope="module")

ECHO = """
    import json

    def check(event, context):
        return {"method": event["requestContext"]["http"]["method"], "body": event.get("body"),
                "b64": event["isBase64Encoded"], "length": event["headers"].get("content-length")}
"""


@pytest.fixture(scope="module")
def server(tmp_path_factory, run):
    folder = scaffold(tmp_path_factory.mktemp("http"), "python-api")
    config = (folder / "serverless.yml").read_text().replace("- httpApi: GET /health", "- httpApi: ANY /health")
    (folder / "serverless.yml").write_text(config)
    write(folder, "app/health.py", ECHO)
    return run(folder)


def _exchange(port: int, raw: bytes, read_until_close: bool = True) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
        connection.sendall(raw)
        if not read_until_close:
            return connection.recv(65536)
        chunks = []
        while True:
            chunk = connection.recv(65536)
            if not chunk:
                return b"".join(chunks)
            chunks.append(chunk)


def _split(response: bytes) -> tuple[str, dict, bytes]:
    head, _, body = response.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return lines[0], headers, body


def test_a_chunked_body_arrives_whole(server):
    raw = (b"POST /health HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n"
           b"Connection: close\r\n\r\n5\r\nhello\r\n7;ext=1\r\n, world\r\n0\r\n\r\n")
    status, headers, body = _split(_exchange(server.port, raw))
    assert status == "HTTP/1.1 200 OK"
    assert json.loads(body) == {"method": "POST", "body": "hello, world", "b64": False, "length": "12"}


def test_expect_100_continue_is_answered_before_the_body(server):
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as connection:
        connection.sendall(b"PUT /health HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 9\r\n"
                           b"Expect: 100-continue\r\nConnection: close\r\n\r\n")
        assert connection.recv(100) == b"HTTP/1.1 100 Continue\r\n\r\n"
        connection.sendall(b'{"a": 10}')
        response = b""
        while chunk := connection.recv(65536):
            response += chunk
    status, _, body = _split(response)
    assert status == "HTTP/1.1 200 OK" and json.loads(body)["body"] == '{"a": 10}'


def test_a_body_over_10_mb_with_expect_is_refused_before_it_is_sent(server):
    raw = b"POST /health HTTP/1.1\r\nHost: x\r\nContent-Length: 10485761\r\nExpect: 100-continue\r\n\r\n"
    status, headers, body = _split(_exchange(server.port, raw))
    assert status == "HTTP/1.1 413 Request Entity Too Large"
    assert json.loads(body) == {"message": "Request Entity Too Large"}
    assert headers["connection"] == "close"


def test_requests_on_one_connection_are_answered_in_order(server):
    one = b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n"
    two = b"DELETE /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    response = _exchange(server.port, one + two)
    first, _, rest = response.partition(b"\r\n\r\n")
    assert b"keep-alive" in first
    assert response.count(b"HTTP/1.1 200 OK") == 2
    assert response.index(b'"GET"') < response.index(b'"DELETE"')


def test_http_1_0_closes_unless_asked_to_keep_alive(server):
    status, headers, _ = _split(_exchange(server.port, b"GET /health HTTP/1.0\r\n\r\n"))
    assert status == "HTTP/1.1 200 OK" and headers["connection"] == "close"


@pytest.mark.parametrize("raw", [
    b"NONSENSE\r\n\r\n",
    b"GET /health HTTP/2.0\r\n\r\n",
    b"GET /health HTTP/1.1\r\nno colon here\r\n\r\n",
    b"POST /health HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello",
    b"POST /health HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n",
    b"POST /health HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
])
def test_malformed_requests_get_400_and_the_server_keeps_serving(server, raw):
    status, headers, body = _split(_exchange(server.port, raw))
    assert status == "HTTP/1.1 400 Bad Request"
    assert json.loads(body) == {"message": "Bad Request"}
    assert server.json("GET", "/health")[0] == 200


def test_absolute_form_targets_keep_their_path_and_query(server):
    raw = b"GET http://api.example.com/health?x=1 HTTP/1.1\r\nHost: api.example.com\r\nConnection: close\r\n\r\n"
    status, _, body = _split(_exchange(server.port, raw))
    assert status == "HTTP/1.1 200 OK" and json.loads(body)["method"] == "GET"
