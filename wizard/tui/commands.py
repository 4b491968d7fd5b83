"""The command palette (ctrl+p): the current section's actions first, then the wizard's, then going to a section.

With an empty search it lists the current section's actions and the wizard's own, so a
newcomer sees what can be done here without knowing a word to type.
"""

from __future__ import annotations

import inspect
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

GLOBAL_ACTIONS = [
    ("Save", "save", "Write the project (ctrl+s)"),
    ("Undo", "undo", "Take back the last change (ctrl+z)"),
    ("Redo", "redo", "Make the undone change again (ctrl+y)"),
    ("Add a route (from any section)", "add_route_anywhere", "Open Routes and the route dialog"),
    ("Show CloudFormation as JSON/YAML", "toggle_format", "Switch the template pane's format (ctrl+t)"),
    ("Help for what has the focus", "help", "How to move, this field, this section (F1)"),
]


async def _run(section, action: str) -> None:
    """Run the section's ``action`` itself: ``run_action`` would ask ``check_action``, which refuses
    an entry's key while a field has the keyboard (there the key types a letter)."""
    result = getattr(section, f"action_{action}")()
    if inspect.isawaitable(result):
        await result


class WizardCommands(Provider):
    def _entries(self) -> list[tuple[str, object, str | None]]:
        from .sections import SECTION_TITLES

        app = self.app
        section = app.current_section()
        entries: list[tuple[str, object, str | None]] = []
        if section is not None:
            for binding in section.own_bindings():
                # Offered while a field has the keyboard too (its key would type a letter there, not this).
                if section.action_state(binding.action) is True:
                    entries.append((f"{binding.description} ({binding.key})", partial(_run, section, binding.action),
                                    binding.tooltip or None))
        # What cannot be done now (undo with nothing to undo) is not offered: the palette cannot grey it out.
        entries += [(title, partial(app.run_action, action), help_) for title, action, help_ in GLOBAL_ACTIONS
                    if app.action_state(action) is True]
        # One line each: a help line saying the title again was a second entry to read past.
        entries += [(f"Go to {title}", partial(app.goto_section, key, focus=True), None)
                    for key, title in SECTION_TITLES.items() if section is None or key != section.KEY]
        # Textual's own (Theme for projectors, Keys, Quit...), last: this provider lists everything, in this order.
        entries += [(command.title, command.callback, command.help) for command in app.get_system_commands(self.screen)]
        return entries

    async def discover(self) -> Hits:
        for title, callback, help_ in self._entries():
            yield DiscoveryHit(title, callback, help=help_)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, callback, help_ in self._entries():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), callback, help=help_)
