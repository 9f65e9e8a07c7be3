"""Refusals a screen shows to the cashier: each message says what and what to do."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


class ServiceError(Exception):
    """Base of every refusal; ``str(error)`` is meant for the screen."""


class InvalidInput(ServiceError):
    """A value typed or scanned that cannot be used (bad quantity, unknown barcode ...)."""


class NotFound(ServiceError):
    """A product, receipt, parked sale or user that does not exist."""


class NotAllowed(ServiceError):
    """The signed-in role may never do this (not even with approval)."""


class NotSignedIn(ServiceError):
    """The terminal is locked or nobody is signed in."""


class WrongPin(ServiceError):
    """The PIN matched nobody; ``attempts_left`` before the lockout."""

    def __init__(self, message: str, *, attempts_left: int) -> None:
        super().__init__(message)
        self.attempts_left = attempts_left


class LockedOut(ServiceError):
    """Too many wrong PINs: no login until ``until`` (UTC)."""

    def __init__(self, message: str, *, until: datetime) -> None:
        super().__init__(message)
        self.until = until


@dataclass(frozen=True)
class ApprovalRequest:
    """What needs a manager: ``action`` (e.g. "discount") and a human ``reason``."""

    action: str
    reason: str


class ApprovalNeeded(ServiceError):
    """Above the role's limit: get ``Auth.approve(pin=..., action=request.action)``
    and call again with ``approval=``."""

    def __init__(self, request: ApprovalRequest) -> None:
        super().__init__(request.reason)
        self.request = request


class ShiftState(ServiceError):
    """No open shift (open one first), or one is open already, or it is closing."""


class PaymentError(ServiceError):
    """Tenders that do not settle the sale (too little, card above the total ...)."""


class ReturnRefused(ServiceError):
    """A return asking for more than was sold or paid, or for an unknown receipt."""


class NotSaved(ServiceError):
    """The device could not store it (storage full, database busy, disk error):
    nothing was recorded, so the sale, count or parked cart is still there to
    try again. ``reason`` says what happened, ``advice`` what to do."""

    def __init__(self, message: str, *, reason: str, advice: str) -> None:
        super().__init__(message)
        self.reason, self.advice = reason, advice

    @classmethod
    def of(cls, what: str, *, reason: str, advice: str, then: str = "try again") -> NotSaved:
        """``what`` (e.g. "The sale") was not saved because of ``reason``; the message
        ends with ``advice`` and what to do ``then``."""
        return cls(
            f"{what} was NOT saved: {reason}. Nothing was recorded; {advice}, then {then}.",
            reason=reason,
            advice=advice,
        )
