"""Roles and their limits. Limits are data: ``RoleLimits`` rows come from the synced
roles (or the terminal config); the defaults below only fill what the data leaves out.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from enum import StrEnum


class Role(StrEnum):
    CASHIER = "cashier"
    MANAGER = "manager"
    REP = "rep"
    ADMIN = "admin"


@dataclass(frozen=True)
class RoleLimits:
    """What a role may do without a manager.

    ``max_discount_percent``: the largest line or sale discount, in percent of the
    price. ``max_override_percent``: how far a price override may go below the
    catalog price, in percent. ``max_void_amount``: the largest line (price times
    quantity, in the till's currency) the role may remove from a sale alone; None
    is no limit. ``can_*`` False means "needs approval", except
    ``can_sell`` and ``can_approve``, which no approval replaces.
    """

    max_discount_percent: Decimal = Decimal("0")
    max_override_percent: Decimal = Decimal("0")
    max_void_amount: Decimal | None = None
    can_sell: bool = True
    can_void_line: bool = True
    can_cancel_sale: bool = False
    can_return: bool = False
    can_cash_move: bool = False
    can_open_drawer: bool = False
    can_close_shift: bool = False
    can_approve: bool = False


DEFAULT_LIMITS: dict[str, RoleLimits] = {
    Role.CASHIER: RoleLimits(
        max_discount_percent=Decimal("10"),
        max_override_percent=Decimal("0"),
        max_void_amount=Decimal("20"),
    ),
    Role.MANAGER: RoleLimits(
        max_discount_percent=Decimal("100"),
        max_override_percent=Decimal("100"),
        can_cancel_sale=True,
        can_return=True,
        can_cash_move=True,
        can_open_drawer=True,
        can_close_shift=True,
        can_approve=True,
    ),
    Role.ADMIN: RoleLimits(
        max_discount_percent=Decimal("100"),
        max_override_percent=Decimal("100"),
        can_cancel_sale=True,
        can_return=True,
        can_cash_move=True,
        can_open_drawer=True,
        can_close_shift=True,
        can_approve=True,
    ),
    Role.REP: RoleLimits(can_sell=False),
}


@dataclass(frozen=True)
class Operator:
    """Who is signed in at the terminal."""

    user_id: uuid.UUID
    name: str
    role: Role
    limits: RoleLimits

    def as_payload(self) -> dict[str, str]:
        return {"id": str(self.user_id), "name": self.name, "role": str(self.role)}


@dataclass(frozen=True)
class Approval:
    """A manager's yes to one ``action``, from ``Auth.approve``; recorded in the fact."""

    action: str
    manager: Operator
    at: datetime

    def as_payload(self) -> dict[str, str]:
        return {"action": self.action, "by": str(self.manager.user_id), "at": self.at.isoformat()}
