"""An HTTP request as a learner types it: ``GET /users/42?verbose=1`` plus headers and a body."""

from __future__ import annotations

from urllib.parse import unquote

METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS")


class RequestError(ValueError):
    """The request could not be understood; the message says how to write it."""


class Request:
    """Method, raw path, raw query string, headers in order (repeats kept), body."""

    __slots__ = ("method", "raw_path", "raw_query", "headers", "body")

    def __init__(self, method: str, raw_path: str, raw_query: str = "", headers=None, body: str | None = None) -> None:
        self.method = method
        self.raw_path = raw_path
        self.raw_query = raw_query
        self.headers: list[tuple[str, str]] = list(headers or [])
        self.body = body

    @classmethod
    def parse(cls, line: str, headers=(), body: str | None = None) -> Request:
        """``'GET /users/42?verbose=1'``; headers as ``'Name: value'`` strings or pairs."""
        parts = line.strip().split(None, 1)
        if len(parts) != 2:
            raise RequestError(f"write the request as 'METHOD /path?query', e.g. 'GET /users/42' (got {line!r})")
        method, target = parts[0].upper(), parts[1].strip()
        if method not in METHODS:
            raise RequestError(f"'{parts[0]}' is not an HTTP method; use one of {', '.join(METHODS)}")
        if "://" in target:  # a full URL: keep its path
            target = "/" + target.split("://", 1)[1].partition("/")[2]
        if not target.startswith("/"):
            raise RequestError(f"the path must start with '/': {target!r}")
        path, _, query = target.partition("?")
        path = path.partition("#")[0]
        pairs = []
        for header in headers:
            if isinstance(header, tuple):
                name, value = header
            else:
                name, sep, value = header.partition(":")
                if not sep or not name.strip():
                    raise RequestError(f"write a header as 'Name: value' (got {header!r})")
            pairs.append((name.strip(), value.strip()))
        return cls(method, path, query, pairs, body)

    def header(self, name: str) -> str | None:
        """All values of a header joined with commas (names are case-insensitive)."""
        values = [v for n, v in self.headers if n.lower() == name.lower()]
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
    def segments(self) -> list[str]:
        """The path's segments, percent-decoded (how API Gateway matches them)."""
        return [unquote(s) for s in self.raw_path.split("/")[1:]]

    def __repr__(self) -> str:
        query = f"?{self.raw_query}" if self.raw_query else ""
        return f"Request({self.method} {self.raw_path}{query})"
