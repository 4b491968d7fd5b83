"""Write a template as ``serverless package`` does (JSON, 2-space indent, no final newline)."""

from __future__ import annotations

import json
import math

from ..jsvalues import JsDate


def _finite(value):
    """JSON.stringify writes Infinity and NaN as null."""
    if isinstance(value, float) and (math.isinf(value) or math.isnan(value)):
        return None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_finite(v) for v in value]
    return value


def to_json(template: dict, minify: bool = False) -> str:
    options = {"ensure_ascii": False, "allow_nan": False}
    options.update({"separators": (",", ":")} if minify else {"indent": 2})
    try:
        return json.dumps(template, **options)
    except ValueError:  # only when a value is Infinity or NaN: rare, so checked lazily
        return json.dumps(_finite(template), **options)


def to_yaml(template: dict) -> str:
    import yaml  # only the YAML output needs the dumper

    class _Dumper(yaml.SafeDumper):
        pass

    _Dumper.add_representer(JsDate, lambda d, v: d.represent_str(str(v)))
    return yaml.dump(template, Dumper=_Dumper, sort_keys=False, allow_unicode=True, default_flow_style=False, width=120)
