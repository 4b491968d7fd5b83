"""`httpapi-wizard serve` over a real WebSocket, each session a real wizard process (issue 11, items 1-2).

The server is started in the test on a free port (``WorkshopServer``, port 0); a client
speaks textual-serve's protocol as textual.js does: ``["stdin", keys]`` for what the
visitor types, ``["resize", {width, height}]``, ``["ping", n]``; the app's screen comes back
as binary frames (ANSI), a download as ``["deliver_file_start", key]`` then
``GET /download/{key}``. Secrets (a file beside the test, an environment variable of the
server) are unique strings searched for in everything a visitor receives.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import json
import os
import re
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
import yaml

pytestmark = pytest.mark.cost(0.4)  # CPU-seconds per test, about (tests/conftest.py)

pytest.importorskip("textual_serve", reason="textual-serve is not installed: pip install 'httpapi-wizard[serve]'")
import aiohttp  # noqa: E402  (textual-serve brings it)
from textual_serve.download_manager import DownloadManager  # noqa: E402

from wizard.serving import child, exposure  # noqa: E402
from wizard.serving.guard import COLUMNS, MAX_MESSAGE, ROWS, Guard, clamp_size, origin_of  # noqa: E402
from wizard.serving.server import WizardProcess, WorkshopServer  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
TOKEN = "test-token-9f2c"
SECRET = "s3cr3t-file-content-7d41"
SECRET_ENV = "s3cr3t-env-value-c09e"
ANSI = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]")
CURSOR_LAST = re.compile(rb"\x1b\[(\d+);(\d+)H$")
LINUX = sys.platform.startswith("linux")
# The confinement warning, as the field's findings say it ("... takes its input as untrusted ..."): one word, which a
# line break cannot split. The Problems row's code is no proof: a table widening its column redraws only the cells
# that change, so "VARIABLE_SOURCE_CONFINED" reaches the terminal in pieces, between cursor moves.
CONFINED_WORD = "untrusted"
# Seconds for what a long text typed key by key shows: each key is a compile and a frame in the
# session's process, and on a loaded machine (the suite's four workers on two cores) 80 keys once
# took past the default 20 s. A bound on a hang, not a speed test.
TYPED = 60


@contextlib.asynccontextmanager
async def serving(max_sessions: int = 8, public_url: str | None = None, example: str = "seed"):
    server = WorkshopServer(child.command(example), host="127.0.0.1", port=0, token=TOKEN, max_sessions=max_sessions,
                            public_url=public_url)
    runner = await server.start()
    try:
        yield server, f"http://127.0.0.1:{server.bound_port}"
    finally:
        await runner.cleanup()  # closes every session: their processes quit and their sandboxes go


class Visitor:
    """One browser tab, as textual.js drives it."""

    def __init__(self, websocket) -> None:
        self.ws = websocket
        self.screen = bytearray()
        self.messages: list = []
        self.cursor: tuple[int, int] | None = None  # where the last frame left the terminal cursor

    @property
    def text(self) -> str:
        """Everything the app has drawn so far, escape sequences removed."""
        return ANSI.sub("", self.screen.decode("utf-8", "replace"))

    async def _receive(self, timeout: float) -> None:
        message = await asyncio.wait_for(self.ws.receive(), timeout)
        if message.type == aiohttp.WSMsgType.BINARY:
            self.screen.extend(message.data)
            if placed := CURSOR_LAST.search(message.data):
                self.cursor = (int(placed[1]), int(placed[2]))
        elif message.type == aiohttp.WSMsgType.TEXT:
            self.messages.append(json.loads(message.data))
        else:
            raise ConnectionError(f"the session ended: {message.type.name} {message.data!r} {message.extra!r}")

    async def until(self, condition, timeout: float = 20.0, what: str = "") -> None:
        deadline = time.monotonic() + timeout
        while not condition():
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"timed out waiting for {what or condition}; screen ends: {self.text[-1500:]!r}")
            try:
                await self._receive(left)
            except asyncio.TimeoutError:
                continue

    async def quiet(self, seconds: float = 0.3, at_most: float = 5.0) -> None:
        """Until the app has drawn nothing for ``seconds``: it has handled what it was sent.

        A focused Input's cursor blinks every 0.5 s, so ``seconds`` stays below that; ``at_most``
        bounds the wait whatever is drawn.
        """
        deadline = time.monotonic() + at_most
        while time.monotonic() < deadline:
            try:
                await self._receive(seconds)
            except asyncio.TimeoutError:
                return

    async def started(self) -> Visitor:
        await self.until(lambda: "Problems" in self.text, what="the wizard's first screen")
        await self.quiet()
        return self

    async def focus_service_field(self) -> None:
        # From the sections list, Tab reaches the section's first field (the form is no Tab stop of its own). Keys
        # that arrive in the same read as a Tab still go to the old focus (Textual runs the
        # binding after the keys already queued), so wait for the proof that the field has
        # focus: the app ends every frame by placing the terminal cursor, and it moves there.
        before = self.cursor
        await self.keys("\t")
        await self.until(lambda: self.cursor not in (before, None), what="the cursor in the Service field")

    async def keys(self, *keys: str) -> None:
        for key in keys:
            await self.ws.send_json(["stdin", key])

    def drawn_since(self, mark: int) -> str:
        """What the app has drawn after ``mark`` (a length of ``screen``), escape sequences removed."""
        return ANSI.sub("", self.screen[mark:].decode("utf-8", "replace"))

    async def go_to(self, title: str) -> None:
        """Open a section through the command palette (ctrl+p, "Go to ..."): the keyboard lands on its first field.

        Each step waits for its proof, not for a pause in drawing (on a loaded machine the app
        can be silent for longer than any pause while it still has keys to handle), and reads only
        what was drawn after it (the screen so far holds the palettes opened before, "Go to" included):
        the palette's input takes the cursor, shows what was typed, and Enter moves the cursor to the
        section's field.
        """
        before = self.cursor
        mark = len(self.screen)
        await self.keys("\x10")
        await self.until(lambda: "Go to" in self.drawn_since(mark) and self.cursor != before, what="the command palette")
        mark = len(self.screen)
        await self.keys(f"Go to {title}")
        await self.until(lambda: f"Go to {title}" in self.drawn_since(mark), what=f"'Go to {title}' typed in the palette")
        await self.quiet()
        in_palette = self.cursor
        await self.keys("\r")
        # Closing the palette gives the focus back to where it was before it moves to the section.
        await self.until(lambda: self.cursor not in (in_palette, before), what=f"the cursor in the first field of {title}")
        await self.quiet()


def _connect(http, base: str, *, token: str = TOKEN, origin: str | None = "same", query: str = "?width=120&height=40"):
    headers = {} if origin is None else {"Origin": base if origin == "same" else origin}
    return http.ws_connect(f"{base}/ws/{token}{query}", headers=headers)


def _environ(pid: int) -> dict[str, str]:
    raw = Path(f"/proc/{pid}/environ").read_bytes().decode("utf-8", "replace")
    return dict(item.split("=", 1) for item in raw.split("\0") if "=" in item)


# ----- item 1: nothing of the host reaches a visitor --------------------------------------


async def test_a_visitor_typing_file_and_env_variables_gets_nothing_of_the_host(tmp_path, monkeypatch):
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET)
    monkeypatch.setenv("HTTPAPI_WIZARD_TEST_SECRET", SECRET_ENV)  # in the server's environment
    typed = f"${{file({secret})}}-${{env:HTTPAPI_WIZARD_TEST_SECRET}}-${{file(/proc/self/environ)}}"
    async with serving() as (server, base), aiohttp.ClientSession() as http, _connect(http, base) as ws:
        visitor = await Visitor(ws).started()
        await visitor.focus_service_field()
        await visitor.keys(typed)  # the field's text is selected on focus: typing replaces it
        await visitor.until(lambda: CONFINED_WORD in visitor.text, timeout=TYPED, what="the confinement warning")
        await visitor.keys("\x13")  # ctrl+s: in a browser, saving downloads the project
        await visitor.until(lambda: any(m[0] == "deliver_file_start" for m in visitor.messages), what="the download")
        key = next(m[1] for m in visitor.messages if m[0] == "deliver_file_start")
        async with http.get(f"{base}/download/{key}") as response:
            assert response.status == 200
            archive = zipfile.ZipFile(io.BytesIO(await response.read()))
        await visitor.quiet()
    files = {name: archive.read(name).decode("utf-8") for name in archive.namelist()}
    serverless_yml = files["my-http-api/serverless.yml"]
    assert yaml.safe_load(serverless_yml)["service"] == typed  # the keys did land
    template = files["my-http-api/.serverless/httpapi-wizard/cloudformation-template-update-stack.json"]
    assert f"${{file({secret})}}" in template  # compiled as a placeholder, the file unread
    seen = visitor.text + "".join(files.values())
    assert SECRET not in seen
    assert SECRET_ENV not in seen
    assert "TEXTUAL_DRIVER=" not in seen  # the process's own /proc/self/environ
    assert "${file(" in visitor.text  # the stream searched is the one that shows what was typed


async def test_the_folder_typed_in_review_moves_no_read_onto_the_host(tmp_path):
    """A probe of issue 11: Review's Folder set to `/` made `${file(/any/host/file)}` count as
    inside the project; the file came back on the screen and in the zip."""
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET)
    typed = f"${{file({secret})}}"
    async with serving() as (server, base), aiohttp.ClientSession() as http, _connect(http, base) as ws:
        visitor = await Visitor(ws).started()
        await visitor.go_to("Review")
        before = visitor.cursor
        await visitor.keys("/")  # the Folder field, its text selected: typing replaces it
        await visitor.until(lambda: visitor.cursor != before, what="the folder typed")
        await visitor.quiet()
        await visitor.go_to("Service")
        await visitor.keys(typed)
        await visitor.until(lambda: CONFINED_WORD in visitor.text or SECRET in visitor.text,
                            timeout=TYPED, what="the confinement warning")
        assert SECRET not in visitor.text
        await visitor.keys("\x13")
        await visitor.until(lambda: any(m[0] == "deliver_file_start" for m in visitor.messages), what="the download")
        key = next(m[1] for m in visitor.messages if m[0] == "deliver_file_start")
        async with http.get(f"{base}/download/{key}") as response:
            archive = zipfile.ZipFile(io.BytesIO(await response.read()))
        await visitor.quiet()
    files = {name: archive.read(name).decode("utf-8") for name in archive.namelist()}
    assert f"${{file({secret})}}" in files["my-http-api/.serverless/httpapi-wizard/cloudformation-template-update-stack.json"]  # the keys did land
    assert SECRET not in visitor.text + "".join(files.values())


@pytest.mark.skipif(not LINUX, reason="reads the session process's environment and folder from /proc (Linux)")
async def test_each_session_runs_in_an_empty_sandbox_with_only_allow_listed_environment(monkeypatch):
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", SECRET_ENV)
    monkeypatch.setenv("GITHUB_TOKEN", SECRET_ENV)
    monkeypatch.setenv("LC_ALL", "C.UTF-8")
    async with serving() as (server, base), aiohttp.ClientSession() as http:
        async with _connect(http, base) as ws:
            await Visitor(ws).started()
            [process] = server.sessions.values()
            environ = _environ(process.pid)
            sandbox = process.sandbox
            assert os.path.realpath(f"/proc/{process.pid}/cwd") == os.path.realpath(sandbox)
            assert os.listdir(sandbox) == []  # nothing of the host in it, and the wizard writes nothing there
            assert oct(os.stat(sandbox).st_mode & 0o777) == "0o700"
        for _ in range(100):  # the visitor left: the process quits and the folder goes
            if not os.path.exists(sandbox) and not server.sessions:
                break
            await asyncio.sleep(0.05)
        assert not os.path.exists(sandbox) and not server.sessions
    assert SECRET_ENV not in "".join(environ.values())
    allowed = set(child.PASSED) | set(child.TEXTUAL_KEYS) | {"HOME", "PYTHONUSERBASE"}
    unexpected = {k for k in environ if k not in allowed and not k.startswith(child.PASSED_PREFIXES + child.TEXTUAL_PREFIXES)}
    assert unexpected == set()
    assert environ["HOME"] == sandbox
    assert environ["LC_ALL"] == "C.UTF-8"
    assert environ["TEXTUAL_DRIVER"] == "textual.drivers.web_driver:WebDriver"  # textual-serve's protocol is kept


def test_the_child_environment_is_an_allow_list():
    base = {"PATH": "/usr/bin", "LANG": "en_US.UTF-8", "LC_CTYPE": "UTF-8", "AWS_ACCESS_KEY_ID": "x", "SSH_AUTH_SOCK": "/s",
            "HOME": "/root", "PYTHONPATH": "src" + os.pathsep + "/abs", "TEXTUAL": "debug,devtools", "USER": "root"}
    textual = dict(base, TEXTUAL_DRIVER="textual.drivers.web_driver:WebDriver", COLUMNS="80", ROWS="24", TEXTUAL_LOG="x.log")
    env = child.environment("/tmp/sandbox", textual, base)
    assert {k for k in env if k != "PYTHONUSERBASE"} == {"PATH", "LANG", "LC_CTYPE", "HOME", "PYTHONPATH", "TEXTUAL_DRIVER",
                                                         "COLUMNS", "ROWS"}
    assert env["HOME"] == "/tmp/sandbox"
    assert env["PYTHONPATH"] == os.path.abspath("src") + os.pathsep + "/abs"  # the child runs elsewhere


# ----- item 2: who may connect --------------------------------------------------------------


async def test_a_foreign_origin_is_refused_and_starts_nothing():
    # No session can start here (a cap of none): an origin let through meets the cap, after the origin check,
    # and is told to try again later over the WebSocket it was given; a refused one gets no WebSocket at all.
    async with serving(max_sessions=0, public_url="https://wizard.example.com") as (server, base), \
            aiohttp.ClientSession() as http:
        port = server.bound_port
        for origin in ("http://evil.example.com", f"http://evil.example.com:{port}", f"http://127.0.0.1:{port + 1}",
                       f"https://127.0.0.1:{port}", "null", "https://wizard.example.com.evil.example.com"):
            with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                async with _connect(http, base, origin=origin):
                    pass
            assert refused.value.status == 403, origin
        assert server.sessions == {}
        for origin in (base, "https://wizard.example.com", "HTTPS://Wizard.Example.com:443"):  # the page's own origins
            async with _connect(http, base, origin=origin) as ws:
                closing = await ws.receive(timeout=10)
            assert (closing.type, closing.data) == (aiohttp.WSMsgType.CLOSE, aiohttp.WSCloseCode.TRY_AGAIN_LATER), origin
        assert server.sessions == {}


async def test_a_missing_or_wrong_token_is_refused_on_the_page_and_the_websocket():
    async with serving() as (server, base), aiohttp.ClientSession() as http:
        for query in ("", "?token=", "?token=wrong", f"?token={TOKEN}x", f"?token={TOKEN[:-1]}"):
            async with http.get(f"{base}/{query}") as response:
                assert response.status == 403, query
                assert "?token=" in await response.text()
        async with http.get(f"{base}/?token={TOKEN}") as response:
            assert response.status == 200
            page = await response.text()
        assert f'data-session-websocket-url="ws://127.0.0.1:{server.bound_port}/ws/{TOKEN}"' in page
        for path in ("/ws", "/ws/wrong", f"/ws/{TOKEN}x", "/ws/%20"):
            with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                async with http.ws_connect(base + path, headers={"Origin": base}):
                    pass
            assert refused.value.status == 403, path
        assert server.sessions == {}


async def test_the_session_past_the_cap_is_refused_and_a_freed_place_is_taken_again():
    async with serving(max_sessions=1) as (server, base), aiohttp.ClientSession() as http:
        async with _connect(http, base) as first:
            await Visitor(first).started()
            async with _connect(http, base) as second:
                closing = await second.receive(timeout=10)
            assert closing.type == aiohttp.WSMsgType.CLOSE
            assert closing.data == aiohttp.WSCloseCode.TRY_AGAIN_LATER
            assert "The one session of this server is in use" in closing.extra
            async with http.get(f"{base}/?token={TOKEN}") as response:
                assert response.status == 503
                assert "--max-sessions 1" in await response.text()
            assert len(server.sessions) == 1
        for _ in range(100):
            if not server.sessions:
                break
            await asyncio.sleep(0.05)
        async with _connect(http, base) as again:  # the place the first visitor left
            await Visitor(again).started()


async def test_the_cap_s_message_names_the_cap_and_the_option_that_sets_it():
    async with serving(max_sessions=2) as (server, base), aiohttp.ClientSession() as http:
        server.sessions.update({"a": None, "b": None})  # two places taken (a session's start is the test above)
        try:
            async with _connect(http, base) as third:
                closing = await third.receive(timeout=10)
            assert closing.data == aiohttp.WSCloseCode.TRY_AGAIN_LATER
            assert closing.extra == "All 2 sessions of this server are in use (httpapi-wizard serve --max-sessions 2)."
            async with http.get(f"{base}/?token={TOKEN}") as response:
                assert response.status == 503
                assert "--max-sessions 2" in await response.text()
        finally:
            server.sessions.clear()  # nothing of theirs to close


# ----- sizes ------------------------------------------------------------------------------


def test_terminal_sizes_are_clamped_whatever_a_client_sends():
    assert clamp_size(120, 40) == (120, 40)
    assert clamp_size(10**9, 10**9) == (COLUMNS[1], ROWS[1])
    assert clamp_size(-5, 0) == (COLUMNS[0], ROWS[0])
    assert clamp_size("100000", "30") == (COLUMNS[1], 30)
    assert clamp_size(None, "x") == (80, 24)
    assert clamp_size(float("nan"), float("inf")) == (80, 24)
    assert clamp_size(True, [1]) == (80, 24)
    assert clamp_size("9" * 5000, 99.7) == (80, 99)


def _cursor_positions(data: bytes) -> list[tuple[int, int]]:
    """(row, column) of every cursor move the app drew with: the size it renders at."""
    return [(int(r), int(c)) for r, c in re.findall(rb"\x1b\[(\d+);(\d+)H", data)]


async def test_oversized_terminals_are_clamped_and_oversized_messages_end_the_session():
    async with serving() as (server, base), aiohttp.ClientSession() as http:
        async with _connect(http, base, query="?width=100000&height=100000") as ws:
            visitor = await Visitor(ws).started()
            first = _cursor_positions(bytes(visitor.screen))
            assert max(r for r, _ in first) == ROWS[1]
            if LINUX:
                [process] = server.sessions.values()
                environ = _environ(process.pid)
                assert (environ["COLUMNS"], environ["ROWS"]) == (str(COLUMNS[1]), str(ROWS[1]))
            # Smaller first, then past any bound: the second is drawn at the largest size allowed.
            def drawn_to_row(row: int, since: int):
                return lambda: any(r == row for r, _ in _cursor_positions(bytes(visitor.screen[since:])))

            drawn = len(visitor.screen)
            await ws.send_json(["resize", {"width": 100, "height": 30}])
            await visitor.until(drawn_to_row(30, drawn), what="the redraw at 100x30")
            await visitor.quiet()
            drawn = len(visitor.screen)
            await ws.send_json(["resize", {"width": 10**9, "height": 10**9}])
            await visitor.until(drawn_to_row(ROWS[1], drawn), what="the redraw at the largest size allowed")
            await visitor.quiet()
            assert max(c for _, c in _cursor_positions(bytes(visitor.screen[drawn:]))) <= COLUMNS[1]
            for junk in ("not json", "[]", "{}", '["stdin", 5]', '["resize", "big"]', '["resize", {"width": "x"}]',
                         '["stdin", "\\ud800"]', '[7, 7]', '["ping", {"a": 1}]'):
                await ws.send_str(junk)
            await ws.send_json(["ping", "still-here"])
            await visitor.until(lambda: ["pong", "still-here"] in visitor.messages, what="the pong")
            await ws.send_str(json.dumps(["stdin", "x" * MAX_MESSAGE]))
            closing = await ws.receive(timeout=10)
            while closing.type == aiohttp.WSMsgType.BINARY:
                closing = await ws.receive(timeout=10)
            assert closing.type == aiohttp.WSMsgType.CLOSE
            assert closing.data == aiohttp.WSCloseCode.MESSAGE_TOO_BIG


# ----- the page: the room reaches it, from the address it used or the public URL ---------


async def test_the_page_is_built_for_the_address_the_browser_used_or_the_public_url():
    async with serving() as (server, base), aiohttp.ClientSession() as http:
        async with http.get(f"{base}/?token={TOKEN}", headers={"Host": "192.168.1.9:8000"}) as response:
            page = await response.text()
            assert response.headers["Referrer-Policy"] == "no-referrer"  # the URL holds the token
            assert response.headers["Cache-Control"] == "no-store"
        assert f'data-session-websocket-url="ws://192.168.1.9:8000/ws/{TOKEN}"' in page
        assert 'src="http://192.168.1.9:8000/static/js/textual.js"' in page
        assert "0.0.0.0" not in page
        async with http.get(f"{base}/?token={TOKEN}", headers={"Host": 'x"><script>'}) as response:
            assert response.status == 400
    async with serving(public_url="https://wizard.example.com/room1/") as (server, base), aiohttp.ClientSession() as http:
        async with http.get(f"{base}/?token={TOKEN}") as response:
            page = await response.text()
        assert f'data-session-websocket-url="wss://wizard.example.com/room1/ws/{TOKEN}"' in page
        assert 'src="https://wizard.example.com/room1/static/js/textual.js"' in page


def test_origins_compare_scheme_host_and_port():
    assert origin_of("HTTP://Example.COM:80/path?q") == "http://example.com"
    assert origin_of("https://example.com:8443") == "https://example.com:8443"
    assert origin_of("http://[::1]:8000") == "http://[::1]:8000"
    assert origin_of("null") is None and origin_of("file:///etc") is None and origin_of("http://h:99999") is None
    guard = Guard("t", "https://wizard.example.com")
    assert guard.origin_ok("http://10.0.0.5:8000", "http", "10.0.0.5:8000")
    assert guard.origin_ok("https://wizard.example.com", "http", "127.0.0.1:8000")
    assert not guard.origin_ok("http://10.0.0.5:8001", "http", "10.0.0.5:8000")
    assert guard.origin_ok(None, "http", "10.0.0.5:8000")  # not a browser: the token decides
    assert guard.token_ok("t") and not guard.token_ok("T") and not guard.token_ok(None) and not guard.token_ok("t\udc80")


# ----- the command --------------------------------------------------------------------------


def _serve(*args: str, cwd) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "wizard", "serve", *args], cwd=cwd, text=True,
                            env=dict(os.environ, PYTHONPATH=str(ROOT)), stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def test_serve_prints_the_link_with_its_token_and_who_can_reach_it(tmp_path):
    proc = _serve("--port", "0", "--max-sessions", "3", cwd=tmp_path)
    try:
        lines = []
        while not any("?token=" in line for line in lines):
            line = proc.stdout.readline()
            assert line, proc.stderr.read()
            lines.append(line)
        link = next(line.strip() for line in lines if "?token=" in line)
        banner = "".join(lines) + proc.stdout.readline() + proc.stdout.readline()
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+/\?token=[A-Za-z0-9_-]{32}", link), link
        assert "(at most 3 at a time)" in banner and "only this machine can connect" in banner
        import urllib.error
        import urllib.request

        with urllib.request.urlopen(link, timeout=10) as response:
            assert response.status == 200
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(link.split("?")[0], timeout=10)
        refused.value.close()  # the refusal holds the connection open (an unclosed socket, else)
        assert refused.value.code == 403
    finally:
        proc.terminate()
        assert proc.wait(timeout=15) == 0
        proc.stdout.close()
        proc.stderr.close()


@pytest.mark.parametrize("args, message", [
    (["--token", "has space"], "--token: a token holds only letters, digits and . _ ~ -"),
    (["--token", ""], "--token: the token cannot be empty"),
    (["--max-sessions", "0"], "--max-sessions: at least 1"),
    (["--example", "nope"], "--example: no built-in example 'nope' (there are: access-logs-custom"),
    (["--public-url", "wizard.example.com"], "--public-url wizard.example.com: give the URL browsers open"),
    (["--public-url", "https://w.example.com/?a=1"], "the public URL takes no ?query or #fragment"),
    (["--port", "70000"], "--port: 70000 is not a port"),
])
def test_serve_refuses_bad_options_with_exit_2(tmp_path, args, message):
    proc = _serve(*args, cwd=tmp_path)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 2 and out == ""
    assert err.startswith("httpapi-wizard serve: ") and message in err, err


def test_serve_on_a_port_in_use_says_so_with_exit_2(tmp_path):
    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        proc = _serve("--port", str(port), cwd=tmp_path)
        out, err = proc.communicate(timeout=30)
    assert proc.returncode == 2 and out == ""
    assert err.startswith(f"httpapi-wizard serve: cannot listen on 127.0.0.1 port {port}: "), err
    assert "Traceback" not in err


def test_the_banner_for_a_room_says_what_is_exposed_and_links_to_a_reachable_address():
    banner = exposure.banner(host="0.0.0.0", port=8000, public_url=None, token="tok", max_sessions=8, example="seed")
    link = next(line.strip() for line in banner.splitlines() if "?token=" in line)
    text = " ".join(banner.split())
    assert "0.0.0.0" not in link and link.endswith(":8000/?token=tok")
    assert "every network interface of this machine" in text
    assert "it reads no file and no environment variable of this machine" in text
    assert "Plain HTTP: the link and what visitors type cross the network unencrypted" in text and "--public-url" in text
    behind = exposure.banner(host="0.0.0.0", port=8000, public_url="https://wizard.example.com/", token="tok", max_sessions=8,
                             example="seed")
    assert "https://wizard.example.com/?token=tok" in behind and "Plain HTTP" not in behind
    local = exposure.banner(host="127.0.0.1", port=8000, public_url=None, token="tok", max_sessions=8, example="seed")
    assert "http://127.0.0.1:8000/?token=tok" in local and "only this machine can connect" in local


async def test_a_process_that_does_not_quit_is_killed_when_its_visitor_leaves(monkeypatch):
    from wizard.serving import server as server_module

    monkeypatch.setattr(server_module, "QUIT_GRACE", 0.5)
    hangs = [sys.executable, "-c", "import sys, time; print('__GANGLION__', flush=True); time.sleep(60)"]
    server = WorkshopServer(hangs, host="127.0.0.1", port=0, token=TOKEN, max_sessions=1)
    runner = await server.start()
    base = f"http://127.0.0.1:{server.bound_port}"
    try:
        async with aiohttp.ClientSession() as http:
            async with _connect(http, base) as ws:
                for _ in range(100):
                    if any(p is not None and p.pid for p in server.sessions.values()):
                        break
                    await asyncio.sleep(0.05)
                [process] = server.sessions.values()
                popen = process._process
                await ws.send_json(["ping", 1])
                assert (await ws.receive_json(timeout=10)) == ["pong", 1]
            for _ in range(100):
                if not server.sessions:
                    break
                await asyncio.sleep(0.05)
            assert not server.sessions  # its place is free again
            assert popen.returncode is not None  # killed, and reaped
    finally:
        await runner.cleanup()


# A session's process can leave something behind that holds its output open for a while (a
# process it started, still exiting). Its asyncio transport then stays open after the session has
# stopped; left to the garbage collector once the event loop had closed, its close raised "Event
# loop is closed" in whatever code the collection interrupted (seen in the suite as a SystemError
# inside ast.parse). Stopping the session closes it.
LINGERING_CHILD = """
import subprocess, sys
subprocess.Popen([sys.executable, "-c", "import time; time.sleep(2)"], stdout=subprocess.DEVNULL)  # keeps stderr
sys.stdin.buffer.read(1)  # textual-serve's quit packet
"""


async def test_a_stopped_session_leaves_no_transport_open_when_something_still_holds_its_output(tmp_path):
    async def nothing(*_args) -> None:
        return None

    process = WizardProcess([sys.executable, "-c", LINGERING_CHILD], str(tmp_path), write_bytes=nothing,
                            write_str=nothing, close=nothing, download_manager=DownloadManager())
    await process.start(80, 24)
    await process.stop()
    assert process._process.returncode == 0
    assert process._process._transport.is_closing(), "the transport would be closed by the garbage collector"
