"""The wizard process one visitor gets: its command, an empty sandbox folder, a minimal environment.

The process runs ``new my-http-api --web`` (``--allow-run`` too when ``serve`` was given it: the
visitor's Send then runs their functions here, as children of this process, with its
environment and its sandbox): its session compiles what the visitor types
confined (``compile_text(confined=True)``: no ``${env:}``, no ``${file()}`` outside the
project folder), and the project folder lies in a fresh, empty folder of its own, which is
also its working directory and its HOME. Its environment is built from an allow-list, not
inherited: the server's may hold credentials (AWS keys, tokens) that ``/proc/self/environ``
or a future bug would otherwise hand to a visitor.
"""

from __future__ import annotations

import os
import shutil
import site
import sys
import tempfile

# The project folder inside the sandbox: the zip a visitor downloads unpacks to it.
FOLDER = "my-http-api"

# Passed on from the server's environment, each because the child needs it:
PASSED = (
    "PATH",  # to find programs, should a library start one; names folders, holds no secret
    "LANG", "LANGUAGE",  # with LC_* below: the locale, hence Python's text encoding
    "TZ",  # the zip's file dates are local time
    "PYTHONPATH", "PYTHONHOME", "PYTHONNOUSERSITE", "PYTHONUTF8", "PYTHONIOENCODING",  # where and how Python imports the wizard
    "SYSTEMROOT", "WINDIR",  # Windows: Python cannot start (no random source) without them
)
PASSED_PREFIXES = ("LC_",)
# What textual-serve sets for its protocol (the web driver, colours, the first size) and
# Textual's own settings: kept from its environment, none of them a secret.
TEXTUAL_KEYS = ("TERM_PROGRAM", "TERM_PROGRAM_VERSION", "COLUMNS", "ROWS")
TEXTUAL_PREFIXES = ("TEXTUAL_",)


def command(example: str, light: bool = False, allow_run: bool = False) -> list[str]:
    """The argv of one visitor's wizard: this interpreter, so the child imports what the server does.
    ``allow_run``: Try a request's Send runs the visitor's functions (in this environment, see below)."""
    return ([sys.executable, "-m", "wizard", "new", FOLDER, "--example", example, "--web"] + (["--light"] if light else [])
            + (["--allow-run"] if allow_run else []))


def environment(sandbox: str, textual: dict[str, str], base: dict[str, str] | None = None) -> dict[str, str]:
    """The child's environment: the allow-list from ``base`` (the server's), textual-serve's keys from ``textual``."""
    base = os.environ if base is None else base
    env = {k: v for k, v in base.items() if k in PASSED or k.startswith(PASSED_PREFIXES)}
    if env.get("PYTHONPATH"):  # relative entries would now be read from the sandbox
        env["PYTHONPATH"] = os.pathsep.join(os.path.abspath(p) if p else p for p in env["PYTHONPATH"].split(os.pathsep))
    env.update({k: v for k, v in textual.items() if k in TEXTUAL_KEYS or k.startswith(TEXTUAL_PREFIXES)})
    env.pop("TEXTUAL", None)  # textual-serve's debug switch (devtools, a log file in the working folder)
    env.pop("TEXTUAL_LOG", None)
    # Whatever looks in ~ (dot files, caches) finds the empty sandbox, not the operator's home.
    env["HOME"] = sandbox
    if site.ENABLE_USER_SITE and "PYTHONNOUSERSITE" not in env:
        # A wizard installed with `pip install --user` is found through HOME: name its place.
        env["PYTHONUSERBASE"] = site.getuserbase()
    return env


class Sandbox:
    """A fresh, empty, private folder for one session; removed with everything in it when the session ends."""

    def __init__(self) -> None:
        self.path: str | None = None

    def __enter__(self) -> str:
        self.path = tempfile.mkdtemp(prefix="httpapi-wizard-session-")  # mode 0700
        return self.path

    def __exit__(self, *exc) -> None:
        if self.path is not None:
            shutil.rmtree(self.path, ignore_errors=True)
            self.path = None
