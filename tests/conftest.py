import gc
import itertools
import os
import sys
from pathlib import Path

import pytest
import textual.constants
from textual._styles_cache import StylesCache
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


# The modules whose tests drive the wizard (Pilot, snapshots) or fuzz it: about half the suite's CPU
# in a tenth of its tests, one to ten seconds each. Their names sort last, so they used to run last,
# and the run ended on one long test with the other workers idle. Longest first is the classic cure.
_LONG_MODULES = ("test_tui", "test_snapshots", "test_fuzz")


def _rank(item) -> int:
    name = item.nodeid.rpartition("/")[2]
    return next((rank for rank, prefix in enumerate(_LONG_MODULES) if name.startswith(prefix)), len(_LONG_MODULES))


def pytest_collection_modifyitems(session, config, items):
    items.sort(key=_rank)  # stable: each group keeps its order


def pytest_collection_finish(session):
    """What is alive once the tests are collected (every test module, Textual, the wild corpus) lives as
    long as the run: frozen out of the collections to come, as the wizard freezes what start-up built (cli.main,
    WizardApp.on_ready), so those scan only what a test creates. And a collection every 20000 allocations
    rather than 700: a Textual frame allocates thousands of short-lived objects (strips and their caches), and
    each collection of the oldest generation scanned the whole app again (a third of a Pilot test's time)."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(20_000, 10, 10)


def pytest_runtest_teardown(item):
    """Nothing of a test's app outlives the test: Textual memoizes StylesCache.get_inner_outer on the
    instance (an lru_cache of 1024 entries on a method), which held the styles cache of every widget
    a worker ever drew, and all the strips in them: 150,000 objects after five Pilot tests (18,000
    once let go), scanned again by each full collection until the run's end."""
    StylesCache.get_inner_outer.cache_clear()


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session):
    """At the end pytest collects five times over (its unraisable-exception check, run after this hook) to
    catch what finalizers say: by then every Textual frame a worker drew has grown the heap (its caches of
    strips), and each of those collections scanned it whole, a second or two per worker at the run's tail.
    One collection here frees and finalizes the garbage, with pytest's hook still reporting what a
    finalizer raises; what is left lives to the end and is frozen, so the five scan only what comes after."""
    gc.collect()
    gc.freeze()
