"""No exception from an action or a handler ends the wizard: it is reported, and the work kept.

Textual stops a widget's message loop (and then the app) on the first exception a
handler lets through. Every handler of the wizard's own widgets runs through ``guarded``
instead: the exception is written to the wizard's log with its traceback and shown in a
notification, and the app goes on. The session needs nothing more: a change that fails
leaves the model as it was (``SessionState.changing``).

``Guarded`` wraps a class's ``action_*`` and ``on_*`` methods when the class is made;
handlers declared with ``@on`` must use this module's ``on`` (Textual collects them
before a class exists).
"""

from __future__ import annotations

import functools
import inspect

from textual import on as textual_on


def _report(node, exc: Exception, where: str) -> None:
    app = getattr(node, "app", None) if not hasattr(node, "report_exception") else node
    reporter = getattr(app, "report_exception", None)
    if reporter is None:
        raise exc
    reporter(exc, where)


def guarded(method):
    """``method`` with any exception it raises reported instead of raised (see the module)."""
    if getattr(method, "_guarded", False):
        return method
    where = method.__qualname__
    if inspect.iscoroutinefunction(method):
        @functools.wraps(method)
        async def wrapper(self, *args, **kwargs):
            try:
                return await method(self, *args, **kwargs)
            except Exception as exc:  # noqa: BLE001 - reported, never raised (see the module)
                _report(self, exc, where)
    else:
        @functools.wraps(method)
        def wrapper(self, *args, **kwargs):
            try:
                return method(self, *args, **kwargs)
            except Exception as exc:  # noqa: BLE001
                _report(self, exc, where)
    wrapper._guarded = True
    return wrapper


def guarded_call(node, callback, where: str | None = None):
    """A plain callable (a dialog's result callback, a timer) that reports instead of raising."""
    label = where or getattr(callback, "__qualname__", repr(callback))

    if inspect.iscoroutinefunction(callback):
        async def run_async(*args, **kwargs):
            try:
                return await callback(*args, **kwargs)
            except Exception as exc:  # noqa: BLE001
                _report(node, exc, label)
        return run_async

    def run(*args, **kwargs):
        try:
            return callback(*args, **kwargs)
        except Exception as exc:  # noqa: BLE001
            _report(node, exc, label)
    return run


def on(*args, **kwargs):
    """Textual's ``@on`` for a guarded handler."""
    def decorate(method):
        return textual_on(*args, **kwargs)(guarded(method))
    return decorate


class Guarded:
    """Mix in first: the class's own ``action_*`` and ``on_*`` methods are guarded."""

    def __init_subclass__(cls, **kwargs) -> None:
        super().__init_subclass__(**kwargs)
        for name, value in list(vars(cls).items()):
            if name.startswith(("action_", "on_")) and inspect.isfunction(value):
                setattr(cls, name, guarded(value))
