"""Run the service's HTTP API on this machine, as API Gateway and Lambda would.

The library the ``run`` command and the wizard's Send button share (nothing here
imports Textual):

- ``LocalApi(result, service_dir)``: a compiled service, answered locally;
  ``await api.send(request)`` (an ``explaining.Request``) returns an ``Exchange``: the
  engine's decision (the same one ``explain`` shows), the HTTP answer (status, headers,
  body), the function's log and notes on why a request failed; ``api.close()`` stops
  the workers.
- ``server.run(...)``: the HTTP server around it, with access logs and file watching.
"""

__all__ = ["Exchange", "LocalApi"]


def __getattr__(name: str):
    # Imported on first use: the workers and the HTTP layer need none of the engine.
    if name in __all__:
        from . import local_api

        return getattr(local_api, name)
    raise AttributeError(name)
