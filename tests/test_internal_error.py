"""An exception nothing handles is a bug of ours: exit 3 and one line, never exit 1 or a traceback.

Exit 1 means "the configuration has errors" (issue 11, item 8): a script must be able to
tell a crash from a bad file.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# The CLI with one stage replaced by a function that raises: whatever the stage, the same answer.
CRASHING = """
import sys
import wizard.api
def boom(*args, **kwargs):
    raise {exc}
wizard.api.{target} = boom
from wizard.cli.main import run
sys.argv = ["httpapi-wizard", *sys.argv[1:]]
run()
"""


def _run(exc: str, *args: str, target: str = "compile_file", debug: str | None = None):
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    env.pop("HTTPAPI_WIZARD_DEBUG", None)
    if debug is not None:
        env["HTTPAPI_WIZARD_DEBUG"] = debug
    return subprocess.run([sys.executable, "-c", CRASHING.format(exc=exc, target=target), *args],
                          capture_output=True, text=True, env=env, cwd=ROOT)


def test_an_unexpected_exception_exits_3_with_one_line():
    for command in (["compile", "--example", "seed"], ["validate", "--example", "seed"], ["routes", "--example", "seed"],
                    ["explain", "GET /x", "--example", "seed"]):
        proc = _run("TypeError('unhashable type: dict')", *command)
        assert proc.returncode == 3, (command, proc.stderr)
        assert proc.stderr.splitlines() == [proc.stderr.strip()], proc.stderr  # one line
        assert proc.stderr.startswith("httpapi-wizard: internal error: TypeError: unhashable type: dict (")
        assert "please report it" in proc.stderr and "HTTPAPI_WIZARD_DEBUG=1 shows the traceback" in proc.stderr
        assert "Traceback" not in proc.stderr and proc.stdout == ""


def test_recursion_and_memory_errors_are_internal_errors_too():
    for exc in ("RecursionError('maximum recursion depth exceeded')", "MemoryError()"):
        proc = _run(exc, "compile", "--example", "seed")
        assert proc.returncode == 3 and "internal error: " + exc.split("(")[0] in proc.stderr


def test_a_long_message_stays_one_short_line():
    proc = _run("ValueError('x\\n' * 500)", "validate", "--example", "seed")
    assert proc.returncode == 3
    line = proc.stderr.strip()
    assert "\n" not in line and len(line) < 500 and "internal error: ValueError: x x x" in line


def test_the_debug_switch_prints_the_traceback_and_still_exits_3():
    proc = _run("KeyError('k')", "compile", "--example", "seed", debug="1")
    assert proc.returncode == 3
    assert proc.stderr.startswith("Traceback (most recent call last):")
    assert "in boom" in proc.stderr and proc.stderr.strip().splitlines()[-1].startswith("httpapi-wizard: internal error: KeyError")
    assert "Traceback" not in _run("KeyError('k')", "compile", "--example", "seed", debug="0").stderr


def test_usage_errors_and_interrupts_keep_their_codes():
    proc = _run("KeyboardInterrupt()", "compile", "--example", "seed")
    assert proc.returncode == 130 and "internal error" not in proc.stderr
    proc = _run("TypeError()", "compile", "--no-such-option")
    assert proc.returncode == 2 and "internal error" not in proc.stderr


def test_the_exit_codes_are_documented():
    from wizard.cli.parser import EPILOG, EXPLAIN_EPILOG, RUN_EPILOG

    assert all("3  internal error" in text for text in (EPILOG, EXPLAIN_EPILOG, RUN_EPILOG))
    readme = (ROOT / "README.md").read_text()
    assert "**3** an internal error" in readme
