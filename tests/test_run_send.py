"""The core of the wizard's Send (``wizard.running.send.Sender``), without the wizard: what it refuses
and why, where it writes an unsaved project's files, one request at a time."""

from __future__ import annotations

import sys

from wizard.authoring.session import Session
from wizard.explaining import Request
from wizard.running.send import Sender

PY = f"python{sys.version_info[0]}.{sys.version_info[1]}"


def request(line: str) -> Request:
    return Request.parse(line, [], None)


async def test_a_handler_the_scaffold_cannot_lay_out_is_refused_with_the_reason(tmp_path):
    session = Session.from_example("python-api", str(tmp_path / "project"))
    session.update_function("health", handler="nodot")
    sender = Sender(session, scratch=str(tmp_path))
    try:
        outcome = await sender.send(request("GET /health"))
    finally:
        await sender.aclose()
    assert outcome.exchange is None
    assert outcome.refused == ("Send cannot lay out the project's files to run them: functions.health.handler 'nodot' "
                               "must be file.export, e.g. src/handler.main")


async def test_a_handler_path_that_leaves_the_staging_folder_writes_nothing_outside(tmp_path):
    session = Session.from_example("python-api", str(tmp_path / "project"))
    session.update_function("health", handler="../../escaped.check")
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    sender = Sender(session, scratch=str(scratch))
    try:
        outcome = await sender.send(request("GET /health"))
        staging = sender.staging
    finally:
        await sender.aclose()
    assert not (tmp_path / "escaped.py").exists() and not (scratch / "escaped.py").exists()
    assert outcome.exchange.answer.status == 500  # Lambda: Runtime.ImportModuleError, the file is not there
    assert staging.startswith(str(scratch))


async def test_one_request_at_a_time(tmp_path):
    session = Session.from_example("python-api", str(tmp_path / "project"))
    session.save()
    (tmp_path / "project" / "app" / "health.py").write_text(
        "import time\n\ndef check(event, context):\n    time.sleep(0.5)\n    return {'slept': True}\n")
    sender = Sender(session)
    try:
        first = sender.send(request("GET /health"))
        assert sender.busy  # from the call on, before the first Send has even started
        second = await sender.send(request("GET /legacy/1"))
        assert second.exchange is None
        assert second.refused == ("GET /health is still running: Send again when its answer is in (the line beside Send "
                                  "says how long it has waited, and when API Gateway gives up).")
        assert (await first).exchange.answer.body == b'{"slept": true}'
        assert not sender.busy
    finally:
        await sender.aclose()
