"""The model as the mapping a serverless.yml holds: only what is set, in authors' order."""

from __future__ import annotations

from ..model.service import Function, HttpApiEvent, Service


def _fields(record, out: dict | None = None) -> dict:
    """``out`` with each set field of ``record`` at its YAML path (see model/record.yaml), in order."""
    out = {} if out is None else out
    for path, value in record.yaml_items():
        node = out
        for step in path[:-1]:
            node = node.setdefault(step, {})
        node[path[-1]] = value
    return out


def event(e: HttpApiEvent):
    if e.shorthand and e.authorizer is None:
        return {"httpApi": "*" if e.route_path == "*" else f"{e.method} {e.route_path}"}
    body = _fields(e)
    ref = e.authorizer
    if ref is not None:
        if ref.shorthand:
            body["authorizer"] = ref.name
        else:
            body["authorizer"] = _fields(ref)
    return {"httpApi": body}


def function(fn: Function) -> dict:
    out = _fields(fn)
    if fn.declares_vpc and fn.vpc is None:
        out["vpc"] = None  # written out: it keeps the provider's vpc off this function
    if fn.events:
        out["events"] = [event(e) for e in fn.events]
    return out


def provider(service: Service) -> dict:
    """{"settings": ..., "http_api": ..., "logs": ..., "rest": ...} for the template."""
    p = service.provider
    settings = _fields(p, {"name": "aws"})
    if p.deployment_bucket is not None:
        settings["deploymentBucket"] = _fields(p.deployment_bucket)
    iam = p.iam
    if iam.existing_role is not None:
        settings["iam"] = {"role": iam.existing_role}
    else:
        role = _fields(iam)
        if role:
            settings["iam"] = {"role": role}
    h = p.http_api
    http_api = _fields(h)
    if h.cors is not None:
        c = h.cors
        if c.is_default:
            http_api["cors"] = True
        else:
            http_api["cors"] = _fields(c)
    if h.authorizers:
        http_api["authorizers"] = {k: _fields(a) for k, a in h.authorizers.items()}
    logs = None
    if p.access_logs is not None:
        logs = {"httpApi": {"format": p.access_logs.format} if p.access_logs.format else True}
    return {"settings": settings, "http_api": http_api, "logs": logs, "rest": None}


def document(service: Service) -> dict:
    return {
        "service": service.service,
        "provider": provider(service),
        "functions": {k: function(f) for k, f in service.functions.items()},
        "layers": service.layers,
        "resources": service.resources,
    }
