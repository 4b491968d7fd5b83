"""The session's files: opening, what counts as unsaved, the starting point's own findings, recovery copies."""

from __future__ import annotations

import json
import os
import stat

import pytest

from wizard.authoring.save import SaveError
from wizard.authoring.session import Session
from wizard.authoring.session.recovery import RecoveryStore, state_dir


@pytest.fixture
def seed(tmp_path):
    return Session.from_example("seed", str(tmp_path / "p"))


# ----- unsaved work ----------------------------------------------------------------------------


def test_a_new_project_untouched_or_changed_back_holds_no_unsaved_work(seed):
    assert not seed.dirty
    seed.set_service("region", "eu-west-1")
    assert seed.dirty
    seed.undo()
    assert not seed.dirty
    seed.set_service("region", "eu-west-1")
    seed.save()
    assert not seed.dirty
    seed.undo()
    assert seed.dirty  # back to the example, which is no longer what is on disk


def test_an_opened_file_is_unsaved_once_it_differs_from_the_disk(tmp_path):
    target = tmp_path / "serverless.yml"
    target.write_text("service: s\nframeworkVersion: '3'\nprovider:\n  name: aws\n  runtime: nodejs22.x\n")
    session = Session.from_file(str(target))
    assert not session.dirty and not session.disk_changed()
    session.set_service("stage", "prod")
    assert session.dirty
    target.write_text(target.read_text() + "# changed elsewhere\n")
    assert session.disk_changed()
    with pytest.raises(SaveError, match="changed on disk"):
        session.save()


# ----- what the user did not cause ----------------------------------------------------------------


def test_a_new_project_s_own_findings_are_known_not_raised(tmp_path):
    session = Session.from_example("empty", str(tmp_path))
    result = session.compile()
    codes = ["CONFIG_SCHEMA", "CONFIG_VALIDATION_MODE_DEFAULT_V3", "HTTPAPI-RUNTIME-NEWER-THAN-SERVERLESS"]
    assert {d.code for d in result.diagnostics} == set(codes)
    assert session.shown(result.diagnostics) == []
    assert [d.code for d in session.known(result.diagnostics)] == codes
    session.add_function("api", "handler.api")
    session.set_service("timeout", 1000)  # the user's own: raised
    shown = session.shown(session.compile().diagnostics)
    assert [(d.code, d.path) for d in shown] == [("CONFIG_SCHEMA", ("provider", "timeout")),
                                                 ("HTTPAPI-FUNCTION-TIMEOUT-RANGE", ("provider", "timeout"))]
    session.set_service("runtime", "nodejs24.x")  # another runtime: the note changes words, so it is the user's
    assert "HTTPAPI-RUNTIME-NEWER-THAN-SERVERLESS" in [d.code for d in session.shown(session.compile().diagnostics)]


def test_an_opened_file_s_findings_are_all_raised(tmp_path):
    target = tmp_path / "serverless.yml"
    target.write_text("service: s\nframeworkVersion: '3'\nprovider:\n  name: aws\n  runtime: nodejs22.x\n")
    session = Session.from_file(str(target))
    diagnostics = session.compile().diagnostics
    assert diagnostics and session.shown(diagnostics) == list(diagnostics)


def test_errors_of_the_starting_point_are_never_hidden(tmp_path):
    session = Session.from_example("empty", str(tmp_path))
    session.add_function("api", "handler.api")
    session.set_service("runtime", "nodejs16.x")
    session.expect_current_findings()
    assert "HTTPAPI-FUNCTION-RUNTIME" in [d.code for d in session.shown(session.compile().diagnostics)]


# ----- opening files that cannot be edited -----------------------------------------------------------


def test_a_file_that_is_not_utf8_is_refused_with_its_place(tmp_path):
    target = tmp_path / "serverless.yml"
    target.write_bytes(b"service: s\nprovider:\n  name: caf\xe9\n")
    with pytest.raises(SaveError) as caught:
        Session.from_file(str(target))
    assert str(caught.value) == f"{target}:3:12: error CONFIG_UNREADABLE not UTF-8 text (invalid continuation byte, byte 0xe9 at offset 32); save it as UTF-8"


def test_a_missing_file_is_refused(tmp_path):
    with pytest.raises(SaveError, match="CONFIG_NOT_FOUND no such file"):
        Session.from_file(str(tmp_path / "nothing.yml"))


@pytest.mark.parametrize("text", [
    "service: s\nframeworkVersion: '3'\nprovider:\n  - name: aws\nfunctions:\n  a:\n    handler: h.a\n",
    "service: s\nframeworkVersion: '3'\nprovider:\n  name: aws\nfunctions:\n  - a:\n      handler: h.a\n",
])
def test_a_file_of_the_wrong_shape_never_raises_from_the_session(tmp_path, text):
    target = tmp_path / "serverless.yml"
    target.write_text(text)
    try:
        session = Session.from_file(str(target))
    except SaveError:
        return  # refused when opened, with words: as good
    session.set_service("region", "eu-west-1")
    session.serverless_yml()  # never raises: a change that cannot be placed is reported
    if session.edit_error:
        with pytest.raises(SaveError):
            session.save()


# ----- where saving writes -----------------------------------------------------------------------


def test_the_target_is_session_state_and_told(seed, tmp_path):
    changes = []
    seed.subscribe(changes.append)
    seed.set_target(directory=str(tmp_path / "out"), template_path="infra/t.yml")
    assert (seed.directory, seed.template_path) == (str(tmp_path / "out"), "infra/t.yml")
    assert [c.kind for c in changes] == ["target"]
    assert dict(seed.save_plan())["infra/t.yml"] == "create"


# ----- recovery copies -------------------------------------------------------------------------------


def test_a_recovery_copy_lives_outside_the_project_readable_by_the_user_only(seed, tmp_path):
    seed.set_service("region", "eu-west-1")
    store = RecoveryStore(seed.directory)
    path = store.write(seed)
    assert path.startswith(state_dir()) and not path.startswith(os.path.abspath(seed.directory))
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(os.path.dirname(path)).st_mode) == 0o700
    record = json.loads(open(path).read())
    assert record["mode"] == "new" and record["text"] == seed.serverless_yml() and record["project"] == os.path.abspath(seed.directory)
    assert [n for n in os.listdir(os.path.dirname(path)) if n.endswith(".tmp")] == []  # written whole, then renamed
    assert store.others() == []  # its own copy is not offered to itself
    store.discard_own()
    assert not os.path.exists(path)


def test_the_next_start_finds_the_newest_copy_and_restores_it_as_one_step(seed, tmp_path):
    seed.set_service("region", "eu-west-1")
    seed.add_function("getUser", "src/users.get")
    RecoveryStore(seed.directory).write(seed)
    lost = seed.serverless_yml()

    later = Session.from_example("seed", seed.directory)
    store = RecoveryStore(later.directory)
    copy = store.newest()
    assert copy is not None and copy.mode == "new" and copy.text == lost
    later.restore(copy)
    assert later.serverless_yml() == lost and later.dirty
    later.undo()
    assert "getUser" not in later.service.functions
    assert store.discard_others() == 1 and store.newest() is None


def test_an_edited_file_s_copy_restores_its_changes_into_the_file(tmp_path):
    target = tmp_path / "serverless.yml"
    target.write_text("service: s\nframeworkVersion: '3'\n# keep me\nprovider:\n  name: aws\n  runtime: nodejs22.x\n"
                      "custom:\n  table: ${sls:stage}-users\n")
    session = Session.from_file(str(target))
    session.set_service("stage", "prod")
    RecoveryStore(session.directory).write(session)
    edited = session.serverless_yml()

    reopened = Session.from_file(str(target))
    copy = RecoveryStore(reopened.directory).newest()
    assert copy.mode == "edit" and copy.opened_digest == reopened.original_digest
    reopened.restore(copy)
    assert reopened.serverless_yml() == edited  # comments and variables as written, the change made


def test_copies_from_other_projects_or_unreadable_ones_are_never_offered(seed, tmp_path):
    store = RecoveryStore(seed.directory)
    os.makedirs(store.folder, exist_ok=True)
    (open(os.path.join(store.folder, "20200101T000000000000-1.json"), "w")).write("{not json")
    (open(os.path.join(store.folder, "20200101T000000000001-1.json"), "w")).write(
        json.dumps({"format": 1, "project": "/elsewhere", "text": "service: x\n"}))
    assert store.others() == [] and store.newest() is None


def test_typing_on_after_a_save_is_a_step_of_its_own(seed):
    """One field's keystrokes are one undo step (their group), but a save ends it: ctrl+z after typing on
    returns to what was saved, not to before the field was entered."""
    group = ("service", "service-name", None)
    seed.set_service("name", "workshop", group)
    seed.set_service("name", "workshop-api", group)
    seed.save()
    seed.set_service("name", "workshop-api-v2", group)
    seed.undo()
    assert seed.service.service == "workshop-api"
    assert not seed.dirty
    seed.undo()
    assert seed.service.service == "seed-example"
