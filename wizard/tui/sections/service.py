"""Service: the name, where it runs, and what every function gets unless it says otherwise."""

from __future__ import annotations

import datetime

from textual.widgets import Input, Select, TextArea

from ...checking.data.runtimes import RUNTIMES
from ...model.service import Provider
from ..guard import on
from ..widgets.fields import ChoiceField, FieldRow, IntField, PairsField, TextField
from .base import Section


def current_runtimes() -> list[str]:
    """The runtimes Lambda still accepts for new functions today."""
    today = datetime.date.today().isoformat()
    return sorted(r for r, (_, blocked, _) in RUNTIMES.items() if blocked > today)


class ServiceSection(Section):
    KEY = "service"
    TITLE = "Service"
    SUMMARY = "**Service**: its name, where it runs, and what every function gets unless it sets its own."
    HELP = ("**Service.** The name of your service and where it runs. The name becomes part of every AWS resource "
            "name; the runtime is the language your functions are written in; memory and timeout apply to every "
            "function unless a function sets its own; tags label every resource.")
    FIELD_HELP = {
        "service-name": "Letters, digits and dashes, starting with a letter (Serverless's rule). It becomes part of "
        "every resource name and of the stack's name.",
        "runtime": "The Lambda runtime every function uses unless it sets its own: Node.js, Python, Ruby, Java, .NET "
        "or an OS-only runtime (provided.al2023) for Go, Rust and the like. Only runtimes AWS still accepts for new "
        "functions are listed. Serverless v3.39's own list stops at nodejs20.x and python3.11, so `serverless "
        "deploy` prints a schema warning for every current runtime and deploys it all the same: expected, not "
        "something to fix.",
        "region": "The AWS region to deploy to, e.g. us-east-1 or eu-west-1. Empty: us-east-1.",
        "stage": "A name for this copy of the service (dev, prod, ...); it is part of resource names. Empty: dev.",
        "memory": "Memory per function in MB (128 to 10240). More memory also means more CPU. Empty: 1024.",
        "timeout": "Seconds a function may run (1 to 900). Behind an HTTP API keep it at 28 or less: API Gateway "
        "stops waiting at 30 s and answers 503. Empty: 6.",
        "service-tags": "Labels AWS attaches to every resource, e.g. team=payments or cost-center=42, to find them "
        "and split the bill. One Key=value per line; AWS's rules are checked as you type.",
    }
    OWNS = (("service",), ("provider",), ("frameworkVersion",))

    def form(self):
        runtimes = [(r, r) for r in current_runtimes()]
        yield FieldRow("Service", TextField(id="service-name", placeholder="my-http-api"), id="row-service-name")
        runtime = ChoiceField(runtimes, prompt="(Serverless's default, nodejs16.x)", id="runtime")
        runtime.extra_label = "{} (AWS no longer creates it)"
        yield FieldRow("Runtime", runtime, id="row-runtime")
        yield FieldRow("Region", TextField(id="region", placeholder="us-east-1"), id="row-region")
        yield FieldRow("Stage", TextField(id="stage", placeholder="dev"), id="row-stage")
        yield FieldRow("Memory (MB)", IntField(id="memory", placeholder="1024"), id="row-memory")
        yield FieldRow("Timeout (s)", IntField(id="timeout", placeholder="6"), id="row-timeout")
        yield FieldRow("Tags", PairsField(kind="tags", id="service-tags", placeholder="team=payments"), id="row-service-tags")

    def reload(self) -> None:
        service = self.session.service
        provider = service.provider
        for selector, value, path in (
            ("#service-name", service.service, ("service",)),
            *((selector, getattr(provider, attribute), ("provider", Provider.yaml_key(attribute))) for selector, attribute in (
                ("#runtime", "runtime"), ("#region", "region"), ("#stage", "stage"),
                ("#memory", "memory_size"), ("#timeout", "timeout"), ("#service-tags", "tags"),
            )),
        ):
            field = self.query_one(selector)
            field.path = path
            field.show(value)

    @on(Input.Changed, "#service-name")
    def _name(self, event: Input.Changed) -> None:
        self.commit(event.input, self.session.service.service, lambda v, g: self.session.set_service("name", v, g))

    @on(Select.Changed, "#runtime")
    def _runtime(self, event: Select.Changed) -> None:
        self.commit(event.select, self.session.service.provider.runtime, lambda v, g: self.session.set_service("runtime", v))

    @on(Input.Changed, "#region")
    def _region(self, event: Input.Changed) -> None:
        self.commit(event.input, self.session.service.provider.region, lambda v, g: self.session.set_service("region", v, g))

    @on(Input.Changed, "#stage")
    def _stage(self, event: Input.Changed) -> None:
        self.commit(event.input, self.session.service.provider.stage, lambda v, g: self.session.set_service("stage", v, g))

    @on(Input.Changed, "#memory")
    def _memory(self, event: Input.Changed) -> None:
        self.commit(event.input, self.session.service.provider.memory_size,
                    lambda v, g: self.session.set_service("memory_size", v, g))

    @on(Input.Changed, "#timeout")
    def _timeout(self, event: Input.Changed) -> None:
        self.commit(event.input, self.session.service.provider.timeout, lambda v, g: self.session.set_service("timeout", v, g))

    @on(TextArea.Changed, "#service-tags")
    def _tags(self, event: TextArea.Changed) -> None:
        self.commit(event.text_area, self.session.service.provider.tags, lambda v, g: self.session.set_service("tags", v, g))
