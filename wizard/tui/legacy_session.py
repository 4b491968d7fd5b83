"""Form helpers of the sections being replaced (wizard/tui/sections/ takes over); removed with them."""

from __future__ import annotations

import copy

from ..authoring.session import Session
from ..model.service import Authorizer, Cors


class LegacySession(Session):
    @staticmethod
    def make_cors(mode: str, origins: list[str] | None = None, credentials: bool = False, *,
                  headers: list[str] | None = None, methods: list[str] | None = None,
                  exposed_headers: list[str] | None = None, max_age: int | None = None) -> Cors | None:
        if mode == "off":
            return None
        if mode == "default":
            return Cors(is_default=True)
        return Cors(allowed_origins=list(origins or []) or None, allowed_headers=list(headers or []) or None,
                    allowed_methods=list(methods or []) or None, allow_credentials=True if credentials else None,
                    exposed_response_headers=list(exposed_headers or []) or None, max_age=max_age)

    def cors_problems(self, cors: Cors | None) -> list[str]:
        """What the compiler and the checks would say about these CORS settings, before applying them."""
        trial = self.trial()
        trial.service.provider.http_api.cors = copy.deepcopy(cors)
        return [d.message for d in trial.compile().diagnostics
                if tuple(d.path[:3]) == ("provider", "httpApi", "cors") and d.severity != "info"]

    def function_problems(self, key: str, handler: str, editing: str | None = None) -> list[str]:
        """What is wrong with a function name and handler, before using them."""
        problems = []
        if not key:
            problems.append("a function needs a name")
        elif not all(c.isalnum() or c in "-_" for c in key):
            problems.append("function names use letters, digits, - and _ only")
        elif key != editing and key in self.service.functions:
            problems.append(f"there is already a function {key!r}")
        else:
            from ..compiling.naming import lambda_logical_id

            clash = [k for k in self.service.functions if k != editing and lambda_logical_id(k) == lambda_logical_id(key)]
            if clash:
                problems.append(f"{key!r} and {clash[0]!r} would get the same CloudFormation id")
        module, _, export = handler.rpartition(".")
        if not module or not export or not export.replace("_", "a").isalnum():
            problems.append("the handler is file.export, e.g. src/users.get")
        return problems

    def make_authorizer(self, key: str, kind: str, *, identity_sources: list[str], issuer_url: str = "",
                        audience: list[str] | None = None, function_name: str | None = None, function_arn: str = "",
                        ttl: int | None = None, simple_responses: bool = False, payload_version: str | None = None,
                        managed_externally: bool = False, replacing: str | None = None) -> Authorizer:
        """An authorizer from form values: ``kind`` is ``jwt`` or ``request``; blanks are "not set".

        Settings the form does not show (``name``, an explicit ``type: jwt``) and explicit
        ``false``/defaults already written in the file are kept, so editing one field of an
        authorizer does not rewrite the others.
        """
        base = self.service.provider.http_api.authorizers.get(replacing or key)

        def unless_default(value, attribute: str, default):
            if value != default:
                return value
            old = getattr(base, attribute) if base is not None else None
            return old if old == default else None  # a default the file spells out stays written

        where = ("provider", "httpApi", "authorizers", key)
        if kind == "jwt":
            source = identity_sources[0] if len(identity_sources) == 1 else (list(identity_sources) or None)
            return Authorizer(key=key, type="jwt", name=base.name if base else None, identity_source=source,
                              issuer_url=issuer_url or None, audience=list(audience or []) or None,
                              declared_type=base.declared_type if base is not None and base.type != "request" else None, path=where)
        return Authorizer(
            key=key, type="request", declared_type="request", name=base.name if base else None,
            function_name=None if function_arn else function_name, function_arn=function_arn or None,
            identity_source=list(identity_sources) or None, result_ttl_in_seconds=ttl,
            enable_simple_responses=unless_default(bool(simple_responses), "enable_simple_responses", False),
            payload_version=unless_default(payload_version or "2.0", "payload_version", "2.0"),
            managed_externally=unless_default(bool(managed_externally), "managed_externally", False), path=where,
        )

    def authorizer_problems(self, authorizer: Authorizer, replacing: str | None = None) -> list[str]:
        """What the compiler and the checks would say about this authorizer, before saving it."""
        key = authorizer.key
        if not key:
            return ["an authorizer needs a name (its key under provider.httpApi.authorizers)"]
        if not all(c.isalnum() or c in "-_" for c in key):
            return ["authorizer names use letters, digits, - and _ only"]
        if key != replacing and key in self.service.provider.http_api.authorizers:
            return [f"there is already an authorizer {key!r}: select it in the table to edit it"]
        if authorizer.type == "request" and not (authorizer.function_name or authorizer.function_arn):
            return ["pick the function that decides, or give the ARN of one"]
        trial = self.trial()
        trial.set_authorizer(copy.deepcopy(authorizer), replacing)
        where = ("provider", "httpApi", "authorizers", key)
        return [d.message for d in trial.compile().diagnostics
                if tuple(d.path[:4]) == where and d.severity != "info" and d.code != "HTTPAPI-AUTHORIZER-UNUSED"]

