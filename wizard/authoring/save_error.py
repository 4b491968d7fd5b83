"""The one error saving raises: the message names the file and says why; nothing was changed."""

from __future__ import annotations


class SaveError(Exception):
    """The save did not happen (or was undone); the message names the file and why."""
