"""What-if questions a form asks before (or while) a value goes into the model.

Each answer is what the compiler and the design-time checks say: the change is made on
a throwaway copy of the session, compiled, and the findings about the place it touches
are returned. A form therefore shows exactly what the Problems panel and ``validate``
would show for the same value. The only answers not from a compile are those no file
could express (two entries with one name: YAML refuses the file itself).
"""

from __future__ import annotations

import copy

from ...diagnostics import ERROR, INFO, Diagnostic, sort_key
from ...model.copying import copy_model


def at(diagnostics, path: tuple, exact: bool = False) -> list:
    """The diagnostics about ``path``: there or, unless ``exact``, anywhere below it."""
    path = tuple(path)
    n = len(path)
    return [d for d in diagnostics if (tuple(d.path) == path if exact else tuple(d.path[:n]) == path)]


def ordered(diagnostics) -> list:
    """Errors first, then warnings, then notes; each kind in file order."""
    rank = {ERROR: 0, INFO: 2}
    return sorted(diagnostics, key=lambda d: (rank.get(d.severity, 1),) + sort_key(d))


def blocking(diagnostics) -> bool:
    return any(d.severity == ERROR for d in diagnostics)


def _taken(what: str, name: str, path: tuple) -> Diagnostic:
    # What the YAML loader answers a file holding the key twice (loading/yaml_loader.py).
    return Diagnostic("CONFIGURATION_PARSE_ERROR", ERROR, f'duplicated mapping key "{name}": there is already {what} '
                      f'{name!r}', path, reason="YAML_SYNTAX")


class Probes:
    """Mixed into Session."""

    def findings_at(self, path: tuple, exact: bool = False) -> list:
        """What the current compile says about ``path`` (see ``at``), errors first."""
        return ordered(at(self.compile().diagnostics, path, exact))

    def trial(self):
        """A copy of this session to try a change on: no history, no listeners, nothing saved."""
        trial = copy.copy(self)
        trial.service = copy_model(self.service)
        trial._listeners = []
        trial.history = type(self.history)()
        trial._cache = None
        trial._depth = 0
        return trial

    def probe(self, change, where: tuple, *, new_only: tuple = ()) -> list:
        """Make ``change(trial)`` on a trial session and return the findings at ``where``, plus those with a
        code starting with one of ``new_only`` that appear anywhere and were not there before (a conflict
        between two routes is reported at the other one)."""
        trial = self.trial()
        change(trial)
        after = trial.compile().diagnostics
        found = at(after, where)
        if new_only:
            before = {(d.code, d.message) for d in self.compile().diagnostics}
            found += [d for d in after if d not in found and d.code.startswith(new_only) and (d.code, d.message) not in before]
        return ordered(found)

    # ----- routes --------------------------------------------------------------------------

    def probe_route(self, function: str, method: str, path: str, *, authorizer: str | None = None, scopes=None,
                    authorizer_id: str | None = None, editing: tuple[str, int] | None = None) -> list:
        """What adding this route (or changing the route ``editing``, a (function, index) pair, into it) brings."""
        if function not in self.service.functions:
            return [Diagnostic("UNRECOGNIZED_FUNCTION", ERROR, f"there is no function {function!r}: add it under Functions first",
                               ("functions",))]
        index = len(self.service.functions[function].events) - (1 if editing and editing[0] == function else 0)

        def change(trial):
            if editing is not None:
                trial.remove_route(*editing)
            trial.add_route(function, method, path, authorizer=authorizer, scopes=scopes, authorizer_id=authorizer_id)

        where = ("functions", function, "events", index)
        return self.probe(change, where, new_only=("HTTPAPI-ROUTE", "DUPLICATE_HTTP_API_ROUTE", "HTTPAPI-LOGICAL-ID"))

    def route_problems(self, function: str, method: str, path: str, editing: tuple[str, int] | None = None, **route) -> list[str]:
        """The messages of ``probe_route``'s errors and warnings."""
        return [d.message for d in self.probe_route(function, method, path, editing=editing, **route) if d.severity != INFO]

    # ----- functions ---------------------------------------------------------------------------

    def probe_function(self, name: str, handler: str | None = None, renaming: str | None = None) -> list:
        """What a new function ``name`` (or ``renaming`` given that name) would bring, about its name and handler."""
        where = ("functions", name)
        if name != renaming and name in self.service.functions:
            return [_taken("a function", name, where)]

        def change(trial):
            if renaming is not None:
                trial.rename_function(renaming, name)
            else:
                trial.add_function(name, handler or "")

        found = self.probe(change, where, new_only=("HTTPAPI-LOGICAL-ID",))
        # Renamed, the function's other findings (its handler, its routes) are not the new name's.
        return found if renaming is None else [d for d in found if tuple(d.path) == where or d.code.startswith("HTTPAPI-LOGICAL")]

    def routes_of(self, function: str) -> list[str]:
        return [e.route_key or "?" for e in self.service.functions[function].events]

    # ----- authorizers -------------------------------------------------------------------------

    def probe_authorizer(self, name: str, kind: str = "jwt", *, renaming: str | None = None, **settings) -> list:
        """What a new authorizer (or ``renaming`` given that name) would bring; an authorizer no route uses
        yet is not a finding here (a new one is unused until a route names it)."""
        where = ("provider", "httpApi", "authorizers", name)
        if name != renaming and name in self.service.provider.http_api.authorizers:
            return [_taken("an authorizer", name, where)]

        def change(trial):
            if renaming is not None:
                trial.rename_authorizer(renaming, name)
            else:
                trial.add_authorizer(name, kind, **settings)

        found = [d for d in self.probe(change, where) if d.code != "HTTPAPI-AUTHORIZER-UNUSED"]
        # Renamed, its other findings (issuer, audience...) are not the new name's.
        return found if renaming is None else [d for d in found if tuple(d.path) == where or d.code == "HTTPAPI-AUTHORIZER-NAME"]

    def routes_using(self, key: str) -> list[str]:
        """Route keys of the routes that name the authorizer ``key``."""
        return [e.route_key or "?" for _f, e in self.service.http_api_events()
                if e.authorizer is not None and e.authorizer.name == key and e.authorizer.id is None]

    # ----- the HTTP API -------------------------------------------------------------------------

    def external_api_conflicts(self) -> list[str]:
        """What ``use_external_api`` would turn off, in words."""
        trial = self.trial()
        return trial.use_external_api("external")

    def routes_naming_authorizers(self) -> list[str]:
        """Routes that name an authorizer of this stack: with an external API they need its id instead."""
        return [e.route_key or "?" for _f, e in self.service.http_api_events()
                if e.authorizer is not None and e.authorizer.name and e.authorizer.id is None]
