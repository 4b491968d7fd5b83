"""Who may use a `serve` run, and what a client may ask of it.

A run has one secret token (as Jupyter's): the page and the WebSocket both require it, so a
page that a developer happens to open in the same browser cannot drive the wizard on
127.0.0.1, and on a shared network only those given the link get in. Browsers send
``Origin`` on every WebSocket handshake; it must be the page's own origin (the host the
request was addressed to, or the public URL), which stops cross-site WebSocket hijacking
even where the token has leaked into a page. Terminal sizes and message sizes are bounded:
the app allocates per cell, and one visitor must not exhaust the host.
"""

from __future__ import annotations

import hmac
import re
import secrets
from urllib.parse import urlsplit

# RFC 3986's unreserved characters: a token goes into a URL path and query as it is.
TOKEN_CHARACTERS = re.compile(r"[A-Za-z0-9._~-]+")
# Cells: columns beyond a 4K screen at a small font, rows likewise; a floor keeps the layout computable.
COLUMNS = (10, 500)
ROWS = (5, 200)
# A WebSocket message is a keystroke, a paste, a resize or a ping: 64 KiB is far above any of them.
MAX_MESSAGE = 64 * 1024
# What a Host header may hold: a name or IPv4 address, or a bracketed IPv6 address, and a port.
_HOST_HEADER = re.compile(r"(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(:[0-9]{1,5})?")
_DEFAULT_PORTS = {"http": 80, "https": 443, "ws": 80, "wss": 443}


def new_token() -> str:
    """A fresh secret for one run: 192 random bits, URL-safe."""
    return secrets.token_urlsafe(24)


def token_problem(token: str) -> str | None:
    """Why ``token`` cannot be a run's secret, or None."""
    if not token:
        return "the token cannot be empty (every session needs it)"
    if not TOKEN_CHARACTERS.fullmatch(token):
        return "a token holds only letters, digits and . _ ~ - (it goes into the URL as it is)"
    return None


def valid_host_header(host: str) -> bool:
    return bool(_HOST_HEADER.fullmatch(host))


def origin_of(url: str) -> str | None:
    """``scheme://host[:port]`` of ``url``, lower-cased, without the scheme's default port; None if it has none."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    scheme = parts.scheme.lower()
    host = parts.hostname.lower()
    if ":" in host:
        host = f"[{host}]"
    return f"{scheme}://{host}" + (f":{port}" if port is not None and port != _DEFAULT_PORTS[scheme] else "")


class Guard:
    """The token and the origins one run accepts."""

    def __init__(self, token: str, public_url: str | None = None) -> None:
        self.token = token
        self.public_origin = origin_of(public_url) if public_url else None

    def token_ok(self, given: str | None) -> bool:
        # Constant time: the comparison does not tell how much of a guess was right.
        return given is not None and hmac.compare_digest(given.encode("utf-8", "replace"), self.token.encode("utf-8"))

    def origin_ok(self, origin: str | None, scheme: str, host: str) -> bool:
        """Whether a WebSocket handshake with this ``Origin`` comes from the wizard's own page.

        A client that sends no Origin is not a browser page (browsers always send it on
        WebSockets), and such a client could send any Origin it liked: the token is what
        stops it. ``null`` (a sandboxed frame, a file) is refused.
        """
        if origin is None:
            return True
        theirs = origin_of(origin)
        return theirs is not None and theirs in {origin_of(f"{scheme}://{host}"), self.public_origin}


def clamp_size(width, height) -> tuple[int, int]:
    """A terminal size within bounds, from whatever a client sent (defaults for what is not a number)."""
    return _clamp(width, 80, COLUMNS), _clamp(height, 24, ROWS)


def _clamp(value, default: int, bounds: tuple[int, int]) -> int:
    if isinstance(value, bool):
        value = default
    elif isinstance(value, str):
        value = int(value) if value.strip().isdigit() and len(value) < 10 else default
    elif isinstance(value, float) and value == value and abs(value) < 1e9:
        value = int(value)
    elif not isinstance(value, int):
        value = default
    low, high = bounds
    return max(low, min(high, value))
