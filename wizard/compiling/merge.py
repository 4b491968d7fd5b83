"""The package finalize steps: export names, the ``resources:`` merge, null stripping.

Mirrors add-export-name-for-outputs.js, merge-custom-provider-resources.js (a lodash
``_.merge``: objects merged key by key, arrays index by index, ``null`` overwrites,
``undefined`` skipped) and strip-null-props-from-template-resources.js.
"""

from __future__ import annotations

from ..diagnostics import ERROR, WARNING, Diagnostic
from ..jsvalues import UNDEFINED, array_index, js_key_order, truthy

SOURCE = "https://github.com/serverless/serverless/blob/v3.39.0/lib/plugins/aws/package/lib/merge-custom-provider-resources.js"
_REPLACED = ("Condition", "CreationPolicy", "DeletionPolicy", "UpdatePolicy", "UpdateReplacePolicy")


def add_export_names(template: dict, service_name: str, stage: str) -> None:
    for key, output in template["Outputs"].items():
        if isinstance(output, dict) and not output.get("Export"):
            output["Export"] = {"Name": f"sls-{service_name}-{stage}-{key}"}


def lodash_merge(target, source):
    """``_.merge(target, source)``; returns the merged value (``target`` when mergeable).

    A mapping merged into a list assigns by index, as lodash does on a JS array: ``{"1": x}``
    over ``[a, b]`` gives ``[a, x]``, an index past the end leaves holes (``null`` in the
    JSON), and other keys become array properties that the JSON leaves out. Keys new to a
    mapping take JS's place: integer-like keys first, ascending.
    """
    if isinstance(source, dict):
        if isinstance(target, list):
            _merge_into_array(target, source)
            return target
        if not isinstance(target, dict):
            target = {}
        added = False
        for key, value in source.items():
            added = added or key not in target
            if isinstance(value, (dict, list)):
                target[key] = lodash_merge(target.get(key), value)
            else:
                target[key] = value
        if added:
            js_key_order(target)
        return target
    if isinstance(source, list):
        if not isinstance(target, list):
            target = []
        for index, value in enumerate(source):
            if index < len(target):
                if isinstance(value, (dict, list)):
                    target[index] = lodash_merge(target[index], value)
                else:
                    target[index] = value
            else:
                target.append(_deep_copy(value))
        return target
    return source


def _merge_into_array(target: list, source: dict) -> None:
    for key, value in source.items():
        index = array_index(key)
        if index is None:
            if key == "length" and type(value) is int and 0 <= value < 2**32:
                del target[value:]  # JS truncates an array whose length is set lower
                target.extend([None] * (value - len(target)))
            continue
        target.extend([None] * (index + 1 - len(target)))  # holes: null in the JSON
        if isinstance(value, (dict, list)):
            current = target[index]
            target[index] = lodash_merge(current if isinstance(current, (dict, list)) else None, value)
        else:
            target[index] = value


def merge_resources(template: dict, resources, path: tuple = ("resources",), partial: bool = False) -> list[Diagnostic]:
    """Merge ``resources:`` into ``template``.

    ``partial`` says the template lacks what unsupported features would add: an
    extension of a resource we did not generate is then a warning, not an error.
    """
    if not isinstance(resources, dict):
        return []
    resources = dict(resources)
    resources.setdefault("Resources", {})
    if resources.get("Resources") is None:
        resources["Resources"] = {}
    if resources.get("Outputs") is None:
        resources["Outputs"] = {}
    extensions = resources.pop("extensions", None)
    lodash_merge(template, _deep_copy(resources))
    # `X: ~` under Resources merges as null (lodash assigns it), and strip-null-props then reads
    # null.Properties: Serverless v3.39 stops with a TypeError. Said here, where the user wrote it.
    problems = [Diagnostic("RESOURCE_IS_NULL", ERROR, f'Resource "{name}" has no value (Serverless v3.39 stops on it with a '
                           "TypeError): give it its Type and Properties, or remove the key", path + ("Resources", name),
                           source=SOURCE)
                for name, value in template["Resources"].items() if value is None]
    if not isinstance(extensions, dict):
        return problems
    compiled = template["Resources"]
    for name, attributes in extensions.items():
        if not isinstance(attributes, dict):
            continue
        for attribute, value in attributes.items():
            where = path + ("extensions", name, attribute)
            resource = compiled.get(name)
            if not resource:
                problems.append(
                    Diagnostic(
                        "RESOURCE_EXTENSION_NOT_EXISTING",
                        WARNING if partial else ERROR,
                        f'Cannot extend "{name}" resource, as it\'s not found in generated stack'
                        + (" (it may come from a feature that is not compiled here)" if partial else ""),
                        path + ("extensions", name),
                        source=SOURCE,
                    )
                )
                break
            if attribute in _REPLACED:
                resource[attribute] = value
            elif attribute in ("Properties", "Metadata"):
                if not truthy(resource.get(attribute)):
                    resource[attribute] = {}
                _object_assign(resource[attribute], value)
            elif attribute == "DependsOn":
                current = resource.get("DependsOn")
                if not current:
                    current = []
                elif isinstance(current, str):
                    current = [current]
                resource["DependsOn"] = list(current) + (value if isinstance(value, list) else [value])
            else:
                problems.append(
                    Diagnostic(
                        "RESOURCE_EXTENSION_UNSUPPORTED_ATTRIBUTE",
                        ERROR,
                        f'Cannot extend "{name}" resource, as extending the "{attribute}" attribute at this point is not '
                        "supported. Feel free to propose support for it in the Framework issue tracker: "
                        "https://github.com/serverless/serverless/issues",
                        where,
                        source=SOURCE,
                    )
                )
    return problems


def _object_assign(target, source) -> None:
    """``Object.assign(target, source)``: a string or list source spreads its items under "0",
    "1", ... (which JS then orders first); numbers, booleans and null add nothing; a target
    that is not a mapping is left as it is (JSON keeps no keys set on it)."""
    if isinstance(source, dict):
        items = source.items()
    elif isinstance(source, (str, list)):
        items = ((str(index), item) for index, item in enumerate(source))
    else:
        return
    if not isinstance(target, dict):
        return
    target.update(items)
    js_key_order(target)


def _strip_nulls(value) -> None:
    """Drop null and undefined keys; an undefined list item becomes null, as in JSON."""
    # Loops with identity tests: ``None in d.values()`` runs a rich comparison per value.
    if isinstance(value, dict):
        drop = False
        for v in value.values():
            kind = type(v)
            if kind is str:
                continue
            if kind is dict or kind is list:
                _strip_nulls(v)
            elif v is None or v is UNDEFINED:
                drop = True
        if drop:
            for key in [k for k, v in value.items() if v is None or v is UNDEFINED]:
                del value[key]
    else:
        for index, v in enumerate(value):
            if v is UNDEFINED:
                value[index] = None
            elif isinstance(v, (dict, list)):
                _strip_nulls(v)


def _has_null(values) -> bool:
    for v in values:
        if v is None or v is UNDEFINED:
            return True
    return False


# Generated resources of these types carry user values (environment, tags, policies,
# identity sources, scopes...), which may hold nulls to strip anywhere inside.
_USER_VALUE_TYPES = frozenset(
    (
        "AWS::Lambda::Function", "AWS::Lambda::Alias", "AWS::IAM::Role", "AWS::Logs::LogGroup",
        "AWS::S3::Bucket", "AWS::ApiGatewayV2::Api", "AWS::ApiGatewayV2::Stage",
        "AWS::ApiGatewayV2::Authorizer", "AWS::Lambda::Url", "AWS::Lambda::EventInvokeConfig",
        "AWS::Lambda::LayerVersion", "AWS::ElasticLoadBalancingV2::ListenerRule",
    )
)


def finalize_resources(template: dict, user_resources=None) -> None:
    """strip-null-props-from-template-resources.js, and JSON.stringify's dropping of undefined.

    ``Properties`` lose null and undefined keys; a resource whose ``Properties`` is
    falsy loses the key; undefined resource attributes disappear. Resources that only
    hold generated values (permissions, integrations, versions) can have undefined
    markers only at their top levels, so the deep walk is kept for the others.
    """
    touched = user_resources.get("Resources") if isinstance(user_resources, dict) else None
    touched = touched if isinstance(touched, dict) else {}
    for logical_id, resource in template["Resources"].items():
        if not isinstance(resource, dict):
            continue
        for value in resource.values():
            if value is UNDEFINED:
                for key in [k for k, v in resource.items() if v is UNDEFINED]:
                    del resource[key]
                break
        props = resource.get("Properties")
        if type(props) is not dict and not truthy(props):  # a dict is truthy in JS, even empty
            resource.pop("Properties", None)
        elif logical_id in touched or resource.get("Type") in _USER_VALUE_TYPES or not isinstance(props, dict):
            if isinstance(props, (dict, list)):
                _strip_nulls(props)
        elif _has_null(props.values()):
            for key in [k for k, v in props.items() if v is None or v is UNDEFINED]:
                del props[key]


def _deep_copy(value):
    # Imported here: `copy` (with weakref) costs about 1 ms of start-up, and only
    # services with a `resources:` section need it.
    import copy

    return copy.deepcopy(value)
