"""The frame around the screens: which screen shows, who is signed in, manager approvals.

Screens change by setting ``screen``; the ``ScreenManager`` follows it. A service
call that needs a manager (``ApprovalNeeded``) lands in ``ask_approval``: the
approval dialog shows ``approval_reason``, takes a manager PIN, gets an
``Approval`` from ``auth.approve`` and repeats the refused call with it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kivy.properties import BooleanProperty, StringProperty

from kassa.terminal.services.errors import ApprovalRequest
from kassa.terminal.ui.viewmodels.base import ViewModel


class ShellViewModel(ViewModel):
    screen = StringProperty("login")
    operator_text = StringProperty("")  # "Anna · cashier"
    approval_reason = StringProperty("")
    approval_open = BooleanProperty(False)

    def __init__(self, *, auth: Any, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.auth = auth
        self._pending: tuple[ApprovalRequest, Callable[[Any], None]] | None = None

    def go(self, screen: str) -> None:
        self.error = ""
        self.screen = screen

    # -- manager approval ----------------------------------------------------
    def ask_approval(self, request: ApprovalRequest, retry: Callable[[Any], None]) -> None:
        self._pending = (request, retry)
        self.approval_reason = request.reason
        self.error = ""
        self.approval_open = True

    def approve(self, pin: str) -> None:
        if self._pending is None:
            return
        request, retry = self._pending

        def approved(approval: Any) -> None:
            self._pending = None
            self.approval_open = False
            retry(approval)

        self.call(self.auth.approve, pin=pin, action=request.action, then=approved)

    def decline(self) -> None:
        self._pending = None
        self.approval_open = False
        self.error = ""
