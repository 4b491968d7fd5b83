"""``KEY=value`` lines, as people type environment variables, into a mapping and its problems."""

from __future__ import annotations

import re

# Lambda's rule for environment variable names (the API rejects others at deploy time).
_ENV_NAME = re.compile(r"[a-zA-Z][a-zA-Z0-9_]*\Z")
# Lambda sets these itself and refuses them in a function's configuration.
RESERVED = frozenset({
    "_HANDLER", "_X_AMZN_TRACE_ID", "AWS_DEFAULT_REGION", "AWS_REGION", "AWS_EXECUTION_ENV", "AWS_LAMBDA_FUNCTION_NAME",
    "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "AWS_LAMBDA_FUNCTION_VERSION", "AWS_LAMBDA_INITIALIZATION_TYPE",
    "AWS_LAMBDA_LOG_GROUP_NAME", "AWS_LAMBDA_LOG_STREAM_NAME", "AWS_ACCESS_KEY", "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_LAMBDA_RUNTIME_API", "LAMBDA_TASK_ROOT", "LAMBDA_RUNTIME_DIR",
})


def _parse_pairs(text: str, form: str, refusal) -> tuple[dict[str, str], list[str]]:
    """``name=value`` lines (blank lines and ``#`` comments skipped) into a mapping, with a
    located problem for each line that is malformed, repeated, or that ``refusal`` turns down
    (it returns why, or None)."""
    values: dict[str, str] = {}
    problems: list[str] = []
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        name, sep, value = stripped.partition("=")
        name, value = name.strip(), value.strip()
        why = None if not sep or not name else refusal(name, value)
        if not sep or not name:
            problems.append(f"line {number}: write {form} (got {stripped!r})")
        elif why:
            problems.append(f"line {number}: {why}")
        elif name in values:
            problems.append(f"line {number}: {name} is set twice")
        else:
            values[name] = value
    return values, problems


def _environment_refusal(name: str, value: str) -> str | None:
    if not _ENV_NAME.match(name):
        return f"{name!r} is not a valid variable name (a letter, then letters, digits, _)"
    if name in RESERVED:
        return f"Lambda sets {name} itself and refuses it here"
    return None


def parse_environment(text: str) -> tuple[dict[str, str], list[str]]:
    """The variables of ``text``: one ``KEY=value`` per line."""
    return _parse_pairs(text, "KEY=value", _environment_refusal)


def format_environment(values: dict | None) -> str:
    """The inverse of ``parse_environment``, for showing a function's variables."""
    return "\n".join(f"{k}={v}" for k, v in (values or {}).items())


# AWS's tag rules: keys up to 128 characters, values up to 256, from this set; "aws:" is AWS's own prefix.
_TAG_TEXT = re.compile(r"[\w\s.:/=+\-@]*\Z", re.UNICODE)


def _tag_refusal(name: str, value: str) -> str | None:
    if name.lower().startswith("aws:"):
        return "tag keys starting with aws: are reserved for AWS"
    if len(name) > 128 or len(value) > 256:
        return "a tag key has at most 128 characters, a value at most 256"
    if not _TAG_TEXT.match(name) or not _TAG_TEXT.match(value):
        return "tags use letters, digits, spaces and _ . : / = + - @ only"
    return None


def parse_tags(text: str) -> tuple[dict[str, str], list[str]]:
    """The tags of ``text`` (one ``Key=value`` per line), with a problem per line AWS would refuse."""
    return _parse_pairs(text, "Key=value", _tag_refusal)
