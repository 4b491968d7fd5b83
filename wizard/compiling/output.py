"""Write a template as ``serverless package`` does (JSON, 2-space indent, no final newline)."""

from __future__ import annotations

import json

from ..jsvalues import JsDate


def to_json(template: dict, minify: bool = False) -> str:
    if minify:
        return json.dumps(template, ensure_ascii=False, separators=(",", ":"))
    return json.dumps(template, indent=2, ensure_ascii=False)


def to_yaml(template: dict) -> str:
    import yaml  # only the YAML output needs the dumper

    class _Dumper(yaml.SafeDumper):
        pass

    _Dumper.add_representer(JsDate, lambda d, v: d.represent_str(str(v)))
    return yaml.dump(template, Dumper=_Dumper, sort_keys=False, allow_unicode=True, default_flow_style=False, width=120)
