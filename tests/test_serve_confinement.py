"""Untrusted input (what a browser visitor of `serve` types) is resolved against nothing of the host.

Issue 11, item 1: ``${file(/etc/passwd)}`` or ``${file(/proc/self/environ)}`` typed into the
Service field came back in the Problems panel and in the downloaded template. A confined
compile (``compile_text(..., confined=True)``, what a web session uses) reads no ``env`` and no
file outside the service folder, links resolved; the variable stays a visible placeholder.
Unconfined compiles keep Serverless's behaviour, which reads any path it is given.
"""

from __future__ import annotations

import io
import json
import zipfile

import pytest

from wizard.api import compile_text
from wizard.authoring.session import Session
from wizard.loading.config import load_config_text

BASE = "service: svc\nprovider:\n  name: aws\n  runtime: nodejs20.x\nfunctions:\n  f:\n    handler: h.h\n"
SECRET = "s3cr3t-marker-4b1d"


@pytest.fixture
def layout(tmp_path):
    """A service folder, and a secret file beside it (outside it)."""
    service = tmp_path / "service"
    service.mkdir()
    (tmp_path / "secret.txt").write_text(SECRET)
    (tmp_path / "secret.yml").write_text(f"key: {SECRET}\n")
    return service


def _compile(text, service, **kwargs):
    return compile_text(text, str(service / "serverless.yml"), service_dir=str(service), **kwargs)


def _load(text, service, *, env=None, confined=False) -> dict:
    loaded = load_config_text(text, str(service / "serverless.yml"), env=env or {}, service_dir=str(service),
                              confined=confined)
    assert not [d for d in loaded.diagnostics if d.is_error], [d.format() for d in loaded.diagnostics]
    return loaded.raw


def _everything(result) -> str:
    """All a visitor could see: the template and every diagnostic's message."""
    return json.dumps(result.template) + "\n".join(d.format() for d in result.diagnostics)


def _confined(result):
    return [d for d in result.diagnostics if d.code == "VARIABLE_SOURCE_CONFINED"]


@pytest.mark.parametrize("reference", ["${file(%(abs)s)}", "${file(../secret.txt)}", "${file(./../secret.txt)}",
                                       "${file(../secret.yml):key}", "${file(/proc/self/environ)}"])
def test_a_file_outside_the_service_folder_is_not_read(layout, reference):
    ref = reference % {"abs": layout.parent / "secret.txt"}
    text = BASE + f"custom:\n  stolen: {ref}\n  name: x-{ref}\n"
    result = _compile(text, layout, confined=True, lenient=True)
    assert SECRET not in _everything(result)
    found = _confined(result)
    assert [(d.severity, d.path, d.line) for d in found] == [("warning", ("custom", "stolen"), 9),
                                                             ("warning", ("custom", "name"), 10)]
    assert "is outside the project folder and is not read" in found[0].message
    assert "(kept as a placeholder)" in found[0].message


def test_unconfined_compiles_still_read_outside_files_as_serverless_does(layout):
    """Confinement is opt-in: `validate`, `compile` and `edit` read what the file names, as Serverless does."""
    raw = _load(BASE + "custom:\n  read: ${file(../secret.txt)}\n", layout)
    assert raw["custom"]["read"] == SECRET


def test_strictly_a_refused_source_is_an_error_at_its_line(layout):
    result = _compile(BASE + "custom:\n  stolen: ${file(../secret.txt)}\n", layout, confined=True)
    assert result.template is None
    [error] = result.errors
    assert (error.code, error.severity, error.line, error.column) == ("VARIABLE_SOURCE_CONFINED", "error", 9, 11)
    assert SECRET not in error.format()


def test_a_missing_outside_file_is_refused_with_the_same_message_as_an_existing_one(layout):
    """No probe: a visitor cannot tell from the message whether a host path exists."""
    present = _compile(BASE + f"custom:\n  a: ${{file({layout.parent / 'secret.txt'})}}\n", layout, confined=True, lenient=True)
    absent = _compile(BASE + f"custom:\n  a: ${{file({layout.parent / 'nothing.txt'})}}\n", layout, confined=True, lenient=True)
    message = _confined(present)[0].message
    assert _confined(absent)[0].message == message.replace("secret.txt", "nothing.txt")


def test_a_link_inside_the_folder_that_leads_out_is_not_followed(layout):
    (layout / "innocent.txt").symlink_to(layout.parent / "secret.txt")
    (layout / "sub").symlink_to(layout.parent)
    text = BASE + "custom:\n  a: ${file(./innocent.txt)}\n  b: ${file(./sub/secret.yml):key}\n"
    result = _compile(text, layout, confined=True, lenient=True)
    assert SECRET not in _everything(result)
    assert [d.path for d in _confined(result)] == [("custom", "a"), ("custom", "b")]


def test_files_inside_the_folder_are_still_read(layout):
    (layout / "settings.yml").write_text("memory: 512\n")
    (layout / "notes.txt").write_text("hello")
    raw = _load(BASE + "custom:\n  memory: ${file(./settings.yml):memory}\n  notes: ${file(notes.txt)}\n", layout,
                confined=True)
    assert raw["custom"] == {"memory": 512, "notes": "hello"}


def test_env_is_not_read_even_when_given(layout):
    env = {"SECRET_TOKEN": SECRET, "HOME": "/home/someone"}
    text = BASE + "custom:\n  token: ${env:SECRET_TOKEN}\n  home: ${env:HOME}\n"
    result = _compile(text, layout, confined=True, lenient=True, env=env)
    assert SECRET not in _everything(result) and "/home/someone" not in _everything(result)
    assert [d.path for d in _confined(result)] == [("custom", "token"), ("custom", "home")]
    assert '"env:SECRET_TOKEN" is not read' in _confined(result)[0].message


def test_a_refused_source_falls_over_to_the_next_one_as_if_absent(layout):
    text = BASE + "custom:\n  stage: ${env:STAGE, 'dev'}\n  size: ${file(../secret.yml):key, 128}\n"
    assert _load(text, layout, confined=True, env={"STAGE": "prod"})["custom"] == {"stage": "dev", "size": 128}
    assert _load(text, layout, env={"STAGE": "prod"})["custom"] == {"stage": "prod", "size": SECRET}


def test_dotenv_is_not_loaded_under_confinement(layout):
    (layout / ".env").write_text(f"FROM_DOTENV={SECRET}\n")
    text = "useDotenv: true\n" + BASE + "custom:\n  v: ${env:FROM_DOTENV, 'none'}\n"
    assert _load(text, layout, confined=True)["custom"]["v"] == "none"
    assert _load(text, layout)["custom"]["v"] == SECRET  # the same file is read when the input is trusted


def test_a_confined_session_compiles_confined(layout):
    session = Session.from_example("seed", str(layout), confined=True)
    session.set_service("name", f"${{file({layout.parent / 'secret.txt'})}}")
    result = session.compile()
    assert SECRET not in _everything(result)
    assert [d.code for d in result.diagnostics if d.path == ("service",)][0] == "VARIABLE_SOURCE_CONFINED"
    name, data = session.archive()
    archive = zipfile.ZipFile(io.BytesIO(data))
    assert all(SECRET.encode() not in archive.read(n) for n in archive.namelist())
    unconfined = Session.from_example("seed", str(layout))
    unconfined.set_service("name", f"${{file({layout.parent / 'secret.txt'})}}")
    assert SECRET in _everything(unconfined.compile())  # what the session did before: the test can fail


@pytest.mark.parametrize("typed", ["/", "../../../../../../../..", "..", "ABSOLUTE"])
def test_the_folder_a_visitor_types_in_review_moves_no_read_onto_the_host(layout, typed, monkeypatch):
    """A probe of issue 11: in a browser, Review's Folder field set to `/` (or `../../..`, or the
    folder of a host file) made `${file(/etc/passwd)}` count as inside the project, and the file
    came back in the Problems panel and the zip. The folder only names the download."""
    monkeypatch.chdir(layout.parent)
    session = Session.from_example("seed", "service", confined=True)
    session.set_target(directory=str(layout.parent) if typed == "ABSOLUTE" else typed)
    for reference, code in ((f"${{file({layout.parent / 'secret.txt'})}}", "VARIABLE_SOURCE_CONFINED"),
                            ("${file(../secret.txt)}", "VARIABLE_SOURCE_CONFINED"),
                            ("${file(secret.txt)}", "VARIABLE_VALUE_NOT_FOUND")):  # looked for in the project folder
        session.set_service("name", reference)
        result = session.compile()
        assert SECRET not in _everything(result), reference
        assert [d.code for d in result.diagnostics if d.path == ("service",)][0] == code
        name, data = session.archive()
        archive = zipfile.ZipFile(io.BytesIO(data))
        assert all(SECRET.encode() not in archive.read(n) for n in archive.namelist())


@pytest.mark.parametrize("typed, folder", [("/", "service"), ("..", "service"), ("../../..", "service"), (".", "service"),
                                           ("", "service"), ("/etc/", "etc"), ("a/b/../c", "c"), ("shop-api", "shop-api")])
def test_a_browser_download_is_named_by_what_was_typed_never_by_the_hosts_folders(layout, typed, folder, monkeypatch):
    """`..` typed in a browser named the zip after the server's folder above the sandbox (`tmp`)."""
    monkeypatch.chdir(layout)
    session = Session.from_example("seed", "service", confined=True)
    session.set_target(directory=typed)
    name, data = session.archive()
    assert name == f"{folder}.zip"
    assert {n.split("/")[0] for n in zipfile.ZipFile(io.BytesIO(data)).namelist()} == {folder}
