"""``alexaSkill`` and ``alexaSmartHome`` events: an invoke permission for the Alexa service,
numbered per function (compile/events/alexa-skill.js, alexa-smart-home.js).

An ``alexaSkill`` written as a bare list item (``- alexaSkill``) compiles to nothing; its
deprecation is model/deprecations.py's.
"""

from __future__ import annotations

from ...jsvalues import truthy
from ...model.events import AlexaSkillEvent, AlexaSmartHomeEvent
from ...model.service import Service
from ..merge import lodash_merge
from . import ids
from .common import ESCAPED_BREAKS, SOURCE, alias_id, crash, lambda_target, written

SKILL_SOURCE = SOURCE + "alexa-skill.js"
SMART_HOME_SOURCE = SOURCE + "alexa-smart-home.js"
_INVOKE = "lambda:InvokeFunction"
_DISABLED = "lambda:DisableInvokeFunction"


def _permission(fn, aliases: dict, action: str, principal: str, token) -> dict:
    resource: dict = {"Type": "AWS::Lambda::Permission"}
    depends_on = alias_id(fn, aliases)
    if depends_on is not None:
        resource["DependsOn"] = depends_on
    resource["Properties"] = {"FunctionName": lambda_target(fn, aliases), "Action": action, "Principal": principal}
    if token is not None:
        resource["Properties"]["EventSourceToken"] = ESCAPED_BREAKS.sub("", token)
    return resource


def _not_text(app_id, event, source: str):
    return crash(
        "ALEXA_APP_ID_NOT_TEXT",
        f'"appId" is {written(app_id)}, and Serverless calls a string method on it: write the skill\'s id as text',
        event, source,
    )


def compile_alexa_skills(service: Service, resources: dict, aliases: dict, diagnostics: list) -> None:
    for fn in service.functions.values():
        number = 0
        for event in fn.triggers:
            if not isinstance(event, AlexaSkillEvent):
                continue
            number += 1
            if isinstance(event.shorthand, str):
                app_id, enabled = event.shorthand, True
            else:  # a mapping, or a value whose appId and enabled JavaScript reads as undefined
                app_id, enabled = event.app_id, event.enabled is not False
            if truthy(app_id) and not isinstance(app_id, str):
                diagnostics.append(_not_text(app_id, event, SKILL_SOURCE))
                return
            permission = _permission(
                fn, aliases, _INVOKE if enabled else _DISABLED, "alexa-appkit.amazon.com", app_id if truthy(app_id) else None
            )
            logical_id = ids.alexa_skill_permission_logical_id(fn.key, number)
            resources[logical_id] = lodash_merge(resources.get(logical_id), permission)


def compile_alexa_smart_homes(service: Service, resources: dict, aliases: dict, diagnostics: list) -> None:
    for fn in service.functions.values():
        number = 0
        for event in fn.triggers:
            if not isinstance(event, AlexaSmartHomeEvent):
                continue
            number += 1
            if event.is_mapping:
                app_id, action = event.app_id, _INVOKE if event.enabled is not False else _DISABLED
            elif isinstance(event.shorthand, list):  # an object to JavaScript, without appId
                app_id, action = None, _INVOKE
            elif isinstance(event.shorthand, str):
                app_id, action = event.shorthand, _INVOKE
            else:
                app_id, action = event.shorthand, None
            if action is None or not isinstance(app_id, str):
                diagnostics.append(_not_text(app_id, event, SMART_HOME_SOURCE))
                return
            permission = _permission(fn, aliases, action, "alexa-connectedhome.amazon.com", app_id)
            logical_id = ids.alexa_smart_home_permission_logical_id(fn.key, number)
            resources[logical_id] = lodash_merge(resources.get(logical_id), permission)
