"""Routes in plain words, and sample requests that reach them: for newcomers and for trying.

A newcomer types ``/users/{id}/files/{path+}`` and should read what it means before
deploying: which requests it answers and what the function gets from them.
"""

from __future__ import annotations

import re

_PARAMETER = re.compile(r"\{([^}+]+)(\+?)\}")


def sample_line(route_key: str) -> str:
    """A request line that ``route_key`` answers, its path parameters filled with samples."""
    if route_key.strip() == "*":
        return "GET /anything"
    method, _, path = route_key.strip().partition(" ")
    path = _PARAMETER.sub(lambda m: "a/b" if m.group(2) else "42", path.strip() or "/")
    method = method.upper()
    return f"{'GET' if method in ('ANY', '*') else method} {path}"


def sample_request(http_api) -> str:
    """A request the first concrete route answers."""
    for route in (http_api.routes.values() if http_api is not None else ()):
        if route.route_key != "*":
            return sample_line(route.route_key)
    return "GET /"


def describe_method(method: str) -> str:
    method = method.upper()
    if method in ("ANY", "*"):
        return "any method (GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS)"
    return f"{method} requests only"


def describe_path(path: str) -> str:
    """What ``path`` matches, in words, with an example; assumes it passed the checks."""
    if path == "*":
        return ("The catch-all ($default) route: it answers every request that no other route matches, "
                "whatever its method and path.")
    parameters = _PARAMETER.findall(path)
    if not parameters:
        return f"Matches exactly {path} (and nothing below it, like {path.rstrip('/')}/x)."
    example = _PARAMETER.sub(lambda m: "a/b/c" if m.group(2) else "42", path)
    words = []
    for name, greedy in parameters:
        if greedy:
            words.append(f"{{{name}+}} takes the rest of the path, slashes included (here a/b/c)")
        else:
            words.append(f"{{{name}}} takes exactly one segment, no slash (here 42)")
    given = ", ".join(f"pathParameters.{name}" for name, _ in parameters)
    return f"Matches paths like {example}: " + "; ".join(words) + f". Your function reads them as {given}."
