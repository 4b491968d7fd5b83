"""textual-serve's server, wrapped for a workshop room: a token, the Origin, a session cap, bounds.

textual-serve (``textual_serve.server.Server``) serves a page at ``/`` and a WebSocket at
``/ws`` that starts one app process per connection, with no authentication, any Origin,
no limit on connections or sizes, and the server's whole environment. Here its routes are
rebuilt around the same template, static files, download manager and process protocol:

- ``/?token=T`` serves the page; the page's WebSocket is ``/ws/T`` (textual.js appends
  ``?width=&height=`` to the URL it is given, so the token goes in the path);
- the WebSocket checks the token and the ``Origin`` (403), then the session cap (closed
  with 1013 and a reason), clamps terminal sizes, bounds message sizes, and ignores
  malformed messages instead of dying on them;
- each session's process gets an allow-listed environment and an empty sandbox folder
  (``child``), and is killed if it does not quit when its visitor leaves.

``/download/{key}`` needs no token: its key is a uuid4 that only the session's
authenticated WebSocket ever learns, and it serves only while that download is pending.
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import json
import logging
import shlex
import signal
import sys
import threading

import aiohttp_jinja2
import jinja2
from aiohttp import WSCloseCode, WSMsgType, web
from textual_serve.app_service import AppService
from textual_serve.server import Server

from . import child
from .guard import MAX_MESSAGE, Guard, clamp_size, valid_host_header

log = logging.getLogger("textual-serve")

# How long a process has to quit once its visitor has left, before it is killed.
QUIT_GRACE = 5.0
# Browsers are told to keep the page out of frames, caches and Referer headers (it holds the token).
PAGE_HEADERS = {
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": "frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
}


class WizardProcess(AppService):
    """One visitor's wizard: textual-serve's process protocol, with our command, folder and environment."""

    def __init__(self, argv: list[str], sandbox: str, **kwargs) -> None:
        super().__init__(shlex.join(argv), **kwargs)
        self.argv = argv
        self.sandbox = sandbox

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    def _build_environment(self, width: int = 80, height: int = 24) -> dict[str, str]:
        return child.environment(self.sandbox, super()._build_environment(width=width, height=height))

    async def _open_app_process(self, width: int = 80, height: int = 24):
        # As textual-serve's, but exec'd (no shell), in the sandbox, with the allow-listed environment.
        self._process = process = await asyncio.create_subprocess_exec(
            *self.argv,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            env=self._build_environment(width=width, height=height),
            cwd=self.sandbox,
        )
        self._stdin = process.stdin
        return process

    async def stop(self) -> None:
        process = self._process
        try:
            await self._stop(process)
        finally:
            # asyncio closes a child's transport once the child has exited and all three pipes are
            # closed; its stdin is ours to close, also when the stop is cut short (the server's
            # clean-up cancels the session). Left open, the transport outlived the event loop and was
            # closed by the garbage collector ("Event loop is closed", an unraisable exception).
            if process is not None and process.stdin is not None:
                process.stdin.close()
            # Its output may still be held open by something it started: once it is reaped, the
            # transport is closed here too (before that, closing it would reap it behind the loop's back).
            if process is not None and process.returncode is not None:
                process._transport.close()

    async def _stop(self, process) -> None:
        try:
            await asyncio.wait_for(super().stop(), QUIT_GRACE)
        except asyncio.TimeoutError:
            log.warning("session process %s did not quit within %s s: killed", self.pid, QUIT_GRACE)
        if process is None:
            return
        # Its output has ended, so it is exiting: wait for the event loop to reap it (killing
        # now would reap it behind the loop's back), and kill it only if it lingers.
        try:
            await asyncio.wait_for(asyncio.shield(process.wait()), 1.0)
        except asyncio.TimeoutError:
            process.kill()
            await process.wait()
        if process.stdin is not None:
            process.stdin.close()
            with contextlib.suppress(ConnectionError):
                await process.stdin.wait_closed()


class WorkshopServer(Server):
    """textual-serve's ``Server`` with the routes, guard and limits described above."""

    def __init__(self, argv: list[str], *, host: str, port: int, token: str, max_sessions: int,
                 public_url: str | None = None, title: str = "httpapi-wizard") -> None:
        super().__init__(shlex.join(argv), host=host, port=port, title=title, public_url=public_url)
        self.argv = argv
        self.public_url = public_url.rstrip("/") if public_url else None
        self.guard = Guard(token, public_url)
        self.max_sessions = max_sessions
        self.sessions: dict[web.WebSocketResponse, WizardProcess | None] = {}
        self.bound_port: int | None = None

    # ----- the application ---------------------------------------------------------------

    async def _make_app(self) -> web.Application:
        app = web.Application()
        aiohttp_jinja2.setup(app, loader=jinja2.FileSystemLoader(self.templates_path))
        app.add_routes([
            web.get("/", self.handle_index, name="index"),
            web.get("/ws/{token}", self.handle_websocket, name="websocket"),
            web.get("/ws", self.handle_tokenless_websocket),
            web.get("/download/{key}", self.handle_download, name="download"),
            web.static("/static", self.statics_path, name="static"),
        ])
        app.on_shutdown.append(self.on_shutdown)
        return app

    def _base_url(self, request: web.Request) -> str:
        return self.public_url or f"{request.scheme}://{request.host}"

    async def handle_index(self, request: web.Request) -> web.StreamResponse:
        if not valid_host_header(request.host):
            return _page(400, "Bad request", "The request's Host header is not a host name.")
        if not self.guard.token_ok(request.query.get("token")):
            return _page(403, "This wizard needs its link",
                         "Open the link that <code>httpapi-wizard serve</code> printed when it started: "
                         "it ends in <code>?token=...</code>, the secret of this run.")
        if len(self.sessions) >= self.max_sessions:
            return _page(503, "The wizard is full", self._full_message() + " Reload this page in a moment.")
        base = self._base_url(request)
        socket_url = f"{base}/ws/{self.guard.token}"
        context = {
            "font_size": _int(request.query.get("fontsize"), 16, 6, 64),
            "app_websocket_url": ("wss:" if base.startswith("https:") else "ws:") + socket_url.split(":", 1)[1],
            "config": {"static": {"url": f"{base}/static/"}},
            "application": {"name": self.title},
        }
        response = aiohttp_jinja2.render_template("app_index.html", request, context)
        response.headers.update(PAGE_HEADERS)
        return response

    async def handle_tokenless_websocket(self, request: web.Request) -> web.StreamResponse:
        raise web.HTTPForbidden(text="this server needs its token: open the link `httpapi-wizard serve` printed\n")

    def _full_message(self) -> str:
        which = f"All {self.max_sessions} sessions of this server are" if self.max_sessions > 1 else "The one session of this server is"
        return f"{which} in use (httpapi-wizard serve --max-sessions {self.max_sessions})."

    # ----- one session -----------------------------------------------------------------

    async def handle_websocket(self, request: web.Request) -> web.StreamResponse:
        if not self.guard.token_ok(request.match_info.get("token")):
            raise web.HTTPForbidden(text="wrong token: open the link `httpapi-wizard serve` printed\n")
        origin = request.headers.get("Origin")
        if not valid_host_header(request.host) or not self.guard.origin_ok(origin, request.scheme, request.host):
            log.warning("refused a WebSocket from origin %r (this server is %s)", origin, self._base_url(request))
            raise web.HTTPForbidden(text=f"origin {origin!r} is not this wizard's page\n")
        websocket = web.WebSocketResponse(heartbeat=15, max_msg_size=MAX_MESSAGE)
        full = len(self.sessions) >= self.max_sessions
        if not full:
            self.sessions[websocket] = None  # taken before the first await: no race past the cap
        try:
            await websocket.prepare(request)
            if full:
                log.warning("refused a session from %s: %s", request.remote, self._full_message())
                await websocket.close(code=WSCloseCode.TRY_AGAIN_LATER, message=self._full_message().encode()[:120])
                return websocket
            await self._run_session(request, websocket)
        finally:
            if not full:
                self.sessions.pop(websocket, None)
        return websocket

    async def _run_session(self, request: web.Request, websocket: web.WebSocketResponse) -> None:
        width, height = clamp_size(request.query.get("width"), request.query.get("height"))
        with child.Sandbox() as sandbox:
            process = WizardProcess(self.argv, sandbox, write_bytes=websocket.send_bytes, write_str=websocket.send_str,
                                    close=websocket.close, download_manager=self.download_manager)
            self.sessions[websocket] = process
            try:
                await process.start(width, height)
                log.info("session started for %s (%d of %d)", request.remote, len(self.sessions), self.max_sessions)
                await self._process_messages(websocket, process)
            except asyncio.CancelledError:
                await websocket.close()
                raise
            except Exception:  # the session ends; the server goes on
                log.exception("session for %s failed", request.remote)
            finally:
                await process.stop()
                log.info("session ended for %s", request.remote)

    async def _process_messages(self, websocket: web.WebSocketResponse, process: WizardProcess) -> None:
        """textual.js's messages, checked: anything malformed is ignored rather than ending the server's handler."""
        async for message in websocket:
            if message.type != WSMsgType.TEXT:
                continue
            try:
                envelope = json.loads(message.data)
            except ValueError:
                continue
            if not isinstance(envelope, list) or not envelope or not isinstance(envelope[0], str):
                continue
            kind, data = envelope[0], envelope[1] if len(envelope) > 1 else None
            if kind == "stdin" and isinstance(data, str):
                await process.send_bytes(data.encode("utf-8", "replace"))
            elif kind == "resize" and isinstance(data, dict):
                await process.set_terminal_size(*clamp_size(data.get("width"), data.get("height")))
            elif kind == "ping" and isinstance(data, (str, int, float)):
                await websocket.send_json(["pong", data])
            elif kind == "blur":
                await process.blur()
            elif kind == "focus":
                await process.focus()

    async def on_shutdown(self, app: web.Application) -> None:
        await asyncio.gather(*(ws.close(code=WSCloseCode.GOING_AWAY, message=b"the server is stopping")
                               for ws in list(self.sessions)), return_exceptions=True)

    async def on_startup(self, app: web.Application) -> None:
        """textual-serve prints its logo and URL here; the banner is printed once the port is bound."""

    # ----- running ---------------------------------------------------------------------

    async def start(self) -> web.AppRunner:
        """Listen; the bound port is in ``bound_port`` (``port`` 0 takes a free one)."""
        runner = web.AppRunner(await self._make_app(), handle_signals=False, access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, self.host, self.port)
        try:
            await site.start()
        except BaseException:
            await runner.cleanup()
            raise
        self.bound_port = runner.addresses[0][1]
        return runner

    def serve(self, debug: bool = False, *, banner=None) -> None:
        """Serve until SIGINT or SIGTERM; ``banner(port)`` is printed once listening."""
        self.debug = debug
        self.initialize_logging()
        asyncio.run(self._serve(banner))

    async def _serve(self, banner) -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        # Signal handlers exist on the main thread of a POSIX event loop only; elsewhere (Windows,
        # a server started in a thread) Ctrl+C ends asyncio.run with KeyboardInterrupt instead.
        if sys.platform != "win32" and threading.current_thread() is threading.main_thread():
            for sig in (signal.SIGINT, signal.SIGTERM):
                loop.add_signal_handler(sig, stop.set)
        runner = await self.start()
        try:
            if banner is not None:
                print(banner(self.bound_port), flush=True)
            await stop.wait()
        finally:
            await runner.cleanup()


def _page(status: int, title: str, body_html: str) -> web.Response:
    text = (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{html.escape(title)}</title></head>"
            f"<body style='font-family: sans-serif; margin: 3em; max-width: 40em'><h1>{html.escape(title)}</h1>"
            f"<p>{body_html}</p></body></html>")
    return web.Response(status=status, text=text, content_type="text/html", headers=PAGE_HEADERS)


def _int(text: str | None, default: int, low: int, high: int) -> int:
    try:
        return max(low, min(high, int(text))) if text is not None else default
    except ValueError:
        return default
