"""What API Gateway does with one request, from the service's own configuration: one engine
for ``explain`` (the CLI, the wizard's Try a request) and ``run`` (a local server).

The API
-------
``decide(service, http_api, request, *, now=None, verify_jwt=None, authorize=None,
diagnostics=None, gateway=None) -> Explanation``
    Pure: the same arguments give the same answer, and no input raises. ``service`` and
    ``http_api`` are a ``CompileResult``'s; ``request`` a ``Request``; ``now`` the epoch
    seconds JWT times are checked against (default: the clock).

    - ``verify_jwt(token, header, authorizer) -> str | None``: checks a JWT's signature
      (``header`` is the decoded JOSE header, ``authorizer`` the model's Authorizer);
      returns None when it verifies, else why not (401). Without it the signature is
      not checked, and the steps say so.
    - ``authorize(call: AuthorizerCall) -> answer``: runs a Lambda request authorizer
      and returns the function's JSON result; raising (e.g. ``AuthorizerFailed``) means
      the function failed (500). ``call`` has the Authorizer, the Function (when
      ``functionName`` names one), the ``event`` it receives, ``payload``, ``simple``,
      ``cache_key`` and ``ttl``. Wrap it in ``cached(authorize)`` for API Gateway's
      result cache. Without a callback the outcome is ``pending``: the steps say what
      depends on the function, the request is followed as if it allowed with an empty
      context, and ``explanation.auth.authorizer_event`` is its event.
    - ``diagnostics``: the compile's diagnostics; those about the matched route, its
      authorizer, CORS and the payload format become ``explanation.findings``.
    - ``gateway``: what only API Gateway knows (ids, time, the caller's address):
      ``Gateway()`` placeholders by default, ``Gateway.live(source_ip)`` for a server.

``Explanation`` (also ``Decision``)
    ``status`` None when the function is invoked: ``function`` (the model Function),
    ``payload`` ("1.0"/"2.0") and ``event`` (the exact event). Otherwise API Gateway
    answers ``status`` itself with ``response``: ``{"body": {"message": ...}}`` for
    404/401/403/500, ``{"headers": {...}}`` for a CORS preflight (204).
    ``rejected``, ``preflight_answered``, ``match`` (route, parameters, candidates),
    ``auth`` (kind, status, steps, claims, scopes, context, pending,
    authorizer_event), ``cors`` (preflight, allowed, headers, steps), ``findings``,
    ``notes``; ``response_headers(headers)`` turns a function's response headers into
    what the client gets (CORS headers replaced); ``to_dict()`` is ``explain
    --format json``.

``explain(service, http_api, request, now=None, **options)`` is ``decide``;
``to_text(explanation, include_event=True)`` the text ``explain`` prints.

Building blocks, for a server: ``select_route``/``route_table`` (routing),
``cors.response_headers``, ``event.event_v1``/``event_v2``/``authorizer_event``,
``lambda_authorizer.interpret``/``cached``, ``event.is_text`` (which bodies are text).
"""

from .event import Gateway, authorizer_event
from .explain import Decision, Explanation, decide, explain, to_text
from .lambda_authorizer import AuthorizerCall, AuthorizerFailed, cached
from .request import Request, RequestError
from .routing import route_table, select_route

__all__ = [
    "AuthorizerCall", "AuthorizerFailed", "Decision", "Explanation", "Gateway", "Request", "RequestError",
    "authorizer_event", "cached", "decide", "explain", "route_table", "select_route", "to_text",
]
