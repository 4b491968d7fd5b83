"""Which check findings to leave out: ``--ignore`` and ``custom.httpapiWizard.ignore``.

Only design-time checks can be ignored: Serverless's own errors stop the template and
its warnings are its own (``configValidationMode`` governs its schema's). A code that is
not a check's, or a malformed setting, is itself reported, where it was written.
``custom`` is free-form in Serverless v3.39's schema, so the setting does not make
Serverless complain.
"""

from __future__ import annotations

import json

from ..diagnostics import WARNING, WIZARD, Diagnostic
from .registry import RULES_BY_CODE

SETTINGS_PATH = ("custom", "httpapiWizard")
IGNORE_PATH = SETTINGS_PATH + ("ignore",)
KNOWN_SETTINGS = ("ignore",)
# Where a code given to the library (the CLI's --ignore) is reported: not in the file.
ARGUMENT = "--ignore"


def _unknown(code, path: tuple, file: str | None) -> Diagnostic:
    # As YAML wrote it (null, 5, {"a": 1}), not as Python would (None).
    shown = code if isinstance(code, str) else json.dumps(code, ensure_ascii=False, default=str)
    return Diagnostic(
        "HTTPAPI-IGNORE-UNKNOWN", WARNING,
        f"'{shown}' is not the code of a design-time check, so it ignores nothing; only the checks' HTTPAPI- codes "
        "can be ignored (README, Design-time checks), not Serverless's own errors and warnings",
        path, file, origin=WIZARD,
    )


def _settings(path: tuple, message: str) -> Diagnostic:
    return Diagnostic("HTTPAPI-WIZARD-SETTINGS", WARNING, message, path, origin=WIZARD)


def _normal(code) -> str | None:
    """The code as a check's (``HTTPAPI-...``), or None for what is no text (a number, a list, a mapping)."""
    return code.strip().upper() if isinstance(code, str) else None


def ignored_codes(arguments, config: dict | None) -> tuple[frozenset, list[Diagnostic]]:
    """(the codes to leave out, the problems found in how they were given)."""
    codes: set = set()
    problems: list[Diagnostic] = []
    for code in arguments or ():
        if _normal(code) in RULES_BY_CODE:
            codes.add(_normal(code))
        else:
            problems.append(_unknown(code, (), ARGUMENT))
    custom = config.get("custom") if isinstance(config, dict) else None
    settings = custom.get("httpapiWizard") if isinstance(custom, dict) else None
    if settings is None:
        return frozenset(codes), problems
    if not isinstance(settings, dict):
        problems.append(_settings(SETTINGS_PATH, "custom.httpapiWizard must be a mapping, e.g. `ignore: [HTTPAPI-ROUTE-REDUNDANT]`"))
        return frozenset(codes), problems
    for key in settings:
        if key not in KNOWN_SETTINGS:
            problems.append(_settings(SETTINGS_PATH + (key,), f"custom.httpapiWizard.{key} is not a setting of "
                                      f"httpapi-wizard (there is: {', '.join(KNOWN_SETTINGS)}); it is left unused"))
    listed = settings.get("ignore")
    if listed is None:
        return frozenset(codes), problems
    if not isinstance(listed, list):
        problems.append(_settings(IGNORE_PATH, "custom.httpapiWizard.ignore must be a list of check codes, "
                                  "e.g. [HTTPAPI-ROUTE-REDUNDANT]"))
        return frozenset(codes), problems
    for index, code in enumerate(listed):
        if _normal(code) in RULES_BY_CODE:
            codes.add(_normal(code))
        else:
            problems.append(_unknown(code, IGNORE_PATH + (index,), None))
    return frozenset(codes), problems
