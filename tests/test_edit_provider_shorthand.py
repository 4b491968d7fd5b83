"""`provider: aws` written as a string, in `edit`.

Serverless's service loader reads a provider that is not an object as ``{name: aws}``
(lib/classes/service.js, loadServiceFileParam: "we support string by schema"), and
`compile` does too; `edit` opens such a file, keeps the line while no provider setting
changes, and writes the mapping out when one does.
"""

from __future__ import annotations

import pytest

from wizard.api import compile_text
from wizard.authoring.opened_file import OpenError, read_for_edit
from wizard.authoring.session import Session

TEXT = ("service: shorthand\n"
        "provider: aws  # Serverless's shorthand\n"
        "functions:\n"
        "  hello:\n"
        "    handler: handler.hello\n"
        "    events:\n"
        "      - httpApi: GET /hello\n")


@pytest.fixture
def opened(tmp_path):
    path = tmp_path / "serverless.yml"
    path.write_text(TEXT)
    return Session.from_file(str(path))


def test_a_route_added_leaves_the_shorthand_as_written(opened):
    opened.add_route("hello", "POST", "/hello")
    assert opened.serverless_yml() == TEXT + "      - httpApi: POST /hello\n"


def test_a_provider_setting_writes_the_mapping_serverless_reads(opened):
    opened.set_service("runtime", "nodejs22.x")
    text = opened.serverless_yml()
    assert text == TEXT.replace("provider: aws  # Serverless's shorthand\n",
                                "provider:  # Serverless's shorthand\n  name: aws\n  runtime: nodejs22.x\n")
    result = compile_text(text, "serverless.yml", env={})
    assert result.template["Resources"]["HelloLambdaFunction"]["Properties"]["Runtime"] == "nodejs22.x"


def test_another_string_provider_is_still_refused(tmp_path):
    path = tmp_path / "serverless.yml"
    path.write_text(TEXT.replace("provider: aws  # Serverless's shorthand", "provider: azure"))
    with pytest.raises(OpenError) as caught:
        read_for_edit(str(path))
    assert caught.value.diagnostic.code == "EDIT-NOT-A-MAPPING"
    assert (caught.value.diagnostic.line, caught.value.diagnostic.column) == (2, 11)
