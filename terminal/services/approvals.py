"""Checking an operator's limits, and the manager approval that lifts them."""

from __future__ import annotations

from datetime import timedelta

from kassa.terminal.services.auth import Auth
from kassa.terminal.services.errors import ApprovalNeeded, ApprovalRequest, NotAllowed
from kassa.terminal.services.roles import Approval, Operator

# An approval is for the request in front of the manager, not for later ones.
APPROVAL_VALID = timedelta(minutes=2)


def require(
    auth: Auth, *, allowed: bool, action: str, reason: str, approval: Approval | None
) -> tuple[Operator, dict[str, str] | None]:
    """The operator, and the approval record when one was needed.

    ``allowed`` says whether the operator may do it alone; otherwise ``approval``
    must be a manager's approval of this ``action`` given within ``APPROVAL_VALID``
    (either way: a clock set back does not stretch it), else ``ApprovalNeeded``.
    """
    operator = auth.require()
    if allowed:
        return operator, None
    if approval is None:
        raise ApprovalNeeded(ApprovalRequest(action=action, reason=reason))
    if approval.action != action:
        raise NotAllowed(
            f"That approval was for {approval.action!r}, not {action!r}: ask the manager again"
        )
    if not approval.manager.limits.can_approve:
        raise NotAllowed(f"{approval.manager.name} may not approve: ask a manager")
    if abs(auth.now() - approval.at) > APPROVAL_VALID:  # also when the clock went back
        raise ApprovalNeeded(
            ApprovalRequest(action=action, reason=f"The approval has expired: {reason}")
        )
    return operator, approval.as_payload()
