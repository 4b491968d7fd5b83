"""`serve` and Send (issue 13): a browser visitor runs nothing on the host unless the server was
started with ``--allow-run``, and then their functions get nothing of the server's environment.

Over a real WebSocket, as test_serve.py drives it: each session is a real wizard process
(``new my-http-api --web [--allow-run]``); the example is python-api, so its functions run on
the interpreter running the tests (no Node needed).
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.cost(0.5)  # CPU-seconds per test, about (tests/conftest.py)

pytest.importorskip("textual_serve", reason="textual-serve is not installed: pip install 'httpapi-wizard[serve]'")
import aiohttp  # noqa: E402
from test_serve import SECRET_ENV, TOKEN, Visitor, _connect, _environ  # noqa: E402

from wizard.serving import child, exposure  # noqa: E402
from wizard.serving.server import WorkshopServer  # noqa: E402

LINUX = sys.platform.startswith("linux")
CTRL_R = "\x12"


@contextlib.asynccontextmanager
async def serving(allow_run: bool):
    server = WorkshopServer(child.command("python-api", allow_run=allow_run), host="127.0.0.1", port=0, token=TOKEN,
                            max_sessions=2)
    runner = await server.start()
    try:
        yield server, f"http://127.0.0.1:{server.bound_port}"
    finally:
        await runner.cleanup()


def children(pid: int) -> list[int]:
    """The processes whose parent is ``pid`` (a worker runs in a session of its own, so not by group)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


async def to_try_a_request(visitor: Visitor) -> None:
    """Open Try a request through the palette, each step waited for (seven ↓ sent at once from the sections
    list sometimes ended in Advanced on a loaded machine: one came before the list had the keyboard)."""
    await visitor.go_to("Try a request")
    await visitor.until(lambda: "what API Gateway would do with it" in visitor.text, what="Try a request")


def test_child_command_passes_allow_run_only_when_given():
    assert "--allow-run" not in child.command("seed")
    assert child.command("seed", allow_run=True)[-1] == "--allow-run"
    off = exposure.banner(host="127.0.0.1", port=1, public_url=None, token="t", max_sessions=1, example="seed")
    on = exposure.banner(host="127.0.0.1", port=1, public_url=None, token="t", max_sessions=1, example="seed",
                         allow_run=True)
    assert "Send in Try a request is off" in off and "--allow-run" in off
    assert "runs each visitor's functions on this machine, as user" in on.replace("\n", " ")
    assert "whoever has the link can run code here" in on.replace("\n", " ")


async def test_without_allow_run_a_visitor_has_no_send_and_runs_nothing():
    async with serving(allow_run=False) as (server, base), aiohttp.ClientSession() as http, _connect(http, base) as ws:
        visitor = await Visitor(ws).started()
        await to_try_a_request(visitor)
        assert "Send (ctrl+r)" not in visitor.text and "^r Send" not in visitor.text
        await visitor.keys(CTRL_R)
        await visitor.quiet(0.4)
        assert "Response to" not in visitor.text
        [process] = server.sessions.values()
        if LINUX:
            assert children(process.pid) == []  # no worker was started


@pytest.mark.skipif(not LINUX, reason="reads the worker's environment from /proc (Linux)")
async def test_with_allow_run_send_answers_and_the_function_gets_no_server_credential(monkeypatch):
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", SECRET_ENV)  # the server's own credentials
    monkeypatch.setenv("GITHUB_TOKEN", SECRET_ENV)
    async with serving(allow_run=True) as (server, base), aiohttp.ClientSession() as http, _connect(http, base) as ws:
        visitor = await Visitor(ws).started()
        await to_try_a_request(visitor)
        # The section and the footer's binding may come in later frames than the section's first line.
        await visitor.until(lambda: "Send (ctrl+r)" in visitor.text and "^r Send" in visitor.text, what="Send and its key")
        await visitor.keys(CTRL_R)
        await visitor.until(lambda: "Response to GET /health" in visitor.text and "Hello from health" in visitor.text,
                            what="the function's answer")
        [process] = server.sessions.values()
        [worker] = children(process.pid)
        environ = _environ(worker)
        session_environ = _environ(process.pid)
        assert SECRET_ENV not in "".join(environ.values())
        assert "AWS_SECRET_ACCESS_KEY" not in environ and "GITHUB_TOKEN" not in environ
        # Only what the session has (its allow-list), Lambda's own variables, and the worker's pipes.
        extra = set(environ) - set(session_environ)
        assert all(k.startswith(("AWS_", "LAMBDA_", "_HANDLER", "HTTPAPI_WIZARD_")) or k in ("TZ", "LANG") for k in extra), extra
        assert environ["HOME"] == process.sandbox
        # The files it runs (the project is never saved on the server) are in the session's own folder.
        [staging] = os.listdir(process.sandbox)
        assert staging.startswith("httpapi-wizard-send-")
        assert os.path.realpath(f"/proc/{worker}/cwd") == os.path.realpath(os.path.join(process.sandbox, staging))
    # The visitor left: the session ended, and its worker with it.
    assert not os.path.exists(f"/proc/{worker}") or _state(worker) == "Z"


def _state(pid: int) -> str:
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]


def test_serve_help_names_allow_run():
    out = subprocess.run([sys.executable, "-m", "wizard", "serve", "--help"], capture_output=True, text=True, check=True).stdout
    assert "--allow-run" in out
