"""The command palette: every action, the current section's first."""

from __future__ import annotations

from functools import partial

from textual.command import Hit, Hits, Provider

SECTION_ACTIONS = {
    "routes": [("Add a route", "add_route"), ("Edit the selected route", "edit_route"), ("Delete the selected route", "delete_route"),
               ("Try a request on the selected route", "try_route")],
    "functions": [("Add or update the function in the form", "save_function"), ("Duplicate the selected function", "duplicate_function"),
                  ("Delete the selected function", "delete_function")],
    "authorizers": [("Add or save the authorizer in the form", "save_authorizer"), ("Delete the selected authorizer", "delete_authorizer")],
    "review": [("Save", "save")],
}
GLOBAL_ACTIONS = [
    ("Save", "save"),
    ("Undo", "undo"),
    ("Redo", "redo"),
    ("Add a route (from any section)", "add_route_anywhere"),
    ("Show CloudFormation as JSON/YAML", "toggle_format"),
    ("Help for what has the focus", "help"),
]


class WizardCommands(Provider):
    async def search(self, query: str) -> Hits:
        from .app import SECTION_TITLES

        app = self.app
        matcher = self.matcher(query)
        current = app.query_one("#editor").current
        entries = [(title, action, None) for title, action in SECTION_ACTIONS.get(current, [])]
        entries += [(f"Go to {title}", None, key) for key, title in SECTION_TITLES.items()]
        entries += [(title, action, None) for title, action in GLOBAL_ACTIONS]
        seen = set()
        for title, action, section in entries:
            if title in seen:
                continue
            seen.add(title)
            score = matcher.match(title)
            if score > 0:
                callback = partial(app.goto_section, section) if section else partial(app.run_action, action)
                yield Hit(score, matcher.highlight(title), callback, help=f"section: {section}" if section else None)
