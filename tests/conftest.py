import asyncio
import contextlib
import gc
import itertools
import os
import sys
from pathlib import Path

import pytest
import textual._wait
import textual.constants
from textual._styles_cache import StylesCache
from textual.app import App
from textual.css.stylesheet import Stylesheet
from textual.pilot import Pilot, WaitForScreenTimeout
from textual.screen import Screen
from textual.widgets import Input, TextArea

sys.path.insert(0, str(Path(__file__).parent))

# No animations in the tests: a scroll that eases over a quarter of a second is a dozen frames
# painted for nothing, and a cursor that blinks is caught on or off by chance in a snapshot
# (and repaints its field twice a second while a test waits). The app reads the level when it
# is constructed; the wizards the serve tests start in a subprocess read the environment.
os.environ["TEXTUAL_ANIMATIONS"] = "none"
textual.constants.TEXTUAL_ANIMATIONS = "none"
for _widget in (Input, TextArea):
    _widget.__dict__["cursor_blink"]._default = False


# Pilot waits for the app to go idle after every key it presses and in every pause: it sleeps in
# steps and stops at the first step in which the process used almost no CPU. At Textual's 20 ms a
# key cost two steps asleep, as much as the app's own work on it: the TUI modules took 148 s of wall
# for 90 CPU-seconds in one process, and four workers all in Pilot tests left the two cores idle
# (11-13 core-seconds of a whole run; 3-5 at 5 ms steps, the TUI modules 101 s for the same work).
# What Pilot guarantees is kept: every message already queued is handled before it returns.
textual._wait.SLEEP_GRANULARITY = 1 / 200
textual._wait.SLEEP_IDLE = textual._wait.SLEEP_GRANULARITY / 20


def _idle(queue) -> bool:
    """Nothing queued, and the pump's loop is waiting for a message (Textual's own Queue: Textual is pinned exactly)."""
    return not queue.values and bool(queue.ready_event._waiters)


async def _wait_for_busy_pumps(self, timeout: float = 30.0) -> bool:
    """Pilot's wait after each key and pause: until every message queued at the call, in the app and in each
    widget of the screen, is handled. Textual posts a callback to every widget and counts them back, a few
    hundred messages per key, each a new partial whose signature ``inspect`` works out anew (50,000 of them in
    the keys and sections tests), and then an Idle event in each widget. A widget whose queue is empty while
    its message loop waits on it has nothing in hand to wait for, so here only the others are asked (its loop
    awaits the queue's event only between messages, never while a handler runs); the guarantee is the same."""
    try:
        screen = self.app.screen
    except Exception:
        return False
    busy = [pump for pump in (self.app, *screen.walk_children(with_self=True)) if not _idle(pump._message_queue)]
    waiting = 0
    all_handled = asyncio.Event()

    def handled() -> None:
        nonlocal waiting
        waiting -= 1
        if not waiting:
            all_handled.set()

    for pump in busy:
        if pump.call_later(handled):
            waiting += 1
    if not waiting:
        return True
    await _until(self.app, all_handled, timeout, "Timed out while waiting for widgets to process pending messages.")
    return not waiting


async def _until(app, event: asyncio.Event, timeout: float, timed_out: str) -> None:
    """Until ``event`` is set or the app fails (its exception ends the test), at most ``timeout`` seconds."""
    tasks = [asyncio.create_task(event.wait()), asyncio.create_task(app._exception_event.wait())]
    _, pending = await asyncio.wait(tasks, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
    for task in pending:
        task.cancel()
    if len(pending) == len(tasks):
        raise WaitForScreenTimeout(timed_out)


Pilot._wait_for_screen = _wait_for_busy_pumps


async def _pause_until_after_frame_work(self, delay: float | None = None) -> None:
    """Pilot's pause, and then what the screen was asked to do once its next frame is drawn (``call_after_refresh``:
    the footer redrawing its keys after a focus change, say). Textual's pause ends by drawing that frame, which only
    schedules the work: it returned while the work still waited, and a test reading the footer then read the keys of
    the focus before (one run in ten under a loaded machine). Here the pause lasts until that work is done, as a
    user's next look at the screen comes after it."""
    await _pause(self, delay)
    for _ in range(10):  # work that asks for more work after the next frame: a few rounds, never a loop
        await _wait_for_busy_pumps(self)  # such work already running (the screen runs it when idle, too)
        screen = self.app.screen
        if not (screen._callbacks or screen._next_callbacks):
            return
        if screen._callbacks:
            screen._on_timer_update()  # draws the frame they wait for (a no-op paint here), and schedules them
        done = asyncio.Event()
        screen.call_next(done.set)  # after them, in the screen's own loop
        await _until(self.app, done, 30.0, "Timed out while the screen ran the work scheduled after its frame.")


_pause = Pilot.pause
Pilot.pause = _pause_until_after_frame_work


def _paint_only_the_last_frame():
    """Pilot's apps paint into a headless driver that throws the frames away, and nothing of a Pilot test
    reads them (the snapshot tests render their screen themselves: ``export_screenshot``). Painting those
    frames was a quarter of the TUI tests' CPU (keys, safety and sections: 27.7-29.9 CPU-s, 20.8-23.2 without).
    Here the frames of a test are not painted, only its last one, as the test leaves the app running: a
    widget whose drawing fails in the state the test reached still fails the test. Layout, focus and every
    widget's state are as before: they are made before a frame is painted, not by painting it."""
    paint = Screen._compositor_refresh

    def _compositor_refresh(self) -> None:
        app = self.app
        if app.is_headless and not app.is_inline and self is app.screen:
            self._compositor._dirty_regions.clear()
            self._dirty_widgets.clear()
            return
        paint(self)

    run_test = App.run_test

    @contextlib.asynccontextmanager
    async def _run_test(self, **kwargs):
        async with run_test(self, **kwargs) as pilot:
            yield pilot
            if self.is_running:
                await pilot.pause()
                self.screen._compositor.render_update(full=True, screen_stack=self._background_screens)

    Screen._compositor_refresh = _compositor_refresh
    App.run_test = _run_test


_paint_only_the_last_frame()


def _parse_rules_once(parse_rules):
    """Textual parses the CSS of every widget class anew for each app (its cache lives on the app's
    stylesheet), the same text with the same variables: a tenth of each Pilot test's app start, for the
    hundred apps a worker starts. Here a worker parses each (text, variables) once; what a theme changes
    is in the key. The wizard itself runs one app per process: nothing to share there."""
    parsed: dict[tuple, list] = {}

    def _parse_rules(self, css, read_from, is_default_rules=False, tie_breaker=0, scope=""):
        variables = self.__dict__.get("_shared_variables")
        if variables is None or variables[0] is not self._variables:
            variables = self.__dict__["_shared_variables"] = (self._variables, tuple(sorted(self._variables.items())))
        key = (css, read_from, is_default_rules, tie_breaker, scope, variables[1])
        rules = parsed.get(key)
        if rules is None:
            rules = parsed[key] = parse_rules(self, css, read_from, is_default_rules, tie_breaker, scope)
        return rules

    return _parse_rules


Stylesheet._parse_rules = _parse_rules_once(Stylesheet._parse_rules)


@pytest.fixture(scope="session")
def _wizard_state_root(tmp_path_factory):
    return tmp_path_factory.mktemp("wizard-state"), itertools.count()


@pytest.fixture(autouse=True)
def _wizard_state_dir(_wizard_state_root, monkeypatch):
    """The wizard's own files (recovery copies, its error log) go to a temporary folder of the test's, never the user's.
    (One folder per test, numbered here: tmp_path_factory.mktemp lists every folder made so far to number the next.)"""
    root, numbers = _wizard_state_root
    folder = root / str(next(numbers))
    folder.mkdir(mode=0o700)
    monkeypatch.setenv("HTTPAPI_WIZARD_STATE_DIR", str(folder))


def pytest_xdist_auto_num_workers(config):
    # Two workers per core: many tests wait on what they started (a served session over a
    # WebSocket, a Node or Python function worker, a `run` server), and a second worker uses
    # the core meanwhile. Measured on an idle 2-core machine: -n 2 134 s, -n 4 106 s, -n 6 109 s
    # for the same ~195 CPU-seconds.
    return 2 * (os.cpu_count() or 1)


# Where each test runs. pytest-xdist's worksteal hands each worker one contiguous share of the
# collected order at the start, and an idle worker later takes the back half of the longest queue.
# The tests that drive the wizard (Pilot, snapshots), fuzz it or serve it are about two thirds of the
# suite's CPU in a twentieth of its tests: sorted first, they all fell in the first worker's share
# and the run ended on that one worker with the others idle (8 s of a 95 s run). So each heavy test
# goes, longest first, to the share with the least work so far, at its front; the light tests fill
# the shares in their own order (a module's module-scoped fixtures stay on one or two workers), and
# what is stolen at the end is light. A test's cost is its ``cost`` mark (CPU-seconds, roughly:
# a module's pytestmark, or the test's own); unmarked tests are light.
def _cost(item) -> float:
    mark = item.get_closest_marker("cost")
    return float(mark.args[0]) if mark else 0.0


def _worksteal_shares(count: int, workers: int) -> list[int]:
    """How many of ``count`` tests each worker gets at the start (xdist's WorkStealingScheduling)."""
    sizes = []
    for remaining_workers in range(workers, 0, -1):
        sizes.append((count - sum(sizes)) // remaining_workers)
    return sizes


def _deal(items: list, workers: int) -> list:
    costs = {id(item): _cost(item) for item in items}
    heavy = sorted((item for item in items if costs[id(item)]), key=lambda item: -costs[id(item)])
    light = [item for item in items if not costs[id(item)]]
    sizes = _worksteal_shares(len(items), workers)
    shares: list[list] = [[] for _ in sizes]
    load = [0.0] * len(sizes)
    for item in heavy:
        share = min((k for k in range(len(sizes)) if len(shares[k]) < sizes[k]), key=lambda k: load[k])
        shares[share].append(item)
        load[share] += costs[id(item)]
    rest = iter(light)
    for share, size in zip(shares, sizes, strict=True):
        share.extend(itertools.islice(rest, size - len(share)))
    dealt = [item for share in shares for item in share]
    assert len(dealt) == len(items), "a test was lost or doubled in the dealing"
    return dealt


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node):
    # In the controller: a worker's own options say dist "no"; it learns the scheduling from here.
    node.workerinput["dist"] = node.config.option.dist


def pytest_collection_modifyitems(session, config, items):
    worker = getattr(config, "workerinput", {})
    if worker.get("dist") == "worksteal" and worker["workercount"] > 1:
        items[:] = _deal(items, worker["workercount"])  # every worker computes the same order, as xdist requires


def pytest_collection_finish(session):
    """What is alive once the tests are collected (every test module, Textual, the wild corpus) lives as
    long as the run: frozen out of the collections to come, as the wizard freezes what start-up built (cli.main,
    WizardApp.on_ready), so those scan only what a test creates. And a collection every 50000 allocations
    rather than 700, the middle generation's every 50 rather than 10: a Textual frame allocates thousands of
    short-lived objects (strips and their caches), and each collection past the youngest scanned the whole
    app again (a third of a Pilot test's time at Python's defaults; 20000/10 left the TUI tests 8% more CPU)."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(50_000, 50, 10)


def pytest_runtest_teardown(item):
    """Nothing of a test's app outlives the test: Textual memoizes StylesCache.get_inner_outer on the
    instance (an lru_cache of 1024 entries on a method), which held the styles cache of every widget
    a worker ever drew, and all the strips in them: 150,000 objects after five Pilot tests (18,000
    once let go), scanned again by each full collection until the run's end."""
    StylesCache.get_inner_outer.cache_clear()


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session):
    """At the end pytest collects five times over (its unraisable-exception check, run after this hook) to
    catch what finalizers say. With collections past the youngest this rare (pytest_collection_finish), a
    worker ends holding the garbage of its last Pilot tests, 600,000-880,000 objects: one collection of them
    took 1.0-1.3 CPU-s per worker, all four at once at the run's tail (2 s of wall on two cores). So it is
    frozen instead, not collected: the process ends next. What this gives up is a report from a finalizer of
    that last garbage only; the collections during the run report the rest, at the next test's hooks."""
    gc.freeze()
