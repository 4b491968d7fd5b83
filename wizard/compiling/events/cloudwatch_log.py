"""``cloudwatchLog`` events: a subscription filter per event and one invoke permission per
function, whose source covers the function's log groups (compile/events/cloud-watch-log.js).

Serverless writes both resources as JSON text with the log group spliced in and parses it
back: they are built the same way here, for the same outcome.
"""

from __future__ import annotations

import re

from ...diagnostics import ERROR, Diagnostic
from ...jsvalues import truthy
from ...model.events import CloudwatchLogEvent
from ...model.service import Service
from ..merge import lodash_merge
from . import ids
from .common import LINE_BREAKS, SOURCE, Refused, alias_id, crash, js_json, js_parse, lambda_target, spliced_json, written

CLOUDWATCH_LOG_SOURCE = SOURCE + "cloud-watch-log.js"
# CloudWatch Logs takes two subscription filters per log group; Serverless counts them over
# all functions (though its error calls the limit "per function").
_FILTERS_PER_LOG_GROUP = 2
_ESCAPED = re.compile(r"\\(\"|\\|')")


def compile_cloudwatch_logs(service: Service, resources: dict, aliases: dict, diagnostics: list) -> None:
    per_log_group: dict[str, int] = {}
    try:
        for fn in service.functions.values():
            number = 0
            names: list[str] = []
            for event in fn.triggers:
                if isinstance(event, CloudwatchLogEvent):
                    number += 1
                    _compile_one(fn, event, number, names, per_log_group, resources, aliases)
    except Refused as refused:
        diagnostics.append(refused.args[0])


def _log_group_and_filter(event: CloudwatchLogEvent) -> tuple[str, str]:
    if event.is_mapping:
        log_group, pattern = event.log_group, event.filter
    elif isinstance(event.shorthand, str):
        log_group, pattern = event.shorthand, None
    else:
        raise Refused(crash(
            "CLOUDWATCH_LOG_GROUP_NOT_A_STRING",
            f"it is {js_json(event.shorthand)}: name the log group as text, or as a mapping with logGroup",
            event, CLOUDWATCH_LOG_SOURCE,
        ))
    if not isinstance(log_group, str):
        raise Refused(crash(
            "CLOUDWATCH_LOG_GROUP_NOT_A_STRING",
            f'"logGroup" is {written(log_group)}, and Serverless calls a string method on it: name the log group as text',
            event, CLOUDWATCH_LOG_SOURCE,
        ))
    if truthy(pattern) and not isinstance(pattern, str):
        raise Refused(crash(
            "CLOUDWATCH_LOG_FILTER_NOT_A_STRING",
            f'"filter" is {js_json(pattern)}, and Serverless calls a string method on it: write the filter pattern as text',
            event, CLOUDWATCH_LOG_SOURCE,
        ))
    return LINE_BREAKS.sub("", log_group), LINE_BREAKS.sub("", pattern) if truthy(pattern) else ""


def _compile_one(fn, event, number: int, names: list, per_log_group: dict, resources: dict, aliases: dict) -> None:
    log_group, pattern = _log_group_and_filter(event)
    per_log_group[log_group] = per_log_group.get(log_group, 0) + 1
    if per_log_group[log_group] > _FILTERS_PER_LOG_GROUP:
        raise Refused(Diagnostic(
            "CLOUDWATCHLOG_LOG_GROUP_EVENT_PER_FUNCTION_LIMIT_EXCEEDED",
            ERROR,
            f"Only {_FILTERS_PER_LOG_GROUP} subscription filters can be configured per log group. You're attempting to "
            f'configure more subscription filters than allowed for "{log_group}".',
            event.path,
            source=CLOUDWATCH_LOG_SOURCE,
        ))
    names.append(log_group)
    # Quotes written escaped (`\"`) are unescaped once, when the first one comes after a backslash.
    slash, quote = pattern.find("\\"), pattern.find('"')
    if slash >= 0 and quote > slash:
        pattern = _ESCAPED.sub(r"\1", pattern)
    filter_id = ids.cloudwatch_log_logical_id(fn.key, number)
    permission_id = ids.cloudwatch_log_permission_logical_id(fn.key)
    alias = alias_id(fn, aliases)
    depends_on = [permission_id] + ([alias] if alias else [])
    target = js_json(lambda_target(fn, aliases))
    filter_text = (
        '{"Type": "AWS::Logs::SubscriptionFilter",'
        f'"DependsOn": {js_json(depends_on)},'
        f'"Properties": {{"LogGroupName": "{log_group}","FilterPattern": {js_json(pattern)},"DestinationArn": {target}}}}}'
    )
    permission_text = (
        '{"Type": "AWS::Lambda::Permission",'
        + (f'"DependsOn": {js_json([alias])},' if alias else "")
        + f'"Properties": {{"FunctionName": {target},"Action": "lambda:InvokeFunction",'
        '"Principal": {"Fn::Join": ["", ["logs.", {"Ref": "AWS::Region"}, ".amazonaws.com"]]},'
        '"SourceArn": {"Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"}, ":logs:", {"Ref": "AWS::Region"}, ":", '
        f'{{"Ref": "AWS::AccountId"}}, ":log-group:", "{_common_prefix(names)}", ":*"]]}}}}}}'
    )
    try:
        subscription, permission = js_parse(filter_text), js_parse(permission_text)
    except ValueError as exc:
        raise Refused(spliced_json("CLOUDWATCH_LOG_NOT_VALID_JSON", exc, event, CLOUDWATCH_LOG_SOURCE)) from None
    resources[filter_id] = lodash_merge(resources.get(filter_id), subscription)
    resources[permission_id] = lodash_merge(resources.get(permission_id), permission)


def _common_prefix(names: list[str]) -> str:
    """longestCommonSuffix (a prefix, despite its name) of the function's log groups so far,
    with a wildcard after it when there are several."""
    common = names[0]
    for name in names[1:]:
        for index, char in enumerate(common):
            if index >= len(name) or name[index] != char:
                common = common[:index]
                break
    if len(names) > 1 and not common.endswith("*"):
        common += "*"
    return common
