"""What every event kind's compiler shares: the Lambda target, the role, JSON as JS writes it."""

from __future__ import annotations

import json
import re

from ...diagnostics import ERROR, Diagnostic
from ...jsvalues import truthy
from ...model.events import EventSettings
from ...model.service import Function, Service
from .. import naming
from ..functions import execution_role

SOURCE = "https://github.com/serverless/serverless/blob/v3.39.0/lib/plugins/aws/package/compile/events/"
# JS `/\\n|\\r/g`: a backslash followed by n or r, as text (what JSON.stringify writes for a line
# break), which several plugins cut out of text they splice into JSON.
ESCAPED_BREAKS = re.compile(r"\\n|\\r")
# JS `/\r?\n/g`: line breaks (a lone \r stays).
LINE_BREAKS = re.compile(r"\r?\n")


def event_settings(service: Service) -> EventSettings:
    """The provider's settings of the event kinds (defaults when the model was built by hand)."""
    settings = service.provider.events
    return settings if isinstance(settings, EventSettings) else EventSettings()


def lambda_target(fn: Function, aliases: dict):
    """resolve-lambda-target.js: the function's ARN, or its alias's when it has one."""
    arn = {"Fn::GetAtt": [naming.lambda_logical_id(fn.key), "Arn"]}
    alias = aliases.get(fn.key)
    return arn if alias is None else {"Fn::Join": [":", [arn, alias[0]]]}


def alias_id(fn: Function, aliases: dict):
    """``functionObj.targetAlias.logicalId``: None when the function has no alias."""
    alias = aliases.get(fn.key)
    return None if alias is None else alias[1]


def role_statements(resources: dict) -> list | None:
    """The generated role's policy statements, which event kinds extend; None without that role."""
    role = resources.get(naming.ROLE_LOGICAL_ID)
    if role is None:
        return None
    return role["Properties"]["Policies"][0]["PolicyDocument"]["Statement"]


def iam_role_resource_name(service: Service, fn: Function):
    """provider.js resolveFunctionIamRoleResourceName: the role resource a mapping waits for."""
    role = execution_role(service, fn)
    if truthy(role):
        if isinstance(role, str):
            return None if ":" in role else role
        if isinstance(role, dict):
            get_att = role.get("Fn::GetAtt")
            if (
                isinstance(get_att, list)
                and len(get_att) == 2
                and all(isinstance(p, str) for p in get_att)
                and get_att[1] == "Arn"
                and get_att[0]
            ):
                return get_att[0]
            if truthy(role.get("Fn::ImportValue")) or truthy(role.get("Ref")) or truthy(role.get("Fn::Sub")):
                return None
    return naming.ROLE_LOGICAL_ID


def name_in_intrinsic(arn: dict, *, ref: bool):
    """The name sqs.js and stream.js read from an intrinsic ARN: Fn::GetAtt's resource,
    Fn::ImportValue's export, Ref's target (stream.js only), or Fn::Join's last part."""
    if truthy(arn.get("Fn::GetAtt")):
        return arn["Fn::GetAtt"][0] if isinstance(arn["Fn::GetAtt"], list) else None
    if truthy(arn.get("Fn::ImportValue")):
        return arn["Fn::ImportValue"]
    if ref and truthy(arn.get("Ref")):
        return arn["Ref"]
    join = arn.get("Fn::Join")
    if truthy(join):
        parts = join[1] if isinstance(join, list) and len(join) > 1 else None
        return parts[-1] if isinstance(parts, list) and parts else None
    return None


def js_json(value) -> str:
    """``JSON.stringify(value)``: compact, non-ASCII kept."""
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def last_of_split(text: str, sep: str) -> str:
    """``text.split(sep).pop()``."""
    return text.split(sep)[-1]


def not_a_name(what: str, value, event, source: str):
    """Serverless calls string methods on the name it derives; anything else crashes it."""
    return Diagnostic(
        "EVENT_NAME_NOT_DERIVABLE",
        ERROR,
        f"Serverless v3.39 cannot derive {what}'s name from {js_json(value)} (it crashes with a TypeError): "
        "write the ARN as text, or as Fn::GetAtt, Fn::ImportValue or Fn::Join whose last part is text",
        event.path,
        source=source,
    )


def js_parse(text: str):
    """``JSON.parse``: Python's parser, minus the NaN and Infinity that JavaScript's refuses
    (``ValueError`` where JavaScript throws)."""

    def refuse(constant: str):
        raise ValueError(f"Unexpected token {constant[0]}")

    return json.loads(text, parse_constant=refuse)


def input_transformer(value) -> str:
    """formatInputTransformer (schedule.js, cloud-watch-event.js): the JSON text of the target's
    InputTransformer. Serverless reads the two keys whatever the value is: a string has neither."""
    value = value if isinstance(value, dict) else {}
    out: dict = {"InputTemplate": value.get("inputTemplate")}
    if truthy(value.get("inputPathsMap")):
        out["InputPathsMap"] = value.get("inputPathsMap")
    return js_json({k: v for k, v in out.items() if v is not None})


def written(value) -> str:
    """How a message shows a value a plugin cannot use: missing, or as JSON."""
    return "missing" if value is None else js_json(value)


def crash(code: str, message: str, event, source: str) -> Diagnostic:
    """Where Serverless throws a TypeError (no code of its own): our error, located at the event."""
    return Diagnostic(code, ERROR, f"Serverless v3.39 crashes (TypeError) on this {event.KIND} event: {message}", event.path, source=source)


def spliced_json(code: str, exc: ValueError, event, source: str) -> Diagnostic:
    """Serverless writes the resources as JSON text with values spliced in unescaped, and
    JSON.parse throws on what it cannot read back (a SyntaxError, no code)."""
    return Diagnostic(
        code,
        ERROR,
        f"Serverless writes this {event.KIND} event's resources as JSON text and cannot parse it back ({exc}): "
        "a value holds a character it does not escape (a quote, a backslash or a line break)",
        event.path,
        source=source,
    )


def mapping_depends_on(service: Service, fn: Function, aliases: dict) -> list:
    """An event source mapping waits for the function's role (when it is a resource of the
    stack) and for its alias."""
    role = iam_role_resource_name(service, fn)
    alias = alias_id(fn, aliases)
    return [name for name in (role, alias) if name]


def filter_criteria(patterns) -> dict | None:
    """``FilterCriteria`` of an event source mapping: each pattern as JSON text."""
    if not truthy(patterns) or not isinstance(patterns, list):
        return None
    return {"Filters": [{"Pattern": js_json(pattern)} for pattern in patterns]}


# The network interfaces Lambda creates to reach a cluster or broker in a VPC.
EC2_STATEMENT_ACTIONS = (
    "ec2:CreateNetworkInterface",
    "ec2:DescribeNetworkInterfaces",
    "ec2:DescribeVpcs",
    "ec2:DeleteNetworkInterface",
    "ec2:DescribeSubnets",
    "ec2:DescribeSecurityGroups",
)


def ec2_statement() -> dict:
    return {"Effect": "Allow", "Action": list(EC2_STATEMENT_ACTIONS), "Resource": "*"}


class Refused(Exception):
    """Serverless throws: the first error ends the event kind's compile (its one argument)."""


def events_permission_text(target_text: str, depends: str, rule_id: str) -> str:
    """The JSON text of an EventBridge rule's invoke permission (schedule.js, cloud-watch-event.js)."""
    return (
        '{"Type": "AWS::Lambda::Permission",' + depends + '"Properties": {'
        f'"FunctionName": {target_text},"Action": "lambda:InvokeFunction",'
        '"Principal": "events.amazonaws.com",'
        f'"SourceArn": {{ "Fn::GetAtt": ["{rule_id}", "Arn"] }}'
        "}}"
    )


def add_batching(props: dict, event) -> None:
    """BatchSize and MaximumBatchingWindowInSeconds of an event source mapping, when set (truthy)."""
    if truthy(event.batch_size):
        props["BatchSize"] = event.batch_size
    if truthy(event.maximum_batching_window):
        props["MaximumBatchingWindowInSeconds"] = event.maximum_batching_window


def starting_position(event, fn_key: str, code: str, source: str) -> tuple:
    """``(startingPosition, startingPositionTimestamp)`` of a Kafka or MSK event; AT_TIMESTAMP
    needs the timestamp."""
    position = event.starting_position if truthy(event.starting_position) else "TRIM_HORIZON"
    timestamp = event.starting_position_timestamp
    if position == "AT_TIMESTAMP" and timestamp is None:
        raise Refused(Diagnostic(
            code,
            ERROR,
            f"You must specify startingPositionTimestamp for function: {fn_key} when startingPosition is AT_TIMESTAMP.",
            event.path,
            source=source,
        ))
    return position, timestamp
