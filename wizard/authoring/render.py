"""Render a Service as a new serverless.yml through templates/serverless.yml.j2."""

from __future__ import annotations

from functools import lru_cache

from ..model.service import Service
from . import yaml_text
from .document import document
from .templates import environment


@lru_cache(maxsize=1)
def _template():
    env = environment()
    env.filters["yaml"] = yaml_text.scalar
    env.filters["yaml_key"] = yaml_text.key
    env.filters["block"] = lambda value, indent=0: yaml_text.block(value, indent)
    # Inside a comment a line break would end it (what follows read as YAML), and YAML
    # allows no control character even there: such characters are shown as spaces.
    env.filters["comment"] = lambda value: "".join(c if c.isprintable() else " " for c in str(value))
    return env.get_template("serverless.yml.j2")


def render_serverless_yml(service: Service) -> str:
    return _template().render(**document(service)).rstrip("\n") + "\n"
