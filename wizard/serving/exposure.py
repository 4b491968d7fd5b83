"""Where a `serve` run can be reached from, the link to open, and what it tells the operator.

textual-serve builds the page's script and WebSocket URLs from its public URL, which
defaults to ``http://HOST:PORT``: on ``--host 0.0.0.0`` that is ``http://0.0.0.0:PORT``,
which no other machine can load. Here the page is built from ``--public-url`` when given
(a reverse proxy, HTTPS, a path prefix), and otherwise from the address the visitor's
browser used (its ``Host`` header), which by definition reaches this server. The link
printed at start uses the machine's LAN address when the server listens on all interfaces.
"""

from __future__ import annotations

import getpass
import ipaddress
import socket
import textwrap
from urllib.parse import urlsplit


def is_loopback(host: str) -> bool:
    if host.lower() in ("localhost", "localhost."):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def is_every_interface(host: str) -> bool:
    return host in ("", "0.0.0.0", "::", "[::]")


def lan_address() -> str | None:
    """The address other machines on the LAN reach this one at: the source address of the default route."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # TEST-NET-1; a UDP connect picks a route and sends nothing
            address = probe.getsockname()[0]
        except OSError:
            return None
    return None if is_loopback(address) or address == "0.0.0.0" else address


def public_url_problem(url: str) -> str | None:
    """Why ``url`` cannot be the public URL the page is served under, or None."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises on a bad port
    except ValueError as exc:
        return str(exc)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return "give the URL browsers open, e.g. https://wizard.example.com or http://192.168.1.20:8000"
    if parts.query or parts.fragment:
        return "the public URL takes no ?query or #fragment (the token is added to it)"
    return None


def link_host(host: str) -> str:
    """The host to print in the link for a server listening on ``host``."""
    if is_every_interface(host):
        return lan_address() or socket.gethostname()
    return f"[{host}]" if ":" in host and not host.startswith("[") else host


def base_url(host: str, port: int, public_url: str | None) -> str:
    if public_url:
        return public_url.rstrip("/")
    return f"http://{link_host(host)}" + ("" if port == 80 else f":{port}")


def banner(*, host: str, port: int, public_url: str | None, token: str, max_sessions: int, example: str,
           allow_run: bool = False) -> str:
    """What `serve` prints at start: the link to open (with its token), and who can reach what."""
    link = f"{base_url(host, port, public_url)}/?token={token}"
    paragraphs = [
        f"httpapi-wizard serve: the wizard in a browser, one process per visitor (at most {max_sessions} at a "
        f"time), each starting from the example {example!r}. Open this link; it carries this run's secret "
        "token: share it only with those who may use the wizard.",
        f"\n    {link}\n",
    ]
    if is_loopback(host):
        paragraphs.append(f"Listening on {host}, port {port}: only this machine can connect.")
    else:
        where = "every network interface of this machine" if is_every_interface(host) else host
        paragraphs.append(
            f"Listening on {where}, port {port}: anyone who can reach it and has the link can start a session. "
            f"Each session runs the wizard here as user {_user()!r}, in an empty folder of its own; it reads no "
            "file and no environment variable of this machine, and hands its visitor only the project they build"
            + (" (but see --allow-run below)." if allow_run else "."))
        if not (public_url or "").startswith("https:"):
            paragraphs.append("Plain HTTP: the link and what visitors type cross the network unencrypted. On a network "
                              "you do not trust, serve behind HTTPS and pass --public-url https://...")
        if public_url is None:
            paragraphs.append("Pages point at the address each browser used; if the link above is not how the room "
                              "reaches this machine, give that address with --public-url.")
    if allow_run:
        paragraphs.append(
            f"--allow-run: Send in Try a request runs each visitor's functions on this machine, as user {_user()!r}: "
            "whoever has the link can run code here (a function's environment variables and runtime options are "
            "theirs to set). The functions get no credential of this server (their environment is the session's "
            "allow-list), but they can read and write whatever that user can.")
    else:
        paragraphs.append("Send in Try a request is off (it would run visitors' functions here): start with --allow-run "
                          "to turn it on.")
    paragraphs.append("Press Ctrl+C to stop.")
    return "\n".join(p if p.startswith("\n") else textwrap.fill(p, 100) for p in paragraphs)


def _user() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "?"
