"""One access-log line per request, in the stage's format with its ``$context`` variables filled.

The format is ``provider.logs.httpApi.format`` (Serverless's default when it is ``true``,
and that default when access logs are off, so ``run`` always logs). Variables are those
of "Customizing HTTP API access logs" (http-api-logging-variables); one that has no value
for a request is ``-``, as in CloudWatch.
"""

from __future__ import annotations

import json
import re
import time

from ..model.http_api import DEFAULT_ACCESS_LOG_FORMAT

_VARIABLE = re.compile(r"\$context\.([A-Za-z0-9_]+(?:\.[A-Za-z0-9_-]+)*)")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def request_time(epoch_ms: int) -> str:
    """``10/Mar/2020:00:03:59 +0000``, the format of ``$context.requestTime``."""
    t = time.gmtime(epoch_ms / 1000)
    return f"{t.tm_mday:02d}/{_MONTHS[t.tm_mon - 1]}/{t.tm_year}:{t.tm_hour:02d}:{t.tm_min:02d}:{t.tm_sec:02d} +0000"


def _text(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        return json.dumps(value, separators=(",", ":"))
    return str(value)


class AccessLog:
    """Writes lines in one format; ``line(values)`` fills it from a dict of variables."""

    def __init__(self, fmt: str | None) -> None:
        self.format = fmt or DEFAULT_ACCESS_LOG_FORMAT

    def line(self, values: dict) -> str:
        """The format with each ``$context.name`` replaced by ``values[name]`` (``-`` when unknown)."""

        def fill(match: re.Match) -> str:
            text = _text(values.get(match.group(1)))
            return "-" if text is None else text

        return _VARIABLE.sub(fill, self.format)
