"""The base of every view-model: a busy flag, a message line, and service calls off-thread.

A refusal from a service (``ServiceError``) becomes ``error``, a sentence for the
cashier. A call above the role's limit (``ApprovalNeeded``) is handed to the
``approvals`` hook, which asks for a manager PIN and calls again with the approval.
Anything else is a bug: it is logged and shown as a short, honest message.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import Any

from kivy.event import EventDispatcher
from kivy.properties import BooleanProperty, StringProperty

from kassa.terminal.services.errors import ApprovalNeeded, ServiceError
from kassa.terminal.ui.worker import Worker

log = logging.getLogger(__name__)

Then = Callable[[Any], None]


def message_of(exc: BaseException) -> str:
    """What to tell the cashier about ``exc``."""
    if isinstance(exc, ServiceError):
        return str(exc)
    log.error("unexpected error in a service call", exc_info=exc)
    return f"Something went wrong ({type(exc).__name__}). Try again; if it repeats, call support."


def shows_refusals(method: Callable[..., Any]) -> Callable[..., Any]:
    """A view-model method whose own checks (a typed amount ...) may refuse with a
    ``ServiceError``: the refusal becomes ``error`` instead of escaping into Kivy."""

    @functools.wraps(method)
    def wrapper(self: ViewModel, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except ServiceError as exc:
            self.error = str(exc)
            return None

    return wrapper


class ViewModel(EventDispatcher):
    busy = BooleanProperty(False)
    error = StringProperty("")
    info = StringProperty("")

    def __init__(self, *, worker: Worker, approvals: Callable | None = None, **kwargs) -> None:
        super().__init__(**kwargs)
        self.worker = worker
        # approvals(request, retry) asks a manager; retry(approval) repeats the call
        self.approvals = approvals

    def call(
        self,
        fn: Callable[..., Any],
        /,
        *args: Any,
        then: Then | None = None,
        failed: Callable[[BaseException], None] | None = None,
        **kwargs: Any,
    ) -> None:
        """Run ``fn`` off the UI thread; ``then(result)`` runs back on it."""
        self.busy = True
        self.error = ""

        def done(result: Any) -> None:
            self.busy = False
            if then is not None:
                then(result)

        def refused(exc: BaseException) -> None:
            self.busy = False
            if isinstance(exc, ApprovalNeeded) and self.approvals is not None:
                self.approvals(
                    exc.request,
                    lambda approval: self.call(
                        fn, *args, then=then, failed=failed, **{**kwargs, "approval": approval}
                    ),
                )
                return
            self.error = message_of(exc)
            if failed is not None:
                failed(exc)

        self.worker.run(fn, *args, on_done=done, on_error=refused, **kwargs)
