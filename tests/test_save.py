"""Saving cannot be turned against the user, loses nothing, and is whole as a set (issue 11, items 3, 4, 6, 8).

A cloned repository is untrusted: links it ships must not make a save write outside the
project. A save killed at any moment leaves the old set or the new one (after the next
open's recovery), never a mix, never a truncated backup, never temporaries where
`serverless package` would zip them.
"""

from __future__ import annotations

import json
import os
import random
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from wizard.authoring.journal import STAGING, VERSION, _signature
from wizard.authoring.save import DEFAULT_TEMPLATE, PlannedFile, SaveError, backup_of, digest, recover, save, save_service
from wizard.authoring.scaffold import new_project
from wizard.authoring.session import Session
from wizard.authoring.user_state import journal_key

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = DEFAULT_TEMPLATE  # .serverless/httpapi-wizard/cloudformation-template-update-stack.json
YML_BAK = backup_of("serverless.yml")  # .serverless/httpapi-wizard/serverless.yml.bak
TEMPLATE_BAK = backup_of(TEMPLATE)  # beside the template: it is under .serverless/ already
LEGACY_TEMPLATE = "cloudformation-template-update-stack.json"  # where earlier versions saved it, beside serverless.yml
BASE_YML = ("service: svc\nprovider:\n  name: aws\n  runtime: nodejs22.x\nfunctions:\n  a:\n    handler: index.a\n"
            "    events:\n      - httpApi: 'GET /x'\n")


def snapshot(folder: Path) -> dict:
    """Every entry under ``folder`` (links as links, never followed): what a save may change."""
    out = {}
    for path in sorted(folder.rglob("*")):
        rel = str(path.relative_to(folder))
        if path.is_symlink():
            out[rel] = ("link", os.readlink(path))
        elif path.is_file():
            out[rel] = path.read_bytes()
    return out


def project(tmp_path: Path, yml: str = "service: old\n", template: str | None = '{"old": true}') -> Path:
    folder = tmp_path / "project"
    folder.mkdir()
    (folder / "serverless.yml").write_text(yml)
    if template is not None:
        (folder / TEMPLATE).parent.mkdir(parents=True)
        (folder / TEMPLATE).write_text(template)
    return folder


# ----- item 3: links out of the project ---------------------------------------------------------


def test_a_backup_that_links_out_is_replaced_as_a_link_never_written_through(tmp_path):
    outside = tmp_path / "bashrc"
    outside.write_text("export PATH=/usr/bin\n")
    folder = project(tmp_path)
    (folder / YML_BAK).symlink_to(outside)
    (folder / TEMPLATE_BAK).symlink_to(outside)
    save_service(str(folder), "service: new\n", {"new": True}, opened=True, opened_digest=digest("service: old\n"))
    assert outside.read_text() == "export PATH=/usr/bin\n"  # the file the links named is untouched
    for name, old in ((YML_BAK, "service: old\n"), (TEMPLATE_BAK, '{"old": true}')):
        assert not (folder / name).is_symlink() and (folder / name).read_text() == old
    assert (folder / "serverless.yml").read_text() == "service: new\n"


def test_a_target_that_is_a_link_is_refused_by_name_and_nothing_changes(tmp_path):
    outside = tmp_path / "elsewhere.json"
    outside.write_text("precious")
    folder = project(tmp_path, template=None)
    (folder / TEMPLATE).parent.mkdir(parents=True)
    (folder / TEMPLATE).symlink_to(outside)
    before = snapshot(folder)
    with pytest.raises(SaveError) as info:
        save_service(str(folder), "service: new\n", {"new": True}, opened=True, opened_digest=digest("service: old\n"))
    assert str(info.value).startswith(f"{TEMPLATE}: is a symbolic link (to {outside})")
    assert outside.read_text() == "precious" and snapshot(folder) == before
    assert not folder.joinpath(*STAGING).exists()


def test_serverless_yml_itself_a_link_to_a_file_outside_is_refused(tmp_path):
    outside = tmp_path / "bashrc"
    outside.write_text("service: old\n")
    folder = tmp_path / "project"
    folder.mkdir()
    (folder / "serverless.yml").symlink_to(outside)
    with pytest.raises(SaveError, match="serverless.yml: is a symbolic link"):
        save_service(str(folder), "service: new\n", None, opened=True, opened_digest=digest("service: old\n"))
    assert outside.read_text() == "service: old\n"


def test_a_folder_that_links_out_is_refused_and_one_that_stays_inside_is_followed(tmp_path):
    outside = tmp_path / "etc"
    outside.mkdir()
    folder = project(tmp_path)
    (folder / "src").symlink_to(outside)
    with pytest.raises(SaveError, match=r"src/users.js: the folder src is a link to .*, outside the project"):
        save(str(folder), [PlannedFile("src/users.js", "x")])
    assert list(outside.iterdir()) == []
    (folder / "src").unlink()
    (folder / "real").mkdir()
    (folder / "src").symlink_to(folder / "real")
    save(str(folder), [PlannedFile("src/users.js", "x")])
    assert (folder / "real" / "users.js").read_text() == "x"


@pytest.mark.parametrize("linked", [STAGING[:1], STAGING])
def test_a_staging_folder_that_is_a_link_out_is_refused_and_nothing_is_written_there(tmp_path, linked):
    """The folder a save prepares its files in is written first: a repository that ships it
    as a link (``.serverless -> ~/.ssh``) would get the staged files and the journal there."""
    outside = tmp_path / "ssh"
    outside.mkdir()
    folder = project(tmp_path, template=None)
    link = folder.joinpath(*linked)
    link.parent.mkdir(exist_ok=True)
    link.symlink_to(outside)
    before = snapshot(folder)
    with pytest.raises(SaveError) as info:  # serverless.yml alone: no file of the save itself is under .serverless
        save(str(folder), [PlannedFile("serverless.yml", "service: new\n")], backups=False)
    assert str(info.value) == (f"{'/'.join(linked)}: saves are prepared in this folder, but it is a link, not a "
                               "folder; nothing was written (remove it)")
    assert list(outside.iterdir()) == [] and snapshot(folder) == before
    assert recover(str(folder)) is None and list(outside.iterdir()) == []


def test_paths_out_of_the_project_are_refused(tmp_path):
    folder = project(tmp_path)
    for relpath, message in (("../x.yml", "leads outside"), ("/etc/passwd", "absolute path"), ("a/../../x", "leads outside")):
        with pytest.raises(SaveError, match=message):
            save(str(folder), [PlannedFile(relpath, "x")])
    assert not (tmp_path / "x.yml").exists() and not (tmp_path / "x").exists()


def ship_journal(folder: Path, dest: str, content: str = "#!/bin/sh\necho owned\n", *, key: bytes | None = None,
                 staged: str | None = None) -> Path:
    """What a repository can ship: a staging folder with a journal of its own making (signed
    with ``key`` when given, as if the attacker had it) and the file it stages."""
    staging = folder.joinpath(*STAGING)
    staging.mkdir(parents=True)
    (folder / dest).parent.mkdir(parents=True, exist_ok=True)
    (staging / "0.next").write_text(content if staged is None else staged)
    os.chmod(staging / "0.next", 0o755)
    records = [{"dest": dest, "prev": None, "next": digest(content), "checked": False}]
    data = {"version": VERSION, "state": "commit", "operations": records}
    if key is not None:
        data["mac"] = _signature(key, "commit", records)
    (staging / "journal.json").write_text(json.dumps(data))
    return staging


def test_a_journal_naming_a_file_outside_the_project_is_ignored(tmp_path):
    """Even a journal signed with the user's own key: recovery must not become a way to write anywhere."""
    victim = tmp_path / "victim"
    victim.write_text("mine")
    folder = project(tmp_path)
    staging = ship_journal(folder, "../victim", "evil", key=journal_key())
    result = recover(str(folder))
    assert victim.read_text() == "mine"
    assert result is not None and result.action == "cleaned" and not staging.exists()


@pytest.mark.parametrize("key", [None, b"k" * 32], ids=["unsigned", "signed-with-another-key"])
@pytest.mark.parametrize("open_with", ["recover", "edit", "save"])
def test_a_journal_shipped_by_a_repository_is_not_acted_on(tmp_path, key, open_with):
    """A probe of issue 11: a cloned repository shipping `.serverless/httpapi-wizard-save/`
    with a journal of its own had the first `edit` put an executable `.git/hooks/pre-commit`
    in place (git runs it on the next commit; git itself never writes into .git from a
    repository). Journals are acted on only with the signature of this user's key."""
    folder = project(tmp_path, yml=BASE_YML)
    (folder / ".git" / "hooks").mkdir(parents=True)
    staging = ship_journal(folder, ".git/hooks/pre-commit", key=key)
    before = snapshot(folder)
    if open_with == "recover":
        result = recover(str(folder))
        assert result is not None and (result.action, result.files) == (
            "cleaned", [".serverless/httpapi-wizard-save/0.next", ".serverless/httpapi-wizard-save/journal.json"])
    elif open_with == "edit":
        Session.from_file(str(folder / "serverless.yml"))
    else:
        save_service(str(folder), BASE_YML.replace("svc", "svc2"), None)
    assert not (folder / ".git" / "hooks" / "pre-commit").exists()
    assert not staging.exists()
    if open_with != "save":
        assert snapshot(folder) == {k: v for k, v in before.items() if not k.startswith("/".join(STAGING))}


def test_a_signed_journal_whose_staged_file_was_swapped_is_not_acted_on(tmp_path):
    folder = project(tmp_path)
    staging = ship_journal(folder, YML_BAK, "service: recorded\n", key=journal_key(),
                           staged="service: swapped\n")
    assert recover(str(folder)).action == "cleaned"
    assert not (folder / YML_BAK).exists() and not staging.exists()


def test_a_signed_journal_whose_staged_file_is_a_link_is_not_acted_on(tmp_path):
    folder = project(tmp_path)
    staging = ship_journal(folder, YML_BAK, "x", key=journal_key())
    (staging / "0.next").unlink()
    (staging / "0.next").symlink_to(folder / "serverless.yml")
    assert recover(str(folder)).action == "cleaned"
    assert not (folder / YML_BAK).exists()


def test_a_journal_naming_the_staging_folder_itself_is_ignored_and_no_save_writes_there(tmp_path):
    folder = project(tmp_path)
    ship_journal(folder, ".serverless/httpapi-wizard-save/journal.json", "x", key=journal_key())
    assert recover(str(folder)).action == "cleaned"
    for relpath in (".serverless/httpapi-wizard-save/0.next", ".serverless/httpapi-wizard-save", ".serverless/./httpapi-wizard-save/x"):
        with pytest.raises(SaveError, match="saves are prepared in .serverless/httpapi-wizard-save"):
            save(str(folder), [PlannedFile(relpath, "x")])
    save(str(folder), [PlannedFile(".serverless/other.json", "x")])  # the rest of .serverless is the project's


def test_the_journal_key_is_the_users_own_and_a_key_others_can_read_is_not_used(tmp_path):
    from wizard.authoring.user_state import KEY_FILE, state_dir

    key = journal_key()
    path = Path(state_dir()) / KEY_FILE
    assert len(key) == 32 and journal_key() == key and stat.S_IMODE(path.stat().st_mode) == 0o600
    path.chmod(0o644)
    assert journal_key() is None and journal_key(create=False) is None


def test_without_a_usable_key_a_save_still_saves_and_its_journal_is_never_trusted(tmp_path, monkeypatch):
    """A read-only home: saving works; a save cut short is then left as its renames reached (each file whole)."""
    (tmp_path / "a-file").write_text("")
    monkeypatch.setenv("HTTPAPI_WIZARD_STATE_DIR", str(tmp_path / "a-file" / "state"))  # no folder can be made there
    assert journal_key() is None
    folder = project(tmp_path)
    save_service(str(folder), "service: new\n", {"new": True})
    assert (folder / "serverless.yml").read_text() == "service: new\n"
    monkeypatch.setattr(os, "replace", _killed_after(1))  # the .bak renamed, then killed
    with pytest.raises(Killed):
        save_service(str(folder), "service: newer\n", {"newer": True})
    monkeypatch.undo()
    monkeypatch.setenv("HTTPAPI_WIZARD_STATE_DIR", str(tmp_path / "a-file" / "state"))
    assert recover(str(folder)).action == "cleaned"
    assert (folder / "serverless.yml").read_text() == "service: new\n"  # whole, as the renames left it


def test_text_that_utf8_cannot_write_is_a_save_error_naming_the_file(tmp_path):
    folder = project(tmp_path)
    before = snapshot(folder)
    with pytest.raises(SaveError, match=r"^serverless.yml: holds '\\udcff', which is no character UTF-8 can write; nothing was"):
        save(str(folder), [PlannedFile(TEMPLATE, "{}"), PlannedFile("serverless.yml", "handler: h\udcff.main\n")])
    assert snapshot(folder) == before


# ----- item 4: compile -o onto what is not a regular file ---------------------------------------


def run_cli(*args, cwd=None, timeout=30):
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "wizard", *args], capture_output=True, text=True, cwd=cwd, env=env,
                          timeout=timeout)


def test_compile_to_dev_null_writes_through_and_dev_null_stays_a_device():
    proc = run_cli("compile", "--example", "seed", "-o", "/dev/null")
    assert proc.returncode == 0, proc.stderr
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)  # as root, a rename would have made it a regular file


def test_compile_to_a_fifo_writes_through_to_its_reader_and_fails_fast_without_one(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    started = time.monotonic()
    proc = run_cli("compile", "--example", "seed", "-o", str(fifo), timeout=20)
    assert proc.returncode == 2 and time.monotonic() - started < 15  # never waits forever for a reader
    assert proc.stderr.strip().splitlines()[-1] == f"httpapi-wizard: {fifo}: is a FIFO that no process is reading; start the reader first (nothing was written)"
    reader = subprocess.Popen(["cat", str(fifo)], stdout=subprocess.PIPE)
    try:
        time.sleep(0.2)  # the reader opens the FIFO
        proc = run_cli("compile", "--example", "seed", "-o", str(fifo))
        out, _ = reader.communicate(timeout=20)
    finally:
        reader.kill()
    assert proc.returncode == 0, proc.stderr
    assert json.loads(out)["Resources"]["HttpApi"]["Type"] == "AWS::ApiGatewayV2::Api"
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_compile_to_a_folder_is_one_line_and_exit_2(tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    proc = run_cli("compile", "--example", "seed", "-o", str(folder))
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines()[-1] == (f"httpapi-wizard: {folder}: is a folder; name the file to write the "
                                                    f"template to (e.g. {folder}/template.json)")
    assert list(folder.iterdir()) == []


def test_compile_to_dev_stdout_reaches_a_pipe_and_a_redirected_file(tmp_path):
    proc = run_cli("compile", "--example", "seed", "-o", "/dev/stdout")
    assert proc.returncode == 0 and json.loads(proc.stdout)["Resources"]
    out = tmp_path / "out.json"
    with open(out, "w") as handle:
        code = subprocess.run([sys.executable, "-m", "wizard", "compile", "--example", "seed", "-o", "/dev/stdout"],
                              stdout=handle, stderr=subprocess.DEVNULL, env=dict(os.environ, PYTHONPATH=str(ROOT))).returncode
    assert code == 0 and json.loads(out.read_text())["Resources"]
    assert not stat.S_ISREG(os.lstat("/dev/stdout").st_mode)  # still the device (or its link), not a file put there


def test_compile_through_a_link_replaces_the_file_it_names_and_keeps_the_link(tmp_path):
    real = tmp_path / "real.json"
    real.write_text("old")
    real.chmod(0o640)
    link = tmp_path / "link.json"
    link.symlink_to(real)
    proc = run_cli("compile", "--example", "seed", "-o", str(link))
    assert proc.returncode == 0, proc.stderr
    assert link.is_symlink() and json.loads(real.read_text())["Resources"]
    assert stat.S_IMODE(real.stat().st_mode) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.json", "real.json"]  # no temporary left


# ----- item 8: names no file system accepts, folders in the way ---------------------------------


def test_names_over_255_bytes_or_with_nul_are_save_errors(tmp_path):
    folder = project(tmp_path)
    before = snapshot(folder)
    for relpath, message in (("a" * 251 + ".json", "256 bytes long"), ("é" * 128 + ".js", "259 bytes long"),
                             ("src/x\0y.js", "NUL")):
        with pytest.raises(SaveError, match=message):
            save(str(folder), [PlannedFile("serverless.yml", "service: new\n"), PlannedFile(relpath, "x")])
    assert snapshot(folder) == before
    with pytest.raises(SaveError, match="backup's name would be over 255 bytes"):
        name = "b" * 253 + ".j"
        (folder / name).write_text("x")
        save(str(folder), [PlannedFile(name, "y")])


def test_a_project_folder_whose_name_no_file_system_accepts_is_a_save_error(tmp_path):
    from wizard import examples
    from wizard.api import compile_file

    service = compile_file(examples.path("seed")).service
    for folder, message in ((f"{tmp_path}/a\0b", "NUL"), (f"{tmp_path}/{'n' * 300}", "300 bytes long")):
        with pytest.raises(SaveError, match=message):
            new_project(folder, service)
        with pytest.raises(SaveError, match=message):
            save(folder, [PlannedFile("serverless.yml", "service: x\n")])
        assert recover(folder) is None
    assert list(tmp_path.iterdir()) == []


def test_new_into_a_folder_where_a_planned_file_is_a_folder_is_a_save_error(tmp_path):
    from wizard import examples
    from wizard.api import compile_file

    service = compile_file(examples.path("seed")).service
    target = tmp_path / "p"
    (target / "serverless.yml").mkdir(parents=True)
    with pytest.raises(SaveError, match="already exists"):
        new_project(str(target), service)
    (target / "serverless.yml").rmdir()
    handler = next(iter(service.functions.values())).handler.rpartition(".")[0] + ".js"
    (target / handler).mkdir(parents=True)
    with pytest.raises(SaveError, match=f"{handler}: a folder is in the way of this file"):
        new_project(str(target), service)
    assert not (target / "serverless.yml").exists()
    (target / handler).rmdir()
    (target / handler.split("/")[0]).rmdir() if "/" in handler else None
    (target / handler.split("/")[0]).write_text("a file") if "/" in handler else None
    if "/" in handler:
        with pytest.raises(SaveError, match="is a file, not a folder"):
            new_project(str(target), service)


def test_the_cli_new_reports_a_folder_in_the_way_with_exit_2(tmp_path):
    (tmp_path / "p" / "serverless.yml").mkdir(parents=True)
    proc = run_cli("new", str(tmp_path / "p"), "--example", "seed", "--no-input")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr and "already exists" in proc.stderr


# ----- item 6: the set is saved whole ------------------------------------------------------------


def test_a_failure_in_the_middle_of_the_renames_puts_every_file_and_backup_back(tmp_path, monkeypatch):
    folder = project(tmp_path)
    (folder / YML_BAK).write_text("service: older\n")
    before = snapshot(folder)
    real_replace = os.replace

    def fail_on_the_last(src, dst):
        if str(dst).endswith("serverless.yml") and str(src).endswith(".next"):
            raise OSError(28, "No space left on device")
        return real_replace(src, dst)

    monkeypatch.setattr(os, "replace", fail_on_the_last)
    with pytest.raises(SaveError, match="serverless.yml: cannot replace \\(No space left on device\\); every file was put back"):
        save_service(str(folder), "service: new\n", {"new": True}, opened=True, opened_digest=digest("service: old\n"))
    assert snapshot(folder) == before
    assert not folder.joinpath(*STAGING).exists()


class Killed(BaseException):
    """What kill -9 does to a save: it stops between two steps, and no clean-up runs."""


def _killed_after(renames: int):
    """An os.replace that raises Killed at the rename after ``renames`` renames of staged files into the project."""
    real_replace = os.replace
    done = []

    def replace(src, dst):
        if str(src).endswith(".next"):
            if len(done) == renames:
                raise Killed
            done.append(dst)
        return real_replace(src, dst)

    return replace


def killed_save(monkeypatch, folder: Path, text: str, old: str, *, at: int) -> None:
    """Run save_service and stop it just before its ``at``-th rename into the project."""
    real_replace = os.replace
    renames = []

    def replace(src, dst):
        if str(src).endswith(".next"):
            renames.append(dst)
            if len(renames) == at:
                raise Killed
        return real_replace(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(Killed):
        save_service(str(folder), text, {"new": True}, opened=True, opened_digest=digest(old))
    monkeypatch.setattr(os, "replace", real_replace)


def test_recovery_completes_a_save_killed_after_its_journal(tmp_path, monkeypatch):
    folder = project(tmp_path)
    killed_save(monkeypatch, folder, "service: new\n", "service: old\n", at=3)  # both backups and the template in
    assert (folder / "serverless.yml").read_text() == "service: old\n"  # half-way: serverless.yml goes last
    result = recover(str(folder))
    assert result is not None and result.action == "completed" and result.files == [TEMPLATE, "serverless.yml"]
    assert "completed" in result.message
    assert (folder / "serverless.yml").read_text() == "service: new\n"
    assert json.loads((folder / TEMPLATE).read_text()) == {"new": True}
    assert (folder / YML_BAK).read_text() == "service: old\n"
    assert (folder / TEMPLATE_BAK).read_text() == '{"old": true}'
    assert not folder.joinpath(*STAGING).exists()
    assert recover(str(folder)) is None


def test_recovery_undoes_a_save_whose_file_was_edited_by_hand_since(tmp_path, monkeypatch):
    folder = project(tmp_path)
    killed_save(monkeypatch, folder, "service: new\n", "service: old\n", at=4)  # before serverless.yml
    (folder / "serverless.yml").write_text("service: typed by hand\n")
    result = recover(str(folder))
    assert result.action == "rolled back"
    assert (folder / "serverless.yml").read_text() == "service: typed by hand\n"  # the user's edit wins
    assert (folder / TEMPLATE).read_text() == '{"old": true}'  # what the save had replaced is put back


def test_opening_a_project_recovers_first(tmp_path, monkeypatch):
    from wizard.authoring.session import Session

    folder = project(tmp_path, yml=(ROOT / "wizard/examples/seed.yml").read_text())
    text = (folder / "serverless.yml").read_text()
    killed_save(monkeypatch, folder, text.replace("service: ", "service: renamed-"), text, at=4)
    session = Session.from_file(str(folder / "serverless.yml"))
    assert session.service.service.startswith("renamed-")
    assert not folder.joinpath(*STAGING).exists()


def test_temporaries_left_by_earlier_versions_are_cleaned_on_open(tmp_path):
    folder = project(tmp_path)
    (folder / ".serverless.yml.k3j_x9a2.tmp").write_text("half")
    (folder / f".{LEGACY_TEMPLATE}.ab12cd34.tmp").write_text("half")
    (folder / ".notes.ab12cd34.tmp").write_text("not ours")  # another program's: left alone
    result = recover(str(folder))
    assert result.action == "cleaned"
    assert sorted(result.files) == sorted([".serverless.yml.k3j_x9a2.tmp", f".{LEGACY_TEMPLATE}.ab12cd34.tmp"])
    assert sorted(p.name for p in folder.iterdir()) == [".notes.ab12cd34.tmp", ".serverless", "serverless.yml"]


def test_a_concurrent_save_of_the_same_project_is_refused(tmp_path):
    import fcntl

    folder = project(tmp_path)
    staging = folder.joinpath(*STAGING)
    staging.mkdir(parents=True)
    fd = os.open(staging, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        with pytest.raises(SaveError, match="another save of this project is in progress"):
            save(str(folder), [PlannedFile("serverless.yml", "service: new\n")])
        assert recover(str(folder)) is None  # recovery leaves a running save alone
    finally:
        os.close(fd)
    assert (folder / "serverless.yml").read_text() == "service: old\n"


# The saver the kill -9 test interrupts: saves its first version, then the other, in turn,
# forever. The contents are large enough (2 x 1 MB) that a random kill lands inside the
# writes and the renames as often as between saves.
SAVER = """
import sys
from wizard.authoring.save import PlannedFile, save
folder, first, then = sys.argv[1], open(sys.argv[2]).read(), open(sys.argv[3]).read()
print("ready", flush=True)
while True:
    for text in (first, then):
        save(folder, [PlannedFile("serverless.yml", "service: " + text), PlannedFile(TEMPLATE, text)])
""".replace("TEMPLATE", repr(TEMPLATE))


def test_kill_9_at_random_moments_leaves_the_old_set_or_the_new_one(tmp_path):
    """Issue 11, item 6: 250 kills once left mixed sets, truncated backups and 572 MB of temporaries."""
    rng = random.Random(11)
    versions = {}
    for name, letter in (("a", "A"), ("b", "B")):
        body = f"{letter}-" + "".join(rng.choice("xyz\n") for _ in range(1 << 20))
        (tmp_path / name).write_text(body)
        versions[letter] = body
    folder = tmp_path / "project"
    folder.mkdir()
    (folder / "serverless.yml").write_text("service: " + versions["B"])
    (folder / TEMPLATE).parent.mkdir(parents=True)
    (folder / TEMPLATE).write_text(versions["B"])
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    # Kills land over about two saves, however slow this machine's fsync is right now (a busy
    # disk makes one save take far longer than 0.12 s, and every kill would land in the first).
    (tmp_path / "timing").mkdir()
    started = time.monotonic()
    save(str(tmp_path / "timing"), [PlannedFile("serverless.yml", versions["A"]), PlannedFile(TEMPLATE, versions["A"])])
    span = max(0.12, 2.5 * (time.monotonic() - started))
    kills = 0
    seen = set()
    deadline = time.monotonic() + 20 + 16 * span
    while kills < 16 and time.monotonic() < deadline:
        on_disk = (folder / TEMPLATE).read_text()[0].lower()
        order = ["b", "a"] if on_disk == "a" else ["a", "b"]  # each kill interrupts a real change
        saver = subprocess.Popen([sys.executable, "-c", SAVER, str(folder), *(str(tmp_path / n) for n in order)],
                                 stdout=subprocess.PIPE, env=env)
        assert saver.stdout.readline() == b"ready\n"
        time.sleep(rng.uniform(0.0, span))
        os.kill(saver.pid, signal.SIGKILL)
        saver.wait()
        saver.stdout.close()
        kills += 1
        recover(str(folder))
        yml = (folder / "serverless.yml").read_text()
        template = (folder / TEMPLATE).read_text()
        assert yml.startswith("service: ")
        letter = template[0]
        assert yml == "service: " + versions[letter] and template == versions[letter], "a mixed set"
        seen.add(letter)
        for name, prefix in ((YML_BAK, "service: "), (TEMPLATE_BAK, "")):
            if (folder / name).exists():
                backup = (folder / name).read_text()
                assert backup in (prefix + versions["A"], prefix + versions["B"]), f"{name} truncated"
        if (folder / YML_BAK).exists() and (folder / TEMPLATE_BAK).exists():
            assert (folder / YML_BAK).read_text()[9] == (folder / TEMPLATE_BAK).read_text()[0]
        names = sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if not p.is_dir())
        assert set(names) <= {"serverless.yml", TEMPLATE, YML_BAK, TEMPLATE_BAK}, names
    assert kills >= 10
    assert seen == {"A", "B"}  # the kills landed on both sides of saves
