"""The configuration's own findings that bear on one request's answer.

A finding about the route that answered (its ``httpApi`` event), the authorizer it uses,
the API's CORS settings or the payload format can change what API Gateway does, so the
explanation shows it beside the steps. Some findings mean more than their words say
for a request; those get a line of what they change (``scopes:`` written beside
``authorizer:`` is dropped by Serverless, so the route checks no scope).
"""

from __future__ import annotations

# Keys that belong elsewhere when written on an httpApi event, and what that changes.
_MISPLACED = {
    "scopes": "Serverless drops 'scopes' written beside 'authorizer:' (it belongs under it), so this route checks "
              "no scope: any valid token passes",
    "cors": "Serverless drops 'cors' on an httpApi event: CORS is configured for the whole API under "
            "provider.httpApi.cors, so this route gets no CORS settings from it",
}


class Finding:
    """One diagnostic as the explanation shows it, with what it changes for this request."""

    __slots__ = ("diagnostic", "meaning")

    def __init__(self, diagnostic, meaning: str | None) -> None:
        self.diagnostic = diagnostic
        self.meaning = meaning

    def to_dict(self) -> dict:
        out = self.diagnostic.to_dict()
        out["meaning"] = self.meaning
        return out

    def text(self) -> str:
        d = self.diagnostic
        where = f" (line {d.line})" if getattr(d, "line", None) else ""
        return f"{d.severity} {d.code}{where}: {d.message}" + (f" -> {self.meaning}" if self.meaning else "")


def _meaning(diagnostic, event_path: tuple, route) -> str | None:
    path = tuple(diagnostic.path)
    if not event_path or len(path) != len(event_path) + 1 or path[:-1] != event_path or path[-1] not in _MISPLACED:
        return None
    if path[-1] == "scopes" and route.auth is None:
        return "'scopes' mean nothing without an authorizer: this route has none"
    return _MISPLACED[path[-1]]


def relevant(diagnostics, match, cors_applies: bool) -> list[Finding]:
    """The findings among ``diagnostics`` about what decided this request."""
    if not diagnostics or match is None:
        return []
    route = match.route
    function = route.function
    event_path = tuple(getattr(route.event, "path", None) or ())
    prefixes = [event_path] if event_path else []
    auth = route.auth
    if auth is not None and auth.authorizer is not None and auth.authorizer.path:
        prefixes.append(tuple(auth.authorizer.path))
    if cors_applies:
        prefixes.append(("provider", "httpApi", "cors"))
    prefixes.append(("provider", "httpApi", "payload"))
    prefixes.append(("functions", function.key, "httpApi"))
    found = []
    for diagnostic in diagnostics:
        path = tuple(getattr(diagnostic, "path", ()) or ())
        if any(path[:len(prefix)] == prefix for prefix in prefixes):
            found.append(Finding(diagnostic, _meaning(diagnostic, event_path, route)))
    return found
