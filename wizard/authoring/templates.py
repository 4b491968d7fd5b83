"""The Jinja2 environment over the project's templates/ (shipped inside the package)."""

from __future__ import annotations

import os


def templates_dir() -> str:
    """templates/ next to the package in a checkout, or wizard/templates/ when installed."""
    here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    installed = os.path.join(here, "templates")
    if os.path.isdir(installed):
        return installed
    return os.path.join(os.path.dirname(here), "templates")


def environment():
    import jinja2  # only authoring needs Jinja2; the compile path never imports it

    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates_dir()),
        keep_trailing_newline=True,
        trim_blocks=False,
        lstrip_blocks=False,
        autoescape=False,
        undefined=jinja2.StrictUndefined,
    )
