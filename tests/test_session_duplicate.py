"""Duplicating a function of an opened file: the copy is written as the original is written.

The model holds values with their variables resolved (``${self:custom.mem}`` is 512 there);
a duplicate written from the model froze them, so the copy no longer followed the stage,
the environment or the custom block the way the user wrote it. The copy must carry the
original's text (variables, keys the compiler does not model such as ``layers``), without
its events, plus only what was changed on it since.
"""

from __future__ import annotations

import copy

import pytest
from wild import FILES

from wizard.api import compile_text
from wizard.authoring.opened_file import OpenError
from wizard.authoring.session import Session
from wizard.loading.yaml_loader import load_yaml

SOURCE = """\
service: dup
frameworkVersion: '3'
custom:
  mem: 512
provider:
  name: aws
  runtime: nodejs20.x
functions:
  hello:
    handler: handler.hello  # the greeting
    memorySize: ${self:custom.mem}
    environment:
      TABLE: ${env:TABLE_NAME, 'users'}
      STAGE: ${sls:stage}
    layers:
      - arn:aws:lambda:us-east-1:123456789012:layer:x:1
    events:
      - httpApi: GET /hello
      - schedule: rate(1 hour)
"""


def opened(tmp_path, text: str = SOURCE) -> Session:
    path = tmp_path / "serverless.yml"
    path.write_text(text)
    return Session.from_file(str(path))


def data_of(text: str):
    """The file's data as written (tags such as !Sub and ${...} kept as text): the project's own loader."""
    return load_yaml(text)[0]


def functions_of(text: str) -> dict:
    return data_of(text)["functions"]


def test_a_duplicate_keeps_the_variables_as_written_and_drops_the_events(tmp_path):
    session = opened(tmp_path)
    name = session.duplicate_function("hello")
    text = session.serverless_yml()
    written = functions_of(text)
    assert name == "helloCopy"
    assert written["helloCopy"] == {k: v for k, v in written["hello"].items() if k != "events"}
    assert written["helloCopy"]["memorySize"] == "${self:custom.mem}"
    assert written["helloCopy"]["environment"] == {"TABLE": "${env:TABLE_NAME, 'users'}", "STAGE": "${sls:stage}"}
    # The original's lines are untouched: the copy is only added after them.
    assert text.startswith(SOURCE)
    # And the file compiles to what the model says (the copy resolves as the original does).
    result = compile_text(text, str(tmp_path / "serverless.yml"), env={})
    assert result.service.functions["helloCopy"].memory_size == 512


def test_what_is_changed_on_the_copy_is_written_and_the_rest_stays_as_written(tmp_path):
    session = opened(tmp_path)
    name = session.duplicate_function("hello")
    session.update_function(name, timeout=10)
    session.rename_function(name, "helloAgain")
    written = functions_of(session.serverless_yml())
    assert "helloCopy" not in written
    assert written["helloAgain"]["timeout"] == 10
    assert written["helloAgain"]["memorySize"] == "${self:custom.mem}"
    assert written["helloAgain"]["layers"] == ["arn:aws:lambda:us-east-1:123456789012:layer:x:1"]


def test_a_copy_of_a_copy_is_written_from_the_file_s_original_and_undo_restores_the_file(tmp_path):
    session = opened(tmp_path)
    first = session.duplicate_function("hello")
    second = session.duplicate_function(first)
    written = functions_of(session.serverless_yml())
    assert written[second]["memorySize"] == "${self:custom.mem}"
    session.undo()
    session.undo()
    assert session.serverless_yml() == SOURCE


def test_a_changed_original_is_copied_with_its_change(tmp_path):
    session = opened(tmp_path)
    session.update_function("hello", memory_size=256)
    name = session.duplicate_function("hello")
    written = functions_of(session.serverless_yml())
    assert written["hello"]["memorySize"] == 256 and written[name]["memorySize"] == 256
    assert written[name]["environment"]["STAGE"] == "${sls:stage}"


def _with_variables(path) -> list[str]:
    try:
        data = data_of(path.read_text(encoding="utf-8"))
    except Exception:  # noqa: BLE001 - a file that does not load has no function to copy
        return []
    functions = data.get("functions") if isinstance(data, dict) else None
    if not isinstance(functions, dict):
        return []
    return [key for key, fn in functions.items()
            if isinstance(fn, dict) and "${" in repr({k: v for k, v in fn.items() if k != "events"})]


WILD = [(path, key) for path in FILES for key in _with_variables(path)[:1]]


@pytest.mark.parametrize("path,key", WILD, ids=[f"{p.stem}:{k}" for p, k in WILD])
def test_every_wild_function_with_variables_is_duplicated_as_written(tmp_path, path, key):
    target = tmp_path / "serverless.yml"
    target.write_bytes(path.read_bytes())
    try:
        session = Session.from_file(str(target))
    except OpenError:
        pytest.skip("a file the wizard refuses to edit (tested elsewhere)")
    if key not in session.service.functions:
        pytest.skip("a function the model does not hold as written")
    original = data_of(target.read_text())
    name = session.duplicate_function(key)
    text = session.serverless_yml()
    written = data_of(text)
    expected = copy.deepcopy(original["functions"][key])
    expected.pop("events", None)
    assert written["functions"][name] == expected
    # Nothing else of the file moved: removing the copy gives back the file as loaded.
    del written["functions"][name]
    assert written == original


def test_the_wild_corpus_has_functions_with_variables():
    assert len(WILD) >= 5  # the rule is tested on real files, not only on the example above
