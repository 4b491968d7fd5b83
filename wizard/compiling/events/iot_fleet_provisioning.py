"""``iotFleetProvisioning`` events: an IoT fleet provisioning template whose pre-provisioning
hook is the function, and its invoke permission; one per function
(compile/events/iot-fleet-provisioning.js)."""

from __future__ import annotations

from ...diagnostics import ERROR, Diagnostic
from ...jsvalues import truthy
from ...model.events import IotFleetProvisioningEvent
from ...model.service import Service
from . import ids
from .common import SOURCE, alias_id, js_json, lambda_target

FLEET_SOURCE = SOURCE + "iot-fleet-provisioning.js"


def compile_iot_fleet_provisioning(service: Service, resources: dict, aliases: dict, diagnostics: list) -> None:
    for fn in service.functions.values():
        events = [e for e in fn.triggers if isinstance(e, IotFleetProvisioningEvent)]
        if len(events) > 1:
            diagnostics.append(Diagnostic(
                "MULTIPLE_IOT_PROVISIONING_TEMPLATE_HOOK",
                ERROR,
                f"Found more than one iotFleetProvision event for function {fn.key}",
                events[1].path,
                source=FLEET_SOURCE,
            ))
            return
        for event in events:
            settings = event if event.is_mapping else IotFleetProvisioningEvent()  # text: every key undefined
            permission_id = ids.iot_fleet_provisioning_permission_logical_id(fn.key)
            alias = alias_id(fn, aliases)
            props: dict = {
                "Enabled": True if settings.enabled is None else settings.enabled,
                "PreProvisioningHook": {"TargetArn": lambda_target(fn, aliases)},
                "ProvisioningRoleArn": settings.provisioning_role_arn,
                # JSON.stringify: the body as text (undefined, and so left out, when not written).
                "TemplateBody": None if settings.template_body is None else js_json(settings.template_body),
            }
            if truthy(settings.template_name):
                props["TemplateName"] = settings.template_name
            resources[ids.iot_fleet_provisioning_logical_id(fn.key)] = {
                "Type": "AWS::IoT::ProvisioningTemplate",
                "Properties": {k: v for k, v in props.items() if v is not None},
                "DependsOn": [permission_id] + ([alias] if alias else []),
            }
            permission: dict = {"Type": "AWS::Lambda::Permission"}
            if alias:
                permission["DependsOn"] = alias
            permission["Properties"] = {
                "FunctionName": lambda_target(fn, aliases),
                "Action": "lambda:InvokeFunction",
                "Principal": "iot.amazonaws.com",
            }
            resources[permission_id] = permission
