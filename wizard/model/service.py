"""The service as httpapi-wizard understands it: plain typed objects.

The classes are Records (see record.py): declared like dataclasses, free to import.
Values are as Serverless sees them after variable resolution and its schema's type
coercion. Where Serverless passes a value through to CloudFormation untouched
(environment values, IAM statements, ``resources``), the model keeps the raw JSON value.
``None`` means "not set"; the compiler applies Serverless's defaults, so that the model
can be written back as YAML without inventing keys the user never wrote.

Every object keeps ``path``, its place in the config, so diagnostics can be located.
"""

from __future__ import annotations

from .record import Record, factory

# A CloudFormation intrinsic (``{"Ref": ...}``) or a plain string.
CfnValue = object


class Cors(Record):
    """``provider.httpApi.cors`` in object form; ``cors: true`` is ``Cors(is_default=True)``."""

    is_default: bool = False
    allowed_origins: list[str] | None = None
    allowed_headers: list[str] | None = None
    allowed_methods: list[str] | None = None
    allow_credentials: bool | None = None
    exposed_response_headers: list[str] | None = None
    max_age: int | None = None
    path: tuple = ("provider", "httpApi", "cors")


JWT = "jwt"
REQUEST = "request"
AWS_IAM = "aws_iam"


class Authorizer(Record):
    """An entry of ``provider.httpApi.authorizers``; ``key`` is its key in that mapping."""

    key: str
    type: str = JWT  # anything but "request" compiles as JWT, as in Serverless
    name: str | None = None
    identity_source: CfnValue | list | None = None
    issuer_url: CfnValue | None = None
    audience: CfnValue | list | None = None
    function_name: str | None = None
    function_arn: CfnValue | None = None
    managed_externally: bool | None = None
    result_ttl_in_seconds: int | None = None
    enable_simple_responses: bool | None = None
    payload_version: str | None = None
    # The ``type`` key as written (None when left out): needed to write YAML back.
    declared_type: str | None = None
    path: tuple = ()

    @property
    def effective_name(self) -> str:
        return self.name if self.name else self.key


class RouteAuthorizer(Record):
    """The ``authorizer`` of an httpApi event: a reference by name, an external id, or IAM."""

    name: str | None = None
    id: CfnValue | None = None
    type: str | None = None
    scopes: list[str] | None = None
    # True when written as a bare string (``authorizer: myAuth``).
    shorthand: bool = False
    path: tuple = ()


class HttpApiEvent(Record):
    """One ``httpApi`` event of a function.

    ``method`` and ``path`` are as written (``None`` when absent); ``shorthand`` keeps
    the string form ``'GET /x'`` or ``'*'`` so it can be written back the same way.
    """

    method: str | None = None
    route_path: str | None = None
    authorizer: RouteAuthorizer | None = None
    shorthand: bool = False
    path: tuple = ()

    @property
    def route_key(self) -> str | None:
        """The key API Gateway uses: ``GET /x``, or ``*`` for the catch-all."""
        if self.route_path == "*":
            return "*"
        if not self.method:
            return None
        method = str(self.method).upper()
        return f"{'ANY' if method == '*' else method} {self.route_path}"


class Function(Record):
    """A function of ``functions:``; ``key`` is its key there (the logical-id source)."""

    key: str
    handler: str | None = None
    image: object = None
    name: str | None = None
    description: str | None = None
    runtime: str | None = None
    memory_size: int | None = None
    timeout: int | float | None = None
    architecture: str | None = None
    environment: dict | None = None
    tags: dict | None = None
    role: CfnValue | None = None
    version_function: bool | None = None
    provisioned_concurrency: object = None
    snap_start: bool | None = None
    disable_logs: bool | None = None
    log_retention_in_days: int | None = None
    log_data_protection_policy: dict | None = None
    http_api_payload: str | None = None
    condition: str | None = None
    depends_on: list | None = None
    # ``package`` of the function (``individually``, ``artifact``) as written.
    package: dict | None = None
    events: list[HttpApiEvent] = factory(list)
    # The other events the compiler builds (schedule, sqs, ...: model/events.py), in order.
    triggers: list = factory(list)
    # Event types not compiled, in order, by name (``http``, ``alb``, ...).
    other_events: list[str] = factory(list)
    # Keys the compiler does not implement (``layers``, ``vpc``, ...), by name.
    unsupported: list[str] = factory(list)
    path: tuple = ()


class AccessLogs(Record):
    """``provider.logs.httpApi`` when enabled; ``format`` None means Serverless's default."""

    format: str | None = None
    path: tuple = ("provider", "logs", "httpApi")


class HttpApiSettings(Record):
    """``provider.httpApi``."""

    id: CfnValue | None = None
    name: str | None = None
    payload: str | None = None
    cors: Cors | None = None
    authorizers: dict[str, Authorizer] = factory(dict)
    metrics: bool | None = None
    disable_default_endpoint: bool | None = None
    should_start_name_with_service: bool | None = None
    use_provider_tags: bool | None = None


class Iam(Record):
    """The execution role settings that shape ``IamRoleLambdaExecution``."""

    statements: list | None = None
    managed_policies: list | None = None
    role_name: CfnValue | None = None
    role_path: str | None = None
    permissions_boundary: CfnValue | None = None
    role_tags: dict | None = None
    # An existing role (ARN string, or a CloudFormation reference): no role is created.
    existing_role: CfnValue | None = None


class DeploymentBucket(Record):
    """``provider.deploymentBucket`` as a name or in its object form."""

    name: str | None = None
    block_public_access: bool | None = None
    skip_policy_setup: bool | None = None
    versioning: bool | None = None
    tags: dict | None = None


class Provider(Record):
    """``provider``: the settings we compile; unset values stay None (defaults come later)."""

    stage: str | None = None
    region: str | None = None
    runtime: str | None = None
    memory_size: int | None = None
    timeout: int | float | None = None
    architecture: str | None = None
    environment: dict | None = None
    tags: dict | None = None
    stack_tags: dict | None = None
    stack_name: str | None = None
    log_retention_in_days: int | None = None
    log_data_protection_policy: dict | None = None
    version_functions: bool | None = None
    deployment_bucket: DeploymentBucket | None = None
    deployment_prefix: str | None = None
    iam: Iam = factory(Iam)
    # ``provider.role`` present at all (even empty) means no generated role.
    has_role_key: bool = False
    http_api: HttpApiSettings = factory(HttpApiSettings)
    access_logs: AccessLogs | None = None
    # The provider's settings of the event kinds (model/events.py).
    events: object = None
    unsupported: list[str] = factory(list)


class Service(Record):
    """The whole service: what the compiler, the checks and the wizard work on."""

    service: str
    provider: Provider = factory(Provider)
    functions: dict[str, Function] = factory(dict)
    resources: object = None
    # Top-level ``package`` (``individually``, ``artifact``) as written.
    package: dict | None = None
    # Top-level keys the compiler does not implement (``plugins``, ``layers``, ...).
    unsupported: list[str] = factory(list)
    # What the Serverless CLI would be run with.
    cli_stage: str | None = None
    cli_region: str | None = None

    @property
    def stage(self) -> str:
        return self.cli_stage or self.provider.stage or "dev"

    @property
    def region(self) -> str:
        return self.cli_region or self.provider.region or "us-east-1"

    def http_api_events(self):
        """Every (function, event) pair in declaration order, as Serverless walks them."""
        for function in self.functions.values():
            for event in function.events:
                yield function, event
