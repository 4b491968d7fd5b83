"""The wizard's Send: a request run against the service as it is in the wizard, not as last saved.

``Sender(session)`` keeps one ``LocalApi`` for the session, started on the first Send:
each Send compiles what the wizard holds (the same compile the preview shows), runs the
functions from where ``run_source`` says (the project folder, or the files saving would
write, staged in a private folder), and answers with what came back. ``changed()`` after
every edit reconfigures the running workers (those whose function changed restart);
``aclose()`` stops them all and removes the staged files.

What the user is told is decided here, not in the screen: why nothing was sent (the
service does not compile, a request is still running), where the code ran from, which
handler file is missing, and how long a Send may take.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from dataclasses import dataclass, field

from ..authoring.save import SaveError, resolve_inside
from ..authoring.session.run_source import RunSource, run_source
from ..explaining.explain import explain
from .functions import runtime_notes
from .local_api import AUTHORIZER_LIMIT_S, INTEGRATION_LIMIT_S, Exchange, LocalApi

# The private folders of unsaved projects' files: <tmp>/httpapi-wizard-send-<pid>-<random>.
STAGING_PREFIX = "httpapi-wizard-send-"


def remove_abandoned_staging(root: str | None = None) -> None:
    """Remove the staging folders of wizards that ended without removing theirs (killed, the terminal
    closed): their process is gone. Their workers died with them (worker.py's parent-death signal)."""
    root = root or tempfile.gettempdir()
    try:
        names = os.listdir(root)
    except OSError:
        return
    for name in names:
        pid = name[len(STAGING_PREFIX):].split("-", 1)[0]
        if not name.startswith(STAGING_PREFIX) or not pid.isdigit():
            continue
        path = os.path.join(root, name)
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            if os.path.isdir(path) and not os.path.islink(path) and os.stat(path).st_uid == os.getuid():
                shutil.rmtree(path, ignore_errors=True)
        except OSError:
            continue  # alive, someone else's


@dataclass
class Outcome:
    """What one Send gave: ``exchange`` (None when nothing was sent: ``refused`` says why),
    ``notes`` (the exchange's own, then what the wizard adds), ``source`` (where it ran)."""

    request_line: str
    exchange: Exchange | None = None
    refused: str | None = None
    notes: list[str] = field(default_factory=list)
    source: RunSource | None = None


async def _ready(outcome: Outcome) -> Outcome:
    return outcome


def runnable(result) -> str | None:
    """Why the compiled service cannot be run now, or None."""
    if result.template is None or result.http_api is None or result.compile_errors:
        return "The service does not compile yet: fix the errors under Problems first, then Send again."
    return None


def line_of(request) -> str:
    query = f"?{request.raw_query}" if request.raw_query else ""
    return f"{request.method} {request.raw_path}{query}"


class Sender:
    """One session's local API for Send; one request at a time."""

    def __init__(self, session, base_env: dict | None = None, scratch: str | None = None) -> None:
        self.session = session
        self.base_env = base_env  # None: this process's environment (in a browser, the sandbox's allow-list)
        self.scratch = scratch  # where the staging folder goes (None: the system's temporary folder)
        self.api: LocalApi | None = None
        self.staging: str | None = None  # the private folder of an unsaved project's files
        self._staged: dict[str, str] = {}  # relative path -> text written there
        self.source: RunSource | None = None
        self.pending: str | None = None  # the request line being sent
        self.started = 0.0
        self.limit_s = 0.0  # how long the pending Send may take before API Gateway gives up
        self.waiting_for = ""  # the function it waits for
        self._told: set[str] = set()  # what was said once already (a runtime that differs from the local one)

    # ----- state -------------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        return self.pending is not None

    def progress(self) -> str:
        """What to show while a Send runs: the request, the time so far, and when it gives up."""
        if self.pending is None:
            return ""
        elapsed = time.monotonic() - self.started
        limit = f"; API Gateway gives up after {self.limit_s:g} s" if self.limit_s else ""
        who = f" for {self.waiting_for}" if self.waiting_for else ""
        return f"Sending {self.pending}: waiting {elapsed:.1f} s{who}{limit}"

    @property
    def workers(self) -> dict:
        """Function key -> its running worker (for tests and the help)."""
        return {} if self.api is None else self.api.workers

    def pids(self) -> list[int]:
        """The worker processes alive now."""
        if self.api is None:
            return []
        return [w.pid for w in [*self.api.workers.values(), *self.api.retired] if w.pid is not None and not w.dead]

    # ----- following the wizard ------------------------------------------------------------

    def changed(self) -> None:
        """After an edit: running workers whose function changed restart (on their next request)."""
        if self.api is None or self.busy:
            return  # nothing runs yet; or the next sync (after this Send) applies it
        result = self.session.compile()
        if runnable(result) is None:
            # Settings only (cheap on every keystroke); the files are laid out again at the next Send.
            self.api.configure(result)

    def _sync(self, result) -> RunSource:
        """Put the LocalApi on ``result`` and on the files the session says to run."""
        source = run_source(self.session)
        if source.folder is None:
            folder, rewritten = self._stage(source.staged)
        else:
            folder, rewritten = source.folder, False
        if self.api is None:
            self.api = LocalApi(result, folder, base_env=self.base_env)
        else:
            self.api.service_dir = folder  # a new folder changes every spec: their workers restart
            self.api.configure(result)
            if rewritten:
                self.api.retire_workers()
        self.source = source
        return source

    def _stage(self, files) -> tuple[str, bool]:
        """Write the planned files into the private folder; returns it and whether a file changed."""
        if self.staging is None:
            remove_abandoned_staging(self.scratch)
            self.staging = tempfile.mkdtemp(prefix=f"{STAGING_PREFIX}{os.getpid()}-", dir=self.scratch)
        changed = False
        for relpath, text in files:
            if self._staged.get(relpath) == text:
                continue
            try:
                # A handler named ../x would otherwise write outside the folder (a browser visitor types it).
                path = resolve_inside(self.staging, relpath)
            except SaveError:
                continue
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w", encoding="utf-8") as handle:
                handle.write(text)
            self._staged[relpath] = text
            changed = True
        return self.staging, changed

    # ----- sending -------------------------------------------------------------------------

    def busy_message(self) -> str:
        """What to say to a Send made while another runs."""
        return (f"{self.pending} is still running: Send again when its answer is in (the line beside Send says how "
                "long it has waited, and when API Gateway gives up).")

    def send(self, request):
        """Run ``request`` (an explaining.Request) against the service as the wizard holds it; await the
        result for its Outcome. The Sender is busy from this call on, not only once awaited: a second
        Send made before the first has started is refused too."""
        line = line_of(request)
        if self.busy:
            return _ready(Outcome(line, refused=self.busy_message()))
        result = self.session.compile()
        why = runnable(result)
        if why is not None:
            return _ready(Outcome(line, refused=why))
        self.pending, self.started = line, time.monotonic()
        self.waiting_for, self.limit_s = "", 0.0
        return self._send(request, line, result)

    async def _send(self, request, line: str, result) -> Outcome:
        try:
            try:
                source = self._sync(result)
            except SaveError as exc:  # a handler the scaffold cannot name a file for (the checks say so too)
                return Outcome(line, refused=f"Send cannot lay out the project's files to run them: {exc}")
            self.waiting_for, self.limit_s = self._limits(result, request)
            exchange = await self.api.send(request)
        finally:
            self.pending = None
            self.waiting_for = ""
        notes = []
        for key in (exchange.authorizer, exchange.function):
            spec = self.api.specs.get(key) if key is not None else None
            # (A function that cannot run here has its exchange's own note.)
            for note in runtime_notes([spec]) if spec is not None and not spec.why_not_runnable else ():
                if note not in self._told:  # once, as `run` says it once at start
                    self._told.add(note)
                    notes.append(note)
        notes += exchange.notes
        for key in (exchange.authorizer, exchange.function):
            if key is not None and key in source.missing:
                notes.append(f"{key}: its handler file {source.missing[key]} is not in {source.folder}: write it there, "
                             "then Send again")
        return Outcome(line, exchange=exchange, notes=notes, source=source)

    def _limits(self, result, request) -> tuple[str, float]:
        """(the function a Send waits for, the longest it can take), from the engine's decision."""
        try:
            decision = explain(result.service, result.http_api, request)
        except Exception:  # noqa: BLE001 - only the progress line depends on it; send() says what went wrong
            return "", INTEGRATION_LIMIT_S
        if decision.status is not None or decision.preflight_answered or decision.function is None:
            return "", 0.0  # API Gateway answers itself
        key = decision.function.key
        spec = self.api.specs.get(key)
        limit = min(spec.timeout_s, INTEGRATION_LIMIT_S) if spec is not None else INTEGRATION_LIMIT_S
        auth = decision.auth
        if auth is not None and auth.pending and auth.authorizer_event is not None:
            limit += AUTHORIZER_LIMIT_S
        return key, limit

    # ----- the end -------------------------------------------------------------------------

    def close(self) -> None:
        """Stop every worker now (also when no event loop runs any more) and remove the staged files."""
        if self.api is not None:
            self.api.close()
        self._remove_staging()

    async def aclose(self) -> None:
        """Stop every worker, wait until their processes are gone, and remove the staged files."""
        if self.api is not None:
            await self.api.aclose()
        self._remove_staging()

    def _remove_staging(self) -> None:
        if self.staging is not None:
            shutil.rmtree(self.staging, ignore_errors=True)
            self.staging = None
            self._staged.clear()
