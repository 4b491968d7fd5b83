"""The README's "Run it locally" session is what `httpapi-wizard run` prints today.

The session is replayed: the seed example scaffolded as the README says (with the
`console.log` it mentions added to the params handler), `run` started, and each `curl`
of the README run as written (its port and `$TOKEN` filled in). What the README shows
must come back: the start-up lines, each curl's output, the function's log line and the
access-log lines, where only what changes from run to run (the date, request ids, times,
the port) is left out of the comparison. A change to what `run` prints fails here until
the README shows it.
"""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from test_run_server import SEED_ISSUER, needs_node, scaffold, servers

from wizard.explaining.jwt import encode_unsigned

run = pytest.fixture(servers, name="run")

README = Path(__file__).resolve().parents[1] / "README.md"
UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
# What differs from one run to the next, written as the README has it -> a pattern.
VARYING = [
    (r'"requestId":"[^"]+"', '"requestId":"[^"]+"'),
    (r'"requestTime":"[^"]+"', '"requestTime":"[^"]+"'),
    (r"^date: .*$", "date: .*"),
    (r"^apigw-requestid: .*$", "apigw-requestid: .*"),
    (r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z\t" + UUID, r"\d{4}-\d\d-\d\dT[\d:.]+Z\t" + UUID),
    (r"127\.0\.0\.1:3000", r"127\.0\.0\.1:\d+"),
]


def _session() -> tuple[list[str], list[tuple[str, list[str]]]]:
    """The README's session: what `run` prints, and each curl command with its output."""
    section = README.read_text(encoding="utf-8").split("## Run it locally", 1)[1].split("\n## ", 1)[0]
    server_block, client_block = re.findall(r"```console\n(.*?)```", section, re.S)[:2]
    printed = server_block.split("$ httpapi-wizard run\n", 1)[1].splitlines()
    commands: list[tuple[str, list[str]]] = []
    for line in client_block.splitlines():
        if line.startswith("$ "):
            commands.append((line[2:], []))
        else:
            commands[-1][1].append(line)
    return printed, commands


def _pattern(line: str) -> re.Pattern:
    """A README line as a pattern: what varies matches anything of its shape; `[...]` ends an elided line."""
    elided = line.endswith("[...]")
    text = line[: -len("[...]")] if elided else line
    pieces, at = [], 0
    spans = sorted((m.start(), m.end(), repl) for source, repl in VARYING for m in re.finditer(source, text, re.M))
    for start, end, repl in spans:
        if start < at:
            continue
        pieces.append(re.escape(text[at:start]) + repl)
        at = end
    pieces.append(re.escape(text[at:]))
    return re.compile("".join(pieces) + (".*" if elided else "") + r"\Z")


def _matches(readme_lines: list[str], ours: list[str], what: str) -> None:
    assert len(ours) == len(readme_lines), (what, readme_lines, ours)
    for expected, line in zip(readme_lines, ours, strict=True):
        assert _pattern(expected).match(line), (what, expected, line)


@needs_node
@pytest.mark.skipif(shutil.which("curl") is None, reason="the README's session uses curl")
def test_the_readme_session_is_what_run_prints(tmp_path, run):
    printed, commands = _session()
    folder = scaffold(tmp_path, "seed", name="my-api")
    handler = folder / "handler.js"
    source = handler.read_text()
    marker = "  const { param } = event.pathParameters ?? {};\n"
    assert marker in source  # the params handler the README adds its console.log to
    handler.write_text(source.replace(marker, marker + "  console.log('looking up', param);\n"))
    server = run(folder)
    now = int(time.time())
    token = encode_unsigned({"sub": "alice", "iss": SEED_ISSUER, "client_id": "client1Id", "exp": now + 600,
                             "iat": now - 5, "scope": "user.email"})
    for command, shown in commands:
        argv = [token if a == "$TOKEN" else a for a in shlex.split(command.replace("$TOKEN", "TOKEN_"))]
        argv = [a.replace("TOKEN_", token).replace("localhost:3000", f"localhost:{server.port}") for a in argv]
        done = subprocess.run(argv, capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, (command, done.stderr)
        output = done.stdout.replace("\r\n", "\n").split("\n")
        if output[-1] == "":
            output.pop()
        _matches(shown, output, command)
    # Every line the README shows came out of run, stdout (access log) and stderr (the rest) apart.
    server.wait_for(r"^\{.*" + re.escape('"httpMethod":"POST","routeKey":"POST /some-post","status":"200"'), stream="out")
    time.sleep(0.2)
    assert server.stop() == 0
    _matches([line for line in printed if line.startswith("{")], server.out, "access log")
    # The README was recorded on Node.js 20: on another Node the runtime line names it, on 22 it is not said.
    from wizard.running.functions import node_version

    local = node_version()
    said = [line.replace("local Node.js 20 (", f"local Node.js {local} (") for line in printed
            if not line.startswith("{") and not (local == "22" and line.startswith("warning: nodejs22.x runs on"))]
    _matches(said, server.err, "stderr")
