"""Opening a serverless.yml for editing keeps its bytes: CRLF, a BOM, no final newline (issue 11, item 7).

A CRLF file could never be saved from ``edit``: the digest was taken of the
newline-translated text and compared with the bytes on disk. Now the file is read as
bytes, edited as text with ``\\n`` line ends, and written back with its own newlines and
BOM; the on-disk check compares bytes with bytes.
"""

from __future__ import annotations

import hashlib

import pytest

from wizard.authoring.edit import Document
from wizard.authoring.opened_file import OpenedFile, OpenError, read_for_edit, split_conventions
from wizard.authoring.save import SaveError
from wizard.authoring.session import Session

LINES = [
    "service: crlf-api",
    "provider:",
    "  name: aws",
    "  runtime: nodejs20.x",
    "functions:",
    "  hello:",
    "    handler: src/hello.handler",
    "    events:",
    "      - httpApi: GET /hello",
]


def crlf(lines: list[str], final: bool = True) -> bytes:
    return ("\r\n".join(lines) + ("\r\n" if final else "")).encode("utf-8")


def test_a_crlf_file_is_saved_reopened_and_saved_again_byte_for_byte(tmp_path):
    target = tmp_path / "serverless.yml"
    original = crlf(LINES)
    target.write_bytes(original)

    session = Session.from_file(str(target))
    assert session.original_text == "\n".join(LINES) + "\n"  # the editor works on \n line ends
    session.set_service("runtime", "nodejs22.x")
    session.save()
    first = crlf(LINES[:3] + ["  runtime: nodejs22.x"] + LINES[4:])
    assert target.read_bytes() == first
    assert (tmp_path / ".serverless" / "httpapi-wizard" / "serverless.yml.bak").read_bytes() == original

    # Saved again from the same session: what it wrote is what it now compares with.
    session.set_service("memory_size", 512)
    session.save()
    second = crlf(LINES[:3] + ["  runtime: nodejs22.x", "  memorySize: 512"] + LINES[4:])
    assert target.read_bytes() == second

    # Opened again, a new route is written with CRLF too.
    session = Session.from_file(str(target))
    session.add_route("hello", "POST", "/hello")
    session.save()
    assert target.read_bytes() == crlf(LINES[:3] + ["  runtime: nodejs22.x", "  memorySize: 512"] + LINES[4:]
                                       + ["      - httpApi: POST /hello"])


def test_a_file_without_a_final_newline_stays_without_one(tmp_path):
    target = tmp_path / "serverless.yml"
    target.write_bytes(("\n".join(LINES[:7])).encode())  # ends with the handler, no newline
    session = Session.from_file(str(target))
    session.update_function("hello", memory_size=256)
    session.save()
    assert target.read_bytes() == ("\n".join(LINES[:7] + ["    memorySize: 256"])).encode()
    session.update_function("hello", memory_size=128)
    session.save()
    assert target.read_bytes() == ("\n".join(LINES[:7] + ["    memorySize: 128"])).encode()


def test_a_byte_order_mark_stays(tmp_path):
    target = tmp_path / "serverless.yml"
    target.write_bytes(b"\xef\xbb\xbf" + crlf(LINES))
    session = Session.from_file(str(target))
    assert not session.original_text.startswith("\ufeff")
    session.set_service("runtime", "nodejs22.x")
    session.save()
    assert target.read_bytes() == b"\xef\xbb\xbf" + crlf(LINES[:3] + ["  runtime: nodejs22.x"] + LINES[4:])


def test_a_change_on_disk_after_opening_is_still_refused(tmp_path):
    target = tmp_path / "serverless.yml"
    target.write_bytes(crlf(LINES))
    session = Session.from_file(str(target))
    target.write_bytes(crlf(LINES + ["      - httpApi: GET /other"]))
    session.set_service("runtime", "nodejs22.x")
    with pytest.raises(SaveError) as caught:
        session.save()
    assert str(caught.value) == ("serverless.yml: the file changed on disk since it was opened; nothing was written "
                                 "(reopen it, or save elsewhere)")
    assert target.read_bytes() == crlf(LINES + ["      - httpApi: GET /other"])


def test_read_for_edit_says_how_the_file_is_written(tmp_path):
    target = tmp_path / "serverless.yml"
    data = b"\xef\xbb\xbf" + crlf(LINES, final=False)
    target.write_bytes(data)
    opened = read_for_edit(str(target))
    assert opened == OpenedFile(str(target), "\n".join(LINES), "\r\n", True, hashlib.sha256(data).hexdigest())
    assert opened.on_disk(opened.text).encode() == data
    assert opened.digest_of(opened.text) == opened.digest


@pytest.mark.parametrize("text,body,newline,bom", [
    ("a: 1\r\nb: 2\r\n", "a: 1\nb: 2\n", "\r\n", False),
    ("a: 1\rb: 2\r", "a: 1\nb: 2\n", "\r", False),
    ("\ufeffa: 1\nb: 2", "a: 1\nb: 2", "\n", True),
    ("a: 1\r\nb: 2\n", "a: 1\r\nb: 2\n", "\n", False),  # mixed: kept as written
])
def test_line_ends_are_split_off_and_restored(text, body, newline, bom):
    assert split_conventions(text) == (body, newline, bom)
    doc = Document(text)
    assert doc.text == text


def test_a_document_writes_new_lines_with_the_files_line_ends():
    doc = Document("a:\r\n  b: 1\r\n")
    doc.set(("a", "c"), {"d": [1, 2]})
    assert doc.text == "a:\r\n  b: 1\r\n  c:\r\n    d:\r\n      - 1\r\n      - 2\r\n"


def _write(tmp_path, data: bytes) -> str:
    target = tmp_path / "serverless.yml"
    target.write_bytes(data)
    return str(target)


@pytest.mark.parametrize("data,where,message", [
    (b"service: caf\xe9\nprovider:\n  name: aws\n", "1:13",
     "error CONFIG_UNREADABLE not UTF-8 text (invalid continuation byte, byte 0xe9 at offset 12); "
     "save it as UTF-8"),
    (b"service: s\nprovider:\n  - name: aws\n", "3:3",
     "error EDIT-NOT-A-MAPPING provider is a list here; edit needs a mapping of settings such as name: aws"),
    (b"service: s\nprovider: gcp\n", "2:11",
     "error EDIT-NOT-A-MAPPING provider is a string here; edit needs a mapping of settings such as name: aws"),
    (b"service: s\nprovider:\n  name: aws\nfunctions:\n  - hello:\n      handler: h.main\n", "5:3",
     "error EDIT-NOT-A-MAPPING functions is a list here; edit needs a mapping of functions by name"),
    (b"service: s\nfunctions:\n  hello:\n    - handler: h.main\n", "4:5",
     "error EDIT-NOT-A-MAPPING functions.hello is a list here; edit needs a mapping (handler: ..., events: ...)"),
    (b"- service: s\n", "1:1",
     "error CONFIG_NOT_A_MAPPING the file is a list, not a mapping of settings (service:, provider:, functions:)"),
    (b"service: s\nprovider: [\n", "3:1", "error CONFIGURATION_PARSE_ERROR (YAML_SYNTAX) unexpected end of the stream within a flow collection"),
])
def test_a_file_that_cannot_be_edited_is_a_located_error(tmp_path, data, where, message):
    path = _write(tmp_path, data)
    with pytest.raises(OpenError) as caught:
        read_for_edit(path)
    assert str(caught.value) == f"{path}:{where}: {message}"
    with pytest.raises(SaveError) as caught:  # the wizard's opening reports it the same way
        Session.from_file(path)
    assert str(caught.value) == f"{path}:{where}: {message}"


def test_a_missing_file_or_a_folder_is_an_open_error(tmp_path):
    missing = str(tmp_path / "nope.yml")
    with pytest.raises(OpenError) as caught:
        read_for_edit(missing)
    assert str(caught.value) == f"{missing}: error CONFIG_NOT_FOUND no such file"
    with pytest.raises(OpenError) as caught:
        read_for_edit(str(tmp_path))
    assert str(caught.value) == f"{tmp_path}: error CONFIG_NOT_FOUND is a directory, not a serverless.yml"


def test_validate_names_the_first_byte_that_is_not_utf8(tmp_path):
    from wizard.api import compile_file

    path = _write(tmp_path, b"service: s\nprovider:\n  name: \xff\xfe\n")
    assert [d.format() for d in compile_file(path).errors] == [
        f"{path}:3:9: error CONFIG_UNREADABLE not UTF-8 text (invalid start byte, byte 0xff at offset 29); save it as UTF-8"]
