"""An HTTP request as a learner types it (``GET /users/42?verbose=1`` plus headers and a body),
or as a server received it.

Nothing typed here may crash what follows: arguments that were not UTF-8 reach Python as
surrogate escapes and become their bytes again, a body may be bytes, and header lookups
go through one index so tens of thousands of headers cost linear time.
"""

from __future__ import annotations

from urllib.parse import quote, unquote

METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS")
# Characters a client sends as they are in a path or query; anything else (spaces,
# non-ASCII) is percent-encoded on the wire, as browsers and curl --url-query do.
_PATH_SAFE = "/!$&'()*+,;=:@-._~%"
_QUERY_SAFE = _PATH_SAFE + "?"


class RequestError(ValueError):
    """The request could not be understood; the message says how to write it."""


def _wire_text(text: str) -> str:
    """``text`` with surrogate escapes (bytes that were not UTF-8) shown as U+FFFD."""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _wire_bytes(text: str) -> bytes:
    return text.encode("utf-8", "surrogateescape")


class Request:
    """Method, raw path, raw query string, headers in order (repeats kept), body.

    ``body`` is None (no body), text, or bytes; ``body_bytes`` is what went over the
    wire. ``fragment`` is a ``#...`` the learner typed: clients never send it.
    """

    __slots__ = ("method", "raw_path", "raw_query", "headers", "body", "fragment", "_index")

    def __init__(self, method: str, raw_path: str, raw_query: str = "", headers=None, body: str | bytes | None = None,
                 fragment: str = "") -> None:
        self.method = method
        self.raw_path = raw_path
        self.raw_query = raw_query
        self.headers: list[tuple[str, str]] = list(headers or [])
        self.body = body
        self.fragment = fragment
        self._index: dict[str, list[str]] | None = None

    @classmethod
    def parse(cls, line: str, headers=(), body: str | bytes | None = None) -> Request:
        """``'GET /users/42?verbose=1'``; headers as ``'Name: value'`` strings or pairs."""
        parts = line.strip().split(None, 1)
        if len(parts) != 2:
            raise RequestError(f"write the request as 'METHOD /path?query', e.g. 'GET /users/42' (got {_wire_text(line)!r})")
        method, target = parts[0].upper(), parts[1].strip()
        if method not in METHODS:
            raise RequestError(f"'{_wire_text(parts[0])}' is not an HTTP method; use one of {', '.join(METHODS)}")
        if "://" in target:  # a full URL: keep its path
            target = "/" + target.split("://", 1)[1].partition("/")[2]
        # A fragment stays in the browser: it is cut before the query, wherever it is.
        target, _, fragment = target.partition("#")
        if not target.startswith("/"):
            raise RequestError(f"the path must start with '/': {_wire_text(target)!r}")
        path, _, query = target.partition("?")
        pairs = []
        for header in headers:
            if isinstance(header, tuple):
                name, value = header
            else:
                name, sep, value = header.partition(":")
                if not sep or not name.strip():
                    raise RequestError(f"write a header as 'Name: value' (got {_wire_text(header)!r})")
            pairs.append((_wire_text(name.strip()), _wire_text(value.strip())))
        if isinstance(body, str):
            try:
                body.encode("utf-8")
            except UnicodeEncodeError:  # an argument that was not UTF-8: its bytes
                body = _wire_bytes(body)
        return cls(method, quote(_wire_bytes(path), safe=_PATH_SAFE), quote(_wire_bytes(query), safe=_QUERY_SAFE),
                   pairs, body, _wire_text(fragment))

    @property
    def body_bytes(self) -> bytes | None:
        if self.body is None or isinstance(self.body, bytes):
            return self.body
        return self.body.encode("utf-8")

    @property
    def body_text(self) -> str | None:
        """The body as text (bytes that are not UTF-8 shown as U+FFFD)."""
        if self.body is None or isinstance(self.body, str):
            return self.body
        return self.body.decode("utf-8", "replace")

    @property
    def has_body(self) -> bool:
        return bool(self.body)

    def _headers_by_name(self) -> dict[str, list[str]]:
        if self._index is None:
            index: dict[str, list[str]] = {}
            for name, value in self.headers:
                index.setdefault(name.lower(), []).append(value)
            self._index = index
        return self._index

    def header(self, name: str) -> str | None:
        """All values of a header joined with commas (names are case-insensitive)."""
        values = self._headers_by_name().get(name.lower())
        return ",".join(values) if values else None

    def query_pairs(self) -> list[tuple[str, str]]:
        pairs = []
        for item in self.raw_query.split("&") if self.raw_query else []:
            if not item:
                continue
            key, _, value = item.partition("=")
            pairs.append((unquote(key.replace("+", " ")), unquote(value.replace("+", " "))))
        return pairs

    def query(self, name: str) -> str | None:
        values = [v for k, v in self.query_pairs() if k == name]
        return ",".join(values) if values else None

    @property
    def path(self) -> str:
        """The path percent-decoded, as HTTP APIs hand it on: ``rawPath`` and ``http.path`` in
        payload 2.0, ``path`` in 1.0 (a live capture has ``/capture/space%20value`` arrive as
        ``/capture/space value``; hotsock/voker vokerhttp/testdata/apigwv2-request.json)."""
        return unquote(self.raw_path, errors="replace")

    @property
    def segments(self) -> list[str]:
        """The path's segments, percent-decoded, as API Gateway matches them.

        Repeated slashes count as one (``GET //hello`` reaches ``GET /hello`` on AWS,
        localstack/localstack issue 8170); a trailing slash stays an empty last segment,
        which only a greedy variable takes.
        """
        parts = self.raw_path.split("/")[1:]
        last = len(parts) - 1
        return [unquote(s, errors="replace") for i, s in enumerate(parts) if s or i == last]

    def __repr__(self) -> str:
        query = f"?{self.raw_query}" if self.raw_query else ""
        return f"Request({self.method} {self.raw_path}{query})"
