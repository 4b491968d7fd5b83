"""Warm workers run handlers as Lambda's Node.js and Python runtimes do (wizard/running/worker.py).

Lambda's behaviour cited: "Lambda execution environment" (module state survives between
invocations of one environment), "Defined runtime environment variables", the Node.js
and Python "context object" pages, and the runtimes' error shapes (errorType,
errorMessage; Runtime.ImportModuleError, Runtime.HandlerNotFound).
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import signal
import sys
import textwrap
import time

import pytest

from wizard.running.functions import FunctionSpec, runtime_notes
from wizard.running.worker import CRASH, ERROR, OK, TIMEOUT, Worker

NODE = shutil.which("node")
needs_node = pytest.mark.skipif(NODE is None, reason="no `node` on PATH (CI has Node 20)")
PYTHON_RUNTIME = f"python{sys.version_info[0]}.{sys.version_info[1]}"


def _spec(folder, handler, runtime="nodejs20.x", timeout=3, environment=None, name="svc-dev-fn"):
    return FunctionSpec(key="fn", name=name, handler=handler, runtime=runtime, memory_mb=256, timeout_s=timeout,
                        region="eu-west-1", service_dir=str(folder), environment=environment or {})


def _write(folder, name, text):
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text))
    return path


@pytest.fixture
async def workers():
    started = []

    def make(spec):
        worker = Worker(spec)
        started.append(worker)
        return worker

    yield make
    for worker in started:
        worker.stop()
        await worker.stopped()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie is dead: its group leader has not reaped it yet
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().split(") ", 1)[1][0] != "Z"
    except OSError:
        return True


def _reaped(pid: int) -> bool:
    """Gone from the process table (``_alive`` already counts a zombie dead; this waits for its reaping)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


# ----- Node.js ----------------------------------------------------------------------------------

@needs_node
async def test_node_module_state_survives_between_invocations_as_in_one_environment(tmp_path, workers):
    _write(tmp_path, "package.json", '{"type": "module"}')
    _write(tmp_path, "handler.js", """
        let calls = 0;
        export const hello = async (event, context) => ({ calls: ++calls, got: event.n });
    """)
    worker = workers(_spec(tmp_path, "handler.hello"))
    first = await worker.invoke({"n": 1}, "r1", 3)
    second = await worker.invoke({"n": 2}, "r2", 3)
    assert (first.outcome, json.loads(first.payload)) == (OK, {"calls": 1, "got": 1})
    assert json.loads(second.payload) == {"calls": 2, "got": 2}
    assert first.init_ms is not None and second.init_ms is None  # a cold start, then a warm one


@needs_node
async def test_node_context_carries_lambdas_fields(tmp_path, workers):
    _write(tmp_path, "ctx.mjs", """
        export const handler = async (event, context) => ({
          functionName: context.functionName, awsRequestId: context.awsRequestId,
          remaining: context.getRemainingTimeInMillis(), arn: context.invokedFunctionArn,
          memory: context.memoryLimitInMB, version: context.functionVersion, group: context.logGroupName,
        });
    """)
    worker = workers(_spec(tmp_path, "ctx.handler", timeout=3, name="shop-dev-orders"))
    result = json.loads((await worker.invoke({}, "3f1c-request", 3)).payload)
    assert result["functionName"] == "shop-dev-orders"
    assert result["awsRequestId"] == "3f1c-request"
    assert 0 < result["remaining"] <= 3000
    assert result["arn"] == "arn:aws:lambda:eu-west-1:123456789012:function:shop-dev-orders"
    assert (result["memory"], result["version"], result["group"]) == ("256", "$LATEST", "/aws/lambda/shop-dev-orders")


@needs_node
async def test_node_environment_is_the_functions_plus_lambdas_own(tmp_path, workers):
    _write(tmp_path, "env.mjs", """
        export const handler = async () => Object.fromEntries(
          ['TABLE', 'AWS_LAMBDA_FUNCTION_NAME', 'AWS_REGION', 'AWS_DEFAULT_REGION', 'AWS_LAMBDA_FUNCTION_MEMORY_SIZE',
           'AWS_EXECUTION_ENV', '_HANDLER', 'LAMBDA_TASK_ROOT', 'TZ', 'HTTPAPI_WIZARD_NONCE', 'HTTPAPI_WIZARD_FDS']
            .map((k) => [k, process.env[k] ?? null]));
    """)
    worker = workers(_spec(tmp_path, "env.handler", environment={"TABLE": "orders", "AWS_REGION": "mine"}))
    env = json.loads((await worker.invoke({}, "r", 3)).payload)
    assert env["TABLE"] == "orders"
    # Lambda's reserved variables win: a function cannot set AWS_REGION.
    assert env["AWS_REGION"] == env["AWS_DEFAULT_REGION"] == "eu-west-1"
    assert env["AWS_LAMBDA_FUNCTION_NAME"] == "svc-dev-fn"
    assert env["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] == "256"
    assert env["AWS_EXECUTION_ENV"] == "AWS_Lambda_nodejs20.x"
    assert (env["_HANDLER"], env["LAMBDA_TASK_ROOT"], env["TZ"]) == ("env.handler", str(tmp_path), ":UTC")
    assert env["HTTPAPI_WIZARD_NONCE"] is None and env["HTTPAPI_WIZARD_FDS"] is None  # the worker's plumbing stays hidden


@needs_node
@pytest.mark.parametrize("files, handler", [
    ({"package.json": "{}", "legacy.js": "exports.handler = async (e) => ({ ok: e.v });"}, "legacy.handler"),
    ({"legacy.cjs": "module.exports = { handler: async (e) => ({ ok: e.v }) };"}, "legacy.handler"),
    ({"lib/deep.mjs": "export async function handler(e) { return { ok: e.v }; }"}, "lib/deep.handler"),
    ({"cb.js": "exports.handler = (e, context, callback) => setTimeout(() => callback(null, { ok: e.v }), 5);"},
     "cb.handler"),
])
async def test_node_loads_commonjs_esm_and_callback_handlers(tmp_path, workers, files, handler):
    for name, text in files.items():
        _write(tmp_path, name, text)
    invocation = await workers(_spec(tmp_path, handler)).invoke({"v": 7}, "r", 3)
    assert (invocation.outcome, json.loads(invocation.payload)) == (OK, {"ok": 7})


@needs_node
async def test_node_console_lines_are_the_invocations_log_with_its_request_id(tmp_path, workers):
    _write(tmp_path, "log.mjs", """
        export const handler = async (event) => { console.log('saw', event.n); console.error('oops', event.n); return null; };
    """)
    worker = workers(_spec(tmp_path, "log.handler"))
    first = await worker.invoke({"n": 1}, "req-one", 3)
    second = await worker.invoke({"n": 2}, "req-two", 3)
    lines = first.log.splitlines()
    assert [line.split("\t")[1:] for line in lines] == [["req-one", "INFO", "saw 1"], ["req-one", "ERROR", "oops 1"]]
    assert "saw 2" in second.log and "saw 1" not in second.log


@needs_node
async def test_node_a_thrown_error_is_reported_as_lambda_reports_it(tmp_path, workers):
    _write(tmp_path, "boom.mjs", "export const handler = async () => { throw new TypeError('no such order'); };")
    invocation = await workers(_spec(tmp_path, "boom.handler")).invoke({}, "r", 3)
    assert invocation.outcome == ERROR
    assert (invocation.error["errorType"], invocation.error["errorMessage"]) == ("TypeError", "no such order")
    assert "Invoke Error" in invocation.log


@needs_node
@pytest.mark.parametrize("files, handler, error_type", [
    ({}, "missing.handler", "Runtime.ImportModuleError"),
    ({"h.mjs": "export const other = async () => 1;"}, "h.handler", "Runtime.HandlerNotFound"),
    ({"h.mjs": "export const handler = async () => {"}, "h.handler", "Runtime.UserCodeSyntaxError"),
    ({"h.mjs": "export const handler = 1;"}, "nodot", "Runtime.MalformedHandlerName"),
])
async def test_node_init_errors_fail_every_invocation(tmp_path, workers, files, handler, error_type):
    for name, text in files.items():
        _write(tmp_path, name, text)
    worker = workers(_spec(tmp_path, handler))
    for _ in range(2):
        invocation = await worker.invoke({}, "r", 3)
        assert (invocation.outcome, invocation.error["errorType"]) == (ERROR, error_type)


@needs_node
async def test_node_a_timeout_kills_the_worker_and_the_next_invocation_starts_fresh(tmp_path, workers):
    _write(tmp_path, "slow.mjs", """
        let calls = 0;
        export const handler = async (event) => { calls++; if (event.hang) while (true) {} return calls; };
    """)
    worker = workers(_spec(tmp_path, "slow.handler"))
    assert (await worker.invoke({}, "r1", 3)).payload == "1"
    pid = worker.pid
    started = time.monotonic()
    timed_out = await worker.invoke({"hang": True}, "r2", 0.5)
    assert timed_out.outcome == TIMEOUT
    assert time.monotonic() - started < 3
    time.sleep(0.05)
    assert not _alive(pid)
    again = await worker.invoke({}, "r3", 3)
    assert (again.outcome, again.payload) == (OK, "1")  # a new environment: module state starts over


@needs_node
async def test_node_a_crash_is_reported_and_the_worker_restarts(tmp_path, workers):
    _write(tmp_path, "crash.mjs", """
        export const handler = async (event) => { if (event.exit) { console.log('exiting'); process.exit(3); } return 'up'; };
    """)
    worker = workers(_spec(tmp_path, "crash.handler"))
    crashed = await worker.invoke({"exit": True}, "r1", 3)
    assert crashed.outcome == CRASH
    assert "exited with status 3" in crashed.detail
    assert "exiting" in crashed.log
    assert (await worker.invoke({}, "r2", 3)).payload == '"up"'


@needs_node
async def test_node_an_unhandled_rejection_fails_the_invocation_then_restarts_the_runtime(tmp_path, workers):
    _write(tmp_path, "rej.mjs", """
        let calls = 0;
        export const handler = async () => { calls++; Promise.reject(new Error('lost')); await new Promise((r) => setTimeout(r, 20)); return calls; };
    """)
    worker = workers(_spec(tmp_path, "rej.handler"))
    for request in ("r1", "r2"):
        invocation = await worker.invoke({}, request, 3)
        assert (invocation.outcome, invocation.error["errorType"]) == (ERROR, "Runtime.UnhandledPromiseRejection")


@needs_node
async def test_node_a_plain_function_returning_a_value_answers_null_as_on_lambda(tmp_path, workers):
    """Lambda's Node.js runtime ignores what a non-async handler without callback returns."""
    _write(tmp_path, "sync.mjs", "export const handler = (event) => ({ statusCode: 200 });")
    invocation = await workers(_spec(tmp_path, "sync.handler")).invoke({}, "r", 3)
    assert invocation.payload == "null"
    assert "Lambda ignores it" in invocation.log


@needs_node
async def test_stopping_a_worker_stops_what_its_handler_started(tmp_path, workers):
    _write(tmp_path, "spawn.mjs", """
        import { spawn } from 'node:child_process';
        export const handler = async () => spawn('sleep', ['60'], { stdio: 'ignore' }).pid;
    """)
    worker = workers(_spec(tmp_path, "spawn.handler"))
    child = int((await worker.invoke({}, "r", 3)).payload)
    assert _alive(child)
    worker.stop()
    deadline = time.monotonic() + 3
    while _alive(child) and time.monotonic() < deadline:
        time.sleep(0.02)
    assert not _alive(child)


@pytest.mark.parametrize("language", [pytest.param("node", marks=needs_node), "python"])
async def test_stopping_a_worker_stops_what_its_handler_started_in_a_session_of_its_own(tmp_path, workers, language):
    """A detached child (its own session and process group) dies with the worker too: nothing
    outlives a Lambda execution environment, and issue 13 asks that no process is left behind."""
    if language == "node":
        _write(tmp_path, "spawn.mjs", """
            import { spawn } from 'node:child_process';
            export const handler = async () => {
              const child = spawn('sleep', ['61'], { detached: true, stdio: 'ignore' });
              child.unref();
              return child.pid;
            };
        """)
        spec = _spec(tmp_path, "spawn.handler")
    else:
        _write(tmp_path, "spawn.py", """
            import subprocess

            def handler(event, context):
                return subprocess.Popen(["sleep", "62"], start_new_session=True).pid
        """)
        spec = _spec(tmp_path, "spawn.handler", runtime=PYTHON_RUNTIME)
    worker = workers(spec)
    child = int((await worker.invoke({}, "r", 3)).payload)
    try:
        assert _alive(child) and os.getpgid(child) != os.getpgid(worker.pid)
        worker.stop()
        deadline = time.monotonic() + 3
        while _alive(child) and time.monotonic() < deadline:
            time.sleep(0.02)
        assert not _alive(child)
    finally:
        if _alive(child):
            os.kill(child, signal.SIGKILL)


# ----- Python ------------------------------------------------------------------------------------

async def test_python_module_state_context_and_logging(tmp_path, workers):
    _write(tmp_path, "app/main.py", """
        import logging
        calls = 0

        def handle(event, context):
            global calls
            calls += 1
            print("got", event["n"])
            logging.getLogger().warning("careful")
            logging.getLogger().info("not shown: the root logger stays at WARNING, as on Lambda")
            return {"calls": calls, "name": context.function_name, "id": context.aws_request_id,
                    "remaining": context.get_remaining_time_in_millis(), "memory": context.memory_limit_in_mb,
                    "arn": context.invoked_function_arn}
    """)
    worker = workers(_spec(tmp_path, "app/main.handle", runtime=PYTHON_RUNTIME, name="shop-dev-py"))
    first = await worker.invoke({"n": 1}, "py-1", 3)
    second = await worker.invoke({"n": 2}, "py-2", 3)
    assert json.loads(first.payload)["calls"] == 1 and json.loads(second.payload)["calls"] == 2
    result = json.loads(second.payload)
    assert (result["name"], result["id"], result["memory"]) == ("shop-dev-py", "py-2", "256")
    assert 0 < result["remaining"] <= 3000
    assert result["arn"].endswith(":function:shop-dev-py")
    lines = second.log.splitlines()
    assert lines[0] == "got 2"
    assert lines[1].startswith("[WARNING]\t") and lines[1].endswith("\tpy-2\tcareful")
    assert len(lines) == 2


async def test_python_result_is_serialized_as_lambdas_python_runtime_does(tmp_path, workers):
    """awslambdaric's marshaller: json with default separators, Decimal as a number."""
    _write(tmp_path, "h.py", """
        from decimal import Decimal

        def handle(event, context):
            return {"a": 1, "price": Decimal("9.5"), "n": Decimal("3")}
    """)
    invocation = await workers(_spec(tmp_path, "h.handle", runtime=PYTHON_RUNTIME)).invoke({}, "r", 3)
    assert invocation.payload == '{"a": 1, "price": 9.5, "n": 3}'


async def test_python_errors_carry_type_message_and_the_functions_own_trace(tmp_path, workers):
    _write(tmp_path, "h.py", """
        def handle(event, context):
            raise KeyError("order 7")
    """)
    invocation = await workers(_spec(tmp_path, "h.handle", runtime=PYTHON_RUNTIME)).invoke({}, "req", 3)
    assert invocation.outcome == ERROR
    assert (invocation.error["errorType"], invocation.error["errorMessage"]) == ("KeyError", "'order 7'")
    assert invocation.error["requestId"] == "req"
    assert all("bootstrap_python" not in frame for frame in invocation.error["stackTrace"])
    assert any("h.py" in frame for frame in invocation.error["stackTrace"])
    assert invocation.log.startswith("[ERROR] KeyError: 'order 7'")


@pytest.mark.parametrize("files, handler, error_type", [
    ({}, "nothere.handle", "Runtime.ImportModuleError"),
    ({"h.py": "def other(e, c):\n    return 1\n"}, "h.handle", "Runtime.HandlerNotFound"),
    ({"h.py": "def handle(e, c):\n  return (\n"}, "h.handle", "Runtime.UserCodeSyntaxError"),
    ({"h.py": "x = 1\n"}, "nodot", "Runtime.MalformedHandlerName"),
])
async def test_python_init_errors(tmp_path, workers, files, handler, error_type):
    for name, text in files.items():
        _write(tmp_path, name, text)
    invocation = await workers(_spec(tmp_path, handler, runtime=PYTHON_RUNTIME)).invoke({}, "r", 3)
    assert (invocation.outcome, invocation.error["errorType"]) == (ERROR, error_type)


async def test_python_timeout_and_restart(tmp_path, workers):
    _write(tmp_path, "h.py", """
        import time
        calls = 0

        def handle(event, context):
            global calls
            calls += 1
            if event.get("sleep"):
                time.sleep(30)
            return calls
    """)
    worker = workers(_spec(tmp_path, "h.handle", runtime=PYTHON_RUNTIME))
    assert (await worker.invoke({}, "r1", 3)).payload == "1"
    pid = worker.pid
    assert (await worker.invoke({"sleep": True}, "r2", 0.4)).outcome == TIMEOUT
    time.sleep(0.05)
    assert not _alive(pid)
    assert (await worker.invoke({}, "r3", 3)).payload == "1"


async def test_python_crash(tmp_path, workers):
    _write(tmp_path, "h.py", """
        import os

        def handle(event, context):
            os.kill(os.getpid(), 9)
    """)
    invocation = await workers(_spec(tmp_path, "h.handle", runtime=PYTHON_RUNTIME)).invoke({}, "r", 3)
    assert invocation.outcome == CRASH and "SIGKILL" in invocation.detail


def test_a_killed_server_takes_its_workers_with_it(tmp_path):
    """Workers die with the process that started them even when it cannot clean up (SIGKILL)."""
    _write(tmp_path, "h.py", "import os\n\ndef handle(e, c):\n    return os.getpid()\n")
    script = tmp_path / "host.py"
    script.write_text(textwrap.dedent(f"""
        import asyncio, sys, time
        sys.path.insert(0, {str(os.getcwd())!r})
        from wizard.running.functions import FunctionSpec
        from wizard.running.worker import Worker
        spec = FunctionSpec(key="fn", name="f", handler="h.handle", runtime="python3.12", memory_mb=128, timeout_s=3,
                            region="us-east-1", service_dir={str(tmp_path)!r})
        async def main():
            worker = Worker(spec)
            print((await worker.invoke({{}}, "r", 3)).payload, flush=True)
            time.sleep(60)
        asyncio.run(main())
    """))
    import subprocess

    host = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True)
    try:
        worker_pid = int(host.stdout.readline())
        assert _alive(worker_pid)
        host.send_signal(signal.SIGKILL)
        host.wait(5)
        deadline = time.monotonic() + 3
        while _alive(worker_pid) and time.monotonic() < deadline:
            time.sleep(0.02)
        assert not _alive(worker_pid)
    finally:
        host.kill()
        host.wait()
        host.stdout.close()


# ----- what start-up says ---------------------------------------------------------------------------

def test_runtime_notes_name_what_cannot_run_and_what_runs_on_another_version(tmp_path):
    specs = [_spec(tmp_path, "a.b", runtime="java17"), _spec(tmp_path, "a.b", runtime="dotnet8"),
             _spec(tmp_path, "a.b", runtime="provided.al2023"), _spec(tmp_path, "a.b", runtime="go1.x"),
             _spec(tmp_path, "a.b", runtime="python3.1"), FunctionSpec(key="img", name="i", handler=None, runtime=None,
                                                                       memory_mb=128, timeout_s=3, region="us-east-1",
                                                                       service_dir=str(tmp_path))]
    notes = runtime_notes(specs)
    for label in ("java17 is Java", "dotnet8 is .NET", "provided.al2023 is a custom runtime", "go1.x is Go"):
        assert any(label in note and "answer 502" in note for note in notes), label
    assert any("container image" in note for note in notes)
    local = f"{sys.version_info[0]}.{sys.version_info[1]}"
    assert f"python3.1 runs on the local Python {local} (fn)" in notes


@needs_node
def test_a_node_runtime_other_than_the_local_node_is_said_once(tmp_path):
    from wizard.running.functions import node_version

    local = node_version()
    other = "nodejs" + str(int(local) + 2) + ".x"
    notes = runtime_notes([_spec(tmp_path, "a.b", runtime=other), _spec(tmp_path, "c.d", runtime=other),
                           _spec(tmp_path, "e.f", runtime=f"nodejs{local}.x")])
    assert notes == [f"{other} runs on the local Node.js {local} (fn, fn)"]


def test_a_worker_stopped_as_its_event_loop_ends_leaves_the_garbage_collector_nothing_to_close(tmp_path):
    """`httpapi-wizard run` stops its workers once more after its event loop has ended, before that loop
    read the end of a killed process's output. The process's transport was left open then, and the
    garbage collector closed it later, in whatever code it interrupted: "Event loop is closed" raised in
    its finalizer (reported by pytest as unraisable), once inside an ``ast.parse`` of another test, which
    CPython 3.11 turned into a SystemError there."""
    _write(tmp_path, "handler.py", "def hello(event, context):\n    return {'ok': True}\n")

    async def use(worker: Worker) -> None:
        assert (await worker.invoke({}, "r1", 5)).outcome == OK

    worker = Worker(_spec(tmp_path, "handler.hello", runtime=PYTHON_RUNTIME))
    loop = asyncio.new_event_loop()
    try:
        loop.run_until_complete(use(worker))
        pid, transport = worker.pid, worker.transport
        worker.stop()  # the loop does not run again
    finally:
        loop.close()
    # What the collector would do: BaseSubprocessTransport.__del__ closes a transport not closed yet, on its loop.
    # (Asserted here rather than by a collection: a full one took a second and more on a worker's heap.)
    assert transport.is_closing(), "left open, the garbage collector closes it on a closed loop"
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and not _reaped(pid):
        time.sleep(0.01)
    assert _reaped(pid)
