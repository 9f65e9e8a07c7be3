"""``UserDirectory`` and ``PaymentMethods`` over the replica, and role limits as data.

A user's role is the ``code`` of its synced role, matched without regard to case
(``CASHIER`` in head office's CSV is the terminal's cashier): cashier, manager, rep, admin;
payment-method codes likewise (``CASH`` is the screen's ``cash``).
What the role may do alone comes from the role's synced ``permissions``; the
numeric limits (discount and price override percent) from the terminal's config
(``[terminal.limits.<role>]``: ``max_discount_percent``, ``max_override_percent``,
``max_void_amount`` in the till's currency), since the role table has no numbers yet.
Permission "void" lets a role cancel a whole sale alone; voiding a line before
payment is allowed to every seller unless the config sets ``can_void_line = false``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from sqlalchemy import select

from kassa.sync.models import PaymentMethod, Role, User
from kassa.sync.replica.engine import Replica
from kassa.sync.replica.unit_of_work import reading
from kassa.terminal.services.ports import PaymentMethodRecord, UserRecord
from kassa.terminal.services.roles import DEFAULT_LIMITS, RoleLimits

U, R, M = (m.__table__ for m in (User, Role, PaymentMethod))  # type: ignore[attr-defined]


class ReplicaUsers:
    def __init__(self, replica: Replica) -> None:
        self.replica = replica

    def users(self) -> Sequence[UserRecord]:
        query = select(U.c.id, U.c.name, U.c.pin_hash, U.c.active, R.c.code).join_from(
            U, R, R.c.id == U.c.role_id
        )
        with reading(self.replica) as connection:
            return [
                UserRecord(row.id, row.name, row.code.lower(), row.pin_hash, bool(row.active))
                for row in connection.execute(query.order_by(U.c.name))
            ]

    def permissions(self) -> dict[str, list[str]]:
        with reading(self.replica) as connection:
            return {
                row.code.lower(): list(row.permissions or [])
                for row in connection.execute(select(R))
            }


def limits_from(
    permissions: Mapping[str, Sequence[str]], config: Mapping[str, Mapping[str, Any]]
) -> dict[str, RoleLimits]:
    """Role limits: synced permissions say what a role may do alone; config the numbers."""
    limits: dict[str, RoleLimits] = {}
    for role in {*DEFAULT_LIMITS, *permissions, *config}:
        base = DEFAULT_LIMITS.get(role, RoleLimits(can_sell=False))
        numbers = config.get(role, {})
        granted = set(permissions.get(role, ()))
        synced = role in permissions

        def may(name: str, default: bool, *, _granted=granted, _synced=synced) -> bool:
            return name in _granted if _synced else default

        limits[role] = RoleLimits(
            max_discount_percent=Decimal(
                str(numbers.get("max_discount_percent", base.max_discount_percent))
            )
            if may("discount", True)
            else Decimal(0),
            max_override_percent=Decimal(
                str(numbers.get("max_override_percent", base.max_override_percent))
            )
            if may("price_override", True)
            else Decimal(0),
            max_void_amount=_amount(numbers.get("max_void_amount", base.max_void_amount)),
            can_sell=may("sell", base.can_sell),
            can_void_line=bool(numbers.get("can_void_line", base.can_void_line)),
            can_cancel_sale=may("void", base.can_cancel_sale),
            can_return=may("return", base.can_return),
            can_cash_move=may("cash_movement", base.can_cash_move),
            can_open_drawer=may("cash_movement", base.can_open_drawer),
            can_close_shift=may("close_shift", base.can_close_shift),
            can_approve=bool(numbers.get("can_approve", base.can_approve)),
        )
    return limits


def _amount(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


class ReplicaPaymentMethods:
    def __init__(self, replica: Replica) -> None:
        self.replica = replica

    def methods(self) -> Sequence[PaymentMethodRecord]:
        with reading(self.replica) as connection:
            rows = connection.execute(select(M).order_by(M.c.position, M.c.code))
            return [
                PaymentMethodRecord(row.code.lower(), row.name, row.kind, bool(row.opens_drawer))
                for row in rows
            ]
